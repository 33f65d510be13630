/**
 * Runs a mocha suite INSIDE the real extension host of code-server — the @vscode/test-electron
 * `runTests` equivalent. The workbench's `payload` carries extensionDevelopmentPath/extensionTestsPath;
 * it reports every log line (mocha's reporter included) through window.codeAutomationLog and the end
 * of the run through window.codeAutomationExit(code, logs), which we expose with playwright.
 */
import fs from 'node:fs';
import path from 'node:path';
import util from 'node:util';
import { launchChromium } from './browser';
import type { CodeServer } from './codeServer';
import { FATAL_LOG } from './fatalLogs';

export interface SuiteResult {
  /** 0 pass, 1 tests failed or the module failed to load, 2 harness error / timeout. */
  code: number;
  passed: number;
  failed: number;
  /** activate() duration the extension reported, if the suite printed it. */
  activationMs?: number;
}

/** Forwarded workbench lines matching FATAL_LOG (an aborted save participant is only logged, never thrown). */
function failOnFatalLines(result: SuiteResult, fatal: string[]): void {
  if (fatal.length === 0) return;
  console.log(`[e2e] the workbench logged:\n  ${fatal.slice(0, 5).join('\n  ')}`);
  result.code = result.code || 1;
  result.failed += 1;
}

/** Workbench chatter that is not test output (shown with verbose). */
const NOISE = [
  /^Resolving connection token/, /^Resolved connection token/, /^Creating a socket/,
  /^Updating additional builtin extensions cache/, /^\[Service Worker\]/, /^ChatSessionStore:/,
  /^Started initializing default profile/, /^Completed initializing default profile/,
  /^Ignoring fetching additional builtin extensions from gallery/, /^Creation of workbench contribution/,
  /^\[perf\]/, /^Extension host \(.*\) is unresponsive/,
];

/** Lines test/integration/index.ts prints for the harness (stable, unlike reporter formatting). */
const RESULT_LINE = /^TA_RESULT (\{.*\})$/;
const ACTIVATION_LINE = /^TA_ACTIVATION_MS (\d+(?:\.\d+)?)$/;

export async function runSuiteInCodeServer(
  server: CodeServer,
  opts: { extensionDevelopmentPath: string; extensionTestsPath: string; timeoutSec?: number; verbose?: boolean },
): Promise<SuiteResult> {
  const timeoutSec = opts.timeoutSec ?? 300;
  const result: SuiteResult = { code: 2, passed: 0, failed: 0 };
  let counted = false;
  const fatal: string[] = [];
  if (!fs.existsSync(opts.extensionTestsPath)) {
    console.log(`[e2e] tests module not found: ${opts.extensionTestsPath} (run the integration build first)`);
    result.failed = 1;
    return result;
  }
  const browser = await launchChromium(server.tmp);
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    page.on('pageerror', (e) => console.log('[page error]', e.message));
    if (opts.verbose) page.on('console', (m) => m.type() === 'error' && console.log('[browser console.error]', m.text()));
    await page.exposeFunction('codeAutomationLog', (type: string, args: unknown[]) => {
      if (!Array.isArray(args) || args.length === 0) return;
      const line = typeof args[0] === 'string' ? util.format(...args) : util.inspect(args);
      const r = RESULT_LINE.exec(line);
      if (r) {
        const stats = JSON.parse(r[1]) as { passes: number; failures: number };
        result.passed = stats.passes;
        result.failed = stats.failures;
        counted = true;
        return;
      }
      const a = ACTIVATION_LINE.exec(line);
      if (a) {
        result.activationMs = Number(a[1]);
        return;
      }
      if (FATAL_LOG.test(line)) fatal.push(line);
      if (!opts.verbose && NOISE.some((n) => n.test(line))) return;
      console.log(type === 'info' || type === 'log' ? line : `[${type}] ${line}`);
    });
    let finish!: (code: number) => void;
    const exited = new Promise<number>((r) => (finish = r));
    await page.exposeFunction('codeAutomationExit', (code: number, logs?: { relativePath: string; contents: string }[]) => {
      const dir = path.join(server.tmp, 'workbench-logs');
      for (const l of logs ?? []) {
        const p = path.join(dir, l.relativePath);
        fs.mkdirSync(path.dirname(p), { recursive: true });
        fs.writeFileSync(p, l.contents);
      }
      finish(code);
    });
    await page.goto(server.workbenchUrl(opts));
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((r) => (timer = setTimeout(() => r('timeout'), timeoutSec * 1000)));
    const outcome = await Promise.race([exited, timeout]);
    clearTimeout(timer);
    if (outcome === 'timeout') {
      console.log(`[e2e] no exit code from the workbench after ${timeoutSec} s (timeout)`);
      await page.screenshot({ path: path.join(server.tmp, 'timeout.png') }).catch(() => undefined);
      result.code = 2;
    } else {
      result.code = outcome;
    }
  } catch (e) {
    console.log('[e2e] harness error: ' + ((e as Error).stack ?? e));
    result.code = 2;
  } finally {
    await browser.close().catch(() => undefined);
  }
  failOnFatalLines(result, fatal);
  // A run that failed without counting (load error, timeout) still counts as one failure.
  if (result.code !== 0 && result.failed === 0) result.failed = 1;
  if (result.code === 0 && !counted) {
    console.log('[e2e] the suite exited 0 but reported no result line: counted as failed');
    result.code = 1;
    result.failed = 1;
  }
  return result;
}
