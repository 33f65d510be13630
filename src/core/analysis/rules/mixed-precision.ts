import type { Rule, RuleMeta, RawFinding } from '../rule';
import { defineRule } from '../rule';
import { callSpan } from './util';

export const mixedPrecisionMeta = {
  id: 'mixed-precision',
  title: { zh: 'CUDA 上全程 fp32 训练', en: 'CUDA training entirely in fp32' },
  defaultSeverity: 'information',
  advice: ['4#4', '22#3', '28#1'],
  docs: {
    detects: {
      zh: '检测在 CUDA 上训练、却没有使用任何混合精度（autocast、GradScaler、bf16/fp16、Accelerator(mixed_precision=…)、Trainer(precision=…)）的训练步骤。只在用户主动打开的开关后面才用 CUDA 的脚本视为 CPU 脚本。',
      en: 'Detects training steps on CUDA with no mixed precision at all (autocast, GradScaler, bf16/fp16, Accelerator(mixed_precision=…), Trainer(precision=…)). Scripts that use CUDA only behind an opt-in flag count as CPU scripts.',
    },
    why: {
      zh: '在现代 GPU 上，bf16/fp16 混合精度能把显存占用减半左右并显著提速（Tensor Core），通常不损失精度。',
      en: 'On modern GPUs bf16/fp16 mixed precision roughly halves activation memory and runs much faster on Tensor Cores, usually without hurting accuracy.',
    },
    example: [
      'import torch',
      '',
      'model = Net().cuda()',
      'for x, y in loader:',
      '    x, y = x.cuda(), y.cuda()',
      '    optimizer.zero_grad()',
      '    loss = criterion(model(x), y)',
      '    loss.backward()',
      '    torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)',
      '    optimizer.step()',
      '',
    ].join('\n'),
    fixedExample: [
      'import torch',
      '',
      'model = Net().cuda()',
      'for x, y in loader:',
      '    x, y = x.cuda(), y.cuda()',
      '    optimizer.zero_grad()',
      '    with torch.autocast("cuda", dtype=torch.bfloat16):',
      '        loss = criterion(model(x), y)',
      '    loss.backward()',
      '    torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)',
      '    optimizer.step()',
      '',
    ].join('\n'),
  },
  fixable: false,
} satisfies RuleMeta;

export const mixedPrecision: Rule = /* @__PURE__ */ defineRule(mixedPrecisionMeta, {
  check(ctx) {
    const f = ctx.facts;
    // Accelerate owns the precision of the steps it drives (accelerator.backward); a plain loop in the same file
    // (a notebook showing both) is the script's own.
    const fw = f.frameworks;
    if (fw.lightning || fw.fabric || fw.deepspeed || f.mentionsReducedPrecision() || !f.trainsOnGpu()) return [];
    if (fw.accelerate && !f.usesCuda()) return [];
    const out: RawFinding[] = [];
    for (const step of f.steps()) {
      if (fw.accelerate && /accelerator|accelerate/i.test(step.backward.receiver)) continue;
      out.push({
        anchor: callSpan(step.backward),
        message: {
          zh: '这个 CUDA 训练全程使用 fp32：考虑用 torch.autocast（bf16）或 GradScaler（fp16）做混合精度训练。',
          en: 'This CUDA training runs entirely in fp32: consider mixed precision with torch.autocast (bf16) or GradScaler (fp16).',
        },
      });
    }
    return out;
  },
});
