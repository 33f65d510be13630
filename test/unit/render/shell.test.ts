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
