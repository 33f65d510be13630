// Analysis speed: tree-sitter parse alone vs analyzer.analyze (parse + every rule, suppression, findings with
// their lazy fixes, exactly as the extension's worker calls it) on generated training files of 1k, 10k and 50k
// lines, in the same process and run. Targets: ratio ≤ 1.6 at every size (issue 11, for the grown rule catalog;
// issue 3 asked ≤ 1.5 of the first 8 rules), and time per 1k lines flat within 20% from 1k to 50k (issue 3). A "keystroke" column re-analyses after a one-character edit.
//
// How it stays fair on a shared, noisy machine (its speed drifts by 1.5-2x over seconds when neighbours run):
// - each analysis is paired with a bare parse of the same text run right next to it (order alternating), and the
//   judged ratio is the median of those per-pair ratios, so a slow phase slows both sides of a pair;
// - sizes are interleaved round by round, so the per-line comparison between 1k and 50k sees the same phases;
// - no forced GC before samples: a forced full GC throws away the analyzer's optimized code (V8 deoptimizes code
//   whose embedded maps/closures died: "marking dependent code ... reason: weak objects"), which made every
//   measured analysis start cold — 10k-line model building took 4x its steady cost. The extension's worker runs
//   analyses back to back with V8's own GC; GC triggered by the analysis' allocations is counted in its time.
// Each run is timed twice: wall clock (judged, as in the issue) and process CPU time (process.cpuUsage), shown
// beside it to tell a busy shared machine from a slow analyzer. Process CPU also counts V8's parallel/concurrent
// GC helper threads, which the parse (no JS heap) never uses.
// Prints a Markdown section and one `BENCH_JSON ` line (protocol: bench/run.mjs).
import path from 'node:path';
import { Analyzer } from '../src/core/analysis/analyzer';
import { loadPython } from '../src/core/analysis/parser';
import { generateTrainingFile, oneCharacterEdit } from './gen/training-file';

/** analyze ÷ parse at every size (issue 11; see the header). */
const RATIO_TARGET = 1.6;
const root = path.resolve(__dirname, '..');
const locateWasm = (file: string): string => (path.basename(file).includes('python')
  ? path.join(root, 'node_modules', 'tree-sitter-python', 'tree-sitter-python.wasm')
  : path.join(root, 'node_modules', 'web-tree-sitter', 'web-tree-sitter.wasm'));

/** ANALYSIS_BENCH_SIZES=1000,10000 runs a subset (quick checks); ANALYSIS_BENCH_DUMP=1 prints every run's times on stderr. */
const SIZES = (process.env.ANALYSIS_BENCH_SIZES ?? '1000,10000,50000').split(',').map(Number);
/** Measured runs per size (small files are cheap, so more of them). */
const RUNS: Record<number, number> = { 1000: 55, 10000: 22, 50000: 11 };
/**
 * The analyzer runs for hours in the editor's worker: the bench measures it JIT-warm. Code that runs once per
 * analysis (rules, facts) needs many analyses to reach V8's optimizing tier, so warm-up goes on for at least
 * WARMUP_MS per size (and WARMUP runs), up to WARMUP_MAX runs.
 */
const WARMUP = 5;
const WARMUP_MS = 3000;
const WARMUP_MAX = 150;
const MIN_RUNS = 3;
const BUDGET_MS = 20000;

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
/** Lets timers run, as the editor's event loop does between analyses (the analyzer frees trees on a timer). */
const settle = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));
const cpuNow = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
interface Timing {
  wall: number;
  cpu: number;
}
/** Runs `fn` once, timing wall clock and CPU. */
function timed<T>(fn: () => T): { value: T } & Timing {
  const c = cpuNow();
  const t = performance.now();
  const value = fn();
  const wall = performance.now() - t;
  return { value, wall, cpu: cpuNow() - c };
}
const fmt = (n: number, d = 2): string => n.toFixed(d);

interface Row {
  lines: number;
  /** Wall-clock time (ms), medians: the judged figures. */
  parseMs: number;
  analyzeMs: number;
  keystrokeMs: number;
  /** Median of per-pair ratios analyze / parse (each analysis with the parse run next to it). */
  ratio: number;
  msPer1kLines: number;
  /** Process CPU time (ms), medians. */
  parseCpuMs: number;
  analyzeCpuMs: number;
  /** Median of per-pair CPU ratios. */
  cpuRatio: number;
  findings: number;
}

async function main(): Promise<void> {
  const parser = await loadPython(locateWasm);
  const analyzer = await Analyzer.create({ locateWasm });

  interface Case {
    size: number;
    source: string;
    lines: number;
    runs: number;
    parses: Timing[];
    analyses: Timing[];
    pairRatios: number[];
    pairCpuRatios: number[];
    keystrokes: number[];
    findings: number;
  }
  const timeParse = (text: string): Timing => {
    const r = timed(() => parser.parse(text));
    r.value?.delete();
    return r;
  };
  const timeAnalyze = (text: string): Timing & { findings: number } => {
    const r = timed(() => analyzer.analyze(text, {}));
    return { wall: r.wall, cpu: r.cpu, findings: r.value.findings.length };
  };

  const cases: Case[] = [];
  for (const size of SIZES) {
    const source = generateTrainingFile(size);
    // Warm-up: at least WARMUP runs and about WARMUP_MS of work, so small files are measured JIT-warm too.
    let warmAnalyzeMs = 0;
    const warmStart = performance.now();
    for (let i = 0; i < WARMUP || (performance.now() - warmStart < WARMUP_MS && i < WARMUP_MAX); i++) {
      timeParse(source);
      warmAnalyzeMs = timeAnalyze(source).wall;
      await settle();
    }
    // A slow analyzer must not hold a shared machine for many minutes: cap each size at ~BUDGET_MS of
    // analysis, but never fewer than MIN_RUNS (a median needs a few).
    const runs = Math.max(MIN_RUNS, Math.min(RUNS[size] ?? 5, Math.floor(BUDGET_MS / (2 * Math.max(1, warmAnalyzeMs)))));
    cases.push({
      size, source, lines: source.split('\n').length, runs, parses: [], analyses: [], pairRatios: [], pairCpuRatios: [], keystrokes: [], findings: 0,
    });
  }

  // Rounds: every size gets its share of runs in each round, so all sizes see the same machine phases.
  const rounds = Math.min(...cases.map((c) => c.runs));
  for (let round = 0; round < rounds; round++) {
    for (const c of cases) {
      const perRound = Math.ceil(c.runs / rounds);
      for (let k = 0; k < perRound && c.analyses.length < c.runs; k++) {
        const i = c.analyses.length;
        // Parse and analysis side by side, in alternating order, so drift within a pair cancels out.
        let parse: Timing;
        let a: Timing & { findings: number };
        if (i % 2 === 0) {
          parse = timeParse(c.source);
          a = timeAnalyze(c.source);
          await settle();
        } else {
          a = timeAnalyze(c.source);
          await settle();
          parse = timeParse(c.source);
        }
        c.parses.push(parse);
        c.analyses.push(a);
        c.pairRatios.push(a.wall / parse.wall);
        c.pairCpuRatios.push(a.cpu / Math.max(1e-3, parse.cpu));
        c.findings = a.findings;
        c.keystrokes.push(timeAnalyze(oneCharacterEdit(c.source, i)).wall);
        await settle();
      }
    }
  }

  if (process.env.ANALYSIS_BENCH_DUMP) {
    for (const c of cases) {
      console.error(`${c.lines} lines: parse/analyze wall ms per run: ${c.parses.map((p, i) => `${p.wall.toFixed(0)}/${c.analyses[i].wall.toFixed(0)}`).join(' ')}`);
    }
  }
  const rows: Row[] = cases.map((c) => {
    const analyzeMs = median(c.analyses.map((t) => t.wall));
    return {
      lines: c.lines, parseMs: median(c.parses.map((t) => t.wall)), analyzeMs, keystrokeMs: median(c.keystrokes),
      ratio: median(c.pairRatios), msPer1kLines: analyzeMs / (c.lines / 1000), parseCpuMs: median(c.parses.map((t) => t.cpu)),
      analyzeCpuMs: median(c.analyses.map((t) => t.cpu)), cpuRatio: median(c.pairCpuRatios), findings: c.findings,
    };
  });
  const runsUsed = cases.map((c) => c.runs);

  // The same drift for the bare parse: how much of the analysis' drift the parser (and the machine) brings.
  const parsePer1k = (r: Row): number => r.parseMs / (r.lines / 1000);
  const parseDrift = parsePer1k(rows[rows.length - 1]) / parsePer1k(rows[0]) - 1;
  const first = rows[0].msPer1kLines;
  const last = rows[rows.length - 1].msPer1kLines;
  const drift = last / first - 1;
  const worstRatio = Math.max(...rows.map((r) => r.ratio));
  const ok = (b: boolean): string => (b ? '✅' : '❌');

  const out: string[] = [];
  out.push('## Analysis: parse + all rules vs tree-sitter parse alone');
  out.push('');
  out.push(`Generated training files (bench/gen/training-file.ts), ≥ ${WARMUP} warm-up runs (≥ ${WARMUP_MS / 1000} s) per size, then `
    + `${runsUsed.join('/')} runs (per size) in ${rounds} rounds interleaving the sizes; each analysis is paired with a bare parse of the `
    + 'same text next to it. Times are wall-clock medians; the ratio is the median of the per-pair ratios (robust to the machine '
    + 'speeding up and slowing down). No forced GC between runs (it deoptimizes the analyzer: see the bench source); GC the analysis '
    + 'triggers counts in its time. Process CPU is shown beside (it includes V8\'s parallel GC threads, so analyze CPU can exceed its '
    + 'wall time; wall far above CPU means the machine was busy). "Keystroke" = analyze again after a one-character edit.');
  out.push('');
  out.push(`| lines | parse alone (ms) | analyze (ms) | ratio analyze/parse (≤ ${RATIO_TARGET}) | ms per 1k lines | CPU: parse / analyze (ms) | CPU ratio | keystroke (ms) | findings |`);
  out.push('|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const r of rows) {
    out.push(`| ${r.lines} | ${fmt(r.parseMs)} | ${fmt(r.analyzeMs)} | ${fmt(r.ratio)} ${ok(r.ratio <= RATIO_TARGET)} | ${fmt(r.msPer1kLines)} `
      + `| ${fmt(r.parseCpuMs)} / ${fmt(r.analyzeCpuMs)} | ${fmt(r.cpuRatio)} | ${fmt(r.keystrokeMs)} | ${r.findings} |`);
  }
  out.push('');
  out.push(`- Ratio target ≤ ${RATIO_TARGET} at every size: worst ${fmt(worstRatio)} ${ok(worstRatio <= RATIO_TARGET)}`);
  out.push(`- Time per 1k lines, ${rows[0].lines} → ${rows[rows.length - 1].lines} lines: ${fmt(first)} → ${fmt(last)} ms `
    + `(${drift >= 0 ? '+' : ''}${fmt(drift * 100, 1)}%, target within ±20%) ${ok(Math.abs(drift) <= 0.2)}`);
  out.push(`- For comparison, parse alone per 1k lines: ${fmt(parsePer1k(rows[0]))} → ${fmt(parsePer1k(rows[rows.length - 1]))} ms `
    + `(${parseDrift >= 0 ? '+' : ''}${fmt(parseDrift * 100, 1)}%): the part of the drift that is the parser's and the machine's`);
  console.log(out.join('\n'));
  console.log(`BENCH_JSON ${JSON.stringify({ bench: 'analysis', rows, worstRatio, perLineDrift: drift, parsePerLineDrift: parseDrift })}`);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
