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

/** Picks a color theme through the palette (as a user would) and waits until the workbench wears it. */
async function setTheme(wb: Workbench, theme: 'Default Dark Modern' | 'Default Light Modern' | 'Default High Contrast'): Promise<void> {
  const cls = theme.includes('High Contrast') ? 'hc-black' : theme.includes('Dark') ? 'vs-dark' : 'vs';
  const applied = async () => (await wb.page.locator(`.monaco-workbench.${cls}`).count()) > 0;
  if (await applied()) return;
  await retry(`color theme picker for ${theme}`, async () => {
    await wb.escape();
    // Keyboard focus must be in the workbench (not in the webview) for the chord to reach it.
    await wb.page.locator('.editor-instance .monaco-editor .view-lines').first().click();
    await wb.page.keyboard.press('Control+K');
    await wb.page.keyboard.press('Control+T');
    const input = wb.page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible', timeout: 5000 });
    await input.fill(theme);
    await wb.page.locator('.quick-input-list .monaco-list-row', { hasText: theme }).first().waitFor({ timeout: 5000 });
    await wb.page.keyboard.press('Enter');
    return true;
  });
  await retry(`theme ${theme} applied`, applied);
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
    const detail = await frame.locator('body').getAttribute('data-open-detail');
    console.log(`      sidebar (cold): open command → first paint of the topic list ${openMs} ms [${detail}] (${opened.wallMs} ms wall clock incl. palette and polling)`);
    console.log(`      SIDEBAR_OPEN_MS ${openMs}`);
    // Warm: hide the view (its webview is torn down) and open it again.
    await wb.page.keyboard.press('Control+Shift+E');
    await wb.page.locator('.explorer-folders-view').first().waitFor({ state: 'visible' });
    const again = await openWithCommand(wb);
    frame = again.frame;
    const warmMs = await retry('the first paint after re-opening', async () => frame.locator('body').getAttribute('data-open-ms'));
    const warmDetail = await frame.locator('body').getAttribute('data-open-detail');
    console.log(`      sidebar (warm): open command → first paint ${warmMs} ms [${warmDetail}]`);
    console.log(`      SIDEBAR_WARM_OPEN_MS ${warmMs}`);
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
    const wb = await sharedWorkbench();
    await setTheme(wb, 'Default Dark Modern');
    // Show a technique card open (APIs, snippet, Copy / Insert at cursor) in the README screenshots.
    const card = frame.locator('#page .item.highlighted .card > summary').first();
    if ((await card.count()) > 0) {
      await card.click();
      await frame.locator('#page .item.highlighted .card[open] .snippet').first().scrollIntoViewIfNeeded();
    }
    await wb.screenshot('sidebar-dark');
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
    await setTheme(wb, 'Default Light Modern');
    await frame.locator('#page .item.highlighted').waitFor({ state: 'visible' });
    assert.equal(await frame.locator('#results').isVisible(), false, 'switching the language did not pop the results open');
    await wb.screenshot('sidebar-light');
    await setTheme(wb, 'Default High Contrast');
    await wb.screenshot('sidebar-high-contrast');
    await setTheme(wb, 'Default Dark Modern');
    await frame.locator('#lang').click(); // back to the workbench's language for later suites
  });

  test('clicking a finding in "In this file" reveals its line', async () => {
    const wb = await sharedWorkbench();
    const finding = frame.locator('#file-hints [data-action="reveal"]').first();
    await retry('a finding for the open file', async () => (await finding.count()) > 0, 60_000);
    await frame.locator('#home').click();
    await frame.locator('#page .topic-list').waitFor({ state: 'visible' });
    await wb.screenshot('sidebar-topics');
    const line = Number(await finding.getAttribute('data-line')) + 1;
    await finding.click();
    const status = wb.page.locator('[id="status.editor.selection"]');
    await retry(`cursor on line ${line}`, async () => new RegExp(`\\b${line}\\b`).test(await status.innerText()));
  });

  test('"Insert at cursor" puts a card\'s snippet into the editor', async () => {
    const wb = await sharedWorkbench();
    await frame.locator('#search').fill('clip_grad_norm_');
    const option = frame.locator('#results [role="option"][data-item]').first();
    await option.waitFor({ state: 'visible', timeout: 15_000 });
    await option.click();
    const insert = frame.locator('#page .item.highlighted [data-action="insert"], #page [data-action="insert"]').first();
    await insert.waitFor({ state: 'attached', timeout: 15_000 });
    const snippet = ((await insert.locator('xpath=ancestor::div[contains(@class,"card-body")]//pre').textContent()) ?? '').trim();
    const firstLine = snippet.split('\n')[0].trim();
    assert.ok(firstLine.length > 5, `the card has a snippet (${JSON.stringify(snippet)})`);
    await wb.goTo(1, 1);
    const lines = wb.page.locator('.editor-instance .monaco-editor .view-lines').first();
    const squash = (t: string) => t.replace(/\s+/g, '');
    const occurrences = async () => squash(await lines.innerText()).split(squash(firstLine)).length - 1;
    const before = await occurrences();
    await insert.evaluate((b) => ((b.closest('details') as HTMLDetailsElement).open = true));
    await insert.click();
    await retry(`the snippet "${firstLine}" inserted at the top of the editor`, async () => (await occurrences()) > before);
    console.log(`      inserted: ${firstLine}`);
    await wb.page.keyboard.press('Control+Z'); // leave the example as it was for later suites
  });
});
