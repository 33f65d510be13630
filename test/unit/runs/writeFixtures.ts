/**
 * Writes test/fixtures/runs/synthetic/: one run per diagnosis (from the recipes in synthetic.ts) plus a healthy
 * run, each in a different file format so `diagnose test/fixtures/runs` exercises every reader. Run with
 * `npx tsx test/unit/runs/writeFixtures.ts` after changing a recipe; expected.json is checked by a test.
 */
import fs from 'node:fs';
import path from 'node:path';
import { healthy, makeRun, recipes, type Curves } from './synthetic';
import { encodeEvents } from './tfrecordWriter';

const root = path.join(__dirname, '../../fixtures/runs/synthetic');
const g = (v: number) => (Number.isNaN(v) ? 'nan' : String(Number(v.toPrecision(5))));

function rows(c: Curves) {
  const run = makeRun(c, 7);
  const by = new Map(run.series.map((s) => [s.name, s]));
  const out: Array<Record<string, number>> = [];
  const n = c.steps;
  for (let i = 0; i < n; i += 2) {
    const r: Record<string, number> = { step: i };
    for (const name of ['train_loss', 'learning_rate', 'grad_norm', 'throughput', 'memory']) {
      const s = by.get(name);
      if (s) r[name] = s.values[i];
    }
    out.push(r);
  }
  const ev = by.get('eval_loss');
  const evals = ev ? Array.from(ev.steps, (s, i) => ({ step: s, eval_loss: ev.values[i] })) : [];
  return { rows: out, evals };
}

function write(rel: string, text: string | Uint8Array) {
  const file = path.join(root, rel);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
}

const csv = (c: Curves, names: string[]) => {
  const { rows: rs } = rows(c);
  return [['step', ...names].join(','), ...rs.map((r) => [r.step, ...names.map((n) => g(r[n]))].join(','))].join('\n') + '\n';
};

fs.rmSync(root, { recursive: true, force: true });

// healthy: JSONL with nested keys and every series.
{
  const { rows: rs, evals } = rows(healthy);
  const lines = rs.map((r) => JSON.stringify({ step: r.step, train: { loss: +g(r.train_loss) }, lr: r.learning_rate, grad_norm: +g(r.grad_norm), tokens_per_sec: +g(r.throughput), memory_gb: +g(r.memory) }));
  for (const e of evals) lines.push(JSON.stringify({ step: e.step, val_loss: +g(e.eval_loss) }));
  write('healthy/metrics.jsonl', lines.join('\n') + '\n');
}
// nan-loss: plain CSV with Python's `nan`.
write('nan-loss/train_metrics.csv', csv(recipes['nan-loss'].fires, ['train_loss', 'learning_rate', 'grad_norm']));
// loss-spike: key=value printed log.
{
  const { rows: rs } = rows(recipes['loss-spike'].fires);
  write('loss-spike/train.log', rs.map((r) => `2024-05-01 12:00:00 INFO step=${r.step} loss=${g(r.train_loss)} lr=${g(r.learning_rate)} grad_norm=${g(r.grad_norm)}`).join('\n') + '\n');
}
// divergence: JSONL with Python's NaN-free floats.
{
  const { rows: rs } = rows(recipes.divergence.fires);
  write('divergence/metrics.jsonl', rs.map((r) => JSON.stringify({ iter: r.step, loss: +g(r.train_loss), learning_rate: r.learning_rate })).join('\n') + '\n');
}
// exploding-gradients: Hugging Face printed dicts (no step: record numbers).
{
  const { rows: rs } = rows(recipes['exploding-gradients'].fires);
  write('exploding-gradients/train.log', rs.map((r) => `{'loss': ${g(r.train_loss)}, 'grad_norm': ${g(r.grad_norm)}, 'learning_rate': ${g(r.learning_rate)}, 'epoch': ${g(r.step / 1000)}}`).join('\n') + '\n');
}
// vanishing-gradients: CSV with other column names.
{
  const { rows: rs } = rows(recipes['vanishing-gradients'].fires);
  write('vanishing-gradients/training_history.csv', ['global_step,Train Loss,Gradient Norm', ...rs.map((r) => `${r.step},${g(r.train_loss)},${g(r.grad_norm)}`)].join('\n') + '\n');
}
// overfitting: Hugging Face output folder with two checkpoints; the newest one has the whole history.
{
  const { rows: rs, evals } = rows(recipes.overfitting.fires);
  const history = (upTo: number) => {
    const h: Array<Record<string, number>> = [];
    for (const r of rs) if (r.step > 0 && r.step % 20 === 0 && r.step <= upTo) h.push({ epoch: r.step / 250, grad_norm: +g(r.grad_norm), learning_rate: r.learning_rate, loss: +g(r.train_loss), step: r.step });
    for (const e of evals) if (e.step <= upTo) h.push({ epoch: e.step / 250, eval_loss: +g(e.eval_loss), eval_runtime: 3.1, eval_samples_per_second: 150.2, step: e.step });
    h.sort((a, b) => a.step - b.step || ('eval_loss' in a ? 1 : -1));
    return h;
  };
  const state = (upTo: number) => JSON.stringify({ best_metric: 0.93, best_model_checkpoint: 'output/checkpoint-400', epoch: upTo / 250, global_step: upTo, log_history: history(upTo), max_steps: 1000 }, null, 2) + '\n';
  write('overfitting/output/checkpoint-500/trainer_state.json', state(500));
  write('overfitting/output/checkpoint-1000/trainer_state.json', state(1000));
}
// plateau: Lightning CSVLogger layout (sparse: lr rows apart from loss rows).
{
  const { rows: rs } = rows(recipes.plateau.fires);
  const lines = ['epoch,lr-AdamW,step,train_loss_step'];
  for (const r of rs) {
    lines.push(`${Math.floor(r.step / 100)},${g(r.learning_rate)},${r.step},`);
    lines.push(`${Math.floor(r.step / 100)},,${r.step},${g(r.train_loss)}`);
  }
  write('plateau/lightning_logs/version_0/metrics.csv', lines.join('\n') + '\n');
}
// no-warmup: TensorBoard, new-style tensor summaries, split over two event files.
{
  const { rows: rs } = rows(recipes['no-warmup'].fires);
  const events = rs.map((r) => ({ step: r.step, scalars: { 'train/loss': r.train_loss, 'train/learning_rate': r.learning_rate } }));
  write('no-warmup/runs/events.out.tfevents.1700000000.host.1.0', encodeEvents(events.slice(0, 200), 'tensor'));
  write('no-warmup/runs/events.out.tfevents.1700000400.host.1.0', encodeEvents(events.slice(200), 'tensor'));
}
// not-learning: nanoGPT-style "iter N: loss X, time Yms" lines.
{
  const { rows: rs } = rows(recipes['not-learning'].fires);
  write('not-learning/train.log', ['Initializing a new model from scratch', ...rs.map((r) => `iter ${r.step}: loss ${Number(r.train_loss).toFixed(4)}, time ${(30 + (r.step % 7)).toFixed(2)}ms, mfu 12.3%`)].join('\n') + '\n');
}
// slowdown: TensorBoard, simple_value summaries.
{
  const { rows: rs } = rows(recipes.slowdown.fires);
  write('slowdown/events.out.tfevents.1700000000.host.2.0', encodeEvents(rs.map((r) => ({ step: r.step, scalars: { 'Loss/train': r.train_loss, lr: r.learning_rate, 'perf/tokens_per_sec': r.throughput } }))));
}
// memory-growth: CSV.
write('memory-growth/metrics.csv', csv(recipes['memory-growth'].fires, ['train_loss', 'learning_rate', 'memory']));
