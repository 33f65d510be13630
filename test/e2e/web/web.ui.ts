// UI check of the web-only VSIX (no `main`): code-server serves it to the browser's web worker extension host,
// the way vscode.dev / github.dev run extensions. In Chromium: the advice hover on a real training script, the
// Topics view's rows and the sidebar's advice page, the palette search. Screenshots: test-results/screenshots/web-*.png.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { nls, retry, startWorkbench, type Workbench } from '../ui/lib';
import { webVsixPath } from '../lib/webVsix';

const FILE = 'train_classifier.py';

suite('web-only VSIX in the browser (UI)', function () {
  this.timeout(180_000);
  let wb: Workbench | undefined;
  let failed = false;

  suiteSetup(async function () {
    this.timeout(240_000);
    wb = await startWorkbench({ vsix: webVsixPath, devExtension: false });
  });
  teardown(function () {
    if (this.currentTest?.state === 'failed') failed = true;
  });
  suiteTeardown(async function () {
    this.timeout(60_000);
    if (failed && wb) await wb.screenshot('web-failure').catch(() => undefined);
    const fatal = (await wb?.close(failed)) ?? [];
    assert.deepEqual(fatal, []);
  });

  test('hovering the backward call shows the corpus advice (analysis in the web worker host)', async () => {
    await wb!.openFile(FILE);
    const lines = fs.readFileSync(path.join(wb!.workspace, FILE), 'utf8').split('\n');
    const index = lines.findIndex((l) => l.includes('loss.backward()'));
    const text = await wb!.hover(index + 1, lines[index]!.indexOf('loss.backward') + 3, /9#5/);
    assert.match(text, /grad-clip/);
    await wb!.screenshot('web-hover');
    await wb!.escape();
  });

  test('the Topics view lists the categories and the palette search finds advice', async () => {
    await wb!.runCommand(`${nls('view.container.title')}: Focus on ${nls('view.topics.name')} View`);
    const pane = wb!.page.locator('.pane', { has: wb!.page.locator('.pane-header h3.title', { hasText: /^\s*(Topics|主题)\s*$/i }) }).first();
    const rows = pane.locator('.customview-tree .monaco-list-row[aria-level="1"]');
    const count = await retry('Topics rows', async () => ((await rows.count()) >= 5 ? rows.count() : undefined), 30_000);
    assert.ok(count >= 5, `${count} category rows`);
    await wb!.screenshot('web-topics');
    await wb!.runCommand(nls('command.search').replace(/^/, 'Training Advisor: '));
    await wb!.typeInQuickInput('梯度爆炸');
    const found = await wb!.quickPickRows(/梯度|gradient/i);
    assert.ok(found.length > 0);
    await wb!.escape();
  });
});
