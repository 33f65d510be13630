/**
 * The Topics tree's content as plain data (vscode-free, so mocha tests it): categories of the taxonomy →
 * their entries, near-duplicate entries folded under the first of their group as "also asked as" children.
 * The tree view (sidebar/topicsTree.ts) only maps these nodes to TreeItems; nothing here parses or indexes:
 * it walks the already-loaded KnowledgeBase.
 */
import type { Entry, KnowledgeBase, Lang } from '../../core/knowledge/types';
import { localize } from '../../core/knowledge/localize';
import { uiText } from '../../core/render/i18n';

export interface TopicCategoryNode {
  kind: 'category';
  id: string;
  label: string;
  /** Shown after the label: the number of questions. */
  description: string;
  tooltip: string;
  /** What a screen reader says for the row. */
  ariaLabel: string;
  count: number;
}

export interface TopicEntryNode {
  kind: 'entry';
  /** Entry key (`9`, `team:3`): also the ref the advice view opens. */
  key: string;
  /** The category the row is listed under (an entry can sit in several). */
  categoryId: string;
  /** `9. 梯度爆炸怎么办` */
  label: string;
  /** "Also asked as 19, 25" on a group's first entry; "also asked as" on the folded variants. */
  description: string;
  /** The question. */
  tooltip: string;
  ariaLabel: string;
  /** Folded near-duplicates (children of this row); empty for a variant row itself. */
  variants: TopicEntryNode[];
  isVariant: boolean;
}

export type TopicNode = TopicCategoryNode | TopicEntryNode;

function questionCount(lang: Lang, n: number): string {
  return n === 1 ? uiText(lang, 'oneEntry') : uiText(lang, 'entries', n);
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function entryByKey(kb: KnowledgeBase): Map<string, Entry> {
  return new Map(kb.entries.map((e) => [e.key, e]));
}

/** Id of the last group: entries no category lists (a team pack without a taxonomy), so none is unreachable. */
export const UNCATEGORIZED_ID = '(uncategorized)';

/** A category's entry keys in display order; for UNCATEGORIZED_ID the entries no category lists. */
function categoryEntryKeys(kb: KnowledgeBase, categoryId: string): string[] | null {
  if (categoryId === UNCATEGORIZED_ID) {
    const listed = new Set(kb.categories.flatMap((c) => c.entries));
    return kb.entries.filter((e) => !listed.has(e.key)).map((e) => e.key);
  }
  return kb.categories.find((c) => c.id === categoryId)?.entries ?? null;
}

/** The categories in taxonomy order (those with no known entry left out), names in `lang`. */
export function topicCategories(kb: KnowledgeBase, lang: Lang): TopicCategoryNode[] {
  const byKey = entryByKey(kb);
  const out: TopicCategoryNode[] = [];
  for (const c of kb.categories) {
    const count = c.entries.filter((k) => byKey.has(k)).length;
    if (count === 0) continue;
    const label = localize(c.name, lang);
    const description = questionCount(lang, count);
    const about = oneLine(localize(c.description, lang));
    out.push({ kind: 'category', id: c.id, label, description, count, tooltip: about ? `${label}\n${about}` : label, ariaLabel: `${label}, ${description}` });
  }
  const rest = categoryEntryKeys(kb, UNCATEGORIZED_ID)!.length;
  if (rest > 0) {
    const label = uiText(lang, 'otherEntries');
    const description = questionCount(lang, rest);
    out.push({ kind: 'category', id: UNCATEGORIZED_ID, label, description, count: rest, tooltip: label, ariaLabel: `${label}, ${description}` });
  }
  return out;
}

function entryNode(e: Entry, categoryId: string, lang: Lang, isVariant: boolean): TopicEntryNode {
  const label = `${e.number}. ${oneLine(localize(e.title, lang))}`;
  const question = oneLine(localize(e.question, lang));
  return {
    kind: 'entry',
    key: e.key,
    categoryId,
    label,
    description: isVariant ? uiText(lang, 'alsoAskedAs') : '',
    tooltip: question || label,
    ariaLabel: isVariant ? `${label} (${uiText(lang, 'alsoAskedAs')})` : label,
    variants: [],
    isVariant,
  };
}

/**
 * The entries of one category in display order. A near-duplicate group (same `canonical`, or named in
 * `variants`) shows once, as its first member in the category, with the others as "also asked as" children
 * (including variants filed under other categories, so every phrasing of the question is reachable).
 */
export function topicEntries(kb: KnowledgeBase, categoryId: string, lang: Lang): TopicEntryNode[] {
  const keys = categoryEntryKeys(kb, categoryId);
  if (!keys) return [];
  const byKey = entryByKey(kb);
  const entries = keys.map((k) => byKey.get(k)).filter((e): e is Entry => !!e);
  const shown = new Set<string>();
  const rows: TopicEntryNode[] = [];
  for (const e of entries) {
    if (shown.has(e.key)) continue;
    shown.add(e.key);
    const sameGroup = (o: Entry) => o.key !== e.key && (o.canonical === e.canonical || e.variants.includes(o.key) || o.variants.includes(e.key));
    const group = [
      ...entries.filter((o) => !shown.has(o.key) && sameGroup(o)),
      ...e.variants.map((k) => byKey.get(k)).filter((o): o is Entry => !!o && !keys.includes(o.key)),
    ];
    const unique = [...new Map(group.map((g) => [g.key, g])).values()];
    unique.forEach((g) => shown.add(g.key));
    const row = entryNode(e, categoryId, lang, false);
    row.variants = unique.map((g) => entryNode(g, categoryId, lang, true));
    if (row.variants.length > 0) {
      row.description = `${uiText(lang, 'alsoAskedAs')} ${row.variants.map((v) => byKey.get(v.key)!.number).join(', ')}`;
      row.ariaLabel = `${row.label}, ${row.description}`;
    }
    rows.push(row);
  }
  return rows;
}

/** Children of a node (the tree's getChildren): categories at the root, entries under a category, variants under an entry. */
export function topicChildren(kb: KnowledgeBase, lang: Lang, parent?: TopicNode): TopicNode[] {
  if (!parent) return topicCategories(kb, lang);
  if (parent.kind === 'category') return topicEntries(kb, parent.id, lang);
  return parent.variants;
}
