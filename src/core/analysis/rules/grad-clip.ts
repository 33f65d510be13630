import type { Rule, RuleMeta, RuleContext, RawFinding } from '../rule';
import { defineRule } from '../rule';
import { CLIPS, type TrainingStep } from '../facts/facts';
import { insertLinesBefore } from '../fixes';
import { callSpan, statementIndent, torchRef } from './util';

interface Data {
  step: TrainingStep;
}

/** Framework configuration that clips for the script (Lightning, DeepSpeed, HF). */
function frameworkClips(ctx: RuleContext): boolean {
  const f = ctx.facts;
  if (f.frameworks.deepspeed) return true;
  return f.mentions(/gradient_clip_val\s*=\s*(?!0\b|0\.0\b|None\b)|["']gradient_clipping["']/);
}

/** The model whose parameters the step's optimizer updates (`model` in `SGD(model.parameters())`). */
export function modelOfOptimizer(ctx: RuleContext, optimizer: string): string | null {
  const last = optimizer.split('.').pop()!;
  for (const o of ctx.facts.optimizers()) {
    const assigned = o.call.assignedTo.split('.').pop();
    if (assigned !== last) continue;
    const m = /^\(\s*([A-Za-z_][\w.]*)\.parameters\(\)/.exec(ctx.source.slice(o.call.argsStart, o.call.argsEnd));
    if (m) return m[1];
  }
  const names = [...ctx.facts.modelNames()].filter((n) => /^(self\.)?(model|net)$/.test(n));
  return names.length === 1 ? names[0] : null;
}

/** The model is visible where the step is: a parameter, a local assignment, module level or `self.`. */
export function visibleAt(ctx: RuleContext, expr: string, at: { parent: import('../structure/model').Container | null }): boolean {
  const root = expr.split('.')[0];
  const fn = at.parent?.fn ?? null;
  if (root === 'self') return fn?.params[0] === 'self';
  if (!fn) return boundAtModuleLevel(ctx, root);
  if (fn.params.includes(root)) return true;
  const body = ctx.source.slice(fn.start, fn.end);
  if (new RegExp(`(^|\\n)\\s*(${root}\\s*(,[^=\\n]*)?|[\\w\\s,]*,\\s*${root}\\s*)=[^=]`).test(body)) return true;
  // A module-level name the function does not rebind.
  return boundAtModuleLevel(ctx, root) && !new RegExp(`\\b${root}\\s*=`).test(body);
}

/** Is `name` bound outside every function: assigned from a call there, imported, or assigned at column 0? */
function boundAtModuleLevel(ctx: RuleContext, name: string): boolean {
  if (ctx.model.aliases.has(name)) return true;
  for (const call of ctx.model.calls) {
    if (call.assignedTo && !call.parent?.fn && call.assignedTo.split(',').includes(name)) return true;
  }
  return new RegExp(`^${name}\\s*(,[^=\\n]*)?=[^=]`, 'm').test(ctx.source);
}

export const gradClipMeta = {
  id: 'grad-clip',
  title: { zh: '训练步骤缺少梯度裁剪', en: 'Training step without gradient clipping' },
  defaultSeverity: 'information',
  advice: ['9#5', '8#5'],
  docs: {
    detects: {
      zh: '检测没有梯度裁剪的训练步骤（`loss.backward()` + `optimizer.step()`），包括通过同文件辅助函数调用的情况。若 Lightning `Trainer(gradient_clip_val=…)`、`accelerator.clip_grad_norm_`、`fabric.clip_gradients` 或 DeepSpeed 配置已经裁剪，则不提示。明显很小的模型（最多三个尺寸为字面量的 Linear 层、少于 10 万个权重）上梯度爆炸很少见，只以提示（hint）级别显示。',
      en: 'Detects training steps (`loss.backward()` + `optimizer.step()`) with no gradient clipping, also looking into same-file helpers the step calls. Quiet when Lightning `Trainer(gradient_clip_val=…)`, `accelerator.clip_grad_norm_`, `fabric.clip_gradients` or a DeepSpeed config already clips. On a clearly small model (at most three literal-sized `Linear` layers, under 100k weights) exploding gradients are rare: said at hint level.',
    },
    why: {
      zh: '梯度裁剪限制梯度范数，防止梯度爆炸导致损失突然变成 NaN 或训练发散，这在大模型、RNN 与混合精度训练中尤为常见。',
      en: 'Clipping bounds the gradient norm so one bad batch cannot blow up the weights (exploding gradients, sudden NaN losses, divergence) — common with large models, RNNs and mixed precision.',
    },
    example: [
      'import torch',
      '',
      'model = torch.nn.Linear(4, 1)',
      'optimizer = torch.optim.AdamW(model.parameters(), lr=1e-3)',
      'for x, y in loader:',
      '    optimizer.zero_grad()',
      '    loss = torch.nn.functional.mse_loss(model(x), y)',
      '    loss.backward()',
      '    optimizer.step()',
      '',
    ].join('\n'),
    fixedExample: [
      'import torch',
      '',
      'model = torch.nn.Linear(4, 1)',
      'optimizer = torch.optim.AdamW(model.parameters(), lr=1e-3)',
      'for x, y in loader:',
      '    optimizer.zero_grad()',
      '    loss = torch.nn.functional.mse_loss(model(x), y)',
      '    loss.backward()',
      '    torch.nn.utils.clip_grad_norm_(model.parameters(), max_norm=1.0)',
      '    optimizer.step()',
      '',
    ].join('\n'),
  },
  fixable: true,
} satisfies RuleMeta;

export const gradClip: Rule = /* @__PURE__ */ defineRule(gradClipMeta, {
  check(ctx) {
    if (frameworkClips(ctx)) return [];
    const out: RawFinding[] = [];
    for (const step of ctx.facts.steps()) {
      if (ctx.facts.stepContextHas(step, CLIPS)) continue;
      out.push({
        anchor: callSpan(step.backward),
        message: {
          zh: '这个训练步骤没有梯度裁剪：在 optimizer.step() 之前加入 clip_grad_norm_ 可防止梯度爆炸。',
          en: 'This training step has no gradient clipping: clip_grad_norm_ before optimizer.step() guards against exploding gradients.',
        },
        data: { step } satisfies Data,
        hintOnly: tinyModel(ctx, modelOfOptimizer(ctx, step.optimizer)),
      });
    }
    return out;
  },
  fix(ctx, finding) {
    const { step } = finding.data as Data;
    const indent = statementIndent(ctx, step.stepCall);
    if (indent === null || step.stepCall.assignedTo) return null;
    const model = modelOfOptimizer(ctx, step.optimizer);
    if (!model || !visibleAt(ctx, model, step.stepCall)) return null;
    const clip = torchRef(ctx, 'nn.utils.clip_grad_norm_');
    const lines: string[] = [];
    if (step.scaler) lines.push(`${indent}${step.scaler}.unscale_(${step.optimizer})`);
    lines.push(`${indent}${clip.text}(${model}.parameters(), max_norm=1.0)`);
    const edits = [insertLinesBefore(ctx.lines, ctx.lines.lineOf(step.stepCall.start), lines)];
    if (clip.importEdit) edits.push(clip.importEdit);
    return {
      title: { zh: `在 optimizer.step() 前裁剪梯度（max_norm=1.0）`, en: 'Clip gradients before the optimizer step (max_norm=1.0)' },
      safe: true,
      edits,
    };
  },
});

const BIG_LAYERS = /Conv|Embedding|LSTM|GRU|RNN|Transformer|Attention|MultiheadAttention|from_pretrained|create_model|models\./;

/**
 * A clearly small model (issue #13 point 5): built in this file from at most three `Linear` layers with literal
 * sizes and under 100k weights (plus activations), like `nn.Sequential(nn.Linear(20, 64), nn.ReLU(),
 * nn.Linear(64, 3))`. Exploding gradients are rare there: the hint drops to hint level. Anything we cannot
 * size (a class built from arguments, a library model) keeps the default level.
 */
function tinyModel(ctx: RuleContext, model: string | null): boolean {
  if (!model) return false;
  const f = ctx.facts;
  const defs = f.assignmentsTo(model);
  if (defs.length !== 1) return false;
  const def = defs[0];
  const cls = f.classNamed(def.callee);
  const text = cls ? f.code.slice(cls.start, cls.end) : f.code.slice(def.start, def.end);
  if (!cls && !/(^|\.)(Sequential|Linear)$/.test(def.callee)) return false;
  if (BIG_LAYERS.test(text)) return false;
  const linears = [...text.matchAll(/\bLinear\(\s*([^,()]+?)\s*,\s*([^,()]+?)\s*[,)]/g)];
  if (!linears.length || linears.length > 3) return false;
  let weights = 0;
  for (const [, a, b] of linears) {
    if (!/^\d+$/.test(a) || !/^\d+$/.test(b)) return false;
    weights += Number(a) * Number(b);
  }
  // A class may hold other submodules we do not size: only Linear and activations/dropout count as small.
  if (cls && /self\.\w+\s*=\s*(?!nn\.(Linear|ReLU|Tanh|Sigmoid|GELU|Dropout|Sequential)\b)[A-Za-z_][\w.]*\(/.test(text)) return false;
  return weights < 100_000;
}
