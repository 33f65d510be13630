// UI test: the hints as a user sees them on a real training script (examples/train_classifier.py, in the
// workspace copy the harness opens): the advice hover on the backward call and the quick-fix menu, with
// screenshots (test-results/screenshots/hints-hover.png, hints-quick-fix.png) for the README.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { sharedWorkbench } from './lib';

const FILE = 'train_classifier.py';

/** 1-based line and column of the first `loss.backward()` in the example (no hard-coded line numbers). */
function backwardPosition(workspace: string): { line: number; column: number } {
  const lines = fs.readFileSync(path.join(workspace, FILE), 'utf8').split('\n');
  const index = lines.findIndex((l) => l.includes('loss.backward()'));
  assert.ok(index >= 0, `${FILE} has a loss.backward() call`);
  return { line: index + 1, column: lines[index]!.indexOf('loss.backward') + 3 };
}

suite('hints in the editor (UI)', function () {
  this.timeout(180_000);

  test('hovering the backward call shows the gradient-clipping advice from the corpus', async () => {
    const wb = await sharedWorkbench();
    await wb.openFile(FILE);
    const { line, column } = backwardPosition(wb.workspace);
    const text = await wb.hover(line, column, /9#5/);
    assert.match(text, /grad-clip/);
    assert.match(text, /Show advice|查看建议/);
    await wb.screenshot('hints-hover');
    await wb.escape();
  });

  test('the quick-fix menu offers the fix, the advice and the ignore comment', async () => {
    const wb = await sharedWorkbench();
    await wb.openFile(FILE);
    const { line, column } = backwardPosition(wb.workspace);
    const rows = await wb.quickFix(line, column, /9#5/);
    assert.ok(rows.some((r) => /clip|裁剪/i.test(r)), `a clipping fix among ${JSON.stringify(rows)}`);
    assert.ok(rows.some((r) => /grad-clip/.test(r)), `ignore/disable grad-clip among ${JSON.stringify(rows)}`);
    await wb.screenshot('hints-quick-fix');
    await wb.escape();
  });

  test("the rule id in the Problems panel links to the rule's page", async () => {
    const wb = await sharedWorkbench();
    await wb.openFile(FILE);
    await wb.escape();
    await wb.page.keyboard.press('Control+Shift+M'); // Problems panel
    const link = wb.page.locator('.markers-panel .monaco-list-row').getByText('grad-clip', { exact: true }).first();
    await link.waitFor({ state: 'visible', timeout: 30_000 });
    await wb.screenshot('hints-problems');
    await link.click();
    const frame = wb.sidebarFrame();
    const title = frame.locator('#page .page-title');
    await title.waitFor({ state: 'visible', timeout: 30_000 });
    assert.match(await title.innerText(), /grad-clip/);
  });
});
