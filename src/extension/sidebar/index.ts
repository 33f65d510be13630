/**
 * The Training Advisor sidebar: the activity-bar container holds the native Topics tree
 * (`trainingAdvisor.topics`, sidebar/topicsTree.ts) above the advice webview view (`trainingAdvisor.sidebar`).
 *
 * For the other parts of the extension:
 * - `trainingAdvisor.openSidebar` without arguments shows the container with the Topics tree focused (the
 *   webview is not loaded for that); with `{ ref?: string, rule?: string }` (or a bare ref string) it focuses
 *   the advice view and opens an advice item (`"9#5"`, `"team:3"`) or a rule's page; registered here.
 * - `revealAdvice(ref)` / `revealRule(id)` / `revealSidebar()` do the same from code (hovers, diagnostics,
 *   the search QuickPick, the URI handler); they resolve to false when the ref/rule is unknown.
 */
import * as vscode from 'vscode';
import { routeFromRef, type Route, type RuleInfo } from '../../core/render';
import { getRuleMeta } from '../core';
import type { Services } from '../services';
import { SidebarLanguage } from './language';
import { RETAIN_CONTEXT_WHEN_HIDDEN, SidebarProvider, SIDEBAR_VIEW_ID, type SidebarMetrics } from './provider';
import { registerTopicsTree, TOPICS_VIEW_ID, type TopicsTreeProvider } from './topicsTree';
import { PagePanel, type PagePanelState } from './panel';

export { SIDEBAR_VIEW_ID, type SidebarMetrics } from './provider';
export { TOPICS_VIEW_ID } from './topicsTree';
export const OPEN_SIDEBAR_COMMAND = 'trainingAdvisor.openSidebar';
/** Test builds only (not contributed): the view's metrics, for the integration tests. */
export const SIDEBAR_METRICS_COMMAND = 'trainingAdvisor.sidebar.metrics';
/** Test builds only (not contributed): what the editor-tab page shows, for the integration tests. */
export const PAGE_PANEL_STATE_COMMAND = 'trainingAdvisor.page.state';

export interface OpenSidebarArgs {
  ref?: string;
  rule?: string;
  /** Alias of `rule` (the name services.SidebarController uses). */
  ruleId?: string;
}

/** What registerSidebar returns (main.ts puts it on services.sidebar; matches services.SidebarController). */
export interface SidebarHandle {
  reveal(target?: OpenSidebarArgs | string): Promise<boolean>;
  /** Open an advice item or a rule's page in an editor tab beside the code (false when unknown). */
  openInTab(target: OpenSidebarArgs | string): Promise<boolean>;
}

let provider: SidebarProvider | undefined;
let services: Services | undefined;
let language: SidebarLanguage | undefined;
let topics: TopicsTreeProvider | undefined;
let panel: PagePanel | undefined;

function lookupRule(id: string): RuleInfo | undefined {
  return getRuleMeta(id) as RuleInfo | undefined;
}

/** The route for a ref/rule, or null when it names nothing in the knowledge base / rule catalog. */
function routeFor(args: OpenSidebarArgs): Route | null {
  if (args.rule !== undefined) return lookupRule(args.rule) ? { kind: 'rule', id: args.rule } : null;
  if (args.ref !== undefined) {
    const route = routeFromRef(args.ref);
    if (!route || route.kind !== 'entry') return null;
    return services?.knowledge.kb.entries.some((e) => e.key === route.key) ? route : null;
  }
  return null;
}

/** Focus the sidebar at an advice ref (`"9#5"`, `"9"`, `"team:3#2"`). False when the ref is unknown. */
export async function revealAdvice(ref: string): Promise<boolean> {
  return openSidebar({ ref });
}

/** Focus the sidebar at a rule's page. False when the rule is unknown. */
export async function revealRule(ruleId: string): Promise<boolean> {
  return openSidebar({ rule: ruleId });
}

/** Show the container with the Topics tree focused (the advice view below keeps whatever state it had). */
export async function revealSidebar(): Promise<boolean> {
  if (!provider) return false;
  await vscode.commands.executeCommand(`${TOPICS_VIEW_ID}.focus`);
  return true;
}

/** The Topics tree's search action: show the advice view and put the keyboard in its search box. */
export async function focusSidebarSearch(): Promise<boolean> {
  if (!provider) return false;
  await provider.focusSearch();
  return true;
}

/** Switch the sidebar between Chinese and English (both views follow); resolves to the new language. */
export async function toggleSidebarLanguage(): Promise<string | false> {
  if (!language) return false;
  await language.toggle();
  return language.current;
}

/** Normalised arguments: a bare string is a ref; `ruleId` is an alias of `rule`. */
function targetArgs(args: OpenSidebarArgs | string | undefined): OpenSidebarArgs {
  const given: OpenSidebarArgs = typeof args === 'string' ? { ref: args } : typeof args === 'object' && args !== null ? args : {};
  return { ref: typeof given.ref === 'string' ? given.ref : undefined, rule: typeof given.rule === 'string' ? given.rule : typeof given.ruleId === 'string' ? given.ruleId : undefined };
}

/** Open a ref or a rule's page in the editor tab. False when it names nothing. */
async function openInTab(args: OpenSidebarArgs | string): Promise<boolean> {
  if (!panel) return false;
  const route = routeFor(targetArgs(args));
  if (!route) {
    services?.output.warn(`page tab: nothing to open for ${JSON.stringify(args)}`);
    return false;
  }
  await panel.show(route);
  return true;
}

async function openSidebar(args: OpenSidebarArgs | string | undefined): Promise<boolean> {
  if (!provider) return false;
  const a = targetArgs(args);
  if (a.ref === undefined && a.rule === undefined) return revealSidebar();
  const route = routeFor(a);
  if (!route) {
    services?.output.warn(`sidebar: nothing to open for ${JSON.stringify(a)}`);
    return false;
  }
  await provider.reveal(route);
  return true;
}

export function registerSidebar(s: Services): SidebarHandle {
  services = s;
  language = new SidebarLanguage(s);
  s.context.subscriptions.push(language);
  const tree = registerTopicsTree(s, language);
  topics = tree.provider;
  provider = new SidebarProvider(s, lookupRule, language, tree.paintedFirst, (route) => panel?.show(route) ?? Promise.resolve());
  panel = new PagePanel(s, provider, language);
  s.context.subscriptions.push(
    provider,
    panel,
    vscode.window.registerWebviewViewProvider(SIDEBAR_VIEW_ID, provider, { webviewOptions: { retainContextWhenHidden: RETAIN_CONTEXT_WHEN_HIDDEN } }),
    { dispose: () => { provider = undefined; services = undefined; language = undefined; topics = undefined; panel = undefined; } },
  );
  // Test builds only: the integration suite reads the views' state through these commands; the production
  // bundle drops them (they are no commands a user has).
  if (TEST_HOOKS) {
    s.context.subscriptions.push(
      vscode.commands.registerCommand(PAGE_PANEL_STATE_COMMAND, (): PagePanelState | null => (panel ? { ...panel.state } : null)),
      vscode.commands.registerCommand(SIDEBAR_METRICS_COMMAND, (): SidebarMetrics & { isReady: boolean; lang: string; topicsRootRequests: number } => ({
        ...provider!.metrics,
        isReady: provider!.isReady,
        lang: language!.current,
        topicsRootRequests: topics?.rootRequests ?? 0,
      })),
    );
  }
  // The command table (commands.ts) may already own this id and delegate to services.sidebar; registering
  // it twice throws, so only register it when nobody did.
  try {
    s.context.subscriptions.push(vscode.commands.registerCommand(OPEN_SIDEBAR_COMMAND, (args?: OpenSidebarArgs | string) => openSidebar(args)));
  } catch {
    s.output.debug(`sidebar: ${OPEN_SIDEBAR_COMMAND} is registered by the command table; it delegates to the sidebar handle`);
  }
  return { reveal: (target) => openSidebar(target), openInTab: (target) => openInTab(target) };
}
