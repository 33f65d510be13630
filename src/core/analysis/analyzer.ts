/**
 * The analysis entry point: one parse, one pass collecting the structural model, facts computed once and read
 * by every rule.
 *
 *   const analyzer = await Analyzer.create({ locateWasm: (f) => path.join(wasmDir, f) });
 *   const { findings } = analyzer.analyze(source, { select: ['grad-clip'] });
 *
 * `analyze` never throws: junk, half-typed code, ERROR nodes, null bytes and huge lines give findings for what
 * can be understood (a rule that fails is skipped). Findings are sorted by position. A finding's `fix` is
 * computed on first access and verified: fixed text that does not parse without ERROR nodes is dropped (so a
 * file that already has syntax errors gets no fixes).
 */
import type { AnalysisResult, AnalyzeOptions, Finding, Fix, NotebookCell, Severity, TextEdit } from './types';
import type { RawFinding, Rule, RuleContext } from './rule';
import { loadPython, type LocateWasm, type PythonParser } from './parser';
import { IncrementalParser, type PreviousScan } from './incremental';
import { buildModel, type FileModel } from './structure/model';
import { rebuildModel } from './structure/remodel';
import type { RawNode } from './structure/scan';
import type { Tree } from 'web-tree-sitter';
import { scanPython } from './structure/scan';
import { rescanPython } from './structure/rescan';
import { Facts } from './facts/facts';
import { rules as allRules } from './registry';
import { collectSuppressions } from './suppression';
import { applyEdits } from './fixes';
import { notebookToProgram, toCellRange } from './notebook';
import { firstSyntaxError } from './syntaxError';

const now = (): number => (typeof performance !== 'undefined' ? performance.now() : Date.now());

export class Analyzer {
  /**
   * The findings of one small analysis kept alive for the analyzer's lifetime. Why: V8 deoptimizes compiled code
   * whose embedded hidden classes die in a full GC, and the hidden classes of the analysis' objects (LineIndex,
   * Facts, findings with their lazy fix…) die whenever no analysis result is alive — e.g. after an idle pause, when
   * V8's memory reducer runs a full GC. The next analysis then ran in the interpreter (a 10k-line file took 2-4x
   * its steady time). A live sample keeps most of those hidden classes, so most compiled code survives (measured
   * with a forced GC before every 10k-line analysis: 1.9x → 1.1-1.4x the parse time). Not all: LineIndex.lineOf and
   * Facts.targets are still deoptimized after each forced GC (some hidden class they depend on dies anyway).
   */
  private shapeKeeper: Finding[] = [];

  private readonly trees: IncrementalParser;

  private constructor(private readonly parser: PythonParser) {
    this.trees = new IncrementalParser(parser);
  }

  /** Forgets the tree kept for `document` (see AnalyzeOptions.document): it was closed. */
  forgetDocument(document: string): void {
    this.trees.forget(document);
  }

  /** Loads the parser (once per process) and returns an analyzer. */
  static async create(opts: { locateWasm: LocateWasm }): Promise<Analyzer> {
    const analyzer = new Analyzer(await loadPython(opts.locateWasm));
    // The rules' own doc examples: a small clean program on which every rule reports (so every kind of object
    // an analysis builds exists in it). Each finding with a fix keeps the analysis context alive.
    analyzer.shapeKeeper = analyzer.analyze(allRules.map((r) => r.docs.example).join('\n')).findings;
    return analyzer;
  }

  /** True when `source` parses without ERROR or MISSING nodes. */
  parsesCleanly(source: string): boolean {
    const tree = this.parser.parse(source.replace(/\0/g, ' '));
    if (!tree) return false;
    try {
      return !tree.rootNode.hasError;
    } finally {
      tree.delete();
    }
  }

  analyze(source: string, options: AnalyzeOptions = {}): AnalysisResult {
    const started = now();
    const text = typeof source === 'string' ? source : '';
    // Null bytes would end the input early in tree-sitter; a space keeps every offset the same.
    const parsedText = text.includes('\0') ? text.replace(/\0/g, ' ') : text;
    const { tree, kept, previous } = this.trees.parse(parsedText, options.document);
    const parseMs = now() - started;
    if (!tree) return { findings: [], parseMs, rulesMs: 0 };
    const result: AnalysisResult = { findings: [], parseMs, rulesMs: 0 };
    try {
      const model = this.model(parsedText, tree, kept ? options.document : undefined, previous);
      const syntaxError = model.hasError ? firstSyntaxError(tree, (a, b) => model.lines.range(a, b)) : null;
      if (syntaxError) result.syntaxError = syntaxError;
      const ctx: RuleContext = { facts: new Facts(model), model, source: parsedText, lines: model.lines };
      const suppress = collectSuppressions(model.lines);
      const selected = selectRules(options);
      for (const { rule, severity } of selected) {
        if (options.isCancelled?.()) {
          result.cancelled = true;
          break;
        }
        if (options.timeBudgetMs !== undefined && now() - started > options.timeBudgetMs) {
          result.timedOut = true;
          break;
        }
        let raw: RawFinding[];
        try {
          raw = rule.check(ctx);
        } catch {
          continue; // One broken rule must not take the others down.
        }
        for (const r of raw) {
          const range = model.lines.range(r.anchor.start, r.anchor.end);
          if (suppress.isSuppressed(rule.id, range.startLine)) continue;
          const level = r.hintOnly && severity === 'information' ? 'hint' : severity;
          const finding: Finding = { ruleId: rule.id, message: r.message, range, severity: level, advice: [...rule.advice] };
          if (rule.fix) this.attachLazyFix(finding, rule, ctx, r, model.hasError);
          result.findings.push(finding);
        }
      }
    } catch {
      // The model could not be built (should not happen): report what we have.
    } finally {
      if (!kept) freeLater(tree);
    }
    result.findings.sort(byPosition);
    result.rulesMs = now() - started - parseMs;
    return result;
  }

  /**
   * The structural model. Valid Python is scanned from the text; after an edit of a kept document only the
   * statements around the edit are scanned and modelled again (structure/rescan.ts, structure/remodel.ts).
   */
  private model(source: string, tree: Tree, document: string | undefined, previous: PreviousScan | undefined): FileModel {
    if (tree.rootNode.hasError) return buildModel(source, tree, null);
    let nodes: RawNode[] | null;
    let model: FileModel | null = null;
    if (previous) {
      const rescan = rescanPython(previous.source, previous.nodes, source, previous.change);
      nodes = rescan?.nodes ?? null;
      if (rescan && previous.model) model = rebuildModel(previous.model, source, rescan.nodes, rescan.region);
    } else {
      nodes = scanPython(source);
    }
    model ??= buildModel(source, tree, nodes);
    if (document !== undefined) this.trees.keepNodes(document, source, nodes, model);
    return model;
  }

  /**
   * Analyses the code cells of a notebook in order as one program; findings carry `cell` (index in `cells`)
   * and cell-relative ranges. Fixes whose edits leave the finding's cell are dropped.
   */
  analyzeNotebook(cells: NotebookCell[], options: AnalyzeOptions = {}): AnalysisResult {
    const program = notebookToProgram(Array.isArray(cells) ? cells : []);
    const res = this.analyze(program.source, options);
    const findings: Finding[] = [];
    for (const f of res.findings) {
      const mapped = toCellRange(program, f.range);
      if (!mapped) continue;
      // Built field by field: spreading `f` would run its lazy `fix` getter (a parse) for every finding.
      const cellFinding: Finding = {
        ruleId: f.ruleId, message: f.message, range: mapped.range, severity: f.severity, advice: f.advice, cell: mapped.cell,
      };
      const original = f;
      let cached: Fix | null | undefined;
      Object.defineProperty(cellFinding, 'fix', {
        enumerable: true,
        configurable: true,
        get: () => {
          if (cached === undefined) cached = mapFix(original.fix, program, mapped.cell);
          return cached ?? undefined;
        },
      });
      findings.push(cellFinding);
    }
    const out: AnalysisResult = { ...res, findings };
    delete out.syntaxError;
    if (res.syntaxError) {
      const r = res.syntaxError.range;
      // Placed whole when it stays in one cell, else by its start (an ERROR node can run on into the next cell).
      const placed = toCellRange(program, r) ?? toCellRange(program, { ...r, endLine: r.startLine, endColumn: r.startColumn });
      if (placed) out.syntaxError = { ...res.syntaxError, range: placed.range, cell: placed.cell };
    }
    return out;
  }

  /**
   * Does the text parse without errors once the edits are applied? Small files are re-parsed whole; in big ones
   * only the top-level statements the edits touch (from the first column-0 statement before the first edit to
   * the next one after the last), so asking for a fix stays cheap on every keystroke.
   */
  private fixParses(ctx: RuleContext, edits: TextEdit[]): boolean {
    const { lines } = ctx;
    if (lines.lineCount <= 3000) return this.parsesCleanly(applyEdits(ctx.source, edits));
    let first = Math.min(...edits.map((e) => e.range.startLine));
    let last = Math.max(...edits.map((e) => e.range.endLine));
    const startsStatement = (l: number) => /^[A-Za-z_@]/.test(lines.lineText(l)) && !/^(else|elif|except|finally)\b/.test(lines.lineText(l));
    while (first > 0 && !startsStatement(first)) first--;
    last++;
    while (last < lines.lineCount && !startsStatement(last)) last++;
    const chunk = ctx.source.slice(lines.lineStart(first), last < lines.lineCount ? lines.lineStart(last) : ctx.source.length);
    const shifted = edits.map((e) => ({
      newText: e.newText,
      range: { startLine: e.range.startLine - first, startColumn: e.range.startColumn, endLine: e.range.endLine - first, endColumn: e.range.endColumn },
    }));
    return this.parsesCleanly(applyEdits(chunk, shifted));
  }

  /**
   * Defines `finding.fix` as a getter: the rule's fix, computed and parse-verified on first access. One shared
   * getter with the state in a WeakMap, not a closure per finding: per-finding getters gave every finding its own
   * hidden class, which cost more than building the finding (a big file has thousands).
   */
  private attachLazyFix(finding: Finding, rule: Rule, ctx: RuleContext, raw: RawFinding, sourceHasError: boolean): void {
    lazyFixes.set(finding, { analyzer: this, rule, ctx, raw, sourceHasError, cached: undefined });
    Object.defineProperty(finding, 'fix', LAZY_FIX);
  }

  /**
   * The rule's fix for a finding of this analyzer WITHOUT the parse check `finding.fix` does (null when the rule
   * has none here). Fix-all applies many fixes at once and parses the combined result once instead of once per
   * fix (on a 2,000-line file with hundreds of findings that is seconds saved per pass). Undefined for findings
   * this analyzer did not make lazily (notebook cells): use `finding.fix`.
   */
  unverifiedFix(finding: Finding): Fix | null | undefined {
    const state = lazyFixes.get(finding);
    if (!state) return undefined;
    if (state.cached !== undefined) return state.cached;
    if (state.sourceHasError) return null;
    try {
      const fix = state.rule.fix!(state.ctx, state.raw);
      return fix && fix.edits.length ? fix : null;
    } catch {
      return null;
    }
  }

  /** @internal The fix of a finding with a lazy fix (see attachLazyFix); called by the shared getter. */
  computeFix(state: LazyFix): Fix | null {
    if (state.sourceHasError) return null;
    try {
      const fix = state.rule.fix!(state.ctx, state.raw);
      return fix && fix.edits.length && this.fixParses(state.ctx, fix.edits) ? fix : null;
    } catch {
      return null;
    }
  }
}

interface LazyFix {
  analyzer: Analyzer;
  rule: Rule;
  ctx: RuleContext;
  raw: RawFinding;
  sourceHasError: boolean;
  cached: Fix | null | undefined;
}

const lazyFixes = new WeakMap<Finding, LazyFix>();

const LAZY_FIX: PropertyDescriptor = {
  enumerable: true,
  configurable: true,
  get(this: Finding): Fix | undefined {
    const state = lazyFixes.get(this);
    if (!state) return undefined;
    if (state.cached === undefined) state.cached = state.analyzer.computeFix(state);
    return state.cached ?? undefined;
  },
};

function mapFix(fix: Fix | undefined, program: ReturnType<typeof notebookToProgram>, cell: number): Fix | null {
  if (!fix) return null;
  const edits: TextEdit[] = [];
  for (const e of fix.edits) {
    const m = toCellRange(program, e.range);
    if (!m || m.cell !== cell) return null;
    edits.push({ range: m.range, newText: e.newText });
  }
  return { ...fix, edits };
}

function selectRules(options: AnalyzeOptions): Array<{ rule: Rule; severity: Exclude<Severity, 'off'> }> {
  const out: Array<{ rule: Rule; severity: Exclude<Severity, 'off'> }> = [];
  const select = options.select?.length ? new Set(options.select) : null;
  const ignore = new Set(options.ignore ?? []);
  for (const rule of allRules) {
    if ((select && !select.has(rule.id)) || ignore.has(rule.id)) continue;
    const sev = options.severities?.[rule.id] ?? rule.defaultSeverity;
    if (sev === 'off') continue;
    out.push({ rule, severity: sev });
  }
  return out;
}

function byPosition(a: Finding, b: Finding): number {
  // Rule ids are ASCII: comparing code units gives localeCompare's order without its (ICU) cost.
  return a.range.startLine - b.range.startLine || a.range.startColumn - b.range.startColumn
    || (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0);
}


/**
 * Frees a tree's wasm memory off the hot path: deleting a 50k-line tree costs as much as a tenth of parsing it,
 * and nobody waits for it. Falls back to freeing at once where there is no timer.
 */
function freeLater(tree: { delete(): void }): void {
  if (typeof setTimeout === 'function') setTimeout(() => tree.delete(), 0);
  else tree.delete();
}
