/**
 * Runs every test/e2e/ui/*.ui.{ts,js,cjs,mjs} file with mocha (describe/it or suite/test), in this
 * process (already under tsx, so .ts loads). sharedWorkbench() serves the tests of one file: it is closed
 * after each top-level suite, so the next file starts a fresh one and no state leaks between files (e.g.
 * a test that leaves the sidebar on a rule page). A failed test leaves a screenshot in
 * test-results/failures/ and its workbench's server logs on disk.
 */
import fs from 'node:fs';
import path from 'node:path';
import Mocha from 'mocha';
import type { SuiteResult } from './integration';
import { repoRoot, testResults } from './paths';
import { closeSharedWorkbench, sharedWorkbench, sharedWorkbenchIfStarted } from '../ui/lib';

const uiDir = path.join(repoRoot, 'test/e2e/ui');

export async function runUiTests(opts: { grep?: string; keep?: boolean; dir?: string }): Promise<SuiteResult> {
  const dir = opts.dir ?? uiDir;
  const files = fs
    .readdirSync(dir)
    .filter((f) => /\.ui\.(ts|js|cjs|mjs)$/.test(f))
    .sort()
    .map((f) => path.join(dir, f));
  if (files.length === 0) {
    console.log('[e2e] no UI test files (test/e2e/ui/*.ui.ts)');
    return { code: 0, passed: 0, failed: 0 };
  }
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 120_000, reporter: 'spec' });
  Mocha.interfaces.tdd(mocha.suite);
  if (opts.grep) mocha.grep(opts.grep);
  for (const f of files) mocha.addFile(f);
  mocha.suite.afterEach(async function () {
    const t = this.currentTest;
    if (t?.state !== 'failed') return;
    const wb = await sharedWorkbenchIfStarted();
    if (!wb) return;
    const name = t.fullTitle().replace(/[^\w.-]+/g, '_').slice(0, 120);
    const file = await wb.screenshot(path.join(testResults, 'failures', `${name}.png`)).catch(() => undefined);
    if (file) console.log(`      screenshot of the failure: ${path.relative(repoRoot, file)}`);
  });
  await mocha.loadFilesAsync();
  // One workbench per file: close the shared one after each top-level suite (a file's tests).
  for (const suite of mocha.suite.suites) {
    let failed = false;
    // Start it before the file's first test, under its own generous timeout: on a loaded machine the start
    // alone can take a minute, which would otherwise count against the first test's timeout.
    if (suite.file && fs.readFileSync(suite.file, 'utf8').includes('sharedWorkbench(')) {
      suite.beforeAll(async function () {
        this.timeout(240_000);
        await sharedWorkbench();
      });
    }
    suite.afterEach(function () {
      if (this.currentTest?.state === 'failed') failed = true;
    });
    suite.afterAll(async function () {
      this.timeout(120_000);
      const fatal = await closeSharedWorkbench(failed || !!opts.keep);
      if (fatal.length) throw new Error(`the workbench logged:\n  ${fatal.slice(0, 5).join('\n  ')}`);
    });
  }
  let failures = 0;
  let passes = 0;
  try {
    await new Promise<void>((resolve) => {
      const runner = mocha.run(() => resolve());
      runner.on('pass', () => passes++);
      runner.on('fail', () => failures++);
    });
  } finally {
    // normally closed by the last suite's hook already; here for a run interrupted by an error
    const fatal = await closeSharedWorkbench(failures > 0 || !!opts.keep);
    if (fatal.length) {
      console.log(`[e2e] the workbench logged:\n  ${fatal.slice(0, 5).join('\n  ')}`);
      failures++;
    }
  }
  return { code: failures > 0 ? 1 : 0, passed: passes, failed: failures };
}
