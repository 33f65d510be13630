/**
 * Property tests: search on hostile queries (random Unicode, emoji and ZWJ sequences, lone surrogates,
 * regex-special characters, very long queries, empty and exotic whitespace) never throws and returns
 * well-formed results whose refs resolve. FUZZ_RUNS / FUZZ_SEED widen the search (see fuzzConfig.ts).
 */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { buildKnowledgeBase, resolveAdviceRef, type KnowledgeBase } from '../../../src/core/knowledge';
import { KnowledgeSearch, type SearchOptions, type SearchResult } from '../../../src/core/search';
import { cpuTimed, fuzzParams, fuzzTimeout } from './fuzzConfig';
import { loadKnowledgeFiles, mutatedFile } from './markdownArbitraries';

const REGEX_SPECIALS = [...'.*+?^${}()|[]\\/', '\\d', '(?=', '(?<x>', '[^', '\\u{1F600}', '$&', '$1', '\\b'];
const EMOJI = ['😀', '🔥', '👩‍💻', '👨‍👩‍👧‍👦', '🏳️‍🌈', '🇨🇳', '1️⃣', '🧑🏽‍🔬', '\u{1F9EA}'];
const WHITESPACE = [' ', '\t', '\n', '\r\n', '\u3000', '\u00a0', '\u2028', '\u200b', '\ufeff', '\u180e', '\u000b'];
const ODD = ['\0', '\ud800', '\udfff', '\ufffd', '\u202e', '\u0301', 'ﬁ', 'İ', 'ß', '％', 'ｌｏｓｓ', '\u{10FFFF}'];
/** Real query words, so hostile characters also meet queries that do hit documents. */
const WORDS = ['梯度爆炸', 'loss 变成 nan', '过拟合', '显存不足', 'OOM', 'clip_grad_norm_', 'learning rate', 'warmup',
  'overfiting', 'mixed precision', '混合精度', 'torch.optim.lr_scheduler', '9#5', 'team:3#2', 'builtin:9', 'DDP', 'batch'];

const piece = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...WORDS) },
  { weight: 2, arbitrary: fc.constantFrom(...REGEX_SPECIALS) },
  { weight: 1, arbitrary: fc.constantFrom(...EMOJI) },
  { weight: 2, arbitrary: fc.constantFrom(...WHITESPACE) },
  { weight: 1, arbitrary: fc.constantFrom(...ODD) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 8 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 8 }) },
);

const hostileQuery = fc.oneof(
  { weight: 6, arbitrary: fc.array(piece, { maxLength: 12 }).map((p) => p.join('')) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 60 }) },
  { weight: 1, arbitrary: fc.array(fc.constantFrom(...WHITESPACE), { maxLength: 10 }).map((p) => p.join('')) },
  { weight: 1, arbitrary: fc.constant('') },
);

/** Queries of 5–50 KB: pasted logs, a whole file, one endless token. */
const longQuery = fc
  .tuple(fc.array(piece, { minLength: 1, maxLength: 6 }).map((p) => p.join(' ')), fc.integer({ min: 5_000, max: 50_000 }), fc.boolean())
  .map(([unit, length, spaced]) => (unit + (spaced ? ' ' : '')).repeat(Math.ceil(length / Math.max(1, unit.length + 1))).slice(0, length));

const options: fc.Arbitrary<SearchOptions | undefined> = fc.option(
  fc.record({ limit: fc.option(fc.oneof(fc.integer({ min: 0, max: 60 }), fc.constantFrom(1_000_000, -1)), { nil: undefined }), lang: fc.option(fc.constantFrom('zh' as const, 'en' as const), { nil: undefined }) }, { requiredKeys: [] }),
  { nil: undefined },
);

function assertWellFormed(kb: KnowledgeBase, results: SearchResult[], opts: SearchOptions | undefined): void {
  assert.ok(Array.isArray(results), 'search must return an array');
  const limit = opts?.limit ?? 20;
  assert.ok(results.length <= Math.max(0, limit), `${results.length} results for limit ${limit}`);
  for (const r of results) {
    assert.ok(['item', 'entry', 'card'].includes(r.kind), `kind ${r.kind}`);
    assert.ok(Number.isFinite(r.score), `score ${r.score} for ${r.ref}`);
    const target = resolveAdviceRef(kb, r.ref);
    assert.ok(target, `ref ${r.ref} does not resolve`);
    assert.equal(target.entry.key, r.entryKey, `ref ${r.ref} vs entryKey ${r.entryKey}`);
    assert.equal(target.entry.number, r.entry);
    assert.equal(target.item?.number ?? null, r.item);
    assert.deepEqual(r.title, target.entry.title);
    if (r.kind === 'card') assert.ok(kb.cards.some((c) => c.id === r.cardId), `card ${r.cardId} unknown`);
    if (r.kind === 'item') assert.ok(r.itemTerm && r.item !== null, 'item result without item term');
    assert.equal(typeof r.snippet, 'string');
    assert.ok(Array.isArray(r.terms) && r.terms.every((t) => typeof t === 'string'));
    for (const v of r.variants) assert.ok(kb.entries.some((e) => e.key === v) && v !== r.entryKey, `variant ${v} of ${r.entryKey}`);
  }
}

describe('fuzz: search on hostile queries', function () {
  let kb: KnowledgeBase;
  let search: KnowledgeSearch;
  let reloaded: KnowledgeSearch;

  before(function () {
    this.timeout(60_000);
    const files = loadKnowledgeFiles();
    const builtin = buildKnowledgeBase(files);
    // A team pack beside the built-in corpus, so `team:` refs are part of what must resolve.
    const pack = files.filter((f) => /\.(zh|en)\.md$/.test(f.path)).map((f) => ({ path: `/packs/team/${f.path.replace(/^[^.]+/, 'team-qa')}`, text: f.text }));
    kb = buildKnowledgeBase(pack, { packId: 'team', base: builtin });
    search = KnowledgeSearch.build(kb);
    reloaded = KnowledgeSearch.loadJSON(JSON.stringify(search.toJSON()), kb);
  });

  const RUNS = 300;
  it('never throws and returns well-formed, resolvable results', function () {
    this.timeout(fuzzTimeout(RUNS, 300));
    let nonEmpty = 0;
    fc.assert(
      fc.property(hostileQuery, options, (query, opts) => {
        const results = search.search(query, opts);
        assertWellFormed(kb, results, opts);
        if (results.length > 0) nonEmpty++;
      }),
      fuzzParams(RUNS),
    );
    // The checks above must have run on real results, not only on empty arrays.
    assert.ok(nonEmpty > RUNS / 10, `only ${nonEmpty} of ${RUNS} queries returned results`);
  });

  it('a serialized and reloaded index answers hostile queries exactly like the built one', function () {
    this.timeout(fuzzTimeout(RUNS, 300));
    fc.assert(
      fc.property(hostileQuery, options, (query, opts) => {
        // `terms` is a set (MiniSearch's term order depends on its internal map order, which a reload changes).
        const canonical = (rs: SearchResult[]) => rs.map((r) => ({ ...r, terms: [...r.terms].sort() }));
        assert.deepEqual(canonical(reloaded.search(query, opts)), canonical(search.search(query, opts)));
      }),
      fuzzParams(RUNS),
    );
  });

  // Each case builds a whole index (~0.5 s CPU): few cases by default, more with FUZZ_RUNS.
  const PACK_RUNS = 5;
  it('an index over a broken team pack still answers with well-formed, resolvable results', function () {
    this.timeout(fuzzTimeout(PACK_RUNS, 5_000));
    const files = loadKnowledgeFiles();
    const builtin = buildKnowledgeBase(files);
    const packFiles = files.filter((f) => /\.(zh|en)\.md$/.test(f.path) || f.path.startsWith('techniques/'))
      .map((f) => ({ path: `/packs/broken/${f.path.replace(/^large-model-training-qa/, 'broken-qa')}`, text: f.text }));
    fc.assert(
      fc.property(mutatedFile(packFiles), fc.array(hostileQuery, { minLength: 1, maxLength: 5 }), ({ index, text }, queries) => {
        const pack = packFiles.map((f, i) => (i === index ? { path: f.path, text } : f));
        const packKb = buildKnowledgeBase(pack, { packId: 'broken', base: builtin });
        const packSearch = KnowledgeSearch.build(packKb);
        for (const q of [...queries, '梯度爆炸', 'exploding gradients']) assertWellFormed(packKb, packSearch.search(q), undefined);
        assert.ok(packSearch.search('梯度爆炸').length > 0, 'the built-in corpus stopped answering 梯度爆炸');
      }),
      fuzzParams(PACK_RUNS),
    );
  });

  const LONG_RUNS = 12;
  it('very long queries finish in bounded time and stay well-formed', function () {
    this.timeout(fuzzTimeout(LONG_RUNS, 6_000));
    fc.assert(
      fc.property(longQuery, options, (query, opts) => {
        const { value: results, cpuMs } = cpuTimed(() => search.search(query, opts));
        // CPU time, generous; a quadratic blow-up on 50 KB takes far longer. (One unbroken 20 KB token costs
        // ~250 ms today: fuzzy matching grows with token length.)
        const bound = 1_000 + (query.length / 1024) * 100;
        assert.ok(cpuMs < bound, `a ${query.length}-char query took ${cpuMs.toFixed(0)} ms CPU (bound ${bound.toFixed(0)} ms)`);
        assertWellFormed(kb, results, opts);
      }),
      fuzzParams(LONG_RUNS),
    );
  });
});
