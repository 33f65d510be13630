// Editor latency without VS Code: the pipeline the extension runs, on a generated 2,000-line training file.
//  - keystroke → updated diagnostics: one-character edit → analyzer.analyze with the document's key (the
//    previous tree edited and re-parsed incrementally, as the worker does for an open editor) → toDiagnosticData
//    (what AnalysisManager publishes; the debounce delay is a setting and not counted);
//  - hover with a cached analysis: finding lookup + finding hover Markdown + import map (cached per version)
//    + name resolution + card lookup + card hover Markdown;
//  - code actions with a cached analysis: findings under the range, fix / advice / ignore data; fix-all;
//    and the first Quick Fix on a finding whose fix was not verified yet (the one on-demand cost left).
// Plus the extension host's side of a 100,000-line file analysed in the worker thread (dist/analysisWorker.js,
// as AnalysisManager runs it): the longest event-loop block on this thread while it is analysed (target, issue 7:
// never more than 50 ms at a time), with a superseding second request midway.
// Targets (issue 4): keystroke p95 < 50 ms; hover and code actions p95 < 5 ms; issue 11: keystroke p50 ≤ 0.4× the
// full parse. Baseline for the ratio column: tree-sitter parse alone of the same file, measured in the same run.
// Protocol: bench/run.mjs.
// What a keystroke redoes (the analyzer keeps per document key, besides the tree): the edit is found by binary
// search over slice comparisons (incremental.ts); the scanner re-reads only the top-level statements the edit
// touches (structure/rescan.ts) and the model rebuilds only their objects, reusing those before and moving
// copies of those after (structure/remodel.ts). Facts and rules still run over the whole file: they answer
// whole-file questions (a clip in another function, an entry point, imports), and caching them per function
// would need every rule's dependencies spelled out. Profile at the time of writing (2,000 lines): facts + rules
// about two thirds of a keystroke, GC about a quarter of it.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Analyzer } from '../src/core/analysis/analyzer';
import { loadPython } from '../src/core/analysis/parser';
import { cardsForApi } from '../src/core/knowledge/refs';
import type { KnowledgeBase } from '../src/core/knowledge/types';
import { buildKnowledgeBase } from '../src/core/knowledge';
import { fixAll as fixAllSafe } from '../src/core/analysis/fixAll';
import { findingsAt, rangesTouch, toDiagnosticData } from '../src/extension/diagnosticData';
import { cardsForName } from '../src/core/knowledge/cardLookup';
import { refLabel } from '../src/core/knowledge/refs';
import { cardHoverMarkdown, findingHoverMarkdown, type RuleInfo } from '../src/extension/hoverMarkdown';
import { getRule } from '../src/core/analysis/registry';
import { nameAt, parseImports } from '../src/core/analysis/pythonNames';
import { ignoreEdit } from '../src/core/analysis/suppression';
import { generateTrainingFile, oneCharacterEdit } from './gen/training-file';
import { monitorEventLoopDelay, performance as nodePerformance } from 'node:perf_hooks';
import { AnalysisWorkerClient } from '../src/extension/analysisWorker/client';
import { nodeWorkerSpawner } from '../src/extension/analysisWorker/nodeWorker';

const root = path.resolve(__dirname, '..');
const locateWasm = (file: string): string => (path.basename(file).includes('python')
  ? path.join(root, 'node_modules', 'tree-sitter-python', 'tree-sitter-python.wasm')
  : path.join(root, 'node_modules', 'web-tree-sitter', 'web-tree-sitter.wasm'));

const LINES = 2000;
const KEYSTROKES = 60;
const LOOKUPS = 2000;
const t = (m: string, ...a: Array<string | number>) => m.replace(/\{(\d+)\}/g, (_x, i) => String(a[Number(i)]));

function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
}

function loadKb(): KnowledgeBase {
  const built = path.join(root, 'dist', 'knowledge.json');
  if (fs.existsSync(built)) return JSON.parse(fs.readFileSync(built, 'utf8')) as KnowledgeBase;
  const dir = path.join(root, 'knowledge');
  const files = fs.readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.md'))
    .map((e) => { const p = path.join(e.parentPath, e.name); return { path: path.relative(dir, p), text: fs.readFileSync(p, 'utf8') }; });
  return buildKnowledgeBase(files);
}

async function main(): Promise<void> {
  const kb = loadKb();
  const parser = await loadPython(locateWasm);
  const analyzer = await Analyzer.create({ locateWasm });
  const source = generateTrainingFile(LINES);
  const lines = source.split('\n');

  // Keystroke → diagnostics (and the parse-alone baseline on the same edited text).
  const keystroke: number[] = [];
  const parseOnly: number[] = [];
  const coldFix: number[] = [];
  const document = 'file:///bench/train.py';
  for (let i = 0; i < 3; i++) toDiagnosticData(analyzer.analyze(oneCharacterEdit(source, i), { document }).findings, 'en', {});
  for (let i = 0; i < KEYSTROKES; i++) {
    const edited = oneCharacterEdit(source, i);
    let t0 = performance.now();
    const tree = parser.parse(edited);
    parseOnly.push(performance.now() - t0);
    tree?.delete();
    t0 = performance.now();
    const result = analyzer.analyze(edited, { document });
    const diagnostics = toDiagnosticData(result.findings, i % 2 ? 'zh' : 'en', { 'sgd-momentum': 'warning' });
    keystroke.push(performance.now() - t0);
    if (diagnostics.length === 0) throw new Error('the generated file should produce findings');
    // A fix is computed and parse-verified on first access: what a Quick Fix request pays when the idle-time
    // warm-up (AnalysisManager.warmVisibleFixes) has not reached that finding yet.
    if (i % 6 === 0) {
      const fixable = result.findings.find((f) => typeof (getRule(f.ruleId) as { fix?: unknown } | undefined)?.fix === 'function');
      if (fixable) {
        t0 = performance.now();
        void fixable.fix;
        coldFix.push(performance.now() - t0);
      }
    }
  }

  // Cached analysis for hover / code actions, fixes already verified (as the idle-time warm-up leaves them).
  const findings = analyzer.analyze(source, {}).findings;
  for (const f of findings) void f.fix;
  const imports = parseImports(source); // cached per document version in the extension
  const apiLines = lines.map((l, i) => ({ l, i, c: l.search(/\b(clip_grad_norm_|GradScaler|autocast|StepLR|DataLoader|AdamW|SGD)\b/) }))
    .filter((x) => x.c >= 0);
  if (apiLines.length === 0) throw new Error('no API names in the generated file');
  const hover: number[] = [];
  const actions: number[] = [];
  const fixAll: number[] = [];
  let hovered = 0;
  for (let i = 0; i < LOOKUPS; i++) {
    // Alternate between a finding's anchor and an API name.
    const f = findings[i % findings.length]!;
    const a = apiLines[i % apiLines.length]!;
    const [line, col] = i % 2 ? [f.range.startLine, f.range.startColumn + 1] : [a.i, a.c + 2];
    let t0 = performance.now();
    const parts: string[] = [];
    for (const { finding } of findingsAt(findings, line, col)) {
      const rule = getRule(finding.ruleId) as (RuleInfo & { fix?: unknown }) | undefined;
      parts.push(findingHoverMarkdown(finding, rule, kb, { lang: 'zh', t, canFix: typeof rule?.fix === 'function', fixArgs: ['u', 0, 1] }));
    }
    const name = nameAt(lines[line]!, col, imports, lines[line - 1]);
    if (name) {
      let cards = name.qualified ? cardsForApi(kb, name.qualified) : [];
      if (!cards.length) cards = cardsForName(kb.cards, name.qualified, name.written);
      if (cards.length) parts.push(cardHoverMarkdown(cards, name.qualified ?? name.written, kb, 'zh', t));
    }
    hover.push(performance.now() - t0);
    if (parts.length) hovered++;

    t0 = performance.now();
    const range = { startLine: line, startColumn: col, endLine: line, endColumn: col };
    const out: unknown[] = [];
    for (const finding of findings) {
      if (!rangesTouch(finding.range, range)) continue;
      if (finding.fix) out.push(finding.fix.edits);
      if (finding.advice[0]) out.push(refLabel(kb, finding.advice[0], 'zh'));
      out.push(ignoreEdit(lines[finding.range.startLine]!, finding.range.startLine, finding.ruleId));
    }
    actions.push(performance.now() - t0);
    if (out.length === 0 && i % 2) throw new Error('a finding anchor produced no code action');

    // source.fixAll (on save / explicit request only, not on every cursor move): the core's pass-by-pass loop,
    // each pass a full analysis of the fixed text, as the worker runs it.
    if (i % 200 === 0) {
      t0 = performance.now();
      const result = fixAllSafe(analyzer, source);
      fixAll.push(performance.now() - t0);
      if (result.applied.length === 0 && findings.some((f) => f.fix?.safe)) throw new Error('fix-all applied nothing');
    }
  }

  const row = (name: string, xs: number[], target: number | null) => {
    const p95 = percentile(xs, 95);
    const verdict = target === null ? '— (warmed in idle time)' : `< ${target} ${p95 < target ? '✅' : '❌'}`;
    return `| ${name} | ${percentile(xs, 50).toFixed(3)} | ${p95.toFixed(3)} | ${verdict} |`;
  };
  const parseP50 = percentile(parseOnly, 50);
  const out = [
    '## Editor latency: keystroke → diagnostics, hover, code actions',
    '',
    `A generated ${lines.length}-line training file (bench/gen/training-file.ts), ${findings.length} findings. `
      + `Keystroke: ${KEYSTROKES} one-character edits, each analysed and mapped to diagnostics (debounce not counted). `
      + `Hover / code actions: ${LOOKUPS} lookups on a cached analysis, alternating finding anchors and PyTorch API names `
      + `(${hovered} of them produced a hover).`,
    '',
    '| step | p50 (ms) | p95 (ms) | target p95 (ms) |',
    '|---|---:|---:|---:|',
    row('keystroke → updated diagnostics', keystroke, 50),
    row('hover (cached analysis)', hover, 5),
    row('code actions at the cursor (cached analysis)', actions, 5),
    row('first Quick Fix on a fixable finding (fix verified on demand)', coldFix, null),
    row(`source.fixAll over all ${findings.length} findings (analyse, apply, re-analyse until no safe fix is left)`, fixAll, null),
    '',
    `Baseline in the same run: tree-sitter parse alone (from scratch) of the edited file p50 ${parseP50.toFixed(2)} ms; `
      + `keystroke p50 / parse p50 = ${(percentile(keystroke, 50) / parseP50).toFixed(2)}, `
      + `first Quick Fix p50 / parse p50 = ${(percentile(coldFix, 50) / parseP50).toFixed(2)} (a fix is verified by re-parsing the fixed file). `
      + 'The extension itself adds well under a millisecond per step; the keystroke figure is the analysis engine\'s, '
      + 'so compare its ratio to the parse across machines (absolute times depend on the machine\'s load).',
  ];
  console.log(out.join('\n'));
  console.log(`BENCH_JSON ${JSON.stringify({
    bench: 'editor', lines: lines.length, findings: findings.length,
    keystroke: { p50: percentile(keystroke, 50), p95: percentile(keystroke, 95) },
    hover: { p50: percentile(hover, 50), p95: percentile(hover, 95) },
    codeActions: { p50: percentile(actions, 50), p95: percentile(actions, 95) },
    fixAll: { p50: percentile(fixAll, 50), p95: percentile(fixAll, 95) },
    coldFix: { p50: percentile(coldFix, 50), p95: percentile(coldFix, 95) },
    parseP50,
  })}`);
}

/**
 * The host thread while a 100,000-line file is analysed in the worker: what AnalysisManager does on it (byte
 * count, sending the text, a superseding keystroke midway, mapping the findings to diagnostics) under
 * monitorEventLoopDelay and a 5 ms heartbeat. Needs `npm run build` (dist/analysisWorker.js + wasm).
 */
async function workerBlocking(): Promise<void> {
  const dist = path.join(root, 'dist');
  const workerPath = path.join(dist, 'analysisWorker.js');
  if (!fs.existsSync(workerPath)) {
    console.log('\n## Extension host while a 100,000-line file is analysed in the worker\n\nSKIPPED: run `npm run build` first.');
    return;
  }
  const BIG = 100_000;
  const source = generateTrainingFile(BIG);
  const edited = oneCharacterEdit(source, 3);
  const client = new AnalysisWorkerClient({ spawn: nodeWorkerSpawner(workerPath, dist) });
  // Each message handler's own time on this thread (collecting findings, filling in fixes).
  let longestHandler = 0;
  const internals = client as unknown as { onMessage(m: unknown): void };
  const handle = internals.onMessage.bind(client);
  internals.onMessage = (m: unknown) => {
    const t1 = performance.now();
    handle(m);
    longestHandler = Math.max(longestHandler, performance.now() - t1);
  };
  // Engine loaded once before measuring (the first analysis of a session also pays the wasm load, in the worker).
  await client.analyze('warm', { kind: 'file', source: 'import torch\n' }, { fixes: false }).result;
  const histogram = monitorEventLoopDelay({ resolution: 1 });
  let last = performance.now();
  let longestGap = 0;
  // Event-loop utilization between heartbeats: the time this thread was actually busy (not waiting in the
  // poll phase) inside each gap. On a loaded machine a gap can be long because the OS did not schedule the
  // thread while it was idle; the busy time is what our code on this thread costs.
  let eluMark = nodePerformance.eventLoopUtilization();
  let longestBusy = 0;
  const heartbeat = setInterval(() => {
    const now = performance.now();
    longestGap = Math.max(longestGap, now - last);
    last = now;
    const elu = nodePerformance.eventLoopUtilization(eluMark);
    longestBusy = Math.max(longestBusy, elu.active);
    eluMark = nodePerformance.eventLoopUtilization();
  }, 5);
  histogram.enable();
  await new Promise((r) => setTimeout(r, 100));
  longestBusy = 0;
  longestGap = 0;
  const t0 = performance.now();
  let send = performance.now();
  Buffer.byteLength(source, 'utf8'); // the size gate
  const first = client.analyze('big.py', { kind: 'file', source }, { timeBudgetMs: 10_000 });
  const firstSendMs = performance.now() - send;
  await new Promise((r) => setTimeout(r, 300)); // a keystroke while the first analysis runs
  send = performance.now();
  Buffer.byteLength(edited, 'utf8');
  const second = client.analyze('big.py', { kind: 'file', source: edited }, { timeBudgetMs: 10_000 });
  const secondSendMs = performance.now() - send;
  const superseded = (await first.result).superseded === true;
  const result = await second.result;
  const mapStart = performance.now();
  const diagnostics = toDiagnosticData(result.findings, 'en', {});
  const mapMs = performance.now() - mapStart;
  const resultMs = performance.now() - t0;
  await second.fixesDone;
  const totalMs = performance.now() - t0;
  await new Promise((r) => setTimeout(r, 100));
  histogram.disable();
  clearInterval(heartbeat);
  client.dispose();
  if (!superseded) throw new Error('the first request should have been superseded');
  const maxBlock = histogram.max / 1e6;
  // Deserializing one findings message happens before its handler runs; structuredClone of a full chunk
  // (serialize + deserialize, so an upper bound) stands in for it.
  const chunk = result.findings.slice(0, 1000).map(({ fix: _fix, ...f }) => f);
  const c0 = performance.now();
  structuredClone(chunk);
  const cloneMs = performance.now() - c0;
  const longestTask = Math.max(firstSendMs, secondSendMs, longestHandler, cloneMs, mapMs);
  const load = os.loadavg()[0]!;
  const fixes = result.findings.filter((f) => f.fix).length;
  console.log([
    '',
    '## Extension host while a 100,000-line file is analysed in the worker',
    '',
    `A generated ${BIG.toLocaleString('en')}-line file (${(source.length / 2 ** 20).toFixed(1)} MB; analysed only if `
      + '`trainingAdvisor.maxFileSizeKB` allows it, default 1024 KB skips it with a status), sent to the worker as '
      + 'AnalysisManager does (10 s time budget, LIVE_TIME_BUDGET_MS), then a one-character edit 300 ms later that supersedes it; the worker also verifies '
      + `the fixes. ${result.findings.length} findings${result.timedOut ? ' (10 s time budget reached: partial)' : ''}, ${fixes} fixes.`,
    '',
    '| extension host thread | ms |',
    '|---|---:|',
    `| **longest single task of ours on this thread** (max of the rows below), target < 50 | ${longestTask.toFixed(1)} ${longestTask < 50 ? '✅' : '❌'} |`,
    `| sending the text (first / superseding request) | ${firstSendMs.toFixed(1)} / ${secondSendMs.toFixed(1)} |`,
    `| longest message handler (findings chunk, result, fixes batch) | ${longestHandler.toFixed(1)} |`,
    `| deserializing one message of ${chunk.length} findings (structuredClone upper bound) | ${cloneMs.toFixed(1)} |`,
    `| findings → diagnostics data (all ${result.findings.length}) | ${mapMs.toFixed(1)} |`,
    `| longest busy stretch seen by a 5 ms heartbeat (event-loop active time; includes OS descheduling) | ${longestBusy.toFixed(1)} |`,
    `| longest event-loop delay (monitorEventLoopDelay max; includes time the OS did not schedule the thread) | ${maxBlock.toFixed(1)} |`,
    `| longest gap between 5 ms heartbeats (same caveat) | ${longestGap.toFixed(1)} |`,
    `| event-loop delay p50 / p99 | ${(histogram.percentile(50) / 1e6).toFixed(1)} / ${(histogram.percentile(99) / 1e6).toFixed(1)} |`,
    `| keystroke → findings back (wall, worker: parse ${result.parseMs.toFixed(0)} + rules ${result.rulesMs.toFixed(0)}) | ${resultMs.toFixed(0)} |`,
    `| until every fix is verified (wall) | ${totalMs.toFixed(0)} |`,
    '',
    `Load average during the run: ${load.toFixed(1)} on ${os.cpus().length} CPUs. The worker's parse and rules run on another `
      + 'thread; when the machine has fewer idle cores than busy threads the OS deschedules this one too, which shows '
      + 'in the heartbeat, delay and gap rows; the task rows time '
      + 'the extension\'s own work on the host thread directly.',
  ].join('\n'));
  console.log(`BENCH_JSON ${JSON.stringify({
    bench: 'editor-worker', lines: BIG, findings: result.findings.length, fixes, longestTaskMs: longestTask, longestHandlerMs: longestHandler, cloneMs, longestBusyMs: longestBusy, maxBlockMs: maxBlock, longestGapMs: longestGap, loadAverage: load,
    sendMs: [firstSendMs, secondSendMs], mapMs, resultMs, totalMs, timedOut: !!result.timedOut,
  })}`);
}

(process.env.EDITOR_BENCH_WORKER_ONLY ? workerBlocking() : main().then(workerBlocking)).catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
