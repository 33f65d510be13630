/**
 * An independent tree-sitter Python parser for the fuzz suite's oracle ("does this text parse without an
 * ERROR node?"), so the fix property does not trust the analyzer it is testing.
 */
import path from 'node:path';
import { Language, Parser } from 'web-tree-sitter';

export const repoRoot = path.resolve(__dirname, '../../..');

/** Where the two wasm files live in node_modules; the same function the analyzer's `locateWasm` needs. */
export function locateWasm(file: string): string {
  if (file.includes('python')) return path.join(repoRoot, 'node_modules/tree-sitter-python/tree-sitter-python.wasm');
  return path.join(repoRoot, 'node_modules/web-tree-sitter/web-tree-sitter.wasm');
}

let parserPromise: Promise<Parser> | undefined;

export function pythonParser(): Promise<Parser> {
  parserPromise ??= (async () => {
    await Parser.init({ locateFile: (f: string) => locateWasm(f) });
    const language = await Language.load(locateWasm('tree-sitter-python.wasm'));
    const parser = new Parser();
    parser.setLanguage(language);
    return parser;
  })();
  return parserPromise;
}

/** True when tree-sitter finds no ERROR or MISSING node in `source`. */
export function parsesCleanly(parser: Parser, source: string): boolean {
  const tree = parser.parse(source);
  if (!tree) return false;
  try {
    return !tree.rootNode.hasError;
  } finally {
    tree.delete();
  }
}
