import assert from 'node:assert/strict';
import {
  buildKnowledgeBase,
  cardsForApi,
  cardsForRef,
  parseAdviceRef,
  resolveAdviceRef,
  similarEntryPairs,
  VARIANT_THRESHOLD,
} from '../../../src/core/knowledge';
import { realKnowledgeFiles } from './realKnowledge';

describe('advice references', () => {
  const kb = buildKnowledgeBase(realKnowledgeFiles());

  it('parses entry#item, entry, pack and builtin refs', () => {
    assert.deepEqual(parseAdviceRef('9#5'), { entryKey: '9', item: 5 });
    assert.deepEqual(parseAdviceRef('9'), { entryKey: '9', item: null });
    assert.deepEqual(parseAdviceRef('team:3#2'), { entryKey: 'team:3', item: 2 });
    assert.deepEqual(parseAdviceRef('3#2', 'team'), { entryKey: 'team:3', item: 2 });
    assert.deepEqual(parseAdviceRef('builtin:9#5', 'team'), { entryKey: '9', item: 5 });
    assert.equal(parseAdviceRef('9#'), null);
    assert.equal(parseAdviceRef('nine'), null);
  });

  it('resolves refs to entries and items, null when absent', () => {
    const r = resolveAdviceRef(kb, '9#5');
    assert.equal(r?.entry.key, '9');
    assert.equal(r?.item?.term.zh, '梯度裁剪');
    assert.equal(resolveAdviceRef(kb, '9')?.item, null);
    assert.equal(resolveAdviceRef(kb, '9#99'), null);
    assert.equal(resolveAdviceRef(kb, '99'), null);
  });

  it('finds cards by exact API and by module.* prefix', () => {
    assert.ok(cardsForApi(kb, 'torch.nn.utils.clip_grad_norm_').some((c) => c.advice.includes('9#5')));
    assert.deepEqual(cardsForApi(kb, 'torch.nn.utils.clip_grad_norm'), [], 'no partial-name match');
    const moduleCard = kb.cards.find((c) => c.apis.some((a) => a.endsWith('.*')));
    assert.ok(moduleCard, 'some card uses a module.* pattern');
    const pattern = moduleCard.apis.find((a) => a.endsWith('.*'))!;
    assert.ok(cardsForApi(kb, pattern.replace('*', 'SomeMember')).includes(moduleCard));
  });

  it('finds the cards that cite an item or an entry', () => {
    assert.ok(cardsForRef(kb, '9#5').some((c) => c.apis.includes('torch.nn.utils.clip_grad_norm_')));
    assert.ok(cardsForRef(kb, '9').length >= cardsForRef(kb, '9#5').length);
  });
});

describe('near-duplicate variants (content similarity)', () => {
  const kb = buildKnowledgeBase(realKnowledgeFiles());
  const entry = (key: string) => kb.entries.find((e) => e.key === key)!;

  it('groups the repeated answers 22/30 and 10/19/25 with the lowest number as canonical', () => {
    assert.deepEqual(entry('30').variants, ['22']);
    assert.equal(entry('30').canonical, '22');
    assert.deepEqual([...entry('10').variants].sort(), ['19', '25']);
    assert.equal(entry('25').canonical, '10');
    assert.equal(entry('19').canonical, '10');
  });

  it('keeps 8 (vanishing) and 9 (exploding) apart although they share a template', () => {
    assert.deepEqual(entry('8').variants, []);
    assert.deepEqual(entry('9').variants, []);
    const pair = similarEntryPairs(kb.entries).find((p) => (p.a === '8' && p.b === '9') || (p.a === '9' && p.b === '8'));
    assert.ok(pair && pair.similarity < VARIANT_THRESHOLD && pair.similarity > 0.3, `8/9 similarity ${pair?.similarity}`);
  });

  it('leaves distinct entries alone (most entries have no variants)', () => {
    const withVariants = kb.entries.filter((e) => e.variants.length > 0).map((e) => e.key);
    assert.ok(withVariants.length <= 9, `too many grouped: ${withVariants.join(',')}`);
    assert.deepEqual(entry('1').variants, []);
  });

  it('detects an inserted copy in a synthetic corpus, not a different entry', () => {
    const body = (n: number, title: string, items: string[]) =>
      `#### ${n}. ${title}\n\n**题目：** ${title}\n\n**答案：**\n\n` + items.map((t, i) => `**${i + 1}. ${t}：** ${t}的具体做法和注意事项。`).join('\n\n') + '\n\n';
    const text =
      body(1, '如何加速训练', ['数据并行', '混合精度', '梯度累积']) +
      body(2, '如何防止过拟合', ['正则化', '早停', '数据增强']) +
      body(3, '怎样让训练更快', ['数据并行', '混合精度', '梯度累积']) +
      body(4, '如何评估模型', ['准确率', '召回率', '交叉验证']);
    const synth = buildKnowledgeBase([{ path: 's.zh.md', text }]);
    const e = (k: string) => synth.entries.find((x) => x.key === k)!;
    assert.deepEqual(e('3').variants, ['1']);
    assert.equal(e('3').canonical, '1');
    assert.deepEqual(e('2').variants, []);
    assert.deepEqual(e('4').variants, []);
  });
});
