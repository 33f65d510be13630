/**
 * A clean install: every dependency with an install script is decided in package.json's `allowScripts`
 * (npm 11), so `npm ci` prints no "install scripts not yet covered by allowScripts" warning.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT } from './runCli';

describe('npm install scripts', function () {
  this.timeout(60000);

  it('npm install-scripts ls finds no dependency whose install script is undecided', function () {
    const npm = spawnSync('npm', ['install-scripts', 'ls'], { cwd: ROOT, encoding: 'utf8' });
    if (npm.error || /Unknown command/i.test(npm.stderr + npm.stdout)) this.skip(); // npm before 11 has no allowScripts
    assert.equal(npm.status, 0, npm.stderr);
    assert.match(npm.stdout, /No packages with unreviewed install scripts/, npm.stdout);
  });

  it('the grammar is never built natively: the extension loads tree-sitter-python.wasm', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    assert.equal(pkg.allowScripts['tree-sitter-python'], false);
    assert.ok(fs.existsSync(path.join(ROOT, 'node_modules/tree-sitter-python/tree-sitter-python.wasm')));
  });
});
