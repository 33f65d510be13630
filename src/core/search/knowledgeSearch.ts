/**
 * Bilingual search over the knowledge base (MiniSearch).
 *
 * Documents: every answer item (the unit of advice), every entry (title + question) and every technique
 * card, each carrying both languages, so a query in either language finds either edition.
 * Ranking: BM25 with field boosts (terms/titles/APIs over bodies), prefix + fuzzy matching for Latin words
 * only (typos such as "overfiting"; CJK bigrams must match exactly or everything would match),
 * synonym expansion from technique cards, and near-duplicate entries collapsed into one result.
 * MiniSearch builds, serializes and loads the index; queries are scored by `Scorer` over MiniSearch's
 * data (same BM25), so the work per query is bounded by what is shown, not by what matched.
 */
import MiniSearch, { type AsPlainObject, type Options } from 'minisearch';
import SearchableMap from 'minisearch/SearchableMap';
import type { Category, Entry, Item, KnowledgeBase, Lang, Localized, TechniqueCard } from '../knowledge/types';
import { parseAdviceRef } from '../knowledge/refs';
import { localize } from '../knowledge/localize';
import type { SearchOptions, SearchResult } from './types';
import { cardPhraseTerms, createCardMatcher, decodeCardPhraseTerms, encodeCardPhraseTerms, type CardMatcher, type NamedByPhrases } from './cardMatcher';
import { makeSnippet, snippetSource, type SnippetSource } from './snippet';
import { isCjkTerm, latinWords, stem, tokenize } from '../text/tokenizer';
import { decodeTerm, encodeTerm, isEncodedTerm } from './termCodec';
import { Scorer, topDocuments, type NearTerm, type QueryTerm } from './scorer';

/** Bumped when documents, fields or tokenization change: an index from another version is rebuilt. */
export const INDEX_FORMAT = 10;

/** What `toJSON` returns and `loadJSON` accepts (also as its JSON string). */
export interface SerializedSearchIndex {
  format: number;
  /** MiniSearch's own serialization (`MiniSearch#toJSON`). */
  index: AsPlainObject;
  /** Terms too common to help ranking, computed at build time, rarest first. */
  stopTerms: string[];
  /**
   * Tokenized card phrases for synonym matching (`encodeCardPhraseTerms`), so loading does not tokenize
   * them again; decoded on first search, which is the first that needs the matcher.
   */
  cardTerms: string;
  /**
   * The documents' Latin words whose stem differs from them (`augmentation`, stem `augment`),
   * space-separated: typos are matched against these spellings too (see typoMatches).
   */
  surfaceWords: string;
  /** Tokenized phrases of the taxonomy's categories (names and keywords), as `cardTerms`. */
  topicTerms: string;
}

/** What is precomputed besides MiniSearch's index (built with it, serialized with it). */
type Extras = Omit<SerializedSearchIndex, 'format' | 'index'>;

/** A taxonomy category as the search sees it: a concept named by phrases, standing for its entries. */
type Topic = NamedByPhrases & { entries: string[] };

function topicsOf(categories: readonly Category[]): Topic[] {
  return categories.map((c) => ({ id: c.id, name: c.name, keywords: c.keywords ?? [], apis: [], entries: c.entries }));
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
 * Items and entries fill `term` and `body` (MiniSearch averages field lengths over all documents, so a
 * field only entries had would make every entry title look "long" and score low); only cards have
 * keywords and APIs, and a card's body is left empty (see documentsOf).
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
/** Push for the entries of a taxonomy category the query names, on top of their ENTRY_BOOST. */
const TOPIC_BOOST = 1.6;
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
 * A topic is named by how people describe a problem, with no word of the advice in it ("显卡不够用"):
 * its expansion hits, limited to its own entries, are most of what such a query can score.
 */
const TOPIC_EXPANSION_WEIGHT = 1;

const MAX_QUERY_CHARS = 1000;
const MAX_QUERY_TERMS = 64;

/** Expansion hits kept per card: enough to reach every item that names the technique. */
const EXPANSION_KEEP = 40;

/** A card's expansion hits, computed once per card (they do not depend on the query). */
interface ExpansionHit {
  /** Short document id. */
  doc: number;
  /** Weighted score without MiniSearch's × matched-terms factor. */
  score: number;
  queryTerms: string[];
  terms: string[];
}

/** What a shown result matched and scored. */
interface Hit {
  score: number;
  queryTerms: string[];
  terms: string[];
}

const MINISEARCH_OPTIONS: Options<IndexedDoc> = {
  fields: FIELDS,
  storeFields: [],
  // Documents are indexed leaner than queries are tokenized (in-word CJK bigrams, dotted names by parts).
  tokenize: (text) => tokenize(text, { document: true }),
  // tokenize() already normalizes (MiniSearch's default processTerm would lowercase again); CJK terms
  // get their index spelling (see termCodec). Applies to queries too.
  processTerm: encodeTerm,
};

/** Prefix and fuzzy matching apply to Latin words only (terms in index spelling: CJK is encoded). */
const isLatin = (term: string) => !isEncodedTerm(term) && !isCjkTerm(term);

const WEIGHTS = { fuzzy: 0.4, prefix: 0.5 };

/**
 * Edits allowed for a typed word of `length` letters: 1 from 5 letters, 2 from 10 (`relaxed`, the pass
 * after one that found nothing: 1 from 4 letters, 2 from 5, so `bacth` still meets `batch`).
 */
function maxEdits(length: number, relaxed: boolean): number {
  if (relaxed) return length >= 5 ? 2 : length >= 4 ? 1 : 0;
  return length >= 10 ? 2 : length >= 5 ? 1 : 0;
}

/** See SerializedSearchIndex.surfaceWords. */
function surfaceWordsOf(docs: readonly IndexedDoc[]): string {
  const words = new Set<string>();
  for (const d of docs) {
    for (const text of [d.term, d.body, d.keywords]) {
      for (const w of latinWords(text)) if (w.length >= 4 && stem(w) !== w) words.add(w);
    }
  }
  return [...words].sort().join(' ');
}

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
    // A card is found by what names it (names, keywords, APIs), not by its summary: the summaries held a
    // third of the index's terms and postings (index load time), and their words are the advice's own,
    // which the items it cites are found by. The summary is still the card's snippet.
    add({ id: `c:${c.id}`, term: join(c.name.zh, c.name.en), body: '', keywords: c.keywords.join('\n'), apis: c.apis.join('\n') });
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

/** Per short document id, what scoring needs besides the index (built on first search). */
interface DocTables {
  scorer: Scorer;
  info: Array<DocInfo | undefined>;
  /** Entry, card or item boost (KIND_BOOST). */
  kindBoost: Float64Array;
  /** For an item, its entry's short id (CONTEXT_WEIGHT); -1 otherwise. */
  entryDoc: Int32Array;
  /** Final scores of the current query's candidates. */
  final: Float64Array;
}

export class KnowledgeSearch {
  /** What each document id stands for, built on first use (not needed to load). */
  private infosValue: Map<string, DocInfo> | null = null;
  /** Built on first search (see `cards`, `tables`): loading an index should only load it. */
  private cardMatcher: CardMatcher | null = null;
  private topicMatcher: CardMatcher<Topic> | null = null;
  private tablesValue: DocTables | null = null;
  private surfaceMapValue: SearchableMap<true> | null = null;
  private readonly stopTerms: Set<string>;
  /** Position of each stop term in the rarest-first list. */
  private readonly stopRank: Map<string, number>;
  private readonly expansionCache = new Map<string, ExpansionHit[]>();
  /** Plain/lowercased snippet text per document and language, prepared on first use. */
  private readonly snippetCache = new Map<string, SnippetSource>();

  private constructor(
    readonly kb: KnowledgeBase,
    private readonly index: MiniSearch<IndexedDoc>,
    private readonly extras: Extras,
  ) {
    this.stopTerms = new Set(extras.stopTerms);
    this.stopRank = new Map(extras.stopTerms.map((t, i) => [t, i]));
  }

  static build(kb: KnowledgeBase): KnowledgeSearch {
    const index = new MiniSearch<IndexedDoc>(MINISEARCH_OPTIONS);
    const docs = documentsOf(kb);
    index.addAll(docs);
    return new KnowledgeSearch(kb, index, {
      stopTerms: stopTermsOf(index.toJSON()),
      cardTerms: encodeCardPhraseTerms(cardPhraseTerms(kb.cards)),
      surfaceWords: surfaceWordsOf(docs),
      topicTerms: encodeCardPhraseTerms(cardPhraseTerms(topicsOf(kb.categories))),
    });
  }

  private get infos(): Map<string, DocInfo> {
    return (this.infosValue ??= docInfos(this.kb));
  }

  /** The card matcher, built on first use from the precomputed phrase terms. */
  private get cards(): CardMatcher {
    if (!this.cardMatcher) {
      const cards = this.kb.cards.filter((c) => this.infos.get(`c:${c.id}`)?.card === c);
      this.cardMatcher = createCardMatcher(cards, decodeCardPhraseTerms(this.extras.cardTerms));
    }
    return this.cardMatcher;
  }

  /** The taxonomy's categories matched like cards, built on first use. */
  private get topics(): CardMatcher<Topic> {
    if (!this.topicMatcher) {
      // First of a repeated id, as the precomputed terms have it.
      const topics = topicsOf(this.kb.categories).filter((t, i, all) => all.findIndex((x) => x.id === t.id) === i);
      this.topicMatcher = createCardMatcher(topics, decodeCardPhraseTerms(this.extras.topicTerms));
    }
    return this.topicMatcher;
  }

  private get tables(): DocTables {
    if (!this.tablesValue) {
      const scorer = new Scorer(this.index);
      const size = scorer.capacity;
      const info: Array<DocInfo | undefined> = new Array(size);
      const kindBoost = new Float64Array(size).fill(1);
      const entryDoc = new Int32Array(size).fill(-1);
      for (const [doc, id] of scorer.documents) {
        info[doc] = this.infos.get(id as string);
        kindBoost[doc] = KIND_BOOST[(id as string)[0]] ?? 1;
        const i = info[doc];
        if (i?.kind === 'item') entryDoc[doc] = scorer.shortIdOf(`e:${i.entry.key}`) ?? -1;
      }
      this.tablesValue = { scorer, info, kindBoost, entryDoc, final: new Float64Array(size) };
    }
    return this.tablesValue;
  }

  /** Serializable form: `JSON.stringify` it at build time, hand it (string or parsed) to `loadJSON`. */
  toJSON(): SerializedSearchIndex {
    return { format: INDEX_FORMAT, index: this.index.toJSON(), ...this.extras };
  }

  /**
   * Load a serialized index for `kb` (the knowledge base it was built from) with MiniSearch's loader and
   * the same options. An index of another format version is rebuilt instead.
   */
  static loadJSON(json: string | SerializedSearchIndex, kb: KnowledgeBase): KnowledgeSearch {
    const data = typeof json === 'string' ? (JSON.parse(json) as SerializedSearchIndex) : json;
    const complete = data && data.format === INDEX_FORMAT && data.index && Array.isArray(data.stopTerms) &&
      [data.cardTerms, data.surfaceWords, data.topicTerms].every((x) => typeof x === 'string');
    if (!complete) return KnowledgeSearch.build(kb);
    const index = MiniSearch.loadJS<IndexedDoc>(data.index, MINISEARCH_OPTIONS);
    const { stopTerms, cardTerms, surfaceWords, topicTerms } = data;
    return new KnowledgeSearch(kb, index, { stopTerms, cardTerms, surfaceWords, topicTerms });
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

  /**
   * Documents that name a card's technique or a topic (its names searched in term/keyword fields, exact
   * terms), cached per `key`; `within`: only documents of these entries (a topic's). Uses the scorer, so
   * call it before scoring the query itself.
   */
  private expansionFor(key: string, name: Localized, weight: number, within?: ReadonlySet<string>): ExpansionHit[] {
    let hits = this.expansionCache.get(key);
    if (!hits) {
      const { scorer, kindBoost, info } = this.tables;
      const terms = this.withoutStopTerms([...new Set(tokenize(`${name.zh} ${name.en}`))]);
      let docs = terms.length === 0 ? [] : scorer.run(terms.map((t) => ({ term: encodeTerm(t), prefix: false, fuzzy: 0 })), { boost: EXPANSION_BOOST, prefixWeight: WEIGHTS.prefix, fuzzyWeight: WEIGHTS.fuzzy });
      if (within) docs = docs.filter((doc) => info[doc]?.kind !== 'card' && within.has(info[doc]?.entry.key ?? ''));
      const scoreOf = (doc: number) => scorer.scoreOf(doc) * kindBoost[doc];
      hits = topDocuments(docs, scoreOf, EXPANSION_KEEP).map((doc) => ({
        doc,
        score: (weight * scoreOf(doc)) / Math.max(1, scorer.matchCountOf(doc)),
        ...scorer.matchesOf(doc),
      }));
      this.expansionCache.set(key, hits);
    }
    return hits;
  }

  /** The surface words as a radix tree for fuzzy lookups, built on the first typo. */
  private get surfaceMap(): SearchableMap<true> {
    if (!this.surfaceMapValue) {
      const map = new SearchableMap<true>();
      for (const w of this.extras.surfaceWords.split(' ')) if (w !== '') map.set(w, true);
      this.surfaceMapValue = map;
    }
    return this.surfaceMapValue;
  }

  /**
   * Index terms near each Latin query term the index does not know (a typo), closest first. Like is
   * compared with like: the stemmed query term with the (stemmed) index terms, and each word as typed with
   * the documents' unstemmed words, which lead to their stems (`augmentaton` → `augmentation` → `augment`).
   */
  private typoMatches(terms: readonly string[], query: string, relaxed: boolean): Map<string, NearTerm[]> {
    const { scorer } = this.tables;
    const typed = new Map<string, Set<string>>();
    for (const w of latinWords(query)) {
      const s = stem(w);
      if (!typed.has(s)) typed.set(s, new Set());
      typed.get(s)!.add(w);
    }
    const out = new Map<string, NearTerm[]>();
    for (const term of terms) {
      if (!isLatin(term) || scorer.hasTerm(term)) continue;
      const near = new Map<string, NearTerm>();
      const add = (t: string, distance: number, length: number) => {
        const known = near.get(t);
        if (!known || distance < known.distance) near.set(t, { term: t, distance, length });
      };
      const edits = maxEdits(term.length, relaxed);
      if (edits > 0) for (const [t, distance] of scorer.fuzzyTerms(term, edits)) add(t, distance, t.length);
      for (const word of typed.get(term) ?? []) {
        const wordEdits = maxEdits(word.length, relaxed);
        if (wordEdits === 0) continue;
        for (const [surface, [, distance]] of this.surfaceMap.fuzzyGet(word, wordEdits)) {
          const t = stem(surface);
          if (scorer.hasTerm(t)) add(t, distance, surface.length);
        }
      }
      if (near.size > 0) out.set(term, [...near.values()].sort((a, b) => a.distance - b.distance));
    }
    return out;
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
    const text = query.slice(0, MAX_QUERY_CHARS);
    const allTerms = [...new Set(tokenize(text))].slice(0, MAX_QUERY_TERMS);
    const terms = this.withoutStopTerms(allTerms);
    if (terms.length === 0 || limit <= 0) return [];

    const t = this.tables;
    const { scorer } = t;
    // A whole dotted name (`torch.cuda.amp.gradscaler`) is only for the card matcher: documents index
    // its parts (which the query has too), so in the index it could only be fuzzy-matched, expensively.
    const scored = terms.filter((term) => !term.includes('.'));
    let typos = this.typoMatches(scored, text, false);
    // A typo's closest matches name cards too: "data augmentaton" is about the data-augmentation card.
    const corrections = [...typos.values()].flatMap((near) => near.filter((n) => n.distance === near[0].distance).map((n) => n.term));
    const matchTerms = corrections.length > 0 ? [...allTerms, ...corrections] : allTerms;
    const matchedCards = this.cards.match(query, matchTerms);
    const matchedTopics = this.topics.match(query, matchTerms);
    const cardBoost = new Map<number, number>();
    const boost = (id: string, factor: number) => {
      const doc = scorer.shortIdOf(id);
      if (doc !== undefined) cardBoost.set(doc, Math.max(cardBoost.get(doc) ?? 1, factor));
    };
    for (const card of matchedCards) {
      // Cards list advice best first: the first ref gets the strongest push.
      card.advice.forEach((ref, rank) => boost(ref.includes('#') ? `i:${ref}` : `e:${ref}`, Math.max(1.3, 2.2 - 0.3 * rank)));
    }
    // A topic lists its entries for browsing, not by relevance: all get the same push.
    for (const topic of matchedTopics) for (const key of topic.entries) boost(`e:${key}`, ENTRY_BOOST * TOPIC_BOOST);
    // Expansion hits of each matched card and topic (cached; computed with the scorer before the query's own run).
    const expansions = new Map<number, ExpansionHit[]>();
    const expand = (hits: readonly ExpansionHit[]) => {
      for (const e of hits) {
        const list = expansions.get(e.doc);
        if (list) list.push(e);
        else expansions.set(e.doc, [e]);
      }
    };
    for (const card of matchedCards) expand(this.expansionFor(card.id, card.name, EXPANSION_WEIGHT));
    for (const topic of matchedTopics) expand(this.expansionFor(`topic:${topic.id}`, topic.name, TOPIC_EXPANSION_WEIGHT, new Set(topic.entries)));

    const queryTerms = (list: readonly string[], relaxed: boolean): QueryTerm[] =>
      list.map((term, i) => {
        const indexTerm = encodeTerm(term);
        return {
          term: indexTerm,
          // Prefix only for the last word (the one still being typed in a search-as-you-type box), unless relaxed.
          prefix: (relaxed || i === list.length - 1) && isLatin(indexTerm) && indexTerm.length >= 3,
          fuzzy: 0,
          // Typo matches only for Latin words the index does not know ("overfiting", "augmentaton"), never
          // for CJK bigrams (one changed character is another word).
          near: typos.get(term),
        };
      });
    const scoreOptions = { boost: FIELD_BOOST, prefixWeight: WEIGHTS.prefix, fuzzyWeight: WEIGHTS.fuzzy };
    let touched = scorer.run(queryTerms(scored, false), scoreOptions);
    if (touched.length === 0 && expansions.size === 0) {
      // Nothing matched: rather than an empty list, search again with every term typed (stop terms too),
      // prefixes on every word and looser typo matching.
      const all = allTerms.filter((term) => !term.includes('.'));
      typos = this.typoMatches(all, text, true);
      touched = scorer.run(queryTerms(all, true), scoreOptions);
    }

    // Final score: the document's own (× card or kind boost), plus CONTEXT_WEIGHT of its entry's for an
    // item, plus the expansion hits of the matched cards.
    const { final, kindBoost, entryDoc } = t;
    const own = (doc: number) => scorer.scoreOf(doc) * (cardBoost.get(doc) ?? kindBoost[doc]);
    const candidates = touched.slice();
    for (const doc of touched) {
      const entry = entryDoc[doc];
      final[doc] = own(doc) + (entry >= 0 && scorer.isTouched(entry) ? CONTEXT_WEIGHT * own(entry) : 0);
    }
    for (const [doc, list] of expansions) {
      if (!scorer.isTouched(doc)) {
        final[doc] = 0;
        candidates.push(doc);
      }
      for (const e of list) final[doc] += e.score;
    }
    const hitOf = (doc: number): Hit => {
      const adds = expansions.get(doc) ?? [];
      if (!scorer.isTouched(doc)) {
        return { score: final[doc], queryTerms: [...new Set(adds.flatMap((e) => e.queryTerms))], terms: [...new Set(adds.flatMap((e) => e.terms))] };
      }
      const m = scorer.matchesOf(doc);
      return { score: final[doc], queryTerms: [...new Set([...m.queryTerms, ...adds.flatMap((e) => e.queryTerms)])], terms: m.terms };
    };

    const results: SearchResult[] = [];
    const byCollapseKey = new Map<string, SearchResult>();
    // Past the limit, look a little further only to collect variants of what is shown (near-duplicates
    // score alike, so they sit close by); scanning thousands of weak hits would cost more than the search.
    const scanUntil = limit * 10;
    let depth = scanUntil;
    let ranked = topDocuments(candidates, (d) => final[d], depth);
    for (let i = 0; i < ranked.length && (results.length < limit || i < scanUntil); i++) {
      const doc = ranked[i];
      const info = t.info[doc];
      if (info) {
        const existing = byCollapseKey.get(info.collapseKey);
        if (existing) {
          if (info.entry.key !== existing.entryKey && !existing.variants.includes(info.entry.key)) existing.variants.push(info.entry.key);
        } else if (results.length < limit) {
          const result = toResult(info, hitOf(doc));
          byCollapseKey.set(info.collapseKey, result);
          results.push(result);
        } // else: keep scanning only to collect variants of shown results
      }
      // Many hits collapsed into few results: rank deeper (rare; ranked is a prefix of the longer list).
      if (i === ranked.length - 1 && results.length < limit && ranked.length < candidates.length) {
        depth *= 4;
        ranked = topDocuments(candidates, (d) => final[d], depth);
      }
    }
    // Highlight what matched plus everything the user typed (stop terms were not searched, but the user
    // still expects "梯度" highlighted in "梯度爆炸", not "梯[[度爆炸]]").
    for (const r of results) r.snippet = makeSnippet(this.snippetSource(docIdOf(r), lang), [...r.terms, ...allTerms], 80, query);
    return results;
  }
}

/** Expansion (card names) searches what names a technique, not long bodies. */
const EXPANSION_BOOST = { term: FIELD_BOOST.term, keywords: FIELD_BOOST.keywords };


function docIdOf(r: SearchResult): string {
  if (r.kind === 'card') return `c:${r.cardId}`;
  return r.kind === 'item' ? `i:${r.entryKey}#${r.item}` : `e:${r.entryKey}`;
}

function toResult(info: DocInfo, hit: Hit): SearchResult {
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
  if (info.kind === 'card') return localize(info.card!.summary, lang);
  if (info.kind === 'item') return `${localize(info.item!.term, lang)}: ${localize(info.item!.body, lang)}`;
  return localize(info.entry.question, lang) || localize(info.entry.title, lang);
}
