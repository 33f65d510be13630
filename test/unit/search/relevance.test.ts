/**
 * Relevance table on the real knowledge base: for each query, one of the expected entries must be in the
 * top 3 results (after variant collapsing). Expected entries come from reading the corpus, not from runs.
 */
import assert from 'node:assert/strict';
import { buildKnowledgeBase } from '../../../src/core/knowledge';
import { KnowledgeSearch } from '../../../src/core/search';
import { realKnowledgeFiles } from '../knowledge/realKnowledge';

import { PARAPHRASE_TABLE, RELEVANCE_TABLE as TABLE } from './relevanceTable';

describe('search relevance (real knowledge base)', () => {
  const kb = buildKnowledgeBase(realKnowledgeFiles());
  const search = KnowledgeSearch.build(kb);

  it(`the table has at least 25 queries of every kind (${TABLE.length})`, () => {
    assert.ok(TABLE.length >= 25);
    for (const kind of ['zh', 'en', 'synonym', 'pytorch id', 'typo']) assert.ok(TABLE.some(([, , k]) => k.startsWith(kind)), kind);
  });

  for (const [query, expected, kind] of TABLE) {
    it(`"${query}" (${kind}) → entry ${expected.join('/')} in the top 3`, () => {
      const top = search.search(query, { limit: 3 });
      assert.ok(
        top.some((r) => expected.includes(r.entry)),
        `top 3: ${top.map((r) => `${r.kind}:${r.ref}`).join(', ') || '(none)'}`,
      );
    });
  }

  it(`paraphrases, error messages and mixed-language queries: ≥ 95 % find an expected entry in the top 3 (${PARAPHRASE_TABLE.length} queries)`, () => {
    assert.ok(PARAPHRASE_TABLE.length >= 40);
    for (const kind of ['paraphrase zh', 'paraphrase en', 'mixed', 'error message']) assert.ok(PARAPHRASE_TABLE.filter(([, , k]) => k.startsWith(kind)).length >= 5, kind);
    const misses = PARAPHRASE_TABLE.filter(([query, expected]) => !search.search(query, { limit: 3 }).some((r) => expected.includes(r.entry)));
    const rate = 1 - misses.length / PARAPHRASE_TABLE.length;
    assert.ok(rate >= 0.95, `${(rate * 100).toFixed(1)} %; missed: ${misses.map(([q]) => q).join(' | ')}`);
  });

  it('显卡不够用怎么训练 leads with the entries on limited compute resources', () => {
    const [top] = search.search('显卡不够用怎么训练', { limit: 1 });
    assert.ok([16, 21].includes(top.entry) || top.variants.some((k) => ['16', '21'].includes(k)), `${top.kind}:${top.ref}`);
  });

  it('梯度爆炸 ranks entry 9 first with item 5 among the top results', () => {
    const results = search.search('梯度爆炸', { limit: 5 });
    assert.equal(results[0].entry, 9);
    assert.ok(results.some((r) => r.entry === 9 && r.item === 5 && r.kind === 'item'), results.map((r) => r.ref).join(','));
  });

  it('clip_grad_norm_ and GradScaler find the advice their cards cite', () => {
    for (const query of ['clip_grad_norm_', 'GradScaler']) {
      // The advice of every card that lists an API whose last name is the query.
      const cited = new Set(kb.cards.filter((c) => c.apis.some((a) => a.split('.').pop() === query)).flatMap((c) => c.advice));
      assert.ok(cited.size > 0, `some card lists ${query}`);
      const results = search.search(query, { limit: 5 });
      const items = results.filter((r) => r.kind === 'item' && cited.has(r.ref));
      assert.ok(items.length >= 1, `${query}: ${results.map((r) => r.ref).join(',')} vs cited ${[...cited].join(',')}`);
      assert.ok(results.slice(0, 2).some((r) => r.kind === 'card' || cited.has(r.ref)), `${query}: a card or its advice leads`);
    }
  });

  it('collapses near-duplicate entries into one result with variants', () => {
    const results = search.search('数据并行', { limit: 10 });
    const parallel = results.filter((r) => r.kind === 'item' && [10, 19, 25].includes(r.entry) && r.item === 1);
    assert.equal(parallel.length, 1, results.map((r) => r.ref).join(','));
    assert.equal(parallel[0].variants.length, 2);
    const refs = results.map((r) => r.ref);
    assert.equal(new Set(refs.filter((r) => r.startsWith('22#') || r.startsWith('30#')).map((r) => r.split('#')[1])).size,
      refs.filter((r) => r.startsWith('22#') || r.startsWith('30#')).length, 'no item shown twice through 22/30');
  });

  it('gives snippets with [[matches]] in the requested language and titles in both', () => {
    const zh = search.search('梯度裁剪', { limit: 1, lang: 'zh' })[0];
    assert.match(zh.snippet, /\[\[梯度裁剪\]\]/);
    const en = search.search('gradient clipping', { limit: 3, lang: 'en' }).find((r) => r.kind === 'item')!;
    assert.match(en.snippet, /\[\[Gradient\]\] \[\[clipping\]\]/i);
    assert.ok(en.title.zh && en.title.en);
    assert.ok(en.terms.length > 0);
  });

  it('a typo that breaks the suffix the stemmer strips still finds the word (typed word vs unstemmed text)', () => {
    for (const query of ['augmentaton', 'data augmentaton']) {
      const [top] = search.search(query, { limit: 3 });
      assert.ok(top, `${query}: no results`);
      assert.ok(top.terms.includes('augment'), `${query}: ${top.ref} matched ${top.terms.join(',')}`);
      assert.equal(top.itemTerm?.en, 'Data augmentation', `${query}: ${top.ref}`);
    }
    // The typo's correction names the card: its advice leads, not any "data" item.
    const cited = kb.cards.find((c) => c.id === 'data-augmentation')!.advice;
    assert.ok(cited.includes(search.search('data augmentaton', { limit: 1 })[0].ref));
  });

  it('when the strict pass finds nothing, a looser pass answers instead of an empty list', () => {
    // "bacth" is 2 edits from "batch" (a swap): beyond the strict 1 edit for 5 letters.
    const top = search.search('bacth', { limit: 3 });
    assert.ok(top.some((r) => r.terms.includes('batch')), top.map((r) => `${r.ref}:${r.terms.join(',')}`).join(' | ') || '(none)');
  });

  it('respects the limit and returns nothing for an empty query', () => {
    assert.equal(search.search('训练', { limit: 4 }).length, 4);
    assert.deepEqual(search.search('   '), []);
    assert.deepEqual(search.search('zzzzqqqq'), []);
  });

  it('toJSON → loadJSON gives the same results', () => {
    const loaded = KnowledgeSearch.loadJSON(JSON.stringify(search.toJSON()), kb);
    for (const q of ['梯度爆炸', 'overfiting', 'GradScaler', 'multi-GPU training']) {
      assert.deepEqual(loaded.search(q, { limit: 8 }), search.search(q, { limit: 8 }), q);
    }
  });

  it('an index of another format version is rebuilt, not misread', () => {
    const stale = { ...search.toJSON(), format: -1 };
    assert.deepEqual(KnowledgeSearch.loadJSON(stale, kb).search('梯度爆炸', { limit: 3 }), search.search('梯度爆炸', { limit: 3 }));
  });
});
