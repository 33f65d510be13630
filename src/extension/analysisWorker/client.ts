/**
 * The extension host's side of the analysis worker: starts the thread lazily on the first request, sends
 * requests, collects results and fixes, supersedes per document, and survives crashes. No `vscode` import, so
 * unit tests drive it in plain Node.
 *
 * Supersession: per document key only the newest request matters. Sending a newer one sets the older one's
 * shared cancel flag (the worker skips it if queued, or the analyzer stops between rules) and resolves the
 * older promise at once with `superseded`. A parse cannot be interrupted, so the watchdog terminates and
 * restarts the worker only when a superseded request still runs `cancelGraceMs` after being cancelled, or any
 * request runs past `hardTimeoutMs` (a stuck engine): a restart costs a wasm reload (~100 ms), letting a
 * superseded parse finish usually costs less.
 *
 * Crash: an uncaught error or exit in the worker fails the request it was running (its caller shows an error
 * status), sends every request not yet answered to a fresh worker (answered ones keep the fixes that arrived),
 * and reports through `onEvent`.
 */
import type { Fix, NotebookCell } from '../../core/analysis/types';
import type { AppliedFix } from '../../core/analysis/fixAll';
import type { Severity } from '../../core/analysis/types';
import { CANCEL_SLOTS, type AnalyzeRequest, type FixAllOutput, type FixAllRequest, type WireFinding, type WireOptions, type WorkerInit, type WorkerRequest, type WorkerResponse } from './protocol';

/**
 * One running engine as the client sees it: a Node worker thread (nodeWorker.ts) or the engine in this thread
 * (inProcess.ts, the browser). Node's `Worker` has this shape.
 */
export interface EnginePort {
  postMessage(m: WorkerRequest): void;
  terminate(): unknown;
  on(event: 'message', listener: (m: WorkerResponse) => void): unknown;
  on(event: 'error', listener: (e: Error) => void): unknown;
  on(event: 'exit', listener: (code: number) => void): unknown;
  /** Never keep a process (CLI, tests) alive for it. */
  unref?(): void;
}

/** Starts an engine with the client's cancel flags. */
export type SpawnEngine = (init: Pick<WorkerInit, 'cancelFlags'>) => EnginePort;

/** A finding as the extension holds it: `fix` is filled in when the worker's fix for it arrives. */
export type ClientFinding = WireFinding & { fix?: Fix };

export interface WorkerResult {
  /** Their `fix` fields fill in as the worker's `fixes` batches arrive (see `fixesDone`). */
  findings: ClientFinding[];
  parseMs: number;
  rulesMs: number;
  workerMs: number;
  timedOut?: boolean;
  cancelled?: boolean;
  /** A newer request for the same key replaced this one: nothing to publish. */
  superseded?: boolean;
}

export type AnalysisInput = { kind: 'file'; source: string } | { kind: 'notebook'; cells: NotebookCell[] };

export interface AnalysisHandle {
  readonly id: number;
  /** Findings without fixes, as soon as analysis is done. Rejects on a worker crash or error. */
  readonly result: Promise<WorkerResult>;
  /** Resolves when every fix of this request has arrived (through `onFixes`), or the request ended otherwise. */
  readonly fixesDone: Promise<void>;
  cancel(): void;
}

export type WorkerEvent =
  | { kind: 'ready'; loadMs: number }
  | { kind: 'crashed'; message: string; restarts: number }
  | { kind: 'restarted'; reason: 'superseded-too-long' | 'hard-timeout' };

export interface ClientOptions {
  spawn: SpawnEngine;
  onEvent?: (e: WorkerEvent) => void;
  cancelGraceMs?: number;
  hardTimeoutMs?: number;
}

interface Pending {
  req: AnalyzeRequest;
  resolve: (r: WorkerResult) => void;
  reject: (e: Error) => void;
  /** Told after each batch of fixes was put on the findings. */
  onFixes?: () => void;
  fixesDone: () => void;
  /** Result already delivered; waiting for fixes only. */
  answered: boolean;
  findings?: ClientFinding[];
  cancelledAt?: number;
  startedAt?: number;
}

export class WorkerCrashedError extends Error {}

export class AnalysisWorkerClient {
  private worker: EnginePort | undefined;
  // Plain memory where SharedArrayBuffer is missing (a browser without cross-origin isolation): the engine then
  // runs in this thread and reads the same buffer.
  private readonly flags = new Int32Array(typeof SharedArrayBuffer === 'function' ? new SharedArrayBuffer(CANCEL_SLOTS * 4) : new ArrayBuffer(CANCEL_SLOTS * 4));
  private readonly pending = new Map<number, Pending>();
  private readonly fixAllPending = new Map<number, { resolve: (r: { fixed: FixAllOutput; applied: AppliedFix[] }) => void; reject: (e: Error) => void }>();
  private readonly latestByKey = new Map<string, number>();
  private nextId = 1;
  private running: number | undefined;
  private watchdog: ReturnType<typeof setInterval> | undefined;
  private restarts = 0;
  /** Crashes since the last delivered result: past MAX_CONSECUTIVE_CRASHES pending work fails instead of looping. */
  private consecutiveCrashes = 0;
  private disposed = false;

  constructor(private readonly opts: ClientOptions) {}

  /** Number of worker threads started so far (tests: a crash leads to a second one). */
  get workersStarted(): number {
    return this.restarts + (this.worker ? 1 : 0);
  }

  analyze(key: string, input: AnalysisInput, options: WireOptions, onFixes?: Pending['onFixes']): AnalysisHandle {
    const id = this.nextId++;
    const previous = this.latestByKey.get(key);
    if (previous !== undefined) this.cancel(previous);
    this.latestByKey.set(key, id);
    Atomics.store(this.flags, id % CANCEL_SLOTS, 0);
    const req: AnalyzeRequest = input.kind === 'file'
      ? { type: 'analyze', id, key, kind: 'file', source: input.source, options }
      : { type: 'analyze', id, key, kind: 'notebook', cells: input.cells, options };
    let fixesDone!: () => void;
    const fixesPromise = new Promise<void>((resolve) => (fixesDone = resolve));
    const result = new Promise<WorkerResult>((resolve, reject) => {
      this.pending.set(id, { req, resolve, reject, onFixes, fixesDone, answered: false });
    });
    result.catch(() => fixesDone());
    this.ensureWorker().postMessage(req);
    this.armWatchdog();
    return { id, result, fixesDone: fixesPromise, cancel: () => this.cancel(id) };
  }

  /**
   * Every safe fix applied the way `check --fix` applies them (the core's fix-all loop, run in the worker).
   * Rejects when the worker fails; never superseded (the caller holds the document version it asked for).
   */
  fixAll(input: AnalysisInput, severities?: Record<string, Severity>): Promise<{ fixed: FixAllOutput; applied: AppliedFix[] }> {
    const id = this.nextId++;
    const req: FixAllRequest = input.kind === 'file'
      ? { type: 'fixAll', id, kind: 'file', source: input.source, severities }
      : { type: 'fixAll', id, kind: 'notebook', cells: input.cells, severities };
    const answer = new Promise<{ fixed: FixAllOutput; applied: AppliedFix[] }>((resolve, reject) => this.fixAllPending.set(id, { resolve, reject }));
    this.ensureWorker().postMessage(req);
    return answer;
  }

  /** Marks request `id` superseded: its promise resolves with `superseded`, the worker drops it. */
  cancel(id: number): void {
    Atomics.store(this.flags, id % CANCEL_SLOTS, 1);
    const p = this.pending.get(id);
    if (!p) return;
    p.cancelledAt = performance.now();
    if (!p.answered) p.resolve({ findings: [], parseMs: 0, rulesMs: 0, workerMs: 0, superseded: true });
    p.answered = true;
    p.fixesDone();
    // Keep it in `pending` while the worker runs it, so the watchdog sees a superseded request that runs on.
    if (this.running !== id) this.pending.delete(id);
  }

  dispose(): void {
    this.disposed = true;
    if (this.watchdog) clearInterval(this.watchdog);
    const w = this.worker;
    this.worker = undefined;
    void w?.terminate();
    for (const p of this.pending.values()) if (!p.answered) p.reject(new Error('analysis worker disposed'));
    this.pending.clear();
    this.failFixAll(new Error('analysis worker disposed'));
  }

  private ensureWorker(): EnginePort {
    if (this.worker) return this.worker;
    if (this.disposed) throw new Error('analysis worker disposed');
    const w = this.opts.spawn({ cancelFlags: this.flags.buffer });
    w.unref?.();
    w.on('message', (m: WorkerResponse) => this.onMessage(m));
    w.on('error', (e) => this.onCrash(w, e.message));
    w.on('exit', (code) => this.onCrash(w, `exited with code ${code}`));
    this.worker = w;
    return w;
  }

  private onMessage(m: WorkerResponse): void {
    if (m.type === 'ready') return this.opts.onEvent?.({ kind: 'ready', loadMs: m.loadMs });
    const fixAllWaiter = this.fixAllPending.get(m.id);
    if (fixAllWaiter && (m.type === 'fixedAll' || m.type === 'error')) {
      this.fixAllPending.delete(m.id);
      if (m.type === 'fixedAll') fixAllWaiter.resolve({ fixed: m.fixed, applied: m.applied });
      else fixAllWaiter.reject(new Error(m.message));
      return;
    }
    if (m.type === 'fixedAll') return;
    const p = this.pending.get(m.id);
    if (m.type === 'started') {
      this.running = m.id;
      if (p) p.startedAt = performance.now();
      return;
    }
    if (this.running === m.id && (m.type === 'result' || m.type === 'error')) this.running = undefined;
    if (!p) return;
    if (m.type === 'error') {
      this.pending.delete(m.id);
      if (!p.answered) p.reject(new Error(m.message));
      p.fixesDone();
      return;
    }
    if (m.type === 'findings') {
      if (!p.answered) (p.findings ??= []).push(...m.findings);
      return;
    }
    if (m.type === 'result') {
      if (p.answered) return void this.pending.delete(m.id); // superseded while it ran
      p.answered = true;
      const { type: _t, id: _i, ...rest } = m;
      const result = { ...rest, findings: p.findings ? p.findings.concat(m.findings) : m.findings };
      p.findings = result.findings;
      this.consecutiveCrashes = 0;
      p.resolve(result);
      if (m.cancelled || p.req.options.fixes === false) this.finish(m.id, p);
      return;
    }
    for (const [index, fix] of m.fixes) {
      const f = p.findings?.[index];
      if (f && fix) f.fix = fix;
    }
    p.onFixes?.();
    if (m.done) this.finish(m.id, p);
  }

  private finish(id: number, p: Pending): void {
    this.pending.delete(id);
    p.fixesDone();
    if (this.latestByKey.get(p.req.key) === id) this.latestByKey.delete(p.req.key);
  }

  /** The worker died (error or unexpected exit): fail what it ran, resend the rest to a new worker. */
  private onCrash(w: EnginePort, message: string): void {
    if (w !== this.worker) return; // terminated on purpose, already replaced
    this.worker = undefined;
    void w.terminate(); // after an 'error' event it is gone already; make sure of it
    this.restarts++;
    const failed = this.running;
    this.running = undefined;
    const p = failed !== undefined ? this.pending.get(failed) : undefined;
    if (p) {
      this.pending.delete(failed!);
      if (!p.answered) p.reject(new WorkerCrashedError(`analysis worker crashed: ${message}`));
      p.fixesDone();
    }
    this.failFixAll(new WorkerCrashedError(`analysis worker crashed: ${message}`));
    this.opts.onEvent?.({ kind: 'crashed', message, restarts: this.restarts });
    if (++this.consecutiveCrashes > MAX_CONSECUTIVE_CRASHES) {
      for (const q of this.pending.values()) {
        if (!q.answered) q.reject(new WorkerCrashedError(`analysis worker crashed ${this.consecutiveCrashes} times in a row: ${message}`));
        q.fixesDone();
      }
      this.pending.clear();
      return;
    }
    this.resendPending();
  }

  private resendPending(): void {
    if (this.disposed) return;
    for (const [id, p] of [...this.pending]) {
      if (p.answered) {
        // Findings delivered, fixes were still coming: keep the findings without the missing fixes rather than
        // re-analyse (a huge file would hold the new worker for seconds); the next edit brings them.
        this.pending.delete(id);
        p.fixesDone();
        continue;
      }
      p.startedAt = undefined;
      this.ensureWorker().postMessage(p.req);
    }
  }

  /** Fix-all requests do not survive the worker: the user asks again (resending could repeat a crash). */
  private failFixAll(error: Error): void {
    for (const w of this.fixAllPending.values()) w.reject(error);
    this.fixAllPending.clear();
  }

  /** Restart the worker: the request it runs was superseded long ago, or runs past the hard bound. */
  private restart(reason: 'superseded-too-long' | 'hard-timeout'): void {
    const w = this.worker;
    this.worker = undefined;
    const stuck = this.running;
    this.running = undefined;
    void w?.terminate();
    this.restarts++;
    if (stuck !== undefined) {
      const p = this.pending.get(stuck);
      this.pending.delete(stuck);
      if (p && !p.answered) p.reject(new Error(`analysis stopped after ${this.opts.hardTimeoutMs ?? HARD_TIMEOUT_MS} ms`));
      p?.fixesDone();
    }
    this.failFixAll(new Error('analysis worker restarted'));
    this.opts.onEvent?.({ kind: 'restarted', reason });
    this.resendPending();
  }

  private armWatchdog(): void {
    if (this.watchdog) return;
    this.watchdog = setInterval(() => {
      if (this.pending.size === 0) {
        clearInterval(this.watchdog);
        this.watchdog = undefined;
        return;
      }
      const p = this.running !== undefined ? this.pending.get(this.running) : undefined;
      if (!p?.startedAt) return;
      const now = performance.now();
      if (p.cancelledAt !== undefined && now - p.cancelledAt > (this.opts.cancelGraceMs ?? CANCEL_GRACE_MS)) this.restart('superseded-too-long');
      else if (!p.answered && now - p.startedAt > (this.opts.hardTimeoutMs ?? HARD_TIMEOUT_MS)) this.restart('hard-timeout');
    }, 250);
    this.watchdog.unref?.();
  }
}

const CANCEL_GRACE_MS = 3000;
const MAX_CONSECUTIVE_CRASHES = 3;
const HARD_TIMEOUT_MS = 30_000;
