/**
 * Incremental line splitting over UTF-8 bytes: `feed` the bytes appended to a growing file, get back the
 * complete lines; the unfinished last line waits for the next feed (or `end()` when the file is final).
 */
export class LineSplitter {
  private readonly decoder = new TextDecoder('utf-8', { fatal: false });
  private pending = '';
  /** 1-based number of the next line `feed`/`end` will return. */
  nextLine = 1;
  /** Bytes of complete lines returned so far. */
  consumedBytes = 0;
  private pendingBytes = 0;

  feed(bytes: Uint8Array): string[] {
    const text = this.pending + this.decoder.decode(bytes, { stream: true });
    this.pendingBytes += bytes.length;
    const last = text.lastIndexOf('\n');
    if (last < 0) {
      this.pending = text;
      return [];
    }
    this.pending = text.slice(last + 1);
    const lines = text.slice(0, last).split('\n');
    const pendingLen = utf8Length(this.pending);
    this.consumedBytes += this.pendingBytes - pendingLen;
    this.pendingBytes = pendingLen;
    return lines;
  }

  /** The unterminated last line, if any (a finished file need not end with a newline). */
  end(): string[] {
    const rest = this.pending + this.decoder.decode();
    this.pending = '';
    this.consumedBytes += this.pendingBytes;
    this.pendingBytes = 0;
    return rest === '' ? [] : [rest];
  }
}

function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}
