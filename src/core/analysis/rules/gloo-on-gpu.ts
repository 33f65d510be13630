import type { Rule, RuleMeta, RawFinding } from '../rule';
import { defineRule } from '../rule';
import type { CallInfo } from '../structure/model';
import { callArgs } from '../structure/model';
import { callSpan, replaceLiteral, torchRef } from './util';

interface Data {
  literalStart: number;
  literalEnd: number;
  quote: string;
}

export const glooOnGpuMeta = {
  id: 'gloo-on-gpu',
  title: { zh: 'GPU 训练使用 gloo 后端', en: 'gloo backend for GPU training' },
  defaultSeverity: 'information',
  advice: ['10#4', '27#4'],
  docs: {
    detects: {
      zh: '检测在 CUDA 上训练的脚本中 `init_process_group(backend="gloo")` 的调用（CPU 脚本或已选择 nccl 时不提示）。',
      en: 'Detects `init_process_group(backend="gloo")` in a script that trains on CUDA (quiet for CPU-only scripts or when nccl is chosen).',
    },
    why: {
      zh: 'gloo 的 GPU 集合通信要经过主机内存，远慢于 NVIDIA 的 nccl；多卡 GPU 训练应使用 nccl 后端。',
      en: 'gloo moves GPU collectives through host memory and is far slower than NVIDIA\'s nccl; multi-GPU training should use the nccl backend.',
    },
    example: [
      'import torch',
      'import torch.distributed as dist',
      '',
      'dist.init_process_group(backend="gloo")',
      'model = Net().cuda()',
      '',
    ].join('\n'),
    fixedExample: [
      'import torch',
      'import torch.distributed as dist',
      '',
      'dist.init_process_group(backend="nccl")',
      'model = Net().cuda()',
      '',
    ].join('\n'),
  },
  fixable: true,
} satisfies RuleMeta;

export const glooOnGpu: Rule = /* @__PURE__ */ defineRule(glooOnGpuMeta, {
  check(ctx) {
    const f = ctx.facts;
    if (f.mentions(/nccl/) || !f.usesCuda()) return [];
    const out: RawFinding[] = [];
    for (const call of ctx.model.calls) {
      if (call.method !== 'init_process_group') continue;
      const lit = glooLiteral(ctx.source, call);
      if (!lit) continue;
      out.push({
        anchor: callSpan(call),
        message: {
          zh: '这个脚本在 GPU 上训练，但进程组使用 gloo 后端：GPU 通信请改用 nccl。',
          en: 'This script trains on GPUs but the process group uses the gloo backend: use nccl for GPU communication.',
        },
        data: lit,
      });
    }
    return out;
  },
  fix(ctx, finding) {
    const d = finding.data as Data;
    // nccl when a GPU is there, gloo otherwise: the script keeps running on CPU-only machines.
    const avail = torchRef(ctx, 'cuda.is_available');
    const q = d.quote;
    const edits = [replaceLiteral(ctx, d.literalStart, d.literalEnd, `${q}nccl${q} if ${avail.text}() else ${q}gloo${q}`)];
    if (avail.importEdit) edits.push(avail.importEdit);
    return {
      title: { zh: '有 GPU 时使用 nccl 后端', en: 'Use the nccl backend when a GPU is available' },
      safe: true,
      edits,
    };
  },
});

function glooLiteral(source: string, call: CallInfo): Data | null {
  const a = callArgs({ source } as never, call);
  const v = a.keywords.get('backend') ?? (a.keywords.size === 0 || !a.keywords.has('backend') ? a.positional[0] : undefined);
  if (!v || !/^(['"])gloo\1$/.test(v)) return null;
  const inner = source.slice(call.argsStart, call.argsEnd);
  const idx = inner.search(/(['"])gloo\1/);
  if (idx === -1) return null;
  return { literalStart: call.argsStart + idx, literalEnd: call.argsStart + idx + 6, quote: v[0] };
}
