import type { Rule, RuleMeta, RawFinding, RuleContext } from '../rule';
import { defineRule } from '../rule';
import type { TextEdit } from '../types';
import type { OptimizerCtor, TrainingStep } from '../facts/facts';
import { insertLinesAfter } from '../fixes';
import { freshName } from '../structure/text';
import { lastSegment } from '../facts/patterns';
import { callSpan, statementIndent, torchRef } from './util';
import { scopeQuery } from '../facts/facts';

interface Data {
  opt: OptimizerCtor;
  steps: TrainingStep[];
}

export const lrScheduleMeta = {
  id: 'lr-schedule',
  title: { zh: '固定学习率训练', en: 'Training with a fixed learning rate' },
  defaultSeverity: 'information',
  advice: ['2#6'],
  docs: {
    detects: {
      zh: '检测在许多步 / 多个 epoch 中以固定学习率训练的优化器：没有任何 torch.optim.lr_scheduler、transformers 的 get_*_schedule*、手动修改 param_group["lr"]，也没有在 Lightning configure_optimizers 中返回调度器。',
      en: 'Detects an optimizer that trains over many steps or epochs with a fixed learning rate: no torch.optim.lr_scheduler, no transformers get_*_schedule*, no manual param_group["lr"] updates, no scheduler returned from Lightning configure_optimizers.',
    },
    why: {
      zh: '学习率预热与衰减（余弦、阶梯、线性）能让训练前期更稳定、后期收敛到更好的解；固定学习率往往在后期震荡、收敛不充分。',
      en: 'Warm-up and decay (cosine, step, linear) keep early training stable and let late training settle into a better minimum; a fixed rate tends to oscillate and converge less well.',
    },
    example: [
      'import torch',
      '',
      'optimizer = torch.optim.AdamW(model.parameters(), lr=1e-3)',
      'for epoch in range(10):',
      '    for x, y in train_loader:',
      '        optimizer.zero_grad()',
      '        loss = criterion(model(x), y)',
      '        loss.backward()',
      '        optimizer.step()',
      '',
    ].join('\n'),
    fixedExample: [
      'import torch',
      '',
      'optimizer = torch.optim.AdamW(model.parameters(), lr=1e-3)',
      'scheduler = torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=10 * len(train_loader))',
      'for epoch in range(10):',
      '    for x, y in train_loader:',
      '        optimizer.zero_grad()',
      '        loss = criterion(model(x), y)',
      '        loss.backward()',
      '        optimizer.step()',
      '        scheduler.step()',
      '',
    ].join('\n'),
  },
  fixable: true,
} satisfies RuleMeta;

export const lrSchedule: Rule = /* @__PURE__ */ defineRule(lrScheduleMeta, {
  check(ctx) {
    const f = ctx.facts;
    if (f.frameworks.hfTrainer || f.frameworks.deepspeed) return [];
    const out: RawFinding[] = [];
    if (f.benefitOfDoubt()) return out;
    for (const opt of f.optimizers()) {
      const steps = stepsOf(ctx, opt).filter((s) => s.region.kind === 'loop' || s.loopChain.length > 0);
      const inLightning = opt.call.parent?.fn?.name === 'configure_optimizers';
      if (!steps.length && !inLightning) continue;
      const scopes = [opt.call.parent, ...steps.map((s) => s.stepCall.parent)];
      if (scopes.some((c) => f.scopeMatches(c, SCHEDULES_IN_CODE))) continue;
      if (inLightning && opt.call.parent?.fn && SCHEDULES.test(f.codeOf(opt.call.parent.fn))) continue;
      out.push({
        anchor: callSpan(opt.call),
        message: {
          zh: '这个优化器在整个训练中使用固定学习率：考虑加入学习率调度（预热 + 余弦/线性衰减）。',
          en: 'This optimizer keeps a fixed learning rate for the whole run: consider a learning-rate schedule (warm-up + cosine/linear decay).',
        },
        data: { opt, steps } satisfies Data,
      });
    }
    return out;
  },
  fix(ctx, finding) {
    const { opt, steps } = finding.data as Data;
    return scheduleFix(ctx, opt, steps);
  },
});

/** Creates a StepLR after the optimizer and steps it after every optimizer step in the same function. */
function scheduleFix(ctx: RuleContext, opt: OptimizerCtor, steps: TrainingStep[]) {
  const optName = opt.call.assignedTo;
  const indent = statementIndent(ctx, opt.call);
  if (!optName || optName.includes(',') || indent === null || !steps.length) return null;
  const fn = opt.call.parent?.fn ?? null;
  if (steps.some((s) => (s.stepCall.parent?.fn ?? null) !== fn || statementIndent(ctx, s.stepCall) === null || s.stepCall.assignedTo)) return null;
  const sched = freshName(optName.startsWith('self.') ? 'self.scheduler' : 'scheduler', (n) => new RegExp(`\\b${n.replace('.', '\\.')}\\b`).test(ctx.source));
  const ref = torchRef(ctx, 'optim.lr_scheduler.StepLR');
  const edits: TextEdit[] = [insertLinesAfter(ctx.lines, ctx.lines.lineOf(opt.call.end), [`${indent}${sched} = ${ref.text}(${optName}, step_size=1000, gamma=0.5)`])];
  const done = new Set<number>();
  for (const s of steps) {
    const line = ctx.lines.lineOf(s.stepCall.end);
    if (done.has(line)) continue;
    done.add(line);
    edits.push(insertLinesAfter(ctx.lines, line, [`${statementIndent(ctx, s.stepCall)}${sched}.step()`]));
  }
  if (ref.importEdit) edits.push(ref.importEdit);
  return {
    title: { zh: '加入 StepLR 学习率调度（每 1000 步减半）', en: 'Add a StepLR schedule (halve the rate every 1000 steps)' },
    safe: false,
    edits,
  };
}

/** Anything that changes the learning rate over time. */
const SCHEDULES = /lr_scheduler|schedule|Scheduler|OneCycle|CosineAnneal|StepLR|ReduceLROnPlateau|warmup|\[\s*['"]lr['"]\s*\]\s*[*/+-]?=|\.lr\s*=|adjust_learning_rate|set_lr/i;
const SCHEDULES_IN_CODE = scopeQuery('code schedules the learning rate', SCHEDULES);

/**
 * The training steps that use this optimizer: steps in the constructor's own function using its name; else
 * steps elsewhere using the name in functions that build no optimizer of their own (it was passed in).
 */
export function stepsOf(ctx: RuleContext, opt: OptimizerCtor): TrainingStep[] {
  const f = ctx.facts;
  const name = lastSegment(opt.call.assignedTo);
  const fn = opt.call.parent?.fn ?? null;
  let index = stepIndex.get(f);
  if (!index) {
    index = { byName: new Map(), byNameFn: new Map(), builders: new Set(f.optimizers().map((o) => o.call.parent?.fn ?? null)) };
    for (const s of f.steps()) {
      const k = lastSegment(s.optimizer);
      const kf = `${k}|${s.stepCall.parent?.fn?.index ?? -1}`;
      const a = index.byName.get(k);
      if (a) a.push(s);
      else index.byName.set(k, [s]);
      const b = index.byNameFn.get(kf);
      if (b) b.push(s);
      else index.byNameFn.set(kf, [s]);
    }
    stepIndex.set(f, index);
  }
  const named = name ? index.byName.get(name) ?? [] : f.steps();
  const local = name ? index.byNameFn.get(`${name}|${fn?.index ?? -1}`) ?? [] : named.filter((s) => (s.stepCall.parent?.fn ?? null) === fn);
  if (local.length) return local;
  const builders = index.builders;
  return named.filter((s) => !builders.has(s.stepCall.parent?.fn ?? null));
}

const stepIndex = new WeakMap<object, { byName: Map<string, TrainingStep[]>; byNameFn: Map<string, TrainingStep[]>; builders: Set<unknown> }>();
