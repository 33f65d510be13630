// Run panel paint (issue 14: "the panel paints a 1,000,000-point series in < 300 ms in Chromium"). Headless
// Debian Chromium (playwright-core) loads bench/panel/page.html: the real panel script (a test build of it, dist/bench/) behind a
// stand-in acquireVsCodeApi. Each row posts the model message the extension posts (series as Float64Arrays)
// and times it in the page from the message's receipt to the charts on screen (the panel's 'painted' post, one
// frame after uPlot drew, then one more frame). Baseline in the same run: the same message with a 1,000-point
// series. Builds its own test build of the panel script (dist/bench/); take the locks:
//   flock /tmp/bench.lock flock /tmp/e2e.lock node bench/run.mjs panel
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import * as esbuild from 'esbuild';
import { chromium, type Page } from 'playwright-core';

const ROOT = path.resolve(__dirname, '..');
const RUNS = 5;
const TARGET_MS = 300;
/**
 * The panel as shipped (same entry, minified), but a test build: the shipped bundle drops its 'painted' post
 * (TEST_HOOKS), which is what the page times. Built here into dist/bench/, which page.html loads.
 */
async function buildTestPanel(): Promise<void> {
  await esbuild.build({
    entryPoints: [path.join(ROOT, 'src/webview/runPanel.ts')], outfile: path.join(ROOT, 'dist/bench/runPanel.js'),
    bundle: true, minify: true, platform: 'browser', format: 'iife', target: 'es2022', legalComments: 'none', logLevel: 'warning',
    define: { TEST_HOOKS: 'true' },
  });
}

interface Timing { postToReceiptMs: number; receiptToPaintedMs: number; charts: number; markers: number }
interface Row { label: string; n: number; kind: 'series' | 'run'; points: number; coldMs: number; medianMs: number; minMs: number; postMs: number; painted: number[]; markers: number; drawn: number }
interface Zoom { ms: number; before: number; zoomed: number; reset: number }

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const home = fs.mkdtempSync(path.join(os.tmpdir(), 'ta-bench-panel-'));

/**
 * Drag-zooms the chart to 1 % of its width and times the repaint (mouseup → two frames). The chart must then
 * hold about as many points as before (the visible range re-decimated), not the ~1 % of them uPlot would
 * otherwise stretch; a double-click must bring back the whole run.
 */
async function zoomInto(page: Page, before: number): Promise<Zoom> {
  const over = page.locator('.chart .u-over').first();
  const box = (await over.boundingBox())!;
  const timer = page.evaluate(() => (window as unknown as { __bench: { nextMouseup(): Promise<number> } }).__bench.nextMouseup());
  const x = box.x + box.width * 0.4;
  await page.mouse.move(x, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(x + box.width * 0.005, box.y + box.height / 2, { steps: 2 });
  await page.mouse.move(x + box.width * 0.01, box.y + box.height / 2, { steps: 2 });
  await page.mouse.up();
  const ms = await timer;
  const zoomed = Number(await page.locator('.chart').first().getAttribute('data-points'));
  if (!(zoomed > before / 4)) throw new Error(`zoomed to 1 %, the chart holds ${zoomed} points (${before} before): the visible range was not re-decimated`);
  await over.dblclick({ position: { x: box.width / 2, y: box.height / 2 } });
  await page.waitForTimeout(100);
  const reset = Number(await page.locator('.chart').first().getAttribute('data-points'));
  // Not exactly `before`: uPlot settles its plot area's padding after the first draw, so the column count differs a little.
  if (!(Math.abs(reset - before) < before * 0.1)) throw new Error(`double-click did not reset the zoom: ${reset} points, ${before} at first`);
  return { ms, before, zoomed, reset };
}

async function main(): Promise<void> {
  await buildTestPanel();
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    env: { ...process.env, XDG_CONFIG_HOME: path.join(home, 'config'), XDG_CACHE_HOME: path.join(home, 'cache') },
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update',
      '--disable-sync', '--no-first-run', '--js-flags=--expose-gc'],
  });
  const rows: Row[] = [];
  let zoom: Zoom | null = null;
  try {
    const cases: Array<{ label: string; n: number; kind: 'series' | 'run' }> = [
      { label: '1,000-point series (baseline)', n: 1_000, kind: 'series' },
      { label: '100,000-point series', n: 100_000, kind: 'series' },
      { label: '**1,000,000-point series**', n: 1_000_000, kind: 'series' },
      { label: '10,000,000-point series', n: 10_000_000, kind: 'series' },
      { label: '1M-step run: 5 series in 4 charts', n: 1_000_000, kind: 'run' },
    ];
    for (const c of cases) {
      // A fresh page per row: its first paint is the cold one a newly opened panel pays.
      const page = await browser.newPage({ viewport: { width: 1600, height: 1000 }, deviceScaleFactor: 1 });
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(String(e)));
      await page.goto(pathToFileURL(path.join(ROOT, 'bench', 'panel', 'page.html')).href);
      await page.waitForFunction(() => typeof (window as unknown as { __bench?: unknown }).__bench === 'object');
      const points = await page.evaluate(([n, kind]) => (window as unknown as { __bench: { prepare(n: number, k: string): number } }).__bench.prepare(n as number, kind as string), [c.n, c.kind]);
      const times: Timing[] = [];
      for (let i = 0; i < RUNS + 1; i++) {
        times.push(await page.evaluate(() => (window as unknown as { __bench: { run(): Promise<Timing> } }).__bench.run()));
        await page.waitForTimeout(100);
      }
      const painted = await page.evaluate(() => (window as unknown as { __bench: { painted(): number[] } }).__bench.painted());
      if (errors.length) throw new Error(`page errors for ${c.label}: ${errors.join('; ')}`);
      if (!painted.length || painted.some((p) => p < 500)) throw new Error(`${c.label}: blank chart canvas (${painted.join(', ')} pixels drawn)`);
      if (times.some((t) => t.markers < 1)) throw new Error(`${c.label}: the NaN-loss diagnosis marker was not drawn`);
      const drawn = Number(await page.locator('.chart').first().getAttribute('data-points'));
      if (c.n === 1_000_000 && c.kind === 'series') zoom = await zoomInto(page, drawn);
      const warm = times.slice(1).map((t) => t.receiptToPaintedMs);
      rows.push({
        label: c.label, n: c.n, kind: c.kind, points, coldMs: times[0].receiptToPaintedMs, medianMs: median(warm), minMs: Math.min(...warm),
        postMs: median(times.slice(1).map((t) => t.postToReceiptMs)), painted, markers: times[times.length - 1].markers, drawn,
      });
      await page.close();
    }
  } finally {
    await browser.close();
    fs.rmSync(home, { recursive: true, force: true });
  }

  const base = rows[0];
  const fmt = (ms: number) => ms.toFixed(ms < 10 ? 1 : 0);
  const target = (r: Row) => (r.n === 1_000_000 && r.kind === 'series' ? `< ${TARGET_MS} ms ${r.medianMs < TARGET_MS && r.coldMs < TARGET_MS ? '✓' : '✗'}` : '');
  console.log(`## Run panel paint (Chromium)

Headless Chromium ${'(software canvas, 1600×1000 viewport)'} with the real panel script (\`src/webview/runPanel.ts\` minified, a test build for its 'painted' post); time from the model
message's receipt in the webview to the charts on screen, median of ${RUNS} repaints in one page (cold = the page's
first paint). The ratio compares the median with the 1,000-point baseline measured in the same run.

| what | points | uPlot gets (1st chart) | cold ms | median ms | × baseline | postMessage clone ms | target |
|---|---:|---:|---:|---:|---:|---:|---|
${rows.map((r) => `| ${r.label} | ${r.points.toLocaleString('en')} | ${r.drawn.toLocaleString('en')} | ${fmt(r.coldMs)} | ${fmt(r.medianMs)} | ${(r.medianMs / base.medianMs).toFixed(2)}× | ${fmt(r.postMs)} | ${target(r)} |`).join('\n')}

Drag-zoom of the 1,000,000-point chart to 1 % of its width: ${zoom ? `${fmt(zoom.ms)} ms from mouseup to the repainted frame; uPlot holds ${zoom.zoomed.toLocaleString('en')} points of the visible range (${zoom.before.toLocaleString('en')} for the whole run; a double-click brings back ${zoom.reset.toLocaleString('en')})` : 'not measured'}.

Every row drew each chart canvas (≥ 500 painted pixels) and the NaN-loss diagnosis marker. The panel hands uPlot
each series decimated to the chart's pixel width (min/max per pixel column, one pass over the Float64Arrays,
src/core/runs/panel/decimate.ts) and re-decimates the visible range on zoom. "postMessage clone" is the
structured clone of the message inside this page, outside the measured time; VS Code carries typed arrays as
binary buffers too (engine ≥ 1.57), not JSON.`);
  console.log('BENCH_JSON ' + JSON.stringify({ targetMs: TARGET_MS, zoom, rows: rows.map((r) => ({ ...r, ratio: r.medianMs / base.medianMs })) }));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
