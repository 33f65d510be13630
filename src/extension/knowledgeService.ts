/**
 * The knowledge base and its search index that the build wrote to dist/ (nothing is parsed or indexed at run
 * time, except as a fallback when dist/ lacks them). Read through the platform (Node: its disk; the browser's
 * web worker: vscode.workspace.fs): `load()` reads the two files' text during activation, and the JSON is parsed
 * on first use. `reload()` is where team packs (`trainingAdvisor.knowledgePaths`,
 * packs/packService.ts) plug in: build the combined KnowledgeBase, swap it in, fire onDidChange.
 */
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
  /** dist/knowledge.json and dist/search-index.json as read by `load()` (null: the build did not write it). */
  private kbText: string | null = null;
  private indexText: string | null = null;
  private fallbackKb: KnowledgeBase | undefined;
  private loaded = false;

  /**
   * Nothing is read here: the knowledge base is parsed on first use (a hover, a code action) and the search
   * index deserialized on the first search, or in idle time shortly after activation (`warmUp`), so
   * activate() stays fast whatever the index costs to load.
   */
  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly log?: vscode.LogOutputChannel,
    /** How the extension's own files are read (Platform.readExtensionFile; default vscode.workspace.fs). */
    private readonly readFile: (uri: vscode.Uri) => PromiseLike<Uint8Array> = (uri) => vscode.workspace.fs.readFile(uri),
  ) {}

  /**
   * Reads the built files' text (I/O only: a few ms). activate() awaits it, so `kb` and `search` can stay
   * synchronous. Without dist/knowledge.json (a development checkout mid-build) it parses knowledge/ instead
   * and says so in the log: slower, but hints and search still work.
   */
  async load(): Promise<void> {
    const t0 = performance.now();
    [this.kbText, this.indexText] = await Promise.all([this.readDist('knowledge.json'), this.readDist('search-index.json')]);
    if (this.kbText === null) {
      this.fallbackKb = buildKnowledgeBase(await readMarkdownTree(vscode.Uri.joinPath(this.extensionUri, 'knowledge')));
      this.log?.warn(`dist/knowledge.json missing: parsed knowledge/ instead (${(performance.now() - t0).toFixed(1)} ms)`);
    }
    this.loaded = true;
  }

  get kb(): KnowledgeBase {
    this.kbValue ??= this.loadKb();
    return this.kbValue;
  }

  private get index(): KnowledgeSearch {
    if (!this.indexValue) {
      const t0 = performance.now();
      this.indexValue = this.indexText !== null ? KnowledgeSearch.loadJSON(this.indexText, this.kb) : KnowledgeSearch.build(this.kb);
      this.indexText = null;
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

  /** The text of dist/<name>, or null when the build did not write it. */
  private async readDist(name: string): Promise<string | null> {
    try {
      return new TextDecoder().decode(await this.readFile(vscode.Uri.joinPath(this.extensionUri, 'dist', name)));
    } catch {
      return null;
    }
  }

  /** dist/knowledge.json as the build wrote it (or knowledge/ parsed by `load()`). */
  private loadKb(): KnowledgeBase {
    if (!this.loaded) throw new Error('knowledge base used before BuiltinKnowledge.load() finished');
    if (this.fallbackKb) return this.fallbackKb;
    const t0 = performance.now();
    const kb = JSON.parse(this.kbText!) as KnowledgeBase;
    this.kbText = null;
    this.log?.info(`knowledge base loaded in ${(performance.now() - t0).toFixed(1)} ms`);
    return kb;
  }

  dispose(): void {
    if (this.warmTimer) clearTimeout(this.warmTimer);
    this.emitter.dispose();
  }
}

/** Every .md file under `root`, paths relative to it (the parser tells file roles by path). */
async function readMarkdownTree(root: vscode.Uri): Promise<Array<{ path: string; text: string }>> {
  const out: Array<{ path: string; text: string }> = [];
  const walk = async (rel: string): Promise<void> => {
    let children: [string, vscode.FileType][];
    try {
      children = await vscode.workspace.fs.readDirectory(rel ? vscode.Uri.joinPath(root, rel) : root);
    } catch {
      return; // no knowledge/ folder: an empty knowledge base
    }
    for (const [name, type] of children) {
      const p = rel ? `${rel}/${name}` : name;
      if (type & vscode.FileType.Directory) await walk(p);
      else if (name.endsWith('.md')) out.push({ path: p, text: new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(root, p))) });
    }
  };
  await walk('');
  return out;
}
