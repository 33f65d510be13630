/**
 * Fix-all: the one way safe fixes are combined, for `check --fix` and the editor's `source.fixAll`.
 *
 * Every fix is computed against the text its analysis saw. Two fixes that both look at the same lines cannot be
 * applied together blindly: `eval-no-grad` wraps a loop in `with torch.no_grad():` by inserting a header and
 * indenting the loop's lines, while `eval-mode` inserts `model.eval()` before the same loop; applied together the
 * loop ends up outside the `with` block. So fixes are applied as ruff's fix loop does: in each pass take the safe
 * fixes whose lines do not meet a fix already taken, apply them, analyse the result again, and repeat until no
 * safe fix is left (or a bound on the passes is hit, for fixes that keep re-offering themselves). A deferred fix
 * is then computed against the text its predecessor produced, exactly as if the user had applied them one by one.
 */
import type { Localized } from '../knowledge/types';
import type { AnalysisResult, AnalyzeOptions, Finding, Fix, NotebookCell, Range, TextEdit } from './types';
import { applyEdits } from './fixes';
import { notebookToProgram } from './notebook';

/** What fix-all needs of the analyzer (kept narrow so this module does not import the analyzer). */
export interface FixAnalyzer {
  analyze(source: string, options?: AnalyzeOptions): AnalysisResult;
  analyzeNotebook(cells: NotebookCell[], options?: AnalyzeOptions): AnalysisResult;
  parsesCleanly(source: string): boolean;
  /** A finding's fix without its own parse check (undefined: ask `finding.fix`). */
  unverifiedFix?(finding: Finding): Fix | null | undefined;
}

export interface AppliedFix {
  ruleId: string;
  title: Localized;
  /** 0-based line of the finding in the text of the pass that applied it. */
  line: number;
  cell?: number;
}

export interface FixAllResult<T> {
  /** The fixed text (or cells); identical to the input when nothing applied. */
  fixed: T;
  applied: AppliedFix[];
  /** The findings of the fixed text: what is left for the user. */
  remaining: Finding[];
  /** Passes that applied something. */
  passes: number;
}

/** Enough for any real file; a bound only matters for fixes that keep re-offering themselves. */
export const MAX_FIX_PASSES = 20;

/**
 * The safe fixes (with `unsafe`, all fixes) of one analysis that can be applied together: a fix is taken when
 * none of the lines its edits touch is touched by a fix taken before it (findings are in position order). Line
 * granularity, not offsets: an insertion at the start of a line and a re-indent of that line are different
 * offsets but the same statement.
 */
export function compatibleFixes(
  findings: readonly Finding[],
  opts: { unsafe?: boolean; fixOf?: (f: Finding) => Fix | null | undefined } = {},
): Finding[] {
  const chosen: Finding[] = [];
  const taken: Array<{ cell: number; first: number; last: number }> = [];
  for (const f of findings) {
    const fix = opts.fixOf ? opts.fixOf(f) : f.fix;
    if (!fix || (!fix.safe && !opts.unsafe) || fix.edits.length === 0) continue;
    const spans = fix.edits.map((e) => ({ cell: f.cell ?? 0, ...linesOf(e) }));
    if (spans.some((s) => taken.some((t) => t.cell === s.cell && s.first <= t.last && t.first <= s.last))) continue;
    chosen.push(f);
    taken.push(...spans);
  }
  return chosen;
}

/** The lines an edit reads or writes (an edit ending at column 0 of a line does not touch that line). */
function linesOf(e: TextEdit): { first: number; last: number } {
  const { startLine, endLine, endColumn } = e.range;
  const last = endLine > startLine && endColumn === 0 ? endLine - 1 : endLine;
  return { first: startLine, last };
}

/**
 * Applies every safe fix to a Python source, pass by pass (see the top of this file). `analysed`: the findings of
 * `source` under the same options when the caller already has them (the CLI analyses first to report syntax
 * errors), so the first pass does not analyse the same text again.
 */
export function fixAll(analyzer: FixAnalyzer, source: string, options: AnalyzeOptions = {}, analysed?: Finding[]): FixAllResult<string> {
  const applied: AppliedFix[] = [];
  let text = source;
  let passes = 0;
  let findings = analysed ?? analyzer.analyze(text, options).findings;
  while (passes < MAX_FIX_PASSES) {
    const step = nextBatch(analyzer, findings, (batch) => applyEdits(text, batch.flatMap(([, fix]) => fix.edits)), (t) => analyzer.parsesCleanly(t));
    if (!step) break;
    const [take, next] = step;
    applied.push(...take.map(([f, fix]) => describe(f, fix)));
    text = next;
    passes++;
    findings = analyzer.analyze(text, options).findings;
  }
  return { fixed: text, applied, remaining: findings, passes };
}

/**
 * The same for a notebook: code cells are analysed as one program, each fix edits one cell. Returns the cells
 * with fixed sources (markdown cells untouched). `analysed` as for fixAll.
 */
export function fixAllNotebook(analyzer: FixAnalyzer, cells: readonly NotebookCell[], options: AnalyzeOptions = {}, analysed?: Finding[]): FixAllResult<NotebookCell[]> {
  const applied: AppliedFix[] = [];
  let current = cells.map((c) => ({ ...c }));
  let passes = 0;
  let findings = analysed ?? analyzer.analyzeNotebook(current, options).findings;
  const applyBatch = (batch: Array<[Finding, Fix]>): NotebookCell[] => current.map((c, i) => {
    const mine = batch.filter(([f]) => f.cell === i);
    return mine.length ? { ...c, source: applyEdits(c.source, mine.flatMap(([, fix]) => fix.edits)) } : c;
  });
  while (passes < MAX_FIX_PASSES) {
    const inCells = findings.filter((f) => f.cell !== undefined);
    const step = nextBatch(analyzer, inCells, applyBatch, (cells) => analyzer.parsesCleanly(notebookToProgram(cells).source));
    if (!step) break;
    const [take, next] = step;
    applied.push(...take.map(([f, fix]) => describe(f, fix)));
    current = next;
    passes++;
    findings = analyzer.analyzeNotebook(current, options).findings;
  }
  return { fixed: current, applied, remaining: findings, passes };
}

/**
 * One pass: the compatible safe fixes, taken without their individual parse checks and checked together with one
 * parse of the result. When that fails, the parse-checked fixes instead, and if those do not parse together
 * either, the first of them alone (it parses by itself). Null when no safe fix is left.
 */
function nextBatch<T>(
  analyzer: FixAnalyzer, findings: readonly Finding[], apply: (batch: Array<[Finding, Fix]>) => T, parses: (t: T) => boolean,
): [Array<[Finding, Fix]>, T] | null {
  const unverified = analyzer.unverifiedFix ? (f: Finding) => { const u = analyzer.unverifiedFix!(f); return u === undefined ? f.fix : u; } : undefined;
  const quick = compatibleFixes(findings, { fixOf: unverified }).map((f): [Finding, Fix] => [f, (unverified ? unverified(f) : f.fix)!]);
  if (quick.length === 0) return null;
  const quickResult = apply(quick);
  if (parses(quickResult)) return [quick, quickResult];
  const checked = compatibleFixes(findings).map((f): [Finding, Fix] => [f, f.fix!]);
  if (checked.length === 0) return null;
  const checkedResult = apply(checked);
  if (checked.length === 1 || parses(checkedResult)) return [checked, checkedResult];
  return [checked.slice(0, 1), apply(checked.slice(0, 1))];
}

function describe(f: Finding, fix: Fix): AppliedFix {
  return { ruleId: f.ruleId, title: fix.title, line: f.range.startLine, ...(f.cell === undefined ? {} : { cell: f.cell }) };
}

/**
 * One edit turning `before` into `after`: the differing middle, so the editor keeps the cursor and undo stop of
 * everything around it. Null when they are equal.
 */
export function singleEdit(before: string, after: string): TextEdit | null {
  if (before === after) return null;
  let start = 0;
  const max = Math.min(before.length, after.length);
  while (start < max && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  let tail = 0;
  while (tail < max - start && before.charCodeAt(before.length - 1 - tail) === after.charCodeAt(after.length - 1 - tail)) tail++;
  // Never cut a CRLF in two: a position between \r and \n does not exist for the editor.
  if (start > 0 && before[start - 1] === '\r') start--;
  if (tail > 0 && before[before.length - tail] === '\n' && before[before.length - tail - 1] === '\r') tail--;
  const from = positionOf(before, start);
  const to = positionOf(before, before.length - tail);
  const range: Range = { startLine: from.line, startColumn: from.column, endLine: to.line, endColumn: to.column };
  return { range, newText: after.slice(start, after.length - tail) };
}

function positionOf(text: string, offset: number): { line: number; column: number } {
  let line = 0;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: offset - lineStart };
}
