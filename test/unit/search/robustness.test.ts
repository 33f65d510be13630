/**
 * Search must survive knowledge that breaks its own rules (a team pack repeating a card id or an entry
 * key) and keep CJK terms readable although the index spells them differently (termCodec).
 */
import assert from 'node:assert/strict';
import { buildKnowledgeBase } from '../../../src/core/knowledge';
import type { KnowledgeBase } from '../../../src/core/knowledge/types';
import { KnowledgeSearch } from '../../../src/core/search';
import { decodeTerm, encodeTerm, isEncodedTerm } from '../../../src/core/search/termCodec';
import { cardPhraseTerms, decodeCardPhraseTerms, encodeCardPhraseTerms } from '../../../src/core/search/cardMatcher';
import { realKnowledgeFiles } from '../knowledge/realKnowledge';

describe('search robustness', () => {
  const kb = buildKnowledgeBase(realKnowledgeFiles());

  it('a repeated card id does not throw: the first card is indexed, the repeat skipped', () => {
    const first = kb.cards[0];
    const impostor = { ...first, name: { zh: '冒名卡片', en: 'Impostor card' }, keywords: ['zzimpostorzz'], apis: [] };
    const withRepeat: KnowledgeBase = { ...kb, cards: [...kb.cards, impostor] };
    const search = KnowledgeSearch.build(withRepeat);
    assert.equal(search.documentCount, KnowledgeSearch.build(kb).documentCount);
    assert.deepEqual(search.search('zzimpostorzz'), [], 'the repeated card was indexed');
    assert.ok(search.search(first.name.en, { limit: 10 }).length > 0);
    // and it survives serialization
    const loaded = KnowledgeSearch.loadJSON(JSON.stringify(search.toJSON()), withRepeat);
    assert.deepEqual(loaded.search('梯度爆炸', { limit: 5 }), search.search('梯度爆炸', { limit: 5 }));
  });

  it('a repeated entry key does not throw either', () => {
    const withRepeat: KnowledgeBase = { ...kb, entries: [...kb.entries, { ...kb.entries[0] }] };
    const search = KnowledgeSearch.build(withRepeat);
    assert.equal(search.documentCount, KnowledgeSearch.build(kb).documentCount);
  });

  it('encodes CJK terms reversibly and leaves Latin terms alone', () => {
    for (const term of ['梯度', '梯度爆炸', '𠀀字', 'clip_grad_norm_', 'oom', '']) {
      assert.equal(decodeTerm(encodeTerm(term)), term, term);
    }
    assert.equal(encodeTerm('gradient'), 'gradient');
    assert.ok(isEncodedTerm(encodeTerm('梯度')));
    assert.ok(!/\p{Script=Han}/u.test(encodeTerm('梯度')));
    assert.ok(!isEncodedTerm('gradient'));
  });

  it('result terms and stop terms come back as the text the user typed, not index spellings', () => {
    const search = KnowledgeSearch.build(kb);
    const [top] = search.search('梯度爆炸', { limit: 1 });
    assert.ok(top.terms.includes('梯度'), top.terms.join(','));
    assert.ok(top.terms.every((t) => !isEncodedTerm(t)), top.terms.join(','));
    assert.ok(search.toJSON().stopTerms.every((t) => !isEncodedTerm(t)));
  });
});

describe('card phrase terms in the serialized index', () => {
  it('survive the compact text form unchanged, and an id with a tab is left to the matcher', () => {
    const terms = cardPhraseTerms(buildKnowledgeBase(realKnowledgeFiles()).cards);
    assert.ok(Object.keys(terms).length > 10);
    assert.deepEqual(decodeCardPhraseTerms(encodeCardPhraseTerms(terms)), terms);
    assert.deepEqual(decodeCardPhraseTerms(encodeCardPhraseTerms({ 'a\tb': [['x']], ok: [['y', 'z']] })), { ok: [['y', 'z']] });
  });
});
