// The sidebar's browser script (the real bundle, built with esbuild) in jsdom with a fake VS Code API:
// embedded first page, history, keyboard search, sanitizing on insertion, malformed messages ignored,
// and state that survives a reload.
import { strict as assert } from 'node:assert';
import * as esbuild from 'esbuild';
import { JSDOM } from 'jsdom';
import { shellHtml, type ShellOptions } from '../../../src/extension/sidebar/html';
import { renderRoute, renderSearchResults, type Route, type ToExtension, type ToWebview } from '../../../src/core/render';
import type { SearchResult } from '../../../src/core/search/types';
import { fixtureKb } from './fixture';

let bundle = '';

interface Harness {
  dom: JSDOM;
  doc: Document;
  sent: ToExtension[];
  state: { value: unknown };
  send(m: unknown): Promise<void>;
  until(what: string, check: () => boolean): Promise<void>;
}

// Entry 9 was read before: the home page lists it under "Recently read" (a link to click from home).
const ctx = { kb: fixtureKb(), lang: 'en' as const, getRule: () => undefined, recent: ['9'] };

function start(state: { value: unknown } = { value: undefined }, initial?: { route: Route; deepLink: string | null }, shell: Partial<ShellOptions> = {}): Harness {
  const page = initial ? { ...renderRoute(ctx, initial.route), route: initial.route, deepLink: initial.deepLink } : undefined;
  const html = shellHtml({ cspSource: 'https://x', nonce: 'n', scriptUri: 'https://x/webview.js', styleUri: 'https://x/s.css', lang: 'en', initialPage: page, ...shell })
    .replace(/<script[^>]*><\/script>/, ''); // the bundle is evaluated below instead
  const dom = new JSDOM(html, { runScripts: 'outside-only', pretendToBeVisual: true });
  const sent: ToExtension[] = [];
  const win = dom.window as unknown as Record<string, unknown>;
  win.acquireVsCodeApi = () => ({
    postMessage: (m: ToExtension) => sent.push(JSON.parse(JSON.stringify(m)) as ToExtension),
    getState: () => state.value,
    setState: (s: unknown) => { state.value = JSON.parse(JSON.stringify(s)); },
  });
  (dom.window.HTMLElement.prototype as unknown as { scrollIntoView: () => void }).scrollIntoView = () => undefined;
  dom.window.scrollTo = () => undefined;
  dom.window.console.warn = () => undefined;
  dom.window.eval(bundle);
  const h: Harness = {
    dom, doc: dom.window.document, sent, state,
    async send(m) {
      dom.window.postMessage(m, '*');
      await new Promise((r) => setTimeout(r, 5));
    },
    async until(what, check) {
      for (let i = 0; i < 100 && !check(); i++) await new Promise((r) => setTimeout(r, 5));
      assert.ok(check(), what);
    },
  };
  return h;
}

/** Answers the script's navigate requests the way the extension does. */
async function servePages(h: Harness): Promise<void> {
  for (const m of h.sent.splice(0)) {
    if (m.type === 'navigate') await h.send({ type: 'page', route: m.route, ...renderRoute(ctx, m.route) } satisfies ToWebview);
    if (m.type === 'ready' && !m.hasPage) await h.send({ type: 'page', route: m.route ?? { kind: 'home' }, ...renderRoute(ctx, m.route ?? { kind: 'home' }) });
  }
}

describe('webview script (jsdom)', function () {
  this.timeout(20_000);

  before(async () => {
    const out = await esbuild.build({ entryPoints: ['src/webview/main.ts'], bundle: true, write: false, format: 'iife', platform: 'browser', target: 'es2022', logLevel: 'silent' });
    bundle = out.outputFiles[0].text;
  });

  it('paints the embedded first page at once and says so in ready', async () => {
    const h = start(undefined, { route: { kind: 'home' }, deepLink: null });
    const ready = h.sent.find((m) => m.type === 'ready');
    assert.deepEqual(ready && { route: ready.route, hasPage: ready.hasPage }, { route: { kind: 'home' }, hasPage: true });
    assert.match(h.doc.querySelector('#page .page-title')?.textContent ?? '', /Home/, 'the embedded home page is shown');
    await new Promise((r) => setTimeout(r, 150)); // several animation frames (jsdom paints at 60 Hz here)
    assert.deepEqual(h.sent.map((m) => m.type), ['ready'], 'nothing but ready, also after the first paint: no timing messages');
  });

  it('navigates on clicks, keeps back/forward history, and persists it', async () => {
    const h = start(undefined, { route: { kind: 'home' }, deepLink: null });
    h.sent.length = 0;
    (h.doc.querySelector('#page .recent-list [data-nav="entry"][data-key="9"]') as HTMLElement).click();
    await servePages(h);
    assert.match(h.doc.querySelector('#page .page-title')!.textContent!, /exploding gradients/);
    (h.doc.querySelector('#page [data-nav="category"][data-id="stability"]') as HTMLElement).click();
    await servePages(h);
    assert.match(h.doc.querySelector('#page .page-title')!.textContent!, /Training stability/);
    (h.doc.getElementById('back') as HTMLButtonElement).click();
    await servePages(h);
    assert.match(h.doc.querySelector('#page .page-title')!.textContent!, /exploding gradients/);
    assert.equal((h.doc.getElementById('forward') as HTMLButtonElement).disabled, false);
    const saved = h.state.value as { history: Route[]; index: number };
    assert.equal(saved.history.length, 3);
    assert.equal(saved.index, 1);
  });

  it('searches as you type; arrows move the selection, Enter opens, Escape closes', async () => {
    const h = start(undefined, { route: { kind: 'home' }, deepLink: null });
    h.sent.length = 0;
    const input = h.doc.getElementById('search') as HTMLInputElement;
    input.value = '梯度爆炸';
    input.dispatchEvent(new h.dom.window.Event('input'));
    const search = h.sent.find((m) => m.type === 'search');
    assert.ok(search && search.type === 'search' && search.query === '梯度爆炸');
    const results: SearchResult[] = [5, 1].map((item, i) => ({
      kind: 'item', entryKey: i === 0 ? '9' : '12', entry: i === 0 ? 9 : 12, item, title: { zh: '梯度爆炸', en: 'Exploding gradients' },
      itemTerm: { zh: '梯度裁剪', en: 'Gradient clipping' }, snippet: '[[梯度爆炸]]', terms: [], score: 1, variants: [], ref: i === 0 ? '9#5' : '12#1',
    }));
    await h.send({ type: 'searchResults', seq: search.seq, query: search.query, count: 2, html: renderSearchResults(results, 'en') });
    const options = () => [...h.doc.querySelectorAll('#results [role="option"]')];
    assert.equal(options().length, 2);
    const key = (k: string) => input.dispatchEvent(new h.dom.window.KeyboardEvent('keydown', { key: k, bubbles: true }));
    key('ArrowDown');
    key('ArrowDown');
    assert.deepEqual(options().map((o) => o.getAttribute('aria-selected')), ['false', 'true']);
    assert.equal(input.getAttribute('aria-activedescendant'), 'result-1');
    h.sent.length = 0;
    key('Enter');
    assert.deepEqual(h.sent.find((m) => m.type === 'navigate'), { type: 'navigate', route: { kind: 'entry', key: '12', item: 1 } });
    assert.equal((h.doc.getElementById('results') as HTMLElement).hidden, true);
    key('Escape');
    assert.equal(input.value, '', 'Escape with the list closed clears the box');
  });

  it('ignores stale answers to a superseded search', async () => {
    const h = start(undefined, { route: { kind: 'home' }, deepLink: null });
    const input = h.doc.getElementById('search') as HTMLInputElement;
    input.value = 'a';
    input.dispatchEvent(new h.dom.window.Event('input'));
    input.value = 'ab';
    input.dispatchEvent(new h.dom.window.Event('input'));
    await h.send({ type: 'searchResults', seq: 1, query: 'a', count: 0, html: '<p class="stale">old</p>' });
    assert.equal(h.doc.querySelector('#results .stale'), null);
  });

  it('sanitizes every inserted page and ignores malformed messages', async () => {
    const h = start(undefined, { route: { kind: 'home' }, deepLink: null });
    await h.send({ type: 'page', route: { kind: 'home' }, title: 'x', html: '<p id="ok">fine</p><img src=x onerror="alert(1)"><script>alert(2)</script><a href="javascript:alert(3)">j</a>' });
    assert.equal(h.doc.querySelector('#page #ok')!.textContent, 'fine');
    assert.equal(h.doc.querySelector('#page img'), null);
    assert.equal(h.doc.querySelector('#page script'), null);
    assert.equal(h.doc.querySelector('#page a')!.getAttribute('href'), null);
    await h.send({ type: 'page', route: { kind: 'home' } }); // no html: malformed
    await h.send({ type: 'eval', code: 'alert(1)' });
    await h.send('page');
    assert.equal(h.doc.querySelector('#page #ok')!.textContent, 'fine', 'malformed messages changed nothing');
  });

  it('a deep link embedded in the shell becomes a history step, applied once across reloads', async () => {
    const state = { value: undefined as unknown };
    const h1 = start(state, { route: { kind: 'entry', key: '9', item: 5 }, deepLink: 'link-1' });
    assert.ok(h1.doc.querySelector('#item-5.highlighted'));
    const s1 = state.value as { history: Route[]; index: number };
    assert.deepEqual(s1.history, [{ kind: 'home' }, { kind: 'entry', key: '9', item: 5 }]);
    // The user goes back home; the same shell (same link id) is loaded again after hide/show.
    (h1.doc.getElementById('back') as HTMLButtonElement).click();
    const h2 = start(state, { route: { kind: 'entry', key: '9', item: 5 }, deepLink: 'link-1' });
    const ready = h2.sent.find((m) => m.type === 'ready');
    assert.deepEqual(ready && ready.route, { kind: 'home' }, 'the restored page, not the old deep link');
    assert.equal(ready && ready.hasPage, false);
  });

  it('a navigate carrying its page shows it at once as a new history step, without asking for it', async () => {
    const h = start(undefined, { route: { kind: 'home' }, deepLink: null });
    h.sent.length = 0;
    const route: Route = { kind: 'entry', key: '9', item: 5 };
    await h.send({ type: 'navigate', route, page: { ...renderRoute(ctx, route) } });
    assert.match(h.doc.querySelector('#page .page-title')!.textContent!, /exploding gradients/);
    assert.ok(h.doc.querySelector('#page .item.highlighted'), 'the item is highlighted');
    assert.deepEqual(h.sent.filter((m) => m.type === 'navigate'), [], 'no request for the page');
    const saved = h.state.value as { history: Route[]; index: number };
    assert.deepEqual(saved.history, [{ kind: 'home' }, route]);
    assert.equal((h.doc.getElementById('back') as HTMLButtonElement).disabled, false);
  });

  it('focusSearch from the extension puts the keyboard in the search box', async () => {
    const h = start(undefined, { route: { kind: 'home' }, deepLink: null });
    assert.notEqual(h.doc.activeElement, h.doc.getElementById('search'));
    await h.send({ type: 'focusSearch' });
    assert.equal(h.doc.activeElement, h.doc.getElementById('search'));
  });

  it('the language toggle relabels the shell and re-requests the page', async () => {
    const h = start(undefined, { route: { kind: 'home' }, deepLink: null });
    h.sent.length = 0;
    (h.doc.getElementById('lang') as HTMLButtonElement).click();
    assert.deepEqual(h.sent.map((m) => m.type), ['setLang', 'navigate']);
    assert.equal(h.doc.body.dataset.lang, 'zh');
    assert.equal(h.doc.getElementById('back')!.getAttribute('aria-label'), '后退');
  });

  it('every code block gets a copy button that sends its text; the button is built after sanitizing', async () => {
    const h = start(undefined, { route: { kind: 'home' }, deepLink: null });
    await h.send({ type: 'navigate', route: { kind: 'rule', id: 'grad-clip' }, page: { title: 'r', html: '<pre class="snippet"><code>x = 1\ny = "a"</code></pre><pre onclick="alert(1)"><code>z</code></pre>' } } satisfies ToWebview);
    const boxes = h.doc.querySelectorAll('#page .code-block');
    assert.equal(boxes.length, 2);
    assert.equal(h.doc.querySelector('#page pre[onclick]'), null, 'sanitized before the buttons were added');
    h.sent.length = 0;
    (boxes[0]!.querySelector('button.copy-code') as HTMLButtonElement).click();
    assert.deepEqual(h.sent, [{ type: 'copyText', text: 'x = 1\ny = "a"' }]);
    assert.equal(boxes[0]!.querySelector('button.copy-code')!.getAttribute('aria-label'), 'Copy code');
  });

  it('the sidebar can move its page to an editor tab, and remembers "In this file" being collapsed', async () => {
    const h = start(undefined, { route: { kind: 'entry', key: '9', item: 5 }, deepLink: 'l1' });
    h.sent.length = 0;
    (h.doc.getElementById('open-in-tab') as HTMLButtonElement).click();
    assert.deepEqual(h.sent, [{ type: 'openInTab', route: { kind: 'entry', key: '9', item: 5 } }]);
    h.sent.length = 0;
    const hints = h.doc.getElementById('file-hints') as HTMLDetailsElement;
    assert.equal(hints.open, true);
    hints.open = false;
    hints.dispatchEvent(new h.dom.window.Event('toggle'));
    hints.dispatchEvent(new h.dom.window.Event('toggle')); // a repeated event is not a second choice
    assert.deepEqual(h.sent, [{ type: 'setHintsOpen', open: false }]);
    const closed = start(undefined, { route: { kind: 'home' }, deepLink: null }, { hintsOpen: false });
    assert.equal((closed.doc.getElementById('file-hints') as HTMLDetailsElement).open, false, 'the shell renders the remembered choice');
  });

  it('in an editor tab: no "open in tab" button, no "In this file" section, the same page and messages', async () => {
    const h = start(undefined, { route: { kind: 'entry', key: '9', item: null }, deepLink: 'tab-1' }, { host: 'tab' });
    assert.equal(h.doc.getElementById('open-in-tab'), null);
    assert.equal((h.doc.getElementById('file-hints') as HTMLElement).hidden, true);
    assert.equal(h.doc.body.dataset.host, 'tab');
    assert.match(h.doc.querySelector('#page .page-title')?.textContent ?? '', /exploding gradients/);
    const ready = h.sent.find((m) => m.type === 'ready');
    assert.deepEqual(ready && { route: ready.route, hasPage: ready.hasPage }, { route: { kind: 'entry', key: '9', item: null }, hasPage: true });
  });
});
