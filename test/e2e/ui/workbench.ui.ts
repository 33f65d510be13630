// The extension in the real workbench: the command palette's search shows advice for a Chinese and an
// English query (what a user sees, read from the DOM), and picking a result opens it.
import assert from 'node:assert/strict';
import { nls, sharedWorkbench } from './lib';

describe('workbench: command palette search', () => {
  it('Search Knowledge… lists advice for 梯度爆炸 and for "exploding gradients"', async () => {
    const wb = await sharedWorkbench();
    await wb.openFile('train_classifier.py'); // activates the extension like a user would
    await wb.runCommand(`Training Advisor: ${nls('command.search')}`);
    await wb.typeInQuickInput('梯度爆炸');
    const zh = await wb.quickPickRows(/\d+#\d+|梯度/);
    assert.ok(zh.length >= 3, `only ${zh.length} results: ${zh.join(' | ')}`);
    await wb.screenshot('search-palette');
    await wb.typeInQuickInput('exploding gradients');
    const en = await wb.quickPickRows(/gradient/i);
    assert.ok(en.length >= 1, `no English results: ${en.join(' | ')}`);
    await wb.escape();
  });
});
