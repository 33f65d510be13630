import { strict as assert } from 'node:assert';
import { parseToExtension, parseToWebview, parseViewState, routeFromRef } from '../../../src/core/render/protocol';

describe('render/protocol: messages from the webview', () => {
  const good: unknown[] = [
    { type: 'ready', route: null, hasPage: false },
    { type: 'ready', route: { kind: 'entry', key: '9', item: 5 }, hasPage: true },
    { type: 'navigate', route: { kind: 'rule', id: 'grad-clip' } },
    { type: 'navigate', route: { kind: 'entry', key: 'team:3', item: null } },
    { type: 'search', query: '梯度爆炸', seq: 4 },
    { type: 'setLang', lang: 'en' },
    { type: 'revealFinding', uri: 'file:///w/train.py', line: 7, character: 4, cell: null },
    { type: 'copySnippet', cardId: 'gradient-clipping' },
    { type: 'insertSnippet', cardId: 'gradient-clipping' },
    { type: 'openExternal', url: 'https://pytorch.org/docs/stable/amp.html' },
    { type: 'openInTab', route: { kind: 'rule', id: 'grad-clip' } },
    { type: 'setHintsOpen', open: false },
    { type: 'copyText', text: 'with torch.no_grad():\n    pass' },
  ];
  for (const m of good) {
    it(`accepts ${JSON.stringify(m)}`, () => {
      assert.deepEqual(parseToExtension(m), m);
    });
  }

  const bad: unknown[] = [
    null, 42, 'ready', [], {}, { type: 'unknown' }, { type: 'eval', code: 'alert(1)' },
    { type: 'navigate' }, { type: 'navigate', route: { kind: 'file', path: '/etc/passwd' } },
    { type: 'navigate', route: { kind: 'entry', key: '<script>', item: null } },
    { type: 'navigate', route: { kind: 'entry', key: '9', item: -1 } },
    { type: 'navigate', route: { kind: 'home' }, extra: 1 },
    { type: 'search', query: 42, seq: 1 }, { type: 'search', query: 'x'.repeat(501), seq: 1 },
    { type: 'setLang', lang: 'fr' },
    { type: 'revealFinding', uri: 'file:///a.py', line: '7', character: 0, cell: null },
    { type: 'copySnippet', cardId: '../../etc' },
    { type: 'openExternal', url: 'javascript:alert(1)' }, { type: 'openExternal', url: 'http://example.com' },
    { type: 'openExternal', url: 'file:///etc/passwd' },
    { type: 'openInTab', route: { kind: 'file', path: '/etc/passwd' } }, { type: 'openInTab' },
    { type: 'setHintsOpen', open: 'yes' }, { type: 'copyText', text: 'x'.repeat(50_001) }, { type: 'copyText', text: 3 },
    { type: 'ready', route: { kind: 'nope' }, hasPage: false }, { type: 'ready', route: null },
    // Timing is the UI test's business, measured in the page (test/e2e/ui/paintTiming.ts): no timing messages.
    { type: 'ready', route: null, hasPage: false, sinceStartMs: 1 },
    { type: 'painted', route: { kind: 'home' }, sinceStartMs: 40, scriptStartMs: 30, renderMs: 2 },
  ];
  for (const m of bad) {
    it(`rejects ${JSON.stringify(m)}`, () => {
      assert.equal(parseToExtension(m), null);
    });
  }
});

describe('render/protocol: messages from the extension', () => {
  it('accepts well-formed messages', () => {
    const page = { type: 'page', route: { kind: 'home' }, title: 'Topics', html: '<p>x</p>' };
    assert.deepEqual(parseToWebview(page), page);
    assert.deepEqual(parseToWebview({ type: 'lang', lang: 'zh' }), { type: 'lang', lang: 'zh' });
    assert.deepEqual(parseToWebview({ type: 'findings', fileName: null, count: 0, html: '' }), { type: 'findings', fileName: null, count: 0, html: '' });
    assert.deepEqual(parseToWebview({ type: 'focusSearch' }), { type: 'focusSearch' });
    const nav = { type: 'navigate', route: { kind: 'entry', key: '9', item: 5 }, page: { title: '9. x', html: '<p>x</p>' } };
    assert.deepEqual(parseToWebview(nav), nav);
    assert.deepEqual(parseToWebview({ type: 'navigate', route: { kind: 'home' } }), { type: 'navigate', route: { kind: 'home' } });
  });

  it('rejects malformed ones', () => {
    assert.equal(parseToWebview({ type: 'page', route: { kind: 'home' }, title: 'x' }), null);
    assert.equal(parseToWebview({ type: 'lang', lang: 'de' }), null);
    assert.equal(parseToWebview({ type: 'searchResults', seq: -1, query: '', count: 0, html: '' }), null);
    assert.equal(parseToWebview({ type: 'exec' }), null);
    assert.equal(parseToWebview({ type: 'metrics', openMs: 12, detail: '' }), null, 'no timing messages (the UI test times in the page)');
    assert.equal(parseToWebview({ type: 'focusSearch', query: 'x' }), null, 'focusSearch carries nothing');
    assert.equal(parseToWebview({ type: 'navigate', route: { kind: 'home' }, page: { title: 'x' } }), null, 'a page without html');
    assert.equal(parseToWebview({ type: 'navigate', route: { kind: 'home' }, page: { title: 'x', html: '', script: 'y' } }), null);
    assert.equal(parseToWebview({ type: 'navigate', route: { kind: 'home' }, page: 'html' }), null);
  });
});

describe('render/protocol: refs and state', () => {
  it('parses advice refs into routes', () => {
    assert.deepEqual(routeFromRef('9#5'), { kind: 'entry', key: '9', item: 5 });
    assert.deepEqual(routeFromRef('9'), { kind: 'entry', key: '9', item: null });
    assert.deepEqual(routeFromRef('team:3#2'), { kind: 'entry', key: 'team:3', item: 2 });
    assert.deepEqual(routeFromRef('builtin:9#5'), { kind: 'entry', key: '9', item: 5 });
    assert.equal(routeFromRef('nine'), null);
    assert.equal(routeFromRef('9#'), null);
  });

  it('restores a valid view state and refuses a corrupt one', () => {
    const state = { history: [{ kind: 'home' }, { kind: 'entry', key: '9', item: 5 }], index: 1, query: 'nan', scrollTop: 120 };
    assert.deepEqual(parseViewState(state), state);
    assert.equal(parseViewState({ ...state, index: 2 }), null);
    assert.equal(parseViewState({ ...state, history: [{ kind: 'bogus' }] }), null);
    assert.equal(parseViewState(undefined), null);
  });
});
