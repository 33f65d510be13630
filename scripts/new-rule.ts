/**
 * `npm run new-rule -- <rule-id>`: the files of a new rule, so that adding one is writing its file and fixture.
 * Creates src/core/analysis/rules/<id>.ts (a rule that finds calls of one API, to be rewritten), registers it in
 * registry.ts and its metadata in ruleCatalog.ts, creates test/fixtures/<id>/cases.py (one case that must fire, one
 * that must not), then runs the sync of package.json, the nls files and the README table (scripts/rules-catalog.ts).
 * Until the rule and its fixture say something true, the fixture and catalog tests tell what is missing.
 */
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(__dirname, '..');

/** `no-foo-bar` → `noFooBar`. */
export function exportName(id: string): string {
  return id.replace(/-([a-z0-9])/g, (_m, c: string) => c.toUpperCase());
}

/** registry.ts with the rule imported after the last rule import and appended to the `rules` array. */
export function addToRegistry(registry: string, id: string): string {
  return addAfterLast(registry, 'registry.ts', exportName(id), id);
}

/** ruleCatalog.ts with the rule's metadata (`<name>Meta`) imported and appended to `ruleMetas`, like the registry. */
export function addToCatalog(catalog: string, id: string): string {
  return addAfterLast(catalog, 'ruleCatalog.ts', `${exportName(id)}Meta`, id);
}

function addAfterLast(text: string, file: string, name: string, id: string): string {
  const imports = [...text.matchAll(/^import \{ \w+ \} from '\.\/rules\/[\w-]+';$/gm)];
  const last = imports[imports.length - 1];
  if (!last) throw new Error(`${file}: no rule imports found`);
  const at = last.index! + last[0].length;
  let out = `${text.slice(0, at)}\nimport { ${name} } from './rules/${id}';${text.slice(at)}`;
  out = out.replace(/(export const \w+: readonly \w+\[\] = \[[\s\S]*?)(,?\s*)\];/, (_m, body: string) => `${body.trimEnd().replace(/,$/, '')}, ${name},\n];`);
  return out;
}

export function ruleTemplate(id: string): string {
  return `import type { Rule, RuleMeta, RawFinding } from '../rule';
import { defineRule } from '../rule';
import { callSpan } from './util';

// Scaffolded by npm run new-rule: rewrite the detection, docs and messages, then the fixture.
export const ${exportName(id)}Meta = {
  id: '${id}',
  title: { zh: 'TODO 中文标题', en: 'TODO English title' },
  defaultSeverity: 'information',
  advice: ['1#1'],
  docs: {
    detects: { zh: 'TODO 检测什么。', en: 'TODO Detects what.' },
    why: { zh: 'TODO 为什么重要。', en: 'TODO Why it matters.' },
    example: ['import torch', '', 'torch.TODO_API()', ''].join('\\n'),
    fixedExample: ['import torch', '', 'torch.TODO_FIXED()', ''].join('\\n'),
  },
  fixable: false,
} satisfies RuleMeta;

export const ${exportName(id)}: Rule = /* @__PURE__ */ defineRule(${exportName(id)}Meta, {
  check(ctx) {
    const out: RawFinding[] = [];
    for (const call of ctx.model.calls) {
      if (call.qname !== 'torch.TODO_API') continue;
      out.push({ anchor: callSpan(call), message: { zh: 'TODO 提示', en: 'TODO message' } });
    }
    return out;
  },
});
`;
}

export function fixtureTemplate(id: string): string {
  return `import torch


def fires():
    torch.TODO_API()  # expect: ${id}


def stays_quiet():
    torch.TODO_FIXED()
`;
}

function main(): void {
  const id = process.argv[2] ?? '';
  if (!/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/.test(id)) {
    console.error('usage: npm run new-rule -- <rule-id>   (kebab-case, e.g. grad-accumulation)');
    process.exit(2);
  }
  const ruleFile = path.join(root, 'src/core/analysis/rules', `${id}.ts`);
  const fixtureDir = path.join(root, 'test/fixtures', id);
  if (fs.existsSync(ruleFile) || fs.existsSync(fixtureDir)) {
    console.error(`rule ${id} exists already (${path.relative(root, fs.existsSync(ruleFile) ? ruleFile : fixtureDir)})`);
    process.exit(2);
  }
  const registryFile = path.join(root, 'src/core/analysis/registry.ts');
  fs.writeFileSync(registryFile, addToRegistry(fs.readFileSync(registryFile, 'utf8'), id));
  const catalogFile = path.join(root, 'src/core/analysis/ruleCatalog.ts');
  fs.writeFileSync(catalogFile, addToCatalog(fs.readFileSync(catalogFile, 'utf8'), id));
  fs.writeFileSync(ruleFile, ruleTemplate(id));
  fs.mkdirSync(fixtureDir, { recursive: true });
  fs.writeFileSync(path.join(fixtureDir, 'cases.py'), fixtureTemplate(id));
  // The registry changed on disk after this process loaded nothing of it yet: load the sync now.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { syncRules } = require('./rules-catalog') as typeof import('./rules-catalog');
  const changed = syncRules();
  console.log([
    `created src/core/analysis/rules/${id}.ts and test/fixtures/${id}/cases.py, registered it in registry.ts and ruleCatalog.ts`,
    `updated ${changed.join(', ') || 'nothing else'}`,
    'next: write the detection and docs, the fixture cases, and a zh/en setting description in the nls files',
  ].join('\n'));
}

if (require.main === module) main();
