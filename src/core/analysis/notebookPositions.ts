/**
 * Where a notebook cell's code sits in the .ipynb file's own text: a closed notebook has no cell documents,
 * so its hints (Analyze Workspace) are placed on the file at the line and column of the cell's source line
 * instead of at 1:1. The `source` strings are located with jsonc-parser's syntax tree (offsets) and their JSON
 * escapes are decoded to map every source character back to its offset in the file.
 */
// The ESM build: the package's main (UMD) loads its parts with a dynamic require that bundling cannot follow.
import { parseTree, type Node } from 'jsonc-parser/lib/esm/main.js';

export interface FilePosition {
  line: number;
  character: number;
}

export interface NotebookPositions {
  /** The file position of (cell, line, column) in a cell's source; null when the cell or line does not exist. */
  at(cell: number, line: number, column: number): FilePosition | null;
}

/** Decoded text of one JSON string literal and, for each decoded UTF-16 unit, its offset in the file. */
function decodeLiteral(raw: string, base: number): { text: string; offsets: number[] } {
  let text = '';
  const offsets: number[] = [];
  // raw includes the quotes: skip them.
  for (let i = 1; i < raw.length - 1; i++) {
    const at = base + i;
    if (raw[i] !== '\\') {
      text += raw[i];
      offsets.push(at);
      continue;
    }
    const c = raw[i + 1];
    if (c === 'u') {
      text += String.fromCharCode(parseInt(raw.slice(i + 2, i + 6), 16));
      offsets.push(at);
      i += 5;
    } else {
      text += ({ n: '\n', t: '\t', r: '\r', b: '\b', f: '\f' } as Record<string, string>)[c!] ?? c;
      offsets.push(at);
      i += 1;
    }
  }
  offsets.push(base + raw.length - 1); // end of the literal: positions just past the last character
  return { text, offsets };
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') starts.push(i + 1);
  return starts;
}

function property(node: Node, name: string): Node | undefined {
  return node.children?.find((p) => p.type === 'property' && p.children?.[0]?.value === name)?.children?.[1];
}

/** Positions for an .ipynb text (nbformat 4); null when it is not one. Never throws. */
export function notebookPositions(json: string): NotebookPositions | null {
  let root: Node | undefined;
  try {
    root = parseTree(json);
  } catch {
    return null;
  }
  const cells = root && property(root, 'cells');
  if (!cells || cells.type !== 'array') return null;
  const fileLines = lineStarts(json);
  const toPosition = (offset: number): FilePosition => {
    let lo = 0;
    let hi = fileLines.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (fileLines[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: offset - fileLines[lo]! };
  };
  const cache = new Map<number, { starts: number[]; offsets: number[]; length: number } | null>();
  const cellSource = (index: number) => {
    if (cache.has(index)) return cache.get(index)!;
    const cell = cells.children?.[index];
    const source = cell?.type === 'object' ? property(cell, 'source') : undefined;
    const parts = source?.type === 'string' ? [source] : source?.type === 'array' ? (source.children ?? []).filter((n) => n.type === 'string') : [];
    let text = '';
    const offsets: number[] = [];
    for (const part of parts) {
      const decoded = decodeLiteral(json.slice(part.offset, part.offset + part.length), part.offset);
      text += decoded.text;
      offsets.push(...decoded.offsets.slice(0, -1));
      if (part === parts[parts.length - 1]) offsets.push(decoded.offsets[decoded.offsets.length - 1]!);
    }
    const value = parts.length ? { starts: lineStarts(text), offsets, length: text.length } : null;
    cache.set(index, value);
    return value;
  };
  return {
    at(cell, line, column) {
      const src = cellSource(cell);
      if (!src || line < 0 || line >= src.starts.length) return null;
      const lineEnd = line + 1 < src.starts.length ? src.starts[line + 1]! - 1 : src.length;
      const index = Math.min(src.starts[line]! + Math.max(0, column), lineEnd);
      return toPosition(src.offsets[index]!);
    },
  };
}
