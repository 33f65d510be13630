/**
 * The sidebar's webview view provider: serves the shell, answers the webview's (validated) messages with
 * pages rendered by src/core/render, runs search on the extension host's index (the same engine and the
 * same results as the command palette, and no index shipped to the webview), and follows the active
 * editor's findings for "In this file". Deep links arriving before the view is resolved are queued.
 */
import * as vscode from 'vscode';
import type { Lang } from '../../core/knowledge/types';
import {
  parseToExtension,
  renderFindings,
  renderRoute,
  renderSearchResults,
  sameRoute,
  uiText,
  type RenderContext,
  type Route,
  type RuleInfo,
  type ToExtension,
  type ToWebview,
} from '../../core/render';
import { queryLang } from '../../core/search/queryLang';
import type { Services } from '../services';
import { ActiveFileTracker } from './fileHints';
import { makeNonce, PLACEHOLDER_HTML, shellHtml } from './html';
import type { SidebarLanguage } from './language';

export const SIDEBAR_VIEW_ID = 'trainingAdvisor.sidebar';
const RECENT_KEY = 'trainingAdvisor.sidebar.recent';
const RECENT_MAX = 8;
const HINTS_OPEN_KEY = 'trainingAdvisor.sidebar.hintsOpen';

/**
 * Keep the webview's document alive while the view is hidden (another container shown, or the view collapsed):
 * re-showing it is then instant and keeps scroll, search and history without a reload. The cost is one idle
 * webview document kept in memory while hidden. The provider relies on it: it has no reload-on-show path.
 */
export const RETAIN_CONTEXT_WHEN_HIDDEN = true;

/** What the integration tests (and the log) can see of the view's life. */
export interface SidebarMetrics {
  resolved: number;
  ready: number;
  pages: number;
  lastRoute: Route | null;
  ignoredMessages: number;
}

/** How long `reveal` waits for a loading webview before giving up waiting (it still navigates once ready). */
const READY_WAIT_MS = 5000;

export class SidebarProvider implements vscode.WebviewViewProvider, vscode.Disposable {
  private view: vscode.WebviewView | undefined;
  private ready = false;
  private pending: Route | null = null;
  /** The search box should take focus once the webview is ready (the Topics tree's search action). */
  private focusSearchWhenReady = false;
  private recent: string[];
  private readonly files = new ActiveFileTracker();
  private readonly subscriptions: vscode.Disposable[] = [this.files];
  private findingsTimer: ReturnType<typeof setTimeout> | undefined;
  readonly metrics: SidebarMetrics = { resolved: 0, ready: 0, pages: 0, lastRoute: null, ignoredMessages: 0 };
  /** Callers of `reveal` waiting for the webview's next `ready`. */
  private readyWaiters: Array<() => void> = [];
  private linkSeq = 0;

  constructor(
    private readonly services: Services,
    private readonly getRule: (id: string) => RuleInfo | undefined,
    private readonly language: SidebarLanguage,
    /** Resolves once the Topics tree has painted its first rows (or right away when it is not opening). */
    private readonly loadAfterTopics: () => Promise<void> = () => Promise.resolve(),
    /** Opens a page in an editor tab (the "open in tab" button); set by registerSidebar. */
    private readonly openInTab: (route: Route) => Promise<unknown> = () => Promise.resolve(),
  ) {
    const stored = services.context.globalState.get<unknown>(RECENT_KEY);
    this.recent = Array.isArray(stored) ? stored.filter((k): k is string => typeof k === 'string').slice(0, RECENT_MAX) : [];
    this.subscriptions.push(
      this.files.onDidChange(() => this.postFindings()),
      services.analysis.onDidChangeFindings((uri) => {
        if (uri.toString() === this.files.current?.toString()) this.scheduleFindings();
      }),
      services.knowledge.onDidChange(() => this.refresh()),
      // The setting, the Topics tree's toggle or this view's own: the page re-renders in the new language.
      language.onDidChange((lang) => {
        if (this.view) this.view.title = uiText(lang, 'adviceView');
        this.post({ type: 'lang', lang });
        this.postFindings();
      }),
    );
  }

  private get lang(): Lang {
    return this.language.current;
  }

  resolveWebviewView(view: vscode.WebviewView): void {
    this.metrics.resolved++;
    this.view = view;
    this.ready = false;
    // Like the Topics tree's: the header follows the sidebar language, not VS Code's display language.
    view.title = uiText(this.lang, 'adviceView');
    const { extensionUri } = this.services.context;
    const media = vscode.Uri.joinPath(extensionUri, 'media');
    const dist = vscode.Uri.joinPath(extensionUri, 'dist');
    // Until the shell is written (below, after the Topics tree paints) the view shows an empty document that still
    // carries a CSP: VS Code loads a document as soon as the options are set, and one without a policy is reported
    // ("created a webview without a content security policy"). Set first, so no document ever lacks it.
    view.webview.html = PLACEHOLDER_HTML;
    view.webview.options = { enableScripts: true, enableCommandUris: false, localResourceRoots: [media, dist] };
    // The Topics tree above opens with this view: let it paint first (the webview's document loads on the same
    // workbench thread), then load ours. A no-op when the tree has already painted.
    void this.loadAfterTopics().then(() => { if (this.view === view && !this.ready) this.writeShell(view); });
    // The view is registered with retainContextWhenHidden (RETAIN_CONTEXT_WHEN_HIDDEN): hiding it keeps the
    // page alive, so nothing is reloaded on show.
    const subs = [view.webview.onDidReceiveMessage((m: unknown) => this.onMessage(m))];
    view.onDidDispose(() => {
      subs.forEach((d) => d.dispose());
      if (this.view === view) {
        this.view = undefined;
        this.ready = false;
      }
    });
  }

  /** The page to embed in the shell: the queued deep link, else the page the view was on, else the topics. */
  private initialPage(): { route: Route; title: string; html: string; deepLink: string | null } {
    const route = this.pending ?? this.metrics.lastRoute ?? { kind: 'home' };
    return { route, deepLink: this.pending ? `link-${++this.linkSeq}` : null, ...renderRoute(this.ctx(), route) };
  }

  /** (Re)write the shell: once resolved, and again when a deep link arrives before the page has loaded. */
  private writeShell(view: vscode.WebviewView): void {
    const dist = vscode.Uri.joinPath(this.services.context.extensionUri, 'dist');
    const media = vscode.Uri.joinPath(this.services.context.extensionUri, 'media');
    view.webview.html = shellHtml({
      cspSource: view.webview.cspSource,
      nonce: makeNonce(),
      scriptUri: view.webview.asWebviewUri(vscode.Uri.joinPath(dist, 'webview.js')).toString(),
      styleUri: view.webview.asWebviewUri(vscode.Uri.joinPath(media, 'sidebar.css')).toString(),
      lang: this.lang,
      initialPage: this.initialPage(),
      hintsOpen: this.services.context.globalState.get<boolean>(HINTS_OPEN_KEY) ?? true,
    });
  }

  /** Focus the view and show `route`; queued until the webview is ready. */
  async reveal(route: Route): Promise<void> {
    if (this.view && this.ready) this.postNavigate(route);
    else {
      this.pending = route;
      // Hidden but resolved: the next show loads the stored shell, so embed the deep link in it now.
      if (this.view && !this.view.visible) this.writeShell(this.view);
    }
    await vscode.commands.executeCommand(`${SIDEBAR_VIEW_ID}.focus`);
    // VS Code moves focus into a webview when it finishes loading. Resolve only then (bounded), so a Quick Pick
    // the user opens right after following a link is not closed by that late focus change.
    if (!this.ready) await this.whenReady(READY_WAIT_MS);
  }

  private whenReady(timeoutMs: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, timeoutMs);
      const waiters = this.readyWaiters;
      function done(): void {
        clearTimeout(timer);
        const i = waiters.indexOf(done);
        if (i >= 0) waiters.splice(i, 1);
        resolve();
      }
      waiters.push(done);
    });
  }

  /** Focus the view without moving it (expands it when collapsed). */
  async focus(): Promise<void> {
    await vscode.commands.executeCommand(`${SIDEBAR_VIEW_ID}.focus`);
  }

  /** Show the view and put the keyboard in its search box (now, or once the webview has loaded). */
  async focusSearch(): Promise<void> {
    this.focusSearchWhenReady = true;
    await this.focus();
    if (this.ready) this.flushFocusSearch();
    else await this.whenReady(READY_WAIT_MS);
  }

  private flushFocusSearch(): void {
    if (!this.focusSearchWhenReady) return;
    this.focusSearchWhenReady = false;
    this.post({ type: 'focusSearch' });
  }

  /** Remember an entry the user read (newest first), for the home page's "Recently read". */
  private noteRead(route: Route): void {
    if (route.kind !== 'entry') return;
    this.recent = [route.key, ...this.recent.filter((k) => k !== route.key)].slice(0, RECENT_MAX);
    void this.services.context.globalState.update(RECENT_KEY, this.recent);
  }

  get isReady(): boolean {
    return this.ready;
  }

  /** The render context for a page in the sidebar's language (the editor tab renders with it too). */
  ctx(): RenderContext {
    return { kb: this.services.knowledge.kb, lang: this.lang, getRule: this.getRule, recent: this.recent };
  }

  private post(m: ToWebview): void {
    if (this.view) void this.view.webview.postMessage(m);
  }

  private refresh(): void {
    this.postFindings();
    if (this.metrics.lastRoute) this.postPage(this.metrics.lastRoute);
  }

  /** A page the view now shows: counted, remembered as the view's page and (an entry) as recently read. */
  private noteShown(route: Route): void {
    this.metrics.pages++;
    this.metrics.lastRoute = route;
    this.noteRead(route);
  }

  private postPage(route: Route): void {
    const page = renderRoute(this.ctx(), route);
    this.noteShown(route);
    this.post({ type: 'page', route, title: page.title, html: page.html });
  }

  /** A deep link into the live view: the page goes along, so it shows without a second round trip. */
  private postNavigate(route: Route): void {
    const page = renderRoute(this.ctx(), route);
    this.noteShown(route);
    this.post({ type: 'navigate', route, page: { title: page.title, html: page.html } });
  }

  private scheduleFindings(): void {
    clearTimeout(this.findingsTimer);
    this.findingsTimer = setTimeout(() => this.postFindings(), 50);
  }

  private postFindings(): void {
    if (!this.ready) return;
    const uri = this.files.current;
    const findings = uri ? this.services.analysis.findingsFor(uri) : [];
    const fileName = uri ? uri.path.split('/').pop() ?? uri.toString() : null;
    this.post({ type: 'findings', fileName, count: findings.length, html: renderFindings(this.ctx(), uri?.toString() ?? null, findings) });
  }

  private onMessage(raw: unknown): void {
    const m = parseToExtension(raw);
    if (!m) {
      this.metrics.ignoredMessages++;
      let shown: string;
      try { shown = JSON.stringify(raw)?.slice(0, 200) ?? String(raw); } catch { shown = typeof raw; }
      this.services.output.warn(`sidebar: ignored a malformed or unknown message from the webview: ${shown}`);
      return;
    }
    void this.handle(m).catch((e: unknown) => this.services.output.error(`sidebar: ${m.type} failed: ${e instanceof Error ? e.message : String(e)}`));
  }

  private async handle(m: ToExtension): Promise<void> {
    switch (m.type) {
      case 'ready': {
        this.ready = true;
        this.metrics.ready++;
        for (const wake of [...this.readyWaiters]) wake();
        this.postFindings();
        this.flushFocusSearch();
        const pending = this.pending;
        this.pending = null;
        const shown = m.hasPage ? m.route : null;
        if (shown) this.noteShown(shown);
        if (pending && !(shown && sameRoute(shown, pending))) this.postNavigate(pending);
        else if (!shown) this.postPage(m.route ?? { kind: 'home' });
        return;
      }
      case 'navigate':
        return this.postPage(m.route);
      case 'revealFinding':
        return this.revealFinding(m.uri, m.line, m.character, m.cell);
      case 'setHintsOpen':
        await this.services.context.globalState.update(HINTS_OPEN_KEY, m.open);
        return;
      case 'openInTab':
        await this.openInTab(m.route);
        return;
      default:
        await this.answer(m, (x) => this.post(x));
    }
  }

  /**
   * The requests any page host answers the same way (this view and the editor tab, sidebar/panel.ts): search,
   * language, copy/insert, external links. `reply` posts to the webview that asked.
   */
  async answer(m: ToExtension, reply: (m: ToWebview) => void): Promise<void> {
    switch (m.type) {
      case 'search': {
        const lang = queryLang(m.query, this.lang);
        const results = this.services.knowledge.search(m.query, { limit: 20, lang });
        reply({ type: 'searchResults', seq: m.seq, query: m.query, count: results.length, html: renderSearchResults(results, lang) });
        return;
      }
      case 'setLang':
        // Fires language.onDidChange: the Topics tree follows, and the findings are re-sent in the new language.
        await this.language.set(m.lang);
        return;
      case 'copySnippet': {
        const card = this.services.knowledge.kb.cards.find((c) => c.id === m.cardId);
        if (!card) return;
        await vscode.env.clipboard.writeText(card.snippet);
        reply({ type: 'notice', text: uiText(this.lang, 'copied') });
        return;
      }
      case 'copyText':
        await vscode.env.clipboard.writeText(m.text);
        reply({ type: 'notice', text: uiText(this.lang, 'copied') });
        return;
      case 'insertSnippet':
        return this.insertSnippet(m.cardId, reply);
      case 'openExternal':
        await vscode.env.openExternal(vscode.Uri.parse(m.url, true));
        return;
    }
  }

  private async revealFinding(uriText: string, line: number, character: number, cell: number | null): Promise<void> {
    // Only the file the panel shows can be revealed: the webview cannot make us open arbitrary URIs.
    const uri = this.files.current;
    if (!uri || uri.toString() !== uriText) {
      this.services.output.warn(`sidebar: ignored reveal of ${uriText} (not the file shown)`);
      return;
    }
    const pos = new vscode.Position(line, character);
    const selection = new vscode.Range(pos, pos);
    let doc: vscode.TextDocument;
    if (cell !== null) {
      const nb = vscode.workspace.notebookDocuments.find((n) => n.uri.toString() === uriText);
      if (!nb || cell >= nb.cellCount) return;
      doc = nb.cellAt(cell).document;
    } else {
      doc = await vscode.workspace.openTextDocument(uri);
    }
    const visible = vscode.window.visibleTextEditors.find((e) => e.document === doc);
    const editor = await vscode.window.showTextDocument(doc, { selection, viewColumn: visible?.viewColumn, preserveFocus: false });
    editor.revealRange(selection, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  }

  private async insertSnippet(cardId: string, reply: (m: ToWebview) => void): Promise<void> {
    const card = this.services.knowledge.kb.cards.find((c) => c.id === cardId);
    if (!card) return;
    const editor = this.files.lastEditor;
    if (!editor) {
      reply({ type: 'notice', text: uiText(this.lang, 'noEditorToInsert') });
      return;
    }
    // Indent continuation lines like the cursor's line, so the snippet lands inside a loop body correctly.
    const at = editor.selection.active;
    const indent = /^\s*/.exec(editor.document.lineAt(at.line).text)?.[0] ?? '';
    const eol = editor.document.eol === vscode.EndOfLine.CRLF ? '\r\n' : '\n';
    const text = card.snippet.replace(/\r?\n$/, '').split(/\r?\n/).join(eol + indent);
    const ok = await editor.edit((b) => b.replace(editor.selection, text));
    if (ok) {
      await vscode.window.showTextDocument(editor.document, { viewColumn: editor.viewColumn, preserveFocus: false });
      reply({ type: 'notice', text: uiText(this.lang, 'inserted') });
    }
  }

  dispose(): void {
    clearTimeout(this.findingsTimer);
    this.subscriptions.forEach((d) => d.dispose());
  }
}
