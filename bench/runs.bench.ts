// Training-run readers (issue 14): a 1,000,000-row metrics.csv against a bare read-and-split of the same bytes
// (target ≥ 0.5× its speed), a ~200 MB TensorBoard event file against a bare TFRecord frame scan (target ≥ 0.3×),
// and the memory a read run keeps against the size of its numbers as Float64 (target ≤ 3×), for both files.
// The readers go through the Node adapter (src/node/runFiles.ts) as `diagnose` reads files. Then the extension's
// path: the same files read through the runs worker (RunsWorkerClient over a fresh esbuild of
// src/extension/runsWorker/worker.ts) while a setInterval(…, 5) on the main thread of a fresh process (runsHostProbe.ts) records its longest gap —
// the time the extension host would be blocked (target ≤ 50 ms) — next to the in-process reader a host without
// worker threads uses (InProcessRunReader: asynchronous I/O, parsing on the calling thread).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as esbuild from 'esbuild';
import * as CRC32C from 'crc-32/crc32c';
import { readRunFromDisk } from '../src/node/runFiles';
import { diagnoseRun } from '../src/core/runs/diagnose';
import type { RunSource } from '../src/core/runs/formats';
import { spawnSync } from 'node:child_process';
import type { HostProbeResult } from './runsHostProbe';
import { encodeEvents } from '../test/unit/runs/tfrecordWriter';

const ROWS = 1_000_000;
const EVENT_MB = Number(process.env.BENCH_EVENT_MB ?? 200);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ta-bench-runs-'));
const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});
const ms = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e6;
/**
 * A GC, then a pause: V8 frees dead ArrayBuffers' memory on a background thread after the GC, so reading
 * arrayBuffers right after gc() can still count a previous read's columns (that made a kept size negative).
 */
function settle(): void {
  gc();
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 300);
  gc();
}
/** Memory a value keeps: heap + array buffers retained after a GC. */
function keptBy<T>(make: () => T): { bytes: number; value: T } {
  settle();
  const before = process.memoryUsage();
  const value = make();
  settle();
  const after = process.memoryUsage();
  return { bytes: after.heapUsed - before.heapUsed + (after.arrayBuffers - before.arrayBuffers), value };
}
/** Best wall-clock and best CPU time (user + system) of n runs; CPU time suffers less when the cores are shared. */
function best<T>(n: number, f: () => T): { ms: number; cpuMs: number; value: T } {
  let bestMs = Infinity;
  let cpuMs = Infinity;
  let value!: T;
  for (let i = 0; i < n; i++) {
    gc();
    const c0 = process.cpuUsage();
    const t0 = process.hrtime.bigint();
    value = f();
    bestMs = Math.min(bestMs, ms(t0));
    const c = process.cpuUsage(c0);
    cpuMs = Math.min(cpuMs, (c.user + c.system) / 1000);
  }
  return { ms: bestMs, cpuMs, value };
}

// ---- 1M-row metrics.csv -----------------------------------------------------------------------------------
const csvFile = path.join(dir, 'metrics.csv');
{
  const lines = ['step,epoch,train_loss,lr,grad_norm'];
  for (let i = 0; i < ROWS; i++) lines.push(`${i},${(i / 10000) | 0},${(2 * Math.exp(-i / 3e5) + 0.3 + 0.01 * Math.sin(i)).toFixed(6)},${(3e-4 * (1 - i / ROWS)).toExponential(4)},${(1 + 0.1 * Math.cos(i)).toFixed(5)}`);
  fs.writeFileSync(csvFile, lines.join('\n') + '\n');
}
const csvBytes = fs.statSync(csvFile).size;
const bareCsv = best(3, () => {
  const text = fs.readFileSync(csvFile, 'utf8');
  let cells = 0;
  for (const line of text.split('\n')) cells += line.split(',').length;
  return cells;
});
const ourCsv = best(3, () => readRunFromDisk({ path: csvFile, format: 'lightning-csv', files: [csvFile] }));
const csvPoints = ourCsv.value.series.reduce((n, s) => n + s.values.length, 0);
ourCsv.value = null as never;

// Memory kept by a read run, against its numbers as Float64.
const csvKept = keptBy(() => readRunFromDisk({ path: csvFile, format: 'lightning-csv', files: [csvFile] }));
const keptBytes = csvKept.bytes;
const numbersBytes = ROWS * 5 * 8; // five numbers a row (step, epoch, loss, lr, grad norm) as Float64
const t0 = process.hrtime.bigint();
const csvDiagnoses = diagnoseRun(csvKept.value);
const diagnoseMs = ms(t0);
csvKept.value = null as never;

// ---- ~200 MB TensorBoard event file -------------------------------------------------------------------------
const evFile = path.join(dir, 'events.out.tfevents.1.bench.0');
{
  const fd = fs.openSync(evFile, 'w');
  let step = 0;
  let written = 0;
  while (written < EVENT_MB * 2 ** 20) {
    const batch = Array.from({ length: 20000 }, () => {
      step++;
      return { step, scalars: { 'train/loss': 2 * Math.exp(-step / 1e6) + 0.3, 'train/learning_rate': 3e-4, 'train/grad_norm': 1 + 0.1 * Math.sin(step), 'perf/tokens_per_sec': 51234 } };
    });
    const bytes = encodeEvents(batch);
    fs.writeSync(fd, bytes);
    written += bytes.length;
  }
  fs.closeSync(fd);
}
const evBytes = fs.statSync(evFile).size;
const bareScan = best(2, () => {
  const b = fs.readFileSync(evFile);
  let p = 0;
  let n = 0;
  while (p + 12 <= b.length) {
    p += 16 + b.readUInt32LE(p);
    n++;
  }
  return n;
});
// The ceiling with CRC checking: the same read + frame scan, plus crc-32's CRC-32C of every length and record
// (no decoding). The reader cannot be faster than this.
const crcScan = best(2, () => {
  const b = fs.readFileSync(evFile);
  let p = 0;
  let x = 0;
  while (p + 12 <= b.length) {
    const len = b.readUInt32LE(p);
    x ^= CRC32C.buf(b.subarray(p, p + 8)) ^ CRC32C.buf(b.subarray(p + 12, p + 12 + len));
    p += 16 + len;
  }
  return x;
});
let ourEv = best(2, () => readRunFromDisk({ path: dir, format: 'tensorboard', files: [evFile] }));
const evPoints = ourEv.value.series.reduce((n, s) => n + s.values.length, 0);
const evEvents = ourEv.value.series.find((s) => s.name === 'train_loss')?.values.length ?? 0;
ourEv = { ...ourEv, value: null as never };
const evKept = keptBy(() => readRunFromDisk({ path: dir, format: 'tensorboard', files: [evFile] }));
const evNumbersBytes = evEvents * 6 * 8; // six numbers an event (step, wall time, four scalars) as Float64
evKept.value = null as never;

// CommonJS under tsx: no top-level await.
void (async () => {
// ---- the extension's path: the runs worker, and the longest time this thread was blocked meanwhile -----------
const workerPath = path.join(dir, 'runsWorker.js');
await esbuild.build({
  entryPoints: [path.resolve(__dirname, '../src/extension/runsWorker/worker.ts')], outfile: workerPath, bundle: true, minify: true,
  platform: 'node', format: 'cjs', target: 'es2022', logLevel: 'warning', define: { 'import.meta.url': '__import_meta_url', TEST_HOOKS: 'false' },
  banner: { js: "var __import_meta_url = require('url').pathToFileURL(__filename).href;" },
});
/**
 * Each measurement runs in a fresh process (bench/runsHostProbe.ts): like an extension host, its heap holds
 * nothing of this benchmark's earlier in-process reads, whose garbage collections would be counted otherwise.
 */
const probe = (mode: 'worker' | 'idle' | 'in-process', source: RunSource, idleMs = 0): HostProbeResult => {
  const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(__dirname, 'runsHostProbe.ts'), JSON.stringify({ mode, source, workerPath, idleMs })], { encoding: 'utf8', maxBuffer: 16 << 20 });
  if (r.status !== 0) throw new Error(`runsHostProbe ${mode} failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop()!) as HostProbeResult;
};
const evSource: RunSource = { path: dir, format: 'tensorboard', files: [evFile] };
const csvSource: RunSource = { path: csvFile, format: 'lightning-csv', files: [csvFile] };
const hostRows = [];
for (const [what, source] of [['TensorBoard event file', evSource], ['`metrics.csv`', csvSource]] as const) {
  const worker = probe('worker', source);
  const idle = probe('idle', source, worker.ms);
  const inProcess = probe('in-process', source);
  hostRows.push({ what, worker, idle, inProcess });
}
fs.rmSync(dir, { recursive: true, force: true });

const mb = (b: number) => (b / 2 ** 20).toFixed(1);
const cpu = (base: { cpuMs: number }, ours: { cpuMs: number }) => `${base.cpuMs.toFixed(0)} / ${ours.cpuMs.toFixed(0)} = ${(base.cpuMs / ours.cpuMs).toFixed(2)}×`;
const csvRatio = bareCsv.ms / ourCsv.ms;
const evRatio = bareScan.ms / ourEv.ms;
const memRatio = keptBytes / numbersBytes;
const evMemRatio = evKept.bytes / evNumbersBytes;
const crcRatio = bareScan.ms / crcScan.ms;
const worstGap = Math.max(...hostRows.map((r) => r.worker.longestGapMs));
// The reading time the runs worker itself measured (shipped bundle, minified, no tsx), against the same baseline.
const workerEvMs = hostRows[0]!.worker.readMs ?? NaN;
const workerEvRatio = bareScan.ms / workerEvMs;
console.log(`## Training-run readers

| what | bytes | points | baseline ms | reader ms | speed vs baseline | target | CPU time: baseline / reader ms = ratio |
|---|---:|---:|---:|---:|---:|---|---|
| \`metrics.csv\`, ${ROWS.toLocaleString('en')} rows × 5 columns | ${mb(csvBytes)} MB | ${csvPoints.toLocaleString('en')} | ${bareCsv.ms.toFixed(0)} (read + split lines and cells) | ${ourCsv.ms.toFixed(0)} | **${csvRatio.toFixed(2)}×** | ≥ 0.5× ${csvRatio >= 0.5 ? '✓' : '✗'} | ${cpu(bareCsv, ourCsv)} |
| TensorBoard event file, 4 scalars an event | ${mb(evBytes)} MB | ${evPoints.toLocaleString('en')} | ${bareScan.ms.toFixed(0)} (read + TFRecord frame scan) | ${ourEv.ms.toFixed(0)} | **${evRatio.toFixed(2)}×** | ≥ 0.3× ${evRatio >= 0.3 ? '✓' : '✗'} | ${cpu(bareScan, ourEv)} |
| the same file read in the runs worker (the shipped bundle; its own timing of read + parse) | ${mb(evBytes)} MB | ${evPoints.toLocaleString('en')} | ${bareScan.ms.toFixed(0)} | ${workerEvMs.toFixed(0)} | **${workerEvRatio.toFixed(2)}×** | ≥ 0.3× ${workerEvRatio >= 0.3 ? '✓' : '✗'} | – |
| (ceiling) the same frame scan + CRC-32C (crc-32) of every length and record, no decoding | ${mb(evBytes)} MB | – | ${bareScan.ms.toFixed(0)} | ${crcScan.ms.toFixed(0)} | ${crcRatio.toFixed(2)}× | – | ${cpu(bareScan, crcScan)} |

Memory kept by a read run, against its numbers as Float64 (target ≤ 3×): the 1M-row CSV ${mb(keptBytes)} MB for ${mb(numbersBytes)} MB = **${memRatio.toFixed(2)}×** ${memRatio <= 3 ? '✓' : '✗'}; the event file (${evEvents.toLocaleString('en')} events) ${mb(evKept.bytes)} MB for ${mb(evNumbersBytes)} MB = **${evMemRatio.toFixed(2)}×** ${evMemRatio <= 3 ? '✓' : '✗'}.

The extension host while a large run is read (longest gap of a 5 ms interval on the reading thread; target ≤ 50 ms):

| run | through the runs worker: ms total / **longest block** | control: the interval alone as long, longest gap | in-process reader (no worker threads): ms total / longest block |
|---|---:|---:|---:|
${hostRows.map((r) => `| ${r.what} (${r.worker.points.toLocaleString('en')} points, read + diagnosed) | ${r.worker.ms.toFixed(0)} / **${r.worker.longestGapMs.toFixed(1)} ms** ${r.worker.longestGapMs <= 50 ? '✓' : '✗'} (from ${r.worker.atMs.toFixed(0)} ms) | ${r.idle.longestGapMs.toFixed(1)} ms | ${r.inProcess.ms.toFixed(0)} / ${r.inProcess.longestGapMs.toFixed(0)} ms |`).join('\n')}

A longest gap near the control's is the machine's scheduling (2 cores shared), not the reader.

All ${csvDiagnoses.length === 0 ? 'diagnoses (none fire on this healthy run)' : `diagnoses (${csvDiagnoses.map((d) => d.id).join(', ')})`} over the 1M-row run: ${diagnoseMs.toFixed(0)} ms.
The event reader checks the masked CRC-32C of every length and record and decodes every Event with protobufjs's
Reader (only the fields a scalar needs); the baseline only hops from length to length.`);
console.log('BENCH_JSON ' + JSON.stringify({ csv: { bytes: csvBytes, bareMs: bareCsv.ms, readerMs: ourCsv.ms, ratio: csvRatio }, events: { bytes: evBytes, bareMs: bareScan.ms, readerMs: ourEv.ms, ratio: evRatio, crcOnlyMs: crcScan.ms, crcCeiling: crcRatio, workerReadMs: workerEvMs, workerRatio: workerEvRatio }, memory: { keptBytes, numbersBytes, ratio: memRatio, events: { keptBytes: evKept.bytes, numbersBytes: evNumbersBytes, ratio: evMemRatio } }, host: { worstGapMs: worstGap, rows: hostRows }, diagnoseMs }));
})().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
