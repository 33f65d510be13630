/**
 * Finding run files on disk (Node): a file named like a run format, or every one under a folder. Apart from
 * the readers (runFiles.ts), so the extension host can find a run without bundling them (they run in the
 * runs worker).
 */
import fs from 'node:fs';
import path from 'node:path';
import { formatOf, groupRuns, type RunSource } from '../core/runs/formats';

const SKIP_DIRS = new Set(['node_modules', '.git', '__pycache__', '.venv', 'venv', '.tox', '.mypy_cache', 'dist', 'build', 'wandb']);

/** Run files under `p` (recursively for folders); a file given by name counts when its name is a run format. */
export function collectRunFiles(p: string, out: string[], onError: (message: string) => void): void {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(p);
  } catch (e) {
    onError(`cannot read ${p}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file or directory' : (e as Error).message}`);
    return;
  }
  if (!stat.isDirectory()) {
    if (formatOf(p)) out.push(p);
    else onError(`${p}: not a run file (trainer_state.json, metrics.csv, events.out.tfevents.*, *.csv, *.jsonl, *.log)`);
    return;
  }
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(p, { withFileTypes: true });
  } catch (e) {
    onError(`cannot read directory ${p}: ${(e as Error).message}`);
    return;
  }
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    const child = path.join(p, entry.name);
    if (entry.isDirectory()) {
      if (!SKIP_DIRS.has(entry.name) && !entry.name.startsWith('.')) collectRunFiles(child, out, onError);
    } else if (formatOf(entry.name)) out.push(child);
  }
}

export function findRuns(paths: readonly string[], onError: (message: string) => void): RunSource[] {
  const files: string[] = [];
  for (const p of paths) collectRunFiles(p, files, onError);
  return groupRuns([...new Set(files)]);
}

