/**
 * A read-only rendered view of an entry (scrolled to an item) or of a rule's page, in an editor-area webview
 * panel. It is the fallback `Open Advice` / `Show Rule Documentation` use when no sidebar controller is
 * registered (services.sidebar); pages come from src/core/render (the same HTML the sidebar shows).
 * Strict CSP: no remote content, one nonce'd script that only scrolls and forwards navigation clicks.
 */
import * as vscode from 'vscode';
import type { Lang } from '../core/knowledge/types';
import { renderEntry, renderRule, type RenderContext, type Route } from '../core/render';
import { parseAdviceRef } from '../core/knowledge/refs';
import { getRule } from './core';
import { t } from './i18n';
import type { RuleInfo } from './pure/markdown';

export class AdviceView implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private route: Route | undefined;

  constructor(private readonly kb: () => RenderContext['kb'], private readonly lang: () => Lang) {}

  /** Opens (or reuses) the panel at `ref` ("9#5" or "9"). Returns false for an unknown ref. */
  showAdvice(ref: string): boolean {
    const parsed = parseAdviceRef(ref);
    if (!parsed || !this.kb().entries.some((e) => e.key === parsed.entryKey)) return false;
    this.show({ kind: 'entry', key: parsed.entryKey, item: parsed.item });
    return true;
  }

  showRule(id: string): boolean {
    if (!getRule(id)) return false;
    this.show({ kind: 'rule', id });
    return true;
  }

  /** Re-render the current page (language or knowledge changed). */
  refresh(): void {
    if (this.panel && this.route) this.render(this.route);
  }

  get visibleRoute(): Route | undefined {
    return this.panel ? this.route : undefined;
  }

  private show(route: Route): void {
    if (!this.panel) {
      this.panel = vscode.window.createWebviewPanel('trainingAdvisor.advice', t('Training Advisor'), { viewColumn: vscode.ViewColumn.Beside, preserveFocus: false }, {
        enableScripts: true,
        enableCommandUris: false,
        localResourceRoots: [],
        retainContextWhenHidden: false,
      });
      this.panel.onDidDispose(() => (this.panel = undefined));
      this.panel.webview.onDidReceiveMessage((m: unknown) => this.onMessage(m));
    } else {
      this.panel.reveal(undefined, false);
    }
    this.render(route);
  }

  private onMessage(m: unknown): void {
    if (typeof m !== 'object' || m === null) return;
    const msg = m as { type?: unknown; nav?: unknown; key?: unknown; item?: unknown; id?: unknown };
    if (msg.type !== 'navigate' || typeof msg.nav !== 'string') return;
    if (msg.nav === 'entry' && typeof msg.key === 'string') {
      const item = typeof msg.item === 'string' && /^\d+$/.test(msg.item) ? Number(msg.item) : null;
      this.show({ kind: 'entry', key: msg.key, item });
    } else if (msg.nav === 'rule' && typeof msg.id === 'string') {
      this.show({ kind: 'rule', id: msg.id });
    }
  }

  private render(route: Route): void {
    if (!this.panel) return;
    this.route = route;
    const ctx: RenderContext = { kb: this.kb(), lang: this.lang(), getRule: (id) => getRule(id) as RuleInfo | undefined };
    const page = route.kind === 'rule' ? renderRule(ctx, route.id) : route.kind === 'entry' ? renderEntry(ctx, route.key, route.item) : null;
    if (!page) return;
    this.panel.title = page.title;
    const target = route.kind === 'entry' && route.item !== null ? `item-${route.item}` : '';
    this.panel.webview.html = pageHtml(page.html, page.title, this.lang(), target);
  }

  dispose(): void {
    this.panel?.dispose();
  }
}

function nonce(): string {
  let s = '';
  const chars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  for (let i = 0; i < 32; i++) s += chars[Math.floor(Math.random() * chars.length)];
  return s;
}

/** The full document. `target` is the element id to scroll to and highlight. */
function pageHtml(body: string, title: string, lang: Lang, target: string): string {
  const n = nonce();
  const esc = (s: string) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
  return `<!DOCTYPE html><html lang="${lang === 'zh' ? 'zh-CN' : 'en'}"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'nonce-${n}'; script-src 'nonce-${n}';">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>${esc(title)}</title>
<style nonce="${n}">
body{font-family:var(--vscode-font-family);font-size:var(--vscode-font-size);color:var(--vscode-foreground);line-height:1.6;max-width:52rem;margin:0 auto;padding:0 1.2rem 3rem}
button.link,button.chip{background:none;border:none;color:var(--vscode-textLink-foreground);cursor:pointer;padding:0;font:inherit;text-align:left}
button.chip{border:1px solid var(--vscode-widget-border,#8884);border-radius:1em;padding:0 .6em;margin-right:.3em}
button.button{display:none}
.ref,.muted,.en-term{color:var(--vscode-descriptionForeground)}
section.item{padding:.2rem .8rem;border-left:3px solid transparent;margin:.6rem 0}
section.item.highlighted,section.item:target{border-left-color:var(--vscode-focusBorder);background:var(--vscode-editor-selectionHighlightBackground,#8882)}
pre,code{font-family:var(--vscode-editor-font-family)}pre{background:var(--vscode-textCodeBlock-background);padding:.6rem;overflow:auto}
pre.bad{border-left:3px solid var(--vscode-editorWarning-foreground)}pre.good{border-left:3px solid var(--vscode-testing-iconPassed,#3a3)}
.formula{font-family:var(--vscode-editor-font-family);padding:.3rem .6rem;background:var(--vscode-textCodeBlock-background)}
details.card{margin:.4rem 0}
</style></head><body><main id="content" data-target="${esc(target)}">${body}</main>
<script nonce="${n}">
(function(){const vscode=acquireVsCodeApi();const m=document.getElementById('content');const id=m.dataset.target;
if(id){const el=document.getElementById(id);if(el){el.classList.add('highlighted');el.scrollIntoView({block:'start'});}}
document.addEventListener('click',function(e){const b=e.target.closest&&e.target.closest('[data-nav]');if(!b)return;e.preventDefault();
vscode.postMessage({type:'navigate',nav:b.dataset.nav,key:b.dataset.key,item:b.dataset.item,id:b.dataset.id});});})();
</script></body></html>`;
}
