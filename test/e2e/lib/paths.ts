/** Where things are: the repo, the ignored e2e install folder, the pinned code-server, test outputs. */
import path from 'node:path';

export const repoRoot = path.resolve(__dirname, '..', '..', '..');
/** Ignored by git and by the VSIX: the code-server install and kept logs of failed runs. */
export const e2eRoot = process.env.TA_E2E_ROOT ?? path.join(repoRoot, '.e2e');
export const codeServerDir = path.join(e2eRoot, 'code-server');
export const codeServerEntry = path.join(codeServerDir, 'node_modules/code-server/out/node/entry.js');
export const installScript = path.join(repoRoot, 'test/e2e/install-code-server.sh');
/** Screenshots and logs of test runs (ignored by git). */
export const testResults = path.join(repoRoot, 'test-results');
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const examplesDir = path.join(repoRoot, 'examples');
export const fixturesDir = path.join(repoRoot, 'test/fixtures');
export const integrationTestsEntry = path.join(repoRoot, 'dist/test/integration/index.js');
export const vsixPath = path.join(repoRoot, 'dist/training-advisor.vsix');
export const extensionId = 'training-advisor.training-advisor';
