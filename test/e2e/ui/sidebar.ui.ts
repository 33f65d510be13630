// UI test: the sidebar as a user drives it in real VS Code (code-server + Chromium): open it with the
// command, time the first paint of the topic list, search "梯度爆炸" with the keyboard, open an item,
// toggle the language, click a finding of the open file and land on its line. Screenshots in a dark and a
// light theme go to test-results/screenshots/sidebar-dark.png and sidebar-light.png (for the README).
import assert from 'node:assert/strict';
import type { FrameLocator } from 'playwright-core';
import { nls, retry, sharedWorkbench, type Workbench } from './lib';

const FILE = 'train_classifier.py';

async function openWithCommand(wb: Workbench): Promise<{ frame: FrameLocator; wallMs: number }> {
  const t0 = Date.now();
  await wb.runCommand(`Training Advisor: ${nls('command.openSidebar')}`);
  const frame = wb.sidebarFrame();
  await frame.locator('#page .topic-list, #page .page-title').first().waitFor({ state: 'visible', timeout: 60_000 });
  return { frame, wallMs: Date.now() - t0 };
}

suite('sidebar (UI)', function () {
  this.timeout(240_000);
  let frame: FrameLocator;

  test('opens from the command and paints the topic list (time reported)', async () => {
    const wb = await sharedWorkbench();
    await wb.openFile(FILE); // so "In this file" has something to show
    const opened = await openWithCommand(wb);
    frame = opened.frame;
    assert.ok((await frame.locator('.topic-list [data-nav="category"]').count()) >= 5, 'the topic list shows the categories');
    const openMs = await retry('the extension to report the first paint', async () => frame.locator('body').getAttribute('data-open-ms'));
    console.log(`      sidebar: open command → first paint of the topic list ${openMs} ms (extension-measured; ${opened.wallMs} ms wall clock incl. palette and polling)`);
    console.log(`      SIDEBAR_OPEN_MS ${openMs}`);
  });

  test('searches "梯度爆炸" as you type and opens a result with the keyboard', async () => {
    const search = frame.locator('#search');
    await search.click();
    await search.fill('梯度爆炸');
    const options = frame.locator('#results [role="option"]');
    await options.first().waitFor({ state: 'visible', timeout: 15_000 });
    assert.ok((await frame.locator('#results mark').count()) > 0, 'matches are highlighted');
    // Walk down to the first result that is an answer item, then Enter.
    const items = await options.evaluateAll((els) => els.map((e) => e.getAttribute('data-item')));
    const target = items.findIndex((i) => i !== null);
    assert.ok(target >= 0, `an item among the results (${JSON.stringify(items)})`);
    for (let i = 0; i <= target; i++) await search.press('ArrowDown');
    assert.equal(await options.nth(target).getAttribute('aria-selected'), 'true');
    const term = (await options.nth(target).locator('.result-title').innerText()).trim();
    await search.press('Enter');
    const item = frame.locator('#page .item.highlighted');
    await item.waitFor({ state: 'visible', timeout: 15_000 });
    const text = await item.innerText();
    assert.ok(text.length > 20, `the item shows its text: ${text}`);
    const itemTerm = (await item.locator('.term').innerText()).trim();
    assert.ok(term.includes(itemTerm), `opened item "${itemTerm}" is the chosen result "${term}"`);
    assert.equal(await frame.locator('#results').isVisible(), false, 'the result list closed');
    await (await sharedWorkbench()).screenshot('sidebar-dark');
  });

  test('back/forward history and the language toggle', async () => {
    const title = await frame.locator('#page .page-title').innerText();
    await frame.locator('#back').click();
    await frame.locator('#page .topic-list').waitFor({ state: 'visible' });
    await frame.locator('#forward').click();
    await retry('forward to the entry', async () => (await frame.locator('#page .page-title').innerText()) === title);
    const before = await frame.locator('body').getAttribute('data-lang');
    await frame.locator('#lang').click();
    await retry('the page re-rendered in the other language', async () => {
      const lang = await frame.locator('body').getAttribute('data-lang');
      return lang !== before && (await frame.locator('#page .page-title').innerText()) !== title;
    });
  });

  test('a light-theme screenshot', async () => {
    const wb = await sharedWorkbench();
    await wb.updateSettings({ 'workbench.colorTheme': 'Default Light Modern' });
    await retry('light theme applied', async () => (await wb.page.locator('.monaco-workbench.vs').count()) > 0);
    await frame.locator('#page .item.highlighted').waitFor({ state: 'visible' });
    await wb.screenshot('sidebar-light');
    await wb.updateSettings({ 'workbench.colorTheme': 'Default Dark Modern' });
    await frame.locator('#lang').click(); // back to the workbench's language for later suites
  });

  test('clicking a finding in "In this file" reveals its line', async () => {
    const wb = await sharedWorkbench();
    const finding = frame.locator('#file-hints [data-action="reveal"]').first();
    await retry('a finding for the open file', async () => (await finding.count()) > 0, 60_000);
    const line = Number(await finding.getAttribute('data-line')) + 1;
    await finding.click();
    const status = wb.page.locator('[id="status.editor.selection"]');
    await retry(`cursor on line ${line}`, async () => new RegExp(`\\b${line}\\b`).test(await status.innerText()));
  });
});
