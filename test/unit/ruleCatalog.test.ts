// The metadata catalogs (what the extension host loads) must list exactly what the registries (what the workers, the
// CLI and the tests run) list: same ids in the same order, and each rule's metadata the very object its rule spreads.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { rules } from '../../src/core/analysis/registry';
import { ruleMetas, getRuleMeta } from '../../src/core/analysis/ruleCatalog';
import { diagnoses } from '../../src/core/runs/diagnoses/registry';
import { diagnosisMetas, getDiagnosisMeta } from '../../src/core/runs/diagnoses/catalog';

const root = path.resolve(__dirname, '..', '..');

/** The rule's file exports `<name>Meta` beside `<name>`: the catalog must hold that object, not a copy. */
function metaExportOf(file: string, id: string): unknown {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const mod = require(path.join(root, file)) as Record<string, unknown>;
  const name = id.replace(/-([a-z0-9])/g, (_m, c: string) => c.toUpperCase());
  return mod[`${name}Meta`];
}

describe('rule and diagnosis catalogs', () => {
  it('ruleCatalog.ts lists the registry\'s rules, in its order, by their own metadata objects', () => {
    assert.deepEqual(ruleMetas.map((m) => m.id), rules.map((r) => r.id));
    for (const [i, rule] of rules.entries()) {
      const meta = ruleMetas[i];
      assert.equal(meta, metaExportOf(`src/core/analysis/rules/${rule.id}.ts`, rule.id), `${rule.id}: catalog entry is not the file's meta export`);
      for (const [key, value] of Object.entries(meta)) assert.equal((rule as unknown as Record<string, unknown>)[key], value, `${rule.id}.${key}`);
      assert.equal(meta.fixable, typeof rule.fix === 'function', `${rule.id}: fixable says ${meta.fixable}`);
      assert.deepEqual(Object.keys(rule).filter((k) => !(k in meta)).sort(), rule.fix ? ['check', 'fix'] : ['check'], `${rule.id}: fields outside its meta`);
      assert.equal(getRuleMeta(rule.id), meta);
    }
    assert.equal(getRuleMeta('no-such-rule'), undefined);
  });

  it('the diagnoses catalog lists the registry\'s diagnoses, in its order, by their own metadata objects', () => {
    assert.deepEqual(diagnosisMetas.map((m) => m.id), diagnoses.map((d) => d.id));
    for (const [i, d] of diagnoses.entries()) {
      const meta = diagnosisMetas[i];
      assert.equal(meta, metaExportOf(`src/core/runs/diagnoses/${d.id}.ts`, d.id), `${d.id}: catalog entry is not the file's meta export`);
      for (const [key, value] of Object.entries(meta)) assert.equal((d as unknown as Record<string, unknown>)[key], value, `${d.id}.${key}`);
      assert.deepEqual(Object.keys(d).filter((k) => !(k in meta)), ['detect'], `${d.id}: fields outside its meta`);
      assert.equal(getDiagnosisMeta(d.id), meta);
    }
  });

  it('every rule and diagnosis file is in both its registry and its catalog', () => {
    const ruleFiles = fs.readdirSync(path.join(root, 'src/core/analysis/rules')).filter((f) => f !== 'util.ts').map((f) => f.replace(/\.ts$/, ''));
    assert.deepEqual([...ruleFiles].sort(), ruleMetas.map((m) => m.id).sort());
    const diagFiles = fs.readdirSync(path.join(root, 'src/core/runs/diagnoses')).filter((f) => !['diagnosis.ts', 'registry.ts', 'catalog.ts'].includes(f)).map((f) => f.replace(/\.ts$/, ''));
    assert.deepEqual([...diagFiles].sort(), diagnosisMetas.map((m) => m.id).sort());
  });
});
