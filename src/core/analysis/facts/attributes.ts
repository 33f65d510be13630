/**
 * Attribute assignments (`x.name = value`), which the structural model does not collect (it keeps calls,
 * containers and imports). Read from the comment- and docstring-free code (`Facts.code`), one line at a time,
 * with string literals on the line skipped. Only what requires-grad-typo needs; cheap because callers first
 * check the raw source for the attribute name.
 */
import { skipString } from '../structure/text';

export interface AttributeAssignment {
  /** Offset of the receiver expression (start of the assignment target). */
  start: number;
  /** Offset of the attribute name. */
  nameStart: number;
  /** The receiver as written (`param`, `model.fc.weight`, `layers[0]`). */
  receiver: string;
  /** The assigned expression on that line, trimmed. */
  value: string;
}

/** Every statement `receiver.name = value` (not `==`, not inside a string), in document order. */
export function attributeAssignments(code: string, name: string): AttributeAssignment[] {
  const out: AttributeAssignment[] = [];
  for (const at of identifierMentions(code, name)) {
    if (code[at - 1] !== '.') continue;
    const lineStart = code.lastIndexOf('\n', at - 1) + 1;
    if (insideString(code, lineStart, at)) continue;
    let lineEnd = code.indexOf('\n', at);
    if (lineEnd === -1) lineEnd = code.length;
    const after = /^\s*=(?!=)\s*(.*)$/.exec(code.slice(at + name.length, lineEnd));
    if (!after) continue;
    // The target must start the statement: after indentation, or after `:` / `;` (`for p in ps: p.x = 1`).
    const before = /(^|[:;])\s*([A-Za-z_]\w*(?:\.[A-Za-z_]\w*|\[[^\]\n]*\])*)$/.exec(code.slice(lineStart, at - 1));
    if (!before) continue;
    out.push({ start: at - 1 - before[2].length, nameStart: at, receiver: before[2], value: after[1].trim() });
  }
  return out;
}

/** Offsets of `name` as a whole word in `code`, strings included (`"… p.name = …"` in a message). */
export function identifierMentions(code: string, name: string): number[] {
  const out: number[] = [];
  const re = new RegExp(`(?<![\\w])${name}(?![\\w])`, 'g');
  for (let m = re.exec(code); m; m = re.exec(code)) out.push(m.index);
  return out;
}

/**
 * Uses of `name` as code: outside string literals, or a string that is exactly the name (`getattr(x, "name")`,
 * `{"name": …}`). Prose in a message string is not a use.
 */
export function identifierUses(code: string, name: string): number[] {
  return identifierMentions(code, name).filter((at) => {
    const lineStart = code.lastIndexOf('\n', at - 1) + 1;
    if (!insideString(code, lineStart, at)) return true;
    const q = code[at - 1];
    return (q === '"' || q === "'") && code[at + name.length] === q;
  });
}

/** Does offset `at` lie inside a string literal that starts on the same line after `from`? */
function insideString(code: string, from: number, at: number): boolean {
  for (let i = from; i < at; i++) {
    const c = code[i];
    if (c === '"' || c === "'") {
      const end = skipString(code, i, code.length);
      if (end > at) return true;
      i = end - 1;
    }
  }
  return false;
}
