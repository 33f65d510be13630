/**
 * Lazy loading of the tree-sitter Python parser (web-tree-sitter + tree-sitter-python wasm).
 *
 * Both wasm files ship next to the bundles (dist/) and, in tests, come from node_modules. The caller says
 * where a file is with `locateWasm(fileName)` (`web-tree-sitter.wasm` or `tree-sitter-python.wasm`), so this
 * module needs no Node built-ins and runs in a browser too. The runtime and the grammar are loaded once, on
 * first use; later calls share the same promise.
 */
import { Parser, Language, type Tree } from 'web-tree-sitter';

/**
 * A wasm file's path or URL, or its bytes: a browser extension host reads the files itself (a URL of its own
 * files may not be fetchable from its worker) and hands the bytes over.
 */
export type LocateWasm = (file: string) => string | Uint8Array;

export interface PythonParser {
  /** Parses source; never throws on junk (returns null only if tree-sitter itself fails). */
  parse(source: string, oldTree?: Tree | null): Tree | null;
  language: Language;
}

let pending: Promise<PythonParser> | null = null;

/** Loads web-tree-sitter and the Python grammar once. `locateWasm` is only used by the first call. */
export function loadPython(locateWasm: LocateWasm): Promise<PythonParser> {
  if (!pending) {
    pending = (async () => {
      const runtime = locateWasm('web-tree-sitter.wasm');
      // With bytes, locateFile still names the file: Emscripten otherwise resolves it against import.meta.url, which
      // a bundle for a browser's extension host does not have.
      await Parser.init(typeof runtime === 'string' ? { locateFile: (file: string) => locateWasm(file) } : { wasmBinary: runtime, locateFile: (file: string) => file });
      const language = await Language.load(locateWasm('tree-sitter-python.wasm'));
      const parser = new Parser();
      parser.setLanguage(language);
      return {
        language,
        parse(source: string, oldTree?: Tree | null): Tree | null {
          try {
            return parser.parse(source, oldTree ?? null);
          } catch {
            return null;
          }
        },
      };
    })();
    // A failed load (missing wasm) must not poison later attempts with a different locator.
    pending.catch(() => {
      pending = null;
    });
  }
  return pending;
}
