/**
 * The sidebar's language, shared by the Topics tree and the advice webview: the zh/en toggle (either
 * view's) is remembered in globalState; changing `trainingAdvisor.language` is an explicit choice that wins
 * over the toggle and clears it. Both views listen to onDidChange and re-render.
 */
import * as vscode from 'vscode';
import type { Lang } from '../../core/knowledge/types';
import type { Services } from '../services';

const LANG_KEY = 'trainingAdvisor.sidebar.lang';

export class SidebarLanguage implements vscode.Disposable {
  private lang: Lang;
  private readonly emitter = new vscode.EventEmitter<Lang>();
  /** Fires with the new language whenever it changes (toggle or setting). */
  readonly onDidChange = this.emitter.event;
  private readonly listener: vscode.Disposable;

  constructor(private readonly services: Services) {
    this.lang = services.context.globalState.get<Lang>(LANG_KEY) ?? services.language();
    this.listener = services.config.onDidChange((change) => {
      if (!change.language) return;
      void services.context.globalState.update(LANG_KEY, undefined);
      this.lang = services.language();
      this.emitter.fire(this.lang);
    });
  }

  get current(): Lang {
    return this.lang;
  }

  /** The user's toggle: remembered across sessions. Fires only when the language actually changes. */
  async set(next: Lang): Promise<void> {
    const changed = next !== this.lang;
    this.lang = next;
    await this.services.context.globalState.update(LANG_KEY, next);
    if (changed) this.emitter.fire(next);
  }

  toggle(): Promise<void> {
    return this.set(this.lang === 'zh' ? 'en' : 'zh');
  }

  dispose(): void {
    this.listener.dispose();
    this.emitter.dispose();
  }
}
