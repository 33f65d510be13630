/**
 * Where a cell's text is stored in the raw `.ipynb` JSON, so a report about the notebook file (SARIF for code
 * scanning) can point at the file's own line and column: `source` is usually one JSON string per source line,
 * sometimes one string for the whole cell; escapes (`\"`, `\n`, `\u…`) are counted as written in the file.
 */
// The ESM build: the UMD one (package main) requires its parts at run time, which a bundle cannot follow.
import { findNodeAtLocation, parseTree, type Node } from 'jsonc-parser/lib/esm/main.js';

export interface RawPosition {
  /** 0-based line and UTF-16 column in the .ipynb text. */
  line: number;
  column: number;
}

export interface NotebookPositions {
  /** Raw position of (cell index, 0-based line, column) in the cell's joined source; null if unknown. */
  at(cell: number, line: number, column: number): RawPosition | null;
}

/**
 * Offset in `raw` of the `units`-th UTF-16 unit of the string literal whose opening quote is at `quote`,
 * walking the escapes as the file writes them (`\"` is 2 characters, `\u00e9` 6, a plain é 1).
 */
function rawOffset(raw: string, quote: number, units: number): number {
  let i = quote + 1;
  for (let n = 0; n < units && i < raw.length && raw[i] !== '"'; n++) i += raw[i] !== '\\' ? 1 : raw[i + 1] === 'u' ? 6 : 2;
  return i;
}

export function notebookPositions(raw: string): NotebookPositions {
  const root = parseTree(raw);
  const lineStarts = [0];
  for (let i = 0; i < raw.length; i++) if (raw[i] === '\n') lineStarts.push(i + 1);
  const toPosition = (offset: number): RawPosition => {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lineStarts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, column: offset - lineStarts[lo] };
  };
  return {
    at(cell, line, column) {
      const source = root && findNodeAtLocation(root, ['cells', cell, 'source']);
      if (!source) return null;
      const parts: Node[] = source.type === 'array' ? (source.children ?? []) : [source];
      let row = 0;
      for (const part of parts) {
        if (part.type !== 'string' || typeof part.value !== 'string') continue;
        const lines = (part.value as string).split('\n');
        // The target line starts in this string, or continues in it (a line split across strings is rare).
        for (let i = 0; i < lines.length; i++) {
          const isLast = i === lines.length - 1;
          if (isLast && lines[i] === '' && lines.length > 1) break; // the text after a final "\n" is the next string's
          if (row + i === line && (column <= lines[i].length || isLast)) {
            const units = lines.slice(0, i).reduce((sum, l) => sum + l.length + 1, 0) + Math.min(column, lines[i].length);
            return toPosition(rawOffset(raw, part.offset, units));
          }
        }
        row += lines.length - 1;
      }
      return null;
    },
  };
}
