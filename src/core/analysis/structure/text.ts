/**
 * Small text helpers over the analysed source. Positions are UTF-16 offsets, the unit web-tree-sitter reports
 * for a JS string, so offsets from nodes index the source directly.
 */
import type { Range } from '../types';

/** Offsets of line starts, for offset → (line, column) in O(log n). */
export class LineIndex {
  readonly starts: number[] = [0];
  constructor(readonly text: string) {
    let i = text.indexOf('\n');
    while (i !== -1) {
      this.starts.push(i + 1);
      i = text.indexOf('\n', i + 1);
    }
  }
  get lineCount(): number {
    return this.starts.length;
  }
  lineOf(offset: number): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }
  position(offset: number): { line: number; column: number } {
    const line = this.lineOf(offset);
    return { line, column: offset - this.starts[line] };
  }
  range(start: number, end: number): Range {
    const a = this.position(start);
    const b = this.position(end);
    return { startLine: a.line, startColumn: a.column, endLine: b.line, endColumn: b.column };
  }
  /** Text of a line without its newline. */
  lineText(line: number): string {
    const s = this.starts[line] ?? this.text.length;
    const next = this.starts[line + 1];
    const e = next === undefined ? this.text.length : next - 1;
    return this.text.slice(s, e).replace(/\r$/, '');
  }
  lineStart(line: number): number {
    return this.starts[Math.min(line, this.starts.length - 1)];
  }
  /** Offset just after the last character of `line` (before its newline). */
  lineEnd(line: number): number {
    const next = this.starts[line + 1];
    if (next === undefined) return this.text.length;
    return this.text[next - 2] === '\r' ? next - 2 : next - 1;
  }
  indentOf(line: number): string {
    return /^[ \t]*/.exec(this.lineText(line))![0];
  }
}

/**
 * Offset just after the `:` that ends a compound statement header starting at `start` (for/while/with/if/def),
 * skipping brackets and strings; -1 when none is found before `limit`.
 */
export function headerColon(text: string, start: number, limit: number): number {
  let depth = 0;
  for (let i = start; i < limit; i++) {
    const c = text[i];
    if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') depth = Math.max(0, depth - 1);
    else if (c === '"' || c === "'") i = skipString(text, i, limit) - 1;
    else if (c === '#') {
      const nl = text.indexOf('\n', i);
      i = nl === -1 ? limit : nl;
    } else if (c === ':' && depth === 0) {
      if (text[i + 1] === '=') { i++; continue; } // walrus
      return i + 1;
    }
  }
  return -1;
}

/** Index just after the string literal starting at `i` (handles triple quotes and escapes). */
export function skipString(text: string, i: number, limit: number): number {
  const q = text[i];
  const triple = text.startsWith(q + q + q, i);
  if (triple) {
    const end = text.indexOf(q + q + q, i + 3);
    return end === -1 ? limit : end + 3;
  }
  for (let j = i + 1; j < limit; j++) {
    if (text[j] === '\\') j++;
    else if (text[j] === q || text[j] === '\n') return j + 1;
  }
  return limit;
}

/** Splits an argument list's inner text on top-level commas. */
export function splitTopLevel(inner: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let from = 0;
  for (let i = 0; i < inner.length; i++) {
    const c = inner[i];
    if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') depth--;
    else if (c === '"' || c === "'") i = skipString(inner, i, inner.length) - 1;
    else if (c === ',' && depth === 0) {
      parts.push(inner.slice(from, i).trim());
      from = i + 1;
    }
  }
  const last = inner.slice(from).trim();
  if (last) parts.push(last);
  return parts;
}

const HAS_SPACE = /[\s\\]/;

/** Removes whitespace and line continuations so `loss\n  .backward` reads `loss.backward`. */
export function compact(s: string): string {
  // Most callees have no whitespace: testing first skips building a new string.
  return HAS_SPACE.test(s) ? s.replace(/\\\r?\n|\s+/g, '') : s;
}

/** A literal number written in source, or NaN. */
export function literalNumber(s: string | undefined): number {
  if (s === undefined) return NaN;
  const t = s.trim();
  return /^[-+]?(\d[\d_]*\.?\d*(e[-+]?\d+)?|\.\d+(e[-+]?\d+)?)$/i.test(t) ? Number(t.replace(/_/g, '')) : NaN;
}

/** A Python identifier not in `used`, starting from `base`. */
export function freshName(base: string, used: (name: string) => boolean): string {
  if (!used(base)) return base;
  for (let i = 2; ; i++) if (!used(`${base}_${i}`)) return `${base}_${i}`;
}

/**
 * The source with comments and triple-quoted strings blanked to spaces (newlines kept, so offsets and lines are
 * unchanged); one-line strings are skipped over, not blanked. A hand-written loop rather than a regex `replace`,
 * which would call back for every string literal of the file (text.test.ts checks it against that regex): a
 * one-line string ends at its closing quote, before a newline, or before a backslash that escapes a line
 * terminator; an unterminated triple-quoted string runs to the end of the file.
 */
export function blankCommentsAndDocstrings(source: string): string {
  const n = source.length;
  let out = '';
  let copied = 0;
  const blank = (from: number, to: number): void => {
    out += source.slice(copied, from);
    let lineStart = from;
    for (let nl = source.indexOf('\n', from); nl !== -1 && nl < to; nl = source.indexOf('\n', nl + 1)) {
      out += ' '.repeat(nl - lineStart) + '\n';
      lineStart = nl + 1;
    }
    out += ' '.repeat(to - lineStart);
    copied = to;
  };
  let i = 0;
  while (i < n) {
    const c = source.charCodeAt(i);
    if (c === 35 /* # */) {
      const nl = source.indexOf('\n', i);
      const end = nl === -1 ? n : nl;
      blank(i, end);
      i = end;
    } else if (c === 34 || c === 39) {
      if (source.charCodeAt(i + 1) === c && source.charCodeAt(i + 2) === c) {
        const q = c === 34 ? '"""' : "'''";
        const close = source.indexOf(q, i + 3);
        const end = close === -1 ? n : close + 3;
        blank(i, end);
        i = end;
        continue;
      }
      // A one-line string: up to its closing quote, or up to (not including) a newline or a backslash that does
      // not escape anything (`\` before a line terminator ends the match, as `\\.` fails there).
      let j = i + 1;
      while (j < n) {
        const d = source.charCodeAt(j);
        if (d === c || d === 10) break;
        if (d === 92 /* \ */) {
          const e = source.charCodeAt(j + 1);
          if (j + 1 >= n || e === 10 || e === 13 || e === 0x2028 || e === 0x2029) break;
          j += 2;
        } else j++;
      }
      i = j < n && source.charCodeAt(j) === c ? j + 1 : j;
    } else i++;
  }
  return copied === 0 ? source : out + source.slice(copied);
}
