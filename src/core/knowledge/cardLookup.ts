/** Finding technique cards for a name in code (hovers), and clipping text for short previews. */
import type { TechniqueCard } from './types';

/** Cuts `text` at about `max` characters, on a sentence or word boundary when one is near. */
export function clip(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= max) return flat;
  const cut = flat.slice(0, max);
  const stop = Math.max(cut.lastIndexOf('。'), cut.lastIndexOf('. '), cut.lastIndexOf('；'), cut.lastIndexOf('; '));
  if (stop > max * 0.6) return cut.slice(0, stop + 1);
  const space = cut.lastIndexOf(' ');
  return (space > max * 0.6 ? cut.slice(0, space) : cut) + '…';
}

/** Last identifier segments that are too generic to match a card by name alone (`model.step` is not `lr_scheduler.step`). */
const GENERIC = new Set(['step', 'save', 'load', 'train', 'eval', 'backward', 'zero_grad', 'half', 'to', 'cuda', 'forward',
  'parameters', 'state_dict', 'update', 'scale', 'item', 'float', 'init', 'run', 'fit', 'Module', 'Linear']);

/**
 * Cards whose `apis` name this API. `qualified` is the import-resolved name (null when the head was not imported);
 * `written` what the code says. Exact names and `module.*` wildcards match the qualified name; when the code does
 * not show where a name came from (`from x import *`, an attribute of an object), a distinctive last segment
 * (`EarlyStopping`, `clip_grad_norm_`) still matches, so the hover helps on code the resolver cannot follow.
 */
export function cardsForName(cards: readonly TechniqueCard[], qualified: string | null, written: string): TechniqueCard[] {
  const last = written.split('.').pop() ?? written;
  const distinctive = !GENERIC.has(last) && (/^[A-Z]/.test(last) || last.endsWith('_') || last.length >= 8);
  // `at`: where the best match sits in the card's list (a card lists its main API first): equal scores rank by it.
  const scored: Array<{ card: TechniqueCard; score: number; at: number }> = [];
  for (const card of cards) {
    let score = 0;
    let at = 0;
    card.apis.forEach((raw, i) => {
      const api = raw.replace(/\(\)$/, '');
      let s = 0;
      if (qualified && api === qualified) s = 3;
      else if (qualified && api.endsWith('.*') && (qualified + '.').startsWith(api.slice(0, -1)) && qualified.length > api.length - 2) s = 2;
      else if (distinctive && !api.endsWith('.*') && api.split('.').pop() === last) s = 1;
      if (s > score) { score = s; at = i; }
    });
    if (score > 0) scored.push({ card, score, at });
  }
  return scored.sort((a, b) => b.score - a.score || a.at - b.at || a.card.apis.length - b.card.apis.length).map((s) => s.card);
}

/** Cards about a keyword argument (`weight_decay=`): an api written `name=`, or a card keyword equal to the name. */
export function cardsForKeyword(cards: readonly TechniqueCard[], name: string): TechniqueCard[] {
  const spaced = name.replace(/_/g, ' ').toLowerCase();
  return cards.filter((c) =>
    c.apis.some((a) => a === `${name}=` || a.endsWith(`.${name}=`) || a.endsWith(`(${name}=)`)) ||
    c.keywords.some((k) => k.toLowerCase() === name.toLowerCase() || k.toLowerCase() === spaced));
}
