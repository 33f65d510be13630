/**
 * The runs worker thread (bundled to dist/runsWorker.js): run files are read, parsed (protobufjs for event
 * files) and diagnosed here, so a large or growing run never blocks the extension host's thread. Each run's
 * RunReading is kept between requests, so a live run is re-read from where the last read stopped (refreshRun).
 * Requests are handled one at a time, in order: a run is never refreshed twice at once.
 */
import { parentPort } from 'node:worker_threads';
import { diagnoseRun } from '../../core/runs/diagnose';
import { RunReading } from '../../core/runs/readRun';
import { decodeUtf8, refreshRun } from '../../node/runFiles';
import type { RunsWorkerRequest, RunsWorkerResponse } from './protocol';

const port = parentPort!;
const readings = new Map<string, RunReading>();
/** Columns over shared memory: a posted snapshot shares them with the host instead of being copied. */
const sharedColumn = (n: number): Float64Array => new Float64Array(new SharedArrayBuffer(n * 8));

port.on('message', (m: RunsWorkerRequest) => {
  if (m.type === 'crash') {
    if (TEST_HOOKS) throw new Error('runs worker crash requested (test)');
    return;
  }
  if (m.type === 'retain') {
    const keep = new Set(m.paths);
    for (const p of readings.keys()) if (!keep.has(p)) readings.delete(p);
    return;
  }
  try {
    const { source } = m;
    let reading = readings.get(source.path);
    if (!reading || reading.format !== source.format) {
      reading = new RunReading(source.path, source.format, decodeUtf8, sharedColumn);
      readings.set(source.path, reading);
    }
    const t0 = performance.now();
    refreshRun(reading, source.files, false);
    const run = reading.snapshot();
    const t1 = performance.now();
    const diagnoses = diagnoseRun(run);
    const reply: RunsWorkerResponse = { type: 'result', id: m.id, run, diagnoses, readMs: t1 - t0, diagnoseMs: performance.now() - t1 };
    port.postMessage(reply);
  } catch (e) {
    port.postMessage({ type: 'error', id: m.id, message: e instanceof Error ? e.message : String(e) } satisfies RunsWorkerResponse);
  }
});
