/**
 * The typed messages between the extension host (client.ts) and the analysis worker thread (worker.ts).
 * Everything here is structured-clone safe: plain data, no getters (a core `Finding`'s lazy `fix` getter
 * does not cross a thread, so fixes travel separately in `fixes` messages).
 */
import type { AppliedFix } from '../../core/analysis/fixAll';
import type { Finding, Fix, NotebookCell, Severity } from '../../core/analysis/types';

/** What the worker gets at start (`workerData`). */
export interface WorkerInit {
  /** Folder holding web-tree-sitter.wasm and tree-sitter-python.wasm (the extension's dist/). */
  wasmDir: string;
  /**
   * Cancellation flags shared with the client: slot `id % CANCEL_SLOTS` is 1 once request `id` is superseded.
   * Shared memory, because the worker is busy in a synchronous `analyze` when the newer request arrives and
   * only reads messages between tasks; the analyzer polls `isCancelled` between rules. A plain ArrayBuffer
   * where SharedArrayBuffer does not exist (a browser page without cross-origin isolation): the engine then runs
   * in the same thread (inProcess.ts) and reads the very same buffer.
   */
  cancelFlags: SharedArrayBuffer | ArrayBuffer;
}

export const CANCEL_SLOTS = 1024;

export interface WireOptions {
  severities?: Record<string, Severity>;
  timeBudgetMs?: number;
  /** A document that will be edited and analysed again (an open editor): keep its tree to re-parse incrementally. */
  incremental?: boolean;
  /** Compute fixes after the findings are sent (default true); findings on these lines first. */
  fixes?: boolean;
  priorityLines?: Array<[start: number, end: number]>;
}

export type AnalyzeRequest =
  | { type: 'analyze'; id: number; key: string; kind: 'file'; source: string; options: WireOptions }
  | { type: 'analyze'; id: number; key: string; kind: 'notebook'; cells: NotebookCell[]; options: WireOptions };

/** Fix-all (the core's pass-by-pass loop) on a text or notebook; answered by one `fixedAll`. */
export type FixAllRequest =
  | { type: 'fixAll'; id: number; kind: 'file'; source: string; severities?: Record<string, Severity> }
  | { type: 'fixAll'; id: number; kind: 'notebook'; cells: NotebookCell[]; severities?: Record<string, Severity> };

export type FixAllOutput = { kind: 'file'; source: string } | { kind: 'notebook'; cells: NotebookCell[] };

export type WorkerRequest =
  | AnalyzeRequest
  | FixAllRequest
  /** Test builds only (TEST_HOOKS): make the worker throw an uncaught error, as a crash would. */
  | { type: 'crash' };

/** A finding without its fix; `fixable` says whether the rule has a fix at all (the fix may still be null). */
export type WireFinding = Omit<Finding, 'fix'> & { fixable: boolean };

export type WorkerResponse =
  | { type: 'ready'; loadMs: number }
  /** The worker began running request `id` (the client's watchdog measures from here). */
  | { type: 'started'; id: number }
  /**
   * Part of request `id`'s findings, before its `result` (which carries the rest): a big file's thousands of
   * findings arrive in several messages, so deserializing them never blocks the host thread for long.
   */
  | { type: 'findings'; id: number; findings: WireFinding[] }
  | {
      type: 'result'; id: number; findings: WireFinding[]; parseMs: number; rulesMs: number; workerMs: number;
      timedOut?: boolean; cancelled?: boolean;
    }
  /** Verified fixes by finding index (null: the rule has none here); `done` on the last batch of request `id`. */
  | { type: 'fixes'; id: number; fixes: Array<[index: number, fix: Fix | null]>; done: boolean }
  | { type: 'fixedAll'; id: number; fixed: FixAllOutput; applied: AppliedFix[] }
  | { type: 'error'; id: number; message: string };
