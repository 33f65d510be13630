/**
 * Suppression comments:
 *   `# advisor: ignore[rule-id, other-id]` or bare `# advisor: ignore` — at the end of the anchor line, or alone
 *   on the line above it (a trailing comment does not reach the next line);
 *   `# advisor: ignore-file[rule-id]` (or bare `# advisor: ignore-file`) — anywhere in the file.
 */
import type { LineIndex } from './structure/text';

export interface Suppressions {
  /** True when the finding of `ruleId` anchored on `line` (0-based) is suppressed. */
  isSuppressed(ruleId: string, line: number): boolean;
}

const COMMENT = /#\s*advisor:\s*ignore(-file)?(?:\[([^\]]*)\])?/g;
/** The line form of the same comment (not `ignore-file`), to extend rather than stack a second one. */
const LINE_COMMENT = /#\s*advisor:\s*ignore(?!-file)(?:\[([^\]]*)\])?/;

export function collectSuppressions(lines: LineIndex): Suppressions {
  const text = lines.text;
  const fileIds = new Set<string>();
  let fileAll = false;
  const byLine = new Map<number, Set<string> | 'all'>();
  if (text.includes('advisor')) {
    for (const m of text.matchAll(COMMENT)) {
      const ids = m[2] === undefined ? null : m[2].split(',').map((s) => s.trim()).filter(Boolean);
      if (m[1]) {
        if (ids) ids.forEach((i) => fileIds.add(i));
        else fileAll = true;
        continue;
      }
      let line = lines.lineOf(m.index!);
      // A comment alone on its line covers the next line; a trailing comment covers its own line only.
      if (lines.lineText(line).trimStart().startsWith('#')) line += 1;
      const prev = byLine.get(line);
      if (!ids || prev === 'all') byLine.set(line, 'all');
      else byLine.set(line, new Set([...(prev ?? []), ...ids]));
    }
  }
  const lineHas = (line: number, id: string) => {
    const s = byLine.get(line);
    return s === 'all' || (s !== undefined && s.has(id));
  };
  return {
    isSuppressed(ruleId, line) {
      return fileAll || fileIds.has(ruleId) || lineHas(line, ruleId);
    },
  };
}

/**
 * The "Ignore <rule> on this line" edit: adds `# advisor: ignore[rule-id]` to the finding's anchor line, merging
 * with an existing advisor comment instead of stacking a second one.
 */
export interface LineEdit {
  /** 0-based line the edit applies to. */
  line: number;
  /** Replace columns [start, end) of that line (start === end: insert). */
  start: number;
  end: number;
  text: string;
}

/** The edit that silences `ruleId` on line `line` whose text is `lineText`; null when it is already silenced. */
export function ignoreEdit(lineText: string, line: number, ruleId: string): LineEdit | null {
  const m = LINE_COMMENT.exec(lineText);
  if (m) {
    if (m[1] === undefined) return null; // a bare `# advisor: ignore` already silences every rule
    const ids = m[1].split(',').map((s) => s.trim()).filter(Boolean);
    if (ids.includes(ruleId)) return null;
    const start = m.index;
    const end = m.index + m[0].length;
    return { line, start, end, text: `# advisor: ignore[${[...ids, ruleId].join(', ')}]` };
  }
  const trimmed = lineText.replace(/\s+$/, '');
  // A comment after a line continuation would break the statement: put the comment on its own line above
  // (the core also honours the line above the anchor).
  if (trimmed.endsWith('\\')) {
    const indent = /^\s*/.exec(lineText)![0];
    return { line, start: 0, end: 0, text: `${indent}# advisor: ignore[${ruleId}]\n` };
  }
  return { line, start: trimmed.length, end: lineText.length, text: `  # advisor: ignore[${ruleId}]` };
}
