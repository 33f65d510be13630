/**
 * The workspace's training runs: found with RUN_FILE_GLOB, grouped with groupRuns, read incrementally through
 * RunReading (refreshRunAsync: asynchronous file I/O, only appended bytes on a re-read) and diagnosed with the
 * core catalog. A FileSystemWatcher re-scans (debounced) when run files appear, change or go, so a run being
 * written updates the Runs view and its open panel while it grows.
 */
import * as vscode from 'vscode';
import { diagnoseRun } from '../../core/runs/diagnose';
import { groupRuns, RUN_FILE_GLOB, type RunSource } from '../../core/runs/formats';
import { RunReading } from '../../core/runs/readRun';
import type { RunData, RunDiagnosis } from '../../core/runs/types';
import type { RunFileAccess } from '../platform/types';

export interface WorkspaceRun {
  source: RunSource;
  run: RunData;
  diagnoses: RunDiagnosis[];
}

const EXCLUDE = '**/{node_modules,.git,.venv,venv,__pycache__,wandb}/**';
export const RUN_REFRESH_DEBOUNCE_MS = 500;

export class RunStore implements vscode.Disposable {
  private readings = new Map<string, RunReading>();
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

  constructor(private readonly output: vscode.LogOutputChannel, private readonly files: RunFileAccess) {
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
    for (const source of sources) next.set(source.path, await this.read(source));
    for (const p of this.readings.keys()) if (!next.has(p)) this.readings.delete(p);
    this.current = next;
    this.scans++;
    this.emitter.fire();
  }

  /** Read a run (a file or folder outside the scan, too: Open Training Run… on any run file). */
  async read(source: RunSource): Promise<WorkspaceRun> {
    let reading = this.readings.get(source.path);
    if (!reading || reading.format !== source.format) {
      reading = new RunReading(source.path, source.format, this.files.decodeUtf8);
      this.readings.set(source.path, reading);
    }
    await this.files.refresh(reading, source.files);
    const run = reading.snapshot();
    const r = { source, run, diagnoses: diagnoseRun(run) };
    if (this.current.has(source.path)) this.current.set(source.path, r);
    return r;
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.subscriptions.forEach((d) => d.dispose());
  }
}
