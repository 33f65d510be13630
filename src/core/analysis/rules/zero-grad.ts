import type { Rule, RuleMeta, RawFinding } from '../rule';
import { defineRule } from '../rule';
import { callQuery, type TrainingStep } from '../facts/facts';
import { insertLinesAfter } from '../fixes';
import { headerSpan, statementIndent } from './util';

interface Data {
  step: TrainingStep;
}

const CLEARS_GRADIENTS = callQuery('clears gradients', (_f, c) => c.method === 'zero_grad' || c.method === 'zero_');

export const zeroGradMeta = {
  id: 'zero-grad',
  title: { zh: '训练循环从不清零梯度', en: 'Training loop never clears gradients' },
  defaultSeverity: 'information',
  advice: ['9'],
  techniqueCard: 'zero-grad',
  docs: {
    detects: {
      zh: '检测每步都调用 backward() 与 optimizer.step()，却从不调用 `optimizer.zero_grad()`（或 `model.zero_grad()`、把 `.grad` 置为 None）的训练循环。',
      en: 'Detects training loops that call backward() and optimizer.step() every step but never `optimizer.zero_grad()` (or `model.zero_grad()`, or set `.grad` to None).',
    },
    why: {
      zh: 'PyTorch 的梯度默认累加：不清零时每一步的梯度都叠加在之前所有步上，更新方向错误、幅度不断变大，训练很快发散。',
      en: 'PyTorch accumulates gradients: without clearing them every step adds to all previous steps, so updates point the wrong way and keep growing until training diverges.',
    },
    example: [
      'for x, y in train_loader:',
      '    loss = criterion(model(x), y)',
      '    loss.backward()',
      '    optimizer.step()',
      '',
    ].join('\n'),
    fixedExample: [
      'for x, y in train_loader:',
      '    loss = criterion(model(x), y)',
      '    loss.backward()',
      '    optimizer.step()',
      '    optimizer.zero_grad()',
      '',
    ].join('\n'),
  },
  fixable: true,
} satisfies RuleMeta;

export const zeroGrad: Rule = /* @__PURE__ */ defineRule(zeroGradMeta, {
  check(ctx) {
    const f = ctx.facts;
    if (f.frameworks.deepspeed) return [];
    const out: RawFinding[] = [];
    for (const step of f.steps()) {
      if (step.region.kind !== 'loop' || !step.region.container) continue;
      if (f.stepContextHas(step, CLEARS_GRADIENTS)) continue;
      if (/\.grad\s*=\s*None|\.grad\.(data\.)?zero_\(/.test(f.codeOf(step.region.container))) continue;
      if (out.some((o) => o.anchor.start === step.region.container!.start)) continue;
      out.push({
        anchor: headerSpan(step.region.container),
        message: {
          zh: '这个训练循环从不清零梯度：梯度会跨步累加。每步调用 optimizer.zero_grad()。',
          en: 'This training loop never clears gradients, so they accumulate across steps. Call optimizer.zero_grad() every step.',
        },
        data: { step } satisfies Data,
      });
    }
    return out;
  },
  fix(ctx, finding) {
    const { step } = finding.data as Data;
    const indent = statementIndent(ctx, step.stepCall);
    if (indent === null || step.stepCall.assignedTo) return null;
    const endLine = ctx.lines.lineOf(step.stepCall.end);
    return {
      title: { zh: `在 optimizer.step() 之后调用 ${step.optimizer}.zero_grad()`, en: `Call ${step.optimizer}.zero_grad() after the optimizer step` },
      safe: true,
      edits: [insertLinesAfter(ctx.lines, endLine, [`${indent}${step.optimizer}.zero_grad()`])],
    };
  },
});

