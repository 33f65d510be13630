/**
 * Training runs in the editor: the Runs view, "Open Training Run…" and the run panels, over one RunStore.
 * registerRuns only wires; main.ts puts the returned controller on services.runs for the command table.
 */
import * as vscode from 'vscode';
import type { RunSource } from '../../core/runs/formats';
import { relatedRun } from '../../core/runs/panel/relatedRun';
import { relativeRunName } from '../../core/runs/panel/treeRows';
import type { RunFileAccess } from '../platform/types';
import type { Services } from '../services';
import { t } from '../i18n';
import { createRunWebviewPanel, RunPanel, type RunPanelState } from './runPanel';
import { createRunsView, RunsTreeProvider } from './runsView';
import { RunStore, type WorkspaceRun } from './runStore';

/** Test builds only (TEST_HOOKS): the Runs view's rows and the open panels, for the tests. */
export const RUNS_SNAPSHOT_COMMAND = 'trainingAdvisor.runs.snapshot';
export const RUN_PANEL_STATE_COMMAND = 'trainingAdvisor.runPanel.state';

export interface RunsController {
  /** Open a run (a Runs-view node, `{ path, diagnosis? }`, a file/folder Uri, or nothing: ask). */
  open(target?: unknown): Promise<boolean>;
  readonly store: RunStore;
  /** The hover line for a rule a workspace run's diagnosis relates to (Markdown), or undefined. */
  runNote(ruleId: string): string | undefined;
}

export function registerRuns(services: Services, files: RunFileAccess): RunsController {
  // Who reads the runs comes with the host (files.createReader): a worker thread on Node, so reading, parsing
  // and diagnosing never run on the extension host's thread; the host's own thread in the browser.
  const reader = files.createReader(services.context.extensionUri, (m) => services.output.error(`runs: the runs worker crashed (${m}); it restarts on the next read`));
  const store = new RunStore(services.output, files, reader);
  const tree = new RunsTreeProvider(store, services.language);
  const panels = new Map<string, RunPanel>();
  services.context.subscriptions.push(store, tree, ...createRunsView(tree, store), { dispose: () => panels.forEach((p) => p.dispose()) });
  void store.scan();

  const show = (run: WorkspaceRun, focus: number | null): boolean => {
    const open = panels.get(run.source.path);
    if (open) {
      open.reveal(run, focus);
      return true;
    }
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
    const webview = createRunWebviewPanel(services, relativeRunName(run.source.path, folder));
    panels.set(run.source.path, new RunPanel(services, store, run, focus, webview, () => panels.delete(run.source.path)));
    return true;
  };

  /** The run a file or folder stands for: a workspace run that contains it, else the runs found under it. */
  const sourceFor = async (fsPath: string): Promise<RunSource | undefined> => {
    const known = store.runs.find((r) => r.source.path === fsPath || r.source.files.includes(fsPath));
    if (known) return known.source;
    return (await files.runsAt(fsPath, (m) => services.output.warn(`runs: ${m}`)))[0];
  };

  const open = async (target?: unknown): Promise<boolean> => {
    let path: string | undefined;
    let focus: number | null = null;
    if (target instanceof vscode.Uri) path = files.pathOf(target);
    else if (typeof target === 'object' && target !== null && typeof (target as { path?: unknown }).path === 'string') {
      const o = target as { path: string; diagnosis?: unknown; row?: { index?: unknown } };
      path = o.path;
      const i = typeof o.diagnosis === 'number' ? o.diagnosis : typeof o.row?.index === 'number' ? o.row.index : null;
      focus = i !== null && Number.isInteger(i) && i >= 0 ? i : null;
    } else path = await ask(store, files);
    if (!path) return false;
    const source = await sourceFor(path);
    if (!source) {
      void vscode.window.showWarningMessage(t('No training run found at {0}.', path));
      return false;
    }
    const run = store.get(source.path) ?? (await store.read(source));
    return show(run, focus !== null && focus < run.diagnoses.length ? focus : null);
  };

  if (TEST_HOOKS) {
    services.context.subscriptions.push(
      vscode.commands.registerCommand(RUNS_SNAPSHOT_COMMAND, async () => {
        await store.scan();
        return { scans: store.scans, rows: tree.rows() };
      }),
      vscode.commands.registerCommand(RUN_PANEL_STATE_COMMAND, (): RunPanelState[] => [...panels.values()].map((p) => ({ ...p.state }))),
    );
  }
  const runNote = (ruleId: string): string | undefined => {
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
    const r = relatedRun(ruleId, store.runs.map((x) => ({ name: relativeRunName(x.source.path, folder), diagnoses: x.diagnoses })), services.language());
    return r ? t('This workspace\'s run {0} shows {1} at step {2}.', `\`${r.run.replace(/`/g, '')}\``, r.title.toLowerCase(), r.step) : undefined;
  };
  return { open, store, runNote };
}

/** No target: pick one of the workspace's runs, or browse for a file or folder. */
async function ask(store: RunStore, files: RunFileAccess): Promise<string | undefined> {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  const browse = t('Browse for a run file or folder…');
  if (store.runs.length) {
    const picked = await vscode.window.showQuickPick(
      [...store.runs.map((r) => ({ label: relativeRunName(r.source.path, folder), description: String(r.diagnoses.length), path: r.source.path })), { label: browse, description: '', path: '' }],
      { title: t('Open Training Run…'), placeHolder: t('A run of this workspace, or browse') },
    );
    if (!picked) return undefined;
    if (picked.path) return picked.path;
  }
  const uris = await vscode.window.showOpenDialog({ canSelectFiles: true, canSelectFolders: true, canSelectMany: false, title: t('Open Training Run…') });
  return uris?.[0] && files.pathOf(uris[0]);
}
