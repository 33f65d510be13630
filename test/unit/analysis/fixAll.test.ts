// Fix-all (src/core/analysis/fixAll.ts) composes fixes correctly: on every fixture and example file, for every
// combination of the rules whose safe fixes fire there, applying the fixes pass by pass gives exactly the program
// that applying them one at a time (re-analysing after each) gives, the result parses, and no safe fix is left.
// The rules that fire are collected over the whole fix loop (a fix can make another rule fire), so the
// combinations that matter are enumerated exhaustively; fast-check adds random subsets of every fixable rule.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { Analyzer } from '../../../src/core/analysis/analyzer';
import { applyEdits } from '../../../src/core/analysis/fixes';
import { compatibleFixes, fixAll, fixAllNotebook, MAX_FIX_PASSES, singleEdit } from '../../../src/core/analysis/fixAll';
import { parseNotebookJson } from '../../../src/core/analysis/notebook';
import { rules } from '../../../src/core/analysis/registry';
import type { AnalyzeOptions, Finding, NotebookCell } from '../../../src/core/analysis/types';
import { fixturesDir, locateWasm, repoRoot } from './fixtures-lib';

const fixableRules = rules.filter((r) => typeof r.fix === 'function').map((r) => r.id);

/** Every .py / .ipynb under test/fixtures (knowledge packs aside) and examples/. */
function pythonFiles(): string[] {
  const out: string[] = [];
  const visit = (dir: string): void => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) {
        if (e.name !== 'packs') visit(p);
      } else if (/\.(py|ipynb)$/.test(e.name)) out.push(p);
    }
  };
  visit(fixturesDir);
  visit(path.join(repoRoot, 'examples'));
  return out;
}

type Program = { kind: 'file'; source: string } | { kind: 'notebook'; cells: NotebookCell[] };

function readProgram(file: string): Program {
  const text = fs.readFileSync(file, 'utf8');
  return file.endsWith('.ipynb') ? { kind: 'notebook', cells: parseNotebookJson(text).cells } : { kind: 'file', source: text };
}

const asText = (p: Program): string => (p.kind === 'file' ? p.source : p.cells.map((c) => `# [${c.kind}]\n${c.source}`).join('\n'));

let analyzer: Analyzer;
before(async function () {
  this.timeout(60_000);
  analyzer = await Analyzer.create({ locateWasm });
});

function findingsOf(p: Program, options: AnalyzeOptions): Finding[] {
  return p.kind === 'file' ? analyzer.analyze(p.source, options).findings : analyzer.analyzeNotebook(p.cells, options).findings;
}

/** The reference: the first safe fix, re-analyse, the next first safe fix… as a user clicking one at a time. */
function oneAtATime(p: Program, options: AnalyzeOptions): { program: Program; applied: string[] } {
  const applied: string[] = [];
  let current = p;
  for (let i = 0; i < MAX_FIX_PASSES * 4; i++) {
    const f = findingsOf(current, options).find((x) => x.fix?.safe && (current.kind === 'file' || x.cell !== undefined));
    if (!f) break;
    applied.push(f.ruleId);
    const edits = f.fix!.edits;
    current = current.kind === 'file'
      ? { kind: 'file', source: applyEdits(current.source, edits) }
      : { kind: 'notebook', cells: current.cells.map((c, j) => (j === f.cell ? { ...c, source: applyEdits(c.source, edits) } : c)) };
  }
  return { program: current, applied };
}

function together(p: Program, options: AnalyzeOptions): { program: Program; applied: string[]; remaining: Finding[]; passes: number } {
  if (p.kind === 'file') {
    const r = fixAll(analyzer, p.source, options);
    return { program: { kind: 'file', source: r.fixed }, applied: r.applied.map((a) => a.ruleId), remaining: r.remaining, passes: r.passes };
  }
  const r = fixAllNotebook(analyzer, p.cells, options);
  return { program: { kind: 'notebook', cells: r.fixed }, applied: r.applied.map((a) => a.ruleId), remaining: r.remaining, passes: r.passes };
}

const programSource = (p: Program): string => (p.kind === 'file' ? p.source : p.cells.filter((c) => c.kind === 'code').map((c) => c.source).join('\n'));

/** Checks the property for one file and one rule selection; returns the rules whose safe fixes were applied. */
function checkComposition(file: string, p: Program, select: string[]): string[] {
  const options = { select };
  const batch = together(p, options);
  const reference = oneAtATime(p, options);
  const label = `${path.relative(repoRoot, file)} with --select ${select.join(',')}`;
  assert.equal(asText(batch.program), asText(reference.program),
    `${label}: fixes applied together (${batch.applied.join(', ')}) differ from one at a time (${reference.applied.join(', ')})`);
  assert.ok(batch.passes < MAX_FIX_PASSES, `${label}: fix-all did not reach a fixpoint in ${MAX_FIX_PASSES} passes`);
  assert.deepEqual(batch.remaining.filter((f) => f.fix?.safe).map((f) => f.ruleId), [], `${label}: safe fixes left after fix-all`);
  if (batch.applied.length) assert.ok(analyzer.parsesCleanly(programSource(batch.program)), `${label}: the fixed program does not parse:\n${asText(batch.program)}`);
  return batch.applied;
}

function subsets<T>(xs: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let mask = 1; mask < 1 << xs.length; mask++) out.push(xs.filter((_x, i) => mask & (1 << i)));
  return out;
}

describe('fix-all composes safe fixes like applying them one at a time', () => {
  const files = pythonFiles();

  it('has fixable rules, fixture files and examples to exercise', () => {
    assert.ok(fixableRules.length >= 10, fixableRules.join(', '));
    assert.ok(files.some((f) => f.includes(`${path.sep}examples${path.sep}`)) && files.length >= 40, `${files.length} files`);
  });

  it('fixes evaluate() in examples/train_classifier.py: model.eval(), then the whole loop inside with torch.no_grad()', () => {
    const source = fs.readFileSync(path.join(repoRoot, 'examples', 'train_classifier.py'), 'utf8');
    const { fixed, applied } = fixAll(analyzer, source, { select: ['eval-no-grad', 'eval-mode'] });
    assert.deepEqual(applied.map((a) => a.ruleId).sort(), ['eval-mode', 'eval-no-grad']);
    assert.match(fixed, /\n {4}model\.eval\(\)\n {4}with torch\.no_grad\(\):\n {8}for images, labels in loader:\n {12}images, labels = images\.to\(device\), labels\.to\(device\)\n/);
    assert.deepEqual(analyzer.analyze(fixed, { select: ['eval-no-grad', 'eval-mode'] }).findings.map((f) => f.ruleId), []);
  });

  let exercised = 0;
  for (const file of files) {
    it(`${path.relative(repoRoot, file)}: every combination of its fixable rules`, function () {
      this.timeout(120_000);
      const p = readProgram(file);
      // Rules with a safe fix anywhere along the fix loop with every rule on.
      const firing = new Set(findingsOf(p, {}).filter((f) => f.fix?.safe).map((f) => f.ruleId));
      for (const id of together(p, {}).applied) firing.add(id);
      const ids = [...firing].sort();
      assert.ok(ids.length <= 8, `${ids.length} fixable rules fire in one file: the exhaustive check would take too long`);
      for (const select of subsets(ids)) if (checkComposition(file, p, select).length) exercised++;
    });
  }

  it('random subsets of every fixable rule on random files (fast-check)', function () {
    this.timeout(300_000);
    const programs = files.map((f) => ({ file: f, p: readProgram(f) }));
    fc.assert(
      fc.property(fc.constantFrom(...programs), fc.subarray(fixableRules, { minLength: 1 }), ({ file, p }, select) => {
        checkComposition(file, p, select);
      }),
      { numRuns: 60, seed: 20261204 },
    );
  });

  it('exercised real combinations', () => {
    assert.ok(exercised >= 30, `only ${exercised} selections applied a fix`);
  });
});

describe('compatibleFixes and singleEdit', () => {
  const finding = (ruleId: string, edits: Array<[number, number, number, number]>, safe = true, cell?: number): Finding => ({
    ruleId, severity: 'information', advice: [], message: { zh: '', en: '' }, range: { startLine: edits[0]![0], startColumn: 0, endLine: edits[0]![0], endColumn: 1 },
    fix: { title: { zh: '', en: '' }, safe, edits: edits.map(([a, b, c, d]) => ({ range: { startLine: a, startColumn: b, endLine: c, endColumn: d }, newText: 'x' })) },
    ...(cell === undefined ? {} : { cell }),
  });

  it('defers a fix touching a line an earlier fix touches (same-point insertions included), skips unsafe ones', () => {
    const chosen = compatibleFixes([
      finding('a', [[5, 0, 5, 0]]),
      finding('b', [[5, 0, 5, 0]]), // same insertion point as a
      finding('c', [[6, 4, 6, 4], [5, 8, 5, 8]]), // one of its edits on a's line
      finding('d', [[7, 0, 7, 0]], false), // unsafe
      finding('e', [[8, 0, 9, 0]]), // ends at column 0 of line 9: does not touch line 9
      finding('f', [[9, 0, 9, 0]]),
      finding('g', [[5, 0, 5, 0]], true, 2), // another notebook cell
    ]);
    assert.deepEqual(chosen.map((f) => f.ruleId), ['a', 'e', 'f', 'g']);
    assert.deepEqual(compatibleFixes([finding('d', [[7, 0, 7, 0]], false)], { unsafe: true }).map((f) => f.ruleId), ['d']);
  });

  it('singleEdit turns the text into the fixed text with one edit, never splitting a CRLF', () => {
    const cases: Array<[string, string]> = [
      ['a\nb\nc\n', 'a\nX\nb\nc\n'],
      ['for x in y:\n    f(x)\n', 'with g():\n    for x in y:\n        f(x)\n'],
      ['a\r\nb\r\n', 'a\r\nb\r\nc\r\n'],
      ['a\r\nb\r\n', 'a\r\n\r\nb\r\n'],
      ['same', 'same'],
      ['', 'x'],
    ];
    for (const [before, after] of cases) {
      const e = singleEdit(before, after);
      if (before === after) {
        assert.equal(e, null);
        continue;
      }
      assert.ok(e);
      assert.equal(applyEdits(before, [e]), after, JSON.stringify([before, after, e]));
      const startsAfterCr = e.range.startColumn > 0 && before.split('\n')[e.range.startLine]!.slice(0, e.range.startColumn).endsWith('\r');
      assert.ok(!startsAfterCr, `edit starts between \\r and \\n: ${JSON.stringify(e)}`);
    }
  });
});
