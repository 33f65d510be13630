import type { Lang, Localized } from '../knowledge/types';

export interface SearchOptions {
  /** Maximum results (default 20). */
  limit?: number;
  /** Language of the snippet and display text; queries match both languages regardless. Default `zh`. */
  lang?: Lang;
}

export interface SearchResult {
  /** What matched: an answer item (the unit of advice), a whole entry (title/question), or a technique card. */
  kind: 'item' | 'entry' | 'card';
  /** Entry key (`"9"`, `"team:3"`); for a card, the entry of its first advice ref. */
  entryKey: string;
  /** Entry number in its own file. */
  entry: number;
  /** Item number, or null for a whole entry. */
  item: number | null;
  /** Card id when kind is `card`. */
  cardId?: string;
  /** Entry title in both languages. */
  title: Localized;
  /** Item term in both languages (items only). */
  itemTerm?: Localized;
  /** Short text around the match, in the requested language, matched terms wrapped as `[[term]]`. */
  snippet: string;
  /** Query terms (after expansion) that matched. */
  terms: string[];
  score: number;
  /** Entry keys of near-duplicates collapsed into this result ("also asked as"). */
  variants: string[];
  /** `"9#5"` or `"9"`: what to open. */
  ref: string;
}
