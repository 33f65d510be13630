/**
 * Parser for the "keyed section" files — the taxonomy and technique cards share one shape:
 *
 *   ## some-id
 *   - key: value
 *   - other.key: a, b, c
 *   ```python
 *   snippet
 *   ```
 *
 * Built on marked's lexer (headings, list items, code blocks) with line numbers for every key.
 */
import type { Tokens } from 'marked';
import type { ValidationIssue } from './types';
import { lexBlocks, locateListItems } from './markdown';

export interface SectionField {
  value: string;
  line: number;
}

export interface KeyedSection {
  id: string;
  line: number;
  fields: Map<string, SectionField>;
  /** First fenced `python` block, if any. */
  snippet: string | null;
}

const ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const KEY_VALUE = /^([A-Za-z][\w.]*)\s*:\s*([\s\S]*)$/;

/** Remove inline-code backticks around a value or list element (`` `torch.x` `` → `torch.x`). */
function unquote(value: string): string {
  return value.trim().replace(/^`+|`+$/g, '').trim();
}

export function splitList(value: string): string[] {
  return value
    .split(/[,，、]/)
    .map(unquote)
    .filter((v) => v !== '');
}

export function parseKeyedSections(path: string, source: string, issues: ValidationIssue[]): KeyedSection[] {
  const sections: KeyedSection[] = [];
  let current: KeyedSection | null = null;
  const error = (line: number, message: string) => issues.push({ file: path, line, severity: 'error', message });

  for (const { token, line } of lexBlocks(source).blocks) {
    if (token.type === 'heading') {
      const h = token as Tokens.Heading;
      if (h.depth !== 2) continue; // a `# Title` for the file is allowed
      const id = h.text.trim();
      if (!ID.test(id)) error(line, `section id "${id}" must be kebab-case (a-z, 0-9, -)`);
      const dup = sections.find((s) => s.id === id);
      if (dup) error(line, `section "${id}" is defined twice (first at line ${dup.line})`);
      current = { id, line, fields: new Map(), snippet: null };
      sections.push(current);
      continue;
    }
    if (!current) continue;
    if (token.type === 'list') {
      for (const { item, line: itemLine } of locateListItems(token as Tokens.List, line)) {
        const m = KEY_VALUE.exec(item.text.trim());
        if (!m) {
          error(itemLine, `expected "- key: value" in "${current.id}", got "${item.text.trim().slice(0, 40)}"`);
          continue;
        }
        const [, key, value] = m;
        if (current.fields.has(key)) error(itemLine, `key "${key}" is repeated in "${current.id}"`);
        current.fields.set(key, { value: unquote(value.replace(/\s*\n\s*/g, ' ')), line: itemLine });
      }
      continue;
    }
    if (token.type === 'code' && current.snippet === null) {
      const code = token as Tokens.Code;
      if ((code.lang ?? '').trim().toLowerCase() === 'python') current.snippet = code.text;
    }
  }
  return sections;
}

/** Report keys that are not allowed and required keys that are absent. */
export function checkKeys(
  path: string,
  section: KeyedSection,
  allowed: readonly string[],
  required: readonly string[],
  issues: ValidationIssue[],
): void {
  for (const [key, field] of section.fields) {
    if (!allowed.includes(key)) {
      issues.push({ file: path, line: field.line, severity: 'error', message: `unknown key "${key}" in "${section.id}" (allowed: ${allowed.join(', ')})` });
    }
  }
  for (const key of required) {
    const field = section.fields.get(key);
    if (!field || field.value === '') {
      issues.push({ file: path, line: section.line, severity: 'error', message: `"${section.id}" is missing key "${key}"` });
    }
  }
}
