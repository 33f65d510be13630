/**
 * The real-VS-Code test run (code-server 4.100.3 + headless Debian Chromium), in three phases:
 *   integration  the mocha suite (dist/test/integration) inside the extension host, extension loaded
 *                from this repo as a development extension, workspace = a copy of examples/
 *   vsix         dist/training-advisor.vsix installed with --install-extension into a fresh profile;
 *                the suite's @vsix tests check that the installed copy activates and works
 *   ui           every test/e2e/ui/*.ui.* file (mocha + playwright) against the same start path as `npm start`
 *   web          the web-only VSIX (dist/training-advisor-web.vsix: the package without `main`), which code-server
 *                can only run in the browser's web worker extension host: the suite's @web tests (from the Node
 *                host, through commands and the workbench), then test/e2e/web/*.ui.ts in Chromium
 * Prints each phase's output and ends with one line `N passed, N failed`; exit code 0 only when all passed.
 *
 * usage: tsx test/e2e/run.ts [--only integration,vsix,ui,web] [--grep RE] [--timeout SEC] [--keep] [--verbose]
 */
import fs from 'node:fs';
import path from 'node:path';
import { ensureCodeServer, startCodeServer, type CodeServer } from './lib/codeServer';
import { fatalServerLogLines } from './lib/fatalLogs';
import { runSuiteInCodeServer, type SuiteResult } from './lib/integration';
import { integrationTestsEntry, repoRoot, vsixPath } from './lib/paths';
import { runUiTests } from './lib/uiRunner';
import { buildWebOnlyVsix } from './lib/webVsix';

const PHASES = ['integration', 'vsix', 'ui', 'web'] as const;
type Phase = (typeof PHASES)[number];

function parseArgs(argv: string[]) {
  const args = { only: [...PHASES] as Phase[], grep: undefined as string | undefined, timeout: 600, keep: false, verbose: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--only') args.only = argv[++i].split(',') as Phase[];
    else if (a === '--grep') args.grep = argv[++i];
    else if (a === '--timeout') args.timeout = Number(argv[++i]);
    else if (a === '--keep') args.keep = true;
    else if (a === '--verbose') args.verbose = true;
    else throw new Error(`unknown argument ${a}`);
  }
  for (const p of args.only) if (!PHASES.includes(p)) throw new Error(`unknown phase ${p} (${PHASES.join(', ')})`);
  return args;
}

type Args = ReturnType<typeof parseArgs>;

/** Stops the server; an endless recursion in its logs counts as one more failure (VS Code only logs it). */
async function stopAndCheckLogs(server: CodeServer, r: SuiteResult, keep: boolean): Promise<SuiteResult> {
  await server.stop();
  const fatal = fatalServerLogLines(server);
  if (fatal.length) {
    console.log(`[e2e] the workbench logged:\n  ${fatal.slice(0, 5).join('\n  ')}`);
    r = { ...r, code: r.code || 1, failed: r.failed + 1 };
  }
  server.dispose(r.code !== 0 || keep);
  return r;
}

async function integrationPhase(args: Args): Promise<SuiteResult> {
  const server = await startCodeServer({ env: { TA_TEST_MODE: 'development', ...(args.grep ? { TA_TEST_GREP: args.grep } : {}) } });
  let r: SuiteResult = { code: 2, passed: 0, failed: 1 };
  try {
    r = await runSuiteInCodeServer(server, {
      extensionDevelopmentPath: repoRoot,
      extensionTestsPath: integrationTestsEntry,
      timeoutSec: args.timeout,
      verbose: args.verbose,
    });
  } finally {
    r = await stopAndCheckLogs(server, r, args.keep);
  }
  return r;
}

/**
 * The suite's tagged tests against an installed VSIX in a fresh profile: an empty development extension
 * (vsix-host/) carries the tests; Training Advisor itself is the installed package.
 */
async function installedVsixSuite(vsix: string, mode: 'vsix' | 'web', args: Args): Promise<SuiteResult> {
  const server = await startCodeServer({ vsix, env: { TA_TEST_MODE: mode } });
  let r: SuiteResult = { code: 2, passed: 0, failed: 1 };
  try {
    r = await runSuiteInCodeServer(server, {
      extensionDevelopmentPath: path.join(repoRoot, 'test/e2e/vsix-host'),
      extensionTestsPath: integrationTestsEntry,
      timeoutSec: args.timeout,
      verbose: args.verbose,
    });
  } finally {
    r = await stopAndCheckLogs(server, r, args.keep);
  }
  return r;
}

function packaged(): boolean {
  if (fs.existsSync(vsixPath)) return true;
  console.log(`[e2e] ${path.relative(repoRoot, vsixPath)} not found — run \`npm run package\` first`);
  return false;
}

async function vsixPhase(args: Args): Promise<SuiteResult> {
  return packaged() ? installedVsixSuite(vsixPath, 'vsix', args) : { code: 1, passed: 0, failed: 1 };
}

/** The web-only VSIX in a fresh profile: the suite's @web tests, then the browser UI check (its own server). */
async function webPhase(args: Args): Promise<SuiteResult> {
  if (!packaged()) return { code: 1, passed: 0, failed: 1 };
  const r = await installedVsixSuite(buildWebOnlyVsix(), 'web', args);
  const ui = await runUiTests({ grep: args.grep, keep: args.keep, dir: path.join(repoRoot, 'test/e2e/web') });
  return { code: r.code || ui.code, passed: r.passed + ui.passed, failed: r.failed + ui.failed, activationMs: r.activationMs };
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  ensureCodeServer();
  const results: [Phase, SuiteResult][] = [];
  for (const phase of args.only) {
    const t0 = Date.now();
    console.log(`\n=== e2e ${phase} (real VS Code 1.100.3 via code-server) ===`);
    let r: SuiteResult;
    try {
      if (phase === 'integration') r = await integrationPhase(args);
      else if (phase === 'vsix') r = await vsixPhase(args);
      else if (phase === 'web') r = await webPhase(args);
      else r = await runUiTests({ grep: args.grep, keep: args.keep });
    } catch (e) {
      console.log(`[e2e] ${phase} phase error: ${(e as Error).stack ?? e}`);
      r = { code: 2, passed: 0, failed: 1 };
    }
    results.push([phase, r]);
    const act = r.activationMs !== undefined ? `, activate() ${r.activationMs} ms` : '';
    if (r.activationMs !== undefined) recordActivation(phase, r.activationMs);
    console.log(`[e2e] ${phase}: ${r.passed} passed, ${r.failed} failed (exit ${r.code}, ${((Date.now() - t0) / 1000).toFixed(1)} s${act})`);
  }
  const passed = results.reduce((n, [, r]) => n + r.passed, 0);
  const failed = results.reduce((n, [, r]) => n + r.failed, 0);
  const ok = results.every(([, r]) => r.code === 0) && failed === 0;
  console.log(`${passed} passed, ${failed} failed`);
  return ok ? 0 : 1;
}

/** Keeps the measured activate() time for `npm run bench` (bench/sizes.bench.ts reports the latest per phase). */
function recordActivation(phase: Phase, activationMs: number): void {
  const file = path.join(repoRoot, 'test-results', 'activation.json');
  let all: Record<string, { activationMs: number; at: string }> = {};
  try { all = JSON.parse(fs.readFileSync(file, 'utf8')); } catch { /* first run */ }
  all[phase] = { activationMs, at: new Date().toISOString() };
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify(all, null, 2));
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(e);
    console.log('0 passed, 1 failed');
    process.exit(2);
  },
);
