/**
 * Suppression comments:
 *   `# advisor: ignore[rule-id, other-id]` or bare `# advisor: ignore` — at the end of the anchor line, or alone
 *   on the line above it (a trailing comment does not reach the next line);
 *   `# advisor: ignore-file[rule-id]` (or bare `# advisor: ignore-file`) — anywhere in the file.
 */
import type { LineIndex } from './facts/text';

export interface Suppressions {
  /** True when the finding of `ruleId` anchored on `line` (0-based) is suppressed. */
  isSuppressed(ruleId: string, line: number): boolean;
}

const COMMENT = /#\s*advisor:\s*ignore(-file)?(?:\[([^\]]*)\])?/g;

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
