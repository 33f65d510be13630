/** Helpers shared by rules: anchors, fix builders that respect the script's names and indentation. */
import type { TextEdit } from '../types';
import type { RuleContext, Span } from '../rule';
import type { CallInfo, Container } from '../structure/model';
import { insertLinesBefore } from '../fixes';
import { splitTopLevel } from '../structure/text';

/** Anchor on a compound statement's header (`for x in loader:`). */
export function headerSpan(c: Container): Span {
  return { start: c.start, end: c.headerEnd > c.start ? c.headerEnd : Math.min(c.end, c.start + 3) };
}

export function callSpan(call: CallInfo): Span {
  return { start: call.start, end: call.end };
}

/**
 * How to spell `torch.<rest>` in this file: through `import torch [as t]`, else through `torch.nn` alias when
 * `rest` starts with `nn.`, else by adding `import torch` (returned as an extra edit).
 */
export function torchRef(ctx: RuleContext, rest: string): { text: string; importEdit: TextEdit | null } {
  const t = ctx.facts.torchAlias();
  if (t) return { text: `${t}.${rest}`, importEdit: null };
  const nn = ctx.facts.nnAlias();
  if (nn && rest.startsWith('nn.')) return { text: `${nn}.${rest.slice(3)}`, importEdit: null };
  return { text: `torch.${rest}`, importEdit: addImportTorch(ctx) };
}

/** Edit adding `import torch` after a leading docstring / `from __future__` imports (top-level, line 0 else). */
function addImportTorch(ctx: RuleContext): TextEdit {
  const { lines } = ctx;
  let line = 0;
  for (let i = 0; i < Math.min(lines.lineCount, 200); i++) {
    const t = lines.lineText(i);
    if (/^from\s+__future__\s+import/.test(t)) line = i + 1;
  }
  return insertLinesBefore(lines, line, ['import torch']);
}

/** Indentation of the line a call starts on, when the call is a statement (nothing but indent before it). */
export function statementIndent(ctx: RuleContext, call: CallInfo): string | null {
  if (!call.lineStart) return null;
  const line = ctx.lines.lineOf(call.start);
  return ctx.lines.indentOf(line);
}

/** The indentation unit used inside `c` (body indent minus header indent), default 4 spaces. */
export function indentUnit(ctx: RuleContext, c: Container): string {
  const head = ctx.lines.indentOf(ctx.lines.lineOf(c.start));
  const bodyLine = ctx.lines.lineOf(bodyStart(ctx, c));
  const body = ctx.lines.indentOf(bodyLine);
  if (bodyLine > ctx.lines.lineOf(c.start) && body.startsWith(head) && body.length > head.length) return body.slice(head.length);
  return '    ';
}

/** Offset of the first statement of a container's body. */
export function bodyStart(ctx: RuleContext, c: Container): number {
  const s = ctx.source;
  let i = c.headerEnd;
  while (i < c.end) {
    const ch = s[i];
    if (ch === '#') {
      const nl = s.indexOf('\n', i);
      i = nl === -1 ? c.end : nl + 1;
    } else if (/\s/.test(ch)) i++;
    else break;
  }
  return i;
}

/** Indentation of a container's body statements, or null when the body is on the header line. */
export function bodyIndent(ctx: RuleContext, c: Container): string | null {
  const b = bodyStart(ctx, c);
  const line = ctx.lines.lineOf(b);
  if (line === ctx.lines.lineOf(c.headerEnd - 1)) return null;
  return ctx.lines.indentOf(line);
}

/** Adds or replaces a keyword argument in a call: `, name=value` before `)` or replaces the current value. */
export function setKeyword(ctx: RuleContext, call: CallInfo, name: string, value: string): TextEdit | null {
  if (call.argsStart === -1 || ctx.source[call.argsStart] !== '(') return null;
  const inner = ctx.source.slice(call.argsStart + 1, call.argsEnd - 1);
  const re = new RegExp(`(^|[,(\\s])${name}\\s*=\\s*`);
  const m = re.exec(inner);
  if (m) {
    const valueStart = call.argsStart + 1 + m.index + m[0].length;
    const parts = splitTopLevel(inner.slice(m.index + m[0].length));
    const old = parts[0] ?? '';
    return { range: ctx.lines.range(valueStart, valueStart + old.length), newText: value };
  }
  const trimmed = inner.replace(/\s+$/, '');
  // A trailing comment inside the parentheses would swallow an appended argument.
  if (/#[^\n]*$/.test(trimmed)) return null;
  const closeAt = call.argsStart + 1 + trimmed.length;
  if (!trimmed.trim()) return { range: ctx.lines.range(call.argsStart + 1, call.argsStart + 1), newText: `${name}=${value}` };
  const sep = trimmed.endsWith(',') ? ' ' : ', ';
  return { range: ctx.lines.range(closeAt, closeAt), newText: `${sep}${name}=${value}` };
}

export const en = (s: string) => s;

export function replaceLiteral(ctx: RuleContext, start: number, end: number, text: string): TextEdit {
  return { range: ctx.lines.range(start, end), newText: text };
}

/** Does the call forward `**kwargs` (which may carry any keyword)? `*args` cannot carry a keyword-only argument. */
export function forwardsKwargs(ctx: RuleContext, call: CallInfo): boolean {
  if (call.argsStart === -1 || ctx.source[call.argsStart] !== '(') return false;
  return splitTopLevel(ctx.source.slice(call.argsStart + 1, call.argsEnd - 1)).some((p) => p.startsWith('**'));
}
