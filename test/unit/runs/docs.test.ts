import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../../..');

describe('docs/runs.md', () => {
  it('is what scripts/runs-docs.ts generates from the catalog (regenerate: npx tsx scripts/runs-docs.ts > docs/runs.md)', () => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/runs-docs.ts'], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(fs.readFileSync(path.join(ROOT, 'docs/runs.md'), 'utf8'), r.stdout);
  });
});
