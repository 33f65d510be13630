/**
 * Relevance table on the real knowledge base: for each query, one of the expected entries must be in the
 * top 3 results (after variant collapsing). Expected entries come from reading the corpus, not from runs.
 */
import assert from 'node:assert/strict';
import { buildKnowledgeBase } from '../../../src/core/knowledge';
import { KnowledgeSearch } from '../../../src/core/search';
import { realKnowledgeFiles } from '../knowledge/realKnowledge';

const DISTRIBUTED = [10, 19, 25, 27];
const MEMORY = [29, 16, 21];
const SPEED = [4, 22, 30];
const LR = [2, 8, 9, 24];
const COMPRESSION = [5, 7, 16, 21];
const MIXED = [4, 7, 16, 21, 22, 28, 30];

/** [query, acceptable entries, kind of query] */
const TABLE: Array<[string, number[], string]> = [
  ['梯度爆炸', [9], 'zh'],
  ['exploding gradients', [9], 'en'],
  ['梯度消失', [8], 'zh'],
  ['vanishing gradients', [8], 'en'],
  ['过拟合', [3], 'zh'],
  ['overfitting', [3], 'en'],
  ['overfiting', [3], 'typo'],
  ['out of memory', MEMORY, 'en'],
  ['显存不足', MEMORY, 'synonym (card keyword, not in the corpus)'],
  ['OOM', MEMORY, 'synonym'],
  ['CUDA out of memory', MEMORY, 'synonym'],
  ['multi-GPU training', DISTRIBUTED, 'en'],
  ['多卡训练', DISTRIBUTED, 'synonym'],
  ['分布式训练', DISTRIBUTED, 'zh'],
  ['DDP', DISTRIBUTED, 'synonym'],
  ['class imbalance', [13], 'en'],
  ['类别不平衡', [13], 'zh'],
  ['SMOTE', [13], 'en'],
  ['clip_grad_norm_', [9, 8], 'pytorch id'],
  ['torch.nn.utils.clip_grad_norm_', [9, 8], 'pytorch id'],
  ['GradScaler', [8, 9, 28, ...MIXED], 'pytorch id'],
  ['DistributedDataParallel', DISTRIBUTED, 'pytorch id'],
  ['torch.optim.lr_scheduler', LR, 'pytorch id'],
  ['gradiant clipping', [9, 8], 'typo'],
  ['梯度裁剪', [9, 8], 'zh'],
  ['学习率调度', LR, 'zh'],
  ['learning rate warmup', LR, 'synonym'],
  ['early stopping', [2, 3, 24], 'en'],
  ['早停', [2, 3, 24], 'zh'],
  ['mixed precision', MIXED, 'en'],
  ['混合精度', MIXED, 'zh'],
  ['NCCL', DISTRIBUTED, 'en'],
  ['数据增强', [2, 3, 18, 20, 23, 24], 'zh'],
  ['evaluation metrics', [1], 'en'],
  ['k-fold cross validation', [11, 3], 'en'],
  ['TensorBoard', [17], 'en'],
  ['loss 变成 nan', [9, 8, 28], 'synonym'],
  ['data leakage', [26], 'en (stemming: leaks)'],
  ['数据泄露', [26], 'zh'],
  ['稀疏数据', [12], 'zh'],
  ['outliers', [15], 'en'],
  ['多模态', [14], 'zh'],
  ['内存池', [29], 'zh'],
  ['量化', COMPRESSION, 'zh'],
  ['knowledge distillation', COMPRESSION, 'en'],
  ['hyperparameter tuning', [2], 'en'],
  ['speed up training', SPEED, 'en'],
  ['训练太慢', SPEED, 'synonym'],
  ['not enough training data', [18], 'en'],
  ['batch normalization', [8, 9], 'en'],
  ['weight decay', [2, 3, 24], 'en'],
  ['dropout', [2, 3], 'en'],
];

describe('search relevance (real knowledge base)', () => {
  const kb = buildKnowledgeBase(realKnowledgeFiles());
  const search = KnowledgeSearch.build(kb);

  it(`the table has at least 25 queries of every kind (${TABLE.length})`, () => {
    assert.ok(TABLE.length >= 25);
    for (const kind of ['zh', 'en', 'synonym', 'pytorch id', 'typo']) assert.ok(TABLE.some(([, , k]) => k.startsWith(kind)), kind);
  });

  for (const [query, expected, kind] of TABLE) {
    it(`"${query}" (${kind}) → entry ${expected.join('/')} in the top 3`, () => {
      const top = search.search(query, { limit: 3 });
      assert.ok(
        top.some((r) => expected.includes(r.entry)),
        `top 3: ${top.map((r) => `${r.kind}:${r.ref}`).join(', ') || '(none)'}`,
      );
    });
  }

  it('梯度爆炸 ranks entry 9 first with item 5 among the top results', () => {
    const results = search.search('梯度爆炸', { limit: 5 });
    assert.equal(results[0].entry, 9);
    assert.ok(results.some((r) => r.entry === 9 && r.item === 5 && r.kind === 'item'), results.map((r) => r.ref).join(','));
  });

  it('clip_grad_norm_ and GradScaler find the advice their cards cite', () => {
    for (const [query, refs] of [['clip_grad_norm_', ['9#5', '8#5']], ['GradScaler', ['8#6', '9#6', '28#2']]] as const) {
      const results = search.search(query, { limit: 5 });
      assert.ok(results.some((r) => r.kind === 'item' && (refs as readonly string[]).includes(r.ref)), `${query}: ${results.map((r) => r.ref).join(',')}`);
    }
  });

  it('collapses near-duplicate entries into one result with variants', () => {
    const results = search.search('数据并行', { limit: 10 });
    const parallel = results.filter((r) => r.kind === 'item' && [10, 19, 25].includes(r.entry) && r.item === 1);
    assert.equal(parallel.length, 1, results.map((r) => r.ref).join(','));
    assert.equal(parallel[0].variants.length, 2);
    const refs = results.map((r) => r.ref);
    assert.equal(new Set(refs.filter((r) => r.startsWith('22#') || r.startsWith('30#')).map((r) => r.split('#')[1])).size,
      refs.filter((r) => r.startsWith('22#') || r.startsWith('30#')).length, 'no item shown twice through 22/30');
  });

  it('gives snippets with [[matches]] in the requested language and titles in both', () => {
    const zh = search.search('梯度裁剪', { limit: 1, lang: 'zh' })[0];
    assert.match(zh.snippet, /\[\[梯度裁剪\]\]/);
    const en = search.search('gradient clipping', { limit: 3, lang: 'en' }).find((r) => r.kind === 'item')!;
    assert.match(en.snippet, /\[\[Gradient\]\] \[\[clipping\]\]/i);
    assert.ok(en.title.zh && en.title.en);
    assert.ok(en.terms.length > 0);
  });

  it('respects the limit and returns nothing for an empty query', () => {
    assert.equal(search.search('训练', { limit: 4 }).length, 4);
    assert.deepEqual(search.search('   '), []);
    assert.deepEqual(search.search('zzzzqqqq'), []);
  });

  it('toJSON → loadJSON gives the same results', () => {
    const loaded = KnowledgeSearch.loadJSON(JSON.stringify(search.toJSON()), kb);
    for (const q of ['梯度爆炸', 'overfiting', 'GradScaler', 'multi-GPU training']) {
      assert.deepEqual(loaded.search(q, { limit: 8 }), search.search(q, { limit: 8 }), q);
    }
  });

  it('an index of another format version is rebuilt, not misread', () => {
    const stale = { ...search.toJSON(), format: -1 };
    assert.deepEqual(KnowledgeSearch.loadJSON(stale, kb).search('梯度爆炸', { limit: 3 }), search.search('梯度爆炸', { limit: 3 }));
  });
});
