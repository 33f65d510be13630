/**
 * The analysis engine's message loop, whatever carries the messages: on Node it runs in a worker thread
 * (worker.ts), in a browser's extension host in the host's own thread (inProcess.ts), since a web extension
 * served by a VS Code server cannot start a Worker. Loads web-tree-sitter and the rules on the first request.
 *
 * Order of work: analysis requests first (newest per document; superseded ones are skipped or stop between
 * rules through the shared cancel flags), then the fixes of the latest result of each document, computed and
 * parse-verified a slice at a time (~10 ms) so a new request waits at most one slice.
 */
import { Analyzer } from '../../core/analysis/analyzer';
import { fixAll, fixAllNotebook } from '../../core/analysis/fixAll';
import type { LocateWasm } from '../../core/analysis/parser';
import { getRule } from '../../core/analysis/registry';
import type { AnalysisResult, Finding } from '../../core/analysis/types';
import { CANCEL_SLOTS, type AnalyzeRequest, type FixAllRequest, type WireFinding, type WorkerRequest, type WorkerResponse } from './protocol';

const FIX_SLICE_MS = 10;
/** Findings per message: ~1,000 deserialize in a few ms on the host thread. */
const FINDINGS_PER_MESSAGE = 1000;

/** What the engine needs from the side that runs it. */
export interface EngineHost {
  send(m: WorkerResponse): void;
  /** Where the wasm files are (called once, before the parser loads; may read them first). */
  locateWasm(): Promise<LocateWasm>;
  /** The client's cancel flags (slot `id % CANCEL_SLOTS` is 1 once request `id` is superseded). */
  cancelFlags: ArrayBufferLike;
  /** Resolves after other tasks (newer requests) had a chance to run. */
  yieldNow(): Promise<void>;
  /** Test builds: fail the way an uncaught error in the engine would. */
  crash?(): void;
  /** True once the client let go of this engine (in-process: terminated); the loop then stops. */
  stopped?(): boolean;
}

interface FixJob { id: number; key: string; findings: Finding[]; order: number[]; next: number }

export function createEngine(host: EngineHost): { receive(m: WorkerRequest): void } {
  const flags = new Int32Array(host.cancelFlags);
  const send = host.send;
  const isCancelled = (id: number): boolean => Atomics.load(flags, id % CANCEL_SLOTS) !== 0;

  const requests: AnalyzeRequest[] = [];
  /** Fix-all requests: a user waits on each (save, or the command), so they go before analyses. */
  const fixAllRequests: FixAllRequest[] = [];
  const fixJobs = new Map<string, FixJob>();
  let analyzer: Promise<Analyzer> | undefined;
  let pumping = false;

  function getAnalyzer(): Promise<Analyzer> {
    analyzer ??= (async () => {
      const t0 = performance.now();
      const a = await Analyzer.create({ locateWasm: await host.locateWasm() });
      send({ type: 'ready', loadMs: performance.now() - t0 });
      return a;
    })();
    return analyzer;
  }

  function receive(m: WorkerRequest): void {
    if (m.type === 'crash') {
      if (TEST_HOOKS) host.crash?.();
      return;
    }
    if (m.type === 'fixAll') {
      fixAllRequests.push(m);
      void pump();
      return;
    }
    // A newer request for the same document replaces a queued one (the client has cancelled it already).
    const queued = requests.findIndex((r) => r.key === m.key);
    if (queued >= 0) requests.splice(queued, 1);
    requests.push(m);
    void pump();
  }

  async function pump(): Promise<void> {
    if (pumping) return;
    pumping = true;
    try {
      for (;;) {
        const fixReq = fixAllRequests.shift();
        if (fixReq) {
          await runFixAll(fixReq);
          continue;
        }
        const req = requests.shift();
        if (req) {
          await run(req);
          continue;
        }
        const job = fixJobs.values().next().value as FixJob | undefined;
        if (!job) break;
        fixSlice(job);
        await host.yieldNow(); // let newer requests in
      }
    } finally {
      pumping = false;
    }
  }

  async function run(req: AnalyzeRequest): Promise<void> {
    if (isCancelled(req.id)) return;
    fixJobs.delete(req.key); // fixes of an older version are worthless now
    try {
      const a = await getAnalyzer();
      if (isCancelled(req.id)) return;
      send({ type: 'started', id: req.id });
      const t0 = performance.now();
      // The document key lets the analyzer re-parse the next version of this document incrementally.
      const options = { severities: req.options.severities, timeBudgetMs: req.options.timeBudgetMs, document: req.options.incremental ? req.key : undefined, isCancelled: () => isCancelled(req.id) };
      const result: AnalysisResult = req.kind === 'file' ? a.analyze(req.source, options) : a.analyzeNotebook(req.cells, options);
      const findings = result.findings.map(toWire);
      const lastChunk = findings.length === 0 ? 0 : Math.floor((findings.length - 1) / FINDINGS_PER_MESSAGE) * FINDINGS_PER_MESSAGE;
      for (let i = 0; i < lastChunk; i += FINDINGS_PER_MESSAGE) {
        send({ type: 'findings', id: req.id, findings: findings.slice(i, i + FINDINGS_PER_MESSAGE) });
      }
      send({
        type: 'result', id: req.id, findings: findings.slice(lastChunk), parseMs: result.parseMs, rulesMs: result.rulesMs, workerMs: performance.now() - t0,
        timedOut: result.timedOut, cancelled: result.cancelled,
      });
      if (result.cancelled || req.options.fixes === false) return;
      const order = fixOrder(findings, req.options.priorityLines ?? []);
      if (order.length === 0) send({ type: 'fixes', id: req.id, fixes: [], done: true });
      else fixJobs.set(req.key, { id: req.id, key: req.key, findings: result.findings, order, next: 0 });
    } catch (e) {
      send({ type: 'error', id: req.id, message: e instanceof Error ? e.message : String(e) });
    }
  }

  async function runFixAll(req: FixAllRequest): Promise<void> {
    try {
      const a = await getAnalyzer();
      const options = { severities: req.severities };
      if (req.kind === 'file') {
        const r = fixAll(a, req.source, options);
        send({ type: 'fixedAll', id: req.id, fixed: { kind: 'file', source: r.fixed }, applied: r.applied });
      } else {
        const r = fixAllNotebook(a, req.cells, options);
        send({ type: 'fixedAll', id: req.id, fixed: { kind: 'notebook', cells: r.fixed }, applied: r.applied });
      }
    } catch (e) {
      send({ type: 'error', id: req.id, message: e instanceof Error ? e.message : String(e) });
    }
  }

  /** Verifies fixes for up to FIX_SLICE_MS and sends them. */
  function fixSlice(job: FixJob): void {
    if (isCancelled(job.id)) {
      fixJobs.delete(job.key);
      return;
    }
    const t0 = performance.now();
    const batch: Array<[number, NonNullable<Finding['fix']> | null]> = [];
    while (job.next < job.order.length && (batch.length === 0 || performance.now() - t0 < FIX_SLICE_MS)) {
      const index = job.order[job.next++]!;
      let fix: Finding['fix'];
      try {
        fix = job.findings[index]!.fix; // the core's getter computes and parse-verifies it
      } catch {
        fix = undefined;
      }
      batch.push([index, fix ? { title: fix.title, safe: fix.safe, edits: fix.edits } : null]);
    }
    const done = job.next >= job.order.length;
    if (done) fixJobs.delete(job.key);
    send({ type: 'fixes', id: job.id, fixes: batch, done });
  }

  return { receive };
}

/** Fixable findings' indexes, those on the priority lines (the visible ranges) first. */
function fixOrder(findings: WireFinding[], priority: Array<[number, number]>): number[] {
  const fixable = findings.map((f, i) => (f.fixable ? i : -1)).filter((i) => i >= 0);
  const onScreen = (i: number) => priority.some(([s, e]) => findings[i]!.range.startLine <= e && findings[i]!.range.endLine >= s);
  return [...fixable.filter(onScreen), ...fixable.filter((i) => !onScreen(i))];
}

function toWire(f: Finding): WireFinding {
  // Field by field: spreading would run the lazy `fix` getter.
  const w: WireFinding = {
    ruleId: f.ruleId, message: f.message, range: f.range, severity: f.severity, advice: f.advice,
    fixable: typeof getRule(f.ruleId)?.fix === 'function',
  };
  if (f.cell !== undefined) w.cell = f.cell;
  return w;
}
