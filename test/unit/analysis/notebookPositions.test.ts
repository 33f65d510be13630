import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { notebookPositions } from '../../../src/core/analysis/notebookPositions';

/** The character (decoded) a JSON position points at: a raw character, or the escape starting there. */
function charAt(json: string, line: number, character: number): string {
  const text = json.split('\n')[line]!;
  const raw = text.slice(character);
  if (raw[0] !== '\\') return raw[0]!;
  return JSON.parse(`"${raw.startsWith('\\u') ? raw.slice(0, 6) : raw.slice(0, 2)}"`);
}

function notebook(cells: string[][], indent?: number): string {
  return JSON.stringify({ cells: cells.map((source) => ({ cell_type: 'code', metadata: {}, source })), metadata: {}, nbformat: 4, nbformat_minor: 5 }, null, indent);
}

describe('analysis: positions of notebook cell code in the .ipynb text (closed notebooks)', () => {
  it('maps (cell, line, column) to the line and column of that character in the file', () => {
    const json = notebook([['# title\n'], ['import torch\n', 'x = "tab\\there" + \'é\'\n', '    loss.backward()']], 1);
    const p = notebookPositions(json)!;
    const at = p.at(1, 2, 4)!;
    assert.equal(json.split('\n')[at.line]!.slice(at.character, at.character + 4), 'loss');
    const q = p.at(1, 1, 4)!;
    assert.equal(charAt(json, q.line, q.character), '"');
    assert.equal(p.at(1, 3, 0), null, 'no such line');
    assert.equal(p.at(5, 0, 0), null, 'no such cell');
  });

  it('a source given as one string with \\n escapes works too, and a column past the end stops at the line end', () => {
    const json = JSON.stringify({ cells: [{ cell_type: 'code', source: 'a = 1\nmodel.train()\n' }] });
    const p = notebookPositions(json)!;
    const at = p.at(0, 1, 0)!;
    assert.equal(json.slice(at.character, at.character + 5), 'model');
    const end = p.at(0, 0, 99)!;
    assert.equal(json.slice(end.character, end.character + 2), '\\n');
  });

  it('every character of generated cells maps to itself (escapes, CJK, surrogate pairs; pretty and compact JSON)', () => {
    const line = fc.string({ unit: fc.constantFrom('a', ' ', '"', '\\', '\t', '梯', 'é', '😀', '\u0001', '(', ':'), maxLength: 12 });
    fc.assert(
      fc.property(fc.array(fc.array(line, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 3 }), fc.constantFrom(undefined, 1, 2), (cells, indent) => {
        const sources = cells.map((lines) => lines.map((l, i) => (i < lines.length - 1 ? `${l}\n` : l)));
        const json = notebook(sources, indent);
        const p = notebookPositions(json)!;
        cells.forEach((lines, c) =>
          lines.forEach((l, li) => {
            for (let col = 0; col < l.length; col++) {
              const at = p.at(c, li, col)!;
              assert.equal(charAt(json, at.line, at.character), l[col], `cell ${c} line ${li} col ${col}`);
            }
          }),
        );
      }),
      { numRuns: 150 },
    );
  });

  it("the example notebook's code lines are found where the file has them", () => {
    const json = fs.readFileSync(path.resolve(__dirname, '../../../examples/notebook.ipynb'), 'utf8');
    const nb = JSON.parse(json) as { cells: Array<{ source: string[] }> };
    const p = notebookPositions(json)!;
    nb.cells.forEach((cell, c) =>
      cell.source.join('').split('\n').forEach((text, l) => {
        if (!text.trim() || /["\\]/.test(text)) return;
        const at = p.at(c, l, 0)!;
        assert.equal(json.split('\n')[at.line]!.slice(at.character, at.character + text.length), text);
      }),
    );
  });

  it('returns null for text that is not a notebook', () => {
    assert.equal(notebookPositions('{"cells": 3}'), null);
    assert.equal(notebookPositions('not json'), null);
  });
});
