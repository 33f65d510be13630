import type { Rule, RuleMeta, RawFinding, RuleContext } from '../rule';
import { defineRule } from '../rule';
import type { CallInfo, LoopInfo, Marker } from '../structure/model';
import { callsIn } from '../structure/model';
import { runsOnce, scopeQuery } from '../facts/facts';
import { isEvalFunctionName } from '../facts/patterns';
import { insertLinesAfter, insertLinesBefore } from '../fixes';
import { bodyIndent, headerSpan } from './util';

interface Data {
  loop: LoopInfo;
  metric: CallInfo | null;
}

const STOPS_EARLY = scopeQuery('code stops early', /patience|early_?stop|EarlyStopping|should_stop|stop_training/i);

export const earlyStoppingMeta = {
  id: 'early-stopping',
  title: { zh: '每轮验证但没有早停', en: 'Validation every epoch but no early stopping' },
  defaultSeverity: 'information',
  advice: ['2#5', '3#6', '24#5'],
  docs: {
    detects: {
      zh: '检测每个 epoch 都在验证集上评估、但指标不再提升时没有任何停止机制（patience 计数、break、EarlyStopping 回调）的训练循环。',
      en: 'Detects epoch loops that evaluate on validation data every epoch but never stop when the metric stops improving (no patience counter, no break, no EarlyStopping callback).',
    },
    why: {
      zh: '验证指标停止提升后继续训练只会过拟合并浪费算力；早停在验证效果最好时结束训练。',
      en: 'Training on after the validation metric stops improving only overfits and burns compute; early stopping ends the run at its best validation point.',
    },
    example: [
      'for epoch in range(100):',
      '    train_one_epoch(model, train_loader, optimizer)',
      '    val_loss = evaluate(model, val_loader)',
      '    print(epoch, val_loss)',
      '',
      'def train_one_epoch(model, loader, optimizer):',
      '    for x, y in loader:',
      '        optimizer.zero_grad()',
      '        loss = criterion(model(x), y)',
      '        loss.backward()',
      '        optimizer.step()',
      '',
    ].join('\n'),
    fixedExample: [
      'best_val_loss = float("inf")',
      'patience, bad_epochs = 5, 0',
      'for epoch in range(100):',
      '    train_one_epoch(model, train_loader, optimizer)',
      '    val_loss = evaluate(model, val_loader)',
      '    print(epoch, val_loss)',
      '    if val_loss < best_val_loss:',
      '        best_val_loss, bad_epochs = val_loss, 0',
      '    else:',
      '        bad_epochs += 1',
      '        if bad_epochs >= patience:',
      '            break',
      '',
      'def train_one_epoch(model, loader, optimizer):',
      '    for x, y in loader:',
      '        optimizer.zero_grad()',
      '        loss = criterion(model(x), y)',
      '        loss.backward()',
      '        optimizer.step()',
      '',
    ].join('\n'),
  },
  fixable: true,
} satisfies RuleMeta;

export const earlyStopping: Rule = /* @__PURE__ */ defineRule(earlyStoppingMeta, {
  check(ctx) {
    const f = ctx.facts;
    if (f.usesLightningTrainer() || f.frameworks.hfTrainer) return [];
    const out: RawFinding[] = [];
    const evalLoops = f.evalLoops();
    for (const loop of epochLoopsWithImportedTraining(ctx)) {
      if (stops(ctx, loop)) continue;
      if (f.scopeMatches(loop, STOPS_EARLY)) continue;
      const reach = f.reachOf(loop);
      // `model.eval()` switches a mode; it is not an evaluation.
      const evalCall = reach.find((c) => isEvalFunctionName(c.method) && !f.isEvalCall(c) && c.start >= loop.start && c.start < loop.end);
      const evaluates = !!evalCall || f.runsAny(loop, evalLoops);
      if (!evaluates) continue;
      // Evaluating only the test split each epoch (a fixed-schedule recipe reporting test accuracy): stopping on
      // it would tune on the test set.
      if (onlyTestSplit(ctx, loop, evalLoops)) continue;
      out.push({
        anchor: headerSpan(loop),
        message: {
          zh: '每个 epoch 都在验证，但指标不再提升时不会停止：加入早停（patience 计数后 break）。',
          en: 'Validation runs every epoch but nothing stops training when the metric stops improving: add early stopping (a patience counter, then break).',
        },
        data: { loop, metric: metricCall(ctx, loop) } satisfies Data,
      });
    }
    return out;
  },
  fix(ctx, finding) {
    const { loop, metric } = finding.data as Data;
    if (!metric) return null;
    const names = metric.assignedTo.split(',');
    const name = names.find((n) => /loss|err|ppl|perplexity/i.test(n)) ?? names.find((n) => /acc|f1|auc|score|bleu|iou|map/i.test(n));
    if (!name || !/^[A-Za-z_]\w*$/.test(name)) return null;
    const lower = /loss|err|ppl|perplexity/i.test(name);
    const { lines } = ctx;
    const head = lines.indentOf(lines.lineOf(loop.start));
    const body = bodyIndent(ctx, loop);
    if (body === null) return null;
    // A `for … else:` clause: lines appended at the end would land in the else block.
    if (ctx.source.slice(loop.headerEnd, loop.end).split('\n').some((l) => new RegExp(`^${head}else\\s*:`).test(l))) return null;
    const unit = body.slice(head.length);
    const best = `best_${name}`;
    const cmp = lower ? '<' : '>';
    return {
      title: { zh: `根据 ${name} 加入早停（patience=5）`, en: `Add early stopping on ${name} (patience=5)` },
      safe: false,
      edits: [
        insertLinesBefore(lines, lines.lineOf(loop.start), [`${head}${best} = float("${lower ? 'inf' : '-inf'}")`, `${head}patience, bad_epochs = 5, 0`]),
        insertLinesAfter(lines, lines.lineOf(loop.end - 1), [
          `${body}if ${name} ${cmp} ${best}:`,
          `${body}${unit}${best}, bad_epochs = ${name}, 0`,
          `${body}else:`,
          `${body}${unit}bad_epochs += 1`,
          `${body}${unit}if bad_epochs >= patience:`,
          `${body}${unit}${unit}break`,
        ]),
      ],
    };
  },
});

/**
 * A break or return whose nearest loop is this one — other than the end of a step-based run (`if iter_num >=
 * max_iters: break`), which stops at a budget, not on a metric.
 */
function stops(ctx: RuleContext, loop: LoopInfo): boolean {
  for (const m of [...markersIn(ctx.model.breaks, loop), ...markersIn(ctx.model.returns, loop)]) {
    const cond = m.parent?.kind === 'if' ? m.parent.header : '';
    if (/max_|iter|step|num_/i.test(cond) && !/loss|acc|metric|patience|best|val|score|stop|bad|improv/i.test(cond)) continue;
    let p = m.parent;
    while (p && p.kind !== 'for' && p.kind !== 'while' && p.kind !== 'function') p = p.parent;
    if (p === loop) return true;
  }
  return false;
}

/** `val_loss = evaluate(...)` directly in the loop body. */
function metricCall(ctx: RuleContext, loop: LoopInfo): CallInfo | null {
  const f = ctx.facts;
  for (const c of callsIn(ctx.model, loop.headerEnd, loop.end)) {
    if (c.parent !== loop || !c.assignedTo) continue;
    if (isEvalFunctionName(c.method) || f.targets(c).some((t) => f.runsAny(t, f.evalLoops()))) return c;
  }
  return null;
}

/** Markers (document-ordered) inside a loop, by binary search. */
function markersIn(list: Marker[], loop: LoopInfo): Marker[] {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid].start < loop.start) lo = mid + 1;
    else hi = mid;
  }
  const out: Marker[] = [];
  for (let i = lo; i < list.length && list[i].start < loop.end; i++) out.push(list[i]);
  return out;
}

/**
 * Epoch loops with a visible training step, plus `for epoch in …` loops that call a training function imported
 * from elsewhere (`train_one_epoch(...)`, the torchvision-reference layout) — the step is not in this file.
 */
function epochLoopsWithImportedTraining(ctx: RuleContext): LoopInfo[] {
  const f = ctx.facts;
  const out = [...f.epochLoops()];
  const known = new Set(out);
  for (const loop of ctx.model.loops) {
    if (known.has(loop) || !/epoch/i.test(`${loop.target} ${loop.iter}`) || runsOnce(loop)) continue;
    const direct = callsIn(ctx.model, loop.headerEnd, loop.end);
    const trainsElsewhere = direct.some((c) => /^train(_one)?(_epoch|_step|_loop)?$/.test(c.method) && !f.targets(c).length);
    if (trainsElsewhere) out.push(loop);
  }
  return out;
}

/** A test-split name (`test_loader`, `testloader`, `testset`) that names no validation data. */
function testSplit(expr: string): boolean {
  return /test/i.test(expr) && !/val|valid|dev|eval|holdout/i.test(expr.replace(/\btest\(/g, ''));
}

/**
 * Every evaluation the epoch loop runs reads the test split: the evaluation calls in its body name only test
 * data in their arguments, and the evaluation loops inside it iterate only test data.
 */
function onlyTestSplit(ctx: RuleContext, loop: LoopInfo, evalLoops: LoopInfo[]): boolean {
  const f = ctx.facts;
  const evidence: string[] = [];
  for (const c of callsIn(ctx.model, loop.headerEnd, loop.end)) {
    if (!isEvalFunctionName(c.method) && !f.targets(c).some((t) => f.runsAny(t, evalLoops))) continue;
    evidence.push(c.argsStart >= 0 ? f.code.slice(c.argsStart, c.argsEnd) : '');
  }
  for (const l of evalLoops) if (l.start >= loop.start && l.end <= loop.end) evidence.push(l.iter);
  return evidence.length > 0 && evidence.every(testSplit);
}
