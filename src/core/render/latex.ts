/**
 * The corpus writes a few display formulas in LaTeX (entry 1: accuracy, precision, recall, F1).
 * Shipping KaTeX would cost ~300 KB of the VSIX budget for five formulas, so they are turned into clean
 * readable text instead: `\frac{a}{b}` → `a / b` (parenthesized when a side is compound), `\text{…}` → …,
 * `\times` → ×. Unknown commands lose their backslash rather than showing raw LaTeX.
 */

const SYMBOLS: Record<string, string> = {
  times: '×', cdot: '·', div: '÷', pm: '±', le: '≤', leq: '≤', ge: '≥', geq: '≥', neq: '≠', ne: '≠',
  approx: '≈', infty: '∞', sum: 'Σ', prod: 'Π', partial: '∂', nabla: '∇', to: '→', rightarrow: '→',
  leftarrow: '←', in: '∈', log: 'log', ln: 'ln', exp: 'exp', max: 'max', min: 'min', lambda: 'λ',
  alpha: 'α', beta: 'β', gamma: 'γ', delta: 'δ', epsilon: 'ε', eta: 'η', theta: 'θ', mu: 'μ',
  sigma: 'σ', Sigma: 'Σ', tau: 'τ', omega: 'ω', left: '', right: '', quad: ' ', qquad: ' ',
};

/** Commands whose single braced argument is shown as is. */
const TEXT_COMMANDS = new Set(['text', 'mathrm', 'mathit', 'mathbf', 'textbf', 'textit', 'operatorname', 'mbox']);

/** Read a `{…}` group starting at `i` (which must be `{`); returns its content and the index after it. */
function readGroup(src: string, i: number): { content: string; end: number } | null {
  if (src[i] !== '{') return null;
  let depth = 0;
  for (let j = i; j < src.length; j++) {
    if (src[j] === '{') depth++;
    else if (src[j] === '}') {
      depth--;
      if (depth === 0) return { content: src.slice(i + 1, j), end: j + 1 };
    }
  }
  return { content: src.slice(i + 1), end: src.length };
}

function skipSpaces(src: string, i: number): number {
  while (src[i] === ' ') i++;
  return i;
}

/** A side of a fraction needs parentheses when it has an operator between terms. */
function wrapIfCompound(text: string): string {
  const t = text.trim();
  return /\s[+\-×·÷/]\s|[+\-×·÷/]/.test(t) && !/^\(.*\)$/.test(t) ? `(${t})` : t;
}

function convert(src: string): string {
  let out = '';
  let i = 0;
  while (i < src.length) {
    const ch = src[i];
    if (ch === '\\') {
      const m = /^\\([A-Za-z]+|.)/.exec(src.slice(i));
      if (!m) { i++; continue; }
      const name = m[1];
      i += m[0].length;
      if (name === 'frac' || name === 'dfrac' || name === 'tfrac') {
        const num = readGroup(src, skipSpaces(src, i));
        const den = num ? readGroup(src, skipSpaces(src, num.end)) : null;
        if (num && den) {
          out += `${wrapIfCompound(convert(num.content))} / ${wrapIfCompound(convert(den.content))}`;
          i = den.end;
        }
        continue;
      }
      if (name === 'sqrt') {
        const arg = readGroup(src, skipSpaces(src, i));
        if (arg) { out += `√(${convert(arg.content).trim()})`; i = arg.end; }
        continue;
      }
      if (TEXT_COMMANDS.has(name)) {
        const arg = readGroup(src, skipSpaces(src, i));
        if (arg) { out += arg.content; i = arg.end; }
        continue;
      }
      if (name === ',' || name === ';' || name === '!' || name === ' ') { out += ' '; continue; }
      if (name === '\\') { out += ' '; continue; }
      if (name === '{' || name === '}' || name === '%' || name === '_' || name === '&' || name === '#') { out += name; continue; }
      out += SYMBOLS[name] !== undefined ? ` ${SYMBOLS[name]} ` : name;
      continue;
    }
    if (ch === '{' || ch === '}') { i++; continue; }
    if ((ch === '^' || ch === '_') && src[i + 1] === '{') {
      const arg = readGroup(src, i + 1);
      if (arg) {
        const inner = convert(arg.content).trim();
        out += ch + (inner.length > 1 ? `(${inner})` : inner);
        i = arg.end;
        continue;
      }
    }
    out += ch;
    i++;
  }
  return out;
}

/** LaTeX (without `\[ \]` delimiters) → readable plain text. */
export function latexToText(latex: string): string {
  return convert(latex)
    .replace(/\s+/g, ' ')
    .replace(/\(\s+/g, '(')
    .replace(/\s+\)/g, ')')
    .trim();
}
