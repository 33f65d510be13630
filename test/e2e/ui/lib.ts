/**
 * UI test library: real VS Code (code-server) in headless Chromium with Training Advisor loaded the way
 * `npm start` loads it. For test/e2e/ui/*.ui.ts files (mocha, describe/it or suite/test):
 *
 *   import { sharedWorkbench } from './lib';
 *   it('shows the advice hover', async () => {
 *     const wb = await sharedWorkbench();          // a fresh one per test file, stopped by the runner after it
 *     await wb.openFile('train.py');               // path relative to the workspace (a copy of examples/)
 *     const text = await wb.hover(12, 9);          // 1-based line and column
 *     assert.match(text, /clip_grad_norm_/);
 *     await wb.screenshot('hover');                // → test-results/screenshots/hover.png
 *   });
 *
 * Selectors are for VS Code 1.100 (code-server 4.100.3). Everything waits for concrete UI and retries
 * the flaky triggers (hover, quick fix) instead of sleeping.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, FrameLocator, Page } from 'playwright-core';
import { launchChromium } from '../lib/browser';
import { ensureCodeServer, startCodeServer, type CodeServer, type StartOptions } from '../lib/codeServer';
import { FATAL_LOG, fatalServerLogLines } from '../lib/fatalLogs';
import { repoRoot, testResults } from '../lib/paths';

export const screenshotsDir = path.join(testResults, 'screenshots');

export interface WorkbenchOptions extends StartOptions {
  /** Load the extension from the repo as a development extension (default true; false with `vsix`). */
  devExtension?: boolean;
  viewport?: { width: number; height: number };
}

/** Localized strings of the manifest (package.nls.json), e.g. nls('command.search'). */
export function nls(key: string, lang: 'en' | 'zh-cn' = 'en'): string {
  const file = path.join(repoRoot, lang === 'en' ? 'package.nls.json' : `package.nls.${lang}.json`);
  const table = fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, string>) : {};
  const v = table[key];
  if (typeof v === 'string') return v;
  throw new Error(`${key} not in ${path.basename(file)}`);
}

/** Retries `fn` until it returns a truthy value or `timeoutMs` passes. */
export async function retry<T>(what: string, fn: () => Promise<T | undefined | null | false>, timeoutMs = 20_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms: ${what}${last ? ` (${String(last)})` : ''}`);
    await new Promise((r) => setTimeout(r, 300));
  }
}

export class Workbench {
  /** Errors the browser reported (console.error, uncaught exceptions), in order. */
  readonly browserErrors: string[] = [];

  constructor(
    readonly page: Page,
    readonly browser: Browser,
    readonly server: CodeServer,
  ) {
    page.on('console', (m) => {
      if (m.type() === 'error') this.browserErrors.push(m.text());
    });
    page.on('pageerror', (e) => this.browserErrors.push(String(e.stack ?? e)));
  }

  /**
   * Lines matching FATAL_LOG (an endless recursion VS Code only logs) in the browser's errors and in the
   * server's logs (extension host, the extension's own output channel, server.log). Read after stop().
   */
  fatalLogLines(): string[] {
    const browser = this.browserErrors.filter((l) => FATAL_LOG.test(l)).map((l) => `browser: ${l.split('\n')[0]}`);
    return [...browser, ...fatalServerLogLines(this.server)];
  }

  /** Absolute path of the workspace copy (edits made by tests land here, never in the repo). */
  get workspace(): string {
    return this.server.workspace;
  }

  /** Opens a workspace file (relative path) with Quick Open and waits for its editor. */
  async openFile(relPath: string): Promise<void> {
    const name = path.basename(relPath);
    await retry(`open ${relPath}`, async () => {
      await this.escape();
      await this.page.keyboard.press('Control+P');
      const input = this.page.locator('.quick-input-widget input');
      await input.waitFor({ state: 'visible', timeout: 5000 });
      await input.fill(relPath);
      const row = this.page.locator('.quick-input-list .monaco-list-row', { hasText: name }).first();
      await row.waitFor({ state: 'visible', timeout: 5000 });
      await this.page.keyboard.press('Enter');
      await this.page.locator('.tabs-container .tab.active', { hasText: name }).waitFor({ timeout: 5000 });
      return true;
    }, 45_000);
    await this.page.locator('.editor-instance .monaco-editor .view-lines').first().waitFor({ state: 'visible' });
  }

  /** Moves the cursor of the active editor (1-based line and column). */
  async goTo(line: number, column: number): Promise<void> {
    await this.page.locator('.editor-instance .monaco-editor .view-lines').first().click();
    await this.page.keyboard.press('Control+G');
    await this.page.keyboard.type(`${line}:${column}`);
    await this.page.keyboard.press('Enter');
  }

  /** Shows the hover at a position and returns its text ('' parts of other providers included). */
  async hover(line: number, column: number, expect?: RegExp): Promise<string> {
    await this.goTo(line, column);
    return retry(`hover at ${line}:${column}${expect ? ` matching ${expect}` : ''}`, async () => {
      await this.page.keyboard.press('Control+K');
      await this.page.keyboard.press('Control+I');
      const hover = this.page.locator('.monaco-hover:not(.hidden)').first();
      await hover.waitFor({ state: 'visible', timeout: 3000 });
      const text = (await hover.innerText()).trim();
      if (!text || (expect && !expect.test(text))) {
        await this.escape();
        return undefined;
      }
      return text;
    }, 30_000);
  }

  /** Opens the quick-fix menu (Ctrl+.) at a position; returns the rows' texts and leaves the menu open. */
  async quickFix(line: number, column: number, expect?: RegExp): Promise<string[]> {
    await this.goTo(line, column);
    return retry(`quick fix menu at ${line}:${column}${expect ? ` matching ${expect}` : ''}`, async () => {
      await this.escape();
      await this.page.keyboard.press('Control+.');
      const rows = this.page.locator('.action-widget .monaco-list-row');
      await rows.first().waitFor({ state: 'visible', timeout: 3000 });
      const texts = (await rows.allInnerTexts()).map((t) => t.trim());
      if (expect && !texts.some((t) => expect.test(t))) return undefined;
      return texts;
    }, 30_000);
  }

  /** Runs a command from the palette (F1) by its visible title, e.g. 'Training Advisor: Search Knowledge'. */
  async runCommand(title: string): Promise<void> {
    await retry(`command palette: ${title}`, async () => {
      await this.escape();
      await this.page.keyboard.press('F1');
      const input = this.page.locator('.quick-input-widget input');
      await input.waitFor({ state: 'visible', timeout: 5000 });
      await input.fill(`>${title}`);
      await this.page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().waitFor({ timeout: 5000 });
      await this.page.keyboard.press('Enter');
      return true;
    });
  }

  /** Texts of the rows of the open quick input (QuickPick), waiting until at least one matches `expect`. */
  async quickPickRows(expect?: RegExp): Promise<string[]> {
    return retry(`quick pick rows${expect ? ` matching ${expect}` : ''}`, async () => {
      const texts = await this.page.locator('.quick-input-widget .quick-input-list .monaco-list-row').allInnerTexts();
      if (texts.length === 0 || (expect && !texts.some((t) => expect.test(t)))) return undefined;
      return texts.map((t) => t.trim());
    });
  }

  /** Types into the open quick input (replacing its value). */
  async typeInQuickInput(text: string): Promise<void> {
    const input = this.page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible' });
    await input.fill(text);
  }

  /** Opens the Training Advisor activity-bar container; returns the sidebar webview's content frame. */
  async openSidebar(): Promise<FrameLocator> {
    const title = nls('view.container.title');
    const item = this.page.locator(`.activitybar .action-item a[aria-label^="${title}"], .activitybar .action-item .action-label[aria-label^="${title}"]`).first();
    await item.click();
    const frame = this.sidebarFrame();
    await frame.locator('body').waitFor({ state: 'attached', timeout: 30_000 });
    return frame;
  }

  /** The content document of the visible webview (two iframes deep). */
  sidebarFrame(): FrameLocator {
    return this.page.frameLocator('iframe.webview.ready >> visible=true').first().frameLocator('#active-frame');
  }

  /**
   * Merges user settings into the profile and reloads the window so they surely apply (the web workbench
   * does not reliably pick up edits of the settings file on disk). Open editors are restored by the reload;
   * for settings known up front prefer startWorkbench({ settings }). Not for the color theme: code-server
   * ignores `workbench.colorTheme` from the file (checked) — use setColorTheme().
   */
  async updateSettings(values: Record<string, unknown>): Promise<void> {
    const file = path.join(this.server.userData, 'User', 'settings.json');
    const current = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
    fs.writeFileSync(file, JSON.stringify({ ...current, ...values }, null, 2));
    await this.page.reload();
    await this.page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ state: 'visible', timeout: 90_000 });
  }

  /** Switches the color theme through the UI (Ctrl+K Ctrl+T), e.g. 'Default Light Modern'; waits until it is worn. */
  async setColorTheme(theme: string): Promise<void> {
    const cls = /light/i.test(theme) ? 'vs' : /high contrast/i.test(theme) ? 'hc-black' : 'vs-dark';
    const applied = async () => (await this.page.locator(`.monaco-workbench.${cls}`).count()) > 0;
    if (await applied()) return;
    await retry(`color theme picker for ${theme}`, async () => {
      await this.escape();
      // keyboard focus must be in the workbench, not in a webview, for the chord to reach it
      await this.page.locator('.part.statusbar').click({ position: { x: 5, y: 5 } }).catch(() => undefined);
      await this.page.keyboard.press('Control+K');
      await this.page.keyboard.press('Control+T');
      const input = this.page.locator('.quick-input-widget input');
      await input.waitFor({ state: 'visible', timeout: 5000 });
      await input.fill(theme);
      await this.page.locator('.quick-input-list .monaco-list-row', { hasText: theme }).first().waitFor({ timeout: 5000 });
      await this.page.keyboard.press('Enter');
      return true;
    });
    await retry(`theme ${theme} applied`, applied);
  }

  /** Saves a PNG; a bare name goes to test-results/screenshots/<name>.png. Returns the path. */
  async screenshot(nameOrPath: string): Promise<string> {
    const file = path.isAbsolute(nameOrPath) ? nameOrPath : path.join(screenshotsDir, nameOrPath.endsWith('.png') ? nameOrPath : `${nameOrPath}.png`);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    await this.page.screenshot({ path: file });
    return file;
  }

  /** Closes menus, hovers and quick inputs. */
  async escape(): Promise<void> {
    await this.page.keyboard.press('Escape');
  }

  /** Stops browser and server; returns fatalLogLines() (the logs are kept when there are any). */
  async close(keepLogs = false): Promise<string[]> {
    await this.browser.close().catch(() => undefined);
    await this.server.stop();
    const fatal = this.fatalLogLines();
    this.server.dispose(keepLogs || fatal.length > 0);
    return fatal;
  }
}

/** Starts code-server + Chromium and opens the workspace; resolves when the explorer shows files. */
export async function startWorkbench(opts: WorkbenchOptions = {}): Promise<Workbench> {
  ensureCodeServer();
  const server = await startCodeServer(opts);
  let browser: Browser | undefined;
  try {
    browser = await launchChromium(server.tmp);
    const page = await browser.newPage({ viewport: opts.viewport ?? { width: 1400, height: 900 } });
    const dev = opts.devExtension ?? !opts.vsix;
    await page.goto(server.workbenchUrl(dev ? { extensionDevelopmentPath: repoRoot } : {}));
    // `.monaco-workbench` appears before the remote connection is up: wait for real files instead.
    await page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ state: 'visible', timeout: 90_000 });
    return new Workbench(page, browser, server);
  } catch (e) {
    await browser?.close().catch(() => undefined);
    await server.stop();
    server.dispose(true);
    throw e;
  }
}

let shared: Promise<Workbench> | undefined;

/**
 * The workbench of the current test file: started on first use, closed by the runner after the file's
 * top-level suite, so every file starts from a known state (fresh profile and workspace copy: no open
 * editors, default theme, the sidebar on its topics page with no saved state). A reset step inside one
 * workbench would have to know every piece of state a test can leave behind (webview state, the last
 * sidebar route, theme, panels, edits); a fresh server knows none of it. Tests inside one file share it.
 */
export function sharedWorkbench(): Promise<Workbench> {
  shared ??= startWorkbench();
  return shared;
}

/**
 * Called by the UI runner after each test file's top-level suite (and at the end of the run). Returns the
 * workbench's fatal log lines (see FATAL_LOG); none when no workbench was started.
 */
export async function closeSharedWorkbench(keepLogs: boolean): Promise<string[]> {
  if (!shared) return [];
  const wb = await shared.catch(() => undefined);
  shared = undefined;
  return (await wb?.close(keepLogs)) ?? [];
}

/** Used by the runner to save a screenshot of a failed test. */
export async function sharedWorkbenchIfStarted(): Promise<Workbench | undefined> {
  return shared ? shared.catch(() => undefined) : undefined;
}
