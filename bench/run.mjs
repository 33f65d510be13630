// `npm run bench`: runs every bench/*.bench.ts (each prints a Markdown section on stdout and its raw
// figures as one JSON line prefixed `BENCH_JSON `), then writes docs/benchmarks.md with the machine described.
// Timings are reported as ratios against baselines measured in the same run, so they compare across machines.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const only = process.argv.slice(2);
const files = fs.readdirSync(path.join(root, 'bench')).filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o))).sort();
const sections = [];
let failed = false;
for (const f of files) {
  console.log(`\n### ${f}`);
  const r = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', path.join('bench', f)], { cwd: root, encoding: 'utf8', maxBuffer: 64 << 20 });
  const md = r.stdout.split('\n').filter((l) => !l.startsWith('BENCH_JSON ')).join('\n').trim();
  process.stdout.write(md + '\n');
  if (r.status !== 0) { failed = true; console.error(r.stderr); sections.push(`## ${f}\n\nFAILED (exit ${r.status})\n`); continue; }
  sections.push(md);
}
const cpus = os.cpus();
const machine = `${cpus.length} × ${cpus[0]?.model ?? 'unknown CPU'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, ${os.type()} ${os.release()}, Node ${process.version}`;
if (only.length === 0) {
  const doc = `# Benchmarks\n\nProduced by \`npm run bench\` on ${new Date().toISOString().slice(0, 10)}.\n\nMachine: ${machine}.\n\n` +
    'Timings are wall-clock on this machine; the ratio columns compare against a baseline measured in the same run, ' +
    'which is what carries across machines.\n\n' + sections.join('\n\n') + '\n';
  fs.mkdirSync(path.join(root, 'docs'), { recursive: true });
  fs.writeFileSync(path.join(root, 'docs', 'benchmarks.md'), doc);
  console.log('\nwrote docs/benchmarks.md');
}
process.exit(failed ? 1 : 0);
