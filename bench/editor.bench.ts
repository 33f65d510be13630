// Editor latency without VS Code: the pipeline the extension runs, on a generated 2,000-line training file.
//  - keystroke → updated diagnostics: one-character edit → analyzer.analyze → toDiagnosticData (what
//    AnalysisManager publishes; the debounce delay is a setting and not counted);
//  - hover with a cached analysis: finding lookup + finding hover Markdown + import map (cached per version)
//    + name resolution + card lookup + card hover Markdown;
//  - code actions with a cached analysis: findings under the range, fix / advice / ignore data; fix-all;
//    and the first Quick Fix on a finding whose fix was not verified yet (the one on-demand cost left).
// Targets (issue 4): keystroke p95 < 50 ms; hover and code actions p95 < 5 ms. Baseline for the ratio column:
// tree-sitter parse alone of the same file, measured in the same run. Protocol: bench/run.mjs.
import fs from 'node:fs';
import path from 'node:path';
import { Analyzer } from '../src/core/analysis/analyzer';
import { loadPython } from '../src/core/analysis/parser';
import { cardsForApi } from '../src/core/knowledge/refs';
import type { KnowledgeBase } from '../src/core/knowledge/types';
import { buildKnowledgeBase } from '../src/core/knowledge';
import { findingsAt, nonOverlappingSafeFixes, rangesTouch, toDiagnosticData } from '../src/extension/pure/findings';
import { cardsForName, refLabel } from '../src/extension/pure/knowledge';
import { cardHoverMarkdown, findingHoverMarkdown, type RuleInfo } from '../src/extension/pure/markdown';
import { getRule } from '../src/core/analysis/registry';
import { nameAt, parseImports } from '../src/extension/pure/pythonNames';
import { ignoreEdit } from '../src/extension/pure/suppression';
import { generateTrainingFile, oneCharacterEdit } from './gen/training-file';

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
  for (let i = 0; i < 3; i++) toDiagnosticData(analyzer.analyze(oneCharacterEdit(source, i), {}).findings, 'en', {});
  for (let i = 0; i < KEYSTROKES; i++) {
    const edited = oneCharacterEdit(source, i);
    let t0 = performance.now();
    const tree = parser.parse(edited);
    parseOnly.push(performance.now() - t0);
    tree?.delete();
    t0 = performance.now();
    const result = analyzer.analyze(edited, {});
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

    // source.fixAll (on save / explicit request only, not on every cursor move).
    if (i % 20 === 0) {
      t0 = performance.now();
      const safe = nonOverlappingSafeFixes(findings);
      fixAll.push(performance.now() - t0);
      if (safe.length === 0 && findings.some((f) => f.fix?.safe)) throw new Error('fix-all chose nothing');
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
    row(`source.fixAll over all ${findings.length} findings (fixes verified)`, fixAll, null),
    '',
    `Baseline in the same run: tree-sitter parse alone of the edited file p50 ${parseP50.toFixed(2)} ms; `
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

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
