/**
 * Bringing a RunReading up to date through whatever file access the host has (Node's fs in the CLI and the
 * runs worker, vscode.workspace.fs in a browser): stat the files, read only what `plan` asks for, feed it.
 * Asynchronous, so a host without threads can interleave other work between chunks.
 */
import type { FileStat, RunReading } from './readRun';

export interface RunFileAccess {
  /** Size and modification time (ms), or undefined when the file cannot be read (gone). */
  stat(file: string): Promise<Omit<FileStat, 'file'> | undefined>;
  /** The bytes [from, to) of `file`, in chunks of any size (fewer when the file is shorter now). */
  read(file: string, from: number, to: number): AsyncIterable<Uint8Array>;
}

/**
 * Reads what was appended to `files` since the last call (everything when a file shrank or was rewritten).
 * `complete` = the writer is done; a live run leaves an unfinished last record for the next call.
 */
export async function refreshRunWith(reading: RunReading, files: readonly string[], io: RunFileAccess, complete = false): Promise<void> {
  const stats = (await Promise.all(files.map(async (file) => {
    const s = await io.stat(file).catch(() => undefined);
    return s ? [{ file, ...s }] : [];
  }))).flat();
  const plan = reading.plan(stats);
  for (const r of plan.reads) {
    const mtime = stats.find((s) => s.file === r.file)?.mtime ?? 0;
    let at = r.from;
    try {
      for await (const chunk of io.read(r.file, r.from, r.to)) {
        at += chunk.length;
        reading.feed(r.file, chunk, complete && at >= r.to, mtime);
      }
    } catch {
      // Gone or unreadable since the stat: what was read is kept; the next refresh sees the new state.
    }
    if (at === r.from) reading.feed(r.file, new Uint8Array(0), complete, mtime);
  }
}
