/**
 * The web-only VSIX: the files of the packaged dist/training-advisor.vsix with a manifest that has no `main`, only
 * `browser`, and the test build of the browser scripts (dist/web/extension.js, the webviews' scripts; after `npm run build:integration`):
 * the @web tests read the Runs view and the host through commands that only test builds register. Installed into code-server, nothing can run it in the Node extension host,
 * so the workbench runs it in the browser's web worker extension host — what vscode.dev / github.dev do.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { repoRoot, vsixPath } from './paths';
// @ts-expect-error plain ESM script without types
import { listZip, readZipEntry } from '../../../scripts/check-package.mjs';

export const webVsixPath = path.join(repoRoot, 'dist/training-advisor-web.vsix');

interface ZipEntry { name: string }

export function buildWebOnlyVsix(): string {
  const stage = fs.mkdtempSync(path.join(os.tmpdir(), 'ta-web-vsix-'));
  try {
    for (const entry of listZip(vsixPath) as ZipEntry[]) {
      if (!entry.name.startsWith('extension/')) continue; // the VSIX's own manifest files: vsce writes new ones
      const out = path.join(stage, entry.name.slice('extension/'.length));
      fs.mkdirSync(path.dirname(out), { recursive: true });
      fs.writeFileSync(out, readZipEntry(vsixPath, entry) as Buffer);
    }
    if (!fs.readFileSync(path.join(repoRoot, 'dist/web/extension.js'), 'utf8').includes('trainingAdvisor.hostInfo')) {
      throw new Error('dist/ is not a test build: run `npm run build:integration` before the web phase');
    }
    // The browser entry and the webviews' scripts: the test build's (their test hooks report to the @web tests).
    for (const f of ['dist/web/extension.js', 'dist/runPanel.js', 'dist/webview.js']) fs.copyFileSync(path.join(repoRoot, f), path.join(stage, f));
    const manifestFile = path.join(stage, 'package.json');
    const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as Record<string, unknown>;
    if (typeof manifest.browser !== 'string') throw new Error('package.json has no `browser` entry');
    delete manifest.main;
    delete manifest.bin;
    fs.writeFileSync(manifestFile, JSON.stringify(manifest, null, 2));
    fs.writeFileSync(path.join(stage, '.vscodeignore'), '.vscodeignore\n'); // the stage holds only packaged files
    execFileSync(path.join(repoRoot, 'node_modules/.bin/vsce'), [
      'package', '--no-dependencies', '--baseContentUrl', 'https://example.invalid/training-advisor/blob/HEAD',
      '--baseImagesUrl', 'https://example.invalid/training-advisor/raw/HEAD', '--out', webVsixPath,
    ], { cwd: stage, stdio: ['ignore', 'ignore', 'inherit'] });
  } finally {
    fs.rmSync(stage, { recursive: true, force: true });
  }
  return webVsixPath;
}
