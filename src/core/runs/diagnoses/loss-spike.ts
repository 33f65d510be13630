import { defineDiagnosis, th, type Diagnosis, type DiagnosisMeta, type Found } from './diagnosis';
import { fmt, median } from '../stats';

export const lossSpikeMeta = {
  id: 'loss-spike',
  title: { en: 'Loss spike', zh: '损失尖峰' },
  docs: {
    detects: {
      en: 'The training loss jumps far above its rolling median (by `ratio` and by `madK` robust deviations), and whether it came back within `recoverWithin` points.',
      zh: '训练损失突然跳到远高于滚动中位数的位置（超过 `ratio` 倍且超过 `madK` 个稳健偏差），并判断它是否在 `recoverWithin` 个点内恢复。',
    },
    why: {
      en: 'A spike is one bad batch or one too-large update blowing up the weights; unrecovered spikes turn into divergence or NaN. Gradient clipping and a lower or warmed-up learning rate prevent them.',
      zh: '尖峰通常是某个异常批次或一次过大的更新把权重推坏；不能恢复的尖峰会演变成发散或 NaN。梯度裁剪、降低学习率或加预热可以避免。',
    },
  },
  severity: 'warning',
  advice: ['9#5', '2#6'],
  relatedRules: ['grad-clip', 'lr-schedule'],
  needs: ['train_loss'],
  thresholds: {
    window: th(20, 'Points in the rolling window the median is taken over.', '计算滚动中位数的窗口点数。'),
    ratio: th(2, 'A spike is above ratio × the rolling median…', '尖峰需高于滚动中位数的 ratio 倍……'),
    madK: th(8, '…and above the median + madK × the robust deviation (1.4826 × MAD) of the window.', '……且高于中位数加 madK 倍窗口稳健偏差（1.4826 × MAD）。'),
    recoverWithin: th(20, 'Points after the spike within which the loss must return below 1.2 × the median to count as recovered.', '尖峰后在多少个点内回到中位数 1.2 倍以下才算恢复。'),
    minPoints: th(30, 'Fewest logged points before the diagnosis speaks.', '至少需要的记录点数。'),
    minJump: th(0.05, 'The jump above the median is at least this fraction of the run\'s loss range (so noise at a loss of 1e-12 is no spike).', '跳升幅度至少为整个运行损失范围的这个比例（避免把 1e-12 量级的噪声当成尖峰）。'),
    maxReports: th(5, 'At most this many spikes are reported per run.', '每个运行最多报告的尖峰数。'),
  },
} satisfies DiagnosisMeta;

export const lossSpike: Diagnosis = /* @__PURE__ */ defineDiagnosis(lossSpikeMeta, {
  detect(view, t) {
    const c = view.curve('train_loss');
    const n = c.med.length;
    if (c.points < t.minPoints || n <= t.window) return [];
    const out: Found[] = [];
    const range = Math.max(...c.med) - Math.min(...c.med);
    let i = t.window;
    while (i < n && out.length < t.maxReports) {
      const win = c.med.slice(i - t.window, i);
      const base = median(win);
      const mad = median(win.map((v) => Math.abs(v - base))) * 1.4826;
      const limit = (v: number) => base > 0 && v > base * t.ratio && v > base + t.madK * mad && v - base >= t.minJump * range;
      if (!limit(c.max[i])) {
        i++;
        continue;
      }
      let j = i;
      let peak = c.max[i];
      let peakStep = c.steps[i];
      while (j + 1 < n && limit(c.max[j + 1])) {
        j++;
        if (c.max[j] > peak) {
          peak = c.max[j];
          peakStep = c.steps[j];
        }
      }
      let recovered = -1;
      for (let k = j + 1; k < Math.min(n, j + 1 + t.recoverWithin); k++) {
        if (c.med[k] <= base * 1.2) {
          recovered = k;
          break;
        }
      }
      const rec = recovered >= 0;
      out.push({
        series: 'train_loss',
        severity: rec ? 'information' : 'warning',
        startStep: c.steps[i],
        endStep: rec ? c.steps[recovered] : c.endSteps[n - 1],
        message: {
          en: `train_loss jumped to ${fmt(peak)} at step ${peakStep}, ${fmt(peak / base)}× its rolling median ${fmt(base)}; ${rec ? `recovered by step ${c.steps[recovered]}` : 'it did not recover'}.`,
          zh: `train_loss 在第 ${peakStep} 步跳到 ${fmt(peak)}，是滚动中位数 ${fmt(base)} 的 ${fmt(peak / base)} 倍；${rec ? `已在第 ${c.steps[recovered]} 步前恢复` : '之后没有恢复'}。`,
        },
        evidence: { peakStep, peak, median: base, ratio: peak / base, recovered: rec, ...(rec ? { recoveredStep: c.steps[recovered] } : {}) },
      });
      i = rec ? recovered + 1 : n;
    }
    return out;
  },
});
