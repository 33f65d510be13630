/**
 * A one-pass text scanner that finds, in Python source that tree-sitter parsed WITHOUT errors, the same nodes
 * model.ts would ask tree-sitter for (calls, compound statements, decorators, imports, return/break), with the
 * same start and end offsets.
 *
 * Why: asking web-tree-sitter for those nodes walks every node of the tree in wasm (about a third of the parse
 * time) and then crosses the wasm boundary per node; this scan reads the string once in JS, in a few percent
 * of the parse. tree-sitter's Query API (one `captures` call) is the ecosystem's way to pull nodes out of a
 * tree, but it walks the whole tree too: bench/scanner.bench.ts measures it at 0.36-0.48× a full parse against
 * the scanner's 0.04-0.09× (1k-50k lines), and with incremental re-parsing the walk would cost more than the
 * keystroke's parse. It relies on the source being valid Python (tree.rootNode.hasError is false); when anything
 * looks odd (unbalanced brackets, an unterminated string) it returns null and the caller asks the tree.
 * test/unit/analysis/engine/scan.test.ts checks it against tree-sitter on every fixture and fuzz seed. One known,
 * deliberate difference: in some list/set displays tree-sitter starts a splatted call at its star (`[*f(x)]`
 * gives a call `*f(x)` in some contexts, `f(x)` in others); the scanner always starts it at `f`.
 */

import { headerColon } from './text';

export interface RawNode {
  type: string;
  start: number;
  end: number;
  /** Calls found by the scanner: offset of the `(` opening the argument list (model.ts need not look for it). */
  args?: number;
}

const HARD_KEYWORDS = [
  'and', 'as', 'assert', 'async', 'await', 'break', 'class', 'continue', 'def', 'del', 'elif', 'else', 'except',
  'finally', 'for', 'from', 'global', 'if', 'import', 'in', 'is', 'lambda', 'nonlocal', 'not', 'or', 'pass', 'raise',
  'return', 'try', 'while', 'with', 'yield',
];

/**
 * A lookup of `words` in the source without slicing: every identifier of the file is checked, and slicing each
 * one (then hashing it for a Set) was the scanner's largest cost. Returns the word's own literal (interned, so
 * later `===` and property lookups are cheap) or null.
 */
function wordTable(words: string[]): (s: string, i: number, j: number) => string | null {
  const byFirst: string[][] = [];
  for (const w of words) (byFirst[w.charCodeAt(0)] ??= []).push(w);
  return (s, i, j) => {
    const list = byFirst[s.charCodeAt(i)];
    if (list === undefined) return null;
    const len = j - i;
    for (let k = 0; k < list.length; k++) if (list[k].length === len && s.startsWith(list[k], i)) return list[k];
    return null;
  };
}

const hardKeywordAt = wordTable(HARD_KEYWORDS);
/** Words that matter at the start of a statement: keywords and the soft keywords `match` / `case`. */
const statementWordAt = wordTable([...HARD_KEYWORDS, 'match', 'case']);

/** Statement keywords whose header ends at a colon (a simple statement may follow on the same line). */
const COMPOUND = new Set(['if', 'elif', 'else', 'for', 'while', 'with', 'try', 'except', 'finally', 'def', 'class']);

const CONTAINER_TYPE: Record<string, string> = {
  def: 'function_definition', class: 'class_definition', for: 'for_statement', while: 'while_statement',
  with: 'with_statement', if: 'if_statement',
};

const STRING_PREFIXES = new Set(['r', 'u', 'b', 'f', 'br', 'rb', 'fr', 'rf']);

// What the previous token was, for telling a call `f(` from a parenthesised expression `in (`.
const P_OTHER = 0;
const P_NAME = 1;
const P_CLOSE = 2;
const P_STRING = 3;
const P_DOT = 4;
const P_NUMBER = 5;

// Open bracket kinds.
const B_CALL = 0;
const B_SUBSCRIPT = 1;
const B_GROUP = 2;
const B_FINTERP = 3;

interface Bracket {
  kind: number;
  /** Start of the expression this bracket continues (call, subscript) or the bracket itself (group). */
  start: number;
  /** Offset of the bracket character itself. */
  open: number;
  close: number;
  /** f-string interpolation: how to resume the string body after `}`. */
  quote?: number;
  triple?: boolean;
  stringStart?: number;
  /** The primary start once the whole (possibly concatenated) string literal is done. */
  primAfter?: number;
}

interface Container {
  node: RawNode;
  word: string;
  indent: number;
  /** A comment line left of the body was seen: later comments belong outside (as tree-sitter dedents there). */
  sealed: boolean;
}

const isWordCode = (c: number): boolean => (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c >= 128;
const isWordStart = (c: number): boolean => (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || c >= 128;

/** The nodes in tree-sitter's pre-order (start ascending, enclosing first), or null when unsure. */
export function scanPython(s: string): RawNode[] | null {
  const n = s.length;
  const nodes: RawNode[] = [];
  const brackets: Bracket[] = [];
  // Bracket records are recycled: a big file opens tens of thousands of brackets, and the garbage showed up as
  // GC time in the analysis.
  const pool: Bracket[] = [];
  const openBracket = (kind: number, start: number, close: number, at: number): Bracket => {
    const b = pool.pop() ?? { kind: 0, start: 0, open: 0, close: 0, quote: 0, triple: false, stringStart: 0, primAfter: 0 };
    b.kind = kind;
    b.start = start;
    b.open = at;
    b.close = close;
    brackets.push(b);
    return b;
  };
  const open: Container[] = [];
  /**
   * Keeps `nodes` in pre-order (start ascending, enclosing first) as they come: a call or a statement is only
   * known when it ends, after the calls inside it, so it moves back past those few (sorting everything at the
   * end cost more than the scan's bookkeeping). Blocks are pushed at their start, already in place.
   */
  const pushOrdered = (node: RawNode): void => {
    let k = nodes.length;
    while (k > 0 && (nodes[k - 1].start > node.start || (nodes[k - 1].start === node.start && nodes[k - 1].end < node.end))) k--;
    if (k === nodes.length) nodes.push(node);
    else nodes.splice(k, 0, node);
  };
  let prim = -1;
  let prev = P_OTHER;
  let afterDef = false;
  let lineStart = 0;
  let atLogicalLineStart = true;
  let atStatementStart = true;
  let compoundLine = false;
  let headerDone = false;
  let lastTokenEnd = 0;
  /** End of the current line's code including a trailing comment: where a block ending here ends. */
  let lineEnd = 0;
  let softKeyword = false;
  // Python's own indentation check: tree-sitter accepts some invalid layouts (a header with no indented body)
  // and then builds blocks its own way, so the scanner gives up on them instead of guessing.
  const indents: number[] = [0];
  let expectIndent = false;
  let bodyAfterHeader = false;
  let bad = false;
  let pending: RawNode | null = null;
  /** End of a comment after the code on the current line (tree-sitter puts it inside a decorator), else -1. */
  let trailingComment = -1;

  const endStatement = (): void => {
    if (pending) {
      pending.end = pending.type === 'decorator' && trailingComment > lastTokenEnd ? trailingComment : lastTokenEnd;
      pushOrdered(pending);
      pending = null;
    }
    trailingComment = -1;
  };
  // Block ends are kept current: every open, unsealed block ends where the last line (or comment) ended.
  const extendBlocks = (end: number): void => {
    for (let k = open.length - 1; k >= 0 && !open[k].sealed; k--) open[k].node.end = end;
  };
  const closeBlocks = (indent: number, word: string): void => {
    while (open.length) {
      const top = open[open.length - 1];
      if (top.indent < indent) break;
      if (top.indent === indent) {
        if ((word === 'elif' || word === 'else') && top.word === 'if') break;
        if (word === 'else' && (top.word === 'for' || top.word === 'while')) break;
      }
      open.pop();
    }
    for (const c of open) c.sealed = false;
  };
  /** A comment alone on its line: part of the blocks indented less than it, not of the others. */
  const commentLine = (column: number, end: number): void => {
    for (let k = open.length - 1; k >= 0; k--) {
      if (open[k].indent >= column) open[k].sealed = true;
      else if (!open[k].sealed) open[k].node.end = end;
    }
  };
  /** Does the logical line from `i` end with a header colon (brackets and strings skipped)? */
  const endsWithColon = (i: number): boolean => {
    const colon = headerColon(s, i, n);
    if (colon === -1) return false;
    const rest = /[ \t]*(#[^\n]*)?(\r?\n|$)/y;
    rest.lastIndex = colon;
    return rest.test(s);
  };
  const wordEnd = (i: number): number => {
    let j = i;
    while (j < n && isWordCode(s.charCodeAt(j))) j++;
    return j;
  };
  /** The keyword starting at `i` ('' for any other word or none): other words change nothing at a statement start. */
  const keywordAt = (i: number): string => statementWordAt(s, i, wordEnd(i)) ?? '';
  const statementStart = (i: number): void => {
    const c = s.charCodeAt(i);
    const word = isWordStart(c) ? keywordAt(i) : '';
    if (atLogicalLineStart) {
      const d = i - lineStart;
      let top = indents[indents.length - 1];
      if (expectIndent) {
        if (d <= top) bad = true;
        indents.push(d);
      } else if (d > top) bad = true;
      else {
        while (d < top) {
          indents.pop();
          top = indents[indents.length - 1];
        }
        if (d !== top) bad = true;
      }
      closeBlocks(d, word);
    } else if (headerDone) bodyAfterHeader = true;
    atLogicalLineStart = false;
    atStatementStart = false;
    if (c === 64 /* @ */) {
      pending = { type: 'decorator', start: i, end: i };
      return;
    }
    if (!word) return;
    if ((word === 'match' || word === 'case') && endsWithColon(i + word.length)) {
      // Soft keywords: `match x:` / `case (a, b):` open a block; `match(x)` elsewhere is a call.
      softKeyword = true;
      compoundLine = true;
      headerDone = false;
      bodyAfterHeader = false;
      return;
    }
    let kw = word;
    if (word === 'async') {
      let j = i + 5;
      while (s.charCodeAt(j) === 32 || s.charCodeAt(j) === 9) j++;
      kw = keywordAt(j);
      if (kw !== 'def' && kw !== 'for' && kw !== 'with') return;
    }
    const type = CONTAINER_TYPE[kw];
    if (type) {
      const node = { type, start: i, end: i };
      nodes.push(node);
      open.push({ node, word: kw, indent: i - lineStart, sealed: false });
    }
    if (COMPOUND.has(kw)) {
      compoundLine = true;
      headerDone = false;
      bodyAfterHeader = false;
    } else if (word === 'return' || word === 'break') {
      nodes.push({ type: word === 'return' ? 'return_statement' : 'break_statement', start: i, end: i });
    } else if (word === 'import') {
      pending = { type: 'import_statement', start: i, end: i };
    } else if (word === 'from') {
      let j = i + 4;
      while (s.charCodeAt(j) === 32 || s.charCodeAt(j) === 9) j++;
      if (!(s.startsWith('__future__', j) && wordEnd(j) === j + 10)) pending = { type: 'import_from_statement', start: i, end: i };
    }
  };

  /**
   * Scans a string body from `i` (just after the opening quotes). Returns the index after the closing quotes,
   * or, for an f-string interpolation, pushes a bracket and returns the index just after its `{`. -1: unterminated.
   */
  const stringBody = (i: number, quote: number, triple: boolean, isF: boolean, start: number, concat: boolean): number => {
    if (!concat) prim = start;
    while (i < n) {
      const c = s.charCodeAt(i);
      if (c === 92 /* \ */) {
        i += 2;
      } else if (c === quote) {
        if (!triple) return i + 1;
        if (s.charCodeAt(i + 1) === quote && s.charCodeAt(i + 2) === quote) return i + 3;
        i++;
      } else if (c === 10 && !triple) {
        return -1;
      } else if (c === 123 /* { */ && isF) {
        if (s.charCodeAt(i + 1) === 123) {
          i += 2;
          continue;
        }
        const b = openBracket(B_FINTERP, i, 125, i);
        b.quote = quote;
        b.triple = triple;
        b.stringStart = start;
        b.primAfter = concat ? prim : start;
        prim = -1;
        prev = P_OTHER;
        return i + 1;
      } else i++;
    }
    return -1;
  };
  /** After a string literal closes: it starts a primary, or continues an implicit concatenation. */
  const stringDone = (primAfter: number, end: number): void => {
    prim = primAfter;
    prev = P_STRING;
    lastTokenEnd = end;
    lineEnd = end;
  };
  /** Skips an f-string format spec from `i` (after `:`) to its closing `}` (nested fields counted). */
  const skipFormatSpec = (i: number): number => {
    let depth = 0;
    for (; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c === 123) depth++;
      else if (c === 125) {
        if (depth === 0) return i;
        depth--;
      } else if (c === 10) {
        const b = brackets[brackets.length - 1];
        if (!b.triple) return -1;
      }
    }
    return -1;
  };

  let i = 0;
  while (i < n) {
    const c = s.charCodeAt(i);
    if (c === 10) {
      if (!brackets.length) {
        endStatement();
        if (!atLogicalLineStart) {
          extendBlocks(lineEnd);
          expectIndent = compoundLine && headerDone && !bodyAfterHeader;
        }
        atLogicalLineStart = true;
        atStatementStart = true;
        compoundLine = false;
        prim = -1;
        prev = P_OTHER;
      }
      i++;
      lineStart = i;
      continue;
    }
    if (c === 32 || c === 9 || c === 13 || c === 12) {
      i++;
      continue;
    }
    if (c === 35 /* # */) {
      const nl = s.indexOf('\n', i);
      // A comment's node runs to the newline, so a CRLF file's comment includes its \r.
      const end = nl === -1 ? n : nl;
      if (!brackets.length) {
        if (atLogicalLineStart) commentLine(i - lineStart, end);
        else lineEnd = trailingComment = end;
      }
      i = nl === -1 ? n : nl;
      continue;
    }
    if (c === 92 /* \ */) {
      const next = s.charCodeAt(i + 1);
      if (next === 10) i += 2;
      else if (next === 13 && s.charCodeAt(i + 2) === 10) i += 3;
      else return null;
      continue;
    }
    if (atStatementStart && !brackets.length) statementStart(i);

    if (isWordStart(c)) {
      let j = i + 1;
      while (j < n && isWordCode(s.charCodeAt(j))) j++;
      const q = s.charCodeAt(j);
      if ((q === 34 || q === 39) && j - i <= 2 && STRING_PREFIXES.has(s.slice(i, j).toLowerCase())) {
        const isF = s.slice(i, j).toLowerCase().includes('f');
        const triple = s.charCodeAt(j + 1) === q && s.charCodeAt(j + 2) === q;
        const concat = prev === P_STRING;
        const r = stringBody(j + (triple ? 3 : 1), q, triple, isF, i, concat);
        if (r === -1) return null;
        if (brackets.length && brackets[brackets.length - 1].kind === B_FINTERP && brackets[brackets.length - 1].start === r - 1) {
          i = r;
          continue;
        }
        stringDone(prim, r);
        i = r;
        continue;
      }
      lineEnd = j;
      if (softKeyword) {
        softKeyword = false;
        prim = -1;
        prev = P_OTHER;
      } else if (afterDef) {
        afterDef = false;
        prim = -1;
        prev = P_OTHER;
      } else {
        const word = hardKeywordAt(s, i, j);
        if (word === null) {
          if (!(prev === P_DOT && prim !== -1)) prim = i;
          prev = P_NAME;
        } else {
          if (word === 'def' || word === 'class') afterDef = true;
          prim = -1;
          prev = P_OTHER;
        }
      }
      lastTokenEnd = j;
      i = j;
      continue;
    }
    if (c === 34 || c === 39) {
      const triple = s.charCodeAt(i + 1) === c && s.charCodeAt(i + 2) === c;
      const concat = prev === P_STRING;
      const r = stringBody(i + (triple ? 3 : 1), c, triple, false, i, concat);
      if (r === -1) return null;
      stringDone(prim, r);
      i = r;
      continue;
    }
    if ((c >= 48 && c <= 57) || (c === 46 && s.charCodeAt(i + 1) >= 48 && s.charCodeAt(i + 1) <= 57)) {
      let j = i + 1;
      for (; j < n; j++) {
        const d = s.charCodeAt(j);
        if (isWordCode(d) || d === 46) continue;
        if ((d === 43 || d === 45) && (s.charCodeAt(j - 1) | 32) === 101 && !/^0[xX]/.test(s.slice(i, i + 2))) continue;
        break;
      }
      prim = i;
      prev = P_NUMBER;
      lastTokenEnd = j;
      lineEnd = j;
      i = j;
      continue;
    }
    lastTokenEnd = i + 1;
    lineEnd = i + 1;
    if (c === 40 || c === 91 || c === 123) {
      const continues = (prev === P_NAME || prev === P_CLOSE || prev === P_STRING) && prim !== -1 && c !== 123;
      const kind = continues ? (c === 40 ? B_CALL : B_SUBSCRIPT) : B_GROUP;
      openBracket(kind, continues ? prim : i, c === 40 ? 41 : c === 91 ? 93 : 125, i);
      prim = -1;
      prev = P_OTHER;
      i++;
      continue;
    }
    if (c === 41 || c === 93 || c === 125) {
      const b = brackets.pop();
      if (!b || b.close !== c) return null;
      if (b.kind === B_FINTERP) {
        prim = b.primAfter!;
        const r = stringBody(i + 1, b.quote!, b.triple!, true, b.stringStart!, true);
        if (r === -1) return null;
        if (!(brackets.length && brackets[brackets.length - 1].kind === B_FINTERP && brackets[brackets.length - 1].start === r - 1)) {
          stringDone(b.primAfter!, r);
        }
        pool.push(b);
        i = r;
        continue;
      }
      if (b.kind === B_CALL) pushOrdered({ type: 'call', start: b.start, end: i + 1, args: b.open });
      prim = b.start;
      pool.push(b);
      prev = P_CLOSE;
      i++;
      continue;
    }
    const top = brackets.length ? brackets[brackets.length - 1] : null;
    if (top && top.kind === B_FINTERP && (c === 58 /* : */ || (c === 33 /* ! */ && s.charCodeAt(i + 1) !== 61))) {
      // Conversion (`!r`) and format spec end the expression part of the interpolation.
      let j = i;
      if (c === 33) j += 2;
      if (s.charCodeAt(j) === 58) j = skipFormatSpec(j + 1);
      if (j === -1) return null;
      i = j;
      continue;
    }
    if (c === 46 /* . */) {
      if (s.charCodeAt(i + 1) === 46 && s.charCodeAt(i + 2) === 46) {
        prim = -1;
        prev = P_OTHER;
        lastTokenEnd = i + 3;
        lineEnd = i + 3;
        i += 3;
        continue;
      }
      if (prev === P_NAME || prev === P_CLOSE || prev === P_STRING || prev === P_NUMBER) prev = P_DOT;
      else {
        prim = -1;
        prev = P_OTHER;
      }
      i++;
      continue;
    }
    if (!brackets.length) {
      if (c === 59 /* ; */) {
        endStatement();
        atStatementStart = true;
      } else if (c === 58 /* : */ && s.charCodeAt(i + 1) !== 61 && compoundLine && !headerDone) {
        headerDone = true;
        atStatementStart = true;
      }
    }
    if (c === 58 && s.charCodeAt(i + 1) === 61) {
      lastTokenEnd = i + 2;
      lineEnd = i + 2;
      i++;
    }
    prim = -1;
    prev = P_OTHER;
    i++;
  }
  if (brackets.length || bad || expectIndent) return null;
  endStatement();
  if (!atLogicalLineStart) extendBlocks(lineEnd);
  return nodes;
}
