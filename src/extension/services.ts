/**
 * The contract between the extension's parts (diagnostics, hovers, commands, the sidebar).
 * `activate()` builds one `Services` and hands it to each `register…` function; parts talk only through it.
 */
import type * as vscode from 'vscode';
import type { KnowledgeBase, Lang } from '../core/knowledge/types';
import type { SearchOptions, SearchResult } from '../core/search/types';
import type { Finding } from '../core/analysis/types';
import type { Config } from './config';

export interface KnowledgeService {
  /** Built-in corpus plus loaded team packs. */
  readonly kb: KnowledgeBase;
  search(query: string, options?: SearchOptions): SearchResult[];
  /** Fires after packs are (re)loaded. */
  readonly onDidChange: vscode.Event<void>;
}

export interface AnalysisService {
  /** Latest findings for a document or notebook (cell findings carry `cell`). */
  findingsFor(uri: vscode.Uri): readonly Finding[];
  /** Fires with the URI whose findings changed. */
  readonly onDidChangeFindings: vscode.Event<vscode.Uri>;
}

/**
 * What the sidebar offers the rest of the extension: `registerSidebar(services)` returns one and main.ts puts it
 * here. Without it `Open Advice` falls back to a read-only advice panel. Resolves false for an unknown ref/rule.
 */
export interface SidebarController {
  /** Reveal the sidebar, optionally at an advice ref (`"9#5"`, `"9"`) or a rule page. */
  reveal(target?: { ref?: string; ruleId?: string }): Thenable<boolean>;
  /** Open an advice item or a rule page in an editor tab beside the code (rule documentation opens there). */
  openInTab?(target: { ref?: string; ruleId?: string }): Thenable<boolean>;
}

export interface Services {
  readonly context: vscode.ExtensionContext;
  readonly config: Config;
  readonly knowledge: KnowledgeService;
  readonly analysis: AnalysisService;
  readonly output: vscode.LogOutputChannel;
  /** Display language now: the setting, or VS Code's display language when `auto`. */
  language(): Lang;
  /** Set when the sidebar registers a controller (see SidebarController). */
  sidebar?: SidebarController;
  /** Set by runs/index.ts: opens a training run in the run panel (Open Training Run…). */
  runs?: { open(target?: unknown): Promise<boolean> };
}
