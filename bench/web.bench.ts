// The web extension (package.json `browser`, issue 15): the size of dist/web/extension.js against the 1 MB target
// (wasm excluded; baseline: the Node bundle dist/extension.js of the same build), what the browser reads besides
// (knowledge data at activation, the wasm on the first analysis), and activate() in the browser's web worker
// extension host as the last e2e web phase measured it (test-results/activation.json, written by test/e2e/run.ts),
// against the Node extension host's activate() of the installed VSIX in the same kind of run (the vsix phase).
// Expects `npm run build` first (npm run bench does it).
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(__dirname, '..');
const dist = path.join(root, 'dist');
const size = (f: string) => (fs.existsSync(path.join(dist, f)) ? fs.statSync(path.join(dist, f)).size : NaN);
const kb = (bytes: number) => (bytes / 1024).toFixed(1);
const TARGET = 1024 * 1024;

const web = size('web/extension.js');
const node = size('extension.js');
const data = size('knowledge.json') + size('search-index.json');
const wasm = size('web-tree-sitter.wasm') + size('tree-sitter-python.wasm');

const activationFile = path.join(root, 'test-results', 'activation.json');
const activation = fs.existsSync(activationFile) ? (JSON.parse(fs.readFileSync(activationFile, 'utf8')) as Record<string, { activationMs: number; at: string }>) : {};
const w = activation.web;
const baseline = activation.vsix;

console.log(`## Web extension (vscode.dev / github.dev)

| what | KB | |
|---|---:|---|
| \`dist/web/extension.js\` (browser entry, analysis engine inside) | ${kb(web)} | target < 1024 KB: **${web < TARGET ? 'met' : 'MISSED'}**; ${(web / node).toFixed(2)}× the Node bundle (${kb(node)} KB) |
| knowledge data read at activation (knowledge.json + search-index.json) | ${kb(data)} | |
| wasm read on the first analysis (runtime + Python grammar) | ${kb(wasm)} | |

${w
    ? `\`activate()\` in the browser's web worker extension host (code-server 1.100.3, web-only VSIX, headless Chromium), last e2e web phase
(${w.at.slice(0, 16).replace('T', ' ')} UTC): **${w.activationMs} ms**${baseline ? `; the Node extension host's activate() of the installed VSIX in the last vsix phase: ${baseline.activationMs} ms (ratio ${(w.activationMs / baseline.activationMs).toFixed(1)}×)` : ''}.
Most of it is reading the knowledge data through \`workspace.fs\` from the server (the extension logs the phases).`
    : 'No web phase recorded yet (`npm run test:e2e -- --only web` writes test-results/activation.json): web activation not reported.'}
`);
console.log('BENCH_JSON ' + JSON.stringify({ bench: 'web', webBundleBytes: web, nodeBundleBytes: node, dataBytes: data, wasmBytes: wasm, activation: w ?? null, nodeActivation: baseline ?? null }));
