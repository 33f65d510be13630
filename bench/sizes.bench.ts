// Sizes and start-up cost: the bundles (issue 6 target: dist/extension.js under 300 KB minified, wasm excluded),
// the VSIX (under 2 MB), the shipped knowledge data, and activate() as measured inside real VS Code by the last
// `npm test` / `npm run test:e2e` run (test-results/activation.json) — activation cannot be measured outside VS Code.
// Expects `npm run build` first (npm run bench does it).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(__dirname, '..');
const dist = path.join(root, 'dist');
const kb = (bytes: number) => (bytes / 1024).toFixed(1);
const size = (f: string) => (fs.existsSync(f) ? fs.statSync(f).size : NaN);

const files: Array<[string, string]> = [
  ['extension.js', 'extension host bundle (target < 300 KB)'],
  ['analysisWorker.js', 'analysis worker bundle (loaded on first analysis)'],
  ['runsWorker.js', 'runs worker bundle (readers, protobufjs, diagnoses; loaded on first run read)'],
  ['webview.js', 'sidebar script'],
  ['cli.js', 'CLI'],
  ['web-tree-sitter.wasm', 'tree-sitter runtime'],
  ['tree-sitter-python.wasm', 'Python grammar'],
  ['knowledge.json', 'parsed knowledge base'],
  ['search-index.json', 'serialized MiniSearch index'],
];
const rows = files.map(([f, what]) => `| \`dist/${f}\` | ${what} | ${kb(size(path.join(dist, f)))} |`);

// Package with the project's own `npm run package` (same vsce options and the contents check), so the size
// reported is the VSIX a user installs, built from the current sources.
execFileSync('npm', ['run', '--silent', 'package'], { cwd: root, stdio: 'ignore' });
const vsixBytes = size(path.join(dist, 'training-advisor.vsix'));

const activationFile = path.join(root, 'test-results', 'activation.json');
const activation = fs.existsSync(activationFile)
  ? Object.entries(JSON.parse(fs.readFileSync(activationFile, 'utf8')) as Record<string, { activationMs: number; at: string }>)
    .map(([phase, a]) => `| ${phase} | ${a.activationMs} | ${a.at.slice(0, 16).replace('T', ' ')} UTC |`)
  : [];

console.log(`## Sizes and activation

| file | what | KB |
|---|---|---:|
${rows.join('\n')}

VSIX (\`vsce package\`, only what runs): **${kb(vsixBytes)} KB** (target < 2048 KB).

${activation.length
    ? `\`activate()\` measured by the extension itself inside real VS Code (code-server 1.100.3) in the last e2e run (target < 50 ms):

| phase | activate() ms | when |
|---|---:|---|
${activation.join('\n')}`
    : 'No real-VS-Code run recorded yet (`npm run test:e2e` writes test-results/activation.json): activation not reported.'}
`);
// The sidebar's open times: bench/sidebar.bench.ts.
console.log('BENCH_JSON ' + JSON.stringify({ bench: 'sizes', files: Object.fromEntries(files.map(([f]) => [f, size(path.join(dist, f))])), vsixBytes }));
