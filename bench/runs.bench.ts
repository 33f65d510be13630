// Training-run readers (issue 14): a 1,000,000-row metrics.csv against a bare read-and-split of the same bytes
// (target ≥ 0.5× its speed), a ~200 MB TensorBoard event file against a bare TFRecord frame scan (target ≥ 0.3×),
// and the memory a read run keeps against the size of its numbers as Float64 (target ≤ 3×). Both readers go
// through the Node adapter (src/node/runFiles.ts) exactly as `diagnose` and the extension read files.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readRunFromDisk } from '../src/node/runFiles';
import { diagnoseRun } from '../src/core/runs/diagnose';
import { encodeEvents } from '../test/unit/runs/tfrecordWriter';

const ROWS = 1_000_000;
const EVENT_MB = Number(process.env.BENCH_EVENT_MB ?? 200);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ta-bench-runs-'));
const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});
const ms = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e6;
function best<T>(n: number, f: () => T): { ms: number; value: T } {
  let bestMs = Infinity;
  let value!: T;
  for (let i = 0; i < n; i++) {
    gc();
    const t0 = process.hrtime.bigint();
    value = f();
    bestMs = Math.min(bestMs, ms(t0));
  }
  return { ms: bestMs, value };
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

// Memory kept by a read run: heap + array buffers retained after a GC, against its numbers as Float64.
gc();
const before = process.memoryUsage();
let kept: unknown = readRunFromDisk({ path: csvFile, format: 'lightning-csv', files: [csvFile] });
gc();
const after = process.memoryUsage();
const keptBytes = after.heapUsed - before.heapUsed + (after.arrayBuffers - before.arrayBuffers);
const numbersBytes = ROWS * 5 * 8; // five numbers a row (step, epoch, loss, lr, grad norm) as Float64
const t0 = process.hrtime.bigint();
const csvDiagnoses = diagnoseRun(kept as ReturnType<typeof readRunFromDisk>);
const diagnoseMs = ms(t0);
kept = null;

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
const ourEv = best(2, () => readRunFromDisk({ path: dir, format: 'tensorboard', files: [evFile] }));
const evPoints = ourEv.value.series.reduce((n, s) => n + s.values.length, 0);
fs.rmSync(dir, { recursive: true, force: true });

const mb = (b: number) => (b / 2 ** 20).toFixed(1);
const csvRatio = bareCsv.ms / ourCsv.ms;
const evRatio = bareScan.ms / ourEv.ms;
const memRatio = keptBytes / numbersBytes;
console.log(`## Training-run readers

| what | bytes | points | baseline ms | reader ms | speed vs baseline | target |
|---|---:|---:|---:|---:|---:|---|
| \`metrics.csv\`, ${ROWS.toLocaleString('en')} rows × 5 columns | ${mb(csvBytes)} MB | ${csvPoints.toLocaleString('en')} | ${bareCsv.ms.toFixed(0)} (read + split lines and cells) | ${ourCsv.ms.toFixed(0)} | **${csvRatio.toFixed(2)}×** | ≥ 0.5× ${csvRatio >= 0.5 ? '✓' : '✗'} |
| TensorBoard event file, 4 scalars an event | ${mb(evBytes)} MB | ${evPoints.toLocaleString('en')} | ${bareScan.ms.toFixed(0)} (read + TFRecord frame scan) | ${ourEv.ms.toFixed(0)} | **${evRatio.toFixed(2)}×** | ≥ 0.3× ${evRatio >= 0.3 ? '✓' : '✗'} |

Memory kept by the read 1M-row run: ${mb(keptBytes)} MB for ${mb(numbersBytes)} MB of numbers as Float64 = **${memRatio.toFixed(2)}×** (target ≤ 3× ${memRatio <= 3 ? '✓' : '✗'}).
All ${csvDiagnoses.length === 0 ? 'diagnoses (none fire on this healthy run)' : `diagnoses (${csvDiagnoses.map((d) => d.id).join(', ')})`} over the 1M-row run: ${diagnoseMs.toFixed(0)} ms.
The event reader checks the masked CRC-32C of every length and record and decodes every Event with protobufjs; the
baseline only hops from length to length.`);
console.log('BENCH_JSON ' + JSON.stringify({ csv: { bytes: csvBytes, bareMs: bareCsv.ms, readerMs: ourCsv.ms, ratio: csvRatio }, events: { bytes: evBytes, bareMs: bareScan.ms, readerMs: ourEv.ms, ratio: evRatio }, memory: { keptBytes, numbersBytes, ratio: memRatio }, diagnoseMs }));
