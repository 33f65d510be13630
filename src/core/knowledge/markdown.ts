/**
 * Thin layer over marked's lexer: block tokens with the 1-based line each starts on.
 * Line numbers come from the tokens' `raw` lengths (the lexer's raws tile the source), so every
 * validation message can point at a line without re-scanning the file with regexes.
 */
import { marked, type Token, type Tokens } from 'marked';

export interface LocatedToken {
  token: Token;
  /** 1-based line of the token's first character. */
  line: number;
  /** Offset of the token in the normalized text. */
  offset: number;
}

/** `\r\n` → `\n` (what marked does internally), so our offsets agree with the lexer's raws. */
export function normalizeNewlines(text: string): string {
  return text.replace(/\r\n?/g, '\n');
}

function countNewlines(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) if (text.charCodeAt(i) === 10) n++;
  return n;
}

/** Tracks a position in a text and converts it to line numbers incrementally (tokens come in order). */
export class LineCursor {
  private offset = 0;
  private line: number;
  constructor(private readonly text: string, firstLine = 1) {
    this.line = firstLine;
  }
  /** Line at `offset` (must not move backwards). */
  lineAt(offset: number): number {
    if (offset < this.offset) return this.line;
    this.line += countNewlines(this.text, this.offset, offset);
    this.offset = offset;
    return this.line;
  }
  /** Locate `raw` at or after the current position; falls back to the current position. */
  locate(raw: string, from: number): number {
    const found = raw === '' ? -1 : this.text.indexOf(raw, from);
    return found >= 0 ? found : from;
  }
}

/** Lex a Markdown text into top-level block tokens with line numbers. Never throws. */
export function lexBlocks(source: string): { text: string; blocks: LocatedToken[] } {
  const text = normalizeNewlines(source);
  let tokens: Token[];
  try {
    tokens = marked.lexer(text);
  } catch {
    tokens = [];
  }
  const cursor = new LineCursor(text);
  const blocks: LocatedToken[] = [];
  let pos = 0;
  for (const token of tokens) {
    const offset = cursor.locate(token.raw, pos);
    blocks.push({ token, line: cursor.lineAt(offset), offset });
    pos = offset + token.raw.length;
  }
  return { text, blocks };
}

/** The list items of a list token with the line each starts on (given the list's own line). */
export function locateListItems(list: Tokens.List, listLine: number): Array<{ item: Tokens.ListItem; line: number }> {
  const cursor = new LineCursor(list.raw, listLine);
  const out: Array<{ item: Tokens.ListItem; line: number }> = [];
  let pos = 0;
  for (const item of list.items) {
    const offset = cursor.locate(item.raw, pos);
    out.push({ item, line: cursor.lineAt(offset) });
    pos = offset + item.raw.length;
  }
  return out;
}

/** Inline tokens of a block token (paragraph, heading, text), empty when it has none. */
export function inlineTokens(token: Token): Token[] {
  const t = token as { tokens?: Token[] };
  return Array.isArray(t.tokens) ? t.tokens : [];
}
