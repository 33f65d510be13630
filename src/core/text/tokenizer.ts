/**
 * One tokenizer for documents and queries, so both sides produce the same terms.
 *
 * MiniSearch's default tokenizer splits on spaces and punctuation, which leaves a Chinese sentence as one
 * giant "word" that no query ever matches. Here:
 * - CJK runs → `Intl.Segmenter` words of 3+ characters (2-character words are already bigrams)
 *   PLUS every character bigram of the run (robust where the segmenter cuts differently in query and text),
 *   and the character itself for a 1-character run;
 * - Latin runs → lowercase words; identifiers are kept whole AND split on `.`, `_` and `-`
 *   (`torch.nn.utils.clip_grad_norm_` → the whole name, `clip_grad_norm_`, `clip`, `grad`, `norm`, …),
 *   so a query for the short name or one of its words still meets the full API name.
 * Documents are tokenized a little leaner than queries (`document`): see cjkTerms and latinTerms.
 */

const HAN = /\p{Script=Han}/u;
/** A Latin/identifier run: letters, digits and the joiners `_ . -` (trimmed later). */
const LATIN_RUN = /[\p{Script=Latin}0-9_.\-]+/gu;
const HAN_RUN = /\p{Script=Han}+/gu;
const JOINERS = /[._\-]+/;

let segmenter: Intl.Segmenter | null = null;
function getSegmenter(): Intl.Segmenter | null {
  if (segmenter === null && typeof Intl !== 'undefined' && typeof Intl.Segmenter === 'function') {
    segmenter = new Intl.Segmenter('zh', { granularity: 'word' });
  }
  return segmenter;
}

/** Lowercase and fold full-width forms (`ＧＰＵ` → `gpu`), the way both the index and queries see text. */
export function normalizeText(text: string): string {
  return text.normalize('NFKC').toLowerCase();
}

export function isCjkTerm(term: string): boolean {
  return HAN.test(term);
}

/** English function words: they match everywhere ("too" in "too large") and say nothing about the topic. */
const STOP_WORDS = new Set(
  ('a an and are as at be by can do does for from how i in into is it its my of on or should so the their them ' +
    'there these this to too use used using very was what when where which while why with you your').split(' '),
);

const VOWEL = /[aeiouy]/;

/**
 * A deliberately small English stemmer, applied to documents and queries alike, so inflections meet:
 * leaks/leakage → leak, clipping/clip → clip, regularization/regularize → regulariz, strategies → strategy.
 * Collisions it creates are harmless because both sides are stemmed the same way.
 */
export function stem(word: string): string {
  if (word.length <= 3 || !/^[a-z]+$/.test(word)) return word;
  let w = word;
  if (w.endsWith('ies') && w.length > 4) w = w.slice(0, -3) + 'y';
  else if (w.endsWith('sses')) w = w.slice(0, -2);
  else if (w.endsWith('s') && !/(ss|us|is)$/.test(w)) w = w.slice(0, -1);
  for (const suffix of ['ation', 'ing', 'age', 'ed']) {
    if (w.endsWith(suffix) && w.length - suffix.length >= 3 && VOWEL.test(w.slice(0, -suffix.length))) {
      w = w.slice(0, -suffix.length);
      if (/([^aeiouylsz])\1$/.test(w)) w = w.slice(0, -1); // clipp → clip
      break;
    }
  }
  if (w.length > 3 && w.endsWith('e')) w = w.slice(0, -1);
  return w;
}

const LATIN_WORD = /\p{Script=Latin}+/gu;

/**
 * The plain Latin words of a text, lowercased but NOT stemmed, stop words left out. Fuzzy matching
 * compares what the user typed with these spellings: a typo can break the suffix the stemmer strips
 * (`augmentaton` is 1 edit from `augmentation` but 4 from its stem `augment`).
 */
export function latinWords(text: string): string[] {
  return (normalizeText(text).match(LATIN_WORD) ?? []).filter((w) => !STOP_WORDS.has(w));
}

/**
 * Terms of one Latin/identifier run, whole name first. `document`: a dotted name (`torch.cuda.amp.GradScaler`)
 * is indexed by its parts only (`torch`, `cuda`, `amp`, `gradscaler`, …): a query naming it whole still
 * meets those parts, and the card matcher matches whole API names; ~300 one-document terms fewer.
 */
function latinTerms(run: string, out: string[], document: boolean): void {
  // Sentence punctuation (`NCCL.`) and leading joiners are not part of an identifier; a trailing `_`
  // is (`clip_grad_norm_`), so only dots and hyphens are trimmed at the end.
  const whole = run.replace(/^[._\-]+/, '').replace(/[.\-]+$/, '');
  if (whole === '') return;
  if (!JOINERS.test(whole)) {
    if (!STOP_WORDS.has(whole)) out.push(stem(whole));
    return;
  }
  if (!document || !whole.includes('.')) out.push(whole);
  const seen = new Set<string>([whole]);
  const push = (t: string) => {
    if (t !== '' && !seen.has(t)) {
      seen.add(t);
      out.push(t);
    }
  };
  for (const dotted of whole.split('.')) {
    push(dotted.replace(/^-+|-+$/g, ''));
    for (const word of dotted.split(/[_\-]+/)) if (!STOP_WORDS.has(word)) push(stem(word));
  }
}

/**
 * Terms of one CJK run: segmenter words (3+ chars), bigrams, or the single character.
 * `document`: only bigrams inside a segmenter word, or between two 1-character
 * segments (the segmenter cuts words it does not know into single characters, so "炼丹" stays
 * findable). A bigram straddling two words ("度爆" in 梯度|爆炸, "的梯" in 的|梯度) is never a word a
 * query means; dropping them cuts the corpus index from ~3,300 to ~1,200 CJK terms. Queries keep every
 * bigram, so a query still meets a text the segmenter cut differently.
 */
function cjkTerms(run: string, out: string[], words: boolean, document: boolean): void {
  const chars = Array.from(run);
  if (chars.length === 1) {
    out.push(run);
    return;
  }
  const seg = (words && chars.length > 2) || document ? getSegmenter() : null;
  if (!seg) {
    for (let i = 0; i + 1 < chars.length; i++) out.push(chars[i] + chars[i + 1]);
    return;
  }
  const segments: string[][] = [];
  for (const s of seg.segment(run)) segments.push(Array.from(s.segment));
  if (words && chars.length > 2) for (const s of segments) if (s.length >= 3) out.push(s.join(''));
  if (!document) {
    for (let i = 0; i + 1 < chars.length; i++) out.push(chars[i] + chars[i + 1]);
    return;
  }
  for (let k = 0; k < segments.length; k++) {
    const s = segments[k];
    for (let i = 0; i + 1 < s.length; i++) out.push(s[i] + s[i + 1]);
    const next = segments[k + 1];
    if (next && s.length === 1 && next.length === 1) out.push(s[0] + next[0]);
  }
}

export interface TokenizeOptions {
  /**
   * Add Intl.Segmenter words (default true). Off where terms must not depend on the surrounding text:
   * the segmenter may cut a phrase differently inside a longer query.
   */
  words?: boolean;
  /**
   * Tokenizing a document for the index (default false: a query): CJK bigrams inside words only (see
   * cjkTerms) and dotted names by their parts only (see latinTerms). Queries keep every term.
   */
  document?: boolean;
}

/** Tokenize text (a document field or a query) into search terms. Order: by position in the text. */
export function tokenize(text: string, options: TokenizeOptions = {}): string[] {
  const words = options.words ?? true;
  const document = options.document ?? false;
  const norm = normalizeText(text);
  const out: string[] = [];
  // Walk the text once, alternating between Han runs and Latin runs by position.
  const runs: Array<{ index: number; text: string; cjk: boolean }> = [];
  for (const m of norm.matchAll(HAN_RUN)) runs.push({ index: m.index ?? 0, text: m[0], cjk: true });
  for (const m of norm.matchAll(LATIN_RUN)) runs.push({ index: m.index ?? 0, text: m[0], cjk: false });
  runs.sort((a, b) => a.index - b.index);
  for (const r of runs) {
    if (r.cjk) cjkTerms(r.text, out, words, document);
    else latinTerms(r.text, out, document);
  }
  return out;
}
