// The analysis worker thread and its client, in plain Node: the worker bundle is built from source into a
// temp folder (as esbuild.mjs builds dist/analysisWorker.js) with the two wasm files beside it.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as esbuild from 'esbuild';
import { AnalysisWorkerClient, WorkerCrashedError, type WorkerEvent } from '../../../src/extension/analysisWorker/client';
import { nodeWorkerSpawner } from '../../../src/extension/analysisWorker/nodeWorker';
import { generateTrainingFile } from '../../../bench/gen/training-file';
import { Analyzer } from '../../../src/core/analysis/analyzer';
import { applyEdits } from '../../../src/core/analysis/fixes';
import { fixAll, fixAllNotebook, singleEdit } from '../../../src/core/analysis/fixAll';

const root = path.resolve(__dirname, '../../..');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ta-worker-'));
const workerPath = path.join(dir, 'analysisWorker.js');

const GRAD_CLIP = `import torch
model = torch.nn.Linear(4, 2)
optimizer = torch.optim.AdamW(model.parameters(), lr=1e-3)
for epoch in range(10):
    for x, y in loader:
        optimizer.zero_grad()
        loss = torch.nn.functional.mse_loss(model(x), y)
        loss.backward()
        optimizer.step()
`;

describe('analysis worker client', function () {
  this.timeout(60_000);
  let client: AnalysisWorkerClient;
  const events: WorkerEvent[] = [];

  before(async () => {
    await esbuild.build({
      entryPoints: [path.join(root, 'src/extension/analysisWorker/worker.ts')], outfile: workerPath, bundle: true,
      platform: 'node', format: 'cjs', target: 'es2022', logLevel: 'warning',
      define: { 'import.meta.url': '__import_meta_url', TEST_HOOKS: 'true' }, // a test build: the worker answers `crash`
      banner: { js: "var __import_meta_url = require('url').pathToFileURL(__filename).href;" },
    });
    fs.copyFileSync(path.join(root, 'node_modules/web-tree-sitter/web-tree-sitter.wasm'), path.join(dir, 'web-tree-sitter.wasm'));
    fs.copyFileSync(path.join(root, 'node_modules/tree-sitter-python/tree-sitter-python.wasm'), path.join(dir, 'tree-sitter-python.wasm'));
  });
  beforeEach(() => {
    events.length = 0;
    client = new AnalysisWorkerClient({ spawn: nodeWorkerSpawner(workerPath, dir), onEvent: (e) => events.push(e) });
  });
  afterEach(() => client.dispose());
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('fix-all in the worker (the editor\'s source.fixAll) gives the program check --fix gives', async () => {
    const source = fs.readFileSync(path.join(root, 'examples', 'train_classifier.py'), 'utf8');
    const analyzer = await Analyzer.create({ locateWasm: (f) => path.join(dir, path.basename(f)) });
    const expected = fixAll(analyzer, source).fixed;
    const { fixed, applied } = await client.fixAll({ kind: 'file', source });
    assert.deepEqual(fixed, { kind: 'file', source: expected });
    assert.ok(applied.some((a) => a.ruleId === 'eval-no-grad') && applied.some((a) => a.ruleId === 'eval-mode'), applied.map((a) => a.ruleId).join(', '));
    // What the code action does with it: one edit from the document's text to the fixed text.
    const edit = singleEdit(source, expected)!;
    assert.equal(applyEdits(source, [edit]), expected);
    const cells = [{ kind: 'markdown' as const, source: '# notes' }, { kind: 'code' as const, source }];
    const nb = await client.fixAll({ kind: 'notebook', cells }, { 'grad-clip': 'off' });
    assert.equal(nb.fixed.kind === 'notebook' && nb.fixed.cells[1]!.source, fixAllNotebook(analyzer, cells, { severities: { 'grad-clip': 'off' } }).fixed[1]!.source);
    assert.ok(!nb.applied.some((a) => a.ruleId === 'grad-clip'), 'a rule set to off is not fixed');
  });

  it('returns findings, then fills in their verified fixes', async () => {
    let batches = 0;
    const h = client.analyze('file:///a.py', { kind: 'file', source: GRAD_CLIP }, {}, () => batches++);
    const result = await h.result;
    const clip = result.findings.find((f) => f.ruleId === 'grad-clip');
    assert.ok(clip, `grad-clip among ${result.findings.map((f) => f.ruleId).join(', ')}`);
    assert.equal(clip.fixable, true);
    await h.fixesDone;
    assert.ok(batches >= 1);
    assert.ok(clip.fix && clip.fix.edits.length > 0, 'the grad-clip fix arrived');
    assert.match(clip.fix.edits.map((e) => e.newText).join(''), /clip_grad_norm_/);
    assert.ok(events.some((e) => e.kind === 'ready'));
  });

  it('analyses notebooks as one program with cell-relative findings', async () => {
    const cells = [{ kind: 'code' as const, source: 'import torch\n' }, { kind: 'markdown' as const, source: '# train' }, { kind: 'code' as const, source: GRAD_CLIP }];
    const h = client.analyze('nb', { kind: 'notebook', cells }, {});
    const clip = (await h.result).findings.find((f) => f.ruleId === 'grad-clip');
    assert.equal(clip?.cell, 2);
    await h.fixesDone;
    assert.ok(clip?.fix, 'the cell finding gets its fix');
  });

  it('a newer request for the same document supersedes the running one; other documents are untouched', async () => {
    const big = client.analyze('file:///big.py', { kind: 'file', source: generateTrainingFile(20_000) }, {});
    const other = client.analyze('file:///other.py', { kind: 'file', source: GRAD_CLIP }, { fixes: false });
    const newer = client.analyze('file:///big.py', { kind: 'file', source: GRAD_CLIP }, {});
    assert.equal((await big.result).superseded, true);
    const r = await newer.result;
    assert.ok(!r.superseded && r.findings.some((f) => f.ruleId === 'grad-clip'));
    assert.ok((await other.result).findings.some((f) => f.ruleId === 'grad-clip'));
  });

  it('the calling thread keeps running while a large file is analysed', async () => {
    let ticks = 0;
    const timer = setInterval(() => ticks++, 5);
    const h = client.analyze('file:///big.py', { kind: 'file', source: generateTrainingFile(20_000) }, { fixes: false });
    const r = await h.result;
    clearInterval(timer);
    assert.ok(r.findings.length > 100, `${r.findings.length} findings`);
    assert.ok(ticks > 5, `the interval fired ${ticks} times during the analysis`);
  });

  it('survives a worker crash: the running request fails clearly, the next one runs on a new worker', async () => {
    await client.analyze('a', { kind: 'file', source: GRAD_CLIP }, { fixes: false }).result;
    (client as unknown as { worker: { postMessage(m: unknown): void } }).worker.postMessage({ type: 'crash' });
    while (!events.some((e) => e.kind === 'crashed')) await new Promise((r) => setTimeout(r, 20));
    const r = await client.analyze('a', { kind: 'file', source: GRAD_CLIP }, { fixes: false }).result;
    assert.ok(r.findings.some((f) => f.ruleId === 'grad-clip'));
    assert.equal(client.workersStarted, 2);
  });

  it('a request running when the worker dies rejects with WorkerCrashedError; queued ones are resent', async () => {
    await client.analyze('warm', { kind: 'file', source: 'x = 1\n' }, {}).result; // engine loaded
    const running = client.analyze('big', { kind: 'file', source: generateTrainingFile(20_000) }, { fixes: false });
    const queued = client.analyze('small', { kind: 'file', source: GRAD_CLIP }, { fixes: false });
    // Crash it from outside while it runs the big file (as an out-of-memory abort would).
    await new Promise((r) => setTimeout(r, 50));
    (client as unknown as { worker: { terminate(): void; emit(e: string, x: unknown): void } }).worker.emit('error', new Error('simulated'));
    await assert.rejects(running.result, WorkerCrashedError);
    assert.ok((await queued.result).findings.some((f) => f.ruleId === 'grad-clip'));
  });

  it('a crash while fixes are still coming keeps the findings and does not re-analyse them on the new worker', async () => {
    const big = client.analyze('big', { kind: 'file', source: generateTrainingFile(20_000) }, {});
    const findings = (await big.result).findings;
    assert.ok(findings.length > 100);
    (client as unknown as { worker: { emit(e: string, x: unknown): void } }).worker.emit('error', new Error('simulated'));
    await big.fixesDone; // resolves instead of hanging
    assert.equal(client.workersStarted, 1, 'no new worker started: nothing was resent');
    const small = await client.analyze('small', { kind: 'file', source: GRAD_CLIP }, { fixes: false }).result;
    assert.ok(small.findings.some((f) => f.ruleId === 'grad-clip'));
    assert.ok(events.some((e) => e.kind === 'crashed'));
  });
});
