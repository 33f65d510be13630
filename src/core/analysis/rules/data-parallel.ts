import type { Rule, RuleMeta, RawFinding } from '../rule';
import { defineRule } from '../rule';
import { callSpan } from './util';

export const dataParallelMeta = {
  id: 'data-parallel',
  title: { zh: '使用 DataParallel 多卡训练', en: 'Multi-GPU training with DataParallel' },
  defaultSeverity: 'information',
  advice: ['10#1', '10#4'],
  docs: {
    detects: {
      zh: '检测用 `torch.nn.DataParallel` 做多卡训练的脚本（文件中已有 DistributedDataParallel、FSDP 或 DeepSpeed 时不提示）。',
      en: 'Detects multi-GPU training with `torch.nn.DataParallel` (quiet when the file already uses DistributedDataParallel, FSDP or DeepSpeed).',
    },
    why: {
      zh: 'DataParallel 是单进程多线程：每步都在主卡上复制模型、汇总输出，受 GIL 限制、主卡显存不均衡，扩展性远不如 DistributedDataParallel。',
      en: 'DataParallel is single-process and multi-threaded: it re-replicates the model and gathers outputs on GPU 0 every step, is limited by the GIL and overloads GPU 0; DistributedDataParallel scales far better.',
    },
    example: [
      'import torch',
      'import torch.nn as nn',
      '',
      'model = nn.DataParallel(Net()).cuda()',
      'optimizer = torch.optim.AdamW(model.parameters())',
      '',
    ].join('\n'),
    fixedExample: [
      'import torch',
      'import torch.distributed as dist',
      'from torch.nn.parallel import DistributedDataParallel as DDP',
      '',
      'dist.init_process_group("nccl")',
      'model = DDP(Net().cuda())',
      'optimizer = torch.optim.AdamW(model.parameters())',
      '',
    ].join('\n'),
  },
  fixable: false,
} satisfies RuleMeta;

export const dataParallel: Rule = /* @__PURE__ */ defineRule(dataParallelMeta, {
  check(ctx) {
    const f = ctx.facts;
    if (f.mentions(/DistributedDataParallel|FullyShardedDataParallel|\bFSDP\b|fully_shard|deepspeed/)) return [];
    const trains = f.optimizers().length > 0 || ctx.model.calls.some((c) => f.isBackward(c));
    if (!trains) return [];
    const out: RawFinding[] = [];
    for (const call of ctx.model.calls) {
      if (call.qname !== 'torch.nn.DataParallel' && call.qname !== 'torch.nn.parallel.DataParallel'
        && call.qname !== 'torch.nn.parallel.data_parallel.DataParallel') continue;
      out.push({
        anchor: callSpan(call),
        message: {
          zh: 'DataParallel 多卡训练效率低：建议改用 DistributedDataParallel（每卡一个进程，torchrun 启动）。',
          en: 'DataParallel trains inefficiently on several GPUs: prefer DistributedDataParallel (one process per GPU, launched with torchrun).',
        },
      });
    }
    return out;
  },
});
