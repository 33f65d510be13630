// The browser entry (dist/web/extension.js): built the way esbuild.mjs builds it, it must pull in no Node
// built-in and nothing from src/node/, and the analysis engine must work in-process (the web worker extension
// host cannot start workers) exactly as it works in the worker thread.
import assert from 'node:assert/strict';
import { builtinModules } from 'node:module';
import path from 'node:path';
import fs from 'node:fs';
import { spawnSync } from 'node:child_process';
import * as esbuild from 'esbuild';
import { AnalysisWorkerClient } from '../../../src/extension/analysisWorker/client';
import { inProcessSpawner } from '../../../src/extension/analysisWorker/inProcess';
import { Analyzer } from '../../../src/core/analysis/analyzer';

const root = path.resolve(__dirname, '../../..');
const wasm = (f: string) => (f.includes('python') ? path.join(root, 'node_modules/tree-sitter-python/tree-sitter-python.wasm') : path.join(root, 'node_modules/web-tree-sitter/web-tree-sitter.wasm'));

describe('web extension entry', function () {
  this.timeout(60_000);
  // The bundles define TEST_HOOKS (esbuild.mjs); sources run under tsx here see a production build.
  before(() => Object.assign(globalThis, { TEST_HOOKS: (globalThis as { TEST_HOOKS?: boolean }).TEST_HOOKS ?? false }));

  it('bundles for the browser without Node built-ins or src/node/', async () => {
    const r = await esbuild.build({
      entryPoints: [path.join(root, 'src/extension/extension.web.ts')], bundle: true, write: false, metafile: true,
      platform: 'browser', format: 'cjs', external: ['vscode'], define: { 'import.meta.url': 'undefined', TEST_HOOKS: 'false' }, logLevel: 'silent',
    });
    const builtins = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));
    const inputs = Object.keys(r.metafile.inputs);
    assert.ok(inputs.some((i) => i.endsWith('src/extension/main.ts')) && inputs.some((i) => i.includes('web-tree-sitter')), inputs.slice(0, 5).join(', '));
    assert.deepEqual(inputs.filter((i) => i.startsWith('src/node/') || i.includes('/node/') && i.startsWith('src/') || i.endsWith('nodeWorker.ts') || i.endsWith('platform/node.ts')), []);
    const external = Object.entries(r.metafile.inputs).flatMap(([file, i]) => i.imports.filter((x) => (x.external && !x.path.startsWith('.')) || builtins.has(x.path)).map((x) => `${file} → ${x.path}`));
    assert.deepEqual(external.filter((e) => !e.endsWith('→ vscode')), []);
    // Node globals are not imports: look for them in the project's own sources in the bundle (comments aside).
    const globals = inputs.filter((i) => i.startsWith('src/')).flatMap((file) => {
      const code = fs.readFileSync(path.join(root, file), 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
      return [...code.matchAll(/\b(Buffer|setImmediate|__dirname|__filename|process|require)\s*[.(]/g)].map((m) => `${file}: ${m[0]}`);
    });
    assert.deepEqual(globals, []);
  });

  it('runs the analysis engine in-process with the findings and fixes the worker thread gives', async () => {
    const client = new AnalysisWorkerClient({ spawn: inProcessSpawner(async () => wasm) });
    try {
      const source = fs.readFileSync(path.join(root, 'examples', 'train_classifier.py'), 'utf8');
      const handle = client.analyze('k', { kind: 'file', source }, {});
      const result = await handle.result;
      await handle.fixesDone;
      const expected = (await Analyzer.create({ locateWasm: wasm })).analyze(source).findings;
      assert.ok(expected.length > 0);
      assert.deepEqual(result.findings.map((f) => `${f.ruleId}@${f.range.startLine}`), expected.map((f) => `${f.ruleId}@${f.range.startLine}`));
      assert.deepEqual(result.findings.map((f) => f.fix?.edits ?? null), expected.map((f) => (f.fix ? f.fix.edits : null)));
      assert.equal(client.workersStarted, 1);
    } finally {
      client.dispose();
    }
  });

  it('supersedes an older request for the same document in-process', async () => {
    const client = new AnalysisWorkerClient({ spawn: inProcessSpawner(async () => wasm) });
    try {
      const a = client.analyze('doc', { kind: 'file', source: 'import torch\n' }, {});
      const b = client.analyze('doc', { kind: 'file', source: 'import torch\nx = torch.load("m.pt")\n' }, {});
      assert.equal((await a.result).superseded, true);
      const r = await b.result;
      assert.ok(!r.superseded && r.findings.some((f) => f.ruleId === 'torch-load-weights-only'), JSON.stringify(r.findings.map((f) => f.ruleId)));
    } finally {
      client.dispose();
    }
  });

  it('loads the parser from wasm bytes (how the browser hands them over), in a fresh process', () => {
    // A fresh process: the parser loads once per process, and this one may have loaded it from paths already.
    const script = `
      const fs = require('node:fs');
      const { Analyzer } = require(${JSON.stringify(path.join(root, 'src/core/analysis/analyzer.ts'))});
      const files = ${JSON.stringify({ runtime: wasm('web-tree-sitter.wasm'), python: wasm('tree-sitter-python.wasm') })};
      Analyzer.create({ locateWasm: (f) => new Uint8Array(fs.readFileSync(f.includes('python') ? files.python : files.runtime)) })
        .then((a) => console.log('FINDINGS ' + a.analyze('import torch\\nx = torch.load("m.pt")\\n').findings.map((f) => f.ruleId).join(',')));`;
    const r = spawnSync(process.execPath, ['--import', 'tsx', '-e', script], { cwd: root, encoding: 'utf8', timeout: 60_000 });
    assert.match(r.stdout, /FINDINGS .*torch-load-weights-only/, r.stderr);
  });
});
