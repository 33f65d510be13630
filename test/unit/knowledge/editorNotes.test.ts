/**
 * Editorial notes (card keys `notes:` / `note.zh:` / `note.en:`): parsing, validation with file:line, the resolver,
 * and the real cards' notes on the misleading corpus items, whose text must stay exactly as the original.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { buildKnowledgeBase, notesForRef, noteText, resolveAdviceRef, type KnowledgeFile } from '../../../src/core/knowledge';
import { readCorpus, realKnowledgeFiles } from './realKnowledge';

const ZH = `#### 1. 梯度
**题目：** 如何处理梯度？

**答案：**

**1. 梯度裁剪（Gradient Clipping）：** 防止梯度过小或过大。

**2. 动量（Momentum）：** 防止梯度消失。
`;
const EN = `#### 1. Gradients
**Question:** How do you handle gradients?

**Answer:**

**1. Gradient clipping:** Keep gradients from becoming too small or too large.

**2. Momentum:** Prevent vanishing gradients.
`;

const cardFile = (keys: string, id = 'clipping'): KnowledgeFile => ({
  path: 'kb/techniques/t.md',
  text: `## ${id}\n- zh: 裁剪\n- en: Clipping\n- summary.zh: 摘要\n- summary.en: Summary\n- keywords: clip\n- advice: 1#1\n${keys}\n\`\`\`python\nx = 1\n\`\`\`\n`,
});
const other: KnowledgeFile = {
  path: 'kb/techniques/other.md',
  text: '## momentum\n- zh: 动量\n- en: Momentum\n- summary.zh: 摘要\n- summary.en: Summary\n- keywords: momentum\n- advice: 1#2\n- notes: 1#2\n- note.zh: 动量不能防止梯度消失。\n- note.en: Momentum does not prevent vanishing gradients.\n\n```python\nx = 1\n```\n',
};
const build = (...cards: KnowledgeFile[]) =>
  buildKnowledgeBase([{ path: 'kb/qa.zh.md', text: ZH }, { path: 'kb/qa.en.md', text: EN }, ...cards]);
const errors = (kb: ReturnType<typeof build>) => kb.issues.filter((i) => i.severity === 'error');

describe('knowledge: editorial notes on corpus items', () => {
  it('parses notes/note.zh/note.en into the card and resolves them per item', () => {
    const kb = build(cardFile('- notes: 1#1\n- note.zh: 裁剪只限制过大的梯度。\n- note.en: Clipping only caps large gradients.'), other);
    assert.deepEqual(errors(kb), []);
    assert.deepEqual(kb.cards.find((c) => c.id === 'clipping')!.note, { refs: ['1#1'], text: { zh: '裁剪只限制过大的梯度。', en: 'Clipping only caps large gradients.' } });
    assert.deepEqual(notesForRef(kb, '1#1'), [{ card: 'clipping', text: { zh: '裁剪只限制过大的梯度。', en: 'Clipping only caps large gradients.' } }]);
    assert.equal(noteText(kb, '1#2', 'en'), 'Momentum does not prevent vanishing gradients.');
    assert.equal(noteText(kb, '1#2', 'zh'), '动量不能防止梯度消失。');
    assert.deepEqual(notesForRef(kb, '1'), [], 'a whole entry has no note');
    assert.deepEqual(notesForRef(kb, '2#1'), [], 'an unknown item has no note');
    assert.equal(kb.cards.find((c) => c.id === 'momentum')!.note!.refs[0], '1#2');
  });

  it('a card without notes has no note field', () => {
    const kb = build(cardFile(''));
    assert.equal(kb.cards[0].note, undefined);
    assert.equal(noteText(kb, '1#1', 'en'), null);
  });

  const broken: Array<[string, string, number, RegExp]> = [
    ['a missing language', '- notes: 1#1\n- note.en: Only English.', 8, /needs its text in both languages: missing "note\.zh"/],
    ['text without refs', '- note.zh: 只有文字。\n- note.en: Only text.', 8, /needs "notes:" listing the items/],
    ['an item that does not exist', '- notes: 1#9\n- note.zh: 文字。\n- note.en: Text.', 8, /notes: reference "1#9" points to item 9 of entry 1, which does not exist/],
    ['a whole entry', '- notes: 1\n- note.zh: 文字。\n- note.en: Text.', 8, /notes: "1" is a whole entry; a note is about items/],
    ['a malformed ref', '- notes: one#two\n- note.zh: 文字。\n- note.en: Text.', 8, /malformed reference "one#two"/],
  ];
  for (const [what, keys, line, message] of broken) {
    it(`reports ${what} at the card's file and line, and keeps every card`, () => {
      const kb = build(cardFile(keys), other);
      const errs = errors(kb);
      assert.equal(errs.length, 1, JSON.stringify(errs));
      assert.equal(errs[0].file, 'kb/techniques/t.md');
      assert.equal(errs[0].line, line);
      assert.match(errs[0].message, /card "clipping"/);
      assert.match(errs[0].message, message);
      assert.deepEqual(kb.cards.map((c) => c.id), ['clipping', 'momentum'], 'the broken note takes no card down');
      assert.equal(kb.cards[0].note, undefined);
      assert.equal(noteText(kb, '1#2', 'en'), 'Momentum does not prevent vanishing gradients.', 'other cards keep their notes');
    });
  }

  it('keeps the good refs of a note when one ref is bad', () => {
    const kb = build(cardFile('- notes: 1#1, 1#7\n- note.zh: 文字。\n- note.en: Text.'));
    assert.equal(errors(kb).length, 1);
    assert.deepEqual(kb.cards[0].note!.refs, ['1#1']);
  });

  it('a pack note resolves its refs in the pack (bare) and in the built-in corpus (builtin:)', () => {
    const base = build();
    const pack = buildKnowledgeBase([
      { path: 'team/qa.zh.md', text: ZH }, { path: 'team/qa.en.md', text: EN },
      { path: 'team/techniques/t.md', text: cardFile('- notes: 1#2, builtin:1#1\n- note.zh: 团队注。\n- note.en: Team note.', 'team-card').text },
    ], { packId: 'team', base });
    assert.deepEqual(errors(pack), []);
    assert.equal(noteText(pack, 'team:1#2', 'en'), 'Team note.');
    assert.equal(noteText(pack, '1#1', 'en'), 'Team note.');
    assert.equal(noteText(pack, '1#2', 'en'), null);
  });
});

/** Every misleading item of docs/advice-table.md "Misleading items", the card that notes it, and its corpus text. */
const MISLEADING: Array<[string, string, string]> = [
  ['4#4', 'mixed-precision', 'Use mixed precision training, combining floating-point and integer arithmetic, to speed up computation.'],
  ['22#3', 'mixed-precision', 'Use mixed precision training, combining floating-point and integer arithmetic, to improve compute performance.'],
  ['30#3', 'mixed-precision', 'Use mixed precision training, combining floating-point and integer arithmetic, to improve compute performance.'],
  ['16#2', 'mixed-precision', 'Use mixed precision training and inference, combining floating-point and integer arithmetic, to improve compute performance.'],
  ['21#2', 'mixed-precision', 'Use mixed precision training and inference, combining floating-point and integer arithmetic, to improve compute performance.'],
  ['7#3', 'mixed-precision', 'Use mixed precision inference, combining floating-point and integer arithmetic, to speed up inference.'],
  ['28#1', 'mixed-precision', 'Use mixed precision training, combining floating-point and integer arithmetic, to improve numerical precision.'],
  ['8#5', 'gradient-clipping', 'Clip the gradients to keep them from becoming too small or too large.'],
  ['24#1', 'sgd-momentum', 'Use momentum to prevent vanishing gradients.'],
  ['4#2', 'batch-size', 'Train with a smaller batch size to reduce memory consumption.'],
  ['22#4', 'batch-size', 'Train with a smaller batch size to reduce memory consumption.'],
  ['30#4', 'batch-size', 'Train with a smaller batch size to reduce memory consumption.'],
  ['28#3', 'optimizer-choice', 'Use gradient-based optimization algorithms, such as Adam, Adadelta or RMSProp, to improve numerical precision.'],
  ['28#4', 'numerical-stability', 'Use dense computation, such as tensor multiplication and matrix multiplication, to improve numerical precision.'],
];

/** sha256 of /work/shared/corpus/large-model-training-qa.zh.md, the original the zh corpus must equal byte for byte. */
const ORIGINAL_ZH_SHA256 = '772b6a42d3002fe110c0307ae5b7111811105290f88e0c56656fddc1e7df1210';
const SHARED_ZH = '/work/shared/corpus/large-model-training-qa.zh.md';

describe('knowledge: the real cards note every misleading item, and the corpus stays as written', () => {
  const kb = buildKnowledgeBase(realKnowledgeFiles());

  it('the card notes build without issues', () => {
    const noteIssues = kb.issues.filter((i) => /techniques\//.test(i.file) && /note/.test(i.message));
    assert.deepEqual(noteIssues, []);
  });

  for (const [ref, cardId, en] of MISLEADING) {
    it(`${ref}: a short note from "${cardId}" in both languages; the corpus item is unchanged`, () => {
      const notes = notesForRef(kb, ref);
      assert.deepEqual(notes.map((n) => n.card), [cardId]);
      const { zh, en: noteEn } = notes[0].text;
      assert.ok(/[\u4e00-\u9fff]/.test(zh) && noteEn.length > 20, 'both languages written');
      assert.ok(noteEn.length <= 260 && zh.length <= 120, 'short');
      const item = resolveAdviceRef(kb, ref)!.item!;
      assert.equal(item.body.en, en, 'the English edition of the item is unchanged');
    });
  }

  it('the zh corpus is byte-identical to the shared original', () => {
    const bytes = fs.readFileSync(require.resolve('../../../knowledge/large-model-training-qa.zh.md'));
    assert.equal(createHash('sha256').update(bytes).digest('hex'), ORIGINAL_ZH_SHA256);
    if (fs.existsSync(SHARED_ZH)) assert.ok(bytes.equals(fs.readFileSync(SHARED_ZH)), `differs from ${SHARED_ZH}`);
    assert.equal(readCorpus('zh'), bytes.toString('utf8'));
  });

  it('the zh text of every noted item is the one in the original', () => {
    const original = buildKnowledgeBase([{ path: 'orig/large-model-training-qa.zh.md', text: readCorpus('zh') }]);
    for (const [ref] of MISLEADING) {
      const mine = resolveAdviceRef(kb, ref)!.item!;
      const theirs = resolveAdviceRef(original, ref)!.item!;
      assert.equal(mine.body.zh, theirs.body.zh, ref);
      assert.equal(mine.term.zh, theirs.term.zh, ref);
    }
  });
});
