import type { Rule, RawFinding } from '../rule';
import type { CallInfo, FileModel } from '../facts/model';
import { callArgs } from '../facts/model';
import { callSpan, setKeyword } from './util';

interface Data {
  call: CallInfo;
  /** The loaded object goes straight into `load_state_dict(...)`: it is a state dict, so weights_only loads it. */
  stateDict: boolean;
}

/**
 * Fix policy: `weights_only=True` (PyTorch ≥ 1.13) refuses every pickled object but tensors, primitive values and
 * containers of them. A state dict passed straight to `load_state_dict` is exactly that, so that fix is safe. Any
 * other load may be a whole checkpoint holding an argparse.Namespace, numpy values or a pickled model, which
 * weights_only rejects: the fix is offered there but not applied automatically.
 */
export const torchLoadWeightsOnly: Rule = {
  id: 'torch-load-weights-only',
  title: { zh: 'torch.load 未设置 weights_only=True', en: 'torch.load without weights_only=True' },
  defaultSeverity: 'information',
  advice: ['6#2', '26#2'],
  docs: {
    detects: {
      zh: '检测没有传 `weights_only` 的 `torch.load(...)` 调用（包括 `from torch import load`）。显式写了 `weights_only=False`、指定了 `pickle_module`，或用 `**kwargs` 传参时视为有意为之，不提示。快速修复添加 `weights_only=True`（需要 PyTorch ≥ 1.13）：结果直接传给 `load_state_dict(...)` 时是安全修复，其他情况（文件可能是包含其他 Python 对象的完整检查点）只作为手动修复提供。语料库没有直接讲反序列化风险的条目，引用的是数据安全中的访问控制条目；另见技术卡片“检查点”。',
      en: 'Detects `torch.load(...)` calls that do not pass `weights_only` (also through `from torch import load`). An explicit `weights_only=False`, a `pickle_module`, or `**kwargs` is taken as a deliberate choice and left alone. The quick fix adds `weights_only=True` (PyTorch ≥ 1.13): a safe fix when the result goes straight into `load_state_dict(...)`, offered only on request elsewhere (the file may be a full checkpoint with other Python objects). The corpus has no item on unpickling risks; the advice quoted is the data-security items on access control; see also the technique card “Checkpointing”.',
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
  check(ctx) {
    const out: RawFinding[] = [];
    for (const call of ctx.model.calls) {
      if (call.qname !== 'torch.load' && call.qname !== 'torch.serialization.load') continue;
      const a = callArgs(ctx.model, call);
      if (a.splat || a.keywords.has('weights_only') || a.keywords.has('pickle_module') || a.positional.length >= 3) continue;
      out.push({
        anchor: callSpan(call),
        message: {
          zh: 'torch.load 没有设置 weights_only=True：加载不可信的检查点会执行其中的任意代码。只加载权重时请传 weights_only=True。',
          en: 'torch.load without weights_only=True runs arbitrary code from an untrusted checkpoint. Pass weights_only=True when loading weights.',
        },
        data: { call, stateDict: feedsLoadStateDict(ctx.model, call) } satisfies Data,
      });
    }
    return out;
  },
  fix(ctx, finding) {
    const { call, stateDict } = finding.data as Data;
    const edit = setKeyword(ctx, call, 'weights_only', 'True');
    if (!edit) return null;
    return {
      title: stateDict
        ? { zh: '添加 weights_only=True（只加载权重）', en: 'Add weights_only=True (load weights only)' }
        : {
          zh: '添加 weights_only=True（若文件中还有张量以外的 Python 对象，加载会失败）',
          en: 'Add weights_only=True (loading fails if the file holds Python objects other than tensors)',
        },
      safe: stateDict,
      edits: [edit],
    };
  },
};

/** Is `load` the only argument of a `….load_state_dict(...)` call (`model.load_state_dict(torch.load(p))`)? */
function feedsLoadStateDict(model: FileModel, load: CallInfo): boolean {
  const { calls, source } = model;
  for (let i = load.index - 1; i >= 0 && calls[i].end >= load.end; i--) {
    const outer = calls[i];
    if (outer.method !== 'load_state_dict' || outer.argsStart === -1) continue;
    const args = callArgs(model, outer);
    const first = args.positional[0] ?? args.keywords.get('state_dict');
    return first !== undefined && first === source.slice(load.start, load.end).trim();
  }
  return false;
}
