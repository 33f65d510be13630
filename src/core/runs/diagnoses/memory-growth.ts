import { defineDiagnosis, th, type Diagnosis, type DiagnosisMeta } from './diagnosis';
import { fmt, medianOfPart, trend } from '../stats';

export const memoryGrowthMeta = {
  id: 'memory-growth',
  title: { en: 'Memory grows steadily', zh: '内存持续增长' },
  docs: {
    detects: {
      en: 'Allocated memory, after the first 10 % of the run, climbs steadily (rank trend ≥ `minTrend`) by `minGrowth` or more from its early level to the end.',
      zh: '运行前 10% 之后，已分配内存稳定上升（秩相关 ≥ `minTrend`），从早期水平到结束增长 `minGrowth` 以上。',
    },
    why: {
      en: 'Memory that only grows is a leak: tensors kept alive across steps (accumulating `loss` instead of `loss.item()`, evaluation without torch.no_grad(), growing lists of outputs). It ends in an out-of-memory crash.',
      zh: '只增不减的内存是泄漏：张量被跨步保留（累加 `loss` 而不是 `loss.item()`、评估时没有 torch.no_grad()、不断增长的输出列表），最终会 OOM 崩溃。',
    },
  },
  severity: 'warning',
  advice: ['29#4', '29#3'],
  relatedRules: ['eval-no-grad'],
  needs: ['memory'],
  thresholds: {
    minGrowth: th(0.2, 'Relative growth from the early level to the end.', '从早期水平到结束的相对增长。'),
    minTrend: th(0.9, 'Rank correlation of memory with the step.', '内存与步数的秩相关下限。'),
    minPoints: th(20, 'Fewest logged points before the diagnosis speaks.', '至少需要的记录点数。'),
  },
} satisfies DiagnosisMeta;

export const memoryGrowth: Diagnosis = /* @__PURE__ */ defineDiagnosis(memoryGrowthMeta, {
  detect(view, t) {
    const c = view.curve('memory');
    const n = c.med.length;
    if (c.points < t.minPoints || n < 20) return [];
    const body = c.med.slice(Math.floor(n * 0.1));
    const start = medianOfPart(body, 0, 0.1);
    const end = medianOfPart(body, 0.9, 1);
    const tr = trend(body);
    if (!(start > 0) || end < start * (1 + t.minGrowth) || tr < t.minTrend) return [];
    const from = c.steps[Math.floor(n * 0.1)];
    const to = c.endSteps[n - 1];
    const per1k = to > from ? ((end - start) / (to - from)) * 1000 : 0;
    return [{
      series: 'memory',
      startStep: from,
      endStep: to,
      message: {
        en: `Memory climbed steadily from ${fmt(start)} to ${fmt(end)} (+${Math.round((end / start - 1) * 100)} %, ${fmt(per1k)} per 1000 steps) between steps ${from} and ${to}.`,
        zh: `第 ${from}–${to} 步之间内存从 ${fmt(start)} 稳定增长到 ${fmt(end)}（+${Math.round((end / start - 1) * 100)}%，每 1000 步 ${fmt(per1k)}）。`,
      },
      evidence: { start, end, growth: end / start - 1, perThousandSteps: per1k, trend: tr },
    }];
  },
});
