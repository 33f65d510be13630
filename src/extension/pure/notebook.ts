/** Reading .ipynb files that are not open (Analyze Workspace). */
import type { NotebookCell } from '../../core/analysis/types';

/** The cells of an .ipynb file (nbformat 4), or null when it is not one. */
export function notebookCells(json: string): NotebookCell[] | null {
  try {
    const nb = JSON.parse(json) as { cells?: Array<{ cell_type?: string; source?: string | string[] }> };
    if (!Array.isArray(nb.cells)) return null;
    return nb.cells.map((c) => ({
      kind: c.cell_type === 'code' ? 'code' : 'markdown',
      source: Array.isArray(c.source) ? c.source.join('') : typeof c.source === 'string' ? c.source : '',
    }));
  } catch {
    return null;
  }
}
