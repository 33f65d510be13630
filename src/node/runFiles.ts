/**
 * Node side of the run readers (CLI and extension host): find run files under paths, read them into the core
 * readers, and re-read only the appended bytes of a live run. The core stays free of Node built-ins.
 */
import fs from 'node:fs';
import path from 'node:path';
import { formatOf, groupRuns, type RunSource } from '../core/runs/formats';
import { RunReading } from '../core/runs/readRun';
import type { RunData } from '../core/runs/types';

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

const CHUNK = 8 << 20;

/**
 * Brings `reading` up to date with the files on disk: reads only what was appended since the last call
 * (everything when a file shrank or was rewritten). `complete` = the writer is done (the CLI); a live run
 * leaves an unfinished last record for the next call.
 */
export function refreshRun(reading: RunReading, files: readonly string[], complete: boolean): void {
  const stats = files.flatMap((file) => {
    try {
      const s = fs.statSync(file);
      return [{ file, size: s.size, mtime: s.mtimeMs }];
    } catch {
      return [];
    }
  });
  const plan = reading.plan(stats);
  for (const r of plan.reads) {
    const mtime = stats.find((s) => s.file === r.file)?.mtime ?? 0;
    let fd: number;
    try {
      fd = fs.openSync(r.file, 'r');
    } catch (e) {
      reading.feed(r.file, new Uint8Array(0), complete, mtime);
      continue;
    }
    try {
      let at = r.from;
      if (at === r.to) reading.feed(r.file, new Uint8Array(0), complete, mtime);
      while (at < r.to) {
        const buf = Buffer.allocUnsafe(Math.min(CHUNK, r.to - at));
        const n = fs.readSync(fd, buf, 0, buf.length, at);
        if (n <= 0) break;
        at += n;
        reading.feed(r.file, buf.subarray(0, n), complete && at >= r.to, mtime);
      }
    } finally {
      fs.closeSync(fd);
    }
  }
}

/** Node's UTF-8 decoding, several times faster than TextDecoder on megabyte chunks. */
export const decodeUtf8 = (b: Uint8Array): string => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('utf8');

/** Reads a whole run from disk (the CLI). */
export function readRunFromDisk(source: RunSource): RunData {
  const reading = new RunReading(source.path, source.format, decodeUtf8);
  refreshRun(reading, source.files, true);
  return reading.snapshot();
}

/**
 * `refreshRun` with asynchronous I/O, for the extension host: stat and read never block its event loop (the
 * parsing of the read chunks still runs on it, a chunk at a time). A live run is never `complete`.
 */
export async function refreshRunAsync(reading: RunReading, files: readonly string[]): Promise<void> {
  const stats = (await Promise.all(files.map(async (file) => {
    try {
      const s = await fs.promises.stat(file);
      return [{ file, size: s.size, mtime: s.mtimeMs }];
    } catch {
      return [];
    }
  }))).flat();
  const plan = reading.plan(stats);
  for (const r of plan.reads) {
    const mtime = stats.find((s) => s.file === r.file)?.mtime ?? 0;
    let handle: fs.promises.FileHandle;
    try {
      handle = await fs.promises.open(r.file, 'r');
    } catch {
      reading.feed(r.file, new Uint8Array(0), false, mtime);
      continue;
    }
    try {
      let at = r.from;
      if (at === r.to) reading.feed(r.file, new Uint8Array(0), false, mtime);
      while (at < r.to) {
        const buf = Buffer.allocUnsafe(Math.min(CHUNK, r.to - at));
        const { bytesRead } = await handle.read(buf, 0, buf.length, at);
        if (bytesRead <= 0) break;
        at += bytesRead;
        reading.feed(r.file, buf.subarray(0, bytesRead), false, mtime);
        // Let other extension-host work run between chunks of a large file.
        if (at < r.to) await new Promise((resolve) => setImmediate(resolve));
      }
    } finally {
      await handle.close();
    }
  }
}
