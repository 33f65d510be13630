/**
 * The sidebar's pages as HTML strings, from plain data (vscode-free: also rendered in mocha with jsdom).
 * Interactive elements are <button>s carrying data- attributes (`data-nav`, `data-action`); the webview
 * handles them with one delegated listener. No inline script, no event-handler attributes, no styles.
 */
import type { AdviceRef, Entry, Item, KnowledgeBase, Lang, Localized, TechniqueCard } from '../knowledge/types';
import type { Finding, RuleDocs } from '../analysis/types';
import type { SearchResult } from '../search/types';
import { escapeHtml as esc, hasDisplayMath, renderFormula, renderInline, renderMarkdown } from './markdown';
import { routeFromRef, type Route } from './protocol';
import { uiText } from './i18n';
import { adviceForRule, cardsCiting, findEntry, noteText, techniqueCardById } from '../knowledge/refs';
import { localize } from '../knowledge/localize';

/** What the sidebar needs of a rule (the analysis registry's `Rule` has at least this). */
export interface RuleInfo {
  id: string;
  title: Localized;
  docs: RuleDocs;
  advice: AdviceRef[];
  /** The technique card to show when the corpus has no item on the technique (Rule.techniqueCard). */
  techniqueCard?: string;
}

export interface RenderContext {
  kb: KnowledgeBase;
  lang: Lang;
  getRule(id: string): RuleInfo | undefined;
  /** Entry keys read most recently, newest first (the home page lists them). */
  recent?: readonly string[];
}

export interface RenderedPage {
  title: string;
  html: string;
}

function navAttrs(route: Route): string {
  switch (route.kind) {
    case 'home':
      return 'data-nav="home"';
    case 'category':
    case 'rule':
      return `data-nav="${route.kind}" data-id="${esc(route.id)}"`;
    case 'entry':
      return `data-nav="entry" data-key="${esc(route.key)}"${route.item !== null ? ` data-item="${route.item}"` : ''}`;
  }
}

function navButton(route: Route, labelHtml: string, cls = 'link', aria?: string): string {
  const a = aria ? ` aria-label="${esc(aria)}"` : '';
  return `<button type="button" class="${cls}" ${navAttrs(route)}${a}>${labelHtml}</button>`;
}

function entryLabel(e: Entry, lang: Lang): string {
  return `<span class="num">${e.number}.</span> ${esc(localize(e.title, lang))}`;
}

/** `"9#5"` as a link labelled with the item term (or the entry title). */
export function adviceLink(kb: KnowledgeBase, ref: AdviceRef, lang: Lang): string {
  const route = routeFromRef(ref);
  if (!route || route.kind !== 'entry') return `<span class="ref">${esc(ref)}</span>`;
  const entry = findEntry(kb, route.key);
  if (!entry) return `<span class="ref missing">${esc(ref)}</span>`;
  const item = route.item !== null ? entry.items.find((i) => i.number === route.item) : undefined;
  const label = item
    ? `${esc(localize(item.term, lang))} <span class="ref">${esc(ref)}</span>`
    : `${esc(localize(entry.title, lang))} <span class="ref">${esc(ref)}</span>`;
  return navButton(route, label, 'link advice-link');
}

// ------------------------------------------------------------------------------------------------- home

/**
 * The advice view's start page. The topic list itself is the native Topics tree above the view, so this
 * page does not repeat it: a hint where to start, then the entries read most recently (ctx.recent).
 */
export function renderHome(ctx: RenderContext): RenderedPage {
  const { kb, lang } = ctx;
  const parts: string[] = [`<h2 class="page-title">${esc(uiText(lang, 'home'))}</h2>`, `<p class="hint">${esc(uiText(lang, 'homeHint'))}</p>`];
  const recent = (ctx.recent ?? []).map((k) => findEntry(kb, k)).filter((e): e is Entry => !!e);
  if (recent.length > 0) {
    parts.push(
      `<h3 class="section-title">${esc(uiText(lang, 'recent'))}</h3>` +
        `<ul class="entry-list recent-list" aria-label="${esc(uiText(lang, 'recent'))}">` +
        recent.map((e) => `<li class="entry-row">${navButton({ kind: 'entry', key: e.key, item: null }, entryLabel(e, lang), 'link entry-link')}</li>`).join('') +
        '</ul>',
    );
  }
  return { title: uiText(lang, 'home'), html: parts.join('') };
}

/** Entries in order, near-duplicates folded under the first of their group as "also asked as". */
function renderEntryList(kb: KnowledgeBase, keys: string[], lang: Lang): string {
  const entries = keys.map((k) => findEntry(kb, k)).filter((e): e is Entry => !!e);
  const shown = new Set<string>();
  const rows: string[] = [];
  for (const e of entries) {
    if (shown.has(e.key)) continue;
    const group = entries.filter((o) => o.key !== e.key && !shown.has(o.key) && (o.canonical === e.canonical || e.variants.includes(o.key)));
    shown.add(e.key);
    group.forEach((g) => shown.add(g.key));
    let row = `<li class="entry-row">${navButton({ kind: 'entry', key: e.key, item: null }, entryLabel(e, lang), 'link entry-link')}`;
    const others = [...group, ...e.variants.map((k) => findEntry(kb, k)).filter((o): o is Entry => !!o && !keys.includes(o.key))];
    if (others.length > 0) {
      row += `<div class="variants"><span class="muted">${esc(uiText(lang, 'alsoAskedAs'))}:</span> ${others
        .map((o) => navButton({ kind: 'entry', key: o.key, item: null }, entryLabel(o, lang), 'link variant-link'))
        .join(' ')}</div>`;
    }
    rows.push(row + '</li>');
  }
  return `<ul class="entry-list">${rows.join('')}</ul>`;
}

export function renderCategory(ctx: RenderContext, id: string): RenderedPage {
  const { kb, lang } = ctx;
  const c = kb.categories.find((x) => x.id === id);
  if (!c) return notFound(lang, id);
  const desc = localize(c.description, lang);
  return {
    title: localize(c.name, lang),
    html: `<h2 class="page-title">${esc(localize(c.name, lang))}</h2>${desc ? `<p class="desc">${esc(desc)}</p>` : ''}${renderEntryList(kb, c.entries, lang)}`,
  };
}

// ------------------------------------------------------------------------------------------------ entry

export function renderCard(card: TechniqueCard, lang: Lang): string {
  const name = localize(card.name, lang);
  const apis = card.apis.length
    ? `<div class="apis"><span class="muted">${esc(uiText(lang, 'apis'))}:</span> ${card.apis.map((a) => `<code>${esc(a)}</code>`).join(' ')}</div>`
    : '';
  const snippet = card.snippet
    ? `<pre class="snippet"><code>${esc(card.snippet)}</code></pre>` +
      `<div class="actions">` +
      `<button type="button" class="button secondary" data-action="copy" data-card="${esc(card.id)}" aria-label="${esc(uiText(lang, 'copySnippet'))}: ${esc(name)}"><span class="icon icon-copy" aria-hidden="true"></span>${esc(uiText(lang, 'copy'))}</button>` +
      `<button type="button" class="button" data-action="insert" data-card="${esc(card.id)}" aria-label="${esc(uiText(lang, 'insertSnippet'))}: ${esc(name)}"><span class="icon icon-insert" aria-hidden="true"></span>${esc(uiText(lang, 'insert'))}</button>` +
      `</div>`
    : '';
  return (
    `<details class="card" data-card-id="${esc(card.id)}"><summary><span class="icon icon-tool" aria-hidden="true"></span>${esc(name)}</summary>` +
    `<div class="card-body"><p>${esc(localize(card.summary, lang))}</p>${apis}${snippet}</div></details>`
  );
}

function renderItem(kb: KnowledgeBase, entry: Entry, item: Item, lang: Lang, highlighted: boolean): string {
  const term = localize(item.term, lang);
  // zh shows the source's English term; en shows the zh term, so both vocabularies are visible.
  const second = lang === 'zh' ? item.englishTerm : item.term.zh && item.term.zh !== term ? item.term.zh : null;
  const body = localize(item.body, lang);
  let html = renderMarkdown(body);
  if (!hasDisplayMath(body)) html += item.formulas.map(renderFormula).join('');
  const cards = cardsCiting(kb, entry.key, item.number);
  // The corpus text stays as written; where a card says it is misleading, its note sits right under the body.
  const note = noteText(kb, `${entry.key}#${item.number}`, lang);
  return (
    `<section class="item${highlighted ? ' highlighted' : ''}" id="item-${item.number}" aria-labelledby="item-${item.number}-h">` +
    `<h3 id="item-${item.number}-h"><span class="num">${item.number}.</span> <strong class="term">${renderInline(esc(term))}</strong>` +
    (second ? ` <span class="en-term">(${esc(second)})</span>` : '') +
    `</h3><div class="body">${html}</div>` +
    (note ? `<p class="editor-note"><span class="editor-note-label">${esc(uiText(lang, 'editorNote'))}:</span> ${esc(note)}</p>` : '') +
    (cards.length ? `<div class="cards">${cards.map((c) => renderCard(c, lang)).join('')}</div>` : '') +
    `</section>`
  );
}

export function renderEntry(ctx: RenderContext, key: string, itemNumber: number | null): RenderedPage {
  const { kb, lang } = ctx;
  const entry = findEntry(kb, key);
  if (!entry) return notFound(lang, key);
  const parts: string[] = [`<h2 class="page-title">${entryLabel(entry, lang)}</h2>`];
  const cats = entry.categories
    .map((id) => kb.categories.find((c) => c.id === id))
    .filter((c): c is NonNullable<typeof c> => !!c);
  if (cats.length) {
    parts.push(`<div class="chips">${cats.map((c) => navButton({ kind: 'category', id: c.id }, esc(localize(c.name, lang)), 'chip')).join('')}</div>`);
  }
  parts.push(`<div class="question"><span class="label">${esc(uiText(lang, 'question'))}</span>${renderMarkdown(localize(entry.question, lang))}</div>`);
  const variants = entry.variants.map((k) => findEntry(kb, k)).filter((e): e is Entry => !!e);
  if (variants.length) {
    parts.push(`<div class="variants"><span class="muted">${esc(uiText(lang, 'alsoAskedAs'))}:</span> ${variants.map((v) => navButton({ kind: 'entry', key: v.key, item: null }, entryLabel(v, lang), 'link variant-link')).join(' ')}</div>`);
  }
  parts.push(`<h3 class="section-title">${esc(uiText(lang, 'answer'))}</h3>`);
  for (const item of entry.items) parts.push(renderItem(kb, entry, item, lang, item.number === itemNumber));
  const entryCards = cardsCiting(kb, entry.key, null);
  if (entryCards.length) {
    parts.push(`<h3 class="section-title">${esc(uiText(lang, 'techniques'))}</h3><div class="cards">${entryCards.map((c) => renderCard(c, lang)).join('')}</div>`);
  }
  return { title: `${entry.number}. ${localize(entry.title, lang)}`, html: parts.join('') };
}

// ------------------------------------------------------------------------------------------------- rule

export function renderRule(ctx: RenderContext, id: string): RenderedPage {
  const { kb, lang } = ctx;
  const rule = ctx.getRule(id);
  if (!rule) return notFound(lang, id);
  const title = localize(rule.title, lang);
  const parts = [
    `<h2 class="page-title"><span class="rule-id">${esc(rule.id)}</span> ${esc(title)}</h2>`,
    `<h3 class="section-title">${esc(uiText(lang, 'detects'))}</h3>${renderMarkdown(localize(rule.docs.detects, lang))}`,
    `<h3 class="section-title">${esc(uiText(lang, 'why'))}</h3>${renderMarkdown(localize(rule.docs.why, lang))}`,
  ];
  if (rule.docs.example) parts.push(`<h3 class="section-title">${esc(uiText(lang, 'example'))}</h3><pre class="snippet bad"><code>${esc(rule.docs.example)}</code></pre>`);
  if (rule.docs.fixedExample) parts.push(`<h3 class="section-title">${esc(uiText(lang, 'fixedExample'))}</h3><pre class="snippet good"><code>${esc(rule.docs.fixedExample)}</code></pre>`);
  // A team pack's cards can attach their own items to a rule (card key `rules:`): listed after the built-in ones.
  const advice = [...rule.advice, ...adviceForRule(kb, rule.id, rule.advice)];
  if (advice.length) {
    parts.push(`<h3 class="section-title">${esc(uiText(lang, 'advice'))}</h3><ul class="advice-list">${advice.map((r) => `<li>${adviceLink(kb, r, lang)}</li>`).join('')}</ul>`);
  }
  const card = techniqueCardById(kb, rule.techniqueCard);
  if (card) {
    parts.push(`<p class="corpus-gap">${esc(uiText(lang, 'corpusGap'))} <strong>${esc(localize(card.name, lang))}</strong> — ${renderInline(esc(localize(card.summary, lang)))}</p>`);
  }
  return { title: `${rule.id}: ${title}`, html: parts.join('') };
}

function notFound(lang: Lang, what: string): RenderedPage {
  const text = uiText(lang, 'notFound', what);
  return { title: text, html: `<p class="empty">${esc(text)}</p>` };
}

export function renderRoute(ctx: RenderContext, route: Route): RenderedPage {
  switch (route.kind) {
    case 'home':
      return renderHome(ctx);
    case 'category':
      return renderCategory(ctx, route.id);
    case 'entry':
      return renderEntry(ctx, route.key, route.item);
    case 'rule':
      return renderRule(ctx, route.id);
  }
}

// ----------------------------------------------------------------------------------------------- search

/** `[[term]]` markers (from the search snippet) → <mark>, everything else escaped. */
export function highlightSnippet(snippet: string): string {
  return esc(snippet).replace(/\[\[([\s\S]*?)\]\]/g, '<mark>$1</mark>');
}

export function renderSearchResults(results: readonly SearchResult[], lang: Lang): string {
  if (results.length === 0) return `<p class="empty" role="status">${esc(uiText(lang, 'noResults'))}</p>`;
  const rows = results.map((r, i) => {
    const route = routeFromRef(r.ref) ?? { kind: 'entry' as const, key: r.entryKey, item: r.item };
    const head = r.itemTerm ? `${esc(localize(r.itemTerm, lang))} <span class="muted">· ${r.entry}. ${esc(localize(r.title, lang))}</span>` : `${r.entry}. ${esc(localize(r.title, lang))}`;
    const variants = r.variants.length ? `<div class="variants muted">${esc(uiText(lang, 'alsoAskedAs'))}: ${r.variants.map((v) => esc(v)).join(', ')}</div>` : '';
    return (
      `<li role="option" id="result-${i}" class="result" aria-selected="false" ${navAttrs(route)}>` +
      `<div class="result-title">${r.item !== null ? `<span class="ref">${esc(r.ref)}</span> ` : ''}${head}</div>` +
      `<div class="result-snippet">${highlightSnippet(r.snippet)}</div>${variants}</li>`
    );
  });
  return `<ul class="results" role="listbox" id="result-list" aria-label="${esc(uiText(lang, 'searchResults'))}">${rows.join('')}</ul>`;
}

// ------------------------------------------------------------------------------------------ in this file

/** The active file's findings, grouped by rule; each row reveals its line, each rule links to its advice. */
export function renderFindings(ctx: RenderContext, uri: string | null, findings: readonly Finding[]): string {
  const { kb, lang } = ctx;
  if (uri === null) return `<p class="empty">${esc(uiText(lang, 'noEditor'))}</p>`;
  if (findings.length === 0) return `<p class="empty">${esc(uiText(lang, 'noFindings'))}</p>`;
  const byRule = new Map<string, Finding[]>();
  for (const f of findings) byRule.set(f.ruleId, [...(byRule.get(f.ruleId) ?? []), f]);
  const groups: string[] = [];
  for (const [ruleId, list] of byRule) {
    const rule = ctx.getRule(ruleId);
    const title = rule ? localize(rule.title, lang) : ruleId;
    const advice = [...new Set(list.flatMap((f) => f.advice))];
    const rows = list
      .slice()
      .sort((a, b) => (a.cell ?? 0) - (b.cell ?? 0) || a.range.startLine - b.range.startLine)
      .map((f) => {
        const where = (f.cell !== undefined ? `${uiText(lang, 'cell', f.cell + 1)}, ` : '') + uiText(lang, 'line', f.range.startLine + 1);
        return (
          `<li><button type="button" class="finding" data-action="reveal" data-uri="${esc(uri)}" data-line="${f.range.startLine}" data-character="${f.range.startColumn}"` +
          (f.cell !== undefined ? ` data-cell="${f.cell}"` : '') +
          `><span class="where">${esc(where)}</span> <span class="message">${renderInline(esc(localize(f.message, lang)))}</span></button></li>`
        );
      });
    groups.push(
      `<li class="rule-group"><div class="rule-head">${navButton({ kind: 'rule', id: ruleId }, `<span class="rule-id">${esc(ruleId)}</span> ${esc(title)}`, 'link rule-link')} <span class="badge">${list.length}</span></div>` +
        `<ul class="finding-list">${rows.join('')}</ul>` +
        (advice.length ? `<div class="finding-advice"><span class="muted">${esc(uiText(lang, 'showAdvice'))}:</span> ${advice.map((r) => adviceLink(kb, r, lang)).join(' ')}</div>` : '') +
        `</li>`,
    );
  }
  return `<ul class="rule-groups">${groups.join('')}</ul>`;
}
