/** vscode-free shaping of findings into what the editor shows (also what the editor benchmark measures). */
import type { Lang } from '../core/knowledge/types';
import type { Finding, Range, Severity } from '../core/analysis/types';
import { localize } from '../core/knowledge/localize';
import { plainCodeSpans } from '../core/render/plainText';

export interface DiagnosticData {
  ruleId: string;
  range: Range;
  message: string;
  severity: Exclude<Severity, 'off'>;
  /** Index into the findings array it came from (code actions and hovers find the finding back). */
  index: number;
  cell?: number;
}

/**
 * The diagnostics for `findings`: message in `lang`, severity from the user's settings (a rule set to `off`
 * disappears; unset rules keep the severity the analysis gave).
 */
export function toDiagnosticData(findings: readonly Finding[], lang: Lang, severities: Record<string, Severity>): DiagnosticData[] {
  const out: DiagnosticData[] = [];
  findings.forEach((f, index) => {
    const severity = severities[f.ruleId] ?? f.severity;
    if (severity === 'off') return;
    // The Problems panel shows plain text: code spans get quotes instead of raw backticks.
    out.push({ ruleId: f.ruleId, range: f.range, message: plainCodeSpans(localize(f.message, lang), lang), severity, index, cell: f.cell });
  });
  return out;
}

/** Does `range` contain the position (end inclusive, so a cursor just after the anchor still counts)? */
export function containsPosition(range: Range, line: number, character: number): boolean {
  if (line < range.startLine || line > range.endLine) return false;
  if (line === range.startLine && character < range.startColumn) return false;
  if (line === range.endLine && character > range.endColumn) return false;
  return true;
}

/** Do two ranges share at least a position (touching counts: a zero-width cursor range at the anchor's end)? */
export function rangesTouch(a: Range, b: Range): boolean {
  const before = (l1: number, c1: number, l2: number, c2: number) => l1 < l2 || (l1 === l2 && c1 < c2);
  return !before(a.endLine, a.endColumn, b.startLine, b.startColumn) && !before(b.endLine, b.endColumn, a.startLine, a.startColumn);
}

/** Findings (with their index) whose range contains the position. */
export function findingsAt(findings: readonly Finding[], line: number, character: number): Array<{ finding: Finding; index: number }> {
  const out: Array<{ finding: Finding; index: number }> = [];
  findings.forEach((finding, index) => {
    if (containsPosition(finding.range, line, character)) out.push({ finding, index });
  });
  return out;
}
