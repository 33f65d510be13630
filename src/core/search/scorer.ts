/**
 * Query scoring over MiniSearch's own index, without MiniSearch's per-posting allocations.
 *
 * MiniSearch's `search()` keeps a result object (score, matched terms, a `match` record) in a Map for
 * every document any query term touches, then builds and sorts an array of all of them. A query made
 * of common words on the generated 10,000-entry base touches ~60,000 documents, and that bookkeeping,
 * not the arithmetic, cost up to 270 ms. Here the same BM25 formula, field boosts and prefix/fuzzy
 * weights accumulate in typed arrays indexed by MiniSearch's short document ids; which terms matched is
 * worked out afterwards, only for the few documents that are shown.
 *
 * Reads MiniSearch's `protected` members (the API it offers subclasses) from the instance `loadJS`
 * returns; `indexInternals` checks they are there, so a MiniSearch upgrade that renames them fails loudly
 * in the tests instead of scoring nothing.
 */
/** term frequency by short document id */
type Postings = Map<number, number>;
/** postings by field id */
export type FieldPostings = Map<number, Postings>;

interface TermTree {
  get(term: string): FieldPostings | undefined;
  atPrefix(prefix: string): Iterable<[string, FieldPostings]>;
  fuzzyGet(term: string, maxDistance: number): Map<string, [FieldPostings, number]>;
}

/** MiniSearch's protected members that scoring reads. */
interface IndexInternals {
  _index: TermTree;
  _documentCount: number;
  _documentIds: Map<number, unknown>;
  _idToShortId: Map<unknown, number>;
  _fieldIds: Record<string, number>;
  _fieldLength: Map<number, number[]>;
  _avgFieldLength: number[];
  _nextId: number;
}

function indexInternals(index: object): IndexInternals {
  const internals = index as IndexInternals;
  if (!(internals._index && internals._documentIds instanceof Map && internals._fieldLength instanceof Map && internals._fieldIds && internals._avgFieldLength)) {
    throw new Error('KnowledgeSearch: unexpected MiniSearch internals (version change?)');
  }
  return internals;
}

/** MiniSearch's defaults (bm25 k, b, d; prefix and fuzzy weights are passed in). */
const K = 1.2;
const B = 0.7;
const D = 0.5;

export interface QueryTerm {
  /** Index spelling. */
  term: string;
  prefix: boolean;
  /** Maximum edit distance, 0 for none. */
  fuzzy: number;
  /**
   * Index terms found near this one by the caller (typo matches worked out on other spellings), scored
   * with the fuzzy weight for `distance` edits on a word of `length` letters.
   */
  near?: ReadonlyArray<NearTerm>;
}

export interface NearTerm {
  term: string;
  distance: number;
  length: number;
}

export interface ScoreOptions {
  /** Field name → boost; only these fields are searched. */
  boost: Record<string, number>;
  prefixWeight: number;
  fuzzyWeight: number;
}

/** One term as looked up: the query term it came from, its postings and its weight. */
interface DerivedTerm {
  source: number;
  term: string;
  data: FieldPostings;
  weight: number;
}

export class Scorer {
  private readonly ix: IndexInternals;
  private readonly fieldNames: string[];
  /** Per field id: k·(1 − b + b·length/average) for every document, the length part of BM25. */
  private readonly norms: Float64Array[];
  /** Accumulators for the current query, zeroed again for the touched documents only. */
  private readonly score: Float64Array;
  private readonly lastTerm: Int32Array;
  private readonly matchedTerms: Uint8Array;
  private touched: number[] = [];
  private derived: DerivedTerm[] = [];
  private sources: readonly QueryTerm[] = [];
  private fieldIdsSearched: number[] = [];

  /** `index`: a MiniSearch instance (any document type). */
  constructor(index: object) {
    this.ix = indexInternals(index);
    const size = this.ix._nextId;
    this.fieldNames = [];
    for (const [name, id] of Object.entries(this.ix._fieldIds)) this.fieldNames[id] = name;
    this.norms = this.fieldNames.map((_, fieldId) => {
      const norm = new Float64Array(size);
      const avg = this.ix._avgFieldLength[fieldId] || 1;
      for (const [doc, lengths] of this.ix._fieldLength) norm[doc] = K * (1 - B + (B * (lengths[fieldId] ?? 0)) / avg);
      return norm;
    });
    this.score = new Float64Array(size);
    this.lastTerm = new Int32Array(size);
    this.matchedTerms = new Uint8Array(size);
  }

  shortIdOf(id: string): number | undefined {
    return this.ix._idToShortId.get(id);
  }

  idOf(doc: number): string {
    return this.ix._documentIds.get(doc) as string;
  }

  /** Every short document id (for tables indexed by them). */
  get documents(): Iterable<[number, unknown]> {
    return this.ix._documentIds;
  }

  get capacity(): number {
    return this.ix._nextId;
  }

  /**
   * Score a query (terms combined with OR, as MiniSearch does): afterwards `touched` lists the documents
   * and `scoreOf` gives MiniSearch's score for each (BM25 sum × number of query terms matched), without
   * any document boost. Valid until the next `run`.
   */
  run(terms: readonly QueryTerm[], options: ScoreOptions): readonly number[] {
    this.reset();
    this.sources = terms;
    this.fieldIdsSearched = Object.keys(options.boost).map((f) => this.ix._fieldIds[f]).filter((id) => id !== undefined);
    const derived: DerivedTerm[] = [];
    terms.forEach((q, source) => {
      const exact = this.ix._index.get(q.term);
      if (exact) derived.push({ source, term: q.term, data: exact, weight: 1 });
      // Terms already derived from this query term (a prefix match is not counted again as a typo).
      const seen = new Set<string>();
      if (q.prefix) {
        for (const [term, data] of this.ix._index.atPrefix(q.term)) {
          const distance = term.length - q.term.length;
          if (distance === 0) continue;
          seen.add(term);
          derived.push({ source, term, data, weight: (options.prefixWeight * term.length) / (term.length + 0.3 * distance) });
        }
      }
      if (q.fuzzy > 0) {
        for (const [term, [data, distance]] of this.ix._index.fuzzyGet(q.term, q.fuzzy)) {
          if (distance === 0 || seen.has(term)) continue;
          seen.add(term);
          derived.push({ source, term, data, weight: (options.fuzzyWeight * term.length) / (term.length + distance) });
        }
      }
      for (const near of q.near ?? []) {
        const data = near.term === q.term || seen.has(near.term) ? undefined : this.ix._index.get(near.term);
        if (!data) continue;
        seen.add(near.term);
        derived.push({ source, term: near.term, data, weight: (options.fuzzyWeight * near.length) / (near.length + near.distance) });
      }
    });
    this.derived = derived;
    const n = this.ix._documentCount;
    const { score, lastTerm, matchedTerms, touched } = this;
    for (const d of derived) {
      const mark = d.source + 1;
      for (const fieldId of this.fieldIdsSearched) {
        const postings = d.data.get(fieldId);
        if (!postings) continue;
        const idf = Math.log(1 + (n - postings.size + 0.5) / (postings.size + 0.5));
        const w = d.weight * options.boost[this.fieldNames[fieldId]] * idf;
        const norm = this.norms[fieldId];
        for (const [doc, tf] of postings) {
          score[doc] += w * (D + (tf * (K + 1)) / (tf + norm[doc]));
          if (lastTerm[doc] !== mark) {
            if (matchedTerms[doc] === 0) touched.push(doc);
            lastTerm[doc] = mark;
            matchedTerms[doc]++;
          }
        }
      }
    }
    return touched;
  }

  /** Index terms within `maxDistance` edits of `term` (not `term` itself), with their distance. */
  fuzzyTerms(term: string, maxDistance: number): Map<string, number> {
    const out = new Map<string, number>();
    for (const [t, [, distance]] of this.ix._index.fuzzyGet(term, maxDistance)) if (distance > 0) out.set(t, distance);
    return out;
  }

  /** Whether the index has this exact term (index spelling). */
  hasTerm(term: string): boolean {
    return this.ix._index.get(term) !== undefined;
  }

  /** Whether the last run matched `doc`. */
  isTouched(doc: number): boolean {
    return this.matchedTerms[doc] > 0;
  }

  /** How many of the last run's query terms matched `doc`. */
  matchCountOf(doc: number): number {
    return this.matchedTerms[doc];
  }

  /** MiniSearch's score of a touched document: BM25 sum × number of query terms it matched. */
  scoreOf(doc: number): number {
    return this.score[doc] * this.matchedTerms[doc];
  }

  /** Query terms (as given) and index terms that matched `doc` in the last run, index spellings. */
  matchesOf(doc: number): { queryTerms: string[]; terms: string[] } {
    const queryTerms = new Set<string>();
    const terms = new Set<string>();
    for (const d of this.derived) {
      if (this.fieldIdsSearched.some((f) => d.data.get(f)?.has(doc))) {
        queryTerms.add(this.sources[d.source].term);
        terms.add(d.term);
      }
    }
    return { queryTerms: [...queryTerms], terms: [...terms] };
  }

  private reset(): void {
    for (const doc of this.touched) {
      this.score[doc] = 0;
      this.lastTerm[doc] = 0;
      this.matchedTerms[doc] = 0;
    }
    this.touched = [];
  }
}

/**
 * The `k` documents with the highest `score` (descending; ties by short id, i.e. knowledge-base order)
 * with a bounded min-heap: on tens of thousands of hits, no full sort.
 */
export function topDocuments(docs: readonly number[], score: (doc: number) => number, k: number): number[] {
  if (k <= 0) return [];
  const before = (a: number, b: number, sa: number, sb: number) => sa > sb || (sa === sb && a < b);
  if (docs.length <= k * 2) {
    const scored = docs.map((d) => ({ d, s: score(d) }));
    return scored.sort((a, b) => b.s - a.s || a.d - b.d).slice(0, k).map((x) => x.d);
  }
  // heap[0] is the weakest of the best k so far.
  const heap: number[] = [];
  const hs: number[] = [];
  const weaker = (i: number, j: number) => before(heap[j], heap[i], hs[j], hs[i]);
  const swap = (i: number, j: number) => {
    [heap[i], heap[j]] = [heap[j], heap[i]];
    [hs[i], hs[j]] = [hs[j], hs[i]];
  };
  const down = (i: number) => {
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < heap.length && weaker(l, m)) m = l;
      if (r < heap.length && weaker(r, m)) m = r;
      if (m === i) return;
      swap(i, m);
      i = m;
    }
  };
  for (const d of docs) {
    const s = score(d);
    if (heap.length < k) {
      heap.push(d);
      hs.push(s);
      for (let i = heap.length - 1; i > 0; ) {
        const p = (i - 1) >> 1;
        if (!weaker(i, p)) break;
        swap(i, p);
        i = p;
      }
    } else if (before(d, heap[0], s, hs[0])) {
      heap[0] = d;
      hs[0] = s;
      down(0);
    }
  }
  const order = heap.map((d, i) => [d, hs[i]] as const);
  return order.sort((a, b) => (before(a[0], b[0], a[1], b[1]) ? -1 : 1)).map(([d]) => d);
}
