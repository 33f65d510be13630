/**
 * The first syntax error of a parse, as ruff reports `invalid-syntax`: where (from tree-sitter's ERROR and
 * MISSING nodes, first in document order) and a short message in both languages. Analysis of a file with a
 * syntax error still runs (hints for the parts that parse), so callers say that its hints may be incomplete.
 */
import type { Node, Tree } from 'web-tree-sitter';
import type { Localized } from '../knowledge/types';
import type { Range } from './types';

export interface SyntaxProblem {
  /** 0-based, like finding ranges. */
  range: Range;
  message: Localized;
  /** Notebook cell index (0-based), as on findings, when the error is in a notebook. */
  cell?: number;
}

const MAX_SHOWN = 20;

function shown(text: string): string {
  const oneLine = text.split(/\r?\n/)[0];
  return oneLine.length > MAX_SHOWN ? `${oneLine.slice(0, MAX_SHOWN)}…` : oneLine;
}

/** Depth-first: the first ERROR or MISSING node, entering only subtrees that contain one. */
function firstBadNode(node: Node): Node | null {
  if (node.isError || node.isMissing) return node;
  for (const child of node.children) {
    if (child && (child.hasError || child.isMissing)) {
      const found = firstBadNode(child);
      if (found) return found;
    }
  }
  return null;
}

/** `toRange` turns string offsets into a Range the way findings' ranges are made (same columns). */
export function firstSyntaxError(tree: Tree, toRange: (start: number, end: number) => Range): SyntaxProblem | null {
  if (!tree.rootNode.hasError) return null;
  const bad = firstBadNode(tree.rootNode);
  if (!bad) return null;
  const range = toRange(bad.startIndex, bad.endIndex);
  if (bad.isMissing) {
    return { range, message: { en: `Expected "${bad.type}"`, zh: `缺少 "${bad.type}"` } };
  }
  const text = shown(bad.text.trim());
  return text
    ? { range, message: { en: `Invalid syntax near "${text}"`, zh: `"${text}" 附近有语法错误` } }
    : { range, message: { en: 'Invalid syntax', zh: '语法错误' } };
}
