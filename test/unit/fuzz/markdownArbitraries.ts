/**
 * Mutations of the real knowledge Markdown for the knowledge fuzz suite: blind line edits (delete,
 * duplicate, swap, renumber, random Unicode, truncation) and targeted structural breaks whose issue
 * must land on a known file:line.
 */
import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import type { KnowledgeFile } from '../../../src/core/knowledge';

const knowledgeRoot = path.resolve(__dirname, '../../../knowledge');

/** The built-in knowledge files with the paths the build uses (relative to knowledge/). */
export function loadKnowledgeFiles(): KnowledgeFile[] {
  const rel = ['large-model-training-qa.zh.md', 'large-model-training-qa.en.md', 'taxonomy.md'];
  const techniques = path.join(knowledgeRoot, 'techniques');
  if (fs.existsSync(techniques)) {
    for (const f of fs.readdirSync(techniques).sort()) if (f.endsWith('.md')) rel.push(`techniques/${f}`);
  }
  return rel
    .filter((p) => fs.existsSync(path.join(knowledgeRoot, p)))
    .map((p) => ({ path: p, text: fs.readFileSync(path.join(knowledgeRoot, p), 'utf8') }));
}

/** Characters that stress a Markdown parser and line counting: controls, CR, bidi, zero-width, astral, Markdown syntax. */
const NASTY_PIECES = [
  '\0', '\t', '\r', '\r\n', '\u000b', '\u000c', '\u0085', '\u2028', '\u2029', '\u00a0', '\u200b', '\u202e', '\ufeff',
  '\ufffd', '\ud800', '\udc00', '😀', '👩‍👩‍👧', '𠀀', '\\', '\\[', '\\]', '**', '#### ', '## ', '- ', '```', '`', '<', '>',
  '<script>', '|', '[x](javascript:alert(1))', '1.', '：', '（', '）', '#', '$$',
];

const unicodeInsertion = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 12 }),
  fc.constantFrom(...NASTY_PIECES),
  fc.array(fc.constantFrom(...NASTY_PIECES), { maxLength: 6 }).map((a) => a.join('')),
);

type LineMutation =
  | { kind: 'delete'; at: number; count: number }
  | { kind: 'duplicate'; at: number }
  | { kind: 'swap'; a: number; b: number }
  | { kind: 'renumber'; at: number; value: string }
  | { kind: 'insertUnicode'; at: number; col: number; text: string }
  | { kind: 'insertLine'; at: number; text: string }
  | { kind: 'truncate'; at: number };

const NUMBER_REPLACEMENTS = ['0', '-1', '1', '2', '31', '999', '00', '1.5', '99999999999999999999', '٣', 'x'];

const lineMutation: fc.Arbitrary<LineMutation> = fc.oneof(
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), count: fc.integer({ min: 1, max: 5 }) }),
  fc.record({ kind: fc.constant('duplicate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('swap' as const), a: fc.nat(), b: fc.nat() }),
  fc.record({ kind: fc.constant('renumber' as const), at: fc.nat(), value: fc.oneof(fc.constantFrom(...NUMBER_REPLACEMENTS), fc.nat({ max: 100 }).map(String)) }),
  fc.record({ kind: fc.constant('insertUnicode' as const), at: fc.nat(), col: fc.nat(), text: unicodeInsertion }),
  fc.record({ kind: fc.constant('insertLine' as const), at: fc.nat(), text: unicodeInsertion }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
);

function applyLineMutation(text: string, m: LineMutation): string {
  const lines = text.split('\n');
  const at = (n: number) => n % lines.length;
  switch (m.kind) {
    case 'delete': lines.splice(at(m.at), m.count); break;
    case 'duplicate': lines.splice(at(m.at), 0, lines[at(m.at)]); break;
    case 'swap': { const a = at(m.a), b = at(m.b); [lines[a], lines[b]] = [lines[b], lines[a]]; break; }
    case 'renumber': {
      // Replace the first number on the m.at-th line that has one (headings, items, entries: lists, refs).
      const withNumber = lines.map((l, i) => (/\d/.test(l) ? i : -1)).filter((i) => i >= 0);
      if (withNumber.length === 0) break;
      const i = withNumber[m.at % withNumber.length];
      lines[i] = lines[i].replace(/\d+/, m.value);
      break;
    }
    case 'insertUnicode': { const i = at(m.at); const c = m.col % (lines[i].length + 1); lines[i] = lines[i].slice(0, c) + m.text + lines[i].slice(c); break; }
    case 'insertLine': lines.splice(at(m.at), 0, m.text); break;
    case 'truncate': return text.slice(0, m.at % (text.length + 1));
  }
  return lines.join('\n');
}

/** Which file to break and how (1–5 blind mutations). */
export function mutatedFile(files: readonly KnowledgeFile[]): fc.Arbitrary<{ index: number; text: string }> {
  return fc
    .tuple(fc.nat({ max: files.length - 1 }), fc.array(lineMutation, { minLength: 1, maxLength: 5 }))
    .map(([index, ms]) => ({ index, text: ms.reduce(applyLineMutation, files[index].text) }));
}

/**
 * A structural break whose report location is known: the issue must name `file` and `line` (1-based).
 * `noise` then sprinkles harmless characters inside body text on other lines (so line counting is tested
 * through tabs, NULs and astral characters, not only on clean text).
 */
export interface TargetedBreak {
  file: string;
  line: number;
  text: string;
  what: string;
}

type Finder = (line: string) => boolean;
const isItemLine: Finder = (l) => /^\*\*\d+\./.test(l);
const isEntryHeading: Finder = (l) => /^#### \d+\./.test(l);
const isEntriesField: Finder = (l) => /^- entries:/.test(l);
const isAdviceField: Finder = (l) => /^- advice:/.test(l);
const isCardZhField: Finder = (l) => /^- zh:/.test(l);
const isBodyLine: Finder = (l) => /^[A-Za-z\u4e00-\u9fff]/.test(l) && !/^- /.test(l);

/** Targets that make sense for a file, given its role. */
function breaksFor(file: KnowledgeFile): Array<{ what: string; find: Finder; edit: (line: string, n: number) => string; insert?: boolean }> {
  if (/\.(zh|en)\.md$/.test(file.path)) {
    return [
      { what: 'item renumbered out of sequence', find: isItemLine, edit: (l, n) => l.replace(/\d+/, String(n % 2 === 0 ? 0 : 100 + n)) },
      { what: 'entry heading renumbered out of sequence', find: isEntryHeading, edit: (l, n) => l.replace(/\d+/, String(n % 2 === 0 ? 0 : 100 + n)) },
      { what: 'entry heading without number', find: isEntryHeading, edit: (l) => l.replace(/\d+\.\s*/, '') },
    ];
  }
  if (/taxonomy\.md$/.test(file.path)) {
    return [{ what: 'category lists a missing entry', find: isEntriesField, edit: (l, n) => `${l}, ${100 + n}` }];
  }
  return [
    { what: 'card refers to a missing item', find: isAdviceField, edit: (l, n) => `${l}, 9#${50 + n}` },
    { what: 'card has an unknown key', find: isCardZhField, edit: () => '- colour.zh: 红色', insert: true },
  ];
}

const bodyNoise = fc.constantFrom('\t', '\0', '\u00a0', '\u200b', '😀', '𠀀', '\ufffd', ' \\ ', '\u202e');

export function targetedBreak(files: readonly KnowledgeFile[]): fc.Arbitrary<TargetedBreak> {
  return fc
    .record({
      fileIndex: fc.nat({ max: files.length - 1 }),
      kind: fc.nat(),
      occurrence: fc.nat(),
      n: fc.nat({ max: 400 }),
      noise: fc.array(fc.tuple(fc.nat(), fc.nat(), bodyNoise), { maxLength: 8 }),
    })
    .map(({ fileIndex, kind, occurrence, n, noise }) => {
      const file = files[fileIndex];
      const lines = file.text.split('\n');
      const options = breaksFor(file).filter((b) => lines.some(b.find));
      if (options.length === 0) return { file: file.path, line: 0, text: file.text, what: 'none' };
      const b = options[kind % options.length];
      const candidates = lines.map((l, i) => (b.find(l) ? i : -1)).filter((i) => i >= 0);
      const target = candidates[occurrence % candidates.length];
      // Noise first, inside body lines other than the target, never at column 0 (which could change block structure).
      const bodyLines = lines.map((l, i) => (i !== target && isBodyLine(l) ? i : -1)).filter((i) => i >= 0);
      for (const [li, col, piece] of noise) {
        if (bodyLines.length === 0) break;
        const i = bodyLines[li % bodyLines.length];
        const c = 1 + (col % lines[i].length);
        lines[i] = lines[i].slice(0, c) + piece + lines[i].slice(c);
      }
      if (b.insert) lines.splice(target + 1, 0, b.edit(lines[target], n));
      else lines[target] = b.edit(lines[target], n);
      return { file: file.path, line: target + 1 + (b.insert ? 1 : 0), text: lines.join('\n'), what: b.what };
    });
}
