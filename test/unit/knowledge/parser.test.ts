/**
 * The parser on the real corpus: expected counts are computed here from the raw text with a line scan
 * (independent of marked), then compared with what the lexer-based parser found.
 */
import assert from 'node:assert/strict';
import { buildKnowledgeBase } from '../../../src/core/knowledge';
import { parseQaFile, splitTerm } from '../../../src/core/knowledge/parseQa';
import { readCorpus, realKnowledgeFiles } from './realKnowledge';

/** entry number → item numbers, by scanning lines (`#### N.` and `**N.` at line start). */
function scanStructure(text: string): Map<number, number[]> {
  const out = new Map<number, number[]>();
  let current: number[] | null = null;
  for (const line of text.split('\n')) {
    const heading = /^####\s+(\d+)\./.exec(line);
    if (heading) {
      current = [];
      out.set(Number(heading[1]), current);
      continue;
    }
    const item = /^\*\*(\d+)\./.exec(line);
    if (item && current) current.push(Number(item[1]));
  }
  return out;
}

describe('knowledge parser on the real corpus', () => {
  const kb = buildKnowledgeBase(realKnowledgeFiles());

  it('loads the real knowledge folder without errors', () => {
    const errors = kb.issues.filter((i) => i.severity === 'error');
    assert.deepEqual(errors, []);
  });

  for (const lang of ['zh', 'en'] as const) {
    it(`finds all entries and the source's item count per entry (${lang})`, () => {
      const raw = readCorpus(lang);
      const expected = scanStructure(raw);
      assert.equal(expected.size, 30, 'the line scan itself must see 30 entries');
      const parsed = parseQaFile(`x.${lang}.md`, raw, lang, 'x');
      assert.deepEqual(parsed.issues, []);
      assert.deepEqual(parsed.entries.map((e) => e.number), [...expected.keys()]);
      for (const e of parsed.entries) {
        assert.deepEqual(e.items.map((i) => i.number), expected.get(e.number), `items of entry ${e.number}`);
      }
    });
  }

  it('has identical zh/en structure (every entry and item in both languages)', () => {
    assert.equal(kb.entries.length, 30);
    for (const e of kb.entries) {
      assert.ok(e.title.zh && e.title.en, `entry ${e.key} title in both languages`);
      assert.ok(e.question.zh && e.question.en, `entry ${e.key} question in both languages`);
      for (const it of e.items) {
        assert.ok(it.term.zh && it.term.en && it.body.zh && it.body.en, `item ${e.key}#${it.number} in both languages`);
        assert.ok(it.location.zh && it.location.en);
      }
    }
  });

  it('parses entry 9 item 5 exactly (term, English term, body, lines)', () => {
    const e9 = kb.entries.find((e) => e.key === '9')!;
    assert.equal(e9.title.zh, '如何处理大模型训练中的梯度爆炸问题？');
    assert.equal(e9.question.zh, '在训练AI大模型时，如何解决梯度爆炸问题？');
    const item = e9.items.find((i) => i.number === 5)!;
    assert.equal(item.term.zh, '梯度裁剪');
    assert.equal(item.englishTerm, 'Gradient Clipping');
    assert.equal(item.body.zh, '对梯度进行裁剪，防止梯度过大。');
    const zhLines = readCorpus('zh').split('\n');
    assert.ok(zhLines[item.location.zh!.line - 1].startsWith('**5. 梯度裁剪'), 'item line points at the item');
    assert.ok(zhLines[e9.location.zh!.line - 1].startsWith('#### 9.'), 'entry line points at the heading');
  });

  it('skips the leading whitespace line of the zh corpus (entry 1 starts on line 3)', () => {
    const e1 = kb.entries.find((e) => e.key === '1')!;
    assert.equal(e1.location.zh!.line, 3);
  });

  it('extracts display formulas without delimiters', () => {
    const item = kb.entries.find((e) => e.key === '1')!.items.find((i) => i.number === 2)!;
    assert.equal(item.formulas.length, 2);
    assert.ok(item.formulas[0].startsWith('\\text{Precision}'));
    assert.ok(!item.formulas[0].includes('\\['));
  });

  it('splits bold terms with full-width or ASCII parentheses', () => {
    assert.deepEqual(splitTerm('梯度裁剪（Gradient Clipping）：', 'zh'), { term: '梯度裁剪', englishTerm: 'Gradient Clipping' });
    assert.deepEqual(splitTerm('梯度裁剪 (Gradient Clipping):', 'zh'), { term: '梯度裁剪', englishTerm: 'Gradient Clipping' });
    assert.deepEqual(splitTerm('精确率（Precision）和召回率（Recall）：', 'zh'), { term: '精确率和召回率', englishTerm: 'Precision / Recall' });
    assert.deepEqual(splitTerm('增加数据量：', 'zh'), { term: '增加数据量', englishTerm: null });
    assert.deepEqual(splitTerm('Expectation maximization (EM):', 'en'), { term: 'Expectation maximization (EM)', englishTerm: null });
  });

  it('loads the taxonomy and the technique cards with every entry categorized', () => {
    assert.ok(kb.categories.length >= 5);
    assert.ok(kb.cards.length >= 10);
    for (const e of kb.entries) assert.ok(e.categories.length > 0, `entry ${e.key} has a category`);
    const clipping = kb.cards.find((c) => c.apis.includes('torch.nn.utils.clip_grad_norm_'));
    assert.ok(clipping, 'a card names clip_grad_norm_');
    assert.ok(clipping.advice.includes('9#5'));
    assert.ok(clipping.snippet.includes('clip_grad_norm_'));
  });

  it('parses items written without a blank line between them', () => {
    const text = '#### 1. T\n\n**题目：** Q\n\n**答案：**\n\n**1. 甲：** a\n**2. 乙：** b\n';
    const parsed = parseQaFile('t.zh.md', text, 'zh', 't');
    assert.deepEqual(parsed.issues, []);
    assert.deepEqual(parsed.entries[0].items.map((i) => [i.number, i.term, i.body, i.line]), [[1, '甲', 'a', 7], [2, '乙', 'b', 8]]);
  });
});
