// UI test: "Search Knowledge…" keeps our ranking. VS Code's QuickPick re-sorts items by its own fuzzy match on
// the label unless told not to; the rows a user sees (read from the DOM, in their on-screen order) must be the
// CLI's results in the CLI's order (`node dist/cli.js search Q --lang L --json`, the same index), for a set of
// queries in both languages. A Chinese query in the English UI shows Chinese titles (the query's language).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { repoRoot } from '../lib/paths';
import { nls, retry, sharedWorkbench, type Workbench } from './lib';

const QUERIES: Array<[query: string, lang: 'en' | 'zh']> = [
  ['OOM', 'en'],
  ['exploding gradients', 'en'],
  ['GradScaler', 'en'],
  ['learning rate warmup', 'en'],
  ['梯度爆炸', 'zh'],
  ['显存不足', 'zh'],
];

function cliRefs(query: string, lang: string): string[] {
  const out = execFileSync(process.execPath, [path.join(repoRoot, 'dist', 'cli.js'), 'search', query, '--lang', lang, '--limit', '30', '--json'], { encoding: 'utf8' });
  return (JSON.parse(out) as { results: Array<{ ref: string }> }).results.map((r) => r.ref);
}

interface Row { index: number; label: string; ref: string }

/** The QuickPick's rendered rows in list order (data-index: the DOM order of a virtual list is not the visual one). */
async function rows(wb: Workbench): Promise<Row[]> {
  const raw = await wb.page.locator('.quick-input-widget .quick-input-list .monaco-list-row').evaluateAll((els) =>
    els.map((el) => ({
      index: Number(el.getAttribute('data-index')),
      label: el.querySelector('.label-name')?.textContent ?? '',
      description: el.querySelector('.label-description')?.textContent ?? '',
    })),
  );
  return raw
    .sort((a, b) => a.index - b.index)
    .map((r) => ({ index: r.index, label: r.label.trim(), ref: r.description.split('·')[0]!.trim() }));
}

describe('command palette search keeps our ranking (UI)', function () {
  this.timeout(240_000);

  it('the rows of Search Knowledge… are the CLI results in the CLI order', async () => {
    const wb = await sharedWorkbench();
    await wb.openFile('train_classifier.py');
    await wb.runCommand(`Training Advisor: ${nls('command.search')}`);
    for (const [query, lang] of QUERIES) {
      const expected = cliRefs(query, lang);
      assert.ok(expected.length >= 3, `the CLI finds results for ${query}`);
      await wb.typeInQuickInput(query);
      let seen: Row[] = [];
      await retry(`rows for ${query}`, async () => {
        seen = await rows(wb);
        if (seen.length < 3 || seen[0]!.index !== 0) return undefined;
        return seen.every((r) => r.ref === expected[r.index]);
      }, 15_000).catch(() => undefined);
      assert.ok(seen.length >= 3, `${query}: rows shown: ${JSON.stringify(seen)}`);
      assert.deepEqual(seen.map((r) => r.ref), seen.map((r) => expected[r.index]), `${query}: palette order vs CLI order`);
      if (lang === 'zh') {
        assert.ok(seen.slice(0, 3).every((r) => /\p{Script=Han}/u.test(r.label)), `${query} in the English UI shows Chinese titles: ${seen.map((r) => r.label).join(' | ')}`);
      }
      if (query === 'OOM') await wb.screenshot('search-palette-oom');
    }
    await wb.escape();
  });
});
