import { defineDiagnosis, th, type Diagnosis, type DiagnosisMeta } from './diagnosis';
import { fmt, medianOfPart, rollingMedian } from '../stats';

export const notLearningMeta = {
  id: 'not-learning',
  title: { en: 'Not learning: loss flat at its starting value', zh: '没有在学习：损失停在初始值' },
  docs: {
    detects: {
      en: 'The training loss at the end (median of the last 20 %) is within `tolerance` of where it started and never dipped `maxDip` below it. When the start is ≈ ln(K) the message names chance level for K classes.',
      zh: '训练损失在结束时（最后 20% 的中位数）与起点相差不超过 `tolerance`，且中途从未比起点低 `maxDip` 以上。若起点约等于 ln(K)，提示这是 K 类分类的随机猜测水平。',
    },
    why: {
      en: 'A flat loss at ln(classes) is a model predicting uniformly: the learning rate is far too small, gradients never reach the weights (optimizer over the wrong parameters, missing optimizer.step(), frozen layers, detached graph) or the labels do not match the inputs.',
      zh: '损失平坦地停在 ln(类别数) 说明模型在均匀猜测：学习率过小、梯度没有作用到权重（优化器参数不对、漏了 optimizer.step()、层被冻结、计算图被 detach），或标签与输入不对应。',
    },
  },
  severity: 'warning',
  advice: ['2#1', '17#4', '8#1'],
  relatedRules: [],
  needs: ['train_loss'],
  thresholds: {
    tolerance: th(0.02, 'Relative change between start and end still counted as flat.', '起点和终点之间仍视为平坦的相对变化。'),
    maxDip: th(0.1, 'The smoothed loss never fell this fraction below the start.', '平滑损失从未低于起点的这个比例。'),
    minPoints: th(30, 'Fewest logged points before the diagnosis speaks.', '至少需要的记录点数。'),
  },
} satisfies DiagnosisMeta;

export const notLearning: Diagnosis = /* @__PURE__ */ defineDiagnosis(notLearningMeta, {
  detect(view, t) {
    const c = view.curve('train_loss');
    const n = c.med.length;
    if (c.points < t.minPoints || n < 10) return [];
    const start = medianOfPart(c.med, 0, 0.05);
    const end = medianOfPart(c.med, 0.8, 1);
    if (!(start > 0) || Math.abs(end - start) > start * t.tolerance) return [];
    const smooth = rollingMedian(c.med, Math.max(5, Math.round(n / 20)));
    if (Math.min(...smooth) < start * (1 - t.maxDip)) return [];
    const k = Math.round(Math.exp(start));
    const chance = k >= 2 && Math.abs(Math.log(k) - start) <= 0.03 * start ? k : 0;
    return [{
      series: 'train_loss',
      startStep: c.steps[0],
      endStep: c.endSteps[n - 1],
      message: {
        en: `train_loss stayed at ${fmt(end)} from ${fmt(start)} at the start${chance ? ` — ≈ ln(${chance}), chance level for ${chance} classes` : ''}: the model is not learning.`,
        zh: `train_loss 从起点 ${fmt(start)} 一直停在 ${fmt(end)}${chance ? `——约等于 ln(${chance})，即 ${chance} 类的随机猜测水平` : ''}：模型没有在学习。`,
      },
      evidence: { startLoss: start, endLoss: end, ...(chance ? { chanceClasses: chance } : {}) },
    }];
  },
});
