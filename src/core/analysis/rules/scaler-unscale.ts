import type { Rule, RuleMeta, RawFinding } from '../rule';
import { defineRule } from '../rule';
import type { CallInfo } from '../structure/model';
import { insertLinesBefore } from '../fixes';
import { callSpan, statementIndent } from './util';
import { TORCH_CLIPS } from '../facts/facts';

interface Data {
  clip: CallInfo;
  scaler: string;
  optimizer: string;
  /** The optimizer step call: names are only known to be visible in its function. */
  stepCall: CallInfo;
}

export const scalerUnscaleMeta = {
  id: 'scaler-unscale',
  title: { zh: 'GradScaler 裁剪前未 unscale_', en: 'Clipping scaled gradients (missing scaler.unscale_)' },
  defaultSeverity: 'information',
  advice: ['8#6', '9#5'],
  techniqueCard: 'gradient-scaling',
  docs: {
    detects: {
      zh: '检测使用 GradScaler 混合精度训练时，在梯度裁剪之前没有调用 `scaler.unscale_(optimizer)` 的情况。',
      en: 'Detects gradient clipping in a GradScaler (AMP) training step when `scaler.unscale_(optimizer)` is not called before the clip.',
    },
    why: {
      zh: 'GradScaler 会把损失乘以一个很大的缩放因子，梯度也随之放大；不先 unscale_ 就裁剪，阈值作用在放大后的梯度上，裁剪几乎总是触发且强度错误。',
      en: 'GradScaler multiplies the loss by a large factor, so gradients are scaled too; clipping before unscale_ compares the threshold with scaled gradients, so clipping is wrong (nearly always triggered, far too strong).',
    },
    example: [
      'import torch',
      '',
      'scaler = torch.cuda.amp.GradScaler()',
      'for x, y in loader:',
      '    optimizer.zero_grad()',
      '    with torch.autocast("cuda"):',
      '        loss = criterion(model(x), y)',
      '    scaler.scale(loss).backward()',
      '    torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)',
      '    scaler.step(optimizer)',
      '    scaler.update()',
      '',
    ].join('\n'),
    fixedExample: [
      'import torch',
      '',
      'scaler = torch.cuda.amp.GradScaler()',
      'for x, y in loader:',
      '    optimizer.zero_grad()',
      '    with torch.autocast("cuda"):',
      '        loss = criterion(model(x), y)',
      '    scaler.scale(loss).backward()',
      '    scaler.unscale_(optimizer)',
      '    torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)',
      '    scaler.step(optimizer)',
      '    scaler.update()',
      '',
    ].join('\n'),
  },
  fixable: true,
} satisfies RuleMeta;

export const scalerUnscale: Rule = /* @__PURE__ */ defineRule(scalerUnscaleMeta, {
  check(ctx) {
    const f = ctx.facts;
    const out: RawFinding[] = [];
    const seen = new Set<CallInfo>();
    for (const step of f.steps()) {
      if (!step.scaler || !f.stepContextHas(step, TORCH_CLIPS)) continue;
      const unscales = step.contextCalls.filter((c) => c.method === 'unscale_');
      for (const clip of step.contextCalls) {
        if (seen.has(clip) || !f.isTorchClip(clip)) continue;
        const sameScope = (u: CallInfo) => (u.parent?.fn ?? null) === (clip.parent?.fn ?? null);
        if (unscales.some((u) => !sameScope(u) || u.start < clip.start)) continue;
        seen.add(clip);
        out.push({
          anchor: callSpan(clip),
          message: {
            zh: '使用 GradScaler 时，裁剪前要先调用 scaler.unscale_(optimizer)，否则裁剪作用在放大后的梯度上。',
            en: 'With GradScaler, call scaler.unscale_(optimizer) before clipping; otherwise the clip sees scaled gradients.',
          },
          data: { clip, scaler: step.scaler, optimizer: step.optimizer, stepCall: step.stepCall } satisfies Data,
        });
      }
    }
    return out;
  },
  fix(ctx, finding) {
    const { clip, scaler, optimizer, stepCall } = finding.data as Data;
    const indent = statementIndent(ctx, clip);
    if (indent === null || (clip.parent?.fn ?? null) !== (stepCall.parent?.fn ?? null)) return null;
    return {
      title: { zh: `在裁剪前插入 ${scaler}.unscale_(${optimizer})`, en: `Insert ${scaler}.unscale_(${optimizer}) before the clip` },
      safe: true,
      edits: [insertLinesBefore(ctx.lines, ctx.lines.lineOf(clip.start), [`${indent}${scaler}.unscale_(${optimizer})`])],
    };
  },
});
