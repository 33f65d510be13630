import type { Rule, RuleMeta, RawFinding, RuleContext } from '../rule';
import { defineRule } from '../rule';
import type { TextEdit } from '../types';
import type { CallInfo, Container, LoopInfo } from '../structure/model';
import { ancestors, callsIn, firstCallAt } from '../structure/model';
import { insertLinesAfter, insertLinesBefore } from '../fixes';
import { bodyIndent, bodyStart, headerSpan } from './util';
import { TRAIN_MODE } from '../facts/facts';

interface Data {
  loop: LoopInfo;
  kind: 'missing-eval' | 'never-train';
  /** For never-train: the epoch loop that must switch back to train(). */
  epoch?: LoopInfo;
  model: string | null;
}

export const evalModeMeta = {
  id: 'eval-mode',
  title: { zh: '评估前未切换到 eval 模式', en: 'Evaluation without model.eval()' },
  defaultSeverity: 'information',
  advice: ['17#3', '3#2'],
  techniqueCard: 'eval-mode',
  docs: {
    detects: {
      zh: '检测前面没有 `model.eval()` 的评估循环，以及在每个 epoch 中评估后再也没有用 `model.train()` 切回训练模式的训练循环（Lightning 自动切换，不提示）。本文件中定义、没有 Dropout/BatchNorm 的模型调用 eval() 不会改变任何行为，不提示。',
      en: 'Detects evaluation loops with no `model.eval()` before them, and epoch loops that evaluate but never switch back with `model.train()` (quiet for Lightning, which toggles modes itself). Quiet for a model defined in this file with no dropout or BatchNorm, where eval() changes nothing.',
    },
    why: {
      zh: 'Dropout 和 BatchNorm 在训练与评估模式下行为不同：不切换到 eval 会让验证指标带噪声且偏低；评估后不切回 train 则之后的训练都在关闭 Dropout、冻结 BN 统计量的状态下进行。',
      en: 'Dropout and BatchNorm behave differently in training and evaluation: without eval() validation metrics are noisy and pessimistic; without train() afterwards the rest of training runs with dropout off and frozen BatchNorm statistics.',
    },
    example: [
      'import torch',
      '',
      'def validate(model, val_loader):',
      '    with torch.no_grad():',
      '        for x, y in val_loader:',
      '            print(criterion(model(x), y).item())',
      '',
    ].join('\n'),
    fixedExample: [
      'import torch',
      '',
      'def validate(model, val_loader):',
      '    model.eval()',
      '    with torch.no_grad():',
      '        for x, y in val_loader:',
      '            print(criterion(model(x), y).item())',
      '',
    ].join('\n'),
  },
  fixable: true,
} satisfies RuleMeta;

export const evalMode: Rule = /* @__PURE__ */ defineRule(evalModeMeta, {
  check(ctx) {
    const f = ctx.facts;
    if (f.frameworks.lightning) return [];
    const out: RawFinding[] = [];
    // Epoch loops that never call train(), indexed by what can run an eval loop: themselves (lexically) or the
    // same-file functions they call.
    const silentEpochs = new Set(f.epochLoops().filter((e) => !f.reachHas(e, TRAIN_MODE)));
    const byFunction = new Map<Container, LoopInfo[]>();
    for (const e of silentEpochs) for (const fn of f.reachedFunctions(e)) byFunction.set(fn, [...(byFunction.get(fn) ?? []), e]);
    for (const loop of f.evalLoops()) {
      const model = modelCalledIn(ctx, loop);
      if (!hasEvalBefore(ctx, loop)) {
        // eval() changes nothing on a model with no dropout or BatchNorm (a class of this file we can read).
        if (!hasModeLayers(ctx, calledModel(ctx, loop))) continue;
        out.push({
          anchor: headerSpan(loop),
          message: {
            zh: '评估前没有调用 model.eval()：Dropout/BatchNorm 仍处于训练行为，验证结果不可靠。',
            en: 'No model.eval() before this evaluation loop: dropout and BatchNorm still behave as in training, so the metrics are unreliable.',
          },
          data: { loop, kind: 'missing-eval', model } satisfies Data,
        });
        continue;
      }
      // Evaluated inside an epoch loop that never calls train() again.
      let epoch: LoopInfo | undefined;
      for (const a of ancestors(loop.parent)) {
        if (silentEpochs.has(a as LoopInfo)) epoch = a as LoopInfo;
        else if (a.kind === 'function') epoch ??= byFunction.get(a)?.[0];
        if (epoch) break;
      }
      if (epoch) {
        out.push({
          anchor: headerSpan(loop),
          message: {
            zh: '评估把模型切到了 eval 模式，但训练循环再也没有调用 model.train()：后续训练会在关闭 Dropout 的状态下进行。',
            en: 'Evaluation switches the model to eval mode but the training loop never calls model.train() again: later epochs train with dropout off.',
          },
          data: { loop, kind: 'never-train', epoch, model } satisfies Data,
        });
      }
    }
    return out;
  },
  fix(ctx, finding) {
    const d = finding.data as Data;
    if (!d.model) return null;
    const { lines } = ctx;
    if (d.kind === 'never-train' && d.epoch) {
      const indent = bodyIndent(ctx, d.epoch);
      if (indent === null || !sameScope(ctx, d.model, d.epoch)) return null;
      return {
        title: { zh: `在每个 epoch 开始时调用 ${d.model}.train()`, en: `Call ${d.model}.train() at the start of each epoch` },
        safe: true,
        edits: [insertLinesBefore(lines, lines.lineOf(bodyStart(ctx, d.epoch)), [`${indent}${d.model}.train()`])],
      };
    }
    const first = lines.lineOf(d.loop.start);
    if (ctx.source.slice(lines.lineStart(first), d.loop.start).trim() !== '') return null;
    const indent = lines.indentOf(first);
    const edits: TextEdit[] = [insertLinesBefore(lines, first, [`${indent}${d.model}.eval()`])];
    // Put the model back in training mode afterwards when this file also trains.
    if (ctx.facts.steps().length) edits.push(insertLinesAfter(lines, lines.lineOf(d.loop.end - 1), [`${indent}${d.model}.train()`]));
    return {
      title: { zh: `在评估循环前调用 ${d.model}.eval()`, en: `Call ${d.model}.eval() before the evaluation loop` },
      safe: true,
      edits,
    };
  },
});

function hasEvalBefore(ctx: RuleContext, loop: LoopInfo): boolean {
  const f = ctx.facts;
  if (f.evalBefore(loop)) return true;
  if (f.reachOf(loop).some((c) => f.isEvalCall(c))) return true;
  // Called from somewhere that switched to eval first.
  if (loop.fn) {
    for (const site of f.callersOf(loop.fn)) {
      const scopeStart = site.parent?.fn ? site.parent.fn.start : 0;
      const calls = ctx.model.calls;
      const siteFn = site.parent?.fn ?? null;
      for (let i = firstCallAt(ctx.model, site.start) - 1, n = 0; i >= 0 && n < 5000 && calls[i].start >= scopeStart; i--, n++) {
        // Only the caller's own statements: another function defined earlier does not run here.
        if ((calls[i].parent?.fn ?? null) !== siteFn) continue;
        if (f.isTrainCall(calls[i])) break;
        if (f.isEvalCall(calls[i])) return true;
      }
    }
  }
  return false;
}

/** The model the loop runs (`model` in `model(x)`), when it is a plain name. */
function modelCalledIn(ctx: RuleContext, loop: LoopInfo): string | null {
  const c: CallInfo | undefined = ctx.facts.reachOf(loop).find((x) => ctx.facts.isModelCall(x) && /^[A-Za-z_][\w.]*$/.test(x.callee));
  if (!c) return null;
  return sameScope(ctx, c.callee, loop) ? c.callee : null;
}

function sameScope(ctx: RuleContext, expr: string, where: LoopInfo): boolean {
  const call = callsIn(ctx.model, where.start, where.end).find((c) => c.callee === expr || c.receiver === expr);
  return !!call && (call.parent?.fn ?? null) === (where.fn ?? null);
}

/** The callee of the loop's model call (`sae` in `sae(input)`), any scope. */
function calledModel(ctx: RuleContext, loop: LoopInfo): string | null {
  const c = ctx.facts.reachOf(loop).find((x) => ctx.facts.isModelCall(x) && /^[A-Za-z_][\w.]*$/.test(x.callee));
  return c ? c.callee : null;
}

const MODE_LAYERS = /Dropout|dropout|BatchNorm|batch_norm|InstanceNorm|DropPath|drop_path|StochasticDepth|\.training\b/;

/**
 * Might the model behave differently in eval mode? False only when it is built from a class of this file whose
 * code (and that of the file's classes it uses or derives from) has no dropout, BatchNorm or `self.training`.
 */
function hasModeLayers(ctx: RuleContext, model: string | null): boolean {
  if (!model) return true;
  const f = ctx.facts;
  const defs = f.assignmentsTo(model);
  if (!defs.length) return true;
  const seen = new Set<string>();
  const uses = (name: string): boolean => {
    if (seen.has(name)) return false;
    seen.add(name);
    const cls = f.classNamed(name);
    if (!cls) return true;
    const text = f.code.slice(cls.start, cls.end);
    if (MODE_LAYERS.test(text)) return true;
    for (const b of cls.bases) if (!/^((torch\.)?nn\.)?Module$/.test(b) && uses(b)) return true;
    for (const used of new Set(text.match(/\b[A-Za-z_]\w*(?=\s*\()/g) ?? [])) if (used !== name && f.classNamed(used) && uses(used)) return true;
    return false;
  };
  return defs.some((d) => !f.classNamed(d.callee) || uses(d.callee));
}
