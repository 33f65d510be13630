import { defineDiagnosis, th, type Diagnosis, type DiagnosisMeta } from './diagnosis';
import { fmt, medianOfPart, rollingMedian } from '../stats';

export const plateauMeta = {
  id: 'plateau',
  title: { en: 'Loss plateau at a constant learning rate', zh: '学习率不变时损失进入平台期' },
  docs: {
    detects: {
      en: 'After the loss has improved (by `minEarlyDrop` from its start), the last `tail` of the run brings less than `minImprovement` improvement over the best smoothed loss before it, and the learning rate stayed constant (within `lrTolerance`) over that part. Needs the learning rate logged.',
      zh: '损失先有明显下降（较起点下降 `minEarlyDrop`）之后，运行最后 `tail` 部分相对之前的最佳平滑损失改进不足 `minImprovement`，且该阶段学习率保持不变（容差 `lrTolerance`）。需要记录学习率。',
    },
    why: {
      en: 'At a fixed learning rate the optimizer bounces around a minimum it cannot settle into. A schedule that decays the learning rate (cosine, step, ReduceLROnPlateau) usually unlocks further progress.',
      zh: '学习率固定时优化器在极小值附近来回震荡而无法收敛。使用衰减学习率的调度（余弦、阶梯、ReduceLROnPlateau）通常能继续下降。',
    },
  },
  severity: 'information',
  advice: ['2#6', '24#2'],
  relatedRules: ['lr-schedule'],
  needs: ['train_loss', 'learning_rate'],
  thresholds: {
    tail: th(0.3, 'Fraction at the end of the run that is examined.', '考察的运行末尾比例。'),
    minImprovement: th(0.01, 'Relative improvement of the tail below which the loss is on a plateau.', '末尾相对改进低于此值视为平台期。'),
    minEarlyDrop: th(0.1, 'The loss must first have fallen by this fraction (else it is not-learning).', '损失需先下降这个比例（否则属于 not-learning）。'),
    lrTolerance: th(0.01, 'Relative spread of the learning rate still counted as constant.', '学习率相对波动在此范围内视为不变。'),
    minPoints: th(50, 'Fewest logged points before the diagnosis speaks.', '至少需要的记录点数。'),
  },
} satisfies DiagnosisMeta;

export const plateau: Diagnosis = /* @__PURE__ */ defineDiagnosis(plateauMeta, {
  detect(view, t) {
    const c = view.curve('train_loss');
    const lr = view.series('learning_rate');
    const n = c.med.length;
    if (c.points < t.minPoints || !lr || n < 20) return [];
    const smooth = rollingMedian(c.med, Math.max(5, Math.round(n / 20)));
    const tailAt = Math.floor(n * (1 - t.tail));
    const bestBefore = Math.min(...smooth.slice(0, tailAt));
    const bestTail = Math.min(...smooth.slice(tailAt));
    const start = medianOfPart(c.med, 0, 0.05);
    const tailMedian = medianOfPart(c.med, 1 - t.tail, 1);
    if (!(start > 0) || bestBefore > start * (1 - t.minEarlyDrop)) return [];
    if (bestTail < bestBefore * (1 - t.minImprovement) || tailMedian > bestBefore * 1.1) return [];
    const fromStep = c.steps[tailAt];
    let lo = Infinity;
    let hi = -Infinity;
    for (let i = 0; i < lr.values.length; i++) {
      if (lr.steps[i] < fromStep || !Number.isFinite(lr.values[i])) continue;
      lo = Math.min(lo, lr.values[i]);
      hi = Math.max(hi, lr.values[i]);
    }
    if (!(lo > 0) || hi > lo * (1 + t.lrTolerance)) return [];
    return [{
      series: 'train_loss',
      startStep: fromStep,
      endStep: c.endSteps[n - 1],
      message: {
        en: `train_loss has not improved since step ${fromStep} (best ${fmt(bestBefore)} before, ${fmt(bestTail)} after) while the learning rate stayed at ${fmt(lo)}.`,
        zh: `从第 ${fromStep} 步起 train_loss 没有再改进（之前最佳 ${fmt(bestBefore)}，之后 ${fmt(bestTail)}），而学习率一直是 ${fmt(lo)}。`,
      },
      evidence: { fromStep, bestBefore, bestAfter: bestTail, learningRate: lo },
    }];
  },
});
