import type { Rule, RawFinding } from '../rule';
import type { LoopInfo } from '../facts/model';
import { insertLinesBefore } from '../fixes';
import { bodyIndent, bodyStart, headerSpan } from './util';

interface Data {
  loop: LoopInfo;
  model: string;
}

export const trainMode: Rule = {
  id: 'train-mode',
  title: { zh: '训练循环在 eval 模式下运行', en: 'Training loop runs in eval mode' },
  defaultSeverity: 'information',
  advice: ['3#2'],
  docs: {
    detects: {
      zh: '检测在训练循环之前调用了 `model.eval()`（例如先做一次评估或加载检查点后），但在训练前和训练中都没有调用 `model.train()` 的情况。',
      en: 'Detects a training loop preceded by `model.eval()` (say, an initial evaluation or after loading a checkpoint) with no `model.train()` before or inside the loop.',
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
      const ev = f.evalBefore(loop);
      if (!ev) continue;
      if (f.reachOf(loop).some((c) => f.isTrainCall(c))) continue;
      out.push({
        anchor: headerSpan(loop),
        message: {
          zh: `训练循环之前调用了 ${ev.receiver}.eval()，之后没有切回 ${ev.receiver}.train()：模型会在 eval 模式下训练。`,
          en: `${ev.receiver}.eval() is called before this training loop and ${ev.receiver}.train() never follows: the model trains in eval mode.`,
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
};
