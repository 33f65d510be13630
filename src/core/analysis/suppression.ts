/**
 * Suppression comments:
 *   `# advisor: ignore[rule-id, other-id]` or bare `# advisor: ignore` — on the anchor line or the line above;
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
      const line = lines.lineOf(m.index!);
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
      return fileAll || fileIds.has(ruleId) || lineHas(line, ruleId) || lineHas(line - 1, ruleId);
    },
  };
}
