/**
 * "Read this run": what the RunStore needs from whoever reads run files. Two implementations: the runs worker
 * (src/extension/runsWorker/client.ts, Node: a worker thread, so the extension host is never blocked) and
 * InProcessRunReader (a host without worker threads: the browser build, over vscode.workspace.fs).
 * No `vscode` import, so both run under plain mocha.
 */
import type { RunSource } from '../../core/runs/formats';
import type { RunData, RunDiagnosis } from '../../core/runs/types';

export interface ReadRunResult {
  run: RunData;
  diagnoses: RunDiagnosis[];
}

export interface RunReader {
  /**
   * The run as its files are now. Repeated calls re-read only what was appended since the previous call for
   * the same `source.path` (a live run). Rejects only when the reader itself failed (a crashed worker).
   */
  read(source: RunSource): Promise<ReadRunResult>;
  /** Drop the reading state of every run not in `keep` (runs that went away). */
  retain(keep: ReadonlySet<string>): void;
  dispose(): void;
}
