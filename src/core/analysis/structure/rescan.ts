/**
 * Re-scanning after an edit (a keystroke): only the top-level statements the edit touches are scanned again;
 * the nodes before them are kept and the ones after them are moved by the edit's length. Why: scanning the
 * whole file was the largest part of a keystroke's analysis after incremental parsing (bench/editor.bench.ts).
 *
 * It rests on one property of the scanner (scan.ts): at the start of a line at column 0 that begins a
 * def / class / if / for / while / with / import / decorator, its state is the same as at the start of a file
 * (no open bracket or string, every earlier block closed). So the text from one such statement to the next can
 * be scanned on its own. The region scanned again runs from the last such statement starting before the edit
 * to the first one starting after it. The edit cannot change what the first one is in a way that matters: it
 * begins after that statement's first character, and no such keyword can become `else` / `elif` (the only words
 * that keep an earlier block open) that way. The region must not end in a line continuation (the next statement
 * would join its last line); then the whole file is scanned.
 * test/unit/analysis/engine/rescan.test.ts checks the result equals a full scan after random edits.
 */
import { scanPython, type RawNode } from './scan';

/** One replaced span: [start, oldEnd) of the old text became [start, newEnd) of the new one. */
export interface TextChange {
  start: number;
  oldEnd: number;
  newEnd: number;
}

const STATEMENT_TYPES = new Set([
  'function_definition', 'class_definition', 'for_statement', 'while_statement', 'with_statement', 'if_statement',
  'decorator', 'import_statement', 'import_from_statement',
]);

/** Starts a top-level statement of a kind the scanner opens with a fresh state (see above). */
const isBoundary = (source: string, node: RawNode): boolean =>
  (node.start === 0 || source.charCodeAt(node.start - 1) === 10) && STATEMENT_TYPES.has(node.type);

/** The nodes, and the span scanned again (old text [start, oldEnd) → new text [start, newEnd)). */
export interface Rescan {
  nodes: RawNode[];
  region: TextChange;
}

/**
 * The scanner's nodes for `source`, given those of the previous text `before` (which the caller no longer
 * needs: nodes after the edit are moved in place). Same nodes as `scanPython(source)`; null when that is null.
 */
export function rescanPython(before: string, previous: RawNode[], source: string, change: TextChange): Rescan | null {
  if (change.start === change.oldEnd && change.oldEnd === change.newEnd && before === source) {
    return { nodes: previous, region: { start: source.length, oldEnd: source.length, newEnd: source.length } };
  }
  const delta = change.newEnd - change.oldEnd;
  // First node starting at or after the edit.
  let lo = 0;
  let hi = previous.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (previous[mid].start < change.start) lo = mid + 1;
    else hi = mid;
  }
  let first = lo - 1;
  while (first >= 0 && !isBoundary(before, previous[first])) first--;
  // After the edit, strictly: the character before the statement (a newline) must be unchanged too.
  let after = lo;
  while (after < previous.length && !(previous[after].start > change.oldEnd && isBoundary(before, previous[after]))) after++;
  const regionStart = first === -1 ? 0 : previous[first].start;
  const regionEnd = after === previous.length ? source.length : previous[after].start + delta;
  const region = source.slice(regionStart, regionEnd);
  if (after < previous.length && /\\\r?\n$/.test(region)) return fullScan(before, source);
  const scanned = scanPython(region);
  if (!scanned) return fullScan(before, source);
  const out = previous.slice(0, Math.max(first, 0));
  for (const n of scanned) {
    n.start += regionStart;
    n.end += regionStart;
    if (n.args !== undefined) n.args += regionStart;
    out.push(n);
  }
  for (let k = after; k < previous.length; k++) {
    const n = previous[k];
    n.start += delta;
    n.end += delta;
    if (n.args !== undefined) n.args += delta;
    out.push(n);
  }
  return { nodes: out, region: { start: regionStart, oldEnd: regionEnd - delta, newEnd: regionEnd } };
}

function fullScan(before: string, source: string): Rescan | null {
  const nodes = scanPython(source);
  return nodes && { nodes, region: { start: 0, oldEnd: before.length, newEnd: source.length } };
}
