/**
 * Mocha entry point loaded by VS Code's extension host (extensionTestsPath), under code-server
 * (test/e2e) or @vscode/test-electron alike: nothing here knows which one runs it.
 * Runs every *.test.js bundled next to this file (dist/test/integration/**); activation.test.js first,
 * because it checks that the extension is not active before a Python file or a command activates it.
 * `run()` rejecting makes the workbench exit with code 1.
 */
import fs from 'node:fs';
import path from 'node:path';
import Mocha from 'mocha';
import * as vscode from 'vscode';

const EXTENSION_ID = 'training-advisor.training-advisor';

function testFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...testFiles(p));
    else if (entry.name.endsWith('.test.js')) out.push(p);
  }
  return out;
}

function ordered(files: string[]): string[] {
  const first = (f: string) => (path.basename(f) === 'activation.test.js' ? 0 : 1);
  return files.sort((a, b) => first(a) - first(b) || a.localeCompare(b));
}

/** Prints the duration activate() measured itself (exported API `{ activationMs }`), if it ran. */
function reportActivationTime(): void {
  if (process.env.TA_TEST_MODE === 'web') return; // web.test.ts reports it: the extension is in another host
  try {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    // `exports` throws for an extension that is not active.
    const activationMs: unknown = ext?.isActive ? ext.exports?.activationMs : undefined;
    if (typeof activationMs === 'number') {
      console.log(`Training Advisor activate() took ${activationMs.toFixed(1)} ms`);
      console.log(`TA_ACTIVATION_MS ${activationMs.toFixed(1)}`);
    } else {
      console.log(`Training Advisor activation time: not reported (active: ${ext?.isActive ?? 'not installed'})`);
    }
  } catch (e) {
    console.log(`Training Advisor activation time: unreadable (${String(e)})`);
  }
}

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 60_000, reporter: 'spec' });
  // Both styles work: describe/it (bdd) and suite/test (tdd, the VS Code samples' style).
  Mocha.interfaces.tdd(mocha.suite);
  // Tests tagged @vsix need the extension installed from the VSIX (the harness's vsix phase); the
  // normal run (development extension, also test-electron) leaves them out.
  // Tests tagged @web check the web-only VSIX (no `main`), which runs in the browser's web worker extension
  // host while this suite runs in the Node one (the harness's web phase).
  if (process.env.TA_TEST_MODE === 'vsix') mocha.grep('@vsix');
  else if (process.env.TA_TEST_MODE === 'web') mocha.grep('@web');
  else if (process.env.TA_TEST_GREP) mocha.grep(process.env.TA_TEST_GREP);
  else mocha.grep(/@vsix|@web/).invert();
  const files = ordered(testFiles(__dirname));
  if (files.length === 0) return Promise.reject(new Error(`no *.test.js files next to ${__filename}`));
  for (const f of files) mocha.addFile(f);

  return new Promise((resolve, reject) => {
    try {
      const runner = mocha.run((failures) => {
        const stats = runner.stats ?? { passes: 0, failures, pending: 0 };
        reportActivationTime();
        // One stable line for the harnesses to count from (reporter formatting may change).
        console.log(`TA_RESULT ${JSON.stringify({ passes: stats.passes, failures: stats.failures, pending: stats.pending })}`);
        if (failures > 0) reject(new Error(`${failures} integration test(s) failed.`));
        else if (stats.passes === 0) reject(new Error('no integration test ran (check TA_TEST_GREP)'));
        else resolve();
      });
    } catch (err) {
      reject(err);
    }
  });
}
