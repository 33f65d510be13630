import { defineDiagnosis, th, type Diagnosis, type DiagnosisMeta } from './diagnosis';
import { fmt, medianOfPart } from '../stats';

export const vanishingGradientsMeta = {
  id: 'vanishing-gradients',
  title: { en: 'Vanishing gradients', zh: '梯度消失' },
  docs: {
    detects: {
      en: 'The gradient norm collapses to `collapse` × its early value or less while the training loss stalls (less than `minImprovement` better over the last third) well above where it started (≥ `stuckFraction` of the initial loss). A converged run — small gradients at a low loss — stays quiet.',
      zh: '梯度范数降到早期值的 `collapse` 倍以下，同时训练损失停滞（最后三分之一改进不足 `minImprovement`）且仍远高于起点（≥ 初始损失的 `stuckFraction`）。已收敛的运行（损失低、梯度小）不提示。',
    },
    why: {
      en: 'When gradients vanish the early layers stop learning: the loss stalls high. Better initialization, normalization layers, residual connections or an adaptive optimizer help.',
      zh: '梯度消失时靠前的层停止学习，损失停在高位。更好的初始化、归一化层、残差连接或自适应优化器有帮助。',
    },
  },
  severity: 'warning',
  advice: ['8#3', '8#4', '8#1'],
  relatedRules: [],
  needs: ['grad_norm', 'train_loss'],
  thresholds: {
    collapse: th(0.01, 'Late/early ratio of the median gradient norm at or below which it has collapsed.', '后期/早期梯度范数中位数之比低于此值视为坍缩。'),
    minImprovement: th(0.01, 'Relative loss improvement over the last third below which the loss stalls.', '最后三分之一损失相对改进低于此值视为停滞。'),
    stuckFraction: th(0.5, 'The late loss is still at least this fraction of the initial loss.', '后期损失仍至少为初始损失的这个比例。'),
    minPoints: th(20, 'Fewest logged points before the diagnosis speaks.', '至少需要的记录点数。'),
  },
} satisfies DiagnosisMeta;

export const vanishingGradients: Diagnosis = /* @__PURE__ */ defineDiagnosis(vanishingGradientsMeta, {
  detect(view, t) {
    const g = view.curve('grad_norm');
    const l = view.curve('train_loss');
    if (g.points < t.minPoints || l.points < t.minPoints) return [];
    const early = medianOfPart(g.med, 0, 0.1);
    const late = medianOfPart(g.med, 0.8, 1);
    if (!(early > 0) || late > early * t.collapse) return [];
    const l0 = medianOfPart(l.med, 0, 0.05);
    const lMid = medianOfPart(l.med, 0.6, 0.75);
    const lEnd = medianOfPart(l.med, 0.85, 1);
    if (!(l0 > 0) || lEnd < lMid * (1 - t.minImprovement) || lEnd < l0 * t.stuckFraction) return [];
    const from = g.steps[Math.floor(g.med.length * 0.8)];
    return [{
      series: 'grad_norm',
      startStep: from,
      endStep: g.endSteps[g.med.length - 1],
      message: {
        en: `grad_norm fell from ${fmt(early)} to ${fmt(late)} (${fmt(late / early)}×) while train_loss stalled at ${fmt(lEnd)} (it started at ${fmt(l0)}).`,
        zh: `grad_norm 从 ${fmt(early)} 降到 ${fmt(late)}（${fmt(late / early)} 倍），而 train_loss 停在 ${fmt(lEnd)}（起点 ${fmt(l0)}）。`,
      },
      evidence: { earlyGradNorm: early, lateGradNorm: late, ratio: late / early, initialLoss: l0, lateLoss: lEnd },
    }];
  },
});
