/**
 * Which reader a file needs, from its name — the names the Runs view and `diagnose` look for — and how the
 * files of one folder group into runs (a TensorBoard folder is one run of several event files; a Trainer
 * output folder is one run read from the newest `checkpoint-*` state).
 */
import type { RunFormat } from './types';

const base = (p: string) => p.replace(/[\\/]+$/, '').split(/[\\/]/).pop() ?? p;
const dir = (p: string) => {
  const i = Math.max(p.lastIndexOf('/'), p.lastIndexOf('\\'));
  return i < 0 ? '.' : p.slice(0, i);
};

/** The format of a run file by name, or null when the name is not one a run is written to. */
export function formatOf(path: string): RunFormat | null {
  const name = base(path).toLowerCase();
  if (name === 'trainer_state.json') return 'hf-trainer-state';
  if (name.startsWith('events.out.tfevents.')) return 'tensorboard';
  if (name === 'metrics.csv') return 'lightning-csv';
  if (name.endsWith('.csv') || name.endsWith('.tsv')) return 'csv';
  if (name.endsWith('.jsonl') || name.endsWith('.ndjson')) return 'jsonl';
  if (name.endsWith('.log') || name.endsWith('.out')) return 'log';
  return null;
}

/** Only names that clearly are metric logs (the Runs view scans the workspace with these). */
export const RUN_FILE_GLOB = '**/{trainer_state.json,metrics.csv,events.out.tfevents.*,*metrics*.csv,*metrics*.jsonl,*log*.jsonl,*train*.csv,*train*.jsonl,*train*.log,*history*.csv,*loss*.csv}';

export interface RunSource {
  /** Display path: the file, or the folder for multi-file runs. */
  path: string;
  format: RunFormat;
  files: string[];
}

/**
 * Groups run files into runs. Event files of one folder form one run (ordered by name = creation time);
 * `trainer_state.json` files under `<out>/checkpoint-N/` form one run read from the highest N (or from
 * `<out>/trainer_state.json`, written at the end of training, when present). Every other file is its own run.
 */
export function groupRuns(paths: readonly string[]): RunSource[] {
  const out: RunSource[] = [];
  const tb = new Map<string, string[]>();
  const hf = new Map<string, { step: number; file: string }>();
  for (const p of [...paths].sort()) {
    const format = formatOf(p);
    if (!format) continue;
    if (format === 'tensorboard') {
      const d = dir(p);
      tb.set(d, [...(tb.get(d) ?? []), p]);
    } else if (format === 'hf-trainer-state') {
      const d = dir(p);
      const ck = /^checkpoint-(\d+)$/.exec(base(d));
      const owner = ck ? dir(d) : d;
      const step = ck ? Number(ck[1]) : Number.POSITIVE_INFINITY;
      const prev = hf.get(owner);
      if (!prev || step > prev.step) hf.set(owner, { step, file: p });
    } else out.push({ path: p, format, files: [p] });
  }
  for (const [d, files] of tb) out.push({ path: d, format: 'tensorboard', files });
  for (const { file } of hf.values()) out.push({ path: file, format: 'hf-trainer-state', files: [file] });
  return out.sort((a, b) => a.path.localeCompare(b.path));
}
