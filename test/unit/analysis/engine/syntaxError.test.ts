/** The analyzer names the first syntax error (so the CLI and an editor report the same place). */
import assert from 'node:assert/strict';
import { notebookPositions } from '../../../../src/core/analysis/notebookPositions';
import { analyzer } from './helpers';

describe('syntax errors from the analyzer', () => {
  it('valid Python has none', async () => {
    assert.equal((await analyzer()).analyze('import torch\nprint(torch.ones(2))\n').syntaxError, undefined);
  });

  it('a missing token is placed where it is missing, in both languages', async () => {
    const e = (await analyzer()).analyze('def f(:\n    pass\n').syntaxError!;
    assert.deepEqual({ line: e.range.startLine, column: e.range.startColumn }, { line: 0, column: 6 });
    assert.match(e.message.en, /Expected "\)"/);
    assert.match(e.message.zh, /缺少/);
  });

  it('the first error wins; the hints that parse are still given', async () => {
    const src = 'import torch\nopt = torch.optim.SGD(model.parameters(), lr=0.1)\nfor x in data\n    pass\nx = (1,\n';
    const r = (await analyzer()).analyze(src, { select: ['sgd-momentum'] });
    assert.equal(r.syntaxError!.range.startLine, 2);
    assert.deepEqual(r.findings.map((f) => f.ruleId), ['sgd-momentum']);
  });

  it('in a notebook the error carries its cell and a cell-relative line', async () => {
    const r = (await analyzer()).analyzeNotebook([
      { kind: 'code', source: 'import torch' },
      { kind: 'markdown', source: '# notes' },
      { kind: 'code', source: 'x = 1\ndef f(:\n  pass' },
    ]);
    assert.deepEqual({ cell: r.syntaxError!.cell, line: r.syntaxError!.range.startLine, column: r.syntaxError!.range.startColumn }, { cell: 2, line: 1, column: 6 });
  });
});

describe('notebook positions in the raw .ipynb', () => {
  it('maps (cell, line, column) to the line and column where the JSON stores it', () => {
    // As a notebook tool may write it: é as a JSON escape, a quote escaped, one string per source line.
    const raw = '{\n "cells": [\n  {"cell_type": "markdown", "source": ["# t"]},\n  {"cell_type": "code", "source": [\n   "import torch\\n",\n   "x = \\"\\u00e9\\"; y = 2\\n"\n  ]}\n ]\n}\n';
    const lines = raw.split('\n');
    const pos = notebookPositions(raw)!.at(1, 1, 'x = "é"; '.length)!;
    assert.equal(lines[pos.line].slice(pos.character, pos.character + 5), 'y = 2');
    assert.equal(notebookPositions(raw)!.at(5, 0, 0), null, 'no such cell');
    assert.equal(notebookPositions('{not json')?.at(0, 0, 0) ?? null, null);
  });
});
