/**
 * Applying text edits, and small builders the rules use to make them. Edits use 0-based line/column ranges
 * (types.ts); they must not overlap. They are applied bottom-up so earlier ranges stay valid.
 */
import type { Range, TextEdit } from './types';
import { LineIndex } from './structure/text';

/** Applies non-overlapping edits to `source`, last first. Edits out of range are clamped. */
export function applyEdits(source: string, edits: TextEdit[]): string {
  const lines = new LineIndex(source);
  const withOffsets = edits.map((e) => ({ e, start: offsetOf(lines, e.range.startLine, e.range.startColumn), end: offsetOf(lines, e.range.endLine, e.range.endColumn) }));
  withOffsets.sort((a, b) => b.start - a.start || b.end - a.end);
  let out = source;
  for (const { e, start, end } of withOffsets) out = out.slice(0, start) + e.newText + out.slice(Math.max(start, end));
  return out;
}

export function offsetOf(lines: LineIndex, line: number, column: number): number {
  if (line >= lines.lineCount) return lines.text.length;
  const start = lines.starts[Math.max(0, line)];
  return Math.min(start + Math.max(0, column), lines.lineEnd(Math.max(0, line)) + (line + 1 < lines.lineCount ? 1 : 0));
}

/** An edit replacing [start, end) offsets. */
export function replaceSpan(lines: LineIndex, start: number, end: number, newText: string): TextEdit {
  return { range: lines.range(start, end), newText };
}

/** Inserts whole lines (each already indented, without trailing newline) before `line`. */
export function insertLinesBefore(lines: LineIndex, line: number, newLines: string[]): TextEdit {
  const nl = lines.text.includes('\r\n') ? '\r\n' : '\n';
  const at = lines.lineStart(line);
  return { range: lines.range(at, at), newText: newLines.map((l) => l + nl).join('') };
}

/** Inserts whole lines after `line` (at the end of that line). */
export function insertLinesAfter(lines: LineIndex, line: number, newLines: string[]): TextEdit {
  const nl = lines.text.includes('\r\n') ? '\r\n' : '\n';
  const at = lines.lineEnd(line);
  return { range: lines.range(at, at), newText: newLines.map((l) => nl + l).join('') };
}

export function rangesOverlap(a: Range, b: Range): boolean {
  const before = (l1: number, c1: number, l2: number, c2: number) => l1 < l2 || (l1 === l2 && c1 <= c2);
  return !(before(a.endLine, a.endColumn, b.startLine, b.startColumn) || before(b.endLine, b.endColumn, a.startLine, a.startColumn));
}
