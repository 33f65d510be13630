/**
 * The typed messages between the extension host (client.ts) and the runs worker thread (worker.ts).
 * Series arrive as Float64Arrays over SharedArrayBuffer: posting them shares memory instead of copying a
 * million points, and the worker keeps writing a live run's new points past the end of what it sent.
 */
import type { RunSource } from '../../core/runs/formats';
import type { RunData, RunDiagnosis } from '../../core/runs/types';

export type RunsWorkerRequest =
  | { type: 'read'; id: number; source: RunSource }
  /** Forget the reading state of every run not listed. */
  | { type: 'retain'; paths: string[] }
  /** Test builds only (TEST_HOOKS): throw an uncaught error, as a crash would. */
  | { type: 'crash' };

export type RunsWorkerResponse =
  | { type: 'result'; id: number; run: RunData; diagnoses: RunDiagnosis[]; readMs: number; diagnoseMs: number }
  | { type: 'error'; id: number; message: string };
