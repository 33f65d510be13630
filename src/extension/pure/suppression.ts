/**
 * The "Ignore <rule> on this line" edit: adds `# advisor: ignore[rule-id]` (the core's suppression syntax)
 * to the finding's anchor line, merging with an existing advisor comment instead of stacking a second one.
 */

export interface LineEdit {
  /** 0-based line the edit applies to. */
  line: number;
  /** Replace columns [start, end) of that line (start === end: insert). */
  start: number;
  end: number;
  text: string;
}

const EXISTING = /#\s*advisor:\s*ignore(?!-file)(?:\[([^\]]*)\])?/;

/** The edit that silences `ruleId` on line `line` whose text is `lineText`; null when it is already silenced. */
export function ignoreEdit(lineText: string, line: number, ruleId: string): LineEdit | null {
  const m = EXISTING.exec(lineText);
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
