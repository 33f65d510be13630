// docs/advice-table.md is the reviewed record of what each rule quotes (#16 part 3). A rule whose advice cites an
// item the table does not list for it — an unreviewed quote — fails here, as does a table citing items or cards the
// knowledge base does not have.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { marked, type Tokens } from 'marked';
import { buildKnowledgeBase, resolveAdviceRef } from '../../../src/core/knowledge';
import { rules } from '../../../src/core/analysis/registry';
import { realKnowledgeFiles } from './realKnowledge';

interface Row { rule: string; cites: string[]; cards: string[]; corpusGap?: boolean }

const TABLE = path.resolve(__dirname, '../../../docs/advice-table.md');

/** Rows of every table whose header starts with `Rule | Cites`, keyed by the rule id in backticks. */
export function adviceTableRows(markdown: string): Row[] {
  const rows: Row[] = [];
  for (const token of marked.lexer(markdown)) {
    if (token.type !== 'table') continue;
    const table = token as Tokens.Table;
    const head = table.header.map((h) => h.text.trim());
    if (head[0] !== 'Rule' || head[1] !== 'Cites') continue;
    const cardCol = head.indexOf('Technique card');
    for (const r of table.rows) {
      const rule = /^`([a-z0-9-]+)`$/.exec(r[0].text.trim())?.[1];
      assert.ok(rule, `row without a rule id in backticks: ${r[0].text}`);
      const cites = [...r[1].text.matchAll(/`(\d+(?:#\d+)?)`/g)].map((m) => m[1]);
      const cards = cardCol < 0 ? [] : [...r[cardCol].text.matchAll(/`([a-z-]+\.md)#([a-z0-9-]+)`/g)].map((m) => `${m[1]}#${m[2]}`);
      const gapCol = head.indexOf('Corpus gap / caveat');
      const corpusGap = gapCol >= 0 && /The corpus has no item/.test(r[gapCol].text);
      rows.push({ rule, cites, cards, ...(corpusGap ? { corpusGap } : {}) });
    }
  }
  return rows;
}

describe('docs/advice-table.md', () => {
  const rows = adviceTableRows(fs.readFileSync(TABLE, 'utf8'));
  const kb = buildKnowledgeBase(realKnowledgeFiles());

  it('has exactly one row per registry rule', () => {
    for (const rule of rules) assert.equal(rows.filter((r) => r.rule === rule.id).length, 1, `${rule.id} needs one row`);
  });

  it('lists every item each registry rule cites (no unreviewed quote)', () => {
    for (const rule of rules) {
      const row = rows.find((r) => r.rule === rule.id)!;
      for (const ref of rule.advice) assert.ok(row.cites.includes(ref), `${rule.id} cites ${ref}, which its row in docs/advice-table.md does not review`);
    }
  });

  it('cites only items the corpus has, and names a technique card that exists, in every row', () => {
    for (const row of rows) {
      assert.ok(row.cites.length > 0, `${row.rule}: no citation`);
      for (const ref of row.cites) assert.ok(resolveAdviceRef(kb, ref), `${row.rule}: ${ref} is not in the corpus`);
      assert.ok(row.cards.length > 0, `${row.rule}: no technique card`);
      for (const c of row.cards) {
        const [file, id] = c.split('#');
        const card = kb.cards.find((k) => k.id === id);
        assert.ok(card && card.location.file.endsWith(`techniques/${file}`), `${row.rule}: card ${c} does not exist`);
      }
    }
  });

  it('a rule whose technique the corpus lacks names that card (techniqueCard), and only such a rule', () => {
    for (const rule of rules) {
      const row = rows.find((r) => r.rule === rule.id)!;
      if (row.corpusGap) {
        assert.ok(rule.techniqueCard, `${rule.id}: the table says the corpus has no item on it, so the rule must name its technique card`);
        assert.ok(row.cards.some((c) => c.endsWith(`#${rule.techniqueCard}`)), `${rule.id}: techniqueCard ${rule.techniqueCard} is not the card its row reviews (${row.cards})`);
      } else {
        assert.equal(rule.techniqueCard, undefined, `${rule.id}: names a technique card, but its row does not say the corpus lacks the technique`);
      }
    }
  });

  it('the parser reads a rule row and would catch a missing citation', () => {
    const md = '| Rule | Cites | Why | Technique card |\n|---|---|---|---|\n| `zero-grad` | `9`, `9#6` | x | `workflow.md#zero-grad` |\n';
    assert.deepEqual(adviceTableRows(md), [{ rule: 'zero-grad', cites: ['9', '9#6'], cards: ['workflow.md#zero-grad'] }]);
    assert.ok(!adviceTableRows(md)[0].cites.includes('9#5'));
  });
});
