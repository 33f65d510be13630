/**
 * The typed message protocol between the extension host and the sidebar webview, both directions.
 * Every message is validated on receipt (`parseToExtension` / `parseToWebview`): anything unknown or
 * malformed yields null, and the receiver ignores it (and logs it). Validators are hand-written on purpose:
 * the webview bundle must stay small and the shapes are few.
 */
import type { Lang } from '../knowledge/types';
import { parseAdviceRef } from '../knowledge/refs';

/** Where the sidebar is. `entry.item` scrolls to and highlights one answer item. */
export type Route =
  | { kind: 'home' }
  | { kind: 'category'; id: string }
  | { kind: 'entry'; key: string; item: number | null }
  | { kind: 'rule'; id: string };

/** The webview's persisted state (vscode.setState): survives the view being hidden and shown again. */
export interface ViewState {
  history: Route[];
  index: number;
  query: string;
  scrollTop: number;
  /** Id of the last embedded deep link applied, so a reloaded shell never applies it twice. */
  lastLink?: string;
}

/** Webview → extension. */
export type ToExtension =
  /**
   * The script started. `route` is where the view is (restored from vscode.getState(), null when fresh);
   * `hasPage` says it already shows that page (embedded in the shell), so no page needs to be sent.
   */
  | { type: 'ready'; route: Route | null; hasPage: boolean }
  | { type: 'navigate'; route: Route }
  | { type: 'search'; query: string; seq: number }
  | { type: 'setLang'; lang: Lang }
  | { type: 'revealFinding'; uri: string; line: number; character: number; cell: number | null }
  | { type: 'copySnippet'; cardId: string }
  | { type: 'insertSnippet'; cardId: string }
  | { type: 'openExternal'; url: string }
  /** Open the page the sidebar shows in an editor tab (the sidebar's "open in tab" button). */
  | { type: 'openInTab'; route: Route }
  /** The "In this file" section was collapsed or expanded: remembered across sessions. */
  | { type: 'setHintsOpen'; open: boolean }
  /** Copy a code block's text (every <pre> gets a copy button; a card's snippet goes by `copySnippet`). */
  | { type: 'copyText'; text: string };

/** Extension → webview. `html` is rendered by src/core/render and sanitized by the webview before insertion. */
export type ToWebview =
  | { type: 'page'; route: Route; title: string; html: string }
  /** Go to `route` (a new history step); `page`, when given, is its rendered page: shown without asking for it. */
  | { type: 'navigate'; route: Route; page?: { title: string; html: string } }
  | { type: 'searchResults'; seq: number; query: string; count: number; html: string }
  | { type: 'findings'; fileName: string | null; count: number; html: string }
  | { type: 'lang'; lang: Lang }
  | { type: 'notice'; text: string }
  /** Move keyboard focus to the search box (the Topics tree's search action). */
  | { type: 'focusSearch' };

// ---------------------------------------------------------------------------------------------- helpers

type Obj = Record<string, unknown>;
const MAX_TEXT = 200_000;

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
function str(v: unknown, max = 500): v is string {
  return typeof v === 'string' && v.length <= max;
}
function id(v: unknown): v is string {
  // Entry keys (`9`, `team:3`), category/rule/card ids (`grad-clip`).
  return typeof v === 'string' && /^[A-Za-z0-9][A-Za-z0-9_.:\-]{0,99}$/.test(v);
}
function nat(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= 0 && v < 1e9;
}
function isLang(v: unknown): v is Lang {
  return v === 'zh' || v === 'en';
}
function onlyKeys(o: Obj, keys: string[]): boolean {
  return Object.keys(o).every((k) => keys.includes(k));
}

export function parseRoute(v: unknown): Route | null {
  if (!isObj(v)) return null;
  switch (v.kind) {
    case 'home':
      return onlyKeys(v, ['kind']) ? { kind: 'home' } : null;
    case 'category':
      return onlyKeys(v, ['kind', 'id']) && id(v.id) ? { kind: 'category', id: v.id } : null;
    case 'rule':
      return onlyKeys(v, ['kind', 'id']) && id(v.id) ? { kind: 'rule', id: v.id } : null;
    case 'entry': {
      if (!onlyKeys(v, ['kind', 'key', 'item']) || !id(v.key)) return null;
      const item = v.item === undefined || v.item === null ? null : nat(v.item) ? v.item : undefined;
      return item === undefined ? null : { kind: 'entry', key: v.key, item };
    }
    default:
      return null;
  }
}

export function parseViewState(v: unknown): ViewState | null {
  if (!isObj(v) || !Array.isArray(v.history) || v.history.length === 0 || v.history.length > 200) return null;
  const history = v.history.map(parseRoute);
  if (history.some((r) => r === null) || !nat(v.index) || v.index >= history.length) return null;
  return {
    history: history as Route[],
    index: v.index,
    query: str(v.query) ? v.query : '',
    scrollTop: nat(v.scrollTop) ? v.scrollTop : 0,
    ...(str(v.lastLink, 100) ? { lastLink: v.lastLink } : {}),
  };
}

/** `"9#5"` → entry 9 item 5; `"team:3"` → the whole entry. Null when not a ref. */
export function routeFromRef(ref: string): Route | null {
  const parsed = parseAdviceRef(ref);
  return parsed ? { kind: 'entry', key: parsed.entryKey, item: parsed.item } : null;
}

export function sameRoute(a: Route, b: Route): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

// ------------------------------------------------------------------------------------------- validators

/** Validate a message from the webview. Null = ignore (and log). */
export function parseToExtension(m: unknown): ToExtension | null {
  if (!isObj(m) || typeof m.type !== 'string') return null;
  switch (m.type) {
    case 'ready': {
      if (!onlyKeys(m, ['type', 'route', 'hasPage']) || typeof m.hasPage !== 'boolean') return null;
      const route = m.route === null || m.route === undefined ? null : parseRoute(m.route);
      if (route === null && m.route !== null && m.route !== undefined) return null;
      return { type: 'ready', route, hasPage: m.hasPage };
    }
    case 'navigate': {
      const route = parseRoute(m.route);
      return onlyKeys(m, ['type', 'route']) && route ? { type: 'navigate', route } : null;
    }
    case 'search':
      return onlyKeys(m, ['type', 'query', 'seq']) && str(m.query) && nat(m.seq)
        ? { type: 'search', query: m.query, seq: m.seq }
        : null;
    case 'setLang':
      return onlyKeys(m, ['type', 'lang']) && isLang(m.lang) ? { type: 'setLang', lang: m.lang } : null;
    case 'revealFinding': {
      if (!onlyKeys(m, ['type', 'uri', 'line', 'character', 'cell'])) return null;
      if (!str(m.uri, 4000) || !nat(m.line) || !nat(m.character)) return null;
      const cell = m.cell === null || m.cell === undefined ? null : nat(m.cell) ? m.cell : undefined;
      return cell === undefined ? null : { type: 'revealFinding', uri: m.uri, line: m.line, character: m.character, cell };
    }
    case 'copySnippet':
    case 'insertSnippet':
      return onlyKeys(m, ['type', 'cardId']) && id(m.cardId) ? { type: m.type, cardId: m.cardId } : null;
    case 'openExternal':
      return onlyKeys(m, ['type', 'url']) && str(m.url, 2000) && /^https:\/\/[^\s]+$/i.test(m.url)
        ? { type: 'openExternal', url: m.url }
        : null;
    case 'openInTab': {
      const route = parseRoute(m.route);
      return onlyKeys(m, ['type', 'route']) && route ? { type: 'openInTab', route } : null;
    }
    case 'setHintsOpen':
      return onlyKeys(m, ['type', 'open']) && typeof m.open === 'boolean' ? { type: 'setHintsOpen', open: m.open } : null;
    case 'copyText':
      return onlyKeys(m, ['type', 'text']) && str(m.text, 50_000) ? { type: 'copyText', text: m.text } : null;
    default:
      return null;
  }
}

/** Validate a message from the extension. Null = ignore. */
export function parseToWebview(m: unknown): ToWebview | null {
  if (!isObj(m) || typeof m.type !== 'string') return null;
  switch (m.type) {
    case 'page': {
      const route = parseRoute(m.route);
      return route && str(m.title) && str(m.html, MAX_TEXT) ? { type: 'page', route, title: m.title, html: m.html } : null;
    }
    case 'navigate': {
      const route = parseRoute(m.route);
      if (!route) return null;
      if (m.page === undefined) return { type: 'navigate', route };
      const p = m.page;
      return isObj(p) && onlyKeys(p, ['title', 'html']) && str(p.title) && str(p.html, MAX_TEXT) ? { type: 'navigate', route, page: { title: p.title, html: p.html } } : null;
    }
    case 'searchResults':
      return nat(m.seq) && str(m.query) && nat(m.count) && str(m.html, MAX_TEXT)
        ? { type: 'searchResults', seq: m.seq, query: m.query, count: m.count, html: m.html }
        : null;
    case 'findings':
      return (m.fileName === null || str(m.fileName, 4000)) && nat(m.count) && str(m.html, MAX_TEXT)
        ? { type: 'findings', fileName: m.fileName as string | null, count: m.count, html: m.html }
        : null;
    case 'lang':
      return isLang(m.lang) ? { type: 'lang', lang: m.lang } : null;
    case 'notice':
      return str(m.text) ? { type: 'notice', text: m.text } : null;
    case 'focusSearch':
      return onlyKeys(m, ['type']) ? { type: 'focusSearch' } : null;
    default:
      return null;
  }
}
