// Bundles the integration suite for the extension host: test/integration/index.ts and every
// test/integration/**/*.test.ts → dist/test/integration/**/*.js, CommonJS (the host `require`s it),
// with `vscode` (given by the host) and `mocha` (one shared instance, from node_modules) external.
// It also rebuilds the extension's bundles in dist/ as a test build (`esbuild.mjs --test-hooks`): the suite
// reaches internals (crash the analysis worker, read the views' state) through hooks the production build and
// the VSIX leave out, so run it after `npm run package`, as `npm test` does.
//   node test/integration/build.mjs
import * as esbuild from 'esbuild';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const here = path.dirname(new URL(import.meta.url).pathname);
const root = path.resolve(here, '..', '..');
const outdir = path.join(root, 'dist', 'test', 'integration');

function findTests(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return findTests(p);
    return e.name.endsWith('.test.ts') ? [p] : [];
  });
}

execFileSync(process.execPath, [path.join(root, 'esbuild.mjs'), '--production', '--test-hooks'], { cwd: root, stdio: 'inherit' });

const entryPoints = [path.join(here, 'index.ts'), ...findTests(here)];
fs.rmSync(outdir, { recursive: true, force: true }); // a deleted test must not keep running from a stale bundle
await esbuild.build({
  entryPoints,
  outbase: here,
  outdir,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: 'inline', // stack traces point at the .ts lines
  external: ['vscode', 'mocha'],
  logLevel: 'warning',
});
console.log(`[integration build] ${entryPoints.length - 1} test file(s) → ${path.relative(root, outdir)}`);
