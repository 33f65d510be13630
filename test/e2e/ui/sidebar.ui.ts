// UI test: the sidebar as a user drives it in real VS Code (code-server + Chromium). The container holds the
// native Topics tree above the advice webview. Open it with the command and time the first paint of the tree's
// category rows (cold, then warm after hiding), expand a category and choose an entry (the advice view shows
// it; its first contentful paint, by the browser's own paint timing, is reported), search "梯度爆炸" in the webview with the keyboard, back/forward,
// toggle the language (tree and webview follow), click a finding of the open file and land on its line.
// Screenshots in dark, light and high-contrast themes go to test-results/screenshots/sidebar-*.png (README).
// Timings are printed (SIDEBAR_OPEN_MS, SIDEBAR_WARM_OPEN_MS, SIDEBAR_ENTRY_MS) and written to
// test-results/sidebar.json for `npm run bench`; nothing is asserted on them.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { Frame, FrameLocator, Locator } from 'playwright-core';
import { testResults } from '../lib/paths';
import { nls, retry, sharedWorkbench, type Workbench } from './lib';
import { median, paintStamp, round, timeCommandToPaint, treeRowsPainted, watchFirstPaint, type PaintTiming } from './paintTiming';

const FILE = 'train_classifier.py';
/** A Topics category row says how many questions it holds: "11 questions" / "11 个问题" (its aria-label ends so). */
const CATEGORY_ARIA = /\d+ (questions?|个问题)$/;

/** The Topics view's pane (header titled "Topics" / "主题": the title follows the sidebar language). */
function topicsPane(wb: Workbench): Locator {
  return wb.page.locator('.pane', { has: wb.page.locator('.pane-header h3.title', { hasText: /^\s*(Topics|主题)\s*$/i }) }).first();
}

/** The Topics tree's rows at a depth (1 = categories), as the workbench renders them. */
function treeRows(wb: Workbench, level: number): Locator {
  return topicsPane(wb).locator(`.customview-tree .monaco-list-row[aria-level="${level}"]`);
}

/** Clicks one of the Topics view's title actions (shown on hover) by its command title. */
async function clickTopicsAction(wb: Workbench, nlsKey: string): Promise<void> {
  const pane = topicsPane(wb);
  await pane.locator('.pane-header').hover();
  await pane.locator(`.pane-header .action-label[aria-label^="${nls(nlsKey)}"]`).first().click({ force: true });
}

/** In-page check (JS source): ≥ 5 visible Topics category rows. */
const TOPICS_PAINTED = treeRowsPainted(CATEGORY_ARIA);

function openAndTimeTopics(wb: Workbench): Promise<PaintTiming> {
  return timeCommandToPaint(wb, `Training Advisor: ${nls('command.openSidebar')}`, TOPICS_PAINTED, /^\s*(Topics|主题)\s*$/);
}

/**
 * Baseline from the same run: VS Code's own Run and Debug container opened for the first time (its first pane
 * painted). Shows how much of a cold open is the workbench creating any view container, not this extension.
 */
function openAndTimeRunAndDebug(wb: Workbench): Promise<PaintTiming> {
  const painted = `[...document.querySelectorAll('.part.sidebar .pane-body')].some((b) => b.getClientRects().length > 0 && b.textContent.trim().length > 0)
    && [...document.querySelectorAll('.part.sidebar .composite.title h2')].some((h) => /run and debug/i.test(h.textContent || '') && h.getClientRects().length > 0)`;
  return timeCommandToPaint(wb, 'View: Show Run and Debug', painted, /run and debug/);
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

/**
 * Presses Enter on the focused Topics row and times, in epoch ms shared by the workbench page and the webview's
 * document (performance.timeOrigin + now), the keydown to the advice view's first painted frame showing entry `number`.
 */
/** The advice webview's document (two iframes deep), as a playwright Frame to evaluate in. */
async function adviceDocument(wb: Workbench): Promise<Frame> {
  const outer = await (await wb.page.locator('iframe.webview.ready >> visible=true').first().elementHandle())!.contentFrame();
  const inner = await (await outer!.locator('#active-frame').elementHandle())!.contentFrame();
  assert.ok(inner, 'the advice webview document');
  return inner;
}

async function timeEnterToEntryPaint(wb: Workbench, number: string): Promise<number> {
  const inner = await adviceDocument(wb);
  await watchFirstPaint(inner, `new RegExp('^' + ${JSON.stringify(number)} + '\\\\.').test((document.querySelector('#page .page-title')?.textContent || '').trim())`);
  await wb.page.evaluate(`(() => {
    window.__taEnter = null;
    window.addEventListener('keydown', (e) => { if (e.key === 'Enter' && window.__taEnter === null) window.__taEnter = performance.timeOrigin + performance.now(); }, { capture: true });
  })()`);
  await wb.page.keyboard.press('Enter');
  const paint = await paintStamp(inner, `the advice view shows entry ${number}`);
  const enter = await wb.page.evaluate<number>('window.__taEnter');
  return round(paint - enter);
}

/** Where the timings go for `npm run bench` (bench/sizes.bench.ts reads it). */
function recordTimings(t: Record<string, number | string | boolean | null>): void {
  const file = path.join(testResults, 'sidebar.json');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify({ ...t, at: new Date().toISOString() }, null, 2));
}

suite('sidebar (UI)', function () {
  this.timeout(240_000);
  let frame: FrameLocator;
  let entryTitle = '';

  test('opens from the command and paints the Topics tree; choosing an entry shows it (times reported)', async () => {
    const wb = await sharedWorkbench();
    await wb.openFile(FILE); // so "In this file" has something to show
    // Measure the open, not the extension's start-up: wait for the file's hints (the extension is active and has
    // analysed it), then past its idle warm-up (knowledge base and search index, 1.5 s after activation).
    const problems = wb.page.locator('[id="status.problems"]');
    await retry('the file\'s hints in the status bar', async () => /[1-9]/.test(await problems.innerText()), 60_000);
    await wb.page.waitForTimeout(2500);
    // Baseline first, so it is as cold as ours: VS Code's own Run and Debug container opened for the first time
    // in this window, then back to the Explorer (the state ours is opened from).
    const baseline = await openAndTimeRunAndDebug(wb);
    await wb.page.keyboard.press('Control+Shift+E');
    await wb.page.locator('.explorer-folders-view').first().waitFor({ state: 'visible' });
    await wb.page.waitForTimeout(300);
    const cold = await openAndTimeTopics(wb);
    const categories = treeRows(wb, 1).filter({ has: wb.page.locator('.label-name') });
    assert.ok((await categories.count()) >= 5, 'the Topics tree shows the categories');
    const adviceLoaded = (await wb.page.locator('iframe.webview.ready >> visible=true').count()) > 0;
    console.log(`      sidebar (cold): open command → first paint of the Topics tree ${cold.paintMs} ms (container shown at ${cold.paneMs} ms, rows at ${cold.domMs} ms; advice webview created with it: ${adviceLoaded})`);
    console.log(`      SIDEBAR_OPEN_MS ${cold.paintMs}`);
    // The advice webview below loads alongside: its document's first contentful paint (the browser's paint timing,
    // on the epoch clock shared with the workbench page) after the Enter that opened the container.
    frame = wb.sidebarFrame();
    await frame.locator('#page .page-title').waitFor({ state: 'visible', timeout: 60_000 });
    const adviceDoc = await adviceDocument(wb);
    const fcp = await retry('the advice view\'s first contentful paint', () => adviceDoc.evaluate<number | null>(
      '(() => { const p = performance.getEntriesByName("first-contentful-paint")[0]; return p ? performance.timeOrigin + p.startTime : null; })()'));
    const adviceMs = round(fcp - cold.enterEpochMs);
    console.log(`      advice webview: first contentful paint ${adviceMs} ms after the Enter`);
    console.log(`      SIDEBAR_ADVICE_FIRST_PAINT_MS ${adviceMs}`);

    // Expand a category with the mouse, choose its first entry with the keyboard.
    const category = treeRows(wb, 1).filter({ hasText: /梯度|gradient/i }).first();
    await category.click();
    const entry = treeRows(wb, 2).first();
    await entry.waitFor({ state: 'visible', timeout: 15_000 });
    entryTitle = (await entry.locator('.label-name').innerText()).trim();
    const number = /^(\d+)\./.exec(entryTitle)?.[1];
    assert.ok(number, `an entry row "${entryTitle}" starts with its number`);
    await wb.page.keyboard.press('ArrowDown');
    const entryMs = await timeEnterToEntryPaint(wb, number);
    console.log(`      choose an entry in the tree (Enter) → the advice view painted it ${entryMs} ms`);
    console.log(`      SIDEBAR_ENTRY_MS ${entryMs}`);

    // Warm: show the Explorer, then open the sidebar again (tree and the now-expanded advice view); five times,
    // the median reported (the machine is shared: single runs vary by tens of ms).
    const warmRuns: PaintTiming[] = [];
    for (let i = 0; i < 5; i++) {
      await wb.page.keyboard.press('Control+Shift+E');
      await wb.page.locator('.explorer-folders-view').first().waitFor({ state: 'visible' });
      await wb.page.waitForTimeout(300); // let the hide settle, so the next open is timed alone
      warmRuns.push(await openAndTimeTopics(wb));
    }
    const warm = median(warmRuns);
    console.log(`      sidebar (warm): open command → first paint of the Topics tree, median of ${warmRuns.length}: ${warm.paintMs} ms (runs ${warmRuns.map((r) => r.paintMs).join(', ')}; container shown at ${warm.paneMs} ms, rows at ${warm.domMs} ms)`);
    console.log(`      SIDEBAR_WARM_OPEN_MS ${warm.paintMs}`);
    console.log(`      baseline: VS Code's Run and Debug container, first open in this window (before ours) → first paint ${baseline.paintMs} ms (container shown at ${baseline.paneMs} ms)`);
    console.log(`      SIDEBAR_BASELINE_MS ${baseline.paintMs}`);
    await openAndTimeTopics(wb); // back to the sidebar for the next tests
    frame = wb.sidebarFrame();
    await retry('the advice view still shows the entry after re-opening', async () => new RegExp(`^${number}\\.`).test((await frame.locator('#page .page-title').innerText({ timeout: 1000 })).trim()), 30_000);
    recordTimings({
      coldOpenMs: cold.paintMs, coldContainerMs: cold.paneMs, warmOpenMs: warm.paintMs, baselineRunAndDebugMs: baseline.paintMs,
      adviceFirstPaintMs: adviceMs, entryMs, adviceLoadedOnColdOpen: adviceLoaded,
    });
  });

  test('the tree\'s search action puts the keyboard in the advice view\'s search box; "梯度爆炸" opens a result', async () => {
    const wb = await sharedWorkbench();
    await clickTopicsAction(wb, 'command.focusSidebarSearch');
    const search = frame.locator('#search');
    await retry('the search box has the keyboard', async () => search.evaluate((el) => el === document.activeElement && document.hasFocus()));
    await wb.page.keyboard.type('梯度爆炸');
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
    // A Chinese query lists its results in Chinese (the query's language) while the page keeps the view's
    // language: the opened item is the chosen one by number, not by its (translated) term.
    assert.match(term, /\p{Script=Han}/u, `a Chinese query's result reads in Chinese: ${term}`);
    assert.equal(await item.getAttribute('id'), `item-${items[target]}`, `opened item ${await item.getAttribute('id')} is the chosen result "${term}"`);
    assert.equal(await frame.locator('#results').isVisible(), false, 'the result list closed');
    await setTheme(wb, 'Default Dark Modern');
    // Show a technique card open (APIs, snippet, Copy / Insert at cursor) in the README screenshots.
    const card = frame.locator('#page .item.highlighted .card > summary').first();
    if ((await card.count()) > 0) {
      await card.click();
      await frame.locator('#page .item.highlighted .card[open] .snippet').first().scrollIntoViewIfNeeded();
    }
    await wb.screenshot('sidebar-dark');
  });

  test('back/forward history and the language toggle (the tree follows)', async () => {
    const wb = await sharedWorkbench();
    const title = await frame.locator('#page .page-title').innerText();
    await frame.locator('#back').click();
    const entryNumber = /^(\d+)\./.exec(entryTitle)![1];
    await retry('back to the entry chosen in the tree', async () => (await frame.locator('#page .page-title').innerText()).trim().startsWith(`${entryNumber}.`));
    await frame.locator('#forward').click();
    await retry('forward to the search result', async () => (await frame.locator('#page .page-title').innerText()) === title);
    const before = await frame.locator('body').getAttribute('data-lang');
    const categoryLabels = async () => (await treeRows(wb, 1).locator('.label-name').allInnerTexts()).join('|');
    const treeBefore = await categoryLabels();
    await frame.locator('#lang').click();
    await retry('the page re-rendered in the other language', async () => {
      const lang = await frame.locator('body').getAttribute('data-lang');
      return lang !== before && (await frame.locator('#page .page-title').innerText()) !== title;
    });
    await retry('the Topics tree relabelled in the other language', async () => (await categoryLabels()) !== treeBefore);
    const han = /[\u4e00-\u9fff]/;
    assert.equal(han.test(await categoryLabels()), before !== 'zh', 'the tree speaks the language the webview switched to');
  });

  test('light and high-contrast screenshots', async () => {
    const wb = await sharedWorkbench();
    await setTheme(wb, 'Default Light Modern');
    await frame.locator('#page .item.highlighted').waitFor({ state: 'visible' });
    assert.equal(await frame.locator('#results').isVisible(), false, 'switching the language did not pop the results open');
    await wb.screenshot('sidebar-light');
    await setTheme(wb, 'Default High Contrast');
    await wb.screenshot('sidebar-high-contrast');
    await setTheme(wb, 'Default Dark Modern');
    // Back to the workbench's language, this time from the tree's title action.
    const labels = async () => (await treeRows(wb, 1).locator('.label-name').allInnerTexts()).join('|');
    const before = await labels();
    await clickTopicsAction(wb, 'command.toggleSidebarLanguage');
    await retry('the tree switched language from its own action', async () => (await labels()) !== before);
    await retry('the advice view followed', async () => (await frame.locator('body').getAttribute('data-lang')) === 'en');
  });

  test('clicking a finding in "In this file" reveals its line', async () => {
    const wb = await sharedWorkbench();
    const finding = frame.locator('#file-hints [data-action="reveal"]').first();
    await retry('a finding for the open file', async () => (await finding.count()) > 0, 60_000);
    await frame.locator('#home').click();
    await frame.locator('#page .hint').waitFor({ state: 'visible' });
    assert.ok((await frame.locator('#page .recent-list [data-nav="entry"]').count()) >= 1, 'home lists the entries read recently');
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
