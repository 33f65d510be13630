import type { Rule, RuleMeta, RawFinding, RuleContext } from '../rule';
import { defineRule } from '../rule';
import type { CallInfo, LoopInfo } from '../structure/model';
import { insertLinesBefore } from '../fixes';
import { bodyIndent, bodyStart, headerSpan } from './util';

interface Data {
  loop: LoopInfo;
  model: string;
}

export const trainModeMeta = {
  id: 'train-mode',
  title: { zh: '训练循环在 eval 模式下运行', en: 'Training loop runs in eval mode' },
  defaultSeverity: 'information',
  advice: ['3#2'],
  techniqueCard: 'eval-mode',
  docs: {
    detects: {
      zh: '检测在 `model.eval()` 之后运行、却没有用 `model.train()` 切回训练模式的训练循环：eval 在循环之前（例如先做一次基线评估），或在循环内的验证中（下一个 epoch 仍是 eval 模式）。锚点是包含训练步骤的最外层循环。也检测每个 epoch 调用一次 train()、却在批次循环中（无条件或在 if 里）调用 eval() 且没有切回的情况（dslinter 与 ML code-smell 目录中的模式切换问题），锚点为批次循环。从未被优化的 EMA/教师模型本应处于 eval 模式，不提示。',
      en: 'Detects a training loop that runs after `model.eval()` without switching back with `model.train()`: eval() before the loop (say, a baseline evaluation) or inside it (validation leaves the next epoch in eval mode). Anchored on the outermost loop containing the training step. Also detects train() once per epoch with eval() inside the batch loop (unconditionally or in an `if`) and nothing switching back — dslinter\'s and the ML code-smell catalog\'s toggling case — anchored on the batch loop. An EMA or teacher copy no optimizer updates belongs in eval mode: quiet.',
    },
    why: {
      zh: '在 eval 模式下训练时 Dropout 被关闭、BatchNorm 使用冻结的统计量，正则化失效，结果与预期不同且难以察觉。',
      en: 'Training in eval mode disables dropout and freezes BatchNorm statistics: regularization silently stops working and results differ from what you expect.',
    },
    example: [
      'import torch',
      '',
      'model.eval()',
      'for x, y in train_loader:',
      '    optimizer.zero_grad()',
      '    loss = criterion(model(x), y)',
      '    loss.backward()',
      '    optimizer.step()',
      '',
    ].join('\n'),
    fixedExample: [
      'import torch',
      '',
      'model.eval()',
      'for x, y in train_loader:',
      '    model.train()',
      '    optimizer.zero_grad()',
      '    loss = criterion(model(x), y)',
      '    loss.backward()',
      '    optimizer.step()',
      '',
    ].join('\n'),
  },
  fixable: true,
} satisfies RuleMeta;

export const trainMode: Rule = /* @__PURE__ */ defineRule(trainModeMeta, {
  check(ctx) {
    const f = ctx.facts;
    if (f.frameworks.lightning) return [];
    const out: RawFinding[] = [];
    const seen = new Set<LoopInfo>();
    for (const step of f.steps()) {
      // The outermost training loop in the step's own function.
      const own = step.loopChain.filter((l) => l.fn === (step.backward.parent?.fn ?? null));
      const loop = own[own.length - 1];
      if (!loop || seen.has(loop)) continue;
      seen.add(loop);
      const reach = f.reachOf(loop);
      if (reach.some((c) => f.isTrainCall(c))) {
        // dslinter's / the ML code-smell catalog's toggling: train() once per epoch, eval() inside the batch loop
        // (unconditionally or in an `if`) and nothing in that loop switching back: later batches train in eval mode.
        const batch = step.region.kind === 'loop' ? (step.region.container as LoopInfo) : null;
        if (!batch || batch === loop || seen.has(batch)) continue;
        const inner = f.reachOf(batch);
        const toggled = inner.find((c) => f.isEvalCall(c) && trainedModel(ctx, c));
        if (!toggled || inner.some((c) => f.isTrainCall(c))) continue;
        seen.add(batch);
        out.push({
          anchor: headerSpan(batch),
          message: {
            zh: `${toggled.receiver}.eval() 在批次循环里调用后没有切回 ${toggled.receiver}.train()：本 epoch 之后的批次都会在 eval 模式下训练。`,
            en: `${toggled.receiver}.eval() inside this batch loop is never undone by ${toggled.receiver}.train(): the remaining batches of the epoch train in eval mode.`,
          },
          data: { loop: batch, model: toggled.receiver } satisfies Data,
        });
        continue;
      }
      // eval() before the loop, or inside it (validation) with nothing switching back.
      const ev = f.evalBefore(loop) ?? reach.find((c) => f.isEvalCall(c) && c.start > step.backward.start) ?? null;
      if (!ev || !trainedModel(ctx, ev)) continue;
      out.push({
        anchor: headerSpan(loop),
        message: {
          zh: `调用 ${ev.receiver}.eval() 之后，这个训练循环再也没有切回 ${ev.receiver}.train()：模型会在 eval 模式下训练。`,
          en: `After ${ev.receiver}.eval() this training loop never switches back with ${ev.receiver}.train(): the model trains in eval mode.`,
        },
        data: { loop, model: ev.receiver } satisfies Data,
      });
    }
    return out;
  },
  fix(ctx, finding) {
    const { loop, model } = finding.data as Data;
    const indent = bodyIndent(ctx, loop);
    if (indent === null) return null;
    return {
      title: { zh: `在训练循环开始处调用 ${model}.train()`, en: `Call ${model}.train() at the start of the training loop` },
      safe: true,
      edits: [insertLinesBefore(ctx.lines, ctx.lines.lineOf(bodyStart(ctx, loop)), [`${indent}${model}.train()`])],
    };
  },
});

/**
 * Is the receiver of this eval() a model the optimizers train? A copy that is never optimized (an EMA or teacher
 * model) belongs in eval mode. Asked of the optimizers built in the same function (or at module level): when
 * none names its model's parameters, only EMA/teacher/target names are excluded.
 */
function trainedModel(ctx: RuleContext, ev: CallInfo): boolean {
  const receiver = ev.receiver;
  const fn = ev.parent?.fn ?? null;
  const optimized = new Set<string>();
  for (const o of ctx.facts.optimizers()) {
    if ((o.call.parent?.fn ?? null) !== fn) continue;
    const args = ctx.facts.code.slice(o.call.argsStart, o.call.argsEnd);
    for (const m of args.matchAll(/([A-Za-z_][\w.]*)\.(?:named_)?parameters\(/g)) optimized.add(m[1]);
  }
  if (/(^|[._])(ema|teacher|target|momentum|shadow|swa|averaged)/i.test(receiver)) return optimized.has(receiver);
  const last = (n: string) => n.split('.').pop();
  return optimized.size === 0 || [...optimized].some((n) => last(n) === last(receiver));
}
