/**
 * Column / key / tag names → canonical series names. Matching is case-insensitive after folding the
 * separators ` / . -` to `_`. Documented in docs/runs.md ("Recognized names"); anything not listed keeps its
 * folded name as an "other metric".
 */
import type { KnownSeries } from './types';

const ALIASES: Record<Exclude<KnownSeries, 'epoch' | 'wall_time'>, string[]> = {
  train_loss: ['loss', 'train_loss', 'training_loss', 'train_loss_step', 'loss_step', 'trn_loss', 'train_losses', 'tr_loss', 'train_loss_iter', 'lm_loss'],
  eval_loss: ['eval_loss', 'val_loss', 'valid_loss', 'validation_loss', 'val_loss_epoch', 'val_loss_step', 'dev_loss', 'test_loss_val', 'eval_losses', 'val_losses'],
  learning_rate: ['lr', 'learning_rate', 'learningrate', 'train_learning_rate', 'train_lr', 'lr_0', 'lr_group_0', 'lr_pg0'],
  grad_norm: ['grad_norm', 'gradient_norm', 'grad_norm_total', 'total_grad_norm', 'train_grad_norm', 'gnorm', 'grad_l2_norm', 'norm_grad', 'grad_norm_2_0_norm_total'],
  throughput: ['tokens_per_sec', 'tokens_per_second', 'tok_per_sec', 'tokens_s', 'samples_per_sec', 'samples_per_second', 'train_samples_per_second', 'throughput', 'it_per_sec', 'its_per_sec', 'iter_per_sec', 'steps_per_second', 'train_steps_per_second', 'imgs_per_sec', 'images_per_sec', 'tflops'],
  memory: ['memory', 'mem', 'memory_allocated', 'mem_allocated', 'gpu_mem', 'gpu_memory', 'cuda_memory', 'memory_gb', 'mem_gb', 'memory_mb', 'mem_mb', 'allocated_gb', 'allocated_mb', 'max_memory_allocated', 'peak_memory', 'gpu_mem_gb', 'memory_allocated_gb', 'memory_allocated_mb'],
};

const STEP = ['step', 'global_step', 'steps', 'iter', 'iteration', 'iterations', 'it', 'batch', 'global_iter', 'trainer_global_step'];
const EPOCH = ['epoch', 'epochs', 'ep'];
const WALL = ['wall_time', 'time', 'timestamp', 'elapsed', 'elapsed_time', 'walltime', 'created_at'];

const TABLE = new Map<string, string>();
for (const [name, list] of Object.entries(ALIASES)) for (const alias of list) TABLE.set(alias, name);
for (const a of EPOCH) TABLE.set(a, 'epoch');
for (const a of WALL) TABLE.set(a, 'wall_time');
const STEPS = new Set(STEP);

/** `Train/Loss` → `train_loss`, `lr-AdamW` → `lr_adamw`. */
export function foldName(raw: string): string {
  return raw.trim().toLowerCase().replace(/[\s/.\-]+/g, '_').replace(/^_+|_+$/g, '');
}

export function isStepName(raw: string): boolean {
  return STEPS.has(foldName(raw));
}

/** The series a column/key/tag feeds: a canonical name, or its folded name for any other metric. */
export function canonicalSeries(raw: string): string {
  const f = foldName(raw);
  const hit = TABLE.get(f);
  if (hit) return hit;
  // Lightning's LearningRateMonitor logs `lr-AdamW`, `lr-SGD-momentum`; TensorBoard scalars are often `train/lr`.
  if (/^lr_[a-z]/.test(f) && !/loss/.test(f)) return 'learning_rate';
  for (const prefix of ['train_', 'training_']) {
    if (f.startsWith(prefix)) {
      const rest = TABLE.get(f.slice(prefix.length));
      if (rest && rest !== 'eval_loss' && rest !== 'epoch' && rest !== 'wall_time') return rest;
    }
  }
  for (const prefix of ['eval_', 'val_', 'valid_', 'validation_']) {
    if (f.startsWith(prefix) && TABLE.get(f.slice(prefix.length)) === 'train_loss') return 'eval_loss';
  }
  // A grouped tag (`perf/tokens_per_sec`, `optim/grad_norm`) named by its last part — unless that part is a
  // bare loss, whose meaning (train or eval) lives in the group.
  const slash = raw.lastIndexOf('/');
  if (slash > 0 && slash < raw.length - 1) {
    const last = TABLE.get(foldName(raw.slice(slash + 1)));
    if (last && last !== 'train_loss' && last !== 'epoch') return last;
  }
  // TensorBoard tags written as `Loss/train`, `loss/val`, `lr/group0`.
  const suffix = /^(.+?)_(train|training|val|valid|validation|eval|dev)$/.exec(f);
  if (suffix && TABLE.get(suffix[1]) === 'train_loss') return suffix[2].startsWith('train') ? 'train_loss' : 'eval_loss';
  return f;
}

/** Documented alias lists (for docs and tests). */
export const SERIES_ALIASES: Readonly<Record<string, readonly string[]>> = { ...ALIASES, step: STEP, epoch: EPOCH, wall_time: WALL };
