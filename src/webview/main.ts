/**
 * The sidebar's browser code (bundled to dist/webview.js, loaded with a nonce under a strict CSP).
 * The extension host owns the knowledge base and renders pages to HTML (src/core/render); this script owns
 * navigation history, the search box, the language toggle and the persisted view state, and it sanitizes
 * every HTML string with DOMPurify before it touches the DOM. No inline handlers: one delegated listener.
 */
import type { Lang } from '../core/knowledge/types';
import { parseRoute, parseToWebview, parseViewState, sameRoute, type Route, type ToExtension, type ToWebview, type ViewState } from '../core/render/protocol';
import { createSanitizer } from '../core/render/sanitize';
import { uiText, type StringKey } from '../core/render/i18n';

interface VsCodeApi {
  postMessage(message: ToExtension): void;
  getState(): unknown;
  setState(state: ViewState): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
const sanitize = createSanitizer(window);

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const el = {
  back: $<HTMLButtonElement>('back'),
  forward: $<HTMLButtonElement>('forward'),
  home: $<HTMLButtonElement>('home'),
  lang: $<HTMLButtonElement>('lang'),
  search: $<HTMLInputElement>('search'),
  results: $<HTMLDivElement>('results'),
  fileHints: $<HTMLDetailsElement>('file-hints'),
  fileHintsBody: $<HTMLDivElement>('file-hints-body'),
  fileCount: $<HTMLSpanElement>('file-count'),
  fileName: $<HTMLSpanElement>('file-name'),
  page: $<HTMLElement>('page'),
  notice: $<HTMLDivElement>('notice'),
  /** Only in the sidebar: an editor tab has no "open in tab" button. */
  openInTab: document.getElementById('open-in-tab') as HTMLButtonElement | null,
};

const restored = parseViewState(vscode.getState());
let state: ViewState = restored ?? { history: [{ kind: 'home' }], index: 0, query: '', scrollTop: 0 };
let lang: Lang = document.body.dataset.lang === 'en' ? 'en' : 'zh';
let searchSeq = 0;
let activeResult = -1;
/** Scroll to restore once the first page after a reload arrives (hide/show). */
let pendingScroll: number | null = restored ? restored.scrollTop : null;

function post(m: ToExtension): void {
  vscode.postMessage(m);
}
function save(): void {
  vscode.setState(state);
}
function current(): Route {
  return state.history[state.index];
}

// ------------------------------------------------------------------------------------------- navigation

/** Go to a route: a new history step, then show `page` when the extension sent it along, else ask for it. */
function go(route: Route, page?: { title: string; html: string }): void {
  if (!sameRoute(route, current())) {
    state.history = [...state.history.slice(0, state.index + 1), route].slice(-100);
    state.index = state.history.length - 1;
  }
  state.scrollTop = 0;
  save();
  if (!page) return request();
  updateHistoryButtons();
  showPage(route, page.html, page.title);
}

function request(): void {
  updateHistoryButtons();
  el.page.setAttribute('aria-busy', 'true');
  post({ type: 'navigate', route: current() });
}

function move(delta: -1 | 1): void {
  const next = state.index + delta;
  if (next < 0 || next >= state.history.length) return;
  state.index = next;
  state.scrollTop = 0;
  save();
  request();
}

function updateHistoryButtons(): void {
  el.back.disabled = state.index === 0;
  el.forward.disabled = state.index >= state.history.length - 1;
}

function showPage(route: Route, html: string, title: string): void {
  if (!sameRoute(route, current())) return; // a stale answer to an earlier click
  el.page.innerHTML = sanitize(html);
  addCopyButtons(el.page);
  el.page.removeAttribute('aria-busy');
  el.page.setAttribute('aria-label', title);
  const target = route.kind === 'entry' && route.item !== null ? document.getElementById(`item-${route.item}`) : null;
  if (pendingScroll !== null) {
    window.scrollTo(0, pendingScroll);
    pendingScroll = null;
  } else if (target) {
    target.scrollIntoView({ block: 'start' });
  } else {
    window.scrollTo(0, 0);
  }
}

/**
 * Every code block gets a copy button in its corner and scrolls sideways inside its own box (CSS), so a narrow
 * sidebar neither clips code nor widens the page. Built with DOM calls after sanitizing: nothing parsed.
 */
function addCopyButtons(root: HTMLElement): void {
  for (const pre of root.querySelectorAll('pre')) {
    if (pre.parentElement?.classList.contains('code-block')) continue;
    const box = document.createElement('div');
    box.className = 'code-block';
    pre.replaceWith(box);
    box.append(pre);
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'icon-button copy-code';
    button.dataset.action = 'copy-code';
    button.dataset.i18nLabel = 'copyCode';
    button.setAttribute('aria-label', uiText(lang, 'copyCode'));
    button.title = uiText(lang, 'copyCode');
    const icon = document.createElement('span');
    icon.className = 'icon icon-copy';
    icon.setAttribute('aria-hidden', 'true');
    button.append(icon);
    box.append(button);
  }
}

// ------------------------------------------------------------------------------------------------ search

function resultOptions(): HTMLElement[] {
  return [...el.results.querySelectorAll<HTMLElement>('[role="option"]')];
}

function setActiveResult(i: number): void {
  const options = resultOptions();
  if (options.length === 0) return;
  activeResult = (i + options.length) % options.length;
  options.forEach((o, j) => o.setAttribute('aria-selected', String(j === activeResult)));
  el.search.setAttribute('aria-activedescendant', options[activeResult].id);
  options[activeResult].scrollIntoView({ block: 'nearest' });
}

function closeResults(): void {
  el.results.hidden = true;
  el.search.setAttribute('aria-expanded', 'false');
  el.search.removeAttribute('aria-activedescendant');
  activeResult = -1;
}

function runSearch(): void {
  const query = el.search.value.trim();
  state.query = el.search.value;
  save();
  searchSeq++;
  if (!query) {
    el.results.innerHTML = '';
    closeResults();
    return;
  }
  post({ type: 'search', query, seq: searchSeq });
}

function showResults(seq: number, html: string, count: number): void {
  if (seq !== searchSeq || !el.search.value.trim()) return;
  el.results.innerHTML = sanitize(html);
  el.results.hidden = false;
  el.search.setAttribute('aria-expanded', 'true');
  el.results.setAttribute('aria-label', `${uiText(lang, 'searchResults')}: ${uiText(lang, 'resultCount', count)}`);
  activeResult = -1;
  el.search.removeAttribute('aria-activedescendant');
}

function openResult(option: HTMLElement | undefined): void {
  if (!option) return;
  const route = routeOf(option);
  if (!route) return;
  closeResults();
  go(route);
  el.page.focus();
}

el.search.addEventListener('input', runSearch);
el.search.addEventListener('keydown', (e) => {
  switch (e.key) {
    case 'ArrowDown':
      e.preventDefault();
      if (el.results.hidden && el.search.value.trim()) runSearch();
      setActiveResult(activeResult + 1);
      break;
    case 'ArrowUp':
      e.preventDefault();
      setActiveResult(activeResult <= 0 ? -1 : activeResult - 1);
      break;
    case 'Enter':
      e.preventDefault();
      openResult(resultOptions()[Math.max(activeResult, 0)]);
      break;
    case 'Escape':
      e.preventDefault();
      if (!el.results.hidden) closeResults();
      else {
        el.search.value = '';
        runSearch();
      }
      break;
  }
});

// ------------------------------------------------------------------------------------------ clicks, keys

function routeOf(node: HTMLElement): Route | null {
  const d = node.dataset;
  switch (d.nav) {
    case 'home':
      return { kind: 'home' };
    case 'category':
    case 'rule':
      return parseRoute({ kind: d.nav, id: d.id });
    case 'entry':
      return parseRoute({ kind: 'entry', key: d.key, item: d.item !== undefined ? Number(d.item) : null });
    default:
      return null;
  }
}

function onAction(node: HTMLElement): void {
  const d = node.dataset;
  if (d.action === 'copy' && d.card) post({ type: 'copySnippet', cardId: d.card });
  else if (d.action === 'copy-code') {
    const text = node.closest('.code-block')?.querySelector('pre')?.textContent ?? '';
    if (text) post({ type: 'copyText', text: text.slice(0, 50_000) });
  }
  else if (d.action === 'insert' && d.card) post({ type: 'insertSnippet', cardId: d.card });
  else if (d.action === 'reveal' && d.uri) {
    post({ type: 'revealFinding', uri: d.uri, line: Number(d.line), character: Number(d.character), cell: d.cell !== undefined ? Number(d.cell) : null });
  }
}

document.addEventListener('click', (e) => {
  const target = e.target instanceof Element ? e.target : null;
  if (!target) return;
  const link = target.closest<HTMLAnchorElement>('a[href]');
  if (link) {
    e.preventDefault();
    const href = link.getAttribute('href') ?? '';
    if (/^https:\/\//i.test(href)) post({ type: 'openExternal', url: href });
    else if (href.startsWith('#')) document.getElementById(href.slice(1))?.scrollIntoView();
    return;
  }
  const nav = target.closest<HTMLElement>('[data-nav]');
  if (nav) {
    e.preventDefault();
    if (nav.closest('#results')) return openResult(nav);
    const route = routeOf(nav);
    if (route) go(route);
    return;
  }
  const action = target.closest<HTMLElement>('[data-action]');
  if (action) onAction(action);
});

el.back.addEventListener('click', () => move(-1));
el.forward.addEventListener('click', () => move(1));
el.home.addEventListener('click', () => go({ kind: 'home' }));
el.openInTab?.addEventListener('click', () => post({ type: 'openInTab', route: current() }));
// The user's choice is remembered by the extension (the next shell renders it); the parser's own toggle
// event for the initial `open` is not a choice.
let hintsOpen = el.fileHints.open;
el.fileHints.addEventListener('toggle', () => {
  if (el.fileHints.open === hintsOpen) return;
  hintsOpen = el.fileHints.open;
  post({ type: 'setHintsOpen', open: hintsOpen });
});
el.lang.addEventListener('click', () => setLang(lang === 'zh' ? 'en' : 'zh', true));

document.addEventListener('keydown', (e) => {
  if (e.altKey && e.key === 'ArrowLeft') { e.preventDefault(); move(-1); }
  else if (e.altKey && e.key === 'ArrowRight') { e.preventDefault(); move(1); }
  else if (e.key === '/' && document.activeElement !== el.search && !(e.target instanceof HTMLInputElement)) {
    e.preventDefault();
    el.search.focus();
  }
});

let scrollTimer: ReturnType<typeof setTimeout> | undefined;
window.addEventListener('scroll', () => {
  clearTimeout(scrollTimer);
  scrollTimer = setTimeout(() => { state.scrollTop = Math.round(window.scrollY); save(); }, 150);
}, { passive: true });

// ---------------------------------------------------------------------------------------------- language

/** Relabel the static shell: elements carry data-i18n (text) and data-i18n-label (aria-label + title). */
function applyLabels(): void {
  document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
  document.body.dataset.lang = lang;
  for (const node of document.querySelectorAll<HTMLElement>('[data-i18n]')) node.textContent = uiText(lang, node.dataset.i18n as StringKey);
  for (const node of document.querySelectorAll<HTMLElement>('[data-i18n-label]')) {
    const label = uiText(lang, node.dataset.i18nLabel as StringKey);
    node.setAttribute('aria-label', label);
    node.title = label;
  }
  el.search.placeholder = uiText(lang, 'searchPlaceholder');
}

function setLang(next: Lang, fromUser: boolean): void {
  const changed = next !== lang;
  lang = next;
  applyLabels();
  if (fromUser) post({ type: 'setLang', lang });
  if (changed) {
    request();
    // Refresh open results in the new language; closed ones are re-run on the next keystroke.
    if (!el.results.hidden && el.search.value.trim()) runSearch();
    else el.results.innerHTML = '';
  }
}

// -------------------------------------------------------------------------------------------- messages

function showNotice(text: string): void {
  el.notice.textContent = text;
  el.notice.hidden = false;
  setTimeout(() => { el.notice.hidden = true; }, 2500);
}

function onMessage(m: ToWebview): void {
  switch (m.type) {
    case 'page':
      return showPage(m.route, m.html, m.title);
    case 'navigate':
      closeResults();
      return go(m.route, m.page);
    case 'searchResults':
      return showResults(m.seq, m.html, m.count);
    case 'findings':
      el.fileHintsBody.innerHTML = sanitize(m.html);
      el.fileCount.textContent = m.fileName ? String(m.count) : '';
      el.fileName.textContent = m.fileName ? `· ${m.fileName}` : '';
      el.fileHints.title = m.fileName ?? '';
      return;
    case 'lang':
      return setLang(m.lang, false);
    case 'notice':
      return showNotice(m.text);
    case 'focusSearch':
      el.search.focus();
      el.search.select();
      return;
  }
}

window.addEventListener('message', (event: MessageEvent) => {
  const m = parseToWebview(event.data);
  if (m) onMessage(m);
  else console.warn('[training-advisor] ignored malformed message from the extension');
});

// ------------------------------------------------------------------------------------------------ start

/**
 * The extension embeds the page it expects us to show first (a deep link, or the page we were on before
 * being hidden) in an inert <template>: show it now, sanitized like any other page, instead of waiting
 * for a message round trip. A deep link becomes a new history step.
 */
function showEmbeddedPage(): boolean {
  const tpl = document.getElementById('initial-page');
  if (!(tpl instanceof HTMLTemplateElement)) return false;
  let route: Route | null = null;
  try { route = parseRoute(JSON.parse(tpl.dataset.route ?? 'null')); } catch { route = null; }
  if (!route) return false;
  const link = tpl.dataset.deepLink;
  if (link && link !== state.lastLink) {
    state.lastLink = link;
    if (!sameRoute(route, current())) {
      state.history = [...state.history.slice(0, state.index + 1), route].slice(-100);
      state.index = state.history.length - 1;
      state.scrollTop = 0;
      pendingScroll = null;
    }
    save();
  }
  if (!sameRoute(route, current())) return false;
  showPage(route, tpl.innerHTML, tpl.dataset.title ?? '');
  tpl.remove();
  return true;
}

applyLabels();
el.search.value = state.query;
const hasPage = showEmbeddedPage();
updateHistoryButtons();
post({ type: 'ready', route: restored || hasPage ? current() : null, hasPage });
