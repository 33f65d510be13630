#!/usr/bin/env node
// `npm test`: build + package → integration build → unit tests (mocha) → real VS Code (integration suite
// in code-server, the installed VSIX, UI tests). Every stage runs even when an earlier one failed (CI
// then shows all failures at once) unless a later stage cannot run without it. Ends with the totals on
// one line, `N passed, N failed`; exit code 0 only when every stage passed.
//   node scripts/test.mjs [--skip-deps] [--skip-unit] [--skip-e2e] [-- e2e args…]
import { spawn } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const argv = process.argv.slice(2);
const sep = argv.indexOf('--');
const e2eArgs = sep >= 0 ? argv.slice(sep + 1) : [];
const flags = sep >= 0 ? argv.slice(0, sep) : argv;
const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';

/** Runs a command with its output streamed through; returns { code, output }. */
function run(cmd, args) {
  return new Promise((resolve) => {
    console.log(`\n$ ${[cmd, ...args].join(' ')}`);
    const child = spawn(cmd, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const relay = (stream) => (d) => {
      output += d;
      stream.write(d);
    };
    child.stdout.on('data', relay(process.stdout));
    child.stderr.on('data', relay(process.stderr));
    // Ctrl-C reaches the child through the terminal's process group; just wait for it to end.
    child.on('close', (code, signal) => resolve({ code: code ?? (signal ? 1 : 0), output }));
  });
}

const stages = [];
async function stage(name, cmd, args, count) {
  const t0 = Date.now();
  const r = await run(cmd, args);
  const counts = count ? count(r.output) : { passed: 0, failed: 0 };
  if (r.code !== 0 && counts.failed === 0) counts.failed = 1; // a stage that broke without counting still fails
  stages.push({ name, code: r.code, ...counts, failures: failureTitles(r.output), s: (Date.now() - t0) / 1000 });
  return r.code === 0;
}

/** mocha's spec reporter: "  316 passing (4m)" / "  20 failing". */
const mochaCounts = (out) => ({
  passed: Number(/^\s*(\d+) passing/m.exec(out)?.[1] ?? 0),
  failed: Number(/^\s*(\d+) failing/m.exec(out)?.[1] ?? 0),
});
/**
 * mocha's list of failures ("  1) suite\n       test:\n     AssertionError: …"), one line each, so the summary at
 * the end of a long CI log names what failed (a CI report often shows only the log's tail).
 */
const failureTitles = (out) => [...out.matchAll(/^ {2}\d+\) (.+)\n\s+(.+):\n\s+(.+)$/gm)]
  .map((m) => `${m[1].trim()} › ${m[2].trim()} — ${m[3].trim().slice(0, 160)}`);
/** test/e2e/run.ts closes with "N passed, N failed" alone on a line. */
const e2eCounts = (out) => {
  const all = [...out.matchAll(/^(\d+) passed, (\d+) failed$/gm)];
  const last = all.at(-1);
  return { passed: Number(last?.[1] ?? 0), failed: Number(last?.[2] ?? 0) };
};

// A fresh machine gets what the tests run on (Debian packages when root, PyTorch, the pinned code-server).
if (!flags.includes('--skip-deps')) await stage('dependencies', 'bash', ['scripts/ensure-deps.sh', '--with-torch']);
const packaged = await stage('build + package', 'npm', ['run', '--silent', 'package']);
const built = await stage('integration build', 'node', ['test/integration/build.mjs']);
if (!flags.includes('--skip-unit')) await stage('unit tests', npx, ['mocha'], mochaCounts);
if (!flags.includes('--skip-e2e')) {
  if (packaged && built) await stage('real VS Code (code-server)', npx, ['tsx', 'test/e2e/run.ts', ...e2eArgs], e2eCounts);
  else stages.push({ name: 'real VS Code (code-server)', code: 1, passed: 0, failed: 1, s: 0, note: 'not run: the build failed' });
}

console.log('\n=== npm test summary ===');
for (const s of stages) {
  const counts = s.passed || s.failed ? ` — ${s.passed} passed, ${s.failed} failed` : '';
  console.log(`${s.code === 0 ? 'ok  ' : 'FAIL'}  ${s.name}${counts} (${s.s.toFixed(0)} s)${s.note ? ` ${s.note}` : ''}`);
  for (const f of s.failures ?? []) console.log(`        ✗ ${f}`);
}
const passed = stages.reduce((n, s) => n + s.passed, 0);
const failed = stages.reduce((n, s) => n + s.failed, 0);
console.log(`${passed} passed, ${failed} failed`);
process.exit(stages.every((s) => s.code === 0) ? 0 : 1);
