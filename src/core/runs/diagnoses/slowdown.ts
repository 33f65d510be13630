import { defineDiagnosis, th, type Diagnosis, type DiagnosisMeta, type Found } from './diagnosis';
import { fmt, medianOfPart, rollingMedian } from '../stats';

export const slowdownMeta = {
  id: 'slowdown',
  title: { en: 'Throughput dropped mid-run', zh: '训练中途吞吐量下降' },
  docs: {
    detects: {
      en: 'The smoothed throughput (tokens/samples/iterations per second, or 1 / step time) falls `drop` or more below its early level (median of 5–30 % of the run) and stays there for at least `minPoints` points and `minFraction` of the run.',
      zh: '平滑后的吞吐量（每秒 token/样本/迭代数，或 1/单步耗时）比早期水平（运行 5–30% 区间的中位数）低 `drop` 以上，并持续至少 `minPoints` 个点且不少于运行的 `minFraction`。',
    },
    why: {
      en: 'Steps that get slower mid-run point at the input pipeline (too few DataLoader workers, data on a slow disk, growing Python-side caches), thermal throttling, or memory pressure.',
      zh: '训练中途变慢通常是输入管线问题（DataLoader worker 太少、数据在慢速磁盘、Python 侧缓存增长）、降频或内存压力。',
    },
  },
  severity: 'information',
  advice: ['4#3', '22#5'],
  relatedRules: ['dataloader-workers'],
  needs: ['throughput'],
  thresholds: {
    drop: th(0.3, 'Relative drop below the early level.', '相对早期水平的下降比例。'),
    minPoints: th(5, 'Points the drop must last…', '下降至少持续的点数……'),
    minFraction: th(0.1, '…and the fraction of the run it must last (a busy machine slows a few steps; that is no slowdown).', '……以及至少持续的运行比例（机器忙导致几步变慢不算）。'),
    minSeries: th(20, 'Fewest logged points before the diagnosis speaks.', '至少需要的记录点数。'),
  },
} satisfies DiagnosisMeta;

export const slowdown: Diagnosis = /* @__PURE__ */ defineDiagnosis(slowdownMeta, {
  detect(view, t) {
    // Throughput as logged, else derived from the step time printed logs carry (`time 34ms`).
    const name = view.series('throughput') ? 'throughput' : 'step_time_ms';
    const c = view.curve(name);
    // A step time of 0 (a printed "0.00ms") has no rate: it is left out rather than turned into Infinity/NaN.
    const keep = c.med.map((v) => v > 0);
    const med = (name === 'throughput' ? c.med : c.med.map((v) => 1000 / v)).filter((_, i) => keep[i]);
    const at = c.steps.filter((_, i) => keep[i]);
    const endAt = c.endSteps.filter((_, i) => keep[i]);
    const n = med.length;
    if (c.points < t.minSeries || n < 20) return [];
    const base = medianOfPart(med, 0.05, 0.3);
    if (!(base > 0)) return [];
    const smooth = rollingMedian(med, Math.max(3, Math.round(n / 20)));
    const low = base * (1 - t.drop);
    const from = Math.floor(n * 0.3);
    for (let i = from; i < n; i++) {
      if (!(smooth[i] < low)) continue;
      let j = i;
      while (j + 1 < n && smooth[j + 1] < low) j++;
      if (j - i + 1 < Math.max(t.minPoints, n * t.minFraction)) {
        i = j;
        continue;
      }
      const level = medianOfPart(med.slice(i, j + 1), 0, 1);
      const out: Found = {
        series: name,
        startStep: at[i],
        endStep: endAt[j],
        message: {
          en: `Throughput fell from ${fmt(base)} to ${fmt(level)} per second (−${Math.round((1 - level / base) * 100)} %) from step ${at[i]}${j === n - 1 ? ' to the end of the run' : ` to step ${endAt[j]}`}.`,
          zh: `吞吐量从第 ${at[i]} 步起由每秒 ${fmt(base)} 降到 ${fmt(level)}（下降 ${Math.round((1 - level / base) * 100)}%）${j === n - 1 ? '，直到运行结束' : `，持续到第 ${endAt[j]} 步`}。`,
        },
        evidence: { baseline: base, level, drop: 1 - level / base, recovered: j < n - 1 },
      };
      return [out];
    }
    return [];
  },
});

