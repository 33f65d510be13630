/**
 * Snippets: a short window of a document's text around the first match, matched terms as `[[…]]`.
 * CJK bigrams that overlap (梯度 + 度爆 + 爆炸) merge into one highlight (`[[梯度爆炸]]`).
 */
import { isCjkTerm, stem } from '../text/tokenizer';

const WORD_CHAR = /[\p{L}\p{N}_]/u;

/**
 * For each stem, the words the user typed that stem to it: a text word shares the stem but is only the
 * user's word if it starts with what they typed ("clip" → "clipping") or is what they typed cut short
 * ("gradients" → "gradient"). Another inflection ("becomes" vs "becoming") is a neighbour, not a match.
 */
function typedWordsByStem(query: string | undefined): Map<string, string[]> {
  const byStem = new Map<string, string[]>();
  for (const word of query?.toLowerCase().match(/[a-z]+/g) ?? []) {
    const s = stem(word);
    if (s !== word) byStem.set(s, [...(byStem.get(s) ?? []), word]);
  }
  return byStem;
}

/**
 * Character ranges [start, end) of the terms in `text` (case-insensitive, whole words for Latin). With the
 * `query` as typed, a stemmed term highlights only the typed word's own forms (see typedWordsByStem).
 */
export function matchRanges(text: string, terms: readonly string[], lowered?: string, query?: string): Array<[number, number]> {
  const lower = lowered ?? text.toLowerCase();
  const typed = typedWordsByStem(query);
  const ranges: Array<[number, number]> = [];
  for (const term of terms) {
    if (term === '') continue;
    const cjk = isCjkTerm(term);
    const typedForms = cjk ? undefined : typed.get(term);
    let from = 0;
    for (;;) {
      const at = lower.indexOf(term, from);
      if (at < 0) break;
      from = at + 1;
      let end = at + term.length;
      if (!cjk) {
        // Terms are stems ("leak"): highlight the whole word ("leaks").
        while (end < lower.length && WORD_CHAR.test(lower[end]) && !isCjkTerm(lower[end])) end++;
        // Latin terms: match word starts (prefix matches like "clip" in "clipping" are fine), not word middles.
        const before = at > 0 ? lower[at - 1] : '';
        if (before !== '' && WORD_CHAR.test(before) && !isCjkTerm(before)) continue;
        const word = lower.slice(at, end);
        if (typedForms && !typedForms.some((q) => word.startsWith(q) || q.startsWith(word))) continue;
      }
      ranges.push([at, end]);
    }
  }
  ranges.sort((a, b) => a[0] - b[0]);
  const merged: Array<[number, number]> = [];
  for (const r of ranges) {
    const last = merged[merged.length - 1];
    if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
    else merged.push([r[0], r[1]]);
  }
  return merged;
}

/** Collapse Markdown to one line of readable text (bold markers and formula delimiters dropped). */
export function plainText(markdown: string): string {
  return markdown
    .replace(/\*\*|__|`/g, '')
    // `[[`/`]]` mark highlights in a snippet: literal ones in the text are spaced apart so they never read as one.
    .replace(/\[\[/g, '[ [')
    .replace(/\]\]/g, '] ]')
    .replace(/\\\[|\\\]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** A document's text prepared once for snippets: plain text and its lowercase form. */
export interface SnippetSource {
  text: string;
  lower: string;
}

export function snippetSource(markdown: string): SnippetSource {
  const text = plainText(markdown);
  return { text, lower: text.toLowerCase() };
}

/** A window of about `width` characters around the first match, matches marked `[[…]]`. */
export function makeSnippet(markdown: string | SnippetSource, terms: readonly string[], width = 80, query?: string): string {
  const { text, lower } = typeof markdown === 'string' ? snippetSource(markdown) : markdown;
  const ranges = matchRanges(text, [...new Set(terms)], lower, query);
  let start = 0;
  if (ranges.length > 0) start = Math.max(0, ranges[0][0] - Math.floor(width / 4));
  let end = Math.min(text.length, start + width);
  start = Math.max(0, Math.min(start, end - width));
  // Do not cut a highlight in half at the window edges.
  for (const [a, b] of ranges) {
    if (a < start && b > start) start = a;
    if (a < end && b > end) end = b;
  }
  let out = '';
  let pos = start;
  for (const [a, b] of ranges) {
    if (b <= start || a >= end) continue;
    out += text.slice(pos, a) + '[[' + text.slice(a, b) + ']]';
    pos = b;
  }
  out += text.slice(pos, end);
  return (start > 0 ? '…' : '') + out + (end < text.length ? '…' : '');
}

/**
 * A marked snippet as clean text plus highlight ranges [start, end) in Unicode characters (code points, so
 * `text[start:end]` in Python and `[...text].slice(start, end)` in JS give the highlighted word): what a
 * consumer without the `[[…]]` convention (JSON, a plain terminal) needs.
 */
export function splitHighlights(marked: string): { text: string; highlights: Array<[number, number]> } {
  const highlights: Array<[number, number]> = [];
  let text = '';
  let length = 0;
  let pos = 0;
  const append = (part: string) => {
    text += part;
    length += [...part].length;
  };
  for (const m of marked.matchAll(/\[\[([\s\S]*?)\]\]/g)) {
    append(marked.slice(pos, m.index));
    const start = length;
    append(m[1]);
    highlights.push([start, length]);
    pos = m.index + m[0].length;
  }
  append(marked.slice(pos));
  return { text, highlights };
}
