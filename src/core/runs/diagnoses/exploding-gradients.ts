import { defineDiagnosis, th, type Diagnosis, type DiagnosisMeta, type Found } from './diagnosis';
import { fmt, median, medianOfPart, trend } from '../stats';

export const explodingGradientsMeta = {
  id: 'exploding-gradients',
  title: { en: 'Exploding gradients', zh: '梯度爆炸' },
  docs: {
    detects: {
      en: 'The gradient norm spikes above `spikeRatio` × its rolling median at least `minSpikes` times, or grows steadily (rank trend ≥ `minTrend`) by `growth`× from the start of the run to its end.',
      zh: '梯度范数至少 `minSpikes` 次超过滚动中位数的 `spikeRatio` 倍，或从运行开始到结束稳定增长（秩相关 ≥ `minTrend`）达 `growth` 倍。',
    },
    why: {
      en: 'Large gradient norms mean single steps that move the weights far: the loss spikes, diverges or turns NaN. Clip the gradient norm (clip_grad_norm_) and check the learning rate.',
      zh: '梯度范数过大意味着单步更新把权重推得很远：损失出现尖峰、发散或变成 NaN。应裁剪梯度范数（clip_grad_norm_）并检查学习率。',
    },
  },
  severity: 'warning',
  advice: ['9#5', '9#2', '9#3'],
  relatedRules: ['grad-clip'],
  needs: ['grad_norm'],
  thresholds: {
    window: th(20, 'Points in the rolling window for the median.', '滚动中位数窗口点数。'),
    spikeRatio: th(10, 'A gradient spike is above this multiple of the rolling median.', '梯度尖峰需超过滚动中位数的这个倍数。'),
    minSpikes: th(3, 'Fewest spikes for the spike form of the diagnosis.', '尖峰形式至少需要的尖峰次数。'),
    growth: th(10, 'End/start ratio of the median gradient norm for the growth form.', '增长形式中结束/开始梯度范数中位数之比。'),
    minTrend: th(0.8, 'Rank correlation with the step for the growth form.', '增长形式与步数的秩相关下限。'),
    minPoints: th(20, 'Fewest logged points before the diagnosis speaks.', '至少需要的记录点数。'),
  },
} satisfies DiagnosisMeta;

export const explodingGradients: Diagnosis = /* @__PURE__ */ defineDiagnosis(explodingGradientsMeta, {
  detect(view, t) {
    const c = view.curve('grad_norm');
    const n = c.med.length;
    if (c.points < t.minPoints || n < 10) return [];
    const spikes: number[] = [];
    for (let i = Math.min(t.window, Math.floor(n / 4)); i < n; i++) {
      const base = median(c.med.slice(Math.max(0, i - t.window), i));
      if (base > 0 && c.max[i] > base * t.spikeRatio) spikes.push(i);
    }
    const out: Found[] = [];
    if (spikes.length >= t.minSpikes) {
      const peak = Math.max(...spikes.map((i) => c.max[i]));
      const base = median(c.med);
      out.push({
        series: 'grad_norm',
        startStep: c.steps[spikes[0]],
        endStep: c.endSteps[spikes[spikes.length - 1]],
        message: {
          en: `grad_norm spiked above ${t.spikeRatio}× its rolling median ${spikes.length} times between steps ${c.steps[spikes[0]]} and ${c.endSteps[spikes[spikes.length - 1]]} (peak ${fmt(peak)}, typical ${fmt(base)}).`,
          zh: `grad_norm 在第 ${c.steps[spikes[0]]}–${c.endSteps[spikes[spikes.length - 1]]} 步之间 ${spikes.length} 次超过滚动中位数的 ${t.spikeRatio} 倍（峰值 ${fmt(peak)}，常见值 ${fmt(base)}）。`,
        },
        evidence: { form: 'spikes', spikes: spikes.length, firstSpikeStep: c.steps[spikes[0]], peak, typical: base },
      });
      return out;
    }
    const start = medianOfPart(c.med, 0, 0.1);
    const end = medianOfPart(c.med, 0.9, 1);
    const tr = trend(c.med);
    if (start > 0 && end >= start * t.growth && tr >= t.minTrend) {
      out.push({
        series: 'grad_norm',
        startStep: c.steps[0],
        endStep: c.endSteps[n - 1],
        message: {
          en: `grad_norm grew steadily from ${fmt(start)} to ${fmt(end)} (${fmt(end / start)}×) over the run.`,
          zh: `grad_norm 在整个运行中从 ${fmt(start)} 稳定增长到 ${fmt(end)}（${fmt(end / start)} 倍）。`,
        },
        evidence: { form: 'growth', start, end, growth: end / start, trend: tr },
      });
    }
    return out;
  },
});
