import assert from 'node:assert/strict';
import MiniSearch from 'minisearch';
import { Scorer, topDocuments } from '../../../src/core/search/scorer';

/** Small bilingual-ish documents with repeated words, so BM25 lengths and frequencies vary. */
const DOCS = [
  { id: 'a', title: 'gradient clipping', body: 'clip the gradient norm before the optimizer step; gradient clipping stops explosions' },
  { id: 'b', title: 'gradient accumulation', body: 'accumulate gradients over several steps to simulate a larger batch' },
  { id: 'c', title: 'learning rate warmup', body: 'raise the learning rate slowly; warmup avoids early divergence of the gradient' },
  { id: 'd', title: 'mixed precision', body: 'half precision with a gradient scaler; precision loss is handled by scaling' },
  { id: 'e', title: 'early stopping', body: 'stop when the validation loss stops improving' },
];
const FIELDS = ['title', 'body'];
const BOOST = { title: 3, body: 1 };
const WEIGHTS = { prefix: 0.5, fuzzy: 0.4 };

describe('scorer (BM25 over MiniSearch index data)', () => {
  const ms = new MiniSearch({ fields: FIELDS });
  ms.addAll(DOCS);
  const scorer = new Scorer(ms);

  const cases: Array<{ query: string[]; prefix?: boolean; fuzzy?: number }> = [
    { query: ['gradient'] },
    { query: ['gradient', 'clipping', 'norm'] },
    { query: ['precision', 'stop'] },
    { query: ['learning', 'grad'], prefix: true },
    { query: ['gradeint'], fuzzy: 2 },
    { query: ['nothing'] },
  ];
  for (const c of cases) {
    it(`gives MiniSearch's own scores and matched terms for ${JSON.stringify(c)}`, () => {
      const last = c.query.length - 1;
      const expected = ms.search(c.query.join(' '), {
        boost: BOOST,
        weights: WEIGHTS,
        prefix: (_t, i) => !!c.prefix && i === last,
        fuzzy: () => c.fuzzy ?? false,
      });
      const docs = scorer.run(
        c.query.map((term, i) => ({ term, prefix: !!c.prefix && i === last, fuzzy: c.fuzzy ?? 0 })),
        { boost: BOOST, prefixWeight: WEIGHTS.prefix, fuzzyWeight: WEIGHTS.fuzzy },
      );
      assert.deepEqual(docs.map((d) => scorer.idOf(d)).sort(), expected.map((r) => r.id).sort());
      for (const r of expected) {
        const doc = scorer.shortIdOf(r.id)!;
        assert.ok(Math.abs(scorer.scoreOf(doc) - r.score) < 1e-9, `${r.id}: ${scorer.scoreOf(doc)} vs ${r.score}`);
        const m = scorer.matchesOf(doc);
        assert.deepEqual(m.queryTerms.sort(), [...r.queryTerms].sort());
        assert.deepEqual(m.terms.sort(), [...r.terms].sort());
      }
    });
  }

  it('forgets the previous query: a second run scores from zero', () => {
    scorer.run([{ term: 'gradient', prefix: false, fuzzy: 0 }], { boost: BOOST, prefixWeight: 0.5, fuzzyWeight: 0.4 });
    const docs = scorer.run([{ term: 'stop', prefix: false, fuzzy: 0 }], { boost: BOOST, prefixWeight: 0.5, fuzzyWeight: 0.4 });
    assert.deepEqual(docs.map((d) => scorer.idOf(d)).sort(), ['e']);
    assert.equal(scorer.isTouched(scorer.shortIdOf('a')!), false);
    assert.equal(scorer.scoreOf(scorer.shortIdOf('a')!), 0);
  });

  it('scores near terms found by the caller as MiniSearch scores the same terms fuzzy-matched, once each', () => {
    // 'gradeint' is 2 edits from 'gradient': the caller's near term must score exactly as MiniSearch's fuzzy match.
    const expected = ms.search('gradeint', { boost: BOOST, weights: WEIGHTS, fuzzy: () => 2 });
    const near = [...scorer.fuzzyTerms('gradeint', 2)].map(([term, distance]) => ({ term, distance, length: term.length }));
    assert.deepEqual(near.map((n) => n.term).sort(), ['gradient']);
    // Listed twice and also found by the term's own fuzzy lookup: counted once.
    const docs = scorer.run([{ term: 'gradeint', prefix: false, fuzzy: 2, near: [...near, ...near] }], { boost: BOOST, prefixWeight: WEIGHTS.prefix, fuzzyWeight: WEIGHTS.fuzzy });
    assert.deepEqual(docs.map((d) => scorer.idOf(d)).sort(), expected.map((r) => r.id).sort());
    for (const r of expected) assert.ok(Math.abs(scorer.scoreOf(scorer.shortIdOf(r.id)!) - r.score) < 1e-9, r.id);
    assert.equal(scorer.fuzzyTerms('gradient', 1).has('gradient'), false, 'the term itself is not near itself');
  });

  it('knows which terms the index has', () => {
    assert.equal(scorer.hasTerm('gradient'), true);
    assert.equal(scorer.hasTerm('gradiant'), false);
  });
});

describe('topDocuments', () => {
  it('returns the k best of many, best first, ties in id order, like a full sort', () => {
    let seed = 7;
    const rand = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
    const score = Array.from({ length: 5000 }, () => Math.floor(rand() * 300));
    const docs = score.map((_, i) => i).reverse();
    const full = [...docs].sort((a, b) => score[b] - score[a] || a - b);
    for (const k of [1, 7, 20, 200, 2600, 6000]) assert.deepEqual(topDocuments(docs, (d) => score[d], k), full.slice(0, k), `k=${k}`);
    assert.deepEqual(topDocuments(docs, (d) => score[d], 0), []);
  });
});
