// The Topics tree's content (src/extension/sidebar/topicRows.ts): categories → entries → "also asked as".
import assert from 'node:assert/strict';
import type { KnowledgeBase } from '../../../src/core/knowledge/types';
import { topicCategories, topicChildren, topicEntries, UNCATEGORIZED_ID } from '../../../src/extension/sidebar/topicRows';
import { fixtureKb } from '../render/fixture';

describe('extension: Topics tree content', () => {
  it('lists the categories in taxonomy order with names and counts in each language', () => {
    const en = topicCategories(fixtureKb(), 'en');
    assert.deepEqual(en.map((c) => [c.id, c.label, c.description]), [['evaluation', 'Evaluation', '1 question'], ['stability', 'Training stability', '2 questions']]);
    assert.match(en[0].tooltip, /Measuring models/);
    const zh = topicCategories(fixtureKb(), 'zh');
    assert.deepEqual(zh.map((c) => [c.label, c.description]), [['评估', '1 个问题'], ['训练稳定性', '2 个问题']]);
    assert.equal(zh[1].ariaLabel, '训练稳定性, 2 个问题');
  });

  it('folds a near-duplicate under the first entry of its group as "also asked as"', () => {
    const rows = topicEntries(fixtureKb(), 'stability', 'en');
    assert.deepEqual(rows.map((r) => r.key), ['9'], 'entry 12 is not a row of its own');
    assert.equal(rows[0].label, '9. How do you handle exploding gradients?');
    assert.equal(rows[0].description, 'Also asked as 12');
    assert.deepEqual(rows[0].variants.map((v) => [v.key, v.label, v.isVariant, v.description]), [['12', '12. What to do about exploding gradients?', true, 'Also asked as']]);
    assert.equal(rows[0].tooltip, 'How do you handle exploding gradients?', 'the tooltip is the question');
    const zh = topicEntries(fixtureKb(), 'stability', 'zh');
    assert.equal(zh[0].label, '9. 如何处理大模型训练中的梯度爆炸问题？');
    assert.equal(zh[0].description, '也被问作 12');
    assert.equal(zh[0].tooltip, '**题目：** 如何处理大模型训练中的梯度爆炸问题？');
  });

  it('shows a variant filed under another category as a child too, so every phrasing is reachable', () => {
    const kb = fixtureKb();
    kb.categories[1].entries = ['9'];
    kb.categories[0].entries = ['1', '12'];
    const stability = topicEntries(kb, 'stability', 'en');
    assert.deepEqual(stability[0].variants.map((v) => v.key), ['12']);
    const evaluation = topicEntries(kb, 'evaluation', 'en');
    assert.deepEqual(evaluation.map((r) => [r.key, r.variants.map((v) => v.key)]), [['1', []], ['12', ['9']]]);
  });

  it('walks the tree with topicChildren and ends at the variants', () => {
    const kb = fixtureKb();
    const [evaluation, stability] = topicChildren(kb, 'en');
    assert.equal(evaluation.kind, 'category');
    const entries = topicChildren(kb, 'en', stability);
    assert.deepEqual(entries.map((e) => e.kind === 'entry' && e.key), ['9']);
    const variants = topicChildren(kb, 'en', entries[0]);
    assert.deepEqual(variants.map((v) => v.kind === 'entry' && v.key), ['12']);
    assert.deepEqual(topicChildren(kb, 'en', variants[0]), []);
  });

  it('groups entries no category lists under "Other", and hides categories without known entries', () => {
    const kb: KnowledgeBase = fixtureKb();
    kb.categories[0].entries = ['nope'];
    kb.categories[1].entries = ['9', '12'];
    const cats = topicCategories(kb, 'en');
    assert.deepEqual(cats.map((c) => [c.id, c.label, c.count]), [['stability', 'Training stability', 2], [UNCATEGORIZED_ID, 'Other', 1]]);
    assert.deepEqual(topicEntries(kb, UNCATEGORIZED_ID, 'zh').map((e) => e.key), ['1']);
    assert.equal(topicCategories(kb, 'zh')[1].label, '其他');
    assert.deepEqual(topicEntries(kb, 'no-such-category', 'en'), []);
  });

  it('falls back to the other language when a pack left one side empty', () => {
    const kb = fixtureKb();
    kb.entries[0].title = { zh: '只有中文', en: '' };
    assert.equal(topicEntries(kb, 'evaluation', 'en')[0].label, '1. 只有中文');
  });
});
