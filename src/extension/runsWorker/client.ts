/**
 * The extension host's side of the runs worker: starts the thread on the first read, sends read requests and
 * resolves them with the run (series over shared memory, not copied) and its diagnoses. A crashed worker
 * fails the reads it had not answered; the next read starts a fresh one (which reads its runs from the start).
 * No `vscode` import, so unit tests and the benchmark drive it in plain Node.
 */
import { Worker } from 'node:worker_threads';
import type { RunSource } from '../../core/runs/formats';
import type { ReadRunResult, RunReader } from '../runs/runReader';
import type { RunsWorkerRequest, RunsWorkerResponse } from './protocol';

export interface RunsWorkerTimings {
  /** Reading and parsing in the worker, and the diagnoses after it (ms). */
  readMs: number;
  diagnoseMs: number;
}

export class RunsWorkerCrashedError extends Error {}

export class RunsWorkerClient implements RunReader {
  private worker: Worker | undefined;
  private readonly pending = new Map<number, { resolve: (r: ReadRunResult & RunsWorkerTimings) => void; reject: (e: Error) => void }>();
  private nextId = 1;
  private started = 0;
  private disposed = false;

  constructor(private readonly workerPath: string, private readonly onCrash?: (message: string) => void) {}

  /** Worker threads started so far (tests: a crash leads to a second one). */
  get workersStarted(): number {
    return this.started;
  }

  read(source: RunSource): Promise<ReadRunResult & RunsWorkerTimings> {
    if (this.disposed) return Promise.reject(new Error('runs reader disposed'));
    const id = this.nextId++;
    const result = new Promise<ReadRunResult & RunsWorkerTimings>((resolve, reject) => this.pending.set(id, { resolve, reject }));
    this.post({ type: 'read', id, source: { path: source.path, format: source.format, files: [...source.files] } });
    this.worker?.ref();
    return result;
  }

  retain(keep: ReadonlySet<string>): void {
    if (this.worker) this.post({ type: 'retain', paths: [...keep] });
  }

  /** Test builds: make the worker crash. */
  crashForTest(): void {
    this.post({ type: 'crash' });
  }

  dispose(): void {
    this.disposed = true;
    this.failAll(new Error('runs reader disposed'));
    void this.worker?.terminate();
    this.worker = undefined;
  }

  private post(m: RunsWorkerRequest): void {
    this.ensureWorker().postMessage(m);
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const w = new Worker(this.workerPath);
    this.started++;
    w.on('message', (m: RunsWorkerResponse) => this.onMessage(m));
    w.on('error', (e) => this.crashed(w, e.message));
    w.on('exit', (code) => this.crashed(w, `exited with code ${code}`));
    this.worker = w;
    return w;
  }

  private onMessage(m: RunsWorkerResponse): void {
    const p = this.pending.get(m.id);
    if (!p) return;
    this.pending.delete(m.id);
    // An idle worker must not keep the process alive (a test, the benchmark); one with work pending does.
    if (this.pending.size === 0) this.worker?.unref();
    if (m.type === 'error') p.reject(new Error(m.message));
    else p.resolve({ run: m.run, diagnoses: m.diagnoses, readMs: m.readMs, diagnoseMs: m.diagnoseMs });
  }

  private crashed(w: Worker, message: string): void {
    if (this.worker !== w) return;
    this.worker = undefined;
    if (this.disposed) return;
    this.failAll(new RunsWorkerCrashedError(`runs worker crashed: ${message}`));
    this.onCrash?.(message);
  }

  private failAll(e: Error): void {
    const pending = [...this.pending.values()];
    this.pending.clear();
    for (const p of pending) p.reject(e);
  }
}
