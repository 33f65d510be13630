/**
 * Near-duplicate entries, found by content similarity (the corpus repeats whole answers under new titles).
 *
 * Measure: TF-IDF weighted cosine over the search tokenizer's terms (CJK character bigrams + words,
 * Latin words) of title + item terms + item bodies, per language, averaged over the languages both
 * entries have.
 *
 * Why TF-IDF cosine rather than plain bigram Jaccard: entries 8 (vanishing gradients) and 9 (exploding
 * gradients) are the same template with one topic word swapped — their bigram-set Jaccard is 0.92, higher
 * than true copies such as 10/19 (0.88). But they answer opposite problems, and the swapped words
 * (消失 / 爆炸) appear in every item and almost nowhere else, so IDF weighting makes them count: 8/9 drop to
 * ~0.59 (zh) / ~0.70 (en), while real copies stay ≥ 0.91 (22/30 = 1.00, 10/19/25 ≥ 0.91, 16/21 ≥ 0.93).
 * The next pair below them is 6/26 (data security vs data leakage, different items) at ~0.78 (zh) / 0.83 (en).
 * The threshold 0.85 sits in that gap.
 */
import type { Entry, Lang } from './types';
import { tokenize } from '../text/tokenizer';

export const VARIANT_THRESHOLD = 0.85;

type Vector = Map<string, number>;

function termCounts(text: string): Vector {
  const v: Vector = new Map();
  for (const t of tokenize(text)) v.set(t, (v.get(t) ?? 0) + 1);
  return v;
}

function entryText(e: Entry, lang: Lang): string {
  if (e.title[lang] === '' && e.items.every((i) => i.body[lang] === '')) return '';
  return [e.title[lang], ...e.items.map((i) => `${i.term[lang]} ${i.body[lang]}`)].join('\n');
}

/** L2-normalized TF-IDF vectors of one language (null for entries without text in it). */
function tfidfVectors(entries: readonly Entry[], lang: Lang): Array<Vector | null> {
  const counts = entries.map((e) => {
    const text = entryText(e, lang);
    return text === '' ? null : termCounts(text);
  });
  const df = new Map<string, number>();
  for (const c of counts) if (c) for (const t of c.keys()) df.set(t, (df.get(t) ?? 0) + 1);
  const n = counts.filter(Boolean).length;
  return counts.map((c) => {
    if (!c) return null;
    const v: Vector = new Map();
    let norm = 0;
    for (const [t, tf] of c) {
      const w = tf * Math.log(1 + n / (df.get(t) ?? 1));
      v.set(t, w);
      norm += w * w;
    }
    norm = Math.sqrt(norm) || 1;
    for (const [t, w] of v) v.set(t, w / norm);
    return v;
  });
}

function dot(a: Vector, b: Vector): number {
  if (a.size > b.size) [a, b] = [b, a];
  let s = 0;
  for (const [t, w] of a) {
    const x = b.get(t);
    if (x !== undefined) s += w * x;
  }
  return s;
}

/**
 * Candidate pairs: all pairs for a small knowledge base; for a large one only pairs sharing a rare term
 * (near-duplicates share their rare terms), which keeps 10,000 entries far from 50 million comparisons.
 */
function candidatePairs(vectors: ReadonlyArray<Vector | null>): Array<[number, number]> {
  const n = vectors.length;
  const pairs: Array<[number, number]> = [];
  if (n <= 600) {
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) pairs.push([i, j]);
    return pairs;
  }
  const postings = new Map<string, number[]>();
  vectors.forEach((v, i) => v?.forEach((_, t) => {
    const list = postings.get(t);
    if (list) list.push(i);
    else postings.set(t, [i]);
  }));
  const seen = new Set<number>();
  for (const list of postings.values()) {
    if (list.length < 2 || list.length > 32) continue;
    for (let a = 0; a < list.length; a++) {
      for (let b = a + 1; b < list.length; b++) {
        const key = list[a] * n + list[b];
        if (!seen.has(key)) {
          seen.add(key);
          pairs.push([list[a], list[b]]);
        }
      }
    }
  }
  return pairs;
}

export interface SimilarPair {
  a: string;
  b: string;
  similarity: number;
}

/** Pairwise similarities (averaged over the languages both entries have), best first, down to `min`. */
export function similarEntryPairs(entries: readonly Entry[], min = 0): SimilarPair[] {
  const byLang = (['zh', 'en'] as const).map((lang) => tfidfVectors(entries, lang));
  const union: Array<Vector | null> = entries.map((_, i) => {
    const merged: Vector = new Map();
    for (const vs of byLang) vs[i]?.forEach((w, t) => merged.set(t, w));
    return merged.size ? merged : null;
  });
  const out: SimilarPair[] = [];
  for (const [i, j] of candidatePairs(union)) {
    let sum = 0;
    let langs = 0;
    for (const vs of byLang) {
      const a = vs[i];
      const b = vs[j];
      if (a && b) {
        sum += dot(a, b);
        langs++;
      }
    }
    if (langs === 0) continue;
    const similarity = sum / langs;
    if (similarity >= min) out.push({ a: entries[i].key, b: entries[j].key, similarity });
  }
  return out.sort((x, y) => y.similarity - x.similarity);
}

/** Fill `variants` and `canonical` (lowest-numbered member of each group) in place. */
export function assignVariants(entries: Entry[], threshold = VARIANT_THRESHOLD): SimilarPair[] {
  const index = new Map(entries.map((e, i) => [e.key, i]));
  const parent = entries.map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i])));
  const pairs = similarEntryPairs(entries, threshold);
  for (const p of pairs) {
    const a = find(index.get(p.a)!);
    const b = find(index.get(p.b)!);
    if (a !== b) parent[a] = b;
  }
  const groups = new Map<number, Entry[]>();
  entries.forEach((e, i) => {
    const root = find(i);
    const g = groups.get(root);
    if (g) g.push(e);
    else groups.set(root, [e]);
  });
  for (const group of groups.values()) {
    const canonical = group.reduce((best, e) => (e.number < best.number ? e : best), group[0]);
    for (const e of group) {
      e.canonical = canonical.key;
      e.variants = group.filter((o) => o !== e).map((o) => o.key);
    }
  }
  return pairs;
}
