/**
 * The native Topics tree (`trainingAdvisor.topics`), the first view of the Training Advisor container:
 * categories → entries → "also asked as" variants. Native so that opening the container paints the topic
 * list without creating a webview; choosing an entry opens it in the advice webview below
 * (`trainingAdvisor.openAdvice` with the entry key). Follows the sidebar language.
 */
import * as vscode from 'vscode';
import type { Lang } from '../../core/knowledge/types';
import { uiText } from '../../core/render/i18n';
import { topicChildren, type TopicNode } from './topicRows';
import type { Services } from '../services';
import type { SidebarLanguage } from './language';

export const TOPICS_VIEW_ID = 'trainingAdvisor.topics';
/** Test builds only (not contributed): the whole tree as the view would show it now, for the integration tests. */
export const TOPICS_SNAPSHOT_COMMAND = 'trainingAdvisor.topics.snapshot';
const OPEN_ADVICE_COMMAND = 'trainingAdvisor.openAdvice';

export class TopicsTreeProvider implements vscode.TreeDataProvider<TopicNode>, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<TopicNode | undefined>();
  readonly onDidChangeTreeData = this.emitter.event;
  private readonly subscriptions: vscode.Disposable[] = [this.emitter];
  /** Root requests the view made (metrics: the tree was asked for its categories). */
  rootRequests = 0;

  /** Whether the view has had its categories once (the workbench keeps them while the container is hidden). */
  get hasServedRoot(): boolean {
    return this.rootRequests > 0;
  }
  private readonly rootServed = new vscode.EventEmitter<void>();
  /** Fires after the categories were handed to the view (it paints them a frame or two later). */
  readonly onDidServeRoot = this.rootServed.event;

  constructor(
    private readonly services: Services,
    private readonly language: SidebarLanguage,
  ) {
    this.subscriptions.push(
      this.rootServed,
      services.knowledge.onDidChange(() => this.refresh()),
      language.onDidChange(() => this.refresh()),
    );
  }

  private get lang(): Lang {
    return this.language.current;
  }

  refresh(): void {
    this.emitter.fire(undefined);
  }

  getChildren(parent?: TopicNode): TopicNode[] {
    const children = topicChildren(this.services.knowledge.kb, this.lang, parent);
    if (!parent) {
      this.rootRequests++;
      queueMicrotask(() => this.rootServed.fire());
    }
    return children;
  }

  getTreeItem(node: TopicNode): vscode.TreeItem {
    if (node.kind === 'category') {
      const item = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.Collapsed);
      // Stable across languages, so a language switch keeps the rows the user expanded.
      item.id = `category/${node.id}`;
      item.description = node.description;
      item.tooltip = node.tooltip;
      item.iconPath = new vscode.ThemeIcon('folder-library');
      item.contextValue = 'category';
      item.accessibilityInformation = { label: node.ariaLabel, role: 'treeitem' };
      return item;
    }
    const hasVariants = node.variants.length > 0;
    const item = new vscode.TreeItem(node.label, hasVariants ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
    item.id = `${node.categoryId}/${node.isVariant ? 'variant' : 'entry'}/${node.key}`;
    item.description = node.description;
    const tip = new vscode.MarkdownString();
    tip.appendMarkdown(`**${uiText(this.lang, 'question')}**\n\n`);
    tip.appendMarkdown(node.tooltip); // the corpus is Markdown; untrusted: no command links, no HTML
    item.tooltip = tip;
    item.iconPath = new vscode.ThemeIcon(node.isVariant ? 'references' : 'question');
    item.contextValue = node.isVariant ? 'variant' : 'entry';
    item.accessibilityInformation = { label: node.ariaLabel, role: 'treeitem' };
    item.command = { command: OPEN_ADVICE_COMMAND, title: uiText(this.lang, 'showAdvice'), arguments: [node.key] };
    return item;
  }

  /** Every row's TreeItem fields (labels, descriptions, tooltips, commands) with its children, depth-first. */
  snapshot(parent?: TopicNode): TopicsSnapshotRow[] {
    // Not through getChildren: that counts what the view asked for.
    return topicChildren(this.services.knowledge.kb, this.lang, parent).map((node) => {
      const item = this.getTreeItem(node);
      return {
        id: item.id ?? '',
        label: String(item.label),
        description: typeof item.description === 'string' ? item.description : '',
        tooltip: typeof item.tooltip === 'string' ? item.tooltip : item.tooltip?.value ?? '',
        ariaLabel: item.accessibilityInformation?.label ?? '',
        icon: item.iconPath instanceof vscode.ThemeIcon ? item.iconPath.id : '',
        command: item.command ? { command: item.command.command, arguments: item.command.arguments ?? [] } : null,
        children: item.collapsibleState === vscode.TreeItemCollapsibleState.None ? [] : this.snapshot(node),
      };
    });
  }

  dispose(): void {
    this.subscriptions.forEach((d) => d.dispose());
  }
}

export interface TopicsSnapshotRow {
  id: string;
  label: string;
  description: string;
  tooltip: string;
  ariaLabel: string;
  icon: string;
  command: { command: string; arguments: unknown[] } | null;
  children: TopicsSnapshotRow[];
}

/** How long the advice view waits for the tree at most, and how long after the tree got its rows. */
const TREE_FIRST_CAP_MS = 400;
const TREE_PAINT_MS = 60;

/**
 * For the advice webview opening in the same container: resolves once the tree has been handed its categories
 * (plus a moment to paint them) when it is opening for the first time, at once when it already has them.
 */
export function treePaintedFirst(provider: TopicsTreeProvider, view: vscode.TreeView<TopicNode>): Promise<void> {
  if (provider.hasServedRoot) return Promise.resolve();
  return new Promise((resolve) => {
    let done = false;
    const finish = (delay: number) => {
      if (done) return;
      done = true;
      sub.dispose();
      clearTimeout(cap);
      setTimeout(resolve, delay);
    };
    const sub = provider.onDidServeRoot(() => finish(TREE_PAINT_MS));
    // Collapsed or slow: never hold the advice view for long. Not visible at all: no reason to wait.
    const cap = setTimeout(() => finish(0), view.visible ? TREE_FIRST_CAP_MS : 50);
  });
}

/** Registers the tree view; the view's title follows the sidebar language (the manifest's name follows VS Code's). */
export function registerTopicsTree(services: Services, language: SidebarLanguage): { provider: TopicsTreeProvider; view: vscode.TreeView<TopicNode>; paintedFirst: () => Promise<void> } {
  const provider = new TopicsTreeProvider(services, language);
  const view = vscode.window.createTreeView(TOPICS_VIEW_ID, { treeDataProvider: provider, showCollapseAll: true });
  const retitle = () => { view.title = uiText(language.current, 'topics'); };
  retitle();
  services.context.subscriptions.push(
    provider,
    view,
    language.onDidChange(retitle),
  );
  // Test builds only (TEST_HOOKS): the integration suite reads the tree through this command.
  if (TEST_HOOKS) services.context.subscriptions.push(vscode.commands.registerCommand(TOPICS_SNAPSHOT_COMMAND, () => ({ title: view.title, lang: language.current, rows: provider.snapshot() })));
  return { provider, view, paintedFirst: () => treePaintedFirst(provider, view) };
}
