/** Validation on small broken inputs: each problem is reported with the right file and 1-based line. */
import assert from 'node:assert/strict';
import { buildKnowledgeBase, type KnowledgeFile, type ValidationIssue } from '../../../src/core/knowledge';

const zh = (entries: string) => ({ path: 'kb/qa.zh.md', text: entries });
const en = (entries: string) => ({ path: 'kb/qa.en.md', text: entries });

const ZH = `#### 1. 梯度爆炸
**题目：** 如何解决梯度爆炸？

**答案：**

**1. 梯度裁剪（Gradient Clipping）：** 对梯度进行裁剪。

**2. 学习率调度：** 调整学习率。

#### 2. 过拟合
**题目：** 如何处理过拟合？

**答案：**

**1. 正则化：** 使用 L2 正则化。
`;
const EN = `#### 1. Exploding gradients
**Question:** How do you fix exploding gradients?

**Answer:**

**1. Gradient clipping:** Clip the gradients.

**2. Learning rate scheduling:** Adjust the learning rate.

#### 2. Overfitting
**Question:** How do you deal with overfitting?

**Answer:**

**1. Regularization:** Use L2 regularization.
`;
const TAXONOMY = { path: 'kb/taxonomy.md', text: '## stability\n- zh: 稳定性\n- en: Stability\n- entries: 1, 2\n' };
const CARD = `## gradient-clipping
- zh: 梯度裁剪
- en: Gradient clipping
- summary.zh: 限制梯度范数。
- summary.en: Cap the gradient norm.
- keywords: 梯度爆炸, exploding gradients
- apis: torch.nn.utils.clip_grad_norm_
- advice: 1#1

\`\`\`python
torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
\`\`\`
`;
const card = (text: string) => ({ path: 'kb/techniques/t.md', text });

function errors(files: KnowledgeFile[]): ValidationIssue[] {
  return buildKnowledgeBase(files).issues.filter((i) => i.severity === 'error');
}

function expectIssue(issues: ValidationIssue[], file: string, line: number, pattern: RegExp): void {
  const hit = issues.find((i) => i.file === file && i.line === line && pattern.test(i.message));
  assert.ok(hit, `expected ${file}:${line} ${pattern}, got:\n${issues.map((i) => `${i.file}:${i.line}: ${i.message}`).join('\n')}`);
}

describe('knowledge validation', () => {
  it('a clean pair, taxonomy and card produce no issues', () => {
    const kb = buildKnowledgeBase([zh(ZH), en(EN), TAXONOMY, card(CARD)]);
    assert.deepEqual(kb.issues, []);
    assert.equal(kb.entries.length, 2);
    assert.deepEqual(kb.entries[0].items.map((i) => i.term), [{ zh: '梯度裁剪', en: 'Gradient clipping' }, { zh: '学习率调度', en: 'Learning rate scheduling' }]);
    assert.deepEqual(kb.cards[0].advice, ['1#1']);
    assert.equal(kb.cards[0].location.line, 1);
  });

  it('taxonomy keywords are read as a list, and a misspelled key is an error at its line', () => {
    const taxonomy = { path: 'kb/taxonomy.md', text: TAXONOMY.text + '- keywords: loss 变成 nan、训练发散, diverging loss\n' };
    const kb = buildKnowledgeBase([zh(ZH), en(EN), taxonomy]);
    assert.deepEqual(kb.issues, []);
    assert.deepEqual(kb.categories[0].keywords, ['loss 变成 nan', '训练发散', 'diverging loss']);
    assert.equal(buildKnowledgeBase([zh(ZH), en(EN), TAXONOMY]).categories[0].keywords, undefined);
    const typo = { path: 'kb/taxonomy.md', text: TAXONOMY.text + '- keyword: nan\n' };
    expectIssue(errors([zh(ZH), en(EN), typo]), 'kb/taxonomy.md', 5, /unknown key "keyword"/);
  });

  it('an entry heading without a number', () => {
    const broken = ZH.replace('#### 2. 过拟合', '#### 过拟合');
    expectIssue(errors([zh(broken), en(EN), TAXONOMY]), 'kb/qa.zh.md', 10, /entry heading has no number/);
  });

  it('an item without a number', () => {
    const broken = ZH.replace('**2. 学习率调度：**', '**学习率调度：**');
    expectIssue(errors([zh(broken), en(EN), TAXONOMY]), 'kb/qa.zh.md', 8, /has no number/);
  });

  it('a repeated entry number', () => {
    const broken = ZH.replace('#### 2. 过拟合', '#### 1. 过拟合');
    expectIssue(errors([zh(broken), TAXONOMY]), 'kb/qa.zh.md', 10, /entry 1 is repeated \(first at line 1\)/);
  });

  it('a repeated item number', () => {
    const broken = ZH.replace('**2. 学习率调度：**', '**1. 学习率调度：**');
    expectIssue(errors([zh(broken), TAXONOMY]), 'kb/qa.zh.md', 8, /item 1 of entry 1 is repeated/);
  });

  it('a missing (skipped) item number and out-of-order entries', () => {
    const skipped = ZH.replace('**2. 学习率调度：**', '**3. 学习率调度：**');
    expectIssue(errors([zh(skipped), TAXONOMY]), 'kb/qa.zh.md', 8, /item 2 of entry 1 is missing/);
    const swapped = ZH.replace('#### 1. 梯度爆炸', '#### 3. 梯度爆炸');
    expectIssue(errors([zh(swapped), TAXONOMY]), 'kb/qa.zh.md', 10, /entry 2 is out of order/);
  });

  it('zh/en mismatch: different item numbers in an entry, and a missing entry', () => {
    const fewerItems = EN.replace('\n**2. Learning rate scheduling:** Adjust the learning rate.\n', '');
    expectIssue(errors([zh(ZH), en(fewerItems), TAXONOMY]), 'kb/qa.en.md', 1, /zh\/en mismatch: entry 1 has items \[1,2\] .* but \[1\]/);
    const oneEntry = EN.slice(0, EN.indexOf('#### 2.'));
    const issues = errors([zh(ZH), en(oneEntry), TAXONOMY]);
    expectIssue(issues, 'kb/qa.zh.md', 10, /entry 2 has no English counterpart/);
    expectIssue(issues, 'kb/qa.en.md', 1, /2 entries, .* has 1/);
  });

  it('a card pointing to an item or entry that does not exist', () => {
    const issues = errors([zh(ZH), en(EN), TAXONOMY, card(CARD.replace('- advice: 1#1', '- advice: 1#9, 7, 1#1'))]);
    expectIssue(issues, 'kb/techniques/t.md', 8, /"1#9" points to item 9 of entry 1, which does not exist/);
    expectIssue(issues, 'kb/techniques/t.md', 8, /"7" points to entry 7, which does not exist/);
  });

  it('unknown and missing card keys', () => {
    const issues = errors([zh(ZH), en(EN), TAXONOMY, card(CARD.replace('- keywords:', '- keyword:'))]);
    expectIssue(issues, 'kb/techniques/t.md', 6, /unknown key "keyword"/);
    expectIssue(issues, 'kb/techniques/t.md', 1, /missing key "keywords"/);
  });

  it('a taxonomy reference to a missing entry, and an uncategorized entry', () => {
    const taxonomy = { path: 'kb/taxonomy.md', text: '## stability\n- zh: 稳定性\n- en: Stability\n- entries: 1, 5\n' };
    const issues = errors([zh(ZH), en(EN), taxonomy]);
    expectIssue(issues, 'kb/taxonomy.md', 4, /points to entry 5, which does not exist/);
    expectIssue(issues, 'kb/qa.zh.md', 10, /entry 2 is in no category/);
  });

  it('a broken file contributes issues while the others still load; garbage never throws', () => {
    const kb = buildKnowledgeBase([zh(ZH), en(EN), TAXONOMY, card('## Not An Id\n- what\n\u0000\u0001 ``` \n####'), { path: 'kb/junk.zh.md', text: '\u0000**1.** ####' }]);
    assert.equal(kb.entries.length, 2);
    assert.ok(kb.issues.some((i) => i.file === 'kb/techniques/t.md'));
    assert.doesNotThrow(() => buildKnowledgeBase([{ path: 'a.zh.md', text: '#### 1. x\n**答案：**\n**1' }]));
  });

  it('a pack: keys are prefixed, bare refs point into the pack, builtin: refs into the base', () => {
    const base = buildKnowledgeBase([zh(ZH), en(EN), TAXONOMY]);
    const packCard = CARD.replace('- advice: 1#1', '- advice: 2#1, builtin:1#2');
    const kb = buildKnowledgeBase([zh(ZH), en(EN), card(packCard)], { packId: 'team', base });
    assert.deepEqual(kb.entries.map((e) => e.key), ['1', '2', 'team:1', 'team:2']);
    assert.deepEqual(kb.cards[0].advice, ['team:2#1', '1#2']);
    assert.deepEqual(kb.issues.filter((i) => i.severity === 'error'), []);
  });
});
