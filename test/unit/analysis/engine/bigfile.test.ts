import assert from 'node:assert/strict';
import { analyzer } from './helpers';
import { applyEdits } from '../../../../src/core/analysis/fixes';

describe('fixes in big files', () => {
  it('are verified on the touched statements only, and still parse in the whole file', async () => {
    const a = await analyzer();
    const block = (i: number) => `\ndef train_${i}(model, loader, optimizer):\n    model.train()\n    for x, y in loader:\n        optimizer.zero_grad()\n        loss = model(x).mean()\n        loss.backward()\n        optimizer.step()\n        print(loss.item())\n`;
    let src = 'import torch\n';
    for (let i = 0; i < 500; i++) src += block(i);
    const findings = a.analyze(src, { select: ['grad-clip'] }).findings;
    assert.equal(findings.length, 500);
    const f = findings[250];
    assert.ok(f.fix, 'a fix is offered in a 4500-line file');
    const fixed = applyEdits(src, f.fix.edits);
    assert.ok(a.parsesCleanly(fixed));
    assert.equal(a.analyze(fixed, { select: ['grad-clip'] }).findings.length, 499);
  });
});
