/**
 * The knowledge base and its search index that the build wrote to dist/ (nothing is parsed or indexed at run
 * time, except as a fallback when dist/ lacks them). `reload()` is where team packs (`trainingAdvisor.knowledgePaths`,
 * packs/packService.ts) plug in: build the combined KnowledgeBase, swap it in, fire onDidChange.
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
  private kbValue: KnowledgeBase | undefined;
  private indexValue: KnowledgeSearch | undefined;
  private warmTimer: ReturnType<typeof setTimeout> | undefined;

  /**
   * Nothing is read here: the knowledge base is parsed on first use (a hover, a code action) and the search
   * index deserialized on the first search, or in idle time shortly after activation (`warmUp`), so
   * activate() stays fast whatever the index costs to load.
   */
  constructor(private readonly extensionUri: vscode.Uri, private readonly log?: vscode.LogOutputChannel) {}

  get kb(): KnowledgeBase {
    this.kbValue ??= this.loadKb();
    return this.kbValue;
  }

  private get index(): KnowledgeSearch {
    if (!this.indexValue) {
      const t0 = performance.now();
      const file = this.dist('search-index.json');
      this.indexValue = fs.existsSync(file)
        ? KnowledgeSearch.loadJSON(fs.readFileSync(file, 'utf8'), this.kb)
        : KnowledgeSearch.build(this.kb);
      this.log?.info(`search index ready in ${(performance.now() - t0).toFixed(1)} ms`);
    }
    return this.indexValue;
  }

  /** Load the index after `delayMs` unless something needed it first. */
  warmUp(delayMs: number): void {
    this.warmTimer = setTimeout(() => {
      this.warmTimer = undefined;
      // One throwaway query also builds the tables KnowledgeSearch makes on its first search (document
      // infos, card matcher, scoring norms: a few ms), so the user's first keystroke does not pay for them.
      this.index.search('梯度 gradient', { limit: 1 });
    }, delayMs);
  }

  search(query: string, options?: SearchOptions): SearchResult[] {
    if (!query.trim()) return [];
    return this.index.search(query, options);
  }

  /** Swap in a new knowledge base (built-in + packs) and its index; listeners re-render. */
  replace(kb: KnowledgeBase, index: KnowledgeSearch): void {
    this.kbValue = kb;
    this.indexValue = index;
    this.emitter.fire();
  }

  private dist(name: string): string {
    return vscode.Uri.joinPath(this.extensionUri, 'dist', name).fsPath;
  }

  /**
   * dist/knowledge.json as the build wrote it. When the build did not produce it (a development checkout
   * mid-build), parses knowledge/ instead and says so in the log: slower, but hints and search still work.
   */
  private loadKb(): KnowledgeBase {
    const t0 = performance.now();
    const file = this.dist('knowledge.json');
    if (fs.existsSync(file)) {
      const kb = JSON.parse(fs.readFileSync(file, 'utf8')) as KnowledgeBase;
      this.log?.info(`knowledge base loaded in ${(performance.now() - t0).toFixed(1)} ms`);
      return kb;
    }
    const kb = buildKnowledgeBase(readMarkdownTree(vscode.Uri.joinPath(this.extensionUri, 'knowledge').fsPath));
    this.log?.warn(`dist/knowledge.json missing: parsed knowledge/ instead (${(performance.now() - t0).toFixed(1)} ms)`);
    return kb;
  }

  dispose(): void {
    if (this.warmTimer) clearTimeout(this.warmTimer);
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
