#!/usr/bin/env node
// Lists a VSIX's files (zip central directory, no unzip needed) and fails when anything that does not
// run leaks in: sources, tests, source maps, node_modules, build leftovers. Also enforces the size budget.
//   node scripts/check-package.mjs [dist/training-advisor.vsix] [--json]
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

const MAX_VSIX_BYTES = 2 * 1024 * 1024;
const EXTENSION_JS_TARGET = 300 * 1024;

/** Paths (inside extension/) that may ship: what the extension, CLI and webview load at run time. */
const ALLOWED = [
  /^package\.json$/,
  /^package\.nls(\.[\w-]+)?\.json$/,
  /^(README|CHANGELOG)\.md$/i, // vsce writes readme.md / changelog.md
  /^LICENSE(\.txt|\.md)?$/,
  /^dist\/(extension|analysisWorker|runsWorker|cli|webview|runPanel)\.js$/,
  /^dist\/web\/extension\.js$/, // the browser entry (package.json `browser`)
  /^dist\/(webview|runPanel)\.css$/,
  /^dist\/[\w.-]+\.wasm$/,
  /^dist\/(knowledge|search-index)\.json$/,
  /^media\/[^/].*$/,
  /^knowledge\/.*\.(md|json)$/,
  /^l10n\/bundle\.l10n(\.[\w-]+)?\.json$/,
];

/** Why a path must not ship (checked first, for a clear message). */
const FORBIDDEN = [
  [/(^|\/)node_modules\//, 'node_modules'],
  [/\.map$/, 'source map'],
  [/(^|\/)(src|test|tests|bench|scripts|examples|\.e2e|\.ci|test-results)\//, 'sources / tests / tooling'],
  [/^dist\/(test|\.build)\//, 'build-only output'],
  [/\.(ts|tsx|mts|cts)$/, 'TypeScript source'],
  [/\.(log|vsix)$/, 'stray artifact'],
];

export function listZip(file) {
  const buf = fs.readFileSync(file);
  // End of central directory: signature 0x06054b50, searched backwards (a comment may follow it).
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 0xffff); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) { eocd = i; break; }
  }
  if (eocd < 0) throw new Error(`${file} is not a zip file`);
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  const entries = [];
  for (let n = 0; n < count; n++) {
    if (buf.readUInt32LE(p) !== 0x02014b50) throw new Error(`bad central directory entry at ${p}`);
    const size = buf.readUInt32LE(p + 24);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    entries.push({ name: buf.toString('utf8', p + 46, p + 46 + nameLen), size, method: buf.readUInt16LE(p + 10), compressed: buf.readUInt32LE(p + 20), offset: buf.readUInt32LE(p + 42) });
    p += 46 + nameLen + extraLen + commentLen;
  }
  return entries;
}

/** The bytes of one entry listed by listZip (stored or deflated). */
export function readZipEntry(file, entry) {
  const buf = fs.readFileSync(file);
  const h = entry.offset;
  if (buf.readUInt32LE(h) !== 0x04034b50) throw new Error(`bad local header for ${entry.name}`);
  const start = h + 30 + buf.readUInt16LE(h + 26) + buf.readUInt16LE(h + 28);
  const data = buf.subarray(start, start + entry.compressed);
  return entry.method === 8 ? zlib.inflateRawSync(data) : data;
}

/**
 * Strings only test builds contain (code under `if (TEST_HOOKS)`, src/testHooks.d.ts): a production bundle that
 * has one shipped a test-only code path.
 */
export const TEST_HOOK_MARKERS = ['crashWorkerForTest', 'analysis worker crash requested', 'runs worker crash requested', 'trainingAdvisor.sidebar.metrics', 'trainingAdvisor.page.state', 'trainingAdvisor.topics.snapshot', 'trainingAdvisor.hostInfo', 'trainingAdvisor.runs.snapshot', 'trainingAdvisor.runPanel.state'];

/** Returns { files, bytes, problems[] } for a VSIX. */
export function checkVsix(file) {
  const bytes = fs.statSync(file).size;
  const files = listZip(file);
  const problems = [];
  for (const { name } of files) {
    if (name === '[Content_Types].xml' || name === 'extension.vsixmanifest') continue;
    if (!name.startsWith('extension/')) { problems.push(`${name}: outside extension/`); continue; }
    const rel = name.slice('extension/'.length);
    const bad = FORBIDDEN.find(([re]) => re.test(rel));
    if (bad) problems.push(`${rel}: ${bad[1]} must not be packaged`);
    else if (!ALLOWED.some((re) => re.test(rel))) problems.push(`${rel}: not something the extension runs (add to .vscodeignore)`);
  }
  const mustHave = ['extension/package.json', 'extension/dist/extension.js', 'extension/dist/web/extension.js', 'extension/dist/analysisWorker.js', 'extension/dist/runsWorker.js', 'extension/dist/knowledge.json', 'extension/dist/search-index.json', 'extension/LICENSE.txt', 'extension/media/icon.png'];
  for (const m of mustHave) {
    const alt = m === 'extension/LICENSE.txt' ? ['extension/LICENSE', 'extension/LICENSE.md'] : [];
    if (!files.some((f) => f.name === m || alt.includes(f.name))) problems.push(`${m.slice(10)}: missing`);
  }
  for (const f of files.filter((x) => /^extension\/dist\/(web\/)?[\w]+\.js$/.test(x.name))) {
    const text = readZipEntry(file, f).toString('utf8');
    for (const marker of TEST_HOOK_MARKERS) if (text.includes(marker)) problems.push(`${f.name.slice(10)}: contains the test hook "${marker}" (a test build was packaged?)`);
  }
  if (!files.some((f) => /^extension\/dist\/[\w.-]+\.wasm$/.test(f.name))) problems.push('dist/*.wasm: missing (the parser)');
  if (bytes > MAX_VSIX_BYTES) problems.push(`VSIX is ${(bytes / 1024).toFixed(0)} KB, over the ${MAX_VSIX_BYTES / 1024} KB budget`);
  return { files, bytes, problems };
}

function main() {
  const args = process.argv.slice(2);
  const json = args.includes('--json');
  const file = args.find((a) => !a.startsWith('--')) ?? 'dist/training-advisor.vsix';
  const r = checkVsix(file);
  if (json) {
    console.log(JSON.stringify(r, null, 2));
  } else {
    console.log(`${file}: ${(r.bytes / 1024).toFixed(1)} KB, ${r.files.length} files`);
    for (const f of r.files) console.log(`  ${String(f.size).padStart(9)}  ${f.name}`);
    const ext = path.join(path.dirname(file), 'extension.js');
    if (fs.existsSync(ext)) {
      const s = fs.statSync(ext).size;
      console.log(`dist/extension.js: ${(s / 1024).toFixed(1)} KB (target < ${EXTENSION_JS_TARGET / 1024} KB)${s > EXTENSION_JS_TARGET ? '  OVER TARGET' : ''}`);
    }
    for (const p of r.problems) console.error(`  ✘ ${p}`);
    console.log(r.problems.length ? `package check FAILED (${r.problems.length} problems)` : 'package check passed: only what runs is packaged');
  }
  process.exit(r.problems.length ? 1 : 0);
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname)) main();
