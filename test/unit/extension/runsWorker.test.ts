// The runs worker thread and its client, in plain Node: the worker bundle is built from source into a temp
// folder (as esbuild.mjs builds dist/runsWorker.js). What the extension host gets from it must equal what the
// CLI reads in-process, a growing run must be re-read incrementally, and a crash must not lose the next read.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as esbuild from 'esbuild';
import { diagnoseRun } from '../../../src/core/runs/diagnose';
import { groupRuns } from '../../../src/core/runs/formats';
import type { RunData } from '../../../src/core/runs/types';
import { InProcessRunReader } from '../../../src/extension/runs/inProcessRunReader';
import { RunsWorkerClient, RunsWorkerCrashedError } from '../../../src/extension/runsWorker/client';
import { decodeUtf8, nodeFileAccess, readRunFromDisk } from '../../../src/node/runFiles';

const root = path.resolve(__dirname, '../../..');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ta-runs-worker-'));
const workerPath = path.join(dir, 'runsWorker.js');
const fixtures = path.join(root, 'test/fixtures/runs');

const plain = (run: RunData) => ({ ...run, series: run.series.map((s) => ({ name: s.name, steps: Array.from(s.steps), values: Array.from(s.values) })) });

describe('runs worker client', function () {
  this.timeout(60_000);
  let client: RunsWorkerClient;

  before(async () => {
    await esbuild.build({
      entryPoints: [path.join(root, 'src/extension/runsWorker/worker.ts')], outfile: workerPath, bundle: true,
      platform: 'node', format: 'cjs', target: 'es2022', logLevel: 'warning',
      define: { 'import.meta.url': '__import_meta_url', TEST_HOOKS: 'true' }, // a test build: the worker answers `crash`
      banner: { js: "var __import_meta_url = require('url').pathToFileURL(__filename).href;" },
    });
  });
  beforeEach(() => {
    client = new RunsWorkerClient(workerPath);
  });
  afterEach(() => client.dispose());
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('reads every fixture run as the CLI does in-process (series, issues, diagnoses), series in shared memory', async () => {
    const files: string[] = [];
    const walk = (d: string) => fs.readdirSync(d, { withFileTypes: true }).forEach((e) => (e.isDirectory() ? walk(path.join(d, e.name)) : files.push(path.join(d, e.name))));
    walk(fixtures);
    const sources = groupRuns(files);
    assert.ok(sources.some((s) => s.format === 'tensorboard') && sources.some((s) => s.format === 'csv' || s.format === 'lightning-csv'), sources.map((s) => s.format).join());
    let diagnosed = 0;
    for (const source of sources) {
      const expected = readRunFromDisk(source);
      const got = await client.read(source);
      assert.deepEqual(plain(got.run), plain(expected), source.path);
      assert.deepEqual(got.diagnoses, diagnoseRun(expected), source.path);
      diagnosed += got.diagnoses.length;
      for (const s of got.run.series) assert.ok(s.values.buffer instanceof SharedArrayBuffer, `${source.path} ${s.name}: copied, not shared`);
    }
    assert.ok(diagnosed > 0, 'the synthetic runs have diagnoses');
    assert.equal(client.workersStarted, 1);
  });

  it('a growing run: the next read adds the appended rows (the earlier snapshot stays intact)', async () => {
    const file = path.join(dir, 'metrics.csv');
    fs.writeFileSync(file, 'step,train_loss\n' + Array.from({ length: 100 }, (_, i) => `${i},${2 - i / 100}`).join('\n') + '\n3');
    const source = groupRuns([file])[0]!;
    const first = await client.read(source);
    const loss1 = first.run.series.find((s) => s.name === 'train_loss')!;
    assert.equal(loss1.values.length, 100, 'the unfinished last line is not read yet');
    fs.appendFileSync(file, Array.from({ length: 50 }, (_, i) => `${i === 0 ? '00' : 300 + i},${1 - i / 100}`).join('\n') + '\n');
    const second = await client.read(source);
    const loss2 = second.run.series.find((s) => s.name === 'train_loss')!;
    assert.equal(loss2.values.length, 150);
    assert.deepEqual(Array.from(loss2.steps.subarray(99, 102)), [99, 300, 301]);
    assert.equal(loss1.values.length, 100);
    assert.equal(loss1.values[99], 2 - 99 / 100);
    // What an in-process reader (the browser build) makes of the same file.
    const inProcess = await new InProcessRunReader(nodeFileAccess, decodeUtf8).read(source);
    assert.deepEqual(plain(inProcess.run), plain(second.run));
  });

  it('after a crash the pending read fails clearly and the next read starts a new worker', async () => {
    const source = groupRuns([path.join(fixtures, 'synthetic', 'exploding-gradients', 'train.log')])[0]!;
    await client.read(source);
    client.crashForTest();
    const stuck = client.read(source);
    await assert.rejects(stuck, RunsWorkerCrashedError);
    const again = await client.read(source);
    assert.equal(client.workersStarted, 2);
    assert.equal(again.diagnoses.length, 1);
  });
});
