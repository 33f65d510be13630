/**
 * Parser for one Q&A file (`*.zh.md` / `*.en.md`), on marked's lexer:
 *
 *   #### 9. title                      entry
 *   **题目：** question                 (en: **Question:**)
 *   **答案：**                          (en: **Answer:**)
 *   **5. term（English term）：** body  item; following blocks until the next item/entry belong to its body
 *
 * It reports what it cannot make sense of as issues with file:line and keeps going.
 */
import type { Tokens } from 'marked';
import type { Lang, ValidationIssue } from './types';
import { inlineTokens, lexBlocks, LineCursor } from './markdown';
import { checkNumberSequence } from './sequence';

export interface ParsedItem {
  number: number;
  /** Bold term without number, colon and parenthesized English term. */
  term: string;
  /** Parenthesized English term(s) of a zh term, joined with ` / `; null when none. */
  englishTerm: string | null;
  /** Markdown after the bold term, up to the next item or entry. */
  body: string;
  formulas: string[];
  line: number;
}

export interface ParsedEntry {
  number: number;
  title: string;
  question: string;
  items: ParsedItem[];
  line: number;
}

export interface ParsedQaFile {
  path: string;
  lang: Lang;
  /** Path without `.zh.md`/`.en.md`: the two editions of one corpus share it. */
  stem: string;
  entries: ParsedEntry[];
  issues: ValidationIssue[];
}

const QA_FILE = /^(.*)\.(zh|en)\.md$/i;
const ENTRY_HEADING = /^(\d+)\s*[.、．]\s*(.*)$/;
const ITEM_LABEL = /^(\d+)\s*[.、．]\s*([\s\S]*)$/;
const QUESTION_LABEL = /^(题目|问题|question)\s*[:：]?\s*$/i;
const ANSWER_LABEL = /^(答案|回答|answer)\s*[:：]?\s*$/i;
/** A parenthesized group, full-width or ASCII. */
const PAREN_GROUP = /\s*(?:（([^（）]*)）|\(([^()]*)\))\s*/g;
const FORMULA = /\\\[([\s\S]*?)\\\]|\$\$([\s\S]*?)\$\$/g;

/** `{stem, lang}` when the path names a Q&A file. */
export function qaFileKind(path: string): { stem: string; lang: Lang } | null {
  const m = QA_FILE.exec(path);
  return m ? { stem: m[1], lang: m[2].toLowerCase() as Lang } : null;
}

export function extractFormulas(markdown: string): string[] {
  const out: string[] = [];
  for (const m of markdown.matchAll(FORMULA)) out.push((m[1] ?? m[2] ?? '').trim());
  return out;
}

/** Split a zh bold term into the term and its English term(s): `梯度裁剪（Gradient Clipping）`. */
export function splitTerm(label: string, lang: Lang): { term: string; englishTerm: string | null } {
  const withoutColon = label.replace(/\s*[:：]\s*$/, '').trim();
  if (lang === 'en') return { term: withoutColon, englishTerm: null };
  const english: string[] = [];
  const term = withoutColon
    .replace(PAREN_GROUP, (whole, full?: string, ascii?: string) => {
      const inner = (full ?? ascii ?? '').trim();
      // Only Latin content is an English term; a Chinese aside in parentheses stays in the term.
      if (/[A-Za-z]/.test(inner) && !/\p{Script=Han}/u.test(inner)) {
        english.push(inner);
        return whole.startsWith(' ') && whole.endsWith(' ') ? ' ' : '';
      }
      return whole;
    })
    .replace(/\s+/g, ' ')
    .trim();
  return { term: term || withoutColon, englishTerm: english.length ? english.join(' / ') : null };
}

interface Segment {
  /** The bold label's text (inside `**…**`). */
  label: string;
  /** Markdown after the label up to the next segment. */
  rest: string;
  line: number;
}

/**
 * Split a paragraph at bold labels that start a line: normally one label per paragraph, but items
 * written without a blank line between them land in one paragraph and must still be separate items.
 */
function splitParagraph(p: Tokens.Paragraph, line: number): { lead: string; segments: Segment[] } {
  const cursor = new LineCursor(p.raw, line);
  const starts: Array<{ offset: number; end: number; label: string; line: number }> = [];
  let pos = 0;
  for (const tok of inlineTokens(p)) {
    const offset = cursor.locate(tok.raw, pos);
    pos = offset + tok.raw.length;
    if (tok.type !== 'strong') continue;
    const atLineStart = p.raw.slice(0, offset).trim() === '' || p.raw[offset - 1] === '\n';
    if (atLineStart) starts.push({ offset, end: pos, label: (tok as Tokens.Strong).text, line: cursor.lineAt(offset) });
  }
  const segments = starts.map((s, i) => ({
    label: s.label.trim(),
    rest: p.raw.slice(s.end, i + 1 < starts.length ? starts[i + 1].offset : p.raw.length).trim(),
    line: s.line,
  }));
  return { lead: p.raw.slice(0, starts.length ? starts[0].offset : p.raw.length).trim(), segments };
}

export function parseQaFile(path: string, source: string, lang: Lang, stem: string): ParsedQaFile {
  const issues: ValidationIssue[] = [];
  const error = (line: number, message: string) => issues.push({ file: path, line, severity: 'error', message });
  const entries: ParsedEntry[] = [];
  let entry: ParsedEntry | null = null;
  let item: ParsedItem | null = null;
  let inAnswer = false;

  const closeItem = () => {
    if (item) {
      item.body = item.body.trim();
      item.formulas = extractFormulas(item.body);
    }
    item = null;
  };
  const appendToItem = (markdown: string) => {
    if (item && markdown.trim() !== '') item.body += (item.body ? '\n\n' : '') + markdown.trim();
  };

  const { blocks } = lexBlocks(source);
  for (const { token, line } of blocks) {
    if (token.type === 'heading' && (token as Tokens.Heading).depth === 4) {
      closeItem();
      const text = (token as Tokens.Heading).text.trim();
      const m = ENTRY_HEADING.exec(text);
      if (!m) {
        error(line, `entry heading has no number: "${text}" (expected "#### N. title")`);
        entry = null;
        continue;
      }
      entry = { number: Number(m[1]), title: m[2].trim(), question: '', items: [], line };
      entries.push(entry);
      inAnswer = false;
      if (entry.title === '') error(line, `entry ${entry.number} has an empty title`);
      continue;
    }
    if (!entry) continue; // preamble before the first entry (the zh corpus starts with a blank line)
    if (token.type === 'space') continue;
    if (token.type !== 'paragraph') {
      appendToItem(token.raw);
      continue;
    }
    const { lead, segments } = splitParagraph(token as Tokens.Paragraph, line);
    appendToItem(lead);
    for (const seg of segments) {
      if (QUESTION_LABEL.test(seg.label)) {
        closeItem();
        entry.question = seg.rest;
        continue;
      }
      if (ANSWER_LABEL.test(seg.label)) {
        closeItem();
        inAnswer = true;
        appendToItem(seg.rest);
        continue;
      }
      const m = ITEM_LABEL.exec(seg.label);
      if (m) {
        closeItem();
        const { term, englishTerm } = splitTerm(m[2], lang);
        item = { number: Number(m[1]), term, englishTerm, body: seg.rest, formulas: [], line: seg.line };
        entry.items.push(item);
        if (!inAnswer) error(seg.line, `item ${m[1]} of entry ${entry.number} comes before the answer marker`);
        continue;
      }
      if (inAnswer && /[:：]\s*$/.test(seg.label)) {
        closeItem();
        error(seg.line, `item "${seg.label}" in entry ${entry.number} has no number (expected "**N. term：**")`);
        continue;
      }
      appendToItem(`**${seg.label}** ${seg.rest}`);
    }
  }
  closeItem();

  checkNumberSequence(
    entries.map((e) => ({ number: e.number, line: e.line })),
    (n) => `entry ${n}`,
    (line, message) => error(line, message),
  );
  for (const e of entries) {
    if (e.question === '') issues.push({ file: path, line: e.line, severity: 'warning', message: `entry ${e.number} has no question` });
    if (e.items.length === 0) error(e.line, `entry ${e.number} has no numbered answer items`);
    checkNumberSequence(
      e.items.map((i) => ({ number: i.number, line: i.line })),
      (n) => `item ${n} of entry ${e.number}`,
      (line, message) => error(line, message),
    );
  }
  return { path, lang, stem, entries, issues };
}
