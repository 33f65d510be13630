/**
 * Team knowledge packs (`trainingAdvisor.knowledgePaths`): reads the packs with vscode.workspace.fs, merges them
 * into the built-in knowledge base, rebuilds the search index, puts the packs' problems as diagnostics on their
 * Markdown files, and reloads (debounced) when a pack file, the setting or the workspace trust changes.
 * A broken or missing pack never stops the rest: its problems are diagnostics/log lines, the others still load.
 * Off in the browser (no home folder, no local disk: `homedir` undefined): a configured path is reported, not read.
 */
import * as vscode from 'vscode';
import type { KnowledgeBase } from '../../core/knowledge/types';
import { KnowledgeSearch, ruleMetas } from '../core';
import type { BuiltinKnowledge } from '../knowledgeService';
import type { Config } from '../config';
import { compareNames, entersFolder, isPackFile, mergePacks, uniquePackIds, unknownRuleIssues, type LoadedPack, type PackIssue } from '../../core/knowledge/packs';
import { candidatePaths, effectivePackPaths, type PathSettings } from './packPaths';
import type { Platform } from '../platform/types';

export const KNOWLEDGE_DIAGNOSTICS = 'training-advisor-knowledge';
const RELOAD_DELAY_MS = 300;
/** A pack folder is walked at most this deep and this wide: a mistaken `~` must not read the whole disk. */
const MAX_DEPTH = 6;
const MAX_FILES = 500;

/** A folder to watch for a pack: every Markdown file and subfolder in it, or only the file `only`. */
interface WatchedFolder {
  dir: string;
  only?: string;
}

export interface PackStatus {
  id: string;
  root: string;
  entries: number;
  cards: number;
}

export class PackService implements vscode.Disposable {
  readonly diagnostics = vscode.languages.createDiagnosticCollection(KNOWLEDGE_DIAGNOSTICS);
  private readonly disposables: vscode.Disposable[] = [];
  /** Watched folder (`dir` or `dir|file` for a single-file pack) → its watcher. */
  private readonly watchers = new Map<string, vscode.Disposable | undefined>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** The built-in knowledge base, captured before the first pack is merged in. */
  private builtin: KnowledgeBase | undefined;
  private merged = false;
  private generation = 0;
  private running: Promise<void> = Promise.resolve();
  private readonly emitter = new vscode.EventEmitter<readonly PackStatus[]>();
  /** Fires after each (re)load with what loaded (tests and the log use it). */
  readonly onDidLoad = this.emitter.event;
  packs: readonly PackStatus[] = [];

  constructor(
    private readonly knowledge: BuiltinKnowledge,
    private readonly config: Config,
    /** `homedir`: where `~` points (undefined in the browser: packs off); `watchFolder`: how pack folders are watched. */
    private readonly host: Pick<Platform, 'homedir' | 'watchFolder'>,
    private readonly log?: vscode.LogOutputChannel,
  ) {
    this.disposables.push(
      this.diagnostics,
      this.emitter,
      config.onDidChange((c) => { if (c.knowledgePaths) this.schedule(0); }),
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.schedule(0)),
      vscode.workspace.onDidChangeWorkspaceFolders(() => this.schedule(0)),
    );
  }

  /** Load now (activation: only when some path is configured, so a plain install reads nothing extra). */
  start(): void {
    if (this.specs().length > 0) this.schedule(0);
  }

  /** Reload after `delayMs`, coalescing bursts (a save writes, a formatter writes again). */
  schedule(delayMs = RELOAD_DELAY_MS): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.reload();
    }, delayMs);
  }

  /** Reload now; resolves when this load (and any running before it) finished. Loads never overlap. */
  reload(): Promise<void> {
    const generation = ++this.generation;
    this.running = this.running.then(() => (generation === this.generation ? this.load() : undefined)).catch((e) => {
      this.log?.error(`knowledge packs: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
    });
    return this.running;
  }

  private specs() {
    const inspected = vscode.workspace.getConfiguration('trainingAdvisor').inspect<unknown>('knowledgePaths');
    const settings: PathSettings = {
      user: inspected?.globalValue,
      workspace: inspected?.workspaceValue,
      folders: (vscode.workspace.workspaceFolders ?? []).map((f) => ({
        folder: f.uri.fsPath,
        value: vscode.workspace.getConfiguration('trainingAdvisor', f.uri).inspect<unknown>('knowledgePaths')?.workspaceFolderValue,
      })),
    };
    return effectivePackPaths(settings, vscode.workspace.isTrusted);
  }

  private async load(): Promise<void> {
    const t0 = performance.now();
    const specs = this.specs();
    const { homedir } = this.host;
    if (homedir === undefined) {
      if (specs.length) this.log?.warn('knowledge packs: trainingAdvisor.knowledgePaths is not available in the browser (vscode.dev, github.dev); install the desktop extension to use team packs / 浏览器中不支持团队知识包');
      this.publish([]);
      return;
    }
    if (!vscode.workspace.isTrusted && (vscode.workspace.getConfiguration('trainingAdvisor').inspect<unknown[]>('knowledgePaths')?.workspaceValue as unknown[] | undefined)?.length) {
      this.log?.info('knowledge packs: workspace-level trainingAdvisor.knowledgePaths ignored until the workspace is trusted');
    }
    const folders = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath);
    const roots: string[] = [];
    const missing: string[] = [];
    for (const spec of specs) {
      const found: string[] = [];
      for (const candidate of candidatePaths(spec, folders, homedir)) {
        if (!roots.includes(candidate) && !found.includes(candidate) && (await this.stat(candidate))) found.push(candidate);
      }
      if (found.length === 0) missing.push(spec.path);
      roots.push(...found);
    }
    for (const m of missing) this.log?.warn(`knowledge packs: "${m}" not found (trainingAdvisor.knowledgePaths) / 未找到知识包路径`);

    const ids = uniquePackIds(roots);
    const packs: LoadedPack[] = [];
    const watched: WatchedFolder[] = [];
    for (let i = 0; i < roots.length; i++) {
      const { pack, folders } = await this.readPack(ids[i], roots[i]);
      packs.push(pack);
      watched.push(...folders);
    }
    this.watch(watched);

    if (packs.length === 0 && !this.merged) {
      this.diagnostics.clear();
      this.publish([]);
      return;
    }
    this.builtin ??= this.knowledge.kb;
    const result = mergePacks(this.builtin, packs);
    const byId = new Map(packs.map((p) => [p.id, p]));
    const issues: PackIssue[] = [
      ...result.issues,
      ...unknownRuleIssues(result.kb, new Set(ruleMetas.map((r) => r.id)), (id, file) => byId.get(id)?.locate(file) ?? file),
    ];
    this.showIssues(issues);
    this.knowledge.replace(result.kb, KnowledgeSearch.build(result.kb));
    this.merged = packs.length > 0;
    const status = result.counts.map((c, i) => ({ ...c, root: roots[i] }));
    this.log?.info(`knowledge packs: ${status.map((s) => `${s.id} (${s.entries} entries, ${s.cards} cards)`).join(', ') || 'none'}; ${issues.length} problems; ${(performance.now() - t0).toFixed(1)} ms`);
    this.publish(status);
  }

  private publish(status: PackStatus[]): void {
    this.packs = status;
    this.emitter.fire(status);
  }

  private async stat(p: string): Promise<vscode.FileStat | undefined> {
    try {
      return await vscode.workspace.fs.stat(vscode.Uri.file(p));
    } catch {
      return undefined;
    }
  }

  /**
   * A folder (its Markdown files, recursively, paths relative to it) or a single Markdown file; with the folders
   * to watch for it (those the walk read; a single file: its parent folder, for that file only).
   */
  private async readPack(id: string, root: string): Promise<{ pack: LoadedPack; folders: WatchedFolder[] }> {
    const rootUri = vscode.Uri.file(root);
    const isDir = ((await this.stat(root))?.type ?? 0) & vscode.FileType.Directory;
    const rel: string[] = [];
    const walked: string[] = [];
    if (isDir) await this.walk(rootUri, '', 0, rel, walked);
    else rel.push(root.split(/[\\/]/).pop() ?? root);
    const folders: WatchedFolder[] = isDir
      ? walked.map((f) => ({ dir: f ? vscode.Uri.joinPath(rootUri, f).fsPath : root }))
      : [{ dir: vscode.Uri.joinPath(rootUri, '..').fsPath, only: rel[0] }];
    const files = [];
    for (const r of rel) {
      const uri = isDir ? vscode.Uri.joinPath(rootUri, r) : rootUri;
      try {
        files.push({ path: r, text: new TextDecoder().decode(await vscode.workspace.fs.readFile(uri)) });
      } catch (e) {
        this.log?.warn(`knowledge packs: cannot read ${uri.fsPath}: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
    const locate = (r: string) => (isDir ? vscode.Uri.joinPath(rootUri, r) : rootUri).toString();
    return { pack: { id, root, files, locate }, folders };
  }

  /** Collects the pack files under `dir`/`prefix` into `out` and the folders it read into `folders` ('' = `dir`). */
  private async walk(dir: vscode.Uri, prefix: string, depth: number, out: string[], folders: string[]): Promise<void> {
    if (depth > MAX_DEPTH || out.length >= MAX_FILES) return;
    let children: [string, vscode.FileType][];
    try {
      children = await vscode.workspace.fs.readDirectory(vscode.Uri.joinPath(dir, prefix));
    } catch {
      return;
    }
    folders.push(prefix);
    for (const [name, type] of children.sort((a, b) => compareNames(a[0], b[0]))) {
      const rel = prefix ? `${prefix}/${name}` : name;
      if (type & vscode.FileType.Directory) {
        if (entersFolder(name)) await this.walk(dir, rel, depth + 1, out, folders);
      } else if (isPackFile(rel) && out.length < MAX_FILES) out.push(rel);
    }
  }

  private showIssues(issues: readonly PackIssue[]): void {
    this.diagnostics.clear();
    const byFile = new Map<string, vscode.Diagnostic[]>();
    for (const issue of issues) {
      const line = Math.max(0, issue.line - 1);
      const d = new vscode.Diagnostic(new vscode.Range(line, 0, line, Number.MAX_SAFE_INTEGER), issue.message,
        issue.severity === 'error' ? vscode.DiagnosticSeverity.Error : vscode.DiagnosticSeverity.Warning);
      d.source = 'Training Advisor';
      d.code = `pack:${issue.packId}`;
      const list = byFile.get(issue.file) ?? [];
      list.push(d);
      byFile.set(issue.file, list);
    }
    for (const [file, list] of byFile) this.diagnostics.set(vscode.Uri.parse(file), list);
  }

  /**
   * One watcher per folder of each pack (readPack's folders: those last walked; a single-file pack: its parent
   * folder, for that file only). A Markdown file or a folder (a name without a dot) changing there schedules a (debounced)
   * reload, which walks again and so watches a new subfolder too. Folders that stay keep their watcher.
   * The host's own watcher (fs.watch on Node) rather than vscode.workspace.createFileSystemWatcher: VS Code's
   * starts listening only some time after it is asked for (over the remote connection) and, in a workspace,
   * missed edits in a pack folder copied in while the window was open (intermittently, in the integration tests).
   */
  private watch(folders: readonly WatchedFolder[]): void {
    const wanted = new Map(folders.map((f) => [f.only === undefined ? f.dir : `${f.dir}|${f.only}`, f]));
    for (const [key, w] of this.watchers) {
      if (!wanted.has(key)) {
        w?.dispose();
        this.watchers.delete(key);
      }
    }
    const changed = () => this.schedule();
    for (const [key, { dir, only }] of wanted) {
      if (this.watchers.has(key)) continue;
      const accept = only !== undefined
        ? (name: string | null) => name === null || name === only
        : (name: string | null) => name === null || isPackFile(name) || !name.includes('.');
      this.watchers.set(key, this.host.watchFolder(dir, accept, changed));
    }
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    for (const w of this.watchers.values()) w?.dispose();
    for (const d of this.disposables) d.dispose();
  }
}
