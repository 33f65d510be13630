/**
 * The one typed view of the `trainingAdvisor.*` settings. Every part reads settings through it, so a
 * setting has exactly one name, one default and one place that notices it changed.
 */
import * as vscode from 'vscode';
import type { Severity } from '../core/analysis/types';

export type LanguageSetting = 'auto' | 'zh' | 'en';

export const CONFIG_SECTION = 'trainingAdvisor';

const SEVERITIES: readonly Severity[] = ['off', 'hint', 'information', 'warning'];
const DEFAULTS = {
  enable: true,
  language: 'auto' as LanguageSetting,
  maxFileSizeKB: 1024,
  analysisDelayMs: 250,
};

/** Which settings a change touched, so listeners redo only what they must. */
export interface ConfigChange {
  /** Anything that changes which findings a document has (enable, rules, size limit). */
  readonly analysis: boolean;
  /** Display language of rule/advice text. */
  readonly language: boolean;
  readonly knowledgePaths: boolean;
}

export class Config implements vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<ConfigChange>();
  private readonly listener: vscode.Disposable;
  /** Fires after one or more `trainingAdvisor.*` settings changed. */
  readonly onDidChange = this.emitter.event;

  constructor() {
    this.listener = vscode.workspace.onDidChangeConfiguration((e) => {
      if (!e.affectsConfiguration(CONFIG_SECTION)) return;
      const touched = (key: string) => e.affectsConfiguration(`${CONFIG_SECTION}.${key}`);
      this.emitter.fire({
        analysis: touched('enable') || touched('rules') || touched('maxFileSizeKB') || touched('language'),
        language: touched('language'),
        knowledgePaths: touched('knowledgePaths'),
      });
    });
  }

  private get section(): vscode.WorkspaceConfiguration {
    return vscode.workspace.getConfiguration(CONFIG_SECTION);
  }

  get enabled(): boolean {
    return this.section.get<boolean>('enable', DEFAULTS.enable) !== false;
  }

  get language(): LanguageSetting {
    const v = this.section.get<string>('language', DEFAULTS.language);
    return v === 'zh' || v === 'en' ? v : 'auto';
  }

  /** Per-rule severities the user set; invalid values are dropped (the rule keeps its default). */
  get ruleSeverities(): Record<string, Severity> {
    const raw = this.section.get<Record<string, unknown>>('rules', {}) ?? {};
    const out: Record<string, Severity> = {};
    for (const [id, v] of Object.entries(raw)) {
      if (typeof v === 'string' && (SEVERITIES as readonly string[]).includes(v)) out[id] = v as Severity;
    }
    return out;
  }

  get maxFileSizeKB(): number {
    const v = this.section.get<number>('maxFileSizeKB', DEFAULTS.maxFileSizeKB);
    return typeof v === 'number' && v > 0 ? v : DEFAULTS.maxFileSizeKB;
  }

  get analysisDelayMs(): number {
    const v = this.section.get<number>('analysisDelayMs', DEFAULTS.analysisDelayMs);
    return typeof v === 'number' && v >= 0 ? Math.min(v, 5000) : DEFAULTS.analysisDelayMs;
  }

  /**
   * Extra knowledge packs (folders or files), read by the pack loader (packs/packService.ts); only user-level
   * values count in untrusted workspaces (package.json lists it under restrictedConfigurations).
   */
  get knowledgePaths(): string[] {
    const v = this.section.get<unknown>('knowledgePaths', []);
    return Array.isArray(v) ? v.filter((p): p is string => typeof p === 'string' && p.trim() !== '') : [];
  }

  /** Writes one rule's severity, keeping the user's other rule settings, at the most specific scope already used. */
  async setRuleSeverity(ruleId: string, severity: Severity): Promise<void> {
    const inspected = this.section.inspect<Record<string, Severity>>('rules');
    const target = inspected?.workspaceValue !== undefined
      ? vscode.ConfigurationTarget.Workspace
      : vscode.ConfigurationTarget.Global;
    const current = (target === vscode.ConfigurationTarget.Workspace ? inspected?.workspaceValue : inspected?.globalValue) ?? {};
    await this.section.update('rules', { ...current, [ruleId]: severity }, target);
  }

  dispose(): void {
    this.listener.dispose();
    this.emitter.dispose();
  }
}
