// Helper of runs.bench.ts (not a benchmark itself): in a fresh process, reads one run through the runs worker
// (or the in-process reader, or nothing: the control) while a 5 ms interval on the main thread records its
// longest gap, i.e. how long an extension host doing this would be blocked. Prints one JSON line.
//   tsx bench/runsHostProbe.ts '{"mode":"worker","source":{…},"workerPath":"…","idleMs":0}'
import type { RunSource } from '../src/core/runs/formats';
import { InProcessRunReader } from '../src/extension/runs/inProcessRunReader';
import type { RunReader } from '../src/extension/runs/runReader';
import { RunsWorkerClient } from '../src/extension/runsWorker/client';
import { decodeUtf8, nodeFileAccess } from '../src/node/runFiles';

export interface HostProbeResult {
  ms: number;
  longestGapMs: number;
  /** When the longest gap began, from the start of the read (ms). */
  atMs: number;
  points: number;
  /** The worker's own timing of reading + parsing. */
  readMs?: number;
}

async function main(): Promise<void> {
  const { mode, source, workerPath, idleMs } = JSON.parse(process.argv[2]!) as { mode: 'worker' | 'idle' | 'in-process'; source: RunSource; workerPath: string; idleMs: number };
  const reader: RunReader | undefined = mode === 'worker' ? new RunsWorkerClient(workerPath) : mode === 'in-process' ? new InProcessRunReader(nodeFileAccess, decodeUtf8) : undefined;
  await new Promise((resolve) => setTimeout(resolve, 200)); // start-up work of this process settles first
  let last = performance.now();
  let longest = 0;
  let at = 0;
  const t = performance.now();
  const tick = () => {
    const now = performance.now();
    if (now - last > longest) {
      longest = now - last;
      at = last - t;
    }
    last = now;
  };
  const timer = setInterval(tick, 5);
  const r = reader ? await reader.read(source) : await new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), idleMs));
  const ms = performance.now() - t;
  tick();
  clearInterval(timer);
  reader?.dispose();
  const result: HostProbeResult = {
    ms, longestGapMs: longest, atMs: at,
    points: r ? r.run.series.reduce((n, s) => n + s.values.length, 0) : 0,
    readMs: r && 'readMs' in r ? (r as { readMs: number }).readMs : undefined,
  };
  console.log(JSON.stringify(result));
}

void main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
