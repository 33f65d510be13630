/**
 * JSON as Python's `json.dump` writes it: `NaN`, `Infinity` and `-Infinity` are bare tokens there (allow_nan
 * is the default), and a NaN loss is exactly what a run reader must not lose. They become numbers again.
 */
const NONFINITE = /("(?:[^"\\]|\\.)*")|(-?Infinity|NaN)\b/g;
const MARK = '@@training-advisor-nonfinite@@';

export function parsePythonJson(text: string): unknown {
  let first: unknown;
  try {
    return JSON.parse(text);
  } catch (e) {
    if (!/NaN|Infinity/.test(text)) throw e;
    first = e;
  }
  const quoted = text.replace(NONFINITE, (m, str: string | undefined, tok: string | undefined) => (str !== undefined ? m : `"${MARK}${tok}"`));
  try {
    return JSON.parse(quoted, (_k, v) => (typeof v === 'string' && v.startsWith(MARK) ? Number(v.slice(MARK.length)) : v));
  } catch {
    throw first; // positions in the original text, not in the rewritten one
  }
}

/** Numeric leaves of a JSON object, nested keys joined with `_` (`{"train": {"loss": 1}}` → `train_loss`). */
export function numericLeaves(obj: unknown, prefix = '', out: Array<[string, number]> = []): Array<[string, number]> {
  if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) return out;
  for (const [k, v] of Object.entries(obj as Record<string, unknown>)) {
    const key = prefix ? `${prefix}_${k}` : k;
    if (typeof v === 'number') out.push([key, v]);
    else if (typeof v === 'boolean') continue;
    else if (typeof v === 'object' && v !== null && !Array.isArray(v) && prefix.split('_').length < 3) numericLeaves(v, key, out);
  }
  return out;
}

/** 1-based line and column of a byte-free character offset in `text`. */
export function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/** The character offset a JSON.parse error names (V8: "at position 12" / "line 3 column 5"), if any. */
export function errorPosition(e: unknown, text: string): number | undefined {
  const msg = e instanceof Error ? e.message : String(e);
  const pos = /position (\d+)/.exec(msg);
  if (pos) return Number(pos[1]);
  const lc = /line (\d+) column (\d+)/.exec(msg);
  if (lc) {
    let line = 1;
    let i = 0;
    while (line < Number(lc[1]) && i < text.length) if (text.charCodeAt(i++) === 10) line++;
    return i + Number(lc[2]) - 1;
  }
  if (/Unexpected end/.test(msg)) return text.length;
  // V8 names no position for some tokens, only the text around it: `Unexpected token 'z', "z\n  "best_"... is not valid JSON`.
  const ctx = /Unexpected token '(.)', "([\s\S]*)" is not valid JSON/.exec(msg);
  if (ctx) {
    const lead = ctx[2].startsWith('...');
    const around = ctx[2].replace(/^\.\.\./, '').replace(/\.\.\.$/, '');
    const at = text.indexOf(around);
    if (at >= 0) return at + (lead ? Math.min(10, around.length) : Math.max(0, around.indexOf(ctx[1])));
  }
  return undefined;
}
