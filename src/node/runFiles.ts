/**
 * Node side of the run readers (CLI and extension host): find run files under paths, read them into the core
 * readers, and re-read only the appended bytes of a live run. The core stays free of Node built-ins.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { RunSource } from '../core/runs/formats';
import { RunReading } from '../core/runs/readRun';
import type { RunFileAccess } from '../core/runs/refresh';
import type { RunData } from '../core/runs/types';

export { collectRunFiles, findRuns } from './findRunFiles';

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
 * Node's asynchronous file access for the core's refreshRunWith (an in-process reader that must not block the
 * thread it runs on while reading: stat and reads are asynchronous, parsing runs a chunk at a time).
 */
export const nodeFileAccess: RunFileAccess = {
  async stat(file) {
    const s = await fs.promises.stat(file);
    return { size: s.size, mtime: s.mtimeMs };
  },
  async *read(file, from, to) {
    const handle = await fs.promises.open(file, 'r');
    try {
      let at = from;
      while (at < to) {
        const buf = Buffer.allocUnsafe(Math.min(CHUNK, to - at));
        const { bytesRead } = await handle.read(buf, 0, buf.length, at);
        if (bytesRead <= 0) break;
        at += bytesRead;
        yield buf.subarray(0, bytesRead);
      }
    } finally {
      await handle.close();
    }
  },
};
