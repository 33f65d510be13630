// A rule is added in one place (its file, registered, plus its fixture folder): everything else that names rules
// is derived from the registry by scripts/rules-catalog.ts (`npm run sync-rules`) and must match it.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { expectedFiles, repoRoot } from '../../scripts/rules-catalog';
import { rules } from '../../src/core/analysis/registry';

describe('rule catalog outside the code', () => {
  for (const [file, expected] of expectedFiles()) {
    it(`${file} matches the rule registry (run \`npm run sync-rules\` after adding or changing a rule)`, () => {
      const actual = fs.readFileSync(path.join(repoRoot, file), 'utf8');
      if (actual === expected) return;
      const a = actual.split('\n');
      const e = expected.split('\n');
      const at = a.findIndex((line, i) => line !== e[i]);
      assert.fail(`${file}:${at + 1} differs from the registry\n  is:        ${a[at]}\n  should be: ${e[at]}`);
    });
  }

  it('names every rule in each derived file (the derivation itself is not empty)', () => {
    const files = expectedFiles();
    for (const r of rules) {
      assert.ok(files.get('package.json')!.includes(`"${r.id}": {`), `package.json: ${r.id}`);
      for (const nls of ['package.nls.json', 'package.nls.zh-cn.json']) assert.ok(files.get(nls)!.includes(`"config.rules.${r.id}"`), `${nls}: ${r.id}`);
      assert.ok(files.get('README.md')!.includes(`| \`${r.id}\` |`), `README.md: ${r.id}`);
    }
  });
});

describe('npm run new-rule', () => {
  it('registers a new rule after the last one, importing it by its camel-case name', async () => {
    const { addToRegistry, exportName } = await import('../../scripts/new-rule');
    const registry = fs.readFileSync(path.join(repoRoot, 'src/core/analysis/registry.ts'), 'utf8');
    const out = addToRegistry(registry, 'grad-accum');
    assert.equal(exportName('no-foo-2'), 'noFoo2');
    const last = rules[rules.length - 1].id;
    const lastName = exportName(last);
    assert.match(out, new RegExp(`import \\{ ${lastName} \\} from '\\./rules/${last}';\\nimport \\{ gradAccum \\} from '\\./rules/grad-accum';\\n`));
    assert.match(out, new RegExp(`${lastName}, gradAccum,\\n\\];`));
    assert.equal(out.replace("\nimport { gradAccum } from './rules/grad-accum';", '').replace(', gradAccum,', ','), registry);
  });

  it('adds the new rule\'s metadata to ruleCatalog.ts the same way', async () => {
    const { addToCatalog, exportName } = await import('../../scripts/new-rule');
    const catalog = fs.readFileSync(path.join(repoRoot, 'src/core/analysis/ruleCatalog.ts'), 'utf8');
    const out = addToCatalog(catalog, 'grad-accum');
    const last = rules[rules.length - 1].id;
    const lastName = `${exportName(last)}Meta`;
    assert.match(out, new RegExp(`import \\{ ${lastName} \\} from '\\./rules/${last}';\\nimport \\{ gradAccumMeta \\} from '\\./rules/grad-accum';\\n`));
    assert.match(out, new RegExp(`${lastName}, gradAccumMeta,\\n\\];`));
    assert.equal(out.replace("\nimport { gradAccumMeta } from './rules/grad-accum';", '').replace(', gradAccumMeta,', ','), catalog);
  });

  it('scaffolds a rule file whose metadata is its own export, split from the detection', async () => {
    const { ruleTemplate } = await import('../../scripts/new-rule');
    const text = ruleTemplate('grad-accum');
    assert.match(text, /^export const gradAccumMeta = \{$/m);
    assert.match(text, /^\} satisfies RuleMeta;$/m);
    assert.match(text, /^export const gradAccum: Rule = \/\* @__PURE__ \*\/ defineRule\(gradAccumMeta, \{$/m);
  });
});
