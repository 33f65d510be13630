/**
 * The run readers on real files of every format (test/fixtures/runs/real, sources in its README), on live
 * files read in pieces, and on corrupt input: clear errors with file and line/offset, everything before kept.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { canonicalSeries } from '../../../src/core/runs/aliases';
import { formatOf, groupRuns } from '../../../src/core/runs/formats';
import { readRun, RunReading } from '../../../src/core/runs/readRun';
import type { RunData, RunFormat } from '../../../src/core/runs/types';
import { Writer } from 'protobufjs';
import { encodeEvents, frame } from './tfrecordWriter';

const REAL = path.resolve(__dirname, '../../fixtures/runs/real');
const enc = (s: string) => new TextEncoder().encode(s);
const read = (file: string, format: RunFormat, bytes: Uint8Array) => readRun(file, format, [{ file, bytes }]);
const values = (run: RunData, name: string) => Array.from(run.series.find((s) => s.name === name)?.values ?? []);
const steps = (run: RunData, name: string) => Array.from(run.series.find((s) => s.name === name)?.steps ?? []);
const names = (run: RunData) => run.series.map((s) => s.name);

function readReal(rel: string): RunData {
  const file = path.join(REAL, rel);
  return read(file, formatOf(file)!, fs.readFileSync(file));
}

describe('run readers on real files', () => {
  it('Hugging Face trainer_state.json: train and eval records, meta, no end-of-run summary point', () => {
    const run = readReal('hf-imdb-lora/trainer_state.json');
    assert.deepEqual(run.issues, []);
    assert.equal(values(run, 'train_loss').length, 18);
    assert.equal(values(run, 'train_loss')[0], 0.6899);
    assert.equal(steps(run, 'train_loss')[0], 20);
    assert.deepEqual(steps(run, 'eval_loss'), [125, 250, 375]);
    assert.equal(values(run, 'grad_norm').length, 18);
    assert.equal(values(run, 'learning_rate')[0], 0.00018986666666666668);
    assert.equal(run.meta.global_step, 375);
  });

  it('Lightning metrics.csv: sparse columns, Python nan kept as NaN, negative losses', () => {
    const nan = readReal('lightning-gan-nan/metrics.csv');
    assert.deepEqual(nan.issues, []);
    assert.equal(values(nan, 'train_disc_loss')[0], 1.6226933508321501e24);
    assert.ok(Number.isNaN(values(nan, 'train_disc_loss')[1]));
    const ok = readReal('lightning-gan/metrics.csv');
    assert.equal(values(ok, 'train_gen_loss')[0], -0.1847998946905136);
    assert.equal(steps(ok, 'train_gen_loss').length, 320);
  });

  it('TensorBoard event file from Lightning: every record CRC-checked, scalars by tag', () => {
    const run = readReal('tensorboard-lstm/events.out.tfevents.1716735746.99c8c45923de.3769.0');
    assert.deepEqual(run.issues, []);
    assert.ok(names(run).includes('train_loss') && names(run).includes('eval_loss'));
    assert.equal(values(run, 'train_loss').length, 631);
    assert.equal(steps(run, 'train_loss')[0], 49);
    assert.ok(Math.abs(values(run, 'train_loss')[0] - 2.0573372840881348) < 1e-6);
    assert.deepEqual(steps(run, 'eval_loss'), [13261, 26523]);
  });
});

describe('run readers: formats and aliases', () => {
  it('maps documented aliases case-insensitively', () => {
    for (const [raw, want] of [
      ['loss', 'train_loss'], ['Train Loss', 'train_loss'], ['train/loss', 'train_loss'], ['Loss/train', 'train_loss'], ['train_loss_step', 'train_loss'],
      ['val_loss', 'eval_loss'], ['eval/loss', 'eval_loss'], ['Loss/val', 'eval_loss'], ['validation_loss', 'eval_loss'],
      ['lr', 'learning_rate'], ['lr-AdamW', 'learning_rate'], ['train/learning_rate', 'learning_rate'],
      ['grad_norm', 'grad_norm'], ['Gradient Norm', 'grad_norm'], ['tokens_per_sec', 'throughput'], ['perf/tokens_per_sec', 'throughput'],
      ['memory_allocated', 'memory'], ['eval_accuracy', 'eval_accuracy'], ['train_loss_epoch', 'train_loss_epoch'],
    ]) assert.equal(canonicalSeries(raw), want, raw);
  });

  it('JSONL: nested keys, NaN/Infinity as Python writes them, step from iter', () => {
    const run = read('m.jsonl', 'jsonl', enc('{"iter": 5, "train": {"loss": 2.5}, "lr": 1e-3}\n{"iter": 6, "train": {"loss": NaN}, "grad_norm": Infinity}\n'));
    assert.deepEqual(run.issues, []);
    assert.deepEqual(steps(run, 'train_loss'), [5, 6]);
    assert.ok(Number.isNaN(values(run, 'train_loss')[1]));
    assert.deepEqual(values(run, 'grad_norm'), [Infinity]);
  });

  it('printed logs: HF dicts, key=value, "iter N: loss X" with step time', () => {
    const run = read('train.log', 'log', enc([
      "{'loss': 2.31, 'grad_norm': 1.5, 'learning_rate': 5e-05, 'epoch': 0.1}",
      'Some banner line with 42 numbers 7 that is not a metric',
      'step=200 loss=1.5 lr=1e-4',
      'iter 300: loss 1.2000, time 34.12ms, mfu 12.30%',
      "{'eval_loss': nan, 'eval_runtime': 3.1, 'epoch': 1.0}",
    ].join('\n')));
    assert.deepEqual(steps(run, 'train_loss'), [0, 200, 300]);
    assert.deepEqual(values(run, 'train_loss'), [2.31, 1.5, 1.2]);
    assert.deepEqual(values(run, 'step_time_ms'), [34.12]);
    assert.ok(Number.isNaN(values(run, 'eval_loss')[0]));
    assert.deepEqual(values(run, 'learning_rate'), [5e-5, 1e-4]);
  });

  it('TensorBoard: new-style rank-0 tensor summaries and several event files per folder', () => {
    const a = encodeEvents([{ step: 1, scalars: { 'train/loss': 2 } }, { step: 2, scalars: { 'train/loss': 1.5 } }], 'tensor');
    const b = encodeEvents([{ step: 3, scalars: { 'train/loss': 1.25, lr: 0.5 } }], 'simple');
    const run = readRun('runs', 'tensorboard', [{ file: 'runs/events.out.tfevents.1', bytes: a }, { file: 'runs/events.out.tfevents.2', bytes: b }]);
    assert.deepEqual(run.issues, []);
    assert.deepEqual(steps(run, 'train_loss'), [1, 2, 3]);
    assert.deepEqual(values(run, 'train_loss'), [2, 1.5, 1.25]);
    assert.deepEqual(values(run, 'learning_rate'), [0.5]);
  });

  it('TensorBoard: steps over images, histograms and graph_def; float_val / int64_val / half_val scalars; a corrupt Event is reported', () => {
    // Encoded field by field with protobufjs's Writer (field numbers of event.proto / summary.proto / tensor.proto).
    const msg = (f: (w: Writer) => void) => { const w = Writer.create(); f(w); return w.finish(); };
    const tensor = (dtype: number, f: (w: Writer) => void, dims: number[] = []) => msg((w) => {
      w.uint32((1 << 3) | 0).int32(dtype);
      w.uint32((2 << 3) | 2).bytes(msg((s) => dims.forEach((d) => s.uint32((2 << 3) | 2).bytes(msg((x) => x.uint32(8).int64(d))))));
      f(w);
    });
    const value = (tag: string, f: (w: Writer) => void) => msg((w) => { w.uint32((1 << 3) | 2).string(tag); f(w); });
    const summaryValues = [
      value('images/sample', (w) => w.uint32((4 << 3) | 2).bytes(new Uint8Array(300).fill(7))), // Summary.Value.image
      value('weights/hist', (w) => w
        .uint32((9 << 3) | 2).bytes(msg((m) => m.uint32((1 << 3) | 2).bytes(msg((p) => p.uint32((1 << 3) | 2).string('histograms')))))
        .uint32((8 << 3) | 2).bytes(tensor(1, (t) => t.uint32((5 << 3) | 2).fork().float(1).float(2).float(3).ldelim(), [3]))),
      value('train/loss', (w) => w.uint32((8 << 3) | 2).bytes(tensor(1, (t) => t.uint32((5 << 3) | 2).fork().float(0.5).float(9).ldelim()))),
      value('tokens', (w) => w.uint32((8 << 3) | 2).bytes(tensor(9, (t) => t.uint32((10 << 3) | 0).int64(123456789012)))),
      value('lr', (w) => w.uint32((8 << 3) | 2).bytes(tensor(19, (t) => t.uint32((13 << 3) | 0).int32(0x3c00)))),
    ];
    const event = msg((w) => {
      w.uint32((1 << 3) | 1).double(1.7e9).uint32((2 << 3) | 0).int64(2 ** 40);
      w.uint32((4 << 3) | 2).bytes(new Uint8Array(1000).fill(1)); // graph_def
      w.uint32((5 << 3) | 2).bytes(msg((s) => summaryValues.forEach((v) => s.uint32((1 << 3) | 2).bytes(v))));
    });
    const corrupt = event.slice(0, event.length - 5);
    const later = encodeEvents([{ step: 2 ** 40 + 1, scalars: { 'train/loss': 0.25 } }]);
    const bytes = new Uint8Array([...frame(event), ...frame(corrupt), ...later]);
    const run = read('e', 'tensorboard', bytes);
    assert.equal(run.issues.length, 1, JSON.stringify(run.issues));
    assert.match(run.issues[0].message, /undecodable Event protobuf/);
    assert.equal(run.issues[0].offset, 16 + event.length);
    assert.deepEqual(names(run).filter((n) => n !== 'wall_time'), ['train_loss', 'tokens', 'learning_rate']);
    assert.deepEqual(steps(run, 'train_loss'), [2 ** 40, 2 ** 40 + 1]);
    assert.deepEqual(values(run, 'train_loss'), [0.5, 0.25]);
    assert.deepEqual(values(run, 'tokens'), [123456789012]);
    assert.deepEqual(values(run, 'learning_rate'), [1]);
    assert.deepEqual(values(run, 'wall_time')[0], 1.7e9);
  });

  it('groups run files: one run per TensorBoard folder, the newest Trainer checkpoint', () => {
    const runs = groupRuns([
      'a/runs/events.out.tfevents.2', 'a/runs/events.out.tfevents.1', 'out/checkpoint-500/trainer_state.json',
      'out/checkpoint-1500/trainer_state.json', 'out/checkpoint-1000/trainer_state.json', 'logs/metrics.csv', 'notes.md',
    ]);
    assert.deepEqual(runs.map((r) => [r.path, r.format, r.files.length]), [
      ['a/runs', 'tensorboard', 2], ['logs/metrics.csv', 'lightning-csv', 1], ['out/checkpoint-1500/trainer_state.json', 'hf-trainer-state', 1],
    ]);
  });
});

describe('run readers: live files and incremental re-reads', () => {
  function feedInPieces(format: RunFormat, bytes: Uint8Array, cuts: number[]) {
    const reading = new RunReading('f', format);
    let from = 0;
    const snapshots: RunData[] = [];
    for (const cut of [...cuts, bytes.length]) {
      const plan = reading.plan([{ file: 'f', size: cut, mtime: cut }]);
      for (const r of plan.reads) {
        assert.equal(r.from, from, 'only the new bytes are read');
        reading.feed('f', bytes.subarray(r.from, r.to), false, cut);
        from = r.to;
      }
      snapshots.push(reading.snapshot());
    }
    return { reading, snapshots };
  }

  it('CSV/JSONL/log: a half-written last line waits; the grown file adds only new rows', () => {
    const csv = enc('step,loss\n0,2.0\n1,1.9\n2,1.8\n');
    const { snapshots } = feedInPieces('csv', csv, [18, 22]);
    assert.deepEqual(values(snapshots[0], 'train_loss'), [2.0]); // "0,2.0\n1," → 1 row
    assert.deepEqual(values(snapshots[1], 'train_loss'), [2.0, 1.9]);
    assert.deepEqual(values(snapshots[2], 'train_loss'), [2.0, 1.9, 1.8]);
    assert.deepEqual(snapshots[2].issues, []);
  });

  it('TensorBoard: a record cut in the middle is read once the rest arrives; consumed stops at the last complete record', () => {
    const bytes = encodeEvents([1, 2, 3, 4].map((s) => ({ step: s, scalars: { loss: s } })));
    const { reading, snapshots } = feedInPieces('tensorboard', bytes, [bytes.length - 10]);
    assert.deepEqual(values(snapshots[0], 'train_loss'), [1, 2, 3]);
    assert.ok(reading.consumed('f') === bytes.length);
    assert.deepEqual(values(snapshots[1], 'train_loss'), [1, 2, 3, 4]);
    assert.deepEqual(snapshots[1].issues, []);
  });

  it('a file that shrank (rewritten) is read again from the start', () => {
    const reading = new RunReading('f', 'csv');
    reading.plan([{ file: 'f', size: 20, mtime: 1 }]);
    reading.feed('f', enc('step,loss\n0,2\n1,1.5\n'), false);
    const plan = reading.plan([{ file: 'f', size: 14, mtime: 2 }]);
    assert.equal(plan.reset, true);
    assert.deepEqual(plan.reads, [{ file: 'f', from: 0, to: 14 }]);
    reading.feed('f', enc('step,loss\n0,9\n'), true);
    assert.deepEqual(values(reading.snapshot(), 'train_loss'), [9]);
  });

  it('trainer_state.json (rewritten whole at each save) is re-read when it changes', () => {
    const reading = new RunReading('t', 'hf-trainer-state');
    const v1 = enc('{"log_history": [{"loss": 2, "step": 1}]}');
    reading.plan([{ file: 't', size: v1.length, mtime: 1 }]);
    reading.feed('t', v1, false, 1);
    const v2 = enc('{"log_history": [{"loss": 2, "step": 1}, {"loss": 1, "step": 2}]}');
    const plan = reading.plan([{ file: 't', size: v2.length, mtime: 2 }]);
    assert.equal(plan.reset, true);
    reading.feed('t', v2, false, 2);
    assert.deepEqual(values(reading.snapshot(), 'train_loss'), [2, 1]);
  });
});

describe('run readers: corrupt input', () => {
  it('ragged CSV row: named by line, rows before and after kept', () => {
    const run = read('m.csv', 'csv', enc('step,loss,lr\n0,2,0.1\n1,1.9\n2,1.8,0.1\n'));
    assert.deepEqual(run.issues, [{ file: 'm.csv', line: 3, message: 'ragged row: 2 cells where the header has 3; row skipped' }]);
    assert.deepEqual(values(run, 'train_loss'), [2, 1.8]);
  });

  it('broken JSON line: named by line, the others kept', () => {
    const run = read('m.jsonl', 'jsonl', enc('{"step": 0, "loss": 2}\n{"step": 1, "loss": \n{"step": 2, "loss": 1.8}\n'));
    assert.equal(run.issues.length, 1);
    assert.equal(run.issues[0].line, 2);
    assert.match(run.issues[0].message, /broken JSON/);
    assert.deepEqual(values(run, 'train_loss'), [2, 1.8]);
  });

  it('truncated trainer_state.json: error with offset and line; the complete log_history records kept', () => {
    const full = '{\n  "log_history": [\n    {"loss": 2.0, "step": 10},\n    {"loss": 1.5, "step": 20},\n    {"loss": 1.';
    const run = read('trainer_state.json', 'hf-trainer-state', enc(full));
    assert.equal(run.issues.length, 1);
    assert.equal(run.issues[0].line, 5);
    assert.equal(run.issues[0].offset, full.length);
    assert.match(run.issues[0].message, /kept the 2 log_history records/);
    assert.deepEqual(values(run, 'train_loss'), [2, 1.5]);
  });

  it('bad data CRC: that record skipped (offset named), the rest read', () => {
    const bytes = encodeEvents([1, 2, 3].map((s) => ({ step: s, scalars: { loss: s } })));
    const firstLen = 16 + new DataView(bytes.buffer).getUint32(0, true);
    const secondLen = 16 + new DataView(bytes.buffer).getUint32(firstLen, true);
    const bad = bytes.slice();
    bad[firstLen + secondLen + 14] ^= 0xff; // a data byte of the third record (step 2)
    const run = read('e', 'tensorboard', bad);
    assert.deepEqual(run.issues, [{ file: 'e', offset: firstLen + secondLen, message: 'bad CRC-32C of a record; record skipped' }]);
    assert.deepEqual(values(run, 'train_loss'), [1, 3]);
  });

  it('bad length CRC: reading stops there with the offset, everything before kept', () => {
    const bytes = encodeEvents([1, 2, 3].map((s) => ({ step: s, scalars: { loss: s } })));
    const firstLen = 16 + new DataView(bytes.buffer).getUint32(0, true);
    const secondLen = 16 + new DataView(bytes.buffer).getUint32(firstLen, true);
    const bad = bytes.slice();
    bad[firstLen + secondLen + 8] ^= 0x01;
    const run = read('e', 'tensorboard', bad);
    assert.equal(run.issues[0].offset, firstLen + secondLen);
    assert.match(run.issues[0].message, /bad CRC-32C of a record length/);
    assert.deepEqual(values(run, 'train_loss'), [1]);
  });

  it('truncated event file (finished): the partial record is reported, the rest kept', () => {
    const bytes = encodeEvents([1, 2].map((s) => ({ step: s, scalars: { loss: s } })));
    const run = read('e', 'tensorboard', bytes.subarray(0, bytes.length - 3));
    assert.match(run.issues[0].message, /truncated record/);
    assert.deepEqual(values(run, 'train_loss'), [1]);
  });
});
