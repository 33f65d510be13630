/**
 * Notebooks: code cells are analysed in order as one program (a model defined in cell 2 is trained in cell 5),
 * then findings are mapped back to (cell, line). IPython magics (`%time`, `!pip`) are blanked to comments of
 * the same length so columns stay true.
 */
import type { NotebookCell, Range } from './types';

export interface NotebookProgram {
  source: string;
  /** For each code cell in order: its index in the notebook and first line in `source`. */
  cells: Array<{ cell: number; firstLine: number; lineCount: number }>;
}

export function notebookToProgram(cells: NotebookCell[]): NotebookProgram {
  const parts: string[] = [];
  const map: NotebookProgram['cells'] = [];
  let line = 0;
  cells.forEach((c, i) => {
    if (!c || c.kind !== 'code' || typeof c.source !== 'string') return;
    const text = c.source.split(/\r?\n/).map(blankMagic).join('\n');
    const lineCount = text.split('\n').length;
    map.push({ cell: i, firstLine: line, lineCount });
    parts.push(text);
    line += lineCount;
  });
  return { source: parts.join('\n'), cells: map };
}

function blankMagic(line: string): string {
  return line.replace(/^(\s*)[%!]/, '$1#');
}

/** Maps a program range to (cell, cell-relative range); null when it spans cells. */
export function toCellRange(p: NotebookProgram, r: Range): { cell: number; range: Range } | null {
  const c = p.cells.find((x) => r.startLine >= x.firstLine && r.startLine < x.firstLine + x.lineCount);
  if (!c) return null;
  const last = c.firstLine + c.lineCount - 1;
  if (r.endLine > last + 1 || (r.endLine === last + 1 && r.endColumn > 0)) return null;
  return {
    cell: c.cell,
    range: { startLine: r.startLine - c.firstLine, startColumn: r.startColumn, endLine: r.endLine - c.firstLine, endColumn: r.endColumn },
  };
}

/**
 * Reads `.ipynb` JSON into cells. Never throws: broken JSON or an unexpected shape gives `error` (and the cells
 * that could be read).
 */
export function parseNotebookJson(text: string): { cells: NotebookCell[]; error?: string } {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    return { cells: [], error: `invalid notebook JSON: ${e instanceof Error ? e.message : String(e)}` };
  }
  const raw = (data as { cells?: unknown })?.cells;
  if (!Array.isArray(raw)) return { cells: [], error: 'not a notebook: no "cells" array' };
  const cells: NotebookCell[] = raw.map((c) => {
    const cell = (c ?? {}) as { cell_type?: unknown; source?: unknown };
    const src = Array.isArray(cell.source) ? cell.source.filter((s) => typeof s === 'string').join('') : typeof cell.source === 'string' ? cell.source : '';
    return { kind: cell.cell_type === 'code' ? 'code' : 'markdown', source: src };
  });
  return { cells };
}

/**
 * The `.ipynb` JSON `text` with the sources of the given cells replaced, everything else kept as it was (cell
 * sources stay line arrays or strings as they were; the file's indentation and final newline are kept).
 */
export function replaceNotebookSources(text: string, sources: ReadonlyMap<number, string>): string {
  const nb = JSON.parse(text) as { cells: Array<{ source: string | string[] }> };
  for (const [index, source] of sources) {
    const cell = nb.cells[index];
    cell.source = Array.isArray(cell.source) ? source.split(/(?<=\n)/) : source;
  }
  const indent = /^\{\s*\n(\s+)"/.exec(text)?.[1] ?? ' ';
  return JSON.stringify(nb, null, indent) + (text.endsWith('\n') ? '\n' : '');
}
