/**
 * Bilingual search over the knowledge base (MiniSearch).
 *
 * Documents: every answer item (the unit of advice), every entry (title + question) and every technique
 * card, each carrying both languages, so a query in either language finds either edition.
 * Ranking: BM25 with field boosts (terms/titles/APIs over bodies), prefix + fuzzy matching for Latin words
 * only (typos such as "overfiting"; CJK bigrams must match exactly or everything would match),
 * synonym expansion from technique cards, and near-duplicate entries collapsed into one result.
 */
import MiniSearch, { type AsPlainObject, type Options, type SearchOptions as MsSearchOptions, type SearchResult as MsResult } from 'minisearch';
import type { Entry, Item, KnowledgeBase, Lang, TechniqueCard } from '../knowledge/types';
import { parseAdviceRef } from '../knowledge/refs';
import type { SearchOptions, SearchResult } from './types';
import { cardPhraseTerms, createCardMatcher, type CardMatcher, type CardPhraseTerms } from './cardMatcher';
import { makeSnippet, snippetSource, type SnippetSource } from './snippet';
import { isCjkTerm, tokenize } from './tokenizer';
import { decodeTerm, encodeTerm, isEncodedTerm } from './termCodec';

/** Bumped when documents, fields or tokenization change: an index from another version is rebuilt. */
export const INDEX_FORMAT = 5;

/** What `toJSON` returns and `loadJSON` accepts (also as its JSON string). */
export interface SerializedSearchIndex {
  format: number;
  /** MiniSearch's own serialization (`MiniSearch#toJSON`). */
  index: AsPlainObject;
  /** Terms too common to help ranking, computed at build time, rarest first. */
  stopTerms: string[];
  /**
   * Tokenized card phrases for synonym matching (JSON of `CardPhraseTerms`), so loading does not tokenize
   * them again. Kept as one string: parsing a string is a copy, parsing its ~4,000 small arrays is not,
   * and the matcher is only needed by the first search, not by loading.
   */
  cardTerms: string;
}

interface IndexedDoc {
  id: string;
  /** Item term, entry title or card name, both languages. */
  term: string;
  /** Item body, entry question or card summary, both languages. */
  body: string;
  keywords: string;
  apis: string;
}

/** What a document id stands for (rebuilt from the knowledge base at load, so the index stays small). */
interface DocInfo {
  kind: SearchResult['kind'];
  entry: Entry;
  item: Item | null;
  card?: TechniqueCard;
  /** Results with the same key are near-duplicates: only the best one is shown. */
  collapseKey: string;
}

/**
 * Every document fills `term` and `body` (MiniSearch averages field lengths over all documents, so a
 * field only entries had would make every entry title look "long" and score low); only cards have
 * keywords and APIs.
 */
const FIELDS = ['term', 'body', 'keywords', 'apis'];
const FIELD_BOOST = { term: 3, apis: 3, keywords: 1.5, body: 1 };
/** An entry's title is the question's topic: a title match outranks a passing mention in one item. */
const ENTRY_BOOST = 2;
/**
 * Cards are signposts (a summary, an API, a snippet) to the corpus items, which are the advice: their
 * long keyword lists match many queries, so they are damped to rank beside, not above, the items they cite.
 */
const CARD_BOOST = 0.6;
const KIND_BOOST: Record<string, number> = { e: ENTRY_BOOST, c: CARD_BOOST };
/**
 * An item is read in the context of its entry: it gets this share of its entry's (title + question)
 * score. Cheaper than indexing every entry title again on each of its items, same effect on ranking.
 */
const CONTEXT_WEIGHT = 0.3;
/**
 * Terms in more than this share of documents ("模型", "train", "如何" in the corpus) are dropped
 * from a query that has other terms: they barely change the ranking, but scanning their postings is
 * most of a query's cost.
 */
const STOP_TERM_SHARE = 0.2;
/**
 * …and, in a large knowledge base, terms in more than this many documents: measured on a generated
 * 3,000-entry base (21,000 documents), capping at 1,500 cut p95 from 26 ms to 7.5 ms of CPU; a term that
 * common carries little BM25 weight anyway. No effect on the 30-entry corpus (274 documents).
 */
const STOP_TERM_MAX_DOCS = 1500;
/** A query made only of stop terms searches its rarest few, not every posting of "the". */
const MAX_STOP_ONLY_TERMS = 2;
/**
 * Expansion hits (card names) count less than what the user typed, and without MiniSearch's
 * "× number of matched query terms" factor: a card's own document matches nearly every word of its
 * names, which would otherwise multiply its score by ten and bury the corpus items.
 */
const EXPANSION_WEIGHT = 0.25;

/**
 * Re-rank after MiniSearch: add each card's expansion hits and give items CONTEXT_WEIGHT of their entry's
 * score. One pass over the hits for the arithmetic; then only the hits that can still reach the top
 * `depth` are sorted (scores only grow, so a hit below the lowest adjusted score of MiniSearch's top
 * `depth` cannot overtake all of them). On 70,000 documents this is the difference between sorting
 * tens of thousands of hits and sorting a few hundred.
 */
function rerank(hits: MsResult[], expansions: ReadonlyArray<readonly ExpansionHit[]>, depth: number, entryOf: (itemId: string) => string | undefined): MsResult[] {
  const extra = new Map<string, ExpansionHit[]>();
  for (const list of expansions) {
    for (const e of list) {
      const l = extra.get(e.id);
      if (l) l.push(e);
      else extra.set(e.id, [e]);
    }
  }
  const entryScore = new Map<string, number>();
  for (const h of hits) if ((h.id as string).charCodeAt(0) === 101 /* e */) entryScore.set((h.id as string).slice(2), h.score);
  if (extra.size === 0 && entryScore.size === 0) return hits;

  for (const h of hits) {
    const id = h.id as string;
    const adds = extra.get(id);
    if (adds) {
      for (const e of adds) {
        h.score += e.score;
        for (const t of e.queryTerms) if (!h.queryTerms.includes(t)) h.queryTerms.push(t);
      }
      extra.delete(id);
    }
    if (entryScore.size > 0 && id.charCodeAt(0) === 105 /* i */) {
      const key = entryOf(id);
      const s = key === undefined ? undefined : entryScore.get(key);
      if (s) h.score += CONTEXT_WEIGHT * s;
    }
  }
  const added: MsResult[] = [];
  for (const [id, adds] of extra) {
    added.push({ id, score: adds.reduce((n, e) => n + e.score, 0), queryTerms: [...new Set(adds.flatMap((e) => e.queryTerms))], terms: [...new Set(adds.flatMap((e) => e.terms))], match: {} });
  }
  let candidates: MsResult[];
  if (hits.length <= depth) {
    candidates = hits.concat(added);
  } else {
    let floor = Infinity;
    for (let i = 0; i < depth; i++) floor = Math.min(floor, hits[i].score);
    candidates = hits.filter((h, i) => i < depth || h.score >= floor).concat(added);
  }
  return candidates.sort((a, b) => b.score - a.score);
}

/** Hits re-ranked exactly (see rerank); deeper ones keep MiniSearch's order and are rarely looked at. */
const RERANK_DEPTH = 400;

const MAX_QUERY_CHARS = 1000;
const MAX_QUERY_TERMS = 64;

/** Expansion hits kept per card: enough to reach every item that names the technique. */
const EXPANSION_KEEP = 40;

/** A card's expansion hits, computed once per card (they do not depend on the query). */
interface ExpansionHit {
  id: string;
  /** Weighted score without MiniSearch's × matched-terms factor. */
  score: number;
  queryTerms: string[];
  terms: string[];
}


const MINISEARCH_OPTIONS: Options<IndexedDoc> = {
  fields: FIELDS,
  storeFields: [],
  tokenize: (text) => tokenize(text),
  // tokenize() already normalizes (MiniSearch's default processTerm would lowercase again); CJK terms
  // get their index spelling (see termCodec). Applies to queries too.
  processTerm: encodeTerm,
};

/** For MiniSearch's prefix/fuzzy callbacks, which see index spellings (encoded CJK). */
const isLatin = (term: string) => !isEncodedTerm(term) && !isCjkTerm(term);

const SEARCH_DEFAULTS: MsSearchOptions = {
  combineWith: 'OR',
  boost: FIELD_BOOST,
  prefix: (term) => isLatin(term) && term.length >= 3,
  weights: { fuzzy: 0.4, prefix: 0.5 },
  // The query is tokenized by us (stop terms dropped) and handed over space-separated.
  tokenize: (text) => text.split(' '),
};

/** Stop terms of a serialized index (see STOP_TERM_SHARE / STOP_TERM_MAX_DOCS), rarest first. */
function stopTermsOf(js: AsPlainObject): string[] {
  const limit = Math.min(js.documentCount * STOP_TERM_SHARE, STOP_TERM_MAX_DOCS);
  const out: Array<[string, number]> = [];
  for (const [term, fields] of js.index) {
    const docs = new Set<string>();
    for (const postings of Object.values(fields)) for (const id of Object.keys(postings)) docs.add(id);
    if (docs.size > limit) out.push([decodeTerm(term), docs.size]);
  }
  return out.sort((a, b) => a[1] - b[1]).map(([t]) => t);
}

const join = (...parts: Array<string | null | undefined>) => parts.filter((p) => p).join('\n');

/**
 * The documents to index, first of each id only: a pack that repeats a card id or an entry key must not
 * take search down (MiniSearch throws on a duplicate id); the knowledge validator reports the repeat.
 */
function documentsOf(kb: KnowledgeBase): IndexedDoc[] {
  const docs: IndexedDoc[] = [];
  const seen = new Set<string>();
  const add = (doc: IndexedDoc) => {
    if (seen.has(doc.id)) return;
    seen.add(doc.id);
    docs.push(doc);
  };
  for (const e of kb.entries) {
    const title = join(e.title.zh, e.title.en);
    add({ id: `e:${e.key}`, term: title, body: join(e.question.zh, e.question.en), keywords: '', apis: '' });
    for (const it of e.items) {
      add({ id: `i:${e.key}#${it.number}`, term: join(it.term.zh, it.term.en, it.englishTerm), body: join(it.body.zh, it.body.en), keywords: '', apis: '' });
    }
  }
  for (const c of kb.cards) {
    add({ id: `c:${c.id}`, term: join(c.name.zh, c.name.en), body: join(c.summary.zh, c.summary.en), keywords: c.keywords.join('\n'), apis: c.apis.join('\n') });
  }
  return docs;
}

function docInfos(kb: KnowledgeBase): Map<string, DocInfo> {
  const infos = new Map<string, DocInfo>();
  const byKey = new Map(kb.entries.map((e) => [e.key, e]));
  // First of a repeated id wins, as in documentsOf.
  const add = (id: string, info: DocInfo) => {
    if (!infos.has(id)) infos.set(id, info);
  };
  for (const e of kb.entries) {
    add(`e:${e.key}`, { kind: 'entry', entry: e, item: null, collapseKey: `e:${e.canonical}` });
    for (const it of e.items) {
      add(`i:${e.key}#${it.number}`, { kind: 'item', entry: e, item: it, collapseKey: `i:${e.canonical}#${it.number}` });
    }
  }
  for (const c of kb.cards) {
    if (infos.has(`c:${c.id}`)) continue;
    const first = c.advice.map((r) => parseAdviceRef(r)).find((r) => r && byKey.has(r.entryKey));
    if (!first) continue; // a card without resolvable advice has nothing to open
    const entry = byKey.get(first.entryKey)!;
    const item = first.item === null ? null : entry.items.find((i) => i.number === first.item) ?? null;
    add(`c:${c.id}`, { kind: 'card', entry, item, card: c, collapseKey: `c:${c.id}` });
  }
  return infos;
}

export class KnowledgeSearch {
  private readonly infos: Map<string, DocInfo>;
  /** Built on first search (see `cards`, `vocabulary`): loading an index should only load it. */
  private cardMatcher: CardMatcher | null = null;
  private vocabularySet: Set<string> | null = null;
  private readonly stopTerms: Set<string>;
  /** Position of each stop term in the rarest-first list. */
  private readonly stopRank: Map<string, number>;
  private readonly expansionCache = new Map<string, ExpansionHit[]>();
  /** Plain/lowercased snippet text per document and language, prepared on first use. */
  private readonly snippetCache = new Map<string, SnippetSource>();

  private constructor(
    readonly kb: KnowledgeBase,
    private readonly index: MiniSearch<IndexedDoc>,
    private readonly terms: readonly string[],
    stopTerms: readonly string[],
    private readonly cardTerms: string,
  ) {
    this.infos = docInfos(kb);
    this.stopTerms = new Set(stopTerms);
    this.stopRank = new Map(stopTerms.map((t, i) => [t, i]));
  }

  static build(kb: KnowledgeBase): KnowledgeSearch {
    const index = new MiniSearch<IndexedDoc>(MINISEARCH_OPTIONS);
    index.addAll(documentsOf(kb));
    const js = index.toJSON();
    return new KnowledgeSearch(kb, index, js.index.map(([t]) => t), stopTermsOf(js), JSON.stringify(cardPhraseTerms(kb.cards)));
  }

  /** The card matcher, built on first use from the precomputed phrase terms. */
  private get cards(): CardMatcher {
    if (!this.cardMatcher) {
      const cards = this.kb.cards.filter((c) => this.infos.get(`c:${c.id}`)?.card === c);
      this.cardMatcher = createCardMatcher(cards, JSON.parse(this.cardTerms) as CardPhraseTerms);
    }
    return this.cardMatcher;
  }

  /** Every index term (index spellings), as a set on first use: fuzzy matching only for unknown words. */
  private get vocabulary(): Set<string> {
    return (this.vocabularySet ??= new Set(this.terms));
  }

  /** Serializable form: `JSON.stringify` it at build time, hand it (string or parsed) to `loadJSON`. */
  toJSON(): SerializedSearchIndex {
    return { format: INDEX_FORMAT, index: this.index.toJSON(), stopTerms: [...this.stopRank.keys()], cardTerms: this.cardTerms };
  }

  /**
   * Load a serialized index for `kb` (the knowledge base it was built from) with MiniSearch's loader and
   * the same options. An index of another format version is rebuilt instead.
   */
  static loadJSON(json: string | SerializedSearchIndex, kb: KnowledgeBase): KnowledgeSearch {
    const data = typeof json === 'string' ? (JSON.parse(json) as SerializedSearchIndex) : json;
    if (!data || data.format !== INDEX_FORMAT || !data.index) return KnowledgeSearch.build(kb);
    const index = MiniSearch.loadJS<IndexedDoc>(data.index, MINISEARCH_OPTIONS);
    const cardTerms = typeof data.cardTerms === 'string' ? data.cardTerms : JSON.stringify(cardPhraseTerms(kb.cards));
    return new KnowledgeSearch(kb, index, data.index.index.map(([t]) => t), data.stopTerms ?? [], cardTerms);
  }

  /** Number of indexed documents (items + entries + cards). */
  get documentCount(): number {
    return this.index.documentCount;
  }

  /** Terms worth searching: without stop terms; if nothing else is left, the rarest stop terms. */
  private withoutStopTerms(terms: string[]): string[] {
    const useful = terms.filter((t) => !this.stopTerms.has(t));
    if (useful.length > 0) return useful;
    return [...terms].sort((a, b) => (this.stopRank.get(a) ?? 0) - (this.stopRank.get(b) ?? 0)).slice(0, MAX_STOP_ONLY_TERMS);
  }

  /** Documents that name a card's technique (its names searched in term/keyword fields), cached per card. */
  private expansionFor(card: TechniqueCard): ExpansionHit[] {
    let hits = this.expansionCache.get(card.id);
    if (!hits) {
      const terms = this.withoutStopTerms([...new Set(tokenize(`${card.name.zh} ${card.name.en}`))]);
      hits = terms.length === 0 ? [] : this.index
        .search(terms.join(' '), { ...SEARCH_DEFAULTS, fields: EXPANSION_FIELDS, prefix: false, fuzzy: false, boostDocument: (id) => KIND_BOOST[(id as string)[0]] ?? 1 })
        .slice(0, EXPANSION_KEEP)
        .map((h) => ({ id: h.id as string, score: (EXPANSION_WEIGHT * h.score) / Math.max(1, h.queryTerms.length), queryTerms: h.queryTerms, terms: h.terms }));
      this.expansionCache.set(card.id, hits);
    }
    return hits;
  }

  private snippetSource(docId: string, lang: Lang): SnippetSource {
    const key = `${lang}|${docId}`;
    let source = this.snippetCache.get(key);
    if (!source) {
      source = snippetSource(snippetText(this.infos.get(docId)!, lang));
      this.snippetCache.set(key, source);
    }
    return source;
  }

  search(query: string, options: SearchOptions = {}): SearchResult[] {
    const limit = options.limit ?? 20;
    const lang: Lang = options.lang ?? 'zh';
    // A pasted log or file is not a query: only its beginning is searched, so latency stays bounded.
    const allTerms = [...new Set(tokenize(query.slice(0, MAX_QUERY_CHARS)))].slice(0, MAX_QUERY_TERMS);
    const terms = this.withoutStopTerms(allTerms);
    if (terms.length === 0 || limit <= 0) return [];

    const matchedCards = this.cards.match(query, allTerms);
    const boosts = new Map<string, number>();
    for (const card of matchedCards) {
      card.advice.forEach((ref, rank) => {
        // Cards list advice best first: the first ref gets the strongest push.
        const id = ref.includes('#') ? `i:${ref}` : `e:${ref}`;
        boosts.set(id, Math.max(boosts.get(id) ?? 1, Math.max(1.3, 2.2 - 0.3 * rank)));
      });
    }
    const boostDocument = (id: unknown) => boosts.get(id as string) ?? KIND_BOOST[(id as string)[0]] ?? 1;
    const vocabulary = this.vocabulary;
    const hits = this.index.search(terms.join(' '), {
      ...SEARCH_DEFAULTS,
      // Prefix only for the last word: the one still being typed in a search-as-you-type box.
      prefix: (term, i, all) => i === all.length - 1 && isLatin(term) && term.length >= 3,
      // Fuzzy only for Latin words the index does not know: typos ("overfiting", "gradiant"), never for
      // CJK bigrams (one changed character is another word). 1 edit from 5 letters, 2 from 10.
      fuzzy: (term) => (!isLatin(term) || vocabulary.has(term) || term.length < 5 ? false : term.length >= 10 ? 2 : 1),
      boostDocument,
    });
    const ranked = rerank(hits, matchedCards.map((c) => this.expansionFor(c)), Math.max(RERANK_DEPTH, limit * 10), (id) => this.infos.get(id)?.entry.key);

    const results: SearchResult[] = [];
    const byCollapseKey = new Map<string, SearchResult>();
    // Past the limit, look a little further only to collect variants of what is shown (near-duplicates
    // score alike, so they sit close by); scanning thousands of weak hits would cost more than the search.
    const scanUntil = limit * 10;
    for (let i = 0; i < ranked.length && (results.length < limit || i < scanUntil); i++) {
      const hit = ranked[i];
      const info = this.infos.get(hit.id as string);
      if (!info) continue;
      const existing = byCollapseKey.get(info.collapseKey);
      if (existing) {
        if (info.entry.key !== existing.entryKey && !existing.variants.includes(info.entry.key)) existing.variants.push(info.entry.key);
        continue;
      }
      if (results.length >= limit) continue; // keep scanning only to collect variants of shown results
      const result = toResult(info, hit);
      byCollapseKey.set(info.collapseKey, result);
      results.push(result);
    }
    // Highlight what matched plus everything the user typed (stop terms were not searched, but the user
    // still expects "梯度" highlighted in "梯度爆炸", not "梯[[度爆炸]]").
    for (const r of results) r.snippet = makeSnippet(this.snippetSource(docIdOf(r), lang), [...r.terms, ...allTerms]);
    return results;
  }
}

/** Expansion (card names) searches what names a technique, not long bodies. */
const EXPANSION_FIELDS = ['term', 'keywords'];


function docIdOf(r: SearchResult): string {
  if (r.kind === 'card') return `c:${r.cardId}`;
  return r.kind === 'item' ? `i:${r.entryKey}#${r.item}` : `e:${r.entryKey}`;
}

function toResult(info: DocInfo, hit: MsResult): SearchResult {
  const { entry, item } = info;
  return {
    kind: info.kind,
    entryKey: entry.key,
    entry: entry.number,
    item: item ? item.number : null,
    ...(info.card ? { cardId: info.card.id } : {}),
    title: { ...entry.title },
    ...(item && info.kind === 'item' ? { itemTerm: { ...item.term } } : {}),
    snippet: '',
    terms: [...new Set([...hit.queryTerms, ...hit.terms].map(decodeTerm))].sort(),
    score: Math.round(hit.score * 1000) / 1000,
    variants: [],
    ref: item ? `${entry.key}#${item.number}` : entry.key,
  };
}

/** The text a result's snippet is cut from, in the requested language (the other one if empty). */
function snippetText(info: DocInfo, lang: Lang): string {
  const other: Lang = lang === 'zh' ? 'en' : 'zh';
  const pick = (t: { zh: string; en: string }) => t[lang] || t[other];
  if (info.kind === 'card') return pick(info.card!.summary);
  if (info.kind === 'item') return `${pick(info.item!.term)}: ${pick(info.item!.body)}`;
  return pick(info.entry.question) || pick(info.entry.title);
}
