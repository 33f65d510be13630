/**
 * The advice page in an editor tab, beside the code (like VS Code's Markdown preview): the same shell, CSP,
 * nonce, bundle (dist/webview.js), DOMPurify sanitizing and typed messages as the sidebar's advice view, and the
 * same renderer (src/core/render) — only the host differs. One tab, reused: opening another page navigates it
 * (a history step, so Back returns). Rule documentation opens here by default; any sidebar page can be moved
 * here with the view's "open in tab" button. Requests both hosts answer alike go to SidebarProvider.answer.
 */
import * as vscode from 'vscode';
import { parseToExtension, renderRoute, sameRoute, type Route, type ToExtension, type ToWebview } from '../../core/render';
import type { Services } from '../services';
import { makeNonce, shellHtml } from './html';
import type { SidebarLanguage } from './language';
import type { SidebarProvider } from './provider';

export const PAGE_PANEL_VIEW_TYPE = 'trainingAdvisor.page';

/** What the integration tests can see of the tab. */
export interface PagePanelState {
  open: boolean;
  ready: boolean;
  title: string | null;
  lastRoute: Route | null;
  pages: number;
}

export class PagePanel implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private ready = false;
  private pending: Route | null = null;
  private linkSeq = 0;
  private readonly subscriptions: vscode.Disposable[] = [];
  readonly state: PagePanelState = { open: false, ready: false, title: null, lastRoute: null, pages: 0 };

  constructor(
    private readonly services: Services,
    private readonly provider: SidebarProvider,
    language: SidebarLanguage,
  ) {
    this.subscriptions.push(language.onDidChange((lang) => this.post({ type: 'lang', lang })));
  }

  /** Show `route` in the tab: created beside the active editor on first use, else navigated and revealed. */
  async show(route: Route): Promise<void> {
    if (!this.panel) {
      this.create(route);
      return;
    }
    if (this.ready) this.postNavigate(route);
    else {
      this.pending = route;
      this.writeShell(this.panel, route);
    }
    this.panel.reveal(this.panel.viewColumn ?? vscode.ViewColumn.Beside, true);
  }

  private create(route: Route): void {
    const { extensionUri } = this.services.context;
    const panel = vscode.window.createWebviewPanel(
      PAGE_PANEL_VIEW_TYPE,
      'Training Advisor',
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
      {
        enableScripts: true,
        enableCommandUris: false,
        localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'media'), vscode.Uri.joinPath(extensionUri, 'dist')],
        // Like the sidebar view: a tab in the background keeps its page, history and scroll.
        retainContextWhenHidden: true,
      },
    );
    panel.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'sidebar-icon.svg');
    this.panel = panel;
    this.ready = false;
    this.pending = route;
    this.state.open = true;
    const subs = [panel.webview.onDidReceiveMessage((m: unknown) => this.onMessage(m))];
    panel.onDidDispose(() => {
      subs.forEach((d) => d.dispose());
      if (this.panel === panel) {
        this.panel = undefined;
        this.ready = false;
        Object.assign(this.state, { open: false, ready: false, title: null, lastRoute: null });
      }
    });
    this.writeShell(panel, route);
  }

  private writeShell(panel: vscode.WebviewPanel, route: Route): void {
    const { extensionUri } = this.services.context;
    const page = renderRoute(this.provider.ctx(), route);
    this.setTitle(page.title);
    panel.webview.html = shellHtml({
      cspSource: panel.webview.cspSource,
      nonce: makeNonce(),
      scriptUri: panel.webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'webview.js')).toString(),
      styleUri: panel.webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'media', 'sidebar.css')).toString(),
      lang: this.provider.ctx().lang,
      host: 'tab',
      initialPage: { route, title: page.title, html: page.html, deepLink: `tab-${++this.linkSeq}` },
    });
  }

  private setTitle(title: string): void {
    this.state.title = title;
    if (this.panel) this.panel.title = title || 'Training Advisor';
  }

  private post(m: ToWebview): void {
    if (this.panel) void this.panel.webview.postMessage(m);
  }

  private shown(route: Route, title: string): void {
    this.state.pages++;
    this.state.lastRoute = route;
    this.setTitle(title);
  }

  private postPage(route: Route): void {
    const page = renderRoute(this.provider.ctx(), route);
    this.shown(route, page.title);
    this.post({ type: 'page', route, title: page.title, html: page.html });
  }

  private postNavigate(route: Route): void {
    const page = renderRoute(this.provider.ctx(), route);
    this.shown(route, page.title);
    this.post({ type: 'navigate', route, page: { title: page.title, html: page.html } });
  }

  private onMessage(raw: unknown): void {
    const m = parseToExtension(raw);
    if (!m) {
      this.services.output.warn('page tab: ignored a malformed or unknown message from the webview');
      return;
    }
    void this.handle(m).catch((e: unknown) => this.services.output.error(`page tab: ${m.type} failed: ${e instanceof Error ? e.message : String(e)}`));
  }

  private async handle(m: ToExtension): Promise<void> {
    switch (m.type) {
      case 'ready': {
        this.ready = true;
        this.state.ready = true;
        const pending = this.pending;
        this.pending = null;
        const shown = m.hasPage ? m.route : null;
        if (shown) this.shown(shown, renderRoute(this.provider.ctx(), shown).title);
        if (pending && !(shown && sameRoute(shown, pending))) this.postNavigate(pending);
        else if (!shown) this.postPage(m.route ?? { kind: 'home' });
        return;
      }
      case 'navigate':
        return this.postPage(m.route);
      case 'revealFinding': // a tab lists no findings
      case 'setHintsOpen':
      case 'openInTab':
        return;
      default:
        return this.provider.answer(m, (x) => this.post(x));
    }
  }

  dispose(): void {
    this.panel?.dispose();
    this.subscriptions.forEach((d) => d.dispose());
  }
}

