/**
 * The contract of a format reader: bytes in (the adapters read files), series and issues out. A reader is
 * incremental: `feed` the bytes appended since the last call — it reads up to the last complete record and
 * keeps the unfinished tail for the next feed — and `end()` once the file is known complete.
 */
import type { SeriesSet } from '../seriesBuilder';
import type { ReadIssue } from '../types';

export interface ReadTarget {
  /** Display name of the file, used in issues. */
  file: string;
  set: SeriesSet;
  issues: ReadIssue[];
  meta: Record<string, string | number>;
  /** A faster UTF-8 decoder the host offers (Node's Buffer); TextDecoder otherwise. */
  decodeUtf8?: (bytes: Uint8Array) => string;
}

export interface FormatReader {
  feed(bytes: Uint8Array): void;
  end(): void;
  /** Bytes of complete records read so far (equals the bytes fed once `end()` ran). */
  readonly consumed: number;
  /** False for formats a writer rewrites whole (trainer_state.json): re-read them from the start. */
  readonly appendOnly: boolean;
}

/** Issues beyond this many per file are counted, not listed, so a binary file fed as CSV stays cheap. */
export const MAX_ISSUES_PER_FILE = 20;

export function addIssue(t: ReadTarget, issue: Omit<ReadIssue, 'file'>): void {
  const mine = t.issues.filter((i) => i.file === t.file);
  if (mine.length < MAX_ISSUES_PER_FILE) t.issues.push({ file: t.file, ...issue });
  else if (mine.length === MAX_ISSUES_PER_FILE) t.issues.push({ file: t.file, message: 'more problems in this file were not listed' });
}
