/**
 * Synonym expansion from technique cards: a query that names a card (one of its keywords, its name,
 * one of its APIs) is about that technique, so the search also looks for the card's names in both
 * languages and boosts the corpus items the card cites. This is how "OOM", "多卡" or
 * `clip_grad_norm_` reach Chinese advice that never uses those words.
 */
import type { Localized, TechniqueCard } from '../knowledge/types';
import { normalizeText, tokenize } from '../text/tokenizer';

/** What the matcher reads of a card: also what a taxonomy category offers (no APIs). */
export type NamedByPhrases = Pick<TechniqueCard, 'id' | 'keywords' | 'apis'> & { name: Localized };

export interface CardMatcher<T extends NamedByPhrases = TechniqueCard> {
  /** Cards the query names, in card order. `queryTerms`: the query already tokenized, if at hand. */
  match(query: string, queryTerms?: readonly string[]): T[];
}

/** The phrases that name a card, normalized (names, keywords, APIs and their short forms). */
function cardPhrases(card: NamedByPhrases): string[] {
  const raw = [card.name.zh, card.name.en, ...card.keywords];
  for (const api of card.apis) {
    const name = api.replace(/\.\*$/, '');
    raw.push(name);
    // The short names people type: `clip_grad_norm_`, `GradScaler`, `lr_scheduler`, `GradScaler.unscale_`.
    // Only identifier-looking short names: `torch.nn.Module.training` must not turn the English word
    // "training" into a synonym of the card.
    const parts = name.split('.');
    const last = parts[parts.length - 1];
    if (/_|[A-Z]/.test(last)) raw.push(last);
    if (parts.length >= 2 && /^[A-Z]/.test(parts[parts.length - 2])) raw.push(parts.slice(-2).join('.'));
  }
  const out = new Set<string>();
  for (const r of raw) {
    // A name like "梯度缩放（损失缩放）" is two phrases.
    for (const piece of normalizeText(r).split(/[()（）]/)) {
      const text = piece.trim();
      if (text.length >= 2) out.add(text);
    }
  }
  return [...out];
}

/** Identifier-looking queries (`clip_grad`, `torch.cuda.amp`) also match APIs they are a prefix of. */
const IDENTIFIER = /^[a-z_][a-z0-9_.]{3,}$/;

/**
 * A card matches when every term of one of its phrases is among the query's terms (same tokenizer as the
 * index, so "exploding gradient" meets the keyword "exploding gradients" and "CUDA out of memory" meets
 * "out of memory"). Phrases are filed under their first term: a query only looks at the phrases its own
 * terms can start, which keeps matching at a few microseconds for any number of cards.
 */
/** Per card, the term lists of its phrases: what the matcher needs, serializable with the index. */
export type CardPhraseTerms = Record<string, string[][]>;

export function cardPhraseTerms(cards: readonly NamedByPhrases[]): CardPhraseTerms {
  const out: CardPhraseTerms = {};
  for (const card of cards) {
    if (Object.hasOwn(out, card.id)) continue; // a repeated id: the first card is the one indexed
    out[card.id] = cardPhrases(card)
      .map((phrase) => [...new Set(tokenize(phrase, { words: false }))])
      .filter((terms) => terms.length > 0);
  }
  return out;
}

/**
 * Compact text form of `CardPhraseTerms` for the serialized index: a line per card, its id then its
 * phrases, tab-separated, a phrase's terms space-separated (terms never contain whitespace: the
 * tokenizer splits on it). Half the size of the JSON form, which inside the index JSON would also be
 * escaped, and split on first search instead of parsed at load.
 */
export function encodeCardPhraseTerms(terms: CardPhraseTerms): string {
  return Object.entries(terms)
    // An id that could break a line is left out: the matcher tokenizes such a card's phrases itself.
    .filter(([id]) => !/[\t\n]/.test(id))
    .map(([id, phrases]) => [id, ...phrases.map((p) => p.join(' '))].join('\t'))
    .join('\n');
}

export function decodeCardPhraseTerms(text: string): CardPhraseTerms {
  const out: CardPhraseTerms = {};
  for (const line of text.split('\n')) {
    if (line === '') continue;
    const [id, ...phrases] = line.split('\t');
    out[id] = phrases.map((p) => p.split(' ')).filter((terms) => terms[0] !== '');
  }
  return out;
}

/** `precomputed` (from the serialized index) skips tokenizing every phrase again at load time. */
export function createCardMatcher<T extends NamedByPhrases>(cards: readonly T[], precomputed?: CardPhraseTerms): CardMatcher<T> {
  const phraseTerms = precomputed ?? cardPhraseTerms(cards);
  const byFirstTerm = new Map<string, Array<{ card: number; terms: string[] }>>();
  cards.forEach((card, index) => {
    for (const terms of phraseTerms[card.id] ?? cardPhraseTerms([card])[card.id]) {
      const list = byFirstTerm.get(terms[0]);
      if (list) list.push({ card: index, terms });
      else byFirstTerm.set(terms[0], [{ card: index, terms }]);
    }
  });
  const apiNames = cards.map((c) => c.apis.map((a) => normalizeText(a.replace(/\.\*$/, ''))));
  return {
    match(query: string, queryTerms?: readonly string[]): T[] {
      const terms = new Set(queryTerms ?? tokenize(query));
      const hit = new Set<number>();
      for (const t of terms) {
        for (const phrase of byFirstTerm.get(t) ?? []) {
          if (!hit.has(phrase.card) && phrase.terms.every((x) => terms.has(x))) hit.add(phrase.card);
        }
      }
      const q = normalizeText(query).trim();
      if (IDENTIFIER.test(q) && /[_.]/.test(q)) {
        apiNames.forEach((apis, index) => {
          if (apis.some((a) => a.includes(q) || a.split('.').some((seg) => seg.startsWith(q)))) hit.add(index);
        });
      }
      return cards.filter((_, index) => hit.has(index));
    },
  };
}
