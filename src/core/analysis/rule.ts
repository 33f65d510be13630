/**
 * The contract every rule implements. One file per rule in rules/<id>.ts, collected in registry.ts.
 *
 * A rule reads the facts layer (facts/facts.ts) — never the tree directly — and returns raw findings anchored
 * on source offsets (the anchor the rule table names). The analyzer turns them into `Finding`s (ranges,
 * severity, suppression, fix verification). `fix` builds text edits for one finding; fixes that would not
 * parse are dropped by the analyzer.
 */
import type { AdviceRef, Localized } from '../knowledge/types';
import type { Fix, RuleDocs, Severity } from './types';
import type { Facts } from './facts/facts';
import type { FileModel } from './structure/model';
import type { LineIndex } from './structure/text';

export interface RuleContext {
  facts: Facts;
  model: FileModel;
  source: string;
  lines: LineIndex;
}

/** Offsets (UTF-16, end exclusive) of the text a finding points at. */
export interface Span {
  start: number;
  end: number;
}

export interface RawFinding {
  anchor: Span;
  message: Localized;
  /** Rule-private data its `fix` needs (names, offsets). */
  data?: unknown;
  /** Say it at hint level: the concern is real but small here (a tiny model). Only lowers the default level. */
  hintOnly?: boolean;
}

export interface Rule {
  /** Stable id (`grad-clip`), used in settings, suppression comments, CLI `--select`, SARIF. */
  id: string;
  title: Localized;
  docs: RuleDocs;
  defaultSeverity: Exclude<Severity, 'off'>;
  /** Corpus items the advice comes from (`9#5`). */
  advice: AdviceRef[];
  /**
   * Where the corpus has no item on the technique itself (zeroing gradients, `unscale_`, `no_grad`…): the id of the
   * technique card that explains it. Hovers and rule pages then say so and show the card, so the quoted items are
   * never passed off as advice on the technique (docs/advice-table.md reviews each).
   */
  techniqueCard?: string;
  check(ctx: RuleContext): RawFinding[];
  /** Edits for one finding, or null when no safe textual edit exists here. */
  fix?(ctx: RuleContext, finding: RawFinding): Fix | null;
}
