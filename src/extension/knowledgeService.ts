/**
 * Loads the knowledge base and its search index that the build wrote to dist/ (activation only deserializes;
 * nothing is parsed or indexed here). `reload()` is the hook team packs (`trainingAdvisor.knowledgePaths`,
 * a later issue) plug into: build the combined KnowledgeBase, swap it in, fire onDidChange.
 */
import * as fs from 'node:fs';
import * as vscode from 'vscode';
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

  /** Reads dist/knowledge.json and dist/search-index.json from the extension folder. */
  static load(extensionUri: vscode.Uri): BuiltinKnowledge {
    const read = (name: string) => fs.readFileSync(vscode.Uri.joinPath(extensionUri, 'dist', name).fsPath, 'utf8');
    const kb = JSON.parse(read('knowledge.json')) as KnowledgeBase;
    const index = KnowledgeSearch.loadJSON(read('search-index.json'), kb);
    return new BuiltinKnowledge(kb, index);
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
