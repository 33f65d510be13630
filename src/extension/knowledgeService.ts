/**
 * Loads the knowledge base and its search index that the build wrote to dist/ (activation only deserializes;
 * nothing is parsed or indexed here). `reload()` is the hook team packs (`trainingAdvisor.knowledgePaths`,
 * a later issue) plug into: build the combined KnowledgeBase, swap it in, fire onDidChange.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { buildKnowledgeBase } from '../core/knowledge/buildKnowledgeBase';
import type { KnowledgeBase } from '../core/knowledge/types';
import type { SearchOptions, SearchResult } from '../core/search/types';
import { KnowledgeSearch } from './core';
import type { KnowledgeService } from './services';

export class BuiltinKnowledge implements KnowledgeService, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<void>();
  readonly onDidChange = this.emitter.event;
  private current: { kb: KnowledgeBase; index: KnowledgeSearch };

  private constructor(kb: KnowledgeBase, index: KnowledgeSearch) {
    this.current = { kb, index };
  }

  /**
   * Reads dist/knowledge.json and dist/search-index.json from the extension folder. When the build did not
   * produce them (a development checkout mid-build), parses knowledge/ instead and says so in the log:
   * slower, but hints and search still work.
   */
  static load(extensionUri: vscode.Uri, log?: vscode.LogOutputChannel): BuiltinKnowledge {
    const dist = (name: string) => vscode.Uri.joinPath(extensionUri, 'dist', name).fsPath;
    if (fs.existsSync(dist('knowledge.json')) && fs.existsSync(dist('search-index.json'))) {
      const kb = JSON.parse(fs.readFileSync(dist('knowledge.json'), 'utf8')) as KnowledgeBase;
      return new BuiltinKnowledge(kb, KnowledgeSearch.loadJSON(fs.readFileSync(dist('search-index.json'), 'utf8'), kb));
    }
    const t0 = Date.now();
    const root = vscode.Uri.joinPath(extensionUri, 'knowledge').fsPath;
    const kb = buildKnowledgeBase(readMarkdownTree(root));
    log?.warn(`dist/knowledge.json missing: parsed and indexed knowledge/ at activation (${Date.now() - t0} ms)`);
    return new BuiltinKnowledge(kb, KnowledgeSearch.build(kb));
  }

  get kb(): KnowledgeBase {
    return this.current.kb;
  }

  search(query: string, options?: SearchOptions): SearchResult[] {
    if (!query.trim()) return [];
    return this.current.index.search(query, options);
  }

  /** Swap in a new knowledge base (built-in + packs) and its index; listeners re-render. */
  replace(kb: KnowledgeBase, index: KnowledgeSearch): void {
    this.current = { kb, index };
    this.emitter.fire();
  }

  dispose(): void {
    this.emitter.dispose();
  }
}

/** Every .md file under `root`, paths relative to it (the parser tells file roles by path). */
function readMarkdownTree(root: string): Array<{ path: string; text: string }> {
  const out: Array<{ path: string; text: string }> = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.md')) out.push({ path: path.relative(root, p), text: fs.readFileSync(p, 'utf8') });
    }
  };
  if (fs.existsSync(root)) walk(root);
  return out;
}
