import type { AdviceRef, Localized } from '../knowledge/types';
import type { SyntaxProblem } from './syntaxError';

/** Severity a user can give a rule. `off` disables it. Default for every rule: `information`. */
export type Severity = 'off' | 'hint' | 'information' | 'warning';

/** 0-based line and column (UTF-16 code units, as VS Code counts). End is exclusive. */
export interface Range {
  startLine: number;
  startColumn: number;
  endLine: number;
  endColumn: number;
}

export interface TextEdit {
  range: Range;
  newText: string;
}

export interface Fix {
  title: Localized;
  /** Safe fixes are applied by `--fix`, `source.fixAll` and marked preferred; unsafe ones only on request. */
  safe: boolean;
  edits: TextEdit[];
}

export interface Finding {
  ruleId: string;
  message: Localized;
  /** The anchor the rule table names (e.g. the backward call). */
  range: Range;
  severity: Exclude<Severity, 'off'>;
  advice: AdviceRef[];
  /** Present when the rule can fix this occurrence. Edits are against the analysed text. */
  fix?: Fix;
  /** For notebooks: index of the code cell (0-based among all cells) the range refers to; ranges are then cell-relative. */
  cell?: number;
}

/** Documentation shown in hovers, the sidebar, `Show Rule Documentation` and SARIF help. */
export interface RuleDocs {
  /** What it detects. */
  detects: Localized;
  /** Why it matters. */
  why: Localized;
  /** Python that triggers the rule (a test checks that it does). */
  example: string;
  /** The same code fixed (a test checks that it does not trigger). */
  fixedExample: string;
}

export interface AnalyzeOptions {
  /** Per-rule severity overrides; rules not listed use their default. */
  severities?: Record<string, Severity>;
  /** Only these rules (CLI `--select`). */
  select?: string[];
  /** Not these rules (CLI `--ignore`). */
  ignore?: string[];
  /** Give up (returning what is known, `timedOut: true`) after this many ms. */
  timeBudgetMs?: number;
  /**
   * A key for the document this text is a version of (its URI): the analyzer keeps its last tree and re-parses
   * the next version incrementally. Without one, every call parses from scratch.
   */
  document?: string;
  /** Polled between rules; when it returns true analysis stops and returns `cancelled: true`. */
  isCancelled?: () => boolean;
}

export interface AnalysisResult {
  findings: Finding[];
  /** Milliseconds spent parsing and in rules. */
  parseMs: number;
  rulesMs: number;
  timedOut?: boolean;
  cancelled?: boolean;
  /** The first syntax error (ERROR/MISSING node) when the source does not parse: hints may be incomplete. */
  syntaxError?: SyntaxProblem;
}

/** A notebook cell as the analyzer sees it. */
export interface NotebookCell {
  kind: 'code' | 'markdown';
  source: string;
}
