/**
 * Timing in the workbench page itself, for the UI tests: from the Enter that runs a palette command to the first
 * painted frame showing what a check (JS source evaluated in the page) looks for. Nothing in the extension takes
 * part: the test installs the watcher in the page before pressing Enter, so what ships carries no timing hooks.
 */
import type { Frame } from 'playwright-core';
import { retry, type Workbench } from './lib';

export interface PaintTiming {
  /** Enter (that runs the command in the palette) → the frame that first shows what we wait for has been painted. */
  paintMs: number;
  /** Enter → it is in the DOM and visible (the animation frame before that paint). */
  domMs: number;
  /** Enter → the first visible pane of the newly shown container (the container itself, before any view content). */
  paneMs: number | null;
  /** The Enter, in epoch ms (performance.timeOrigin + now): comparable with a webview document's clock. */
  enterEpochMs: number;
}

export const round = (ms: number) => Math.round(ms * 10) / 10;

/** The run with the median paint time. */
export function median(runs: PaintTiming[]): PaintTiming {
  return [...runs].sort((a, b) => a.paintMs - b.paintMs)[Math.floor(runs.length / 2)];
}

/**
 * In-page check (JS source): at least `min` visible rows at the top level of a custom tree view whose aria-label
 * matches `aria` (and not `notAria`).
 */
export function treeRowsPainted(aria: RegExp, min = 5, notAria?: RegExp): string {
  return `[...document.querySelectorAll('.customview-tree .monaco-list-row[aria-level="1"]')].filter((r) => {
    const label = r.getAttribute('aria-label') || '';
    return new RegExp(${JSON.stringify(aria.source)}).test(label) && ${notAria ? `!new RegExp(${JSON.stringify(notAria.source)}).test(label)` : 'true'} && r.getClientRects().length > 0;
  }).length >= ${min}`;
}

/**
 * Runs a command from the palette and times, inside the workbench page, the Enter keydown that runs it to the
 * first paint of what `paintedJs` checks: a requestAnimationFrame loop started at the Enter evaluates it each
 * frame (rAF runs just before the frame is rendered); a message posted from that frame runs after its paint.
 * `paneTitle` names a pane header or the container title, for the "container shown" stamp. Stamps: the page's
 * performance.now().
 */
export async function timeCommandToPaint(wb: Workbench, title: string, paintedJs: string, paneTitle: RegExp): Promise<PaintTiming> {
  await retry(`command palette: ${title}`, async () => {
    await wb.escape();
    await wb.page.keyboard.press('F1');
    const input = wb.page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible', timeout: 5000 });
    await input.fill(`>${title}`);
    // Enter runs the first row: wait until that is the command we mean.
    await wb.page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().waitFor({ timeout: 5000 });
    const first = (await wb.page.locator('.quick-input-list .monaco-list-row').first().innerText()).trim();
    return first.startsWith(title);
  });
  // A string, not a function: tsx would wrap the inner functions in a `__name` helper the page does not have.
  await wb.page.evaluate(`(() => {
    const stamps = { enter: null, dom: null, paint: null, pane: null };
    window.__taOpen = stamps;
    const painted = () => ${paintedJs};
    const paneShown = () => [...document.querySelectorAll('.part.sidebar .pane-header h3.title, .part.sidebar .composite.title h2')]
      .some((h) => new RegExp(${JSON.stringify(paneTitle.source)}, 'i').test(h.textContent || '') && h.getClientRects().length > 0);
    const watch = () => {
      if (stamps.dom !== null) return;
      if (stamps.pane === null && paneShown()) stamps.pane = performance.now();
      if (!painted()) return requestAnimationFrame(watch);
      stamps.dom = performance.now();
      performance.mark('ta:shown'); // user-timing marks: a trace of the open (a profile) shows where they fall
      const mc = new MessageChannel();
      mc.port1.onmessage = () => { stamps.paint = performance.now(); };
      mc.port2.postMessage(0);
    };
    window.addEventListener('keydown', (e) => {
      if (e.key !== 'Enter' || stamps.enter !== null) return;
      stamps.enter = performance.now();
      performance.mark('ta:enter');
      requestAnimationFrame(watch);
    }, { capture: true });
  })()`);
  await wb.page.keyboard.press('Enter');
  const s = await retry(`first paint after "${title}"`, () =>
    wb.page.evaluate<{ enter: number; dom: number; paint: number; pane: number | null; origin: number } | null>(
      '(() => { const s = window.__taOpen; return s && s.enter !== null && s.dom !== null && s.paint !== null ? { ...s, origin: performance.timeOrigin } : null; })()',
    ), 60_000);
  return { paintMs: round(s.paint - s.enter), domMs: round(s.dom - s.enter), paneMs: s.pane !== null ? round(s.pane - s.enter) : null, enterEpochMs: s.origin + s.enter };
}

/**
 * Installs, in a webview's document, a watcher that stamps (epoch ms: performance.timeOrigin + now, comparable
 * across the workbench page and the webview) the first painted frame in which `shownJs` (JS source) is true.
 * Read the stamp with `paintStamp(frame)`.
 */
export async function watchFirstPaint(frame: Frame, shownJs: string): Promise<void> {
  await frame.evaluate(`(() => {
    const stamps = { paint: null };
    window.__taPaint = stamps;
    const shown = () => ${shownJs};
    const watch = () => {
      if (!shown()) return requestAnimationFrame(watch);
      const mc = new MessageChannel();
      mc.port1.onmessage = () => { stamps.paint = performance.timeOrigin + performance.now(); };
      mc.port2.postMessage(0);
    };
    requestAnimationFrame(watch);
  })()`);
}

/** The stamp `watchFirstPaint` left (epoch ms), waiting for it. */
export function paintStamp(frame: Frame, what: string): Promise<number> {
  return retry(what, () => frame.evaluate<number | null>('window.__taPaint && window.__taPaint.paint'), 60_000);
}
