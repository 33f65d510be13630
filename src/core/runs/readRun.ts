/**
 * Reading a run: one reader per file into one set of series. `RunReading` keeps the readers so a live run is
 * re-read incrementally — the adapter feeds only the bytes appended since the last read (or starts over when
 * a file shrank or a format rewrites its file whole).
 */
import { SeriesSet, type ColumnAlloc } from './seriesBuilder';
import { CsvReader } from './readers/csv';
import { JsonlReader } from './readers/jsonl';
import { PrintedLogReader } from './readers/printedLog';
import type { FormatReader, ReadTarget } from './readers/reader';
import { TensorBoardReader } from './readers/tensorboard';
import { TrainerStateReader } from './readers/trainerState';
import type { ReadIssue, RunData, RunFormat } from './types';

export function createReader(format: RunFormat, target: ReadTarget): FormatReader {
  switch (format) {
    case 'hf-trainer-state':
      return new TrainerStateReader(target);
    case 'tensorboard':
      return new TensorBoardReader(target);
    case 'lightning-csv':
    case 'csv':
      return new CsvReader(target);
    case 'jsonl':
      return new JsonlReader(target);
    case 'log':
      return new PrintedLogReader(target);
  }
}

interface FileState {
  reader: FormatReader;
  /** Bytes of this file fed so far, and the modification time seen then. */
  fed: number;
  mtime: number;
}

export interface FileStat {
  file: string;
  size: number;
  /** Modification time (ms); a rewritten whole-file format is re-read when it changes. */
  mtime: number;
}

/** The byte ranges to read next: everything again (`reset`) or just what was appended. */
export interface ReadPlan {
  reset: boolean;
  reads: Array<{ file: string; from: number; to: number }>;
}

export class RunReading {
  private set: SeriesSet;
  private issues: ReadIssue[] = [];
  private meta: Record<string, string | number> = {};
  private files = new Map<string, FileState>();
  /** Sizes `plan` saw: a whole-file format is parsed once all of it has been fed. */
  private planned = new Map<string, number>();

  constructor(
    readonly path: string,
    readonly format: RunFormat,
    private readonly decodeUtf8?: (bytes: Uint8Array) => string,
    private readonly alloc?: ColumnAlloc,
  ) {
    this.set = new SeriesSet(alloc);
  }

  /**
   * What to read given the files' current sizes: only the appended bytes while every file only grew, else
   * (a file shrank, vanished, or a whole-file format changed) all of it from the start.
   */
  plan(stats: readonly FileStat[]): ReadPlan {
    const known = new Set(stats.map((s) => s.file));
    let reset = [...this.files.keys()].some((f) => !known.has(f));
    for (const s of stats) {
      const st = this.files.get(s.file);
      if (!st) continue;
      if (s.size < st.fed || (!st.reader.appendOnly && (s.size !== st.fed || s.mtime !== st.mtime))) reset = true;
    }
    if (reset) this.reset();
    for (const s of stats) this.planned.set(s.file, s.size);
    const reads: ReadPlan['reads'] = [];
    for (const s of stats) {
      const from = this.files.get(s.file)?.fed ?? 0;
      if (s.size > from || !this.files.has(s.file)) reads.push({ file: s.file, from, to: s.size });
    }
    return { reset, reads };
  }

  /**
   * Feed bytes of `file` starting where the last feed of it ended (as `plan` said). `complete` says the writer
   * is done; a live file is left waiting for the rest of its last record. Never throws.
   */
  feed(file: string, bytes: Uint8Array, complete: boolean, mtime = 0): void {
    let st = this.files.get(file);
    if (!st) {
      st = { reader: createReader(this.format, { file, set: this.set, issues: this.issues, meta: this.meta, decodeUtf8: this.decodeUtf8 }), fed: 0, mtime };
      this.files.set(file, st);
    }
    st.fed += bytes.length;
    st.mtime = mtime;
    try {
      st.reader.feed(bytes);
      if (complete || (!st.reader.appendOnly && st.fed >= (this.planned.get(file) ?? 0))) st.reader.end();
    } catch (e) {
      // A reader bug must not cost the user the rest of the run: it is reported like bad input.
      this.issues.push({ file, message: `could not read: ${(e as Error).message}` });
    }
  }

  /** Forget everything (a file was rewritten): the next reads start from offset 0. */
  reset(): void {
    this.set = new SeriesSet(this.alloc);
    this.issues = [];
    this.meta = {};
    this.files.clear();
  }

  /** Bytes of complete records read from `file` (a live file: up to its last complete record). */
  consumed(file: string): number {
    return this.files.get(file)?.reader.consumed ?? 0;
  }

  snapshot(): RunData {
    return { path: this.path, format: this.format, series: this.set.toSeries(), issues: [...this.issues], meta: { ...this.meta } };
  }
}

/** Read a complete run from its files' bytes. Never throws: problems are in `issues`. */
export function readRun(path: string, format: RunFormat, files: ReadonlyArray<{ file: string; bytes: Uint8Array }>): RunData {
  const reading = new RunReading(path, format);
  for (const f of files) reading.feed(f.file, f.bytes, true);
  return reading.snapshot();
}
