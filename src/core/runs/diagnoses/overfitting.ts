import { defineDiagnosis, th, type Diagnosis, type DiagnosisMeta } from './diagnosis';
import { fmt, median, trend } from '../stats';

export const overfittingMeta = {
  id: 'overfitting',
  title: { en: 'Overfitting', zh: '过拟合' },
  docs: {
    detects: {
      en: 'The evaluation loss rises for at least `minRising` evaluations after its best value, ending `minRise` or more above it, while the training loss keeps falling over the same steps. Reports the best step, the step the rise began and how much of the run came after the best.',
      zh: '验证损失在最佳值之后至少 `minRising` 次评估持续上升，最终比最佳值高出 `minRise` 以上，而同一区间训练损失仍在下降。报告最佳步、开始上升的步以及最佳点之后占运行的比例。',
    },
    why: {
      en: 'The model memorizes the training set instead of generalizing: everything after the best evaluation is wasted compute that makes the model worse. Early stopping (keep the best checkpoint), weight decay / dropout, more or augmented data.',
      zh: '模型在记忆训练集而不是泛化：最佳评估之后的训练只是浪费算力并让模型变差。使用早停（保留最佳检查点）、权重衰减/dropout、更多或增强的数据。',
    },
  },
  severity: 'warning',
  advice: ['3#6', '3#2', '3#1'],
  relatedRules: ['early-stopping', 'weight-decay'],
  needs: ['eval_loss', 'train_loss'],
  thresholds: {
    minEvals: th(4, 'Fewest evaluations before the diagnosis speaks.', '至少需要的评估次数。'),
    minRising: th(3, 'Evaluations after the best one.', '最佳评估之后至少的评估次数。'),
    minRise: th(0.05, 'Relative rise of the last evaluation loss above the best.', '最后一次验证损失相对最佳值的上升比例。'),
    minTrend: th(0.5, 'Rank correlation of the evaluation loss with the step after the best.', '最佳点之后验证损失与步数的秩相关下限。'),
  },
} satisfies DiagnosisMeta;

export const overfitting: Diagnosis = /* @__PURE__ */ defineDiagnosis(overfittingMeta, {
  detect(view, t) {
    const e = view.curve('eval_loss');
    const n = e.med.length;
    if (e.points < t.minEvals) return [];
    let best = 0;
    for (let i = 1; i < n; i++) if (e.med[i] < e.med[best]) best = i;
    const after = e.med.slice(best);
    const last = e.med[n - 1];
    if (n - 1 - best < t.minRising || !(e.med[best] > 0) || last < e.med[best] * (1 + t.minRise) || trend(after) < t.minTrend) return [];
    const train = view.series('train_loss');
    if (!train) return [];
    const bestStep = e.steps[best];
    const lastStep = e.endSteps[n - 1];
    const inRange: number[] = [];
    for (let i = 0; i < train.values.length; i++) {
      const s = train.steps[i];
      if (s >= bestStep && s <= lastStep && Number.isFinite(train.values[i])) inRange.push(train.values[i]);
    }
    if (inRange.length < 2) return [];
    const half = Math.floor(inRange.length / 2);
    const trainEarly = median(inRange.slice(0, Math.max(1, half)));
    const trainLate = median(inRange.slice(half));
    if (!(trainLate < trainEarly * 0.99)) return [];
    const began = e.steps[best + 1];
    const firstStep = Math.min(e.steps[0], train.steps[0]);
    const end = Math.max(lastStep, train.steps[train.steps.length - 1]);
    const afterBest = end > firstStep ? (end - bestStep) / (end - firstStep) : 0;
    const meta = view.run.meta;
    return [{
      series: 'eval_loss',
      startStep: bestStep,
      endStep: end,
      message: {
        en: `eval_loss was best (${fmt(e.med[best])}) at step ${bestStep} and rose from step ${began} to ${fmt(last)} while train_loss kept falling; ${Math.round(afterBest * 100)} % of the run came after the best evaluation.`,
        zh: `eval_loss 在第 ${bestStep} 步最好（${fmt(e.med[best])}），从第 ${began} 步开始升到 ${fmt(last)}，而 train_loss 仍在下降；最佳评估之后的训练占整个运行的 ${Math.round(afterBest * 100)}%。`,
      },
      evidence: {
        bestStep, bestEvalLoss: e.med[best], beganStep: began, lastEvalLoss: last, fractionAfterBest: afterBest,
        trainLossAtBest: trainEarly, trainLossLate: trainLate,
        ...(meta.best_model_checkpoint ? { bestModelCheckpoint: meta.best_model_checkpoint } : {}),
      },
    }];
  },
});
