/**
 * Incremental line splitting over UTF-8 bytes: `feed` the bytes appended to a growing file, get back the
 * complete lines; the unfinished last line waits for the next feed (or `end()` when the file is final).
 * Lines are cut at the 0x0A byte (never inside a UTF-8 sequence), so only complete lines are decoded, in one
 * call per feed. The decoder can be injected: the Node adapters pass Buffer's, which is several times faster
 * than TextDecoder on large chunks.
 */
export type Utf8Decoder = (bytes: Uint8Array) => string;

const textDecoder = new TextDecoder('utf-8', { fatal: false });
const defaultDecode: Utf8Decoder = (b) => textDecoder.decode(b);

export class LineSplitter {
  private pending: Uint8Array = new Uint8Array(0);
  /** Bytes of complete lines returned so far (including their newlines). */
  consumedBytes = 0;

  constructor(private readonly decode: Utf8Decoder = defaultDecode) {}

  feed(bytes: Uint8Array): string[] {
    const last = bytes.lastIndexOf(10);
    if (last < 0) {
      this.pending = concat(this.pending, bytes);
      return [];
    }
    const complete = this.pending.length ? concat(this.pending, bytes.subarray(0, last)) : bytes.subarray(0, last);
    this.pending = bytes.slice(last + 1);
    this.consumedBytes += complete.length + 1;
    return this.decode(complete).split('\n');
  }

  /** The unterminated last line, if any (a finished file need not end with a newline). */
  end(): string[] {
    const rest = this.pending;
    this.pending = new Uint8Array(0);
    this.consumedBytes += rest.length;
    return rest.length ? [this.decode(rest)] : [];
  }
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  if (!a.length) return b.slice();
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}
