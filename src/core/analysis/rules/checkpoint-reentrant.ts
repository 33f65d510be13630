import type { Rule, RuleMeta, RawFinding } from '../rule';
import { defineRule } from '../rule';
import type { CallInfo } from '../structure/model';
import { callArgs } from '../structure/model';
import { callSpan, forwardsKwargs, setKeyword } from './util';

const CHECKPOINT = 'torch.utils.checkpoint.checkpoint';
const SEQUENTIAL = 'torch.utils.checkpoint.checkpoint_sequential';

interface Data {
  call: CallInfo;
  sequential: boolean;
}

/**
 * Activation checkpointing (recompute in backward), not saving checkpoints: only calls that resolve to
 * torch.utils.checkpoint through the file's imports count.
 *
 * Fix policy: `use_reentrant=False` is what PyTorch recommends, but it changes how the recomputation is wired
 * into autograd (hooks, DDP, code written around reentrant quirks), so the fix is offered, never applied on its
 * own. checkpoint_sequential only accepts the keyword from PyTorch 2.0 (1.13 raises "Unexpected keyword
 * arguments"), so no edit is offered for it.
 */
export const checkpointReentrantMeta = {
  id: 'checkpoint-reentrant',
  title: { zh: '激活检查点未显式指定 use_reentrant', en: 'Activation checkpointing without an explicit use_reentrant' },
  defaultSeverity: 'information',
  advice: ['29#3'],
  techniqueCard: 'activation-checkpointing',
  docs: {
    detects: {
      zh: '检测没有显式传 `use_reentrant` 的 `torch.utils.checkpoint.checkpoint(...)` 与 `checkpoint_sequential(...)` 调用（通过导入解析名字，如 `from torch.utils.checkpoint import checkpoint`）。保存模型检查点（torch.save、save_checkpoint…）与此无关。快速修复添加 `use_reentrant=False`，会改变重计算接入 autograd 的方式，所以只作为手动修复；`checkpoint_sequential` 在 PyTorch 2.0 之前不接受该参数，不提供修复。语料库没有讲激活检查点的条目，引用的是显存分配条目；另见技术卡片“激活检查点”。',
      en: 'Detects `torch.utils.checkpoint.checkpoint(...)` and `checkpoint_sequential(...)` calls without an explicit `use_reentrant` (names resolved through imports, e.g. `from torch.utils.checkpoint import checkpoint`). Saving model checkpoints (torch.save, save_checkpoint…) has nothing to do with it. The quick fix adds `use_reentrant=False`; it changes how recomputation is wired into autograd, so it is offered only on request, and not for `checkpoint_sequential`, which rejects the keyword before PyTorch 2.0. The corpus has no item on activation checkpointing; the advice quoted is the GPU-memory allocation item; see the technique card “Activation checkpointing”.',
    },
    why: {
      zh: '不指定时默认使用旧的可重入实现：当块的输入都不需要梯度时（例如冻结的 embedding 之后）参数收不到梯度却不报错，也不支持 torch.autograd.grad 和关键字参数。PyTorch 2.1 起不写会发出警告，并计划把默认值改为 False；显式写出 use_reentrant=False（推荐）才能让行为明确且跨版本一致。',
      en: 'Left out, it falls back to the old reentrant implementation: when none of a block\'s inputs requires grad (e.g. after a frozen embedding) its parameters silently get no gradient, and torch.autograd.grad and keyword inputs are not supported. Since PyTorch 2.1 leaving it out warns, and the default is slated to become False; writing use_reentrant=False (recommended) makes the behaviour explicit and the same on every version.',
    },
    example: [
      'import torch',
      'from torch.utils.checkpoint import checkpoint',
      '',
      'def forward(blocks, h):',
      '    for block in blocks:',
      '        h = checkpoint(block, h)',
      '    return h',
      '',
    ].join('\n'),
    fixedExample: [
      'import torch',
      'from torch.utils.checkpoint import checkpoint',
      '',
      'def forward(blocks, h):',
      '    for block in blocks:',
      '        h = checkpoint(block, h, use_reentrant=False)',
      '    return h',
      '',
    ].join('\n'),
  },
  fixable: true,
} satisfies RuleMeta;

export const checkpointReentrant: Rule = /* @__PURE__ */ defineRule(checkpointReentrantMeta, {
  check(ctx) {
    const out: RawFinding[] = [];
    for (const call of ctx.model.calls) {
      const sequential = call.qname === SEQUENTIAL;
      if (call.qname !== CHECKPOINT && !sequential) continue;
      const a = callArgs(ctx.model, call);
      if (a.keywords.has('use_reentrant') || forwardsKwargs(ctx, call)) continue;
      out.push({
        anchor: callSpan(call),
        message: {
          zh: '激活检查点没有显式指定 use_reentrant：默认的可重入实现在输入不需要梯度时会让参数静默地收不到梯度。请传 use_reentrant=False。',
          en: 'Activation checkpointing without an explicit use_reentrant: the reentrant default silently drops parameter gradients when no input requires grad. Pass use_reentrant=False.',
        },
        data: { call, sequential } satisfies Data,
      });
    }
    return out;
  },
  fix(ctx, finding) {
    const { call, sequential } = finding.data as Data;
    if (sequential) return null;
    const edit = setKeyword(ctx, call, 'use_reentrant', 'False');
    if (!edit) return null;
    return {
      title: {
        zh: '添加 use_reentrant=False（PyTorch 推荐的非可重入实现）',
        en: 'Add use_reentrant=False (the non-reentrant implementation PyTorch recommends)',
      },
      safe: false,
      edits: [edit],
    };
  },
});
