// UI test: hostile content in a team knowledge pack does nothing in real Chromium. The pack
// (test/fixtures/packs/hostile-pack) holds <script>, event handlers, javascript: links, SVG/MathML payloads,
// <meta http-equiv=refresh>, <iframe>/<object>/<embed>, <base href>, <style>/<link>/style="url(…)" loads and a
// Markdown image; each would set window.__pwned or request a recording HTTP server on 127.0.0.1 if it ran or
// loaded. The pack is loaded through trainingAdvisor.knowledgePaths, its entries opened in the sidebar, found by
// search (sidebar and command palette), quoted in hovers; then: zero requests, no frame with __pwned, and the
// entry's text still visible (rendered as inert text / sanitized HTML).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { FrameLocator } from 'playwright-core';
import { nls, retry, startWorkbench, type Workbench } from './lib';
import { repoRoot } from '../lib/paths';

const PACK = path.join(repoRoot, 'test/fixtures/packs/hostile-pack');
const LOOP = ['import torch', 'import torch.nn.functional as F', '', '', 'def train(model, loader, optimizer):', '    model.train()',
  '    for inputs, targets in loader:', '        optimizer.zero_grad()', '        loss = F.cross_entropy(model(inputs), targets)',
  '        loss.backward()', '        optimizer.step()', ''].join('\n');
const API = ['import torch', '', '', 'def clip(model):', '    torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)', ''].join('\n');

/**
 * Every request the payloads might make lands here. Connections are counted too: an https:// payload reaches
 * this plain-HTTP port as a TLS handshake that never becomes a request, but it is a connection all the same.
 */
function recordingServer(): Promise<{ port: number; requests: string[]; connections: () => number; close: () => Promise<void> }> {
  const requests: string[] = [];
  let connections = 0;
  const server = http.createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    res.writeHead(200, { 'content-type': 'text/plain', 'access-control-allow-origin': '*' });
    res.end('recorded');
  });
  server.on('connection', () => connections++);
  server.on('clientError', (_e, socket) => {
    requests.push('(a non-HTTP connection, e.g. a TLS handshake)');
    socket.destroy();
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({
    port: (server.address() as AddressInfo).port,
    requests,
    connections: () => connections,
    close: () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }),
  })));
}

/** The workspace: examples/ plus the hostile pack (port filled in) and two small training files. */
function prepareWorkspace(port: number): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ta-hostile-ws-'));
  fs.cpSync(path.join(repoRoot, 'examples'), dir, { recursive: true });
  const copy = (from: string, to: string) => {
    for (const e of fs.readdirSync(from, { withFileTypes: true })) {
      const src = path.join(from, e.name);
      const dst = path.join(to, e.name);
      if (e.isDirectory()) {
        fs.mkdirSync(dst, { recursive: true });
        copy(src, dst);
      } else fs.writeFileSync(dst, fs.readFileSync(src, 'utf8').replaceAll('__PORT__', String(port)));
    }
  };
  fs.mkdirSync(path.join(dir, 'hostile-pack'));
  copy(PACK, path.join(dir, 'hostile-pack'));
  fs.writeFileSync(path.join(dir, 'hostile_loop.py'), LOOP);
  fs.writeFileSync(path.join(dir, 'hostile_api.py'), API);
  return dir;
}

/** `window.__pwned` in every frame of the page (the workbench, each webview's outer and inner frame). */
async function pwnedFrames(wb: Workbench): Promise<string[]> {
  const hits: string[] = [];
  for (const f of wb.page.frames()) {
    const v = await f.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned).catch(() => undefined);
    if (v !== undefined) hits.push(`${f.url().slice(0, 120)} → ${String(v)}`);
  }
  return hits;
}

suite('hostile pack content (UI)', function () {
  this.timeout(300_000);
  let rec: Awaited<ReturnType<typeof recordingServer>>;
  let wb: Workbench;
  let workspaceSource: string;
  let frame: FrameLocator;

  suiteSetup(async () => {
    rec = await recordingServer();
    workspaceSource = prepareWorkspace(rec.port);
    wb = await startWorkbench({ workspaceSource, settings: { 'trainingAdvisor.knowledgePaths': ['hostile-pack'] } });
  });
  suiteTeardown(async () => {
    const fatal = (await wb?.close(false)) ?? [];
    await rec?.close();
    if (workspaceSource) fs.rmSync(workspaceSource, { recursive: true, force: true });
    assert.deepEqual(fatal, [], 'the workbench logged no endless recursion');
  });

  test('the sidebar finds and shows the hostile entry as inert text', async () => {
    await wb.openFile('hostile_loop.py');
    // The advice view starts collapsed under the Topics tree: its search action opens it at the search box.
    await wb.runCommand(`Training Advisor: ${nls('command.focusSidebarSearch')}`);
    frame = wb.sidebarFrame();
    await frame.locator('#page .topic-list, #page .page-title').first().waitFor({ state: 'visible', timeout: 60_000 });
    const search = frame.locator('#search');
    // The pack loads shortly after activation: search until its entry shows up.
    const option = frame.locator('#results [role="option"]', { hasText: /Quokka/i }).first();
    await retry('the hostile entry among the search results', async () => {
      await search.fill('');
      await search.fill('quokka');
      await option.waitFor({ state: 'visible', timeout: 3000 });
      return true;
    }, 60_000);
    await option.click();
    const page = frame.locator('#page');
    await retry('the entry page', async () => /Quokka hostile title/.test(await page.innerText()), 15_000);
    const text = await page.innerText();
    for (const visible of ['Quokka hostile title', 'with a script', 'quokka hover me', 'quokka styled div', 'Quokka SVG and MathML']) {
      assert.ok(text.includes(visible), `"${visible}" visible in the entry page:\n${text.slice(0, 2000)}`);
    }
    // Nothing active survived sanitizing.
    const active = await page.evaluate((el) => {
      const bad = el.querySelectorAll('script, iframe, object, embed, img, style, link, meta, base, svg, math, form, input, video, audio, [style], [onerror], [onload], [onclick], [onmouseover], [ontoggle], [srcdoc]');
      const js = [...el.querySelectorAll('a[href]')].filter((a) => !/^(https:|#)/i.test(a.getAttribute('href') ?? ''));
      return [...bad, ...js].map((n) => n.outerHTML.slice(0, 120));
    });
    assert.deepEqual(active, [], 'no active elements or attributes in the rendered entry');
    // Hover the links and the styled element, as a reader would.
    for (const t of ['quokka hover me', 'quokka-js-link', 'javascript link', 'quokka styled div']) {
      const el = page.getByText(t).first();
      if (await el.count()) await el.hover().catch(() => undefined);
    }
    const js = page.getByText('javascript link').first();
    if (await js.count()) await js.click().catch(() => undefined);
    await wb.screenshot('hostile-sidebar');
  });

  test("the hostile card opens in the sidebar and the command palette search lists the entry", async () => {
    const search = frame.locator('#search');
    await search.fill('quokka hostile card');
    const card = frame.locator('#results [role="option"]', { hasText: /Quokka/ }).first();
    await card.waitFor({ state: 'visible', timeout: 15_000 });
    await card.click();
    const summary = frame.locator('#page .card > summary').first();
    if (await summary.count()) await summary.click();
    await frame.locator('#page').getByText(/Quokka (summary|hostile card)/).first().waitFor({ state: 'visible', timeout: 15_000 });

    await wb.runCommand(`Training Advisor: ${nls('command.search')}`);
    await wb.typeInQuickInput('quokka');
    const rows = await wb.quickPickRows(/Quokka/);
    assert.ok(rows.some((r) => /Quokka/.test(r)), rows.join('\n'));
    await wb.escape();
  });

  test('hovers quote the hostile item (finding hover via rules:, API hover via the card) without running it', async () => {
    await wb.openFile('hostile_loop.py');
    const hover = await wb.hover(10, 14, /hostile-pack:1#/);
    assert.match(hover, /Quokka/);
    await wb.escape();
    await wb.openFile('hostile_api.py');
    const apiHover = await wb.hover(5, 25, /Quokka/);
    assert.match(apiHover, /Quokka hostile card/);
    await wb.screenshot('hostile-hover');
    await wb.escape();
  });

  test('nothing ran and nothing was requested', async () => {
    await new Promise((r) => setTimeout(r, 3000)); // a delayed meta refresh or lazy load would land by now
    const frames = wb.page.frames();
    assert.ok(frames.length >= 3, `the webview's frames are inspected too (${frames.map((f) => f.url().slice(0, 60)).join(', ')})`);
    assert.deepEqual(await pwnedFrames(wb), [], 'no frame has window.__pwned');
    assert.deepEqual(rec.requests, [], 'the recording server got no requests');
    assert.equal(rec.connections(), 0, 'no connection (http or https) reached the recording server');
    // Controls, so the checks above can fail: the probe sees a global set inside the webview's content frame,
    // and the recorder sees this browser's requests, plain and TLS.
    // The content document sits two frames deep (workbench → webview host iframe → #active-frame).
    const inner = frames.find((f) => f.parentFrame()?.parentFrame() != null);
    assert.ok(inner, `the webview's content frame among ${frames.map((f) => f.url().slice(0, 60)).join(', ')}`);
    await inner.evaluate(() => ((window as unknown as { __pwned?: number }).__pwned = 2));
    assert.equal((await pwnedFrames(wb)).length, 1, 'the probe sees a global set in the webview');
    const control = await wb.browser.newPage();
    await control.goto(`http://127.0.0.1:${rec.port}/control`).catch(() => undefined);
    await control.goto(`https://127.0.0.1:${rec.port}/control-tls`).catch(() => undefined);
    await control.close();
    await retry('the control requests recorded', async () => rec.requests.includes('GET /control') && rec.requests.length >= 2, 10_000);
  });
});
