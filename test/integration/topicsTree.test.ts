// The native Topics tree (trainingAdvisor.topics) in a real VS Code: its rows as the view gets them (labels,
// counts, questions as tooltips, "also asked as" variants, commands), in Chinese and English, following the
// sidebar's language toggle and the trainingAdvisor.language setting; choosing an entry opens the advice view.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { KnowledgeBase } from '../../src/core/knowledge/types';
import type { TopicsSnapshotRow as Row } from '../../src/extension/sidebar/topicsTree';
import { extension } from './support';

interface Snapshot {
  title: string;
  lang: 'zh' | 'en';
  rows: Row[];
}

const snapshot = async () => (await vscode.commands.executeCommand('trainingAdvisor.topics.snapshot')) as Snapshot;
const HAN = /[\u4e00-\u9fff]/;

async function waitFor<T>(what: string, fn: () => Promise<T | undefined | false>, timeoutMs = 20_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('sidebar: Topics tree', function () {
  this.timeout(60_000);
  let services: { knowledge: { kb: KnowledgeBase } };
  /** Read at each use: another suite's team packs may have replaced the knowledge base. */
  const kbNow = () => services.knowledge.kb;

  before(async () => {
    await extension().activate();
    services = (extension().exports as unknown as { services: typeof services }).services;
  });

  after(async () => {
    await vscode.workspace.getConfiguration('trainingAdvisor').update('language', undefined, vscode.ConfigurationTarget.Global);
  });

  it('lists every category of the taxonomy with its question count, in the sidebar language', async () => {
    const s = await snapshot();
    const kb = kbNow();
    const known = (k: string) => kb.entries.some((e) => e.key === k);
    const categories = kb.categories.filter((c) => c.entries.some(known));
    // A team pack left loaded by another suite may add an "Other" group for entries without a category.
    const rows = s.rows.filter((r) => r.id !== 'category/(uncategorized)');
    assert.deepEqual(rows.map((r) => r.id), categories.map((c) => `category/${c.id}`));
    assert.ok(rows.length >= 5, `${rows.length} categories`);
    for (const [i, c] of categories.entries()) {
      const row = rows[i];
      assert.equal(row.label, c.name[s.lang]);
      assert.match(row.description, new RegExp(`^${c.entries.filter(known).length} `));
      assert.equal(row.icon, 'folder-library');
      assert.equal(row.command, null, 'a category row only expands');
      assert.ok(row.ariaLabel.startsWith(c.name[s.lang]), `accessible label ${row.ariaLabel}`);
    }
    assert.equal(s.title, s.lang === 'zh' ? '主题' : 'Topics');
  });

  it('entries show number and title, the question as tooltip, and open in the advice view', async () => {
    const s = await snapshot();
    const kb = kbNow();
    const category = s.rows[0];
    assert.ok(category.children.length > 0);
    const first = category.children[0];
    const entry = kb.entries.find((e) => first.command?.arguments[0] === e.key);
    assert.ok(entry, `the row's command names an entry: ${JSON.stringify(first.command)}`);
    assert.equal(first.label, `${entry.number}. ${entry.title[s.lang].replace(/\s+/g, ' ').trim()}`);
    assert.ok(first.tooltip.includes(entry.question[s.lang].replace(/\s+/g, ' ').trim().slice(0, 20)), `tooltip ${first.tooltip}`);
    assert.equal(first.command!.command, 'trainingAdvisor.openAdvice');
    assert.equal(await vscode.commands.executeCommand(first.command!.command, ...first.command!.arguments), true);
    await waitFor('the advice view shows the entry', async () => {
      const now = (await vscode.commands.executeCommand('trainingAdvisor.sidebar.metrics')) as { lastRoute: unknown; isReady: boolean };
      return now.isReady && JSON.stringify(now.lastRoute) === JSON.stringify({ kind: 'entry', key: entry.key, item: null });
    });
  });

  it('folds near-duplicates under the first of their group as "also asked as" children', async () => {
    const s = await snapshot();
    const kb = kbNow();
    const grouped = kb.entries.filter((e) => e.variants.length > 0);
    assert.ok(grouped.length > 0, 'the corpus has near-duplicate entries');
    const all = s.rows.flatMap((c) => c.children);
    const withVariants = all.filter((r) => r.children.length > 0);
    assert.ok(withVariants.length > 0, 'some entry row has variant children');
    for (const row of withVariants) {
      const key = row.command!.arguments[0] as string;
      const entry = kb.entries.find((e) => e.key === key)!;
      for (const v of row.children) {
        const vKey = v.command!.arguments[0] as string;
        const variant = kb.entries.find((e) => e.key === vKey)!;
        assert.ok(entry.variants.includes(vKey) || variant.canonical === entry.canonical, `${vKey} is a near-duplicate of ${key}`);
        assert.match(v.description, /also asked as|也被问作/i);
        assert.ok(row.description.includes(String(variant.number)), `"${row.description}" names ${variant.number}`);
      }
    }
    // Inside one category a group shows once: no entry row is also listed as a sibling's variant.
    for (const c of s.rows) {
      const rowKeys = c.children.map((r) => r.command!.arguments[0]);
      const variantKeys = c.children.flatMap((r) => r.children.map((v) => v.command!.arguments[0]));
      assert.deepEqual(rowKeys.filter((k) => variantKeys.includes(k)), [], `category ${c.id}`);
    }
  });

  it('follows the language toggle (both views) and the language setting', async () => {
    const start = await snapshot();
    const kb = kbNow();
    const other = await vscode.commands.executeCommand<string>('trainingAdvisor.toggleSidebarLanguage');
    assert.notEqual(other, start.lang);
    const toggled = await snapshot();
    assert.equal(toggled.lang, other);
    assert.equal(HAN.test(toggled.rows.map((r) => r.label).join('')), other === 'zh', `labels in ${other}: ${toggled.rows[0].label}`);
    assert.equal(toggled.title, other === 'zh' ? '主题' : 'Topics');
    assert.deepEqual(toggled.rows.map((r) => r.id), start.rows.map((r) => r.id), 'same rows (ids), so expanded rows stay expanded');
    const m = (await vscode.commands.executeCommand('trainingAdvisor.sidebar.metrics')) as { lang: string };
    assert.equal(m.lang, other, 'the advice view switched too');
    // The setting is an explicit choice: it wins over the toggle.
    await vscode.workspace.getConfiguration('trainingAdvisor').update('language', 'zh', vscode.ConfigurationTarget.Global);
    const zh = await waitFor('the tree in Chinese', async () => { const x = await snapshot(); return x.lang === 'zh' && x; });
    assert.equal(zh.rows[0].label, kb.categories[0].name.zh);
    await vscode.workspace.getConfiguration('trainingAdvisor').update('language', 'en', vscode.ConfigurationTarget.Global);
    const en = await waitFor('the tree in English', async () => { const x = await snapshot(); return x.lang === 'en' && x; });
    assert.equal(en.rows[0].label, kb.categories[0].name.en);
    assert.equal(en.title, 'Topics');
  });
});
