/**
 * The knowledge subcommands: search, show, entries. Output is plain text for people or JSON for scripts.
 */
import type { Entry, Item, KnowledgeBase, Lang } from '../core/knowledge/types';
import { localize } from '../core/knowledge/localize';
import { cardsForRef, noteText, parseAdviceRef, resolveAdviceRef } from '../core/knowledge/refs';
import type { SearchResult } from '../core/search/types';
import type { KnowledgeSearch } from '../core/search/knowledgeSearch';
import { splitHighlights } from '../core/search/snippet';
import { UsageError } from './args';

/**
 * One search result as the JSON line format promises: entry, item, title, score (+ extra fields); the snippet
 * is clean text with `highlights`, [start, end) ranges in Unicode characters.
 */
export function resultToJson(r: SearchResult, lang: Lang) {
  const snippet = splitHighlights(r.snippet);
  return {
    entry: r.entry,
    item: r.item,
    title: localize(r.title, lang),
    score: r.score,
    kind: r.kind,
    ref: r.ref,
    entryKey: r.entryKey,
    ...(r.cardId ? { card: r.cardId } : {}),
    ...(r.itemTerm ? { term: localize(r.itemTerm, lang) } : {}),
    snippet: snippet.text,
    highlights: snippet.highlights,
    variants: r.variants,
  };
}

export function searchJson(search: KnowledgeSearch, query: string, limit: number, lang: Lang) {
  return { query, results: search.search(query, { limit, lang }).map((r) => resultToJson(r, lang)) };
}

/** Matches in bold for a terminal (`bold`), plain text for pipes, files and NO_COLOR. */
function highlight(snippet: string, bold: boolean): string {
  const { text, highlights } = splitHighlights(snippet);
  if (!bold) return text;
  const chars = [...text];
  let out = '';
  let pos = 0;
  for (const [a, b] of highlights) {
    out += chars.slice(pos, a).join('') + '\x1b[1m' + chars.slice(a, b).join('') + '\x1b[22m';
    pos = b;
  }
  return out + chars.slice(pos).join('');
}

export function formatResults(kb: KnowledgeBase, results: readonly SearchResult[], lang: Lang, bold: boolean): string {
  if (results.length === 0) return lang === 'zh' ? '没有找到结果。' : 'No results.';
  const lines: string[] = [];
  results.forEach((r, i) => {
    const label =
      r.kind === 'card'
        ? `${lang === 'zh' ? '技巧卡' : 'technique'} ${kb.cards.find((c) => c.id === r.cardId) ? localize(kb.cards.find((c) => c.id === r.cardId)!.name, lang) : r.cardId} → ${r.ref}`
        : r.itemTerm
          ? `${localize(r.itemTerm, lang)}`
          : lang === 'zh' ? '（整条问答）' : '(whole entry)';
    lines.push(`${String(i + 1).padStart(2)}. [${r.ref}] ${localize(r.title, lang)} — ${label}  (${r.score.toFixed(1)})`);
    if (r.snippet) lines.push(`    ${highlight(r.snippet, bold)}`);
    if (r.variants.length) lines.push(`    ${lang === 'zh' ? '相似问题' : 'also asked as'}: ${r.variants.join(', ')}`);
  });
  return lines.join('\n');
}

function formatItem(item: Item, lang: Lang): string {
  const english = lang === 'zh' && item.englishTerm ? `（${item.englishTerm}）` : '';
  return `${item.number}. ${localize(item.term, lang)}${english}${lang === 'zh' ? '：' : ': '}${localize(item.body, lang)}`;
}

/** `编者注：…` / `Editor's note: …` under an item a card says is misleading; nothing otherwise. */
function noteLines(kb: KnowledgeBase, entry: Entry, item: Item, lang: Lang): string[] {
  const note = noteText(kb, `${entry.key}#${item.number}`, lang);
  return note ? [`${lang === 'zh' ? '编者注：' : "Editor's note: "}${note}`] : [];
}

/** The editorial note on an item in both languages (several cards' notes joined), or null. */
function noteJson(kb: KnowledgeBase, ref: string): { zh: string; en: string } | null {
  const zh = noteText(kb, ref, 'zh');
  const en = noteText(kb, ref, 'en');
  return zh || en ? { zh: zh ?? '', en: en ?? '' } : null;
}

function relatedCards(kb: KnowledgeBase, ref: string, lang: Lang): string[] {
  return cardsForRef(kb, ref).map((c) => `  - ${localize(c.name, lang)}${c.apis.length ? ` (${c.apis.slice(0, 3).join(', ')})` : ''}`);
}

function entryFooter(kb: KnowledgeBase, entry: Entry, lang: Lang): string[] {
  const out: string[] = [];
  const cats = entry.categories.map((id) => kb.categories.find((c) => c.id === id)).filter(Boolean).map((c) => localize(c!.name, lang));
  if (cats.length) out.push(`${lang === 'zh' ? '分类' : 'Categories'}: ${cats.join(', ')}`);
  if (entry.variants.length) out.push(`${lang === 'zh' ? '相似问题' : 'Also asked as'}: ${entry.variants.join(', ')}`);
  return out;
}

/** `show 9` or `show 9#5`. */
export function showText(kb: KnowledgeBase, refText: string, lang: Lang): string {
  if (!parseAdviceRef(refText)) throw new UsageError(`"${refText}" is not a reference like 9 or 9#5`);
  const resolved = resolveAdviceRef(kb, refText);
  if (!resolved) throw new UsageError(`no advice ${refText} / 不存在 ${refText}`);
  const { entry, item } = resolved;
  const lines: string[] = [`${entry.key}. ${localize(entry.title, lang)}`, ''];
  if (item) {
    lines.push(formatItem(item, lang), ...noteLines(kb, entry, item, lang));
  } else {
    lines.push(`${lang === 'zh' ? '题目：' : 'Question: '}${localize(entry.question, lang)}`, '');
    for (const it of entry.items) lines.push(formatItem(it, lang), ...noteLines(kb, entry, it, lang), '');
    lines.pop();
  }
  const footer = entryFooter(kb, entry, lang);
  const cards = relatedCards(kb, item ? `${entry.key}#${item.number}` : entry.key, lang);
  if (footer.length || cards.length) lines.push('');
  lines.push(...footer);
  if (cards.length) lines.push(lang === 'zh' ? '相关技巧:' : 'Related techniques:', ...cards);
  return lines.join('\n');
}

export function showJson(kb: KnowledgeBase, refText: string) {
  const resolved = resolveAdviceRef(kb, refText);
  if (!parseAdviceRef(refText) || !resolved) throw new UsageError(`no advice ${refText} / 不存在 ${refText}`);
  const { entry, item } = resolved;
  return {
    ref: item ? `${entry.key}#${item.number}` : entry.key,
    entry: entryJson(entry),
    item: item ? itemJson(item) : null,
    // The editorial note on the item (null for none, and for a whole entry: see `notes`).
    note: item ? noteJson(kb, `${entry.key}#${item.number}`) : null,
    ...(item ? {} : { notes: Object.fromEntries(entry.items.flatMap((it) => {
      const n = noteJson(kb, `${entry.key}#${it.number}`);
      return n ? [[String(it.number), n]] : [];
    })) }),
    cards: cardsForRef(kb, item ? `${entry.key}#${item.number}` : entry.key).map((c) => c.id),
  };
}

function itemJson(it: Item) {
  return { item: it.number, term: it.term, englishTerm: it.englishTerm, body: it.body, formulas: it.formulas };
}

function entryJson(e: Entry) {
  return {
    key: e.key,
    entry: e.number,
    source: e.source,
    title: e.title,
    question: e.question,
    languages: (['zh', 'en'] as const).filter((l) => e.title[l] !== '' || e.items.some((i) => i.body[l] !== '')),
    categories: e.categories,
    variants: e.variants,
    canonical: e.canonical,
    items: e.items.map(itemJson),
  };
}

export function entriesJson(kb: KnowledgeBase) {
  return kb.entries.map(entryJson);
}

export function entriesText(kb: KnowledgeBase, lang: Lang): string {
  return kb.entries
    .map((e) => {
      const extra = e.variants.length ? `  [${lang === 'zh' ? '相似' : 'variants'}: ${e.variants.join(', ')}]` : '';
      return `${e.key.padStart(3)}. ${localize(e.title, lang)} (${e.items.length})${extra}`;
    })
    .join('\n');
}
