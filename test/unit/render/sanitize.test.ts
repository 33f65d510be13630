import { strict as assert } from 'node:assert';
import { JSDOM } from 'jsdom';
import { createSanitizer } from '../../../src/core/render/sanitize';
import { renderEntry } from '../../../src/core/render/pages';
import { renderMarkdown } from '../../../src/core/render/markdown';
import { fixtureKb } from './fixture';

const { window } = new JSDOM('');
const sanitize = createSanitizer(window as unknown as Parameters<typeof createSanitizer>[0]);

describe('render/sanitize: hostile content is stripped', () => {
  const payloads: Array<[string, string, RegExp]> = [
    ['script tag', '<p>hi</p><script>alert(1)</script>', /<script|alert/],
    ['onerror handler', '<img src=x onerror="alert(1)"><b onclick="alert(2)">x</b>', /onerror|onclick|alert/],
    ['javascript: link', '<a href="javascript:alert(1)">x</a>', /javascript:/],
    ['svg payload', '<svg><script>alert(1)</script><animate onbegin="alert(1)"/></svg>', /<svg|alert|onbegin/],
    ['iframe srcdoc', '<iframe srcdoc="<script>alert(1)</script>"></iframe>', /iframe|alert/],
    ['style attribute', '<p style="background:url(https://evil.invalid/x)">x</p>', /style|evil/],
    ['data: link', '<a href="data:text/html,<script>alert(1)</script>">x</a>', /data:|alert/],
    ['form action', '<form action="https://evil.invalid"><button>go</button></form>', /<form|evil/],
  ];
  for (const [name, html, forbidden] of payloads) {
    it(`removes ${name}`, () => {
      const out = sanitize(html);
      assert.doesNotMatch(out, forbidden, out);
    });
  }

  it('keeps https links and internal navigation data attributes', () => {
    const out = sanitize('<a href="https://pytorch.org/docs">docs</a><button type="button" data-nav="entry" data-key="9" data-item="5">x</button>');
    assert.match(out, /href="https:\/\/pytorch.org\/docs"/);
    assert.match(out, /data-nav="entry" data-key="9" data-item="5"/);
  });

  it('leaves a rendered entry page intact (nothing of ours is stripped)', () => {
    const html = renderEntry({ kb: fixtureKb(), lang: 'zh', getRule: () => undefined }, '9', 5).html;
    const out = sanitize(html);
    const before = new JSDOM(html).window.document.body.textContent;
    const after = new JSDOM(out).window.document.body.textContent;
    assert.equal(after, before);
    assert.match(out, /data-action="insert" data-card="gradient-clipping"/);
  });

  it('raw HTML inside knowledge Markdown is escaped before it even reaches the sanitizer', () => {
    const html = renderMarkdown('Body <img src=x onerror=alert(1)> and [link](javascript:alert(1))');
    const doc = new JSDOM(html).window.document;
    assert.equal(doc.querySelector('img'), null);
    assert.equal(doc.querySelector('a'), null, 'a javascript: link is rendered as its label only');
  });
});
