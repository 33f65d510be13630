/**
 * A light, vscode-free resolver from "the identifier under the cursor" to a qualified PyTorch name, using the
 * file's imports (`import torch.nn as nn`, `from torch.cuda.amp import GradScaler as GS`). It reads text only,
 * so it works on half-typed files and costs microseconds — hovers must answer in under 5 ms.
 */

import { parseImport } from './structure/model';

/** Local name → qualified name it was imported as. */
export type ImportMap = Map<string, string>;

/**
 * The text of every import statement, found line by line (so half-typed files work): `from m import (a,\n b)`,
 * backslash continuations, and imports inside functions or try blocks. What each statement binds is the
 * analysis model's reading (parseImport), so hovers and rules agree on names.
 */
const IMPORT_STATEMENT = /^[ \t]*(?:from[ \t]+[\w.]+[ \t]+import[ \t]+(?:\([^)]*\)|[^\n#;]*(?:\\\r?\n[^\n#;]*)*)|import[ \t]+[^\n#;]+(?:\\\r?\n[^\n#;]*)*)/gm;

/** Collects every import binding in the file; the first binding of a name wins, as in the analysis model. */
export function parseImports(source: string): ImportMap {
  const map: ImportMap = new Map();
  for (const m of source.matchAll(IMPORT_STATEMENT)) {
    for (const [local, full] of parseImport(m[0].trim())) if (!map.has(local)) map.set(local, full);
  }
  return map;
}

export interface NameAtCursor {
  /** The dotted name up to and including the identifier under the cursor, as written (`nn.utils.clip_grad_norm_`). */
  written: string;
  /** With the head replaced by what it was imported as (`torch.nn.utils.clip_grad_norm_`), or null when not imported. */
  qualified: string | null;
  /** The identifier under the cursor (`clip_grad_norm_`). */
  identifier: string;
  /** Columns of the identifier on its line (end exclusive). */
  start: number;
  end: number;
  /** True for a keyword argument name (`weight_decay=` in a call). */
  isKeywordArgument: boolean;
}

const IDENT = /[A-Za-z0-9_]/;

/**
 * The name under `column` on `lineText`, resolved through `imports`; null when the cursor is not on an identifier.
 * `previousLine` (the last non-blank line before it) lets a keyword argument on a continuation line be recognised.
 */
export function nameAt(lineText: string, column: number, imports: ImportMap, previousLine?: string): NameAtCursor | null {
  let start = column;
  let end = column;
  while (start > 0 && IDENT.test(lineText[start - 1]!)) start--;
  while (end < lineText.length && IDENT.test(lineText[end]!)) end++;
  if (start === end || /[0-9]/.test(lineText[start]!)) return null;
  const identifier = lineText.slice(start, end);
  // Walk left over `a.b.` to get the dotted prefix (whitespace around dots is rare; not handled).
  let left = start;
  while (left > 1 && lineText[left - 1] === '.' && IDENT.test(lineText[left - 2]!)) {
    let s = left - 1;
    while (s > 0 && IDENT.test(lineText[s - 1]!)) s--;
    left = s;
  }
  // `x().attr` or `x[0].attr`: the dotted chain is broken, keep only what follows.
  const written = lineText.slice(left, end);
  const rest = lineText.slice(end);
  // A keyword argument: `name=` (not `==`) right after `(` or `,`, or first on a continuation line of a call.
  const before = lineText.slice(0, start);
  const isKeywordArgument = written === identifier && /^\s*=(?!=)/.test(rest) &&
    (/[(,]\s*$/.test(before) || (/^\s*$/.test(before) && /[(,]\s*$/.test(previousLine ?? '')));
  const [head, ...tail] = written.split('.');
  const base = imports.get(head!);
  const qualified = base === undefined ? null : [base, ...tail].join('.');
  return { written, qualified, identifier, start, end, isKeywordArgument };
}
