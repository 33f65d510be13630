import type { Rule, RuleMeta, RawFinding, RuleContext } from '../rule';
import { defineRule } from '../rule';
import type { CallInfo } from '../structure/model';
import { lastSegment } from '../facts/patterns';
import { callArgs } from '../structure/model';
import { callSpan, setKeyword } from './util';

interface Data {
  call: CallInfo;
}

/**
 * Fix policy: `weights_only=True` (PyTorch ≥ 1.13) refuses everything but tensors and a few plain types, and on
 * 1.13 even a Python float (opcode BINFLOAT) fails to load. A model's state dict passed straight to
 * `model.load_state_dict(...)` holds only tensors, so adding the flag there is a safe fix (the PyTorch run test
 * loads one on 1.13). Optimizer / scheduler / GradScaler state (learning rates, betas: floats) and whole
 * checkpoints (argparse.Namespace, numpy values, pickled models) may fail to load, on 1.13 or at all: no edit is
 * offered for them; the message says what to check.
 */
export const torchLoadWeightsOnlyMeta = {
  id: 'torch-load-weights-only',
  title: { zh: 'torch.load 未设置 weights_only=True', en: 'torch.load without weights_only=True' },
  defaultSeverity: 'information',
  advice: ['26#2'],
  techniqueCard: 'access-control',
  docs: {
    detects: {
      zh: '检测没有传 `weights_only` 的 `torch.load(...)` 调用（包括 `from torch import load`）。显式写了 `weights_only=False`、指定了 `pickle_module`，或用 `**kwargs` 传参时视为有意为之，不提示。快速修复添加 `weights_only=True`（需要 PyTorch ≥ 1.13），只在结果直接传给模型的 `load_state_dict(...)` 时提供（模型的 state dict 只含张量，是安全修复）；优化器、调度器、GradScaler 的状态含有 Python 浮点数（PyTorch 1.13 的 weights_only 无法读取），完整检查点还可能含 argparse.Namespace、numpy 值等，这些情况不提供修复，需要作者确认文件内容后自行添加。语料库没有直接讲反序列化风险的条目，引用的是数据安全中的访问控制条目；另见技术卡片“检查点”。',
      en: 'Detects `torch.load(...)` calls that do not pass `weights_only` (also through `from torch import load`). An explicit `weights_only=False`, a `pickle_module`, or `**kwargs` is taken as a deliberate choice and left alone. The quick fix adds `weights_only=True` (PyTorch ≥ 1.13) only where the result goes straight into a model\'s `load_state_dict(...)` (a model state dict holds only tensors: a safe fix). Optimizer, scheduler and GradScaler state holds Python floats, which PyTorch 1.13\'s weights_only cannot read, and whole checkpoints may hold argparse.Namespace or numpy values: no fix there; add the flag after checking what the file holds. The corpus has no item on unpickling risks; the advice quoted is the data-security items on access control; see also the technique card “Checkpointing”.',
    },
    why: {
      zh: '`torch.load` 默认（PyTorch 2.6 之前）用 pickle 反序列化，加载一个被篡改或来源不明的检查点会执行其中任意代码。`weights_only=True` 只允许张量和基本容器，加载权重时没有代价；PyTorch 2.6 起它成为默认值，显式写出能让代码在各版本上行为一致。',
      en: '`torch.load` unpickles by default (before PyTorch 2.6), so loading a tampered or untrusted checkpoint runs arbitrary code. `weights_only=True` only admits tensors and plain containers, which costs nothing when loading weights; it became the default in PyTorch 2.6, and writing it out keeps the behaviour the same on every version.',
    },
    example: [
      'import torch',
      '',
      'model = Net()',
      'model.load_state_dict(torch.load("model.pt", map_location="cpu"))',
      '',
    ].join('\n'),
    fixedExample: [
      'import torch',
      '',
      'model = Net()',
      'model.load_state_dict(torch.load("model.pt", map_location="cpu", weights_only=True))',
      '',
    ].join('\n'),
  },
  fixable: true,
} satisfies RuleMeta;

export const torchLoadWeightsOnly: Rule = /* @__PURE__ */ defineRule(torchLoadWeightsOnlyMeta, {
  check(ctx) {
    const out: RawFinding[] = [];
    for (const call of ctx.model.calls) {
      if (call.qname !== 'torch.load' && call.qname !== 'torch.serialization.load') continue;
      const a = callArgs(ctx.model, call);
      // `*args` may carry pickle_module (third positional), `**kwargs` weights_only: unknown, so quiet.
      if (a.splat || a.keywords.has('weights_only') || a.keywords.has('pickle_module') || a.positional.length >= 3) continue;
      out.push({
        anchor: callSpan(call),
        message: {
          zh: 'torch.load 没有设置 weights_only=True：加载不可信的检查点会执行其中的任意代码。只加载权重时请传 weights_only=True。',
          en: 'torch.load without weights_only=True runs arbitrary code from an untrusted checkpoint. Pass weights_only=True when loading weights.',
        },
        data: { call } satisfies Data,
      });
    }
    return out;
  },
  fix(ctx, finding) {
    const { call } = finding.data as Data;
    if (!feedsModelStateDict(ctx, call)) return null;
    const edit = setKeyword(ctx, call, 'weights_only', 'True');
    if (!edit) return null;
    return {
      title: { zh: '添加 weights_only=True（只加载模型权重）', en: 'Add weights_only=True (load model weights only)' },
      safe: true,
      edits: [edit],
    };
  },
});

/** Optimizer, scheduler and scaler state holds Python floats (lr, betas), which 1.13's weights_only rejects. */
const NOT_A_MODEL = /optim|^opt|opt$|sched|scaler|lr_/i;

/** Is `load` the only argument of a model's `load_state_dict(...)` (`model.load_state_dict(torch.load(p))`)? */
function feedsModelStateDict(ctx: RuleContext, load: CallInfo): boolean {
  const { calls, source } = ctx.model;
  const optimizers = new Set(ctx.facts.optimizers().map((o) => o.call.assignedTo));
  for (let i = load.index - 1; i >= 0 && calls[i].end >= load.end; i--) {
    const outer = calls[i];
    if (outer.method !== 'load_state_dict' || outer.argsStart === -1) continue;
    if (NOT_A_MODEL.test(lastSegment(outer.receiver)) || optimizers.has(outer.receiver)) return false;
    const args = callArgs(ctx.model, outer);
    const first = args.positional[0] ?? args.keywords.get('state_dict');
    return first !== undefined && first === source.slice(load.start, load.end).trim();
  }
  return false;
}
