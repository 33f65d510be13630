/**
 * Synonym expansion from technique cards: a query that names a card (one of its keywords, its name,
 * one of its APIs) is about that technique, so the search also looks for the card's names in both
 * languages and boosts the corpus items the card cites. This is how "OOM", "多卡" or
 * `clip_grad_norm_` reach Chinese advice that never uses those words.
 */
import type { TechniqueCard } from '../knowledge/types';
import { isCjkTerm, normalizeText } from './tokenizer';

interface Phrase {
  text: string;
  cjk: boolean;
}

export interface CardMatcher {
  /** Cards the query names, in card order. */
  match(query: string): TechniqueCard[];
}

const WORD_CHAR = /[\p{L}\p{N}_]/u;

/** `phrase` occurs in `text` as whole words (Latin) or anywhere (CJK, which has no word boundaries). */
function occursIn(text: string, phrase: Phrase): boolean {
  let from = 0;
  for (;;) {
    const at = text.indexOf(phrase.text, from);
    if (at < 0) return false;
    if (phrase.cjk) return true;
    const before = at > 0 ? text[at - 1] : '';
    const after = text[at + phrase.text.length] ?? '';
    const startOk = before === '' || !WORD_CHAR.test(before) || isCjkTerm(before);
    const endOk = after === '' || !WORD_CHAR.test(after) || isCjkTerm(after) || phrase.text.endsWith('_');
    if (startOk && endOk) return true;
    from = at + 1;
  }
}

function cardPhrases(card: TechniqueCard): Phrase[] {
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
  const seen = new Set<string>();
  const out: Phrase[] = [];
  for (const r of raw) {
    // A name like "梯度缩放（损失缩放）" is two phrases.
    for (const piece of normalizeText(r).split(/[()（）]/)) {
      const text = piece.trim();
      if (text.length < 2 || seen.has(text)) continue;
      seen.add(text);
      out.push({ text, cjk: isCjkTerm(text) });
    }
  }
  return out;
}

/** Identifier-looking queries (`clip_grad`, `torch.cuda.amp`) also match APIs they are a prefix of. */
const IDENTIFIER = /^[a-z_][a-z0-9_.]{3,}$/;

export function createCardMatcher(cards: readonly TechniqueCard[]): CardMatcher {
  const compiled = cards.map((card) => ({
    card,
    phrases: cardPhrases(card),
    apiSegments: card.apis.map((a) => normalizeText(a.replace(/\.\*$/, ''))),
  }));
  return {
    match(query: string): TechniqueCard[] {
      const q = normalizeText(query).trim().replace(/\s+/g, ' ');
      if (q === '') return [];
      const identifier = IDENTIFIER.test(q) && /[_.]/.test(q);
      return compiled
        .filter(({ phrases, apiSegments }) =>
          phrases.some((p) => occursIn(q, p)) ||
          (identifier && apiSegments.some((a) => a.includes(q) || a.split('.').some((s) => s.startsWith(q)))),
        )
        .map((c) => c.card);
    },
  };
}
