import type { Rule, RuleMeta, RawFinding } from '../rule';
import { defineRule } from '../rule';
import type { FunctionInfo, LoopInfo } from '../structure/model';
import { headerSpan } from './util';
import { LOGS } from '../facts/facts';

export const noMonitoringMeta = {
  id: 'no-monitoring',
  title: { zh: '训练循环从不记录损失或指标', en: 'Training loop never logs the loss or a metric' },
  defaultSeverity: 'information',
  advice: ['17#1', '17#2'],
  docs: {
    detects: {
      zh: '检测从不记录损失或指标（print、logging、SummaryWriter、wandb、tqdm 的 postfix 等）的训练循环。',
      en: 'Detects training loops that never log the loss or a metric (print, logging, SummaryWriter, wandb, tqdm postfix, …).',
    },
    why: {
      zh: '看不到损失曲线就无法发现发散、NaN、过拟合或学习率设置错误，只能等训练结束才知道白跑了一场。',
      en: 'Without a loss curve you cannot see divergence, NaNs, overfitting or a bad learning rate until the run is over and wasted.',
    },
    example: [
      'for x, y in train_loader:',
      '    optimizer.zero_grad()',
      '    loss = criterion(model(x), y)',
      '    loss.backward()',
      '    optimizer.step()',
      '',
    ].join('\n'),
    fixedExample: [
      'for step, (x, y) in enumerate(train_loader):',
      '    optimizer.zero_grad()',
      '    loss = criterion(model(x), y)',
      '    loss.backward()',
      '    optimizer.step()',
      '    if step % 100 == 0:',
      '        print(f"step {step} loss {loss.item():.4f}")',
      '',
    ].join('\n'),
  },
  fixable: false,
} satisfies RuleMeta;

export const noMonitoring: Rule = /* @__PURE__ */ defineRule(noMonitoringMeta, {
  check(ctx) {
    const f = ctx.facts;
    const out: RawFinding[] = [];
    const seen = new Set<LoopInfo>();
    for (const step of f.steps()) {
      const own = step.loopChain.filter((l) => l.fn === (step.backward.parent?.fn ?? null));
      const loop = own[own.length - 1];
      if (!loop || seen.has(loop)) continue;
      seen.add(loop);
      // Any loop of the chain (or the step's function) reaching a log call: asked per container, memoised.
      const logs = (c: LoopInfo | FunctionInfo | null) => f.reachHas(c, LOGS);
      if (step.loopChain.some(logs) || (step.region.kind === 'function' && logs(step.region.container as FunctionInfo))) continue;
      out.push({
        anchor: headerSpan(loop),
        message: {
          zh: '这个训练循环从不记录损失或指标：至少定期打印或记录 loss，才能及时发现发散和过拟合。',
          en: 'This training loop never logs the loss or a metric: log the loss periodically so divergence and overfitting are visible.',
        },
      });
    }
    return out;
  },
});
