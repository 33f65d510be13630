/**
 * Reads runs on the calling thread through an injected file access (see RunFileAccess): for hosts without
 * worker threads (the browser build passes vscode.workspace.fs). File access is asynchronous and the parsing
 * runs a chunk at a time, but parsing and diagnosing a large run still take the host thread for as long as a
 * chunk takes — where worker threads exist, RunsWorkerClient is the reader to use.
 */
import { diagnoseRun } from '../../core/runs/diagnose';
import type { RunSource } from '../../core/runs/formats';
import { RunReading } from '../../core/runs/readRun';
import { refreshRunWith, type RunFileAccess } from '../../core/runs/refresh';
import type { ReadRunResult, RunReader } from './runReader';

export class InProcessRunReader implements RunReader {
  private readonly readings = new Map<string, RunReading>();
  /** Reads of one run run one after another: two interleaved refreshes of one RunReading would feed bytes twice. */
  private readonly queues = new Map<string, Promise<unknown>>();

  constructor(private readonly io: RunFileAccess, private readonly decodeUtf8?: (bytes: Uint8Array) => string) {}

  read(source: RunSource): Promise<ReadRunResult> {
    const previous = this.queues.get(source.path) ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(() => this.readNow(source));
    this.queues.set(source.path, next);
    void next.finally(() => {
      if (this.queues.get(source.path) === next) this.queues.delete(source.path);
    }).catch(() => undefined);
    return next;
  }

  private async readNow(source: RunSource): Promise<ReadRunResult> {
    let reading = this.readings.get(source.path);
    if (!reading || reading.format !== source.format) {
      reading = new RunReading(source.path, source.format, this.decodeUtf8);
      this.readings.set(source.path, reading);
    }
    await refreshRunWith(reading, source.files, this.io);
    const run = reading.snapshot();
    return { run, diagnoses: diagnoseRun(run) };
  }

  retain(keep: ReadonlySet<string>): void {
    for (const p of this.readings.keys()) if (!keep.has(p)) this.readings.delete(p);
  }

  dispose(): void {
    this.readings.clear();
  }
}
