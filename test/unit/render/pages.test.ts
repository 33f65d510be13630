import { strict as assert } from 'node:assert';
import { JSDOM } from 'jsdom';
import { renderCategory, renderEntry, renderFindings, renderHome, renderRule, renderSearchResults, type RenderContext } from '../../../src/core/render/pages';
import type { Finding } from '../../../src/core/analysis/types';
import type { SearchResult } from '../../../src/core/search/types';
import { fixtureKb, gradClipRule } from './fixture';

function ctx(lang: 'zh' | 'en' = 'zh'): RenderContext {
  return { kb: fixtureKb(), lang, getRule: (id) => (id === gradClipRule.id ? gradClipRule : undefined) };
}
function dom(html: string): Document {
  return new JSDOM(`<body>${html}</body>`).window.document;
}
const text = (el: Element | null) => (el?.textContent ?? '').replace(/\s+/g, ' ').trim();

describe('render/pages: entry page', () => {
  it('renders every item with its bold term, English term and Markdown body', () => {
    const doc = dom(renderEntry(ctx('zh'), '9', null).html);
    const item = doc.querySelector('#item-5')!;
    assert.equal(text(item.querySelector('strong.term')), '梯度裁剪');
    assert.equal(text(item.querySelector('.en-term')), '(Gradient Clipping)');
    assert.equal(text(item.querySelector('.body strong')), '裁剪', 'inline Markdown in the body becomes <strong>');
  });

  it('shows the question and groups near-duplicates as "also asked as"', () => {
    const doc = dom(renderEntry(ctx('en'), '9', null).html);
    assert.match(text(doc.querySelector('.question')), /How do you handle exploding gradients\?/);
    const variant = doc.querySelector('.variants [data-nav="entry"]')!;
    assert.equal(variant.getAttribute('data-key'), '12');
  });

  it('renders entry 1 formulas as readable text, not LaTeX, and only once', () => {
    const doc = dom(renderEntry(ctx('zh'), '1', null).html);
    const formulas = [...doc.querySelectorAll('.formula')].map(text);
    assert.deepEqual(formulas, ['Accuracy = 正确预测的样本数 / 总样本数', 'F1 Score = 2 × (Precision × Recall) / (Precision + Recall)']);
    assert.doesNotMatch(doc.body.textContent ?? '', /\\frac|\\text/);
  });

  it('links technique cards to the items they advise, with APIs, snippet and copy/insert buttons', () => {
    const doc = dom(renderEntry(ctx('en'), '9', 5).html);
    const card = doc.querySelector('#item-5 .card')!;
    assert.equal(card.getAttribute('data-card-id'), 'gradient-clipping');
    assert.equal(text(card.querySelector('.apis code')), 'torch.nn.utils.clip_grad_norm_');
    assert.match(text(card.querySelector('pre.snippet')), /clip_grad_norm_\(model.parameters\(\), max_norm=1.0\)/);
    assert.deepEqual([...card.querySelectorAll('[data-action]')].map((b) => b.getAttribute('data-action')), ['copy', 'insert']);
    assert.ok(doc.querySelector('#item-5')!.classList.contains('highlighted'), 'the requested item is highlighted');
    assert.equal(doc.querySelector('#item-1 .card'), null, 'entry 1 has no card');
  });

  it('speaks the requested language', () => {
    assert.match(renderEntry(ctx('en'), '9', null).title, /exploding gradients/);
    assert.match(renderEntry(ctx('zh'), '9', null).title, /梯度爆炸/);
  });

  it('says "not found" for an unknown entry instead of throwing', () => {
    assert.match(renderEntry(ctx('en'), '99', null).html, /Not found: 99/);
  });
});

describe('render/pages: browsing', () => {
  it('home points to the Topics tree instead of repeating the topic list', () => {
    const doc = dom(renderHome(ctx('en')).html);
    assert.equal(doc.querySelectorAll('[data-nav="category"]').length, 0, 'no second topic list');
    assert.match(text(doc.querySelector('.hint')), /Topics list above/);
    assert.equal(doc.querySelector('.recent-list'), null, 'nothing read yet: no "Recently read"');
    assert.match(text(dom(renderHome(ctx('zh')).html).querySelector('.page-title')), /首页/);
  });

  it('home lists the recently read entries, newest first, skipping unknown keys', () => {
    const doc = dom(renderHome({ ...ctx('en'), recent: ['12', 'gone', '1'] }).html);
    const links = [...doc.querySelectorAll('.recent-list [data-nav="entry"]')];
    assert.deepEqual(links.map((l) => l.getAttribute('data-key')), ['12', '1']);
    assert.match(text(links[0]), /12\. What to do about exploding gradients\?/);
  });

  it('a category folds near-duplicate entries under the first one', () => {
    const doc = dom(renderCategory(ctx('zh'), 'stability').html);
    const rows = doc.querySelectorAll('.entry-list > li');
    assert.equal(rows.length, 1, 'entry 12 is shown as a variant of 9, not as its own row');
    assert.equal(rows[0].querySelector('.entry-link')!.getAttribute('data-key'), '9');
    assert.equal(rows[0].querySelector('.variant-link')!.getAttribute('data-key'), '12');
  });
});

describe('render/pages: rule page', () => {
  it('shows docs, example, fixed example and advice links', () => {
    const doc = dom(renderRule(ctx('en'), 'grad-clip').html);
    assert.match(text(doc.querySelector('.page-title')), /grad-clip No gradient clipping/);
    assert.equal(text(doc.querySelector('pre.bad')), 'loss.backward() optimizer.step()');
    assert.match(text(doc.querySelector('pre.good')), /clip_grad_norm_/);
    const link = doc.querySelector('.advice-list [data-nav="entry"]')!;
    assert.equal(link.getAttribute('data-key'), '9');
    assert.equal(link.getAttribute('data-item'), '5');
    assert.match(text(link), /Gradient clipping/);
  });
});

describe('render/pages: search results', () => {
  const result: SearchResult = {
    kind: 'item', entryKey: '9', entry: 9, item: 5, title: { zh: '梯度爆炸', en: 'Exploding gradients' },
    itemTerm: { zh: '梯度裁剪', en: 'Gradient clipping' }, snippet: '处理[[梯度爆炸]]时 <b>裁剪</b>', terms: ['梯度爆炸'],
    score: 3, variants: ['12'], ref: '9#5',
  };

  it('highlights [[term]] markers and escapes the rest', () => {
    const doc = dom(renderSearchResults([result], 'zh'));
    const option = doc.querySelector('[role="option"]')!;
    assert.equal(option.getAttribute('data-key'), '9');
    assert.equal(option.getAttribute('data-item'), '5');
    assert.equal(text(option.querySelector('mark')), '梯度爆炸');
    assert.equal(option.querySelector('b'), null, 'HTML inside a snippet is text');
    assert.match(text(option), /也被问作: 12/);
  });

  it('says so when nothing matched', () => {
    assert.match(renderSearchResults([], 'en'), /No results/);
  });
});

describe('render/pages: in this file', () => {
  const finding = (line: number, ruleId = 'grad-clip'): Finding => ({
    ruleId, message: { zh: '没有梯度裁剪', en: 'No gradient clipping' }, severity: 'information', advice: ['9#5'],
    range: { startLine: line, startColumn: 4, endLine: line, endColumn: 19 },
  });

  it('groups findings by rule, sorted by line, with reveal buttons and advice links', () => {
    const html = renderFindings(ctx('en'), 'file:///w/train.py', [finding(40), finding(7), finding(3, 'eval-mode')]);
    const doc = dom(html);
    const groups = doc.querySelectorAll('.rule-group');
    assert.equal(groups.length, 2);
    const rows = [...groups[0].querySelectorAll('[data-action="reveal"]')];
    assert.deepEqual(rows.map((r) => r.getAttribute('data-line')), ['7', '40']);
    assert.equal(rows[0].getAttribute('data-uri'), 'file:///w/train.py');
    assert.match(text(rows[0]), /line 8 No gradient clipping/);
    assert.equal(groups[0].querySelector('.finding-advice [data-nav="entry"]')!.getAttribute('data-item'), '5');
    assert.match(text(groups[1]), /eval-mode/, 'an unknown rule still shows its id');
  });

  it('tells the user when there is no editor or no finding', () => {
    assert.match(renderFindings(ctx('en'), null, []), /Open a Python file/);
    assert.match(renderFindings(ctx('zh'), 'file:///a.py', []), /没有提示/);
  });
});
