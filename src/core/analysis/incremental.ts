/**
 * Re-parsing a document incrementally: the last tree of each recently analysed document is kept, told what
 * changed (`tree.edit`) and handed to the parser with the new text, so tree-sitter re-parses only around the
 * edit. Why: on a keystroke the full parse dominated the analysis (bench/editor.bench.ts, docs/benchmarks.md).
 * The edit is found by comparing the old and new text (common prefix and suffix), so callers pass whole texts.
 */
import { Edit, type Tree } from 'web-tree-sitter';
import type { PythonParser } from './parser';

/** Documents whose trees are kept (each tree holds wasm memory about the size of its text, several times). */
const KEPT_DOCUMENTS = 8;

export class IncrementalParser {
  private readonly kept = new Map<string, { source: string; tree: Tree }>();

  constructor(private readonly parser: PythonParser) {}

  /**
   * The tree of `source`. With a `document` key the previous tree of that document is reused and the new one
   * kept (the caller must not delete it); without one the caller owns the tree.
   */
  parse(source: string, document?: string): { tree: Tree | null; kept: boolean } {
    if (document === undefined) return { tree: this.parser.parse(source), kept: false };
    const previous = this.kept.get(document);
    let tree: Tree | null;
    if (previous && previous.source === source) {
      tree = previous.tree;
    } else if (previous) {
      const edit = editBetween(previous.source, source);
      previous.tree.edit(edit);
      tree = this.parser.parse(source, previous.tree);
      previous.tree.delete();
    } else {
      tree = this.parser.parse(source);
    }
    this.kept.delete(document);
    if (!tree) return { tree: null, kept: false };
    this.kept.set(document, { source, tree });
    for (const [key, old] of this.kept) {
      if (this.kept.size <= KEPT_DOCUMENTS) break;
      old.tree.delete();
      this.kept.delete(key);
    }
    return { tree, kept: true };
  }

  /** Drops a document's tree (closed, or its text is no longer tracked). */
  forget(document: string): void {
    const old = this.kept.get(document);
    if (!old) return;
    old.tree.delete();
    this.kept.delete(document);
  }
}

/** The single edit turning `before` into `after` (indices and columns in UTF-16 code units, as web-tree-sitter counts). */
export function editBetween(before: string, after: string): Edit {
  const max = Math.min(before.length, after.length);
  let start = 0;
  while (start < max && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  let tail = 0;
  while (tail < max - start && before.charCodeAt(before.length - 1 - tail) === after.charCodeAt(after.length - 1 - tail)) tail++;
  const startPosition = pointAt(before, start);
  return new Edit({
    startIndex: start,
    oldEndIndex: before.length - tail,
    newEndIndex: after.length - tail,
    startPosition,
    oldEndPosition: pointAt(before, before.length - tail, start, startPosition),
    newEndPosition: pointAt(after, after.length - tail, start, startPosition),
  });
}

/** Row and column of `offset`, counting from a known point `from` at `fromOffset` (both texts agree up to it). */
function pointAt(text: string, offset: number, fromOffset = 0, from = { row: 0, column: 0 }): { row: number; column: number } {
  let row = from.row;
  let lineStart = fromOffset - from.column;
  for (let i = text.indexOf('\n', fromOffset); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    row++;
    lineStart = i + 1;
  }
  return { row, column: offset - lineStart };
}
