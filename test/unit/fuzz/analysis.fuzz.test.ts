/**
 * Property tests: Python analysis on random and mutated input never throws, finishes within a bound per KB,
 * returns findings inside the document; every offered fix (alone, and all safe fixes together as
 * `source.fixAll` applies them) keeps parseable code parseable; notebook JSON and cells never break it.
 * FUZZ_RUNS / FUZZ_SEED widen the search (see fuzzConfig.ts).
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import type { Parser } from 'web-tree-sitter';
import { Analyzer } from '../../../src/core/analysis/analyzer';
import { applyEdits } from '../../../src/core/analysis/fixes';
import { parseNotebookJson } from '../../../src/core/analysis/notebook';
import type { AnalysisResult, AnalyzeOptions, Finding, NotebookCell } from '../../../src/core/analysis/types';
import { fixAll } from '../../../src/core/analysis/fixAll';
import { cpuTimed, fuzzParams, fuzzTimeout } from './fuzzConfig';
import {
  asInput, deepBlocks, deepBrackets, hugeLine, invalidUtf8, lineMutatedSeed, loadSeedScripts, manyBackwardCalls, mixedInput,
  mutatedSeed, tokenSoup, truncatedSeed,
} from './pythonArbitraries';
import { locateWasm, parsesCleanly, pythonParser, repoRoot } from './pythonSyntax';

/**
 * CPU time allowed for one analysis: generous (the box is shared by many jobs), but a quadratic walk over a
 * 100 KB input blows through it by orders of magnitude.
 */
const boundMs = (source: string) => 1_500 + 50 * (source.length / 1024);

const seeds = loadSeedScripts();
let analyzer: Analyzer;
let parser: Parser;

/** Analyse with a timer; assert the result is well-formed and inside the document. */
function analyzeChecked(source: string, options?: AnalyzeOptions): AnalysisResult {
  const { value: result, cpuMs } = cpuTimed(() => analyzer.analyze(source, options));
  assert.ok(cpuMs < boundMs(source), `analysis of ${source.length} chars took ${cpuMs.toFixed(0)} ms CPU (bound ${boundMs(source).toFixed(0)} ms)`);
  assertFindingsInside(result, source.split('\n'));
  return result;
}

/** Ranges are 0-based lines/columns of the analysed text (lines split at `\n`, as the engine counts them). */
function assertFindingsInside(result: AnalysisResult, lines: string[]): void {
  assert.ok(Array.isArray(result.findings));
  assert.ok(Number.isFinite(result.parseMs) && Number.isFinite(result.rulesMs));
  for (const f of result.findings) {
    const r = f.range;
    const where = `${f.ruleId} at ${JSON.stringify(r)}`;
    assert.ok(typeof f.ruleId === 'string' && f.ruleId.length > 0);
    assert.ok(f.message.zh.length > 0 && f.message.en.length > 0, `${where}: empty message`);
    assert.ok([r.startLine, r.startColumn, r.endLine, r.endColumn].every((n) => Number.isInteger(n) && n >= 0), `${where}: negative or fractional`);
    assert.ok(r.endLine < lines.length, `${where}: past the last line (${lines.length})`);
    assert.ok(r.startLine < r.endLine || (r.startLine === r.endLine && r.startColumn <= r.endColumn), `${where}: ends before it starts`);
    assert.ok(r.startColumn <= lines[r.startLine].length && r.endColumn <= lines[r.endLine].length, `${where}: column past line end`);
  }
}

describe('fuzz: Python analysis on hostile input', function () {
  before(async function () {
    this.timeout(60_000);
    assert.ok(seeds.length >= 4, 'seed scripts missing');
    analyzer = await Analyzer.create({ locateWasm });
    parser = await pythonParser();
  });

  const cases: Array<[string, fc.Arbitrary<string>, number]> = [
    ['truncations of real training code', truncatedSeed(seeds), 60],
    ['mutated real training code (line edits, CRLF, lone CR, tabs, NUL, garbage)', mutatedSeed(seeds), 80],
    ['token soup from a Python-ish vocabulary', tokenSoup, 60],
    ['hundreds of levels of brackets', deepBrackets, 15],
    ['hundreds of nested blocks', deepBlocks, 15],
    ['~100 KB single lines', hugeLine, 6],
    ['invalid UTF-8 decoded to U+FFFD', invalidUtf8, 40],
    ['everything mixed together', mixedInput(seeds), 40],
  ];
  for (const [name, arbitrary, runs] of cases) {
    it(`never throws and stays within ${'1.5 s + 50 ms/KB'}: ${name}`, function () {
      this.timeout(fuzzTimeout(runs, 8_000));
      fc.assert(fc.property(asInput(arbitrary), ({ source }) => { analyzeChecked(source); }), fuzzParams(runs));
    });
  }

  // Was quadratic (Facts.steps scanned every call once per backward call: ~4-7 s for 5,000 of them in 100 KB),
  // found by this suite and fixed in the engine (e05893a); kept as a regression property.
  it('thousands of backward calls (one line, many lines, one loop) stay within the per-KB bound', function () {
    const runs = 4;
    this.timeout(fuzzTimeout(runs, 30_000));
    fc.assert(fc.property(asInput(manyBackwardCalls), ({ source }) => { analyzeChecked(source); }), fuzzParams(runs));
  });

  it('honours timeBudgetMs, isCancelled, select and ignore on hostile input without throwing', function () {
    const runs = 30;
    this.timeout(fuzzTimeout(runs, 8_000));
    const options = fc.record({
      timeBudgetMs: fc.option(fc.constantFrom(0, 1, 5, 1e9, -1, Number.NaN), { nil: undefined }),
      cancelAfter: fc.option(fc.nat({ max: 20 }), { nil: undefined }),
      select: fc.option(fc.array(fc.constantFrom<string>('grad-clip', 'zero-grad', 'no-such-rule', ''), { maxLength: 3 }), { nil: undefined }),
      ignore: fc.option(fc.array(fc.constantFrom<string>('grad-clip', 'eval-mode', 'no-such-rule'), { maxLength: 3 }), { nil: undefined }),
    }, { requiredKeys: [] });
    fc.assert(
      fc.property(asInput(fc.oneof(mutatedSeed(seeds), tokenSoup)), options, ({ source }, o) => {
        let polls = 0;
        const isCancelled = o.cancelAfter === undefined ? undefined : () => ++polls > o.cancelAfter!;
        const result = analyzeChecked(source, { timeBudgetMs: o.timeBudgetMs, isCancelled, select: o.select, ignore: o.ignore });
        if (o.cancelAfter === 0) assert.equal(result.findings.length, 0, 'cancelled before the first rule, yet findings');
        const ignored = new Set(o.ignore ?? []);
        for (const f of result.findings) assert.ok(!ignored.has(f.ruleId), `ignored rule ${f.ruleId} reported`);
        if (o.select?.some((s) => s !== '')) {
          for (const f of result.findings) assert.ok(o.select.includes(f.ruleId), `unselected rule ${f.ruleId} reported`);
        }
      }),
      fuzzParams(runs),
    );
  });

  it('fixes never break parseable code and resolve their finding: each fix alone, and all safe fixes together (source.fixAll)', function () {
    const runs = 60;
    this.timeout(fuzzTimeout(runs, 8_000));
    let fixesChecked = 0;
    fc.assert(
      fc.property(asInput(lineMutatedSeed(seeds)), ({ source }) => {
        if (!parsesCleanly(parser, source)) return; // only inputs that parse: a fix must not be what breaks them
        const { findings } = analyzeChecked(source);
        for (const f of findings) {
          if (!f.fix) continue;
          fixesChecked++;
          assert.ok(f.fix.edits.length > 0, `${f.ruleId}: fix without edits`);
          assert.ok(f.fix.title.zh && f.fix.title.en, `${f.ruleId}: fix without a title in both languages`);
          const fixed = applyEdits(source, f.fix.edits);
          assert.notEqual(fixed, source, `${f.ruleId}: fix changes nothing`);
          assert.ok(parsesCleanly(parser, fixed), `${f.ruleId} fix breaks the code:\n${fixed}`);
          // And it does what it says: the rule reports fewer findings afterwards.
          const before = findings.filter((g) => g.ruleId === f.ruleId).length;
          const after = analyzeChecked(fixed, { select: [f.ruleId] }).findings.length;
          assert.ok(after < before, `${f.ruleId} fix did not resolve its finding (${before} → ${after}):\n${fixed}`);
        }
        const together = fixAll(analyzer, source);
        if (together.applied.length > 0) {
          assert.ok(parsesCleanly(parser, together.fixed), `all safe fixes together break the code:\n${together.fixed}`);
          analyzeChecked(together.fixed); // and the fixed file analyses cleanly too
        }
      }),
      fuzzParams(runs),
    );
    // The property is only meaningful if the seeds actually draw fixes.
    assert.ok(fixesChecked >= 10, `only ${fixesChecked} fixes were exercised`);
  });

  it('a trailing `# advisor: ignore[rule]` on a finding\'s line removes exactly that finding', function () {
    const runs = 40;
    this.timeout(fuzzTimeout(runs, 8_000));
    let checked = 0;
    fc.assert(
      fc.property(asInput(lineMutatedSeed(seeds)), fc.nat(), ({ source }, pick) => {
        const { findings } = analyzeChecked(source);
        if (findings.length === 0) return;
        const target = findings[pick % findings.length];
        const lines = source.split('\n');
        const line = target.range.startLine;
        const eol = lines[line].endsWith('\r') ? '\r' : '';
        lines[line] = `${lines[line].slice(0, lines[line].length - eol.length)}  # advisor: ignore[${target.ruleId}]${eol}`;
        const suppressed = lines.join('\n');
        // A comment cannot go everywhere (after a line continuation): skip where it breaks parseable code.
        if (parsesCleanly(parser, source) && !parsesCleanly(parser, suppressed)) return;
        const after = analyzeChecked(suppressed).findings;
        const key = (f: Finding) => `${f.ruleId}@${f.range.startLine}:${f.range.startColumn}`;
        const expected = findings.filter((f) => !(f.ruleId === target.ruleId && f.range.startLine === line)).map(key);
        assert.deepEqual(after.map(key), expected, `suppressing ${key(target)}`);
        checked++;
      }),
      fuzzParams(runs),
    );
    assert.ok(checked >= runs / 4, `only ${checked} suppressions were checked`);
  });

  it('notebooks: hostile cells never break analyzeNotebook; findings point into real code cells', function () {
    const runs = 30;
    this.timeout(fuzzTimeout(runs, 8_000));
    const cell: fc.Arbitrary<NotebookCell> = fc.record({
      kind: fc.constantFrom('code' as const, 'code' as const, 'markdown' as const),
      source: fc.oneof(mutatedSeed(seeds, 3), truncatedSeed(seeds), tokenSoup, invalidUtf8, fc.constant(''), fc.constant('%matplotlib inline\n!pip install torch\n')),
    });
    fc.assert(
      fc.property(fc.array(cell, { maxLength: 8 }), (cells) => {
        const { value: result, cpuMs } = cpuTimed(() => analyzer.analyzeNotebook(cells));
        const total = cells.reduce((n, c) => n + c.source.length, 0);
        assert.ok(cpuMs < 1_500 + 50 * (total / 1024), `notebook analysis took ${cpuMs.toFixed(0)} ms CPU for ${total} chars`);
        for (const f of result.findings) {
          assert.ok(f.cell !== undefined && f.cell >= 0 && f.cell < cells.length, `${f.ruleId}: cell ${f.cell} of ${cells.length}`);
          assert.equal(cells[f.cell].kind, 'code', `${f.ruleId} reported in a markdown cell`);
          assertFindingsInside({ ...result, findings: [f] }, cells[f.cell].source.split('\n'));
          if (f.fix) assert.ok(f.fix.edits.every((e) => e.range.endLine < cells[f.cell!].source.split('\n').length), `${f.ruleId}: fix leaves its cell`);
        }
      }),
      fuzzParams(runs),
    );
  });

  it('parseNotebookJson never throws on mutated or hostile notebook JSON', function () {
    const runs = 200;
    this.timeout(fuzzTimeout(runs, 1_000));
    const fixture = path.join(repoRoot, 'test/fixtures/notebook/notebook.ipynb');
    const real = fs.existsSync(fixture)
      ? fs.readFileSync(fixture, 'utf8')
      : JSON.stringify({ cells: [{ cell_type: 'code', source: ['import torch\n', 'loss.backward()\n'] }], nbformat: 4 });
    const textMutation = fc.oneof(
      fc.nat().map((at) => (t: string) => t.slice(0, at % (t.length + 1))),
      fc.tuple(fc.nat(), fc.nat({ max: 40 })).map(([at, n]) => (t: string) => t.slice(0, at % (t.length + 1)) + t.slice((at % (t.length + 1)) + n)),
      fc.tuple(fc.nat(), fc.constantFrom('{', '}', '[', ']', '"', ',', ':', 'null', '\\', '\0', '\ud800', '1e999', '-0', '😀')).map(([at, s]) => (t: string) => t.slice(0, at % (t.length + 1)) + s + t.slice(at % (t.length + 1))),
    );
    const mutatedText = fc.array(textMutation, { minLength: 1, maxLength: 4 }).map((ms) => ms.reduce((t, m) => m(t), real));
    // Valid JSON of the wrong shape: cells that are not objects, sources of every type, cells not an array.
    const wrongShape = fc.oneof(
      fc.jsonValue(),
      fc.record({ cells: fc.jsonValue() }),
      fc.record({ cells: fc.array(fc.oneof(fc.jsonValue(), fc.record({ cell_type: fc.jsonValue(), source: fc.jsonValue() })), { maxLength: 5 }) }),
    ).map((v) => JSON.stringify(v));
    const deepJson = fc.integer({ min: 1_000, max: 100_000 }).map((d) => '{"cells":' + '['.repeat(d) + ']'.repeat(d) + '}');
    fc.assert(
      fc.property(asInput(fc.oneof(mutatedText, wrongShape, deepJson, fc.string({ unit: 'binary', maxLength: 200 }))), ({ source: text }) => {
        const parsed = parseNotebookJson(text);
        assert.ok(Array.isArray(parsed.cells), 'cells must be an array');
        for (const c of parsed.cells) {
          assert.ok(c.kind === 'code' || c.kind === 'markdown', `cell kind ${String(c.kind)}`);
          assert.equal(typeof c.source, 'string');
        }
        assert.ok(parsed.error === undefined || typeof parsed.error === 'string');
        analyzer.analyzeNotebook(parsed.cells); // whatever came out must be analysable
      }),
      fuzzParams(runs),
    );
  });
});
