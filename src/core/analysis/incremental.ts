/**
 * Re-parsing a document incrementally: the last tree of each recently analysed document is kept, told what
 * changed (`tree.edit`) and handed to the parser with the new text, so tree-sitter re-parses only around the
 * edit. Why: on a keystroke the full parse dominated the analysis (bench/editor.bench.ts, docs/benchmarks.md).
 * The edit is found by comparing the old and new text (common prefix and suffix), so callers pass whole texts.
 * The document's last scanner nodes are kept beside its tree, so the scan too can redo only what the edit
 * touched (structure/rescan.ts).
 */
import { Edit, type Tree } from 'web-tree-sitter';
import type { PythonParser } from './parser';
import type { RawNode } from './structure/scan';
import type { TextChange } from './structure/rescan';
import type { FileModel } from './structure/model';

/** The previous version of a document and its scanner nodes, with what changed since: for structure/rescan.ts. */
export interface PreviousScan {
  source: string;
  nodes: RawNode[];
  /** The model built from those nodes (structure/remodel.ts reuses its objects), if one was. */
  model: FileModel | null;
  change: TextChange;
}

/** Documents whose trees are kept (each tree holds wasm memory about the size of its text, several times). */
const KEPT_DOCUMENTS = 8;

export class IncrementalParser {
  private readonly kept = new Map<string, { source: string; tree: Tree; nodes: RawNode[] | null; model: FileModel | null }>();

  constructor(private readonly parser: PythonParser) {}

  /**
   * The tree of `source`. With a `document` key the previous tree of that document is reused and the new one
   * kept (the caller must not delete it); without one the caller owns the tree.
   */
  parse(source: string, document?: string): { tree: Tree | null; kept: boolean; previous?: PreviousScan } {
    if (document === undefined) return { tree: this.parser.parse(source), kept: false };
    const previous = this.kept.get(document);
    let tree: Tree | null;
    let change: TextChange | null = null;
    if (previous && previous.source === source) {
      tree = previous.tree;
      change = { start: source.length, oldEnd: source.length, newEnd: source.length };
    } else if (previous) {
      const edit = editBetween(previous.source, source);
      previous.tree.edit(edit);
      tree = this.parser.parse(source, previous.tree);
      previous.tree.delete();
      change = { start: edit.startIndex, oldEnd: edit.oldEndIndex, newEnd: edit.newEndIndex };
    } else {
      tree = this.parser.parse(source);
    }
    this.kept.delete(document);
    if (!tree) return { tree: null, kept: false };
    // The nodes are handed over (rescan moves them in place): the next version gets them only via keepNodes.
    this.kept.set(document, { source, tree, nodes: null, model: null });
    for (const [key, old] of this.kept) {
      if (this.kept.size <= KEPT_DOCUMENTS) break;
      old.tree.delete();
      this.kept.delete(key);
    }
    if (previous?.nodes && change) {
      return { tree, kept: true, previous: { source: previous.source, nodes: previous.nodes, model: previous.model, change } };
    }
    return { tree, kept: true };
  }

  /**
   * Keeps the scanner nodes of the document's current version (null: it was not scanned) and the model built
   * from them, for the next version.
   */
  keepNodes(document: string, source: string, nodes: RawNode[] | null, model: FileModel | null): void {
    const kept = this.kept.get(document);
    if (!kept || kept.source !== source) return;
    kept.nodes = nodes;
    kept.model = nodes && model;
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
  const start = commonLength(max, (from, to) => before.slice(from, to) === after.slice(from, to));
  const tail = commonLength(max - start, (from, to) => before.slice(before.length - to, before.length - from) === after.slice(after.length - to, after.length - from));
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

/**
 * The largest k ≤ max for which `same(0, k)` holds, given `same(from, to)` compares the texts' spans [from, to)
 * (prefix or mirrored suffix). A binary search over slice comparisons, not a loop over characters: V8 compares
 * strings natively, about 40 times faster than charCodeAt per character on a 2,000-line file.
 */
function commonLength(max: number, same: (from: number, to: number) => boolean): number {
  let lo = 0;
  let hi = max;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (same(lo, mid)) lo = mid;
    else hi = mid - 1;
  }
  return lo;
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
