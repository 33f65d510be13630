/**
 * The workspace's training runs: found with RUN_FILE_GLOB, grouped with groupRuns, and read and diagnosed by a
 * RunReader (in Node the runs worker thread, so the host is never blocked; only appended bytes on a re-read).
 * A FileSystemWatcher re-scans (debounced) when run files appear, change or go, so a run being written updates
 * the Runs view and its open panel while it grows.
 */
import * as vscode from 'vscode';
import { groupRuns, RUN_FILE_GLOB, type RunSource } from '../../core/runs/formats';
import type { RunData, RunDiagnosis } from '../../core/runs/types';
import type { RunFileAccess } from '../platform/types';
import type { RunReader } from './runReader';

export interface WorkspaceRun {
  source: RunSource;
  run: RunData;
  diagnoses: RunDiagnosis[];
}

const EXCLUDE = '**/{node_modules,.git,.venv,venv,__pycache__,wandb}/**';
export const RUN_REFRESH_DEBOUNCE_MS = 500;

export class RunStore implements vscode.Disposable {
  private current = new Map<string, WorkspaceRun>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private scanning: Promise<void> | undefined;
  private again = false;
  private readonly emitter = new vscode.EventEmitter<void>();
  /** Fires after a scan changed anything (the view and the open panel redraw). */
  readonly onDidChange = this.emitter.event;
  private readonly subscriptions: vscode.Disposable[] = [this.emitter];
  /** Number of completed scans (for tests: a change was picked up). */
  scans = 0;

  constructor(private readonly output: vscode.LogOutputChannel, private readonly files: RunFileAccess, private readonly reader: RunReader) {
    // One watcher per workspace folder (RelativePattern), like the packs service's: a bare glob string would
    // share the workspace's own watcher; with it the packs integration test's watcher missed its edit (twice).
    const later = () => this.scheduleScan();
    for (const folder of vscode.workspace.workspaceFolders ?? []) {
      const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(folder, RUN_FILE_GLOB));
      this.subscriptions.push(watcher, watcher.onDidCreate(later), watcher.onDidChange(later), watcher.onDidDelete(later));
    }
  }

  get runs(): WorkspaceRun[] {
    return [...this.current.values()];
  }

  get(path: string): WorkspaceRun | undefined {
    return this.current.get(path);
  }

  scheduleScan(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.scan(), RUN_REFRESH_DEBOUNCE_MS);
  }

  /** Find and (re)read every run of the workspace; concurrent calls coalesce into one more scan. */
  scan(): Promise<void> {
    if (this.scanning) {
      this.again = true;
      return this.scanning;
    }
    this.scanning = this.doScan()
      .catch((e: unknown) => this.output.error(`runs: scan failed: ${e instanceof Error ? e.message : String(e)}`))
      .finally(() => {
        this.scanning = undefined;
        if (this.again) {
          this.again = false;
          void this.scan();
        }
      });
    return this.scanning;
  }

  private async doScan(): Promise<void> {
    const uris = await vscode.workspace.findFiles(RUN_FILE_GLOB, EXCLUDE, 2000);
    const sources = groupRuns(uris.flatMap((u) => this.files.pathOf(u) ?? []));
    const next = new Map<string, WorkspaceRun>();
    for (const source of sources) {
      try {
        next.set(source.path, await this.read(source));
      } catch (e) {
        // The reader failed (a crashed worker): keep what was shown; the next scan reads it again.
        const before = this.current.get(source.path);
        if (before) next.set(source.path, before);
        this.output.error(`runs: reading ${source.path} failed: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
    this.reader.retain(new Set(next.keys()));
    this.current = next;
    this.scans++;
    this.emitter.fire();
  }

  /** Read a run (a file or folder outside the scan, too: Open Training Run… on any run file). */
  async read(source: RunSource): Promise<WorkspaceRun> {
    const { run, diagnoses } = await this.reader.read(source);
    const r = { source, run, diagnoses };
    if (this.current.has(source.path)) this.current.set(source.path, r);
    return r;
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.subscriptions.forEach((d) => d.dispose());
    this.reader.dispose();
  }
}
