import type { Rule, RuleMeta, RawFinding, RuleContext } from '../rule';
import { defineRule } from '../rule';
import type { CallInfo, LoopInfo } from '../structure/model';
import { headerSpan } from './util';
import { callArgs } from '../structure/model';
import { callQuery, type Facts } from '../facts/facts';

export const noCheckpointMeta = {
  id: 'no-checkpoint',
  title: { zh: '多轮训练从不保存检查点', en: 'Multi-epoch training never saves a checkpoint' },
  defaultSeverity: 'information',
  advice: ['10#6', '27#6'],
  docs: {
    detects: {
      zh: '检测从不保存训练状态（torch.save 模型或 state_dict、save_pretrained、save_model、accelerator.save_state、fabric.save、save_checkpoint、ModelCheckpoint…）的多 epoch 或按步数的训练循环（Lightning Trainer 与 HF Trainer 默认会保存，不提示）。保存样例图片或日志、激活检查点（torch.utils.checkpoint、gradient_checkpointing）、名为 checkpoint 的变量都不算保存。',
      en: 'Detects multi-epoch or step-based training loops that never save training state (torch.save of a model or state dict, save_pretrained, save_model, accelerator.save_state, fabric.save, save_checkpoint, ModelCheckpoint…); quiet for Lightning\'s and HF\'s Trainer, which checkpoint by default. Saving sample images or logs, activation checkpointing (torch.utils.checkpoint, gradient_checkpointing) and a variable named checkpoint are not checkpoints.',
    },
    why: {
      zh: '长时间训练随时可能因抢占、OOM 或故障中断；没有检查点就只能从头再来，也无法回到验证效果最好的模型。',
      en: 'Long runs get interrupted (preemption, OOM, hardware faults); without checkpoints you restart from scratch and cannot go back to the best validation model.',
    },
    example: [
      'for epoch in range(num_epochs):',
      '    for x, y in train_loader:',
      '        optimizer.zero_grad()',
      '        loss = criterion(model(x), y)',
      '        loss.backward()',
      '        optimizer.step()',
      '    print(epoch, loss.item())',
      '',
    ].join('\n'),
    fixedExample: [
      'for epoch in range(num_epochs):',
      '    for x, y in train_loader:',
      '        optimizer.zero_grad()',
      '        loss = criterion(model(x), y)',
      '        loss.backward()',
      '        optimizer.step()',
      '    print(epoch, loss.item())',
      '    torch.save({"model": model.state_dict(), "epoch": epoch}, "checkpoint.pt")',
      '',
    ].join('\n'),
  },
  fixable: false,
} satisfies RuleMeta;

export const noCheckpoint: Rule = /* @__PURE__ */ defineRule(noCheckpointMeta, {
  check(ctx) {
    const f = ctx.facts;
    if (f.frameworks.lightning || f.frameworks.hfTrainer) return [];
    const out: RawFinding[] = [];
    for (const loop of f.epochLoops()) {
      if (savesAround(ctx, loop)) continue;
      out.push({
        anchor: headerSpan(loop),
        message: {
          zh: '这个多轮训练循环从不保存检查点：中断后只能从头训练。建议每个 epoch（或定期）用 torch.save 保存模型与优化器状态。',
          en: 'This multi-epoch training loop never saves a checkpoint: an interruption means starting over. Save model and optimizer state (torch.save) every epoch or periodically.',
        },
      });
    }
    return out;
  },
});

/**
 * A call that saves model, optimizer or training state: `torch.save`, `save_pretrained`, `save_model`,
 * `accelerator.save_state`, `fabric.save`, `engine.save_checkpoint`, a `ModelCheckpoint` callback, a pickled
 * model. Sample images, logs, a cache `save_dir=`, activation checkpointing (`torch.utils.checkpoint`,
 * `gradient_checkpointing`) and a variable named `checkpoint` are not checkpoints.
 */
function savesState(f: Facts, c: CallInfo): boolean {
  if (c.qname === 'torch.save' || /(^|\.)torch\.save$/.test(c.callee)) return true;
  if (/^(save_pretrained|save_model|save_state|save_checkpoint|save_weights|save_adapter|save_lora\w*|save_file|save_torch_state_dict|save_on_master|save_ckpt|save_network|save_networks|dump_checkpoint|save_16bit_model|save_fp16_model)$/.test(c.method)) return true;
  if (/save|write|dump|store/i.test(c.method) && /(checkpoint|ckpt|state_dict|weights)/i.test(c.method)) return true;
  if (/(^|\.)(ModelCheckpoint|CheckpointCallback|CheckpointSaver|Checkpointer)$/.test(c.callee)) return true;
  const args = c.argsStart >= 0 ? f.code.slice(c.argsStart, c.argsEnd) : '';
  if (c.method === 'save') {
    if (/^(self\.)?(fabric|accelerator|xm|trainer|engine|model_engine|model|net|torch|checkpointer)$/.test(c.receiver)) return true;
    return /state_dict|model|optimizer|checkpoint|ckpt/i.test(args);
  }
  // An imported `save…` helper handed the model (`savePred(df, model, …)`): it may well save its state.
  if (/^save/i.test(c.method) && !f.targets(c).length && callArgs(f.model, c).positional.some((a) => f.modelNames().has(a.trim()))) return true;
  if (/^(pickle|joblib|dill|cloudpickle)\.dump$/.test(c.qname)) return /model|state|net|ckpt|checkpoint|clf|estimator/i.test(args);
  return false;
}

const SAVE_CALL = callQuery('saves training state', savesState);

/**
 * Training state is saved in the loop's function (during or after the loop), in a same-file helper it calls,
 * or in the code that calls that function (the whole module when it is called from module level).
 */
function savesAround(ctx: RuleContext, loop: LoopInfo): boolean {
  const f = ctx.facts;
  if (f.reachHas(loop.fn, SAVE_CALL)) return true;
  if (loop.fn) {
    for (const site of f.callersOf(loop.fn)) {
      if (f.reachHas(site.parent?.fn ?? null, SAVE_CALL)) return true;
    }
  }
  return false;
}
