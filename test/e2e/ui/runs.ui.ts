// Training runs in the real workbench (code-server + Chromium): the Runs view lists examples/runs, the
// editor-title action on a run file opens the run panel, its uPlot canvases are painted (non-blank pixels),
// the exploding-gradients diagnosis is drawn over the grad-norm chart, and the advice link of the diagnosis
// opens the advice in the sidebar. Screenshots: test-results/screenshots/runs-panel-{dark,light}.png (README).
import assert from 'node:assert/strict';
import type { FrameLocator } from 'playwright-core';
import { nls, retry, sharedWorkbench, type Workbench } from './lib';

/** The content frame of the visible webview that has `selector`. */
async function frameWith(wb: Workbench, selector: string): Promise<FrameLocator> {
  return retry(`a webview with ${selector}`, async () => {
    const frames = wb.page.frameLocator('iframe.webview.ready >> visible=true');
    const n = await wb.page.locator('iframe.webview.ready >> visible=true').count();
    for (let i = 0; i < n; i++) {
      const f = frames.nth(i).frameLocator('#active-frame');
      if ((await f.locator(selector).count().catch(() => 0)) > 0) return f;
    }
    return undefined;
  }, 30_000);
}

/** Pixels drawn on each chart canvas (alpha > 0): a painted line chart has thousands, a blank one none. */
async function paintedPixels(panel: FrameLocator): Promise<number[]> {
  return panel.locator('body').evaluate(() => [...document.querySelectorAll('.chart canvas')].map((c) => {
    const canvas = c as HTMLCanvasElement;
    const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
    let n = 0;
    for (let i = 3; i < data.length; i += 4) if (data[i] > 0) n++;
    return n;
  }));
}

describe('training runs (UI)', function () {
  this.timeout(180_000);

  it('the Runs view lists the workspace runs with their diagnoses', async () => {
    const wb = await sharedWorkbench();
    await wb.openSidebar();
    const view = wb.page.locator('.pane', { has: wb.page.locator('.pane-header', { hasText: nls('view.runs.name') }) }).first();
    await retry('the Runs view rows', async () => (await view.locator('.monaco-list-row', { hasText: 'exploding-gradients' }).count()) > 0, 60_000);
    await retry('the diagnosis row under the run', async () => (await view.locator('.monaco-list-row', { hasText: /Exploding gradients|梯度爆炸/ }).count()) > 0);
  });

  it('the editor-title action opens the run panel: charts painted, the diagnosis drawn', async () => {
    const wb = await sharedWorkbench();
    await wb.setColorTheme('Default Dark Modern');
    await wb.openFile('runs/exploding-gradients/train.log');
    const action = wb.page.locator(`.editor-actions .action-label[aria-label*="${nls('command.openRun')}"]`).first();
    await action.waitFor({ state: 'visible', timeout: 30_000 });
    await action.click();
    const panel = await frameWith(wb, '#charts .chart canvas');
    await retry('three charts (loss, learning rate, grad norm)', async () => (await panel.locator('.chart').count()) >= 3);
    const pixels = await retry('painted canvases', async () => {
      const p = await paintedPixels(panel);
      return p.length >= 3 && p.every((n) => n > 500) ? p : undefined;
    });
    assert.ok(pixels.every((n) => n > 500), `painted pixels per chart: ${pixels.join(', ')}`);
    // The series reach the webview as Float64Arrays through VS Code's postMessage and are decimated there: each
    // chart holds points (axes alone would pass the pixel check).
    const points = await panel.locator('.chart').evaluateAll((els) => els.map((e) => Number((e as HTMLElement).dataset.points)));
    assert.ok(points.length >= 3 && points.every((n) => n > 10), `points uPlot holds per chart: ${points.join(', ')}`);
    const marker = panel.locator('.chart[data-chart="grad_norm"] .diag-marker.warning');
    await marker.first().waitFor({ state: 'attached', timeout: 10_000 });
    const box = await marker.first().boundingBox();
    assert.ok(box && box.width >= 2 && box.height > 50, `marker box ${JSON.stringify(box)}`);
    const item = panel.locator('#diagnoses .diagnosis');
    assert.equal(await item.count(), 1);
    assert.match((await item.first().textContent()) ?? '', /grad_norm/);
    assert.ok((await item.first().locator('blockquote.advice').count()) >= 1, 'the advice quoted');
    await wb.screenshot('runs-panel-dark');
  });

  it('a light theme redraws the charts in its colours', async () => {
    const wb = await sharedWorkbench();
    await wb.setColorTheme('Default Light Modern');
    const panel = await frameWith(wb, '#charts .chart canvas');
    await retry('painted canvases after the theme change', async () => {
      const p = await paintedPixels(panel);
      return p.length >= 3 && p.every((n) => n > 500);
    });
    await wb.screenshot('runs-panel-light');
  });

  it("clicking the diagnosis' advice link opens the advice in the sidebar", async () => {
    const wb = await sharedWorkbench();
    const panel = await frameWith(wb, '#diagnoses a[data-advice]');
    await panel.locator('#diagnoses a[data-advice="9#5"]').click();
    const sidebar = await frameWith(wb, 'body[data-host="sidebar"]');
    await retry('entry 9 in the advice view', async () => /^9\./.test(((await sidebar.locator('#page .page-title').textContent({ timeout: 2000 }).catch(() => '')) ?? '').trim()), 30_000);
  });
});
