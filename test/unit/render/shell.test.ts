import { strict as assert } from 'node:assert';
import { JSDOM } from 'jsdom';
import { contentSecurityPolicy, makeNonce, shellHtml } from '../../../src/extension/sidebar/html';

describe('sidebar shell: CSP and no inline code', () => {
  const nonce = makeNonce();
  const html = shellHtml({ cspSource: 'https://x.vscode-cdn.net', nonce, scriptUri: 'https://x.vscode-cdn.net/dist/webview.js', styleUri: 'https://x.vscode-cdn.net/media/sidebar.css', lang: 'en' });
  const doc = new JSDOM(html).window.document;

  it('declares the strict CSP with the nonce', () => {
    const csp = doc.querySelector('meta[http-equiv="Content-Security-Policy"]')!.getAttribute('content')!;
    assert.equal(csp, contentSecurityPolicy('https://x.vscode-cdn.net', nonce));
    assert.match(csp, /^default-src 'none'; /);
    assert.match(csp, new RegExp(`script-src 'nonce-${nonce.replace(/[+/]/g, '\\$&')}'`));
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
  });

  it('loads exactly one script, with the nonce and a src, and has no event-handler attributes', () => {
    const scripts = [...doc.querySelectorAll('script')];
    assert.equal(scripts.length, 1);
    assert.equal(scripts[0].getAttribute('nonce'), nonce);
    assert.equal(scripts[0].textContent, '');
    const handlers = [...doc.querySelectorAll('*')].flatMap((el) => [...el.attributes].filter((a) => a.name.startsWith('on')).map((a) => a.name));
    assert.deepEqual(handlers, []);
  });

  it('labels every control for screen readers', () => {
    for (const el of doc.querySelectorAll('button, input')) assert.ok(el.getAttribute('aria-label'), el.outerHTML);
  });

  it('uses a fresh nonce each time', () => {
    assert.notEqual(makeNonce(), makeNonce());
    assert.ok(nonce.length >= 16);
  });
});

describe('sidebar shell: embedded first page', () => {
  it('puts the first page in an inert <template> with its route, so nothing in it runs before sanitizing', () => {
    const html = shellHtml({
      cspSource: 'https://x', nonce: 'n0nce', scriptUri: 'https://x/w.js', styleUri: 'https://x/s.css', lang: 'zh',
      initialPage: { route: { kind: 'entry', key: '9', item: 5 }, title: '9. 梯度爆炸', html: '<p>hi</p><img src=x onerror="alert(1)">', deepLink: 'link-1' },
    });
    const doc = new JSDOM(html).window.document;
    const tpl = doc.querySelector('template#initial-page') as HTMLTemplateElement;
    assert.deepEqual(JSON.parse(tpl.getAttribute('data-route')!), { kind: 'entry', key: '9', item: 5 });
    assert.equal(tpl.getAttribute('data-deep-link'), 'link-1');
    assert.equal(doc.body.querySelector('img'), null, 'template content is not part of the live document');
    assert.equal(tpl.content.querySelector('p')!.textContent, 'hi');
  });
});
