/**
 * The Runs view (`trainingAdvisor.runs`): a native tree of the workspace's runs, each with its diagnoses as
 * children and their count in the description. Choosing a diagnosis opens the run panel at it. Rows come from
 * the vscode-free runRow (src/core/runs/panel/treeRows.ts).
 */
import * as vscode from 'vscode';
import { relativeRunName, runRow, type DiagnosisRow, type RunRow } from '../../core/runs/panel/treeRows';
import type { Lang } from '../../core/knowledge/types';
import { t } from '../i18n';
import type { RunStore } from './runStore';

export const RUNS_VIEW_ID = 'trainingAdvisor.runs';
export const OPEN_RUN_COMMAND = 'trainingAdvisor.openRun';

/** A node of the tree: a run or one of its diagnoses. Also the argument openRun gets from the view. */
export type RunsNode = { kind: 'run'; path: string; row: RunRow } | { kind: 'diagnosis'; path: string; row: DiagnosisRow };

export class RunsTreeProvider implements vscode.TreeDataProvider<RunsNode>, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<RunsNode | undefined>();
  readonly onDidChangeTreeData = this.emitter.event;
  private readonly subscriptions: vscode.Disposable[] = [this.emitter];

  constructor(private readonly store: RunStore, private readonly lang: () => Lang) {
    this.subscriptions.push(store.onDidChange(() => this.emitter.fire(undefined)));
  }

  /** The rows as the view shows them (for tests). */
  rows(): RunRow[] {
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
    return this.store.runs.map((r) => runRow(r.source.path, relativeRunName(r.source.path, folder), r.source.format, r.diagnoses, this.lang()));
  }

  getChildren(node?: RunsNode): RunsNode[] {
    if (!node) return this.rows().map((row) => ({ kind: 'run', path: row.id.slice(4), row }));
    if (node.kind === 'run') return node.row.children.map((row) => ({ kind: 'diagnosis', path: node.path, row }));
    return [];
  }

  getTreeItem(node: RunsNode): vscode.TreeItem {
    const { row } = node;
    const expandable = node.kind === 'run' && node.row.children.length > 0;
    const item = new vscode.TreeItem(row.label, expandable ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.None);
    item.id = row.id;
    item.description = row.description;
    item.tooltip = row.tooltip;
    if (node.kind === 'run') {
      item.iconPath = new vscode.ThemeIcon('graph-line');
      item.resourceUri = vscode.Uri.file(node.path);
      item.contextValue = 'trainingAdvisor.run';
      item.command = { command: OPEN_RUN_COMMAND, title: t('Open Training Run…'), arguments: [{ path: node.path }] };
    } else {
      item.iconPath = new vscode.ThemeIcon(row.warning ? 'warning' : 'info', new vscode.ThemeColor(row.warning ? 'list.warningForeground' : 'foreground'));
      item.contextValue = 'trainingAdvisor.runDiagnosis';
      item.command = { command: OPEN_RUN_COMMAND, title: t('Open Training Run…'), arguments: [{ path: node.path, diagnosis: node.row.index }] };
    }
    return item;
  }

  dispose(): void {
    this.subscriptions.forEach((d) => d.dispose());
  }
}

/** The tree view, with the total number of diagnoses as its badge. */
export function createRunsView(provider: RunsTreeProvider, store: RunStore): vscode.Disposable[] {
  const view = vscode.window.createTreeView(RUNS_VIEW_ID, { treeDataProvider: provider, showCollapseAll: true });
  const update = () => {
    const n = store.runs.reduce((a, r) => a + r.diagnoses.length, 0);
    view.badge = n ? { value: n, tooltip: t('{0} problems in training runs', n) } : undefined;
    view.message = store.scans > 0 && store.runs.length === 0 ? t('No training runs in this workspace (trainer_state.json, metrics.csv, events.out.tfevents.*, *train*.log, …).') : undefined;
  };
  return [view, store.onDidChange(update)];
}
