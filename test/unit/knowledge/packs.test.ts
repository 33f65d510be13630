import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildKnowledgeBase } from '../../../src/core/knowledge/buildKnowledgeBase';
import { adviceForRule } from '../../../src/core/knowledge/refs';
import { readKnowledgeFolder } from '../../../src/node/knowledgeFolder';
import { KnowledgeSearch } from '../../../src/core/search';
import { mergePacks, packIdFor, uniquePackIds, unknownRuleIssues, type LoadedPack } from '../../../src/core/knowledge/packs';
import { candidatePaths, effectivePackPaths, joinPath } from '../../../src/extension/packs/packPaths';

const repo = path.resolve(__dirname, '../../..');
const fixtures = path.join(repo, 'test/fixtures/packs');
const builtin = buildKnowledgeBase(readKnowledgeFolder(path.join(repo, 'knowledge')));

function pack(name: string, id = packIdFor(name)): LoadedPack {
  const dir = path.join(fixtures, name);
  return { id, root: dir, files: readKnowledgeFolder(dir), locate: (rel) => path.join(dir, rel) };
}

describe('knowledge packs: which paths load', () => {
  it('untrusted workspaces load only user-level paths', () => {
    const settings = { user: ['/u/team'], workspace: ['ws-pack'], folders: [{ folder: '/w', value: ['folder-pack'] }] };
    assert.deepEqual(effectivePackPaths(settings, false).map((s) => s.path), ['/u/team']);
    assert.deepEqual(effectivePackPaths(settings, true).map((s) => `${s.scope}:${s.path}`), ['user:/u/team', 'workspace:ws-pack', 'folder:folder-pack']);
  });

  it('ignores non-string and blank values', () => {
    assert.deepEqual(effectivePackPaths({ user: ['a', 3, '  ', null], workspace: 'not-an-array' }, true).map((s) => s.path), ['a']);
  });

  it('resolves relative paths against the workspace folders, folder values against their folder, ~ against home', () => {
    assert.deepEqual(candidatePaths({ path: 'packs/team', scope: 'workspace' }, ['/w1', '/w2']), ['/w1/packs/team', '/w2/packs/team']);
    assert.deepEqual(candidatePaths({ path: './team', folder: '/w2', scope: 'folder' }, ['/w1', '/w2']), ['/w2/team']);
    assert.deepEqual(candidatePaths({ path: '/abs/team', scope: 'user' }, ['/w1']), ['/abs/team']);
    assert.deepEqual(candidatePaths({ path: '~/team', scope: 'user' }, ['/w1'], '/home/me'), ['/home/me/team']);
    assert.equal(joinPath('/w/a/', '../b/./c'), '/w/b/c');
  });
});

describe('knowledge packs: ids', () => {
  it('derives ids from folder and file names, never "builtin"', () => {
    assert.equal(packIdFor('/x/Team Advice/'), 'team-advice');
    assert.equal(packIdFor('/x/ops.zh.md'), 'ops');
    assert.equal(packIdFor('/x/builtin'), 'builtin-pack');
    assert.deepEqual(uniquePackIds(['/a/team', '/b/team', '/c/other']), ['team', 'team-2', 'other']);
  });
});

describe('knowledge packs: merging', () => {
  it('adds pack entries keyed <packId>:<n> and the search finds them', () => {
    const { kb, issues, counts } = mergePacks(builtin, [pack('team-advice')]);
    assert.deepEqual(issues, []);
    assert.deepEqual(counts, [{ id: 'team-advice', entries: 1, cards: 1 }]);
    assert.equal(kb.entries.length, builtin.entries.length + 1);
    assert.ok(kb.entries.some((e) => e.key === 'team-advice:1'));
    const hits = KnowledgeSearch.build(kb).search('斑马裁剪', { limit: 5 });
    assert.equal(hits[0]?.entryKey, 'team-advice:1', JSON.stringify(hits.slice(0, 3)));
  });

  it('a broken pack reports file:line issues, keeps its healthy parts, and other packs still load', () => {
    const { kb, issues, counts } = mergePacks(builtin, [pack('broken-pack'), pack('team-advice')]);
    const at = issues.map((i) => `${path.relative(fixtures, i.file)}:${i.line}`);
    assert.ok(at.includes(path.join('broken-pack', 'broken.zh.md') + ':11'), at.join(', '));
    assert.ok(at.includes(path.join('broken-pack', 'techniques', 'cards.md') + ':9'), at.join(', '));
    assert.ok(at.includes(path.join('broken-pack', 'techniques', 'cards.md') + ':10'), at.join(', '));
    assert.ok(issues.every((i) => i.packId === 'broken-pack'));
    assert.deepEqual(counts.map((c) => c.id), ['broken-pack', 'team-advice']);
    assert.ok(kb.entries.some((e) => e.key === 'broken-pack:1'), 'the healthy entry loads');
    assert.ok(kb.entries.some((e) => e.key === 'team-advice:1'), 'the next pack loads');
    assert.equal(kb.issues.length, builtin.issues.length, 'pack issues stay out of the base issue list');
    const search = KnowledgeSearch.build(kb);
    assert.ok(search.search('梯度爆炸', { limit: 5 }).some((h) => !h.entryKey.includes(':')), 'built-in search still works');
  });

  it('removing every pack gives back the built-in knowledge base', () => {
    const { kb } = mergePacks(builtin, []);
    assert.equal(kb, builtin);
  });

  it('a card with rules: points those rules to the pack advice; unknown rule ids are warned about', () => {
    const { kb } = mergePacks(builtin, [pack('team-advice'), pack('broken-pack')]);
    const refs = adviceForRule(kb, 'grad-clip', ['9#5']);
    assert.ok(refs.includes('team-advice:1#2'), refs.join(', '));
    assert.ok(!refs.includes('9#5'), 'refs the rule already cites are not repeated');
    assert.deepEqual(adviceForRule(kb, 'eval-mode'), []);
    const warnings = unknownRuleIssues(kb, new Set(['grad-clip']), (id, file) => `${id}/${file}`);
    assert.deepEqual(warnings.map((w) => `${w.file}:${w.line}`), ['broken-pack/techniques/cards.md:3']);
    assert.match(warnings[0].message, /no-such-rule/);
  });

  it('a pack whose files cannot be parsed at all still leaves the others loaded', () => {
    const bad: LoadedPack = { id: 'bad', root: '/bad', files: [{ path: 'x.en.md', text: '#### 1. t\n\n**Question:** q\n\n**Answer:**\n\n**1. a:** b\n' }], locate: (r) => `/bad/${r}` };
    // Make the build throw: a getter that fails when the parser reads the text.
    Object.defineProperty(bad.files[0], 'text', { get: () => { throw new Error('disk gone'); } });
    const { kb, issues } = mergePacks(builtin, [bad, pack('team-advice')]);
    assert.ok(kb.entries.some((e) => e.key === 'team-advice:1'));
    assert.ok(issues.some((i) => i.file.startsWith('/bad/') && i.line === 1), JSON.stringify(issues));
  });

  it('hostile pack loads as data (payloads are text to be sanitized, not dropped entries)', () => {
    const { kb, issues } = mergePacks(builtin, [pack('hostile-pack')]);
    assert.deepEqual(issues.filter((i) => i.severity === 'error'), []);
    const e = kb.entries.find((x) => x.key === 'hostile-pack:1');
    assert.ok(e && e.items.length === 4);
    assert.ok(fs.readFileSync(path.join(fixtures, 'hostile-pack/hostile.en.md'), 'utf8').includes('__PORT__'));
  });
});

describe('knowledge packs: rule advice in hovers and rule pages', () => {
  it('the finding hover and the rule page quote the team item a card attached to the rule', async () => {
    const { findingHoverMarkdown, ruleDocsMarkdown } = await import('../../../src/extension/hoverMarkdown');
    const { getRule } = await import('../../../src/core/analysis/registry');
    const { kb } = mergePacks(builtin, [pack('team-advice')]);
    const rule = getRule('grad-clip')!;
    const finding = { ruleId: 'grad-clip', message: { zh: '', en: '' }, range: { startLine: 0, startColumn: 0, endLine: 0, endColumn: 1 }, severity: 'warning', advice: [...rule.advice] } as never;
    const t = (m: string, ...a: Array<string | number>) => m.replace(/\{(\d+)\}/g, (_, i) => String(a[Number(i)]));
    const hover = findingHoverMarkdown(finding, rule as never, kb, { lang: 'en', t, canFix: false });
    assert.match(hover, /Zebra clipping threshold/);
    assert.match(hover, /team-advice:1#2/);
    assert.doesNotMatch(findingHoverMarkdown(finding, rule as never, builtin, { lang: 'en', t, canFix: false }), /Zebra/);
    assert.match(ruleDocsMarkdown(rule as never, kb, 'zh', t), /斑马裁剪阈值/);
  });

  it("the sidebar's rule page links the team item after the rule's own advice", async () => {
    const { renderRule } = await import('../../../src/core/render/pages');
    const { getRule } = await import('../../../src/core/analysis/registry');
    const { kb } = mergePacks(builtin, [pack('team-advice')]);
    const html = renderRule({ kb, lang: 'en', getRule: (id) => getRule(id) as never }, 'grad-clip').html;
    const own = html.indexOf('Gradient clipping');
    const team = html.indexOf('Zebra clipping threshold');
    assert.ok(own >= 0 && team > own, html);
    const plain = renderRule({ kb: builtin, lang: 'en', getRule: (id) => getRule(id) as never }, 'grad-clip').html;
    assert.ok(!plain.includes('Zebra'));
  });
});

describe('knowledge packs: hover quotes load nothing', () => {
  it('Markdown images in quoted advice become their alt text', async () => {
    const { quoteAdvice, withoutImages } = await import('../../../src/extension/hoverMarkdown');
    assert.equal(withoutImages('a ![pic](https://x.test/p.png) b ![ref][1] c'), 'a pic b ref c');
    const { kb } = mergePacks(builtin, [pack('hostile-pack')]);
    const quote = quoteAdvice(kb, 'hostile-pack:1#1', 'en') ?? '';
    assert.match(quote, /Quokka body quokka-https/);
    assert.doesNotMatch(quote, /!\[/);
  });
});

describe('knowledge packs: reading a folder', () => {
  it('takes Markdown files only, skips hidden folders and node_modules, sorts by code unit and uses / (every reader)', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ta-folder-'));
    try {
      for (const f of ['b.md', 'B.md', 'a.txt', '.git/x.md', 'node_modules/y.md', 'sub/c.md', 'Sub2/d.MD']) {
        fs.mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
        fs.writeFileSync(path.join(dir, f), '# x\n');
      }
      assert.deepEqual(readKnowledgeFolder(dir).map((f) => f.path), ['B.md', 'Sub2/d.MD', 'b.md', 'sub/c.md']);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
