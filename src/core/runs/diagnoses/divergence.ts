import { defineDiagnosis, th, type Diagnosis, type DiagnosisMeta } from './diagnosis';
import { fmt, medianOfPart, rollingMedian, trend } from '../stats';

export const divergenceMeta = {
  id: 'divergence',
  title: { en: 'Training loss diverging', zh: '训练损失发散' },
  docs: {
    detects: {
      en: 'The smoothed training loss reaches its minimum, then climbs steadily (rank trend ≥ `minTrend`) to at least `riseRatio` × that minimum by the end of the run.',
      zh: '平滑后的训练损失到达最低点后持续上升（秩相关趋势 ≥ `minTrend`），到运行结束时至少是最低点的 `riseRatio` 倍。',
    },
    why: {
      en: 'A loss that trends up while training is the optimizer overshooting: the learning rate is too high for this point of training (no decay, no warmup) or gradients are not bounded.',
      zh: '训练中损失持续上升说明优化器步子过大：在当前阶段学习率过高（没有衰减、没有预热），或梯度没有被限制。',
    },
  },
  severity: 'warning',
  advice: ['2#6', '2#1', '9#2'],
  relatedRules: ['lr-schedule', 'grad-clip'],
  needs: ['train_loss'],
  thresholds: {
    riseRatio: th(1.5, 'The final loss (median of the last 10 %) is at least this multiple of the smoothed minimum.', '最终损失（最后 10% 的中位数）至少是平滑最低点的这个倍数。'),
    minTrend: th(0.6, 'Rank correlation of the smoothed loss with the step after the minimum.', '最低点之后平滑损失与步数的秩相关系数下限。'),
    minTail: th(0.1, 'Fraction of the run that must come after the minimum.', '最低点之后至少要占运行的比例。'),
    minPoints: th(30, 'Fewest logged points before the diagnosis speaks.', '至少需要的记录点数。'),
  },
} satisfies DiagnosisMeta;

export const divergence: Diagnosis = /* @__PURE__ */ defineDiagnosis(divergenceMeta, {
  detect(view, t) {
    const c = view.curve('train_loss');
    const n = c.med.length;
    if (c.points < t.minPoints || n < 10) return [];
    const smooth = rollingMedian(c.med, Math.max(5, Math.round(n / 20)));
    let best = 0;
    for (let i = 1; i < n; i++) if (smooth[i] < smooth[best]) best = i;
    const min = smooth[best];
    const final = medianOfPart(c.med, 0.9, 1);
    if (!(min > 0) || n - best < n * t.minTail) return [];
    const tr = trend(smooth.slice(best));
    if (final < min * t.riseRatio || tr < t.minTrend) return [];
    return [{
      series: 'train_loss',
      startStep: c.steps[best],
      endStep: c.endSteps[n - 1],
      message: {
        en: `train_loss bottomed out at ${fmt(min)} around step ${c.steps[best]} and climbed to ${fmt(final)} (${fmt(final / min)}×) by the end of the run.`,
        zh: `train_loss 在第 ${c.steps[best]} 步附近降到最低 ${fmt(min)}，之后一路升到 ${fmt(final)}（${fmt(final / min)} 倍）。`,
      },
      evidence: { minStep: c.steps[best], minLoss: min, finalLoss: final, ratio: final / min, trend: tr },
    }];
  },
});
