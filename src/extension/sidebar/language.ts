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
    this.lang = this.storedToggle() ?? services.language();
    this.listener = services.config.onDidChange((change) => {
      if (!change.language) return;
      void services.context.globalState.update(LANG_KEY, undefined);
      this.lang = services.language();
      this.emitter.fire(this.lang);
    });
  }

  /**
   * The toggle remembered from an earlier session, if the setting is still the one it was made under. A setting
   * changed while the window was closed or reloading (settings.json edited, Settings Sync) fires no change
   * event in this session, so the toggle records the setting it overrode and the setting wins once it differs.
   */
  private storedToggle(): Lang | undefined {
    const stored = this.services.context.globalState.get<unknown>(LANG_KEY);
    if (typeof stored !== 'object' || stored === null) return undefined; // nothing, or the old bare-string form
    const { lang, setting } = stored as { lang?: unknown; setting?: unknown };
    if ((lang !== 'zh' && lang !== 'en') || setting !== this.services.config.language) return undefined;
    return lang;
  }

  get current(): Lang {
    return this.lang;
  }

  /** The user's toggle: remembered across sessions. Fires only when the language actually changes. */
  async set(next: Lang): Promise<void> {
    const changed = next !== this.lang;
    this.lang = next;
    await this.services.context.globalState.update(LANG_KEY, { lang: next, setting: this.services.config.language });
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
