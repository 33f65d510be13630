// Builds everything the extension, the CLI and the webview run from, into dist/.
//   node esbuild.mjs [--production] [--watch] [--test-hooks]
// --test-hooks: a test build (TEST_HOOKS = true, see src/testHooks.d.ts); without it the hooks are dead code and dropped.
// Bundles: dist/extension.js (Node extension host, `vscode` external), dist/analysisWorker.js and dist/runsWorker.js
// (worker threads), dist/web/extension.js (the browser's web worker extension host: no Node built-ins, the analysis
// engine and run readers inside; package.json `browser`), dist/cli.js (Node, shebang),
// dist/webview.js (+ .css) for the sidebar and dist/runPanel.js (+ .css, with uPlot) for the run panel (browser). Data: dist/knowledge.json and dist/search-index.json,
// produced by running the knowledge build (src/build/buildKnowledge.ts) so activation only deserializes.
// The tree-sitter wasm files are copied next to the bundles: the extension loads them from its own folder.
import * as esbuild from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';


const require = createRequire(import.meta.url);
const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
const testHooks = process.argv.includes('--test-hooks');
const root = path.dirname(new URL(import.meta.url).pathname);
const dist = path.join(root, 'dist');

const common = {
  bundle: true,
  minify: production,
  sourcemap: production ? false : 'linked',
  logLevel: 'warning',
  target: 'es2022',
  legalComments: 'none',
};

// web-tree-sitter is ESM and calls createRequire(import.meta.url); in a CommonJS bundle import.meta.url is
// undefined, so the Node bundles define it from __filename.
const IMPORT_META_URL = "var __import_meta_url = require('url').pathToFileURL(__filename).href;";
const nodeCjs = { platform: 'node', format: 'cjs', define: { 'import.meta.url': '__import_meta_url' } };

/** Each bundle the project ships; entries whose source does not exist yet are skipped. */
const bundles = [
  { entryPoints: ['src/extension/extension.node.ts'], outfile: 'dist/extension.js', ...nodeCjs, external: ['vscode'], banner: { js: IMPORT_META_URL } },
  // The web worker host loads a CommonJS module (it supplies `require('vscode')`); web-tree-sitter's Node branches
  // (fs, module) are cut by its package.json `browser` field, and import.meta.url is unused in a browser.
  { entryPoints: ['src/extension/extension.web.ts'], outfile: 'dist/web/extension.js', platform: 'browser', format: 'cjs', external: ['vscode'], define: { 'import.meta.url': 'undefined' } },
  // The analysis engine (web-tree-sitter + rules) runs in this worker thread, started by the extension on first use.
  { entryPoints: ['src/extension/analysisWorker/worker.ts'], outfile: 'dist/analysisWorker.js', ...nodeCjs, banner: { js: IMPORT_META_URL } },
  // Run files are read, parsed (protobufjs) and diagnosed in this worker thread, started on the first read.
  { entryPoints: ['src/extension/runsWorker/worker.ts'], outfile: 'dist/runsWorker.js', ...nodeCjs, banner: { js: IMPORT_META_URL } },
  { entryPoints: ['src/cli/main.ts'], outfile: 'dist/cli.js', ...nodeCjs, banner: { js: '#!/usr/bin/env node\n' + IMPORT_META_URL } },
  { entryPoints: ['src/webview/main.ts'], outfile: 'dist/webview.js', platform: 'browser', format: 'iife' },
  // The run panel: uPlot and its CSS bundled with the panel's own (→ dist/runPanel.js + dist/runPanel.css).
  { entryPoints: ['src/webview/runPanel.ts'], outfile: 'dist/runPanel.js', platform: 'browser', format: 'iife' },
].filter((b) => fs.existsSync(path.join(root, b.entryPoints[0])))
  .map((b) => ({ ...b, define: { ...b.define, TEST_HOOKS: String(testHooks) } }));

function copyWasm() {
  fs.mkdirSync(dist, { recursive: true });
  const files = [
    require.resolve('web-tree-sitter/web-tree-sitter.wasm'),
    require.resolve('tree-sitter-python/tree-sitter-python.wasm'),
  ];
  for (const f of files) fs.copyFileSync(f, path.join(dist, path.basename(f)));
}

/** Parse, validate and index knowledge/ at build time (the extension only loads the results). */
async function buildKnowledge() {
  const entry = path.join(root, 'src/build/buildKnowledge.ts');
  if (!fs.existsSync(entry)) return;
  const out = path.join(dist, '.build', 'buildKnowledge.cjs');
  await esbuild.build({ ...common, minify: false, sourcemap: false, entryPoints: [entry], outfile: out, platform: 'node', format: 'cjs' });
  const mod = require(out);
  const ok = await mod.buildKnowledge({ knowledgeDir: path.join(root, 'knowledge'), outDir: dist });
  if (!ok) throw new Error('knowledge build failed (see errors above)');
}

async function main() {
  fs.mkdirSync(dist, { recursive: true });
  copyWasm();
  await buildKnowledge();
  if (watch) {
    for (const b of bundles) {
      const ctx = await esbuild.context({ ...common, ...b });
      await ctx.watch();
    }
    console.log('[esbuild] watching…');
    return;
  }
  await Promise.all(bundles.map((b) => esbuild.build({ ...common, ...b })));
  if (fs.existsSync(path.join(dist, 'cli.js'))) fs.chmodSync(path.join(dist, 'cli.js'), 0o755);
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
