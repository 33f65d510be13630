/**
 * How CJK terms are spelled inside the MiniSearch index.
 *
 * MiniSearch keeps terms in a radix tree whose nodes are Maps searched by scanning their keys. Latin
 * terms share a few dozen first letters, but the corpus's ~3,300 Han bigrams start with ~1,500 different
 * characters, so the root node had ~1,500 children and every term inserted by `loadJS` (and every
 * lookup by a query) scanned them: two thirds of the index load time. Each Han character is therefore
 * written as three Private Use Area symbols (code point bits 17–10, 9–5, 4–0), which caps a node's
 * fan-out at 32 and measured loadJS at 11 ms instead of 31 ms on the corpus. The symbols are outside
 * every script the tokenizer emits, so Latin prefix/fuzzy matching never reaches an encoded term.
 * Applied through MiniSearch's `processTerm` (documents and queries alike) and decoded wherever a term
 * leaves the index (result terms, stop terms).
 */
import { isCjkTerm } from '../text/tokenizer';

const HIGH = 0xe000; // bits 17–10: 256 symbols
const MID = 0xe100; // bits 9–5: 32 symbols
const LOW = 0xe200; // bits 4–0: 32 symbols
const MAX_CODE_POINT = 0x3ffff; // 18 bits: every Han block

/** Index spelling of a tokenizer term (Latin terms unchanged). */
export function encodeTerm(term: string): string {
  if (!isCjkTerm(term)) return term;
  let out = '';
  for (const ch of term) {
    const n = ch.codePointAt(0)!;
    if (n > MAX_CODE_POINT) return term; // not expected from the tokenizer; stays searchable, only slower
    out += String.fromCharCode(HIGH + (n >> 10), MID + ((n >> 5) & 31), LOW + (n & 31));
  }
  return out;
}

/** True for a term as `encodeTerm` spells a CJK term. */
export function isEncodedTerm(term: string): boolean {
  const c = term.charCodeAt(0);
  return c >= HIGH && c < MID;
}

/** The tokenizer term behind an index term. */
export function decodeTerm(term: string): string {
  if (!isEncodedTerm(term)) return term;
  let out = '';
  for (let i = 0; i + 2 < term.length; i += 3) {
    out += String.fromCodePoint(((term.charCodeAt(i) - HIGH) << 10) | ((term.charCodeAt(i + 1) - MID) << 5) | (term.charCodeAt(i + 2) - LOW));
  }
  return out;
}
