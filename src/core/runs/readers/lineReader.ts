/** Shared plumbing of the line formats (CSV, JSONL, printed logs): byte offsets and line numbers of lines. */
import { LineSplitter, type Utf8Decoder } from '../lines';
import type { FormatReader } from './reader';

export abstract class LineReader implements FormatReader {
  readonly appendOnly = true;
  private readonly splitter: LineSplitter;
  private line = 1;

  constructor(decode?: Utf8Decoder) {
    this.splitter = new LineSplitter(decode);
  }

  get consumed(): number {
    return this.splitter.consumedBytes;
  }

  feed(bytes: Uint8Array): void {
    const lines = this.splitter.feed(bytes);
    for (let i = 0; i < lines.length; i++) this.handle(stripCr(lines[i]), this.line++);
  }

  end(): void {
    for (const l of this.splitter.end()) this.handle(stripCr(l), this.line++, true);
  }

  /** One complete line (no terminator). `last` marks an unterminated final line of a finished file. */
  protected abstract handle(line: string, lineNo: number, last?: boolean): void;
}

const stripCr = (l: string) => (l.length > 0 && l.charCodeAt(l.length - 1) === 13 ? l.slice(0, -1) : l);
