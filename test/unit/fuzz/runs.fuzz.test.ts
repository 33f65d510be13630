/**
 * Property tests for the run readers: on truncated, bit-flipped, spliced and randomly chunked versions of real
 * and synthetic run files of every format, a reader never throws (called directly, not through RunReading's
 * safety net), every issue names the file and a line or offset inside it, the diagnoses never throw either,
 * and reading a file in arbitrary pieces gives exactly what one read gives.
 * FUZZ_RUNS / FUZZ_SEED widen the search (see fuzzConfig.ts).
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { diagnoseRun } from '../../../src/core/runs/diagnose';
import { formatOf } from '../../../src/core/runs/formats';
import { createReader, readRun, RunReading } from '../../../src/core/runs/readRun';
import { SeriesSet } from '../../../src/core/runs/seriesBuilder';
import type { ReadIssue, RunFormat } from '../../../src/core/runs/types';
import { fuzzParams, fuzzTimeout } from './fuzzConfig';

const ROOT = path.resolve(__dirname, '../../fixtures/runs');

function listFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? listFiles(path.join(dir, e.name)) : formatOf(e.name) ? [path.join(dir, e.name)] : []));
}

/** Seeds: every fixture run file, capped at 16 KB so a case stays cheap (the cut is itself a truncation). */
const seeds = listFiles(ROOT).map((f) => ({ name: path.basename(f), format: formatOf(f)!, bytes: new Uint8Array(fs.readFileSync(f)).subarray(0, 16384) }));
const formats = new Set(seeds.map((s) => s.format));

function readDirect(format: RunFormat, bytes: Uint8Array, chunks: number[] = []) {
  const issues: ReadIssue[] = [];
  const set = new SeriesSet();
  const reader = createReader(format, { file: 'fuzz', set, issues, meta: {} });
  let at = 0;
  for (const c of [...chunks].sort((a, b) => a - b)) {
    if (c <= at || c >= bytes.length) continue;
    reader.feed(bytes.subarray(at, c));
    at = c;
  }
  reader.feed(bytes.subarray(at));
  reader.end();
  return { issues, series: set.toSeries() };
}

const seedArb = fc.constantFrom(...seeds);
const mutated = seedArb.chain((s) =>
  fc.oneof(
    fc.nat({ max: s.bytes.length }).map((n) => ({ ...s, bytes: s.bytes.subarray(0, n) })),
    fc.array(fc.tuple(fc.nat({ max: Math.max(0, s.bytes.length - 1) }), fc.integer({ min: 1, max: 255 })), { minLength: 1, maxLength: 8 }).map((flips) => {
      const b = s.bytes.slice();
      for (const [i, x] of flips) if (b.length) b[i] ^= x;
      return { ...s, bytes: b };
    }),
    fc.tuple(fc.nat({ max: s.bytes.length }), fc.nat({ max: s.bytes.length }), fc.uint8Array({ maxLength: 64 })).map(([a, b, ins]) => {
      const [lo, hi] = a < b ? [a, b] : [b, a];
      const out = new Uint8Array(lo + ins.length + s.bytes.length - hi);
      out.set(s.bytes.subarray(0, lo));
      out.set(ins, lo);
      out.set(s.bytes.subarray(hi), lo + ins.length);
      return { ...s, bytes: out };
    }),
  ),
);

describe('run readers (property tests)', function () {
  it('have seeds of every format', () => {
    assert.deepEqual([...formats].sort(), ['csv', 'hf-trainer-state', 'jsonl', 'lightning-csv', 'log', 'tensorboard']);
  });

  it('never throw on truncated, bit-flipped or spliced files; issues point inside the file; diagnoses never throw', function () {
    this.timeout(fuzzTimeout(300, 200));
    fc.assert(
      fc.property(mutated, fc.array(fc.nat({ max: 20000 }), { maxLength: 4 }), (s, chunks) => {
        const { issues, series } = readDirect(s.format, s.bytes, chunks);
        for (const i of issues) {
          assert.equal(i.file, 'fuzz');
          assert.ok(i.line !== undefined || i.offset !== undefined || /more problems/.test(i.message), JSON.stringify(i));
          if (i.offset !== undefined) assert.ok(i.offset >= 0 && i.offset <= s.bytes.length, JSON.stringify(i));
          if (i.line !== undefined) assert.ok(i.line >= 1);
        }
        for (const x of series) assert.equal(x.steps.length, x.values.length);
        diagnoseRun({ path: s.name, format: s.format, series, issues, meta: {} });
      }),
      fuzzParams(300),
    );
  });

  it('reading in arbitrary pieces (a live file) gives exactly what one read gives', function () {
    this.timeout(fuzzTimeout(200, 100));
    const appendOnly = seeds.filter((s) => s.format !== 'hf-trainer-state');
    fc.assert(
      fc.property(fc.constantFrom(...appendOnly), fc.array(fc.nat({ max: 16384 }), { maxLength: 6 }), (s, cuts) => {
        const whole = readRun('f', s.format, [{ file: 'f', bytes: s.bytes }]);
        const reading = new RunReading('f', s.format);
        let at = 0;
        for (const c of [...cuts, s.bytes.length].sort((a, b) => a - b)) {
          const to = Math.min(c, s.bytes.length);
          if (to < at) continue;
          const plan = reading.plan([{ file: 'f', size: to, mtime: 0 }]);
          for (const r of plan.reads) reading.feed('f', s.bytes.subarray(r.from, r.to), to === s.bytes.length);
          at = to;
        }
        const pieces = reading.snapshot();
        assert.deepEqual(pieces.series.map((x) => [x.name, Array.from(x.steps), Array.from(x.values)]), whole.series.map((x) => [x.name, Array.from(x.steps), Array.from(x.values)]));
        assert.deepEqual(pieces.issues, whole.issues);
      }),
      fuzzParams(200),
    );
  });
});
