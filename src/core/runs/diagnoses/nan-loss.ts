import type { Diagnosis, DiagnosisMeta, Found } from './diagnosis';
import { defineDiagnosis } from './diagnosis';
import { fmt } from '../stats';

const PRIMARY = ['train_loss', 'eval_loss', 'grad_norm'];

/** The canonical series first, then any other loss the run logs (a GAN's `train_disc_loss`, `val_ce_loss`). */
function watched(names: string[]): string[] {
  return [...PRIMARY, ...names.filter((n) => !PRIMARY.includes(n) && /(^|_)loss($|_)/.test(n))];
}

export const nanLossMeta = {
  id: 'nan-loss',
  title: { en: 'Loss or gradient norm became NaN/Inf', zh: '损失或梯度范数变成 NaN/Inf' },
  docs: {
    detects: {
      en: 'The first NaN or infinite value in the training loss, the evaluation loss, the gradient norm or any other logged loss, with the last finite value before it.',
      zh: '训练损失、验证损失、梯度范数或其他记录的损失中第一次出现 NaN 或无穷大的位置，以及它之前最后一个有限值。',
    },
    why: {
      en: 'Once a NaN reaches the weights every later step is wasted. Usual causes: fp16 overflow without a (correctly unscaled) GradScaler, exploding gradients without clipping, a learning rate far too high, log(0) or division by zero in the loss.',
      zh: 'NaN 一旦进入权重，之后的每一步都白费。常见原因：fp16 溢出而没有（正确 unscale 的）GradScaler、梯度爆炸且未裁剪、学习率过大、损失里 log(0) 或除以零。',
    },
  },
  severity: 'warning',
  advice: ['28#2', '9#5', '9#6'],
  relatedRules: ['mixed-precision', 'scaler-unscale', 'grad-clip'],
  needs: PRIMARY,
  thresholds: {},
} satisfies DiagnosisMeta;

export const nanLoss: Diagnosis = /* @__PURE__ */ defineDiagnosis(nanLossMeta, {
  detect(view) {
    let first: Found | null = null;
    for (const name of watched(view.run.series.map((x) => x.name))) {
      const s = view.series(name);
      if (!s) continue;
      for (let i = 0; i < s.values.length; i++) {
        const v = s.values[i];
        if (Number.isFinite(v)) continue;
        if (first && s.steps[i] >= first.startStep) break;
        let count = 0;
        for (let j = i; j < s.values.length; j++) if (!Number.isFinite(s.values[j])) count++;
        let lastFinite = i - 1;
        while (lastFinite >= 0 && !Number.isFinite(s.values[lastFinite])) lastFinite--;
        const what = Number.isNaN(v) ? 'NaN' : v > 0 ? 'Inf' : '-Inf';
        const before: Record<string, number> = lastFinite >= 0 ? { lastFiniteStep: s.steps[lastFinite], lastFiniteValue: s.values[lastFinite] } : {};
        const beforeEn = lastFinite >= 0 ? ` (last finite value ${fmt(s.values[lastFinite])} at step ${s.steps[lastFinite]})` : '';
        const beforeZh = lastFinite >= 0 ? `（此前最后一个有限值为第 ${s.steps[lastFinite]} 步的 ${fmt(s.values[lastFinite])}）` : '';
        first = {
          series: name,
          startStep: s.steps[i],
          endStep: s.steps[s.steps.length - 1],
          message: {
            en: `${name} became ${what} at step ${s.steps[i]}${beforeEn}; ${count} of the ${s.values.length} logged values after that are not finite.`,
            zh: `${name} 在第 ${s.steps[i]} 步变成 ${what}${beforeZh}；之后共有 ${count}/${s.values.length} 个记录值不是有限数。`,
          },
          evidence: { series: name, step: s.steps[i], value: what, nonFinite: count, ...before },
        };
        break;
      }
    }
    return first ? [first] : [];
  },
});
