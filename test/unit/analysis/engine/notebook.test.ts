import assert from 'node:assert/strict';
import { analyzer } from './helpers';
import type { NotebookCell } from '../../../../src/core/analysis/types';
import { applyEdits } from '../../../../src/core/analysis/fixes';

describe('notebooks', () => {
  const cells: NotebookCell[] = [
    { kind: 'markdown', source: '# Training' },
    { kind: 'code', source: '%matplotlib inline\nimport torch\nmodel = torch.nn.Linear(4, 1)' },
    { kind: 'code', source: 'optimizer = torch.optim.SGD(model.parameters(), lr=0.1)' },
    { kind: 'markdown', source: 'Train:' },
    { kind: 'code', source: '!nvidia-smi\nfor x, y in train_loader:\n    optimizer.zero_grad()\n    loss = ((model(x) - y) ** 2).mean()\n    loss.backward()\n    optimizer.step()\n    print(loss.item())' },
  ];

  it('analyses code cells as one program and maps findings to (cell, line)', async () => {
    const a = await analyzer();
    const found = a.analyzeNotebook(cells, { select: ['sgd-momentum', 'grad-clip'] }).findings
      .map((f) => `${f.ruleId}@cell${f.cell}:${f.range.startLine}:${f.range.startColumn}`);
    // The optimizer built in cell 2 is the one stepped in cell 4: the training step is recognised across cells.
    assert.deepEqual(found, ['sgd-momentum@cell2:0:12', 'grad-clip@cell4:4:4']);
  });

  it('gives fixes in cell coordinates', async () => {
    const a = await analyzer();
    const f = a.analyzeNotebook(cells, { select: ['grad-clip'] }).findings[0];
    assert.ok(f.fix, 'grad-clip offers a fix inside the training cell');
    const fixed = applyEdits(cells[4].source, f.fix.edits);
    assert.match(fixed, /loss\.backward\(\)\n {4}torch\.nn\.utils\.clip_grad_norm_\(model\.parameters\(\), max_norm=1\.0\)\n {4}optimizer\.step\(\)/);
  });
});
