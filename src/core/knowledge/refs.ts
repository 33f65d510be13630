/**
 * Advice references (`9#5`, `9`, `team:3#2`, `builtin:9#5`) and the lookups built on them.
 */
import type { AdviceRef, Entry, Item, KnowledgeBase, Lang, Localized, ParsedAdviceRef, TechniqueCard } from './types';
import { localize } from './localize';

const REF = /^\s*(?:([a-z0-9][a-z0-9_-]*):)?(\d+)(?:#(\d+))?\s*$/i;

/**
 * Parse a reference. `packId` is the pack the reference is written in: inside a pack a bare `9#5`
 * means the pack's own entry (`team:9`), `builtin:9#5` the built-in corpus. Returns null when malformed.
 */
export function parseAdviceRef(ref: string, packId?: string): ParsedAdviceRef | null {
  const m = REF.exec(ref);
  if (!m) return null;
  const [, pack, entry, item] = m;
  const owner = pack ?? packId;
  const entryKey = !owner || owner === 'builtin' ? String(Number(entry)) : `${owner}:${Number(entry)}`;
  return { entryKey, item: item === undefined ? null : Number(item) };
}

/** The canonical text of a parsed reference (`team:9#5`, `9`). */
export function formatAdviceRef(ref: ParsedAdviceRef): AdviceRef {
  return ref.item === null ? ref.entryKey : `${ref.entryKey}#${ref.item}`;
}

export function findEntry(kb: KnowledgeBase, entryKey: string): Entry | undefined {
  return kb.entries.find((e) => e.key === entryKey);
}

/** The entry (and item) a reference points to, or null when it does not exist. */
export function resolveAdviceRef(kb: KnowledgeBase, ref: AdviceRef): { entry: Entry; item: Item | null } | null {
  const parsed = parseAdviceRef(ref);
  if (!parsed) return null;
  const entry = findEntry(kb, parsed.entryKey);
  if (!entry) return null;
  if (parsed.item === null) return { entry, item: null };
  const item = entry.items.find((i) => i.number === parsed.item);
  return item ? { entry, item } : null;
}

/** Does a card's API pattern cover a qualified name? Exact, or `module.*` covering everything under it. */
export function apiMatches(pattern: string, qualifiedName: string): boolean {
  if (pattern.endsWith('.*')) return qualifiedName.startsWith(pattern.slice(0, -1));
  return pattern === qualifiedName;
}

/**
 * How central an API is to a card, smaller = more central; null when the card does not list it. A card lists
 * its main API first (`sgd-momentum`: `torch.optim.SGD`), so the position of the best match ranks it; an exact
 * name beats a `module.*` pattern, and among equal positions the card with fewer APIs is about it more.
 */
export function apiCentrality(card: TechniqueCard, qualifiedName: string): number | null {
  let best: number | null = null;
  card.apis.forEach((a, i) => {
    if (!apiMatches(a, qualifiedName)) return;
    const rank = (a.endsWith('.*') ? 1000 : 0) + i * 100 + Math.min(card.apis.length, 99);
    if (best === null || rank < best) best = rank;
  });
  return best;
}

/**
 * Cards implementing a qualified API name (`torch.nn.utils.clip_grad_norm_`), the card whose main API it is
 * first (hovering `torch.optim.SGD` leads with momentum, not with the sparse-embeddings card that also lists it).
 */
export function cardsForApi(kb: KnowledgeBase, qualifiedName: string): TechniqueCard[] {
  const ranked: Array<{ card: TechniqueCard; rank: number }> = [];
  for (const card of kb.cards) {
    const rank = apiCentrality(card, qualifiedName);
    if (rank !== null) ranked.push({ card, rank });
  }
  return ranked.sort((a, b) => a.rank - b.rank).map((r) => r.card);
}

/**
 * Cards discussing a reference: for `9#5`, cards citing `9#5` or the whole entry `9`;
 * for `9`, cards citing entry 9 or any of its items.
 */
export function cardsForRef(kb: KnowledgeBase, ref: AdviceRef): TechniqueCard[] {
  const target = parseAdviceRef(ref);
  if (!target) return [];
  return kb.cards.filter((c) =>
    c.advice.some((a) => {
      const p = parseAdviceRef(a);
      if (!p || p.entryKey !== target.entryKey) return false;
      return target.item === null || p.item === null || p.item === target.item;
    }),
  );
}

/**
 * Cards citing exactly this entry (`item` null) or this item, as the advice pages list them under it (a card
 * citing the whole entry is shown once, under the entry, not under every item).
 */
export function cardsCiting(kb: KnowledgeBase, entryKey: string, item: number | null): TechniqueCard[] {
  return kb.cards.filter((card) => card.advice.some((ref) => {
    const p = parseAdviceRef(ref);
    return p !== null && p.entryKey === entryKey && p.item === item;
  }));
}

/** The label of a reference: the item's term (or the entry's title) in `lang`; the reference itself when unknown. */
export function refLabel(kb: KnowledgeBase, ref: AdviceRef, lang: Lang): string {
  const r = resolveAdviceRef(kb, ref);
  if (!r) return ref;
  return localize(r.item ? r.item.term : r.entry.title, lang);
}

/**
 * Advice a knowledge pack attaches to an analysis rule: the refs of every card listing the rule id under
 * `rules:`, in card order, without repeats and without refs already in `exclude` (the rule's own advice).
 */
export function adviceForRule(kb: KnowledgeBase, ruleId: string, exclude: readonly AdviceRef[] = []): AdviceRef[] {
  const out: AdviceRef[] = [];
  for (const c of kb.cards) {
    if (!c.rules?.includes(ruleId)) continue;
    for (const ref of c.advice) if (!out.includes(ref) && !exclude.includes(ref)) out.push(ref);
  }
  return out;
}

/**
 * The editorial notes cards attach to one corpus item (`4#4`): each card whose `notes:` lists the item, in card
 * order, as `{ card, text }`. Empty for whole-entry refs, unknown refs and items no card comments on.
 */
export function notesForRef(kb: KnowledgeBase, ref: AdviceRef): Array<{ card: string; text: Localized }> {
  const target = parseAdviceRef(ref);
  if (!target || target.item === null) return [];
  const out: Array<{ card: string; text: Localized }> = [];
  for (const c of kb.cards) {
    if (!c.note) continue;
    const hit = c.note.refs.some((r) => {
      const p = parseAdviceRef(r);
      return p !== null && p.entryKey === target.entryKey && p.item === target.item;
    });
    if (hit) out.push({ card: c.id, text: c.note.text });
  }
  return out;
}

/** The editorial note on an item in `lang` (several cards' notes joined), or null when there is none. */
export function noteText(kb: KnowledgeBase, ref: AdviceRef, lang: Lang): string | null {
  const texts = notesForRef(kb, ref).map((n) => localize(n.text, lang)).filter((x) => x !== '');
  return texts.length ? texts.join(' ') : null;
}

/**
 * The technique card a rule names because the corpus has no item on the technique itself (Rule.techniqueCard):
 * shown beside the quoted items so they are not taken for advice on it. Null when the id is unknown.
 */
export function techniqueCardById(kb: KnowledgeBase, id: string | undefined): TechniqueCard | null {
  return id ? kb.cards.find((c) => c.id === id) ?? null : null;
}
