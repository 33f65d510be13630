/** The entry/item page shows a card's editorial note under a misleading item, escaped, and it survives sanitizing. */
import { strict as assert } from 'node:assert';
import { JSDOM } from 'jsdom';
import { buildKnowledgeBase } from '../../../src/core/knowledge';
import { renderEntry, type RenderContext } from '../../../src/core/render/pages';
import { createSanitizer } from '../../../src/core/render/sanitize';
import { realKnowledgeFiles } from '../knowledge/realKnowledge';

const kb = buildKnowledgeBase(realKnowledgeFiles());
const ctx = (lang: 'zh' | 'en'): RenderContext => ({ kb, lang, getRule: () => undefined });
const { window } = new JSDOM('');
const sanitize = createSanitizer(window as unknown as Parameters<typeof createSanitizer>[0]);
const doc = (html: string) => new JSDOM(`<body>${sanitize(html)}</body>`).window.document;
const text = (el: Element | null) => (el?.textContent ?? '').replace(/\s+/g, ' ').trim();

describe('render/pages: editorial notes beside misleading items', () => {
  it('item 4#4 keeps its corpus text and carries the mixed-precision note in English', () => {
    const page = doc(renderEntry(ctx('en'), '4', 4).html);
    const item = page.querySelector('#item-4')!;
    assert.match(text(item.querySelector('.body')), /combining floating-point and integer arithmetic/, 'corpus text as written');
    const note = item.querySelector('.editor-note');
    assert.ok(note, 'the note survives the sanitizer');
    assert.equal(text(note!.querySelector('.editor-note-label')), "Editor's note:");
    assert.match(text(note), /Mixed precision is not integer arithmetic/);
    assert.ok(!item.querySelector('.body')!.contains(note), 'the note is beside the corpus body, not inside it');
  });

  it('shows the note in Chinese on the zh page, and only under noted items', () => {
    const page = doc(renderEntry(ctx('zh'), '4', null).html);
    assert.equal(text(page.querySelector('#item-4 .editor-note-label')), '编者注:');
    assert.match(text(page.querySelector('#item-4 .editor-note')), /混合精度不是整数运算/);
    assert.match(text(page.querySelector('#item-2 .editor-note')), /梯度累积/, '4#2: smaller batches');
    assert.equal(page.querySelector('#item-1 .editor-note'), null, '4#1 has no note');
    assert.equal(page.querySelectorAll('.editor-note').length, 2);
  });
});
