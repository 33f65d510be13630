/**
 * The contract every rule implements. One file per rule in rules/<id>.ts, collected in registry.ts; its metadata,
 * exported on its own, is also listed in ruleCatalog.ts for code that must not load detection (the extension host).
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

/**
 * What a rule is without its detection: everything the extension host, hovers and the sidebar read. Each rule file
 * exports it on its own (`gradClipMeta`) so ruleCatalog.ts can list rules without bundling their detection code.
 */
export interface RuleMeta {
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
  /** Whether the rule has a `fix` (hovers offer "Fix" from this without loading the rule's code). */
  fixable: boolean;
}

interface RuleDetection {
  check(ctx: RuleContext): RawFinding[];
}

/** A rule with its detection; `fixable` says, checked by the compiler, whether it has a `fix`. */
export type Rule = RuleDetection & (
  | (RuleMeta & {
      fixable: true;
      /** Edits for one finding, or null when no safe textual edit exists here. */
      fix(ctx: RuleContext, finding: RawFinding): Fix | null;
    })
  | (RuleMeta & { fixable: false; fix?: undefined })
);

type Detection<M extends RuleMeta> = RuleDetection & (M extends { fixable: true }
  ? { fix(ctx: RuleContext, finding: RawFinding): Fix | null }
  : { fix?: undefined });

/**
 * A rule from its metadata and its detection. A call (marked pure) rather than `{ ...meta, check }` because esbuild
 * keeps object spreads (a spread may run getters), which kept every rule's detection in the extension host's bundle.
 */
export function defineRule<M extends RuleMeta>(meta: M, detection: Detection<M>): Rule {
  return { ...meta, ...detection } as Rule;
}
