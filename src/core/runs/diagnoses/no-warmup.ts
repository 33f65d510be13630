import { defineDiagnosis, th, type Diagnosis, type DiagnosisMeta } from './diagnosis';
import { fmt, median, rollingMedian } from '../stats';

export const noWarmupMeta = {
  id: 'no-warmup',
  title: { en: 'Early instability without learning-rate warmup', zh: '没有学习率预热导致早期不稳定' },
  docs: {
    detects: {
      en: 'The learning rate is at its peak (≥ `peakFraction` of the maximum) from the first logged step, and the first `early` part of the run is unstable — the loss rises above `riseRatio` × its starting value, or is not finite — before the run settles below its starting loss.',
      zh: '学习率从第一个记录步起就处于峰值（≥ 最大值的 `peakFraction`），且运行最初 `early` 部分不稳定（损失升到起始值的 `riseRatio` 倍以上，或出现非有限值），之后又回落到起始损失以下。',
    },
    why: {
      en: 'At step 0 the weights and the optimizer state (Adam moments) are far from anything sensible; full-size steps then blow the loss up. A short linear warmup of the learning rate avoids it.',
      zh: '第 0 步时权重和优化器状态（Adam 动量）都还没有合理的估计，一开始就用最大步长会让损失暴涨。短暂的线性学习率预热即可避免。',
    },
  },
  severity: 'information',
  advice: ['2#6', '24#2'],
  relatedRules: ['lr-schedule'],
  needs: ['train_loss', 'learning_rate'],
  thresholds: {
    peakFraction: th(0.9, 'The first logged learning rate is at least this fraction of the maximum.', '第一个记录的学习率至少是最大值的这个比例。'),
    early: th(0.1, 'Fraction at the start of the run examined for instability (at least 10 points).', '检查不稳定性的运行开头比例（至少 10 个点）。'),
    riseRatio: th(1.5, 'An early loss above this multiple of the starting loss is instability.', '早期损失超过起始损失的这个倍数视为不稳定。'),
    minPoints: th(20, 'Fewest logged loss points before the diagnosis speaks.', '至少需要的损失记录点数。'),
  },
} satisfies DiagnosisMeta;

export const noWarmup: Diagnosis = /* @__PURE__ */ defineDiagnosis(noWarmupMeta, {
  detect(view, t) {
    const loss = view.series('train_loss');
    const lr = view.series('learning_rate');
    if (!loss || !lr || loss.values.length < t.minPoints || lr.values.length < 2) return [];
    let peak = -Infinity;
    for (const v of lr.values) if (Number.isFinite(v) && v > peak) peak = v;
    const lr0 = lr.values[0];
    if (!(peak > 0) || !(lr0 >= peak * t.peakFraction) || lr.steps[0] > loss.steps[Math.min(loss.steps.length - 1, 2)]) return [];
    const k = Math.max(10, Math.floor(loss.values.length * t.early));
    const head = Array.from(loss.values.subarray(0, k));
    const finiteHead = head.filter(Number.isFinite);
    const start = median(finiteHead.slice(0, 5));
    if (!(start > 0)) return [];
    // Minibatch noise is not instability: the early curve is smoothed over 5 points; a NaN/Inf counts as worst.
    const smooth = rollingMedian(head.map((v) => (Number.isFinite(v) ? v : Infinity)), 5);
    let worst = -Infinity;
    let worstAt = -1;
    for (let i = 0; i < smooth.length; i++) {
      if (smooth[i] > worst) {
        worst = smooth[i];
        worstAt = i;
      }
    }
    if (head.some((v) => !Number.isFinite(v))) {
      worst = Infinity;
      worstAt = head.findIndex((v) => !Number.isFinite(v));
    }
    if (worst <= start * t.riseRatio) return [];
    // Early instability means the run settles afterwards. A loss that stays non-finite or above its start is a
    // learning rate too high for any warmup to fix: nan-loss / divergence speak for it instead.
    const rest = Array.from(loss.values.subarray(k));
    const finiteRest = rest.filter(Number.isFinite);
    if (finiteRest.length < rest.length * 0.9 || !(median(finiteRest) < start)) return [];
    const endStep = loss.steps[k - 1];
    return [{
      series: 'train_loss',
      startStep: loss.steps[0],
      endStep,
      message: {
        en: `The learning rate was at its peak ${fmt(lr0)} from step ${lr.steps[0]} and train_loss rose from ${fmt(start)} to ${Number.isFinite(worst) ? fmt(worst) : 'a non-finite value'} at step ${loss.steps[worstAt]} in the first ${k} steps logged.`,
        zh: `学习率从第 ${lr.steps[0]} 步起就是峰值 ${fmt(lr0)}，train_loss 在最初 ${k} 个记录中从 ${fmt(start)} 升到 ${Number.isFinite(worst) ? fmt(worst) : '非有限值'}（第 ${loss.steps[worstAt]} 步）。`,
      },
      evidence: { initialLearningRate: lr0, peakLearningRate: peak, startLoss: start, worstEarlyLoss: Number.isFinite(worst) ? worst : String(worst), worstStep: loss.steps[worstAt] },
    }];
  },
});
