/**
 * `npm run test:electron`: the same integration suite (dist/test/integration/index.js) under
 * @vscode/test-electron, for machines that can download VS Code (this one cannot: use `npm test`,
 * which runs it in code-server). The suite knows nothing of code-server; the workspace and fixtures
 * are fresh copies, as in the code-server harness.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runTests } from '@vscode/test-electron';
import { examplesDir, fixturesDir, integrationTestsEntry, repoRoot } from './lib/paths';

async function main(): Promise<number> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'training-advisor-electron-'));
  const workspace = path.join(tmp, 'workspace');
  const fixtures = path.join(tmp, 'fixtures');
  fs.cpSync(examplesDir, workspace, { recursive: true });
  if (fs.existsSync(fixturesDir)) fs.cpSync(fixturesDir, fixtures, { recursive: true });
  try {
    await runTests({
      version: process.env.VSCODE_VERSION ?? '1.100.3', // the version code-server 4.100.3 embeds
      extensionDevelopmentPath: repoRoot,
      extensionTestsPath: integrationTestsEntry,
      extensionTestsEnv: { TA_FIXTURES_DIR: fixtures, TA_TEST_MODE: 'development' },
      launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', '--user-data-dir', path.join(tmp, 'user-data')],
    });
    fs.rmSync(tmp, { recursive: true, force: true });
    return 0;
  } catch (e) {
    console.error(`test-electron run failed: ${e instanceof Error ? e.message : e}`);
    console.error(`(kept ${tmp}; on a machine without access to update.code.visualstudio.com use \`npm test\`)`);
    return 1;
  }
}

main().then((c) => process.exit(c));
