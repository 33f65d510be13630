import assert from 'node:assert/strict';
import { analyzer, py } from './helpers';
import { parseNotebookJson } from '../../../../src/core/analysis/notebook';

/** Inputs that have broken analyzers before: none may throw, every finding must have a sane range. */
const junk: Array<[string, string]> = [
  ['empty', ''],
  ['only newlines', '\n\n\n'],
  ['null bytes', 'import torch\x00\x00\nfor x in loader:\n    loss.backward()\x00\n    optimizer.step()\n'],
  ['huge line', `x = ${'1 + '.repeat(40000)}1\n`],
  ['half-typed loop', 'for x in loader:\n    loss = model(x\n    loss.backward(\n    optimizer.'],
  ['unbalanced brackets', ')))]]]}}}((([[[{{{'],
  ['deep nesting', `${'('.repeat(2000)}x${')'.repeat(2000)}`],
  ['binary', Array.from({ length: 4000 }, (_, i) => String.fromCharCode((i * 7919) % 65535)).join('')],
  ['lone surrogates', '\ud800x = "\udfff"\nfor a in b:\n    a.backward()\n    opt.step()\n'],
  ['CRLF script', 'import torch\r\nfor x, y in train_loader:\r\n    loss = model(x)\r\n    loss.backward()\r\n    optimizer.step()\r\n'],
  ['tabs and mixed indent', 'for x in loader:\n\tloss.backward()\n        optimizer.step()\n'],
  ['keywords only', 'def class for while with if try except finally lambda async await'],
  ['decorator without def', '@torch.no_grad()\n'],
  ['unterminated string', 'x = """never closed\nfor x in loader:\n    loss.backward()\n'],
];

describe('analysis engine: never throws', () => {
  for (const [name, source] of junk) {
    it(`survives ${name}`, async () => {
      const a = await analyzer();
      const res = a.analyze(source);
      assert.ok(Array.isArray(res.findings));
      for (const f of res.findings) {
        assert.ok(f.range.startLine >= 0 && f.range.endLine >= f.range.startLine, `bad range ${JSON.stringify(f.range)}`);
        void f.fix; // computing the lazy fix must not throw either
      }
    });
  }

  it('survives a non-string argument and junk notebook cells', async () => {
    const a = await analyzer();
    assert.deepEqual(a.analyze(undefined as unknown as string).findings, []);
    const res = a.analyzeNotebook([{ kind: 'code', source: '%%time\n!pip install x\nfor x in y:\n    x.backward()\n    opt.step()' }, null as never, { kind: 'markdown', source: '# hi' }]);
    assert.ok(Array.isArray(res.findings));
    assert.deepEqual(a.analyzeNotebook(null as never).findings, []);
  });

  it('offers no fixes for a file that already has syntax errors', async () => {
    const a = await analyzer();
    const res = a.analyze(py`
      import torch
      optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
      x = (
    `);
    const sgd = res.findings.find((f) => f.ruleId === 'sgd-momentum');
    assert.ok(sgd, 'the rule still reports');
    assert.equal(sgd.fix, undefined);
  });

  it('honours cancellation and the time budget between rules', async () => {
    const a = await analyzer();
    const src = 'import torch\noptimizer = torch.optim.SGD(model.parameters(), lr=0.1)\n';
    assert.equal(a.analyze(src, { isCancelled: () => true }).cancelled, true);
    assert.equal(a.analyze(src, { isCancelled: () => true }).findings.length, 0);
    assert.equal(a.analyze(src, { timeBudgetMs: -1 }).timedOut, true);
    assert.ok(a.analyze(src).findings.length > 0);
  });

  it('parseNotebookJson reports broken JSON instead of throwing', () => {
    assert.match(parseNotebookJson('{"cells": [').error ?? '', /invalid notebook JSON/);
    assert.match(parseNotebookJson('[1,2]').error ?? '', /no "cells"/);
    const ok = parseNotebookJson(JSON.stringify({ cells: [{ cell_type: 'code', source: ['a = 1\n', 'b = 2'] }, { cell_type: 'markdown', source: 'x' }] }));
    assert.equal(ok.error, undefined);
    assert.deepEqual(ok.cells, [{ kind: 'code', source: 'a = 1\nb = 2' }, { kind: 'markdown', source: 'x' }]);
  });
});
