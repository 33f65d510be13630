/**
 * Team knowledge packs, the vscode-free part: which paths to load (trust, scopes), what a pack is called, and
 * merging packs into the built-in knowledge base so that one broken pack costs only its own content.
 * PackService (packService.ts) does the reading, watching and diagnostics around these.
 */
import { buildKnowledgeBase } from './buildKnowledgeBase';
import type { KnowledgeBase, KnowledgeFile, ValidationIssue } from './types';

/** The `trainingAdvisor.knowledgePaths` values per scope, as `WorkspaceConfiguration.inspect` reports them. */
export interface PathSettings {
  /** User (and remote machine) settings: always loaded, also in untrusted workspaces. */
  user?: unknown;
  /** `.vscode/settings.json` / the .code-workspace file: loaded only when the workspace is trusted. */
  workspace?: unknown;
  /** Per-folder settings, each resolved against its own folder; trusted workspaces only. */
  folders?: ReadonlyArray<{ folder: string; value: unknown }>;
}

/** One configured path and what a relative path in it is relative to. */
export interface PackPathSpec {
  path: string;
  /** Folder a relative path resolves against: its own folder for folder settings, else undefined (every workspace folder). */
  folder?: string;
  scope: 'user' | 'workspace' | 'folder';
}

function strings(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((p): p is string => typeof p === 'string' && p.trim() !== '').map((p) => p.trim()) : [];
}

/**
 * The paths to load. In an untrusted workspace only user-level values count: a cloned repository must not be able
 * to make the editor read (and show) arbitrary files by shipping a `.vscode/settings.json`.
 */
export function effectivePackPaths(settings: PathSettings, trusted: boolean): PackPathSpec[] {
  const out: PackPathSpec[] = strings(settings.user).map((path) => ({ path, scope: 'user' as const }));
  if (!trusted) return out;
  out.push(...strings(settings.workspace).map((path) => ({ path, scope: 'workspace' as const })));
  for (const f of settings.folders ?? []) out.push(...strings(f.value).map((path) => ({ path, folder: f.folder, scope: 'folder' as const })));
  return out;
}

/** Absolute (POSIX `/x`, Windows `C:\x`, UNC `\\x`) or home-relative (`~/x`)? */
export function isAbsolutePath(p: string): boolean {
  return p.startsWith('/') || /^[A-Za-z]:[\\/]/.test(p) || p.startsWith('\\\\');
}

/**
 * Candidate absolute paths for a configured path: itself when absolute, under `home` for `~/`, else under the
 * spec's folder or, for user/workspace values, under each workspace folder (the caller keeps those that exist).
 */
export function candidatePaths(spec: PackPathSpec, workspaceFolders: readonly string[], home?: string): string[] {
  const p = spec.path;
  if (isAbsolutePath(p)) return [p];
  if ((p === '~' || p.startsWith('~/') || p.startsWith('~\\')) && home) return [joinPath(home, p.slice(1))];
  const roots = spec.folder ? [spec.folder] : workspaceFolders;
  return roots.map((r) => joinPath(r, p));
}

/** Joins with `/` and folds `.` and `..` segments (enough for settings paths; no Node `path` in pure code). */
export function joinPath(root: string, rel: string): string {
  const parts = `${root.replace(/[\\/]+$/, '')}/${rel.replace(/^[\\/]+/, '')}`.split(/[\\/]+/);
  const out: string[] = [];
  for (const s of parts) {
    if (s === '.' || (s === '' && out.length > 0)) continue;
    if (s === '..' && out.length > 1) out.pop();
    else if (s !== '..') out.push(s);
  }
  return out.join('/') || '/';
}

/** Pack id from a folder or file name: `Team Advice/` → `team-advice`, `ops.zh.md` → `ops`. Never `builtin`. */
export function packIdFor(p: string): string {
  const base = p.replace(/[\\/]+$/, '').split(/[\\/]/).pop() ?? p;
  const id = base.replace(/(\.(zh|en))?\.md$/i, '').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '') || 'pack';
  return id === 'builtin' ? 'builtin-pack' : id;
}

/** Distinct ids for packs whose names collide (`team`, `team-2`, …), in order. */
export function uniquePackIds(paths: readonly string[]): string[] {
  const used = new Set<string>();
  return paths.map((p) => {
    const base = packIdFor(p);
    let id = base;
    for (let n = 2; used.has(id); n++) id = `${base}-${n}`;
    used.add(id);
    return id;
  });
}

/** A pack read from disk: files with paths relative to the pack root (the parser tells roles by path). */
export interface LoadedPack {
  id: string;
  /** Absolute path of the folder or file the setting named. */
  root: string;
  files: KnowledgeFile[];
  /** Relative file path → absolute path / URI string, to put diagnostics on the right file. */
  locate: (relPath: string) => string;
}

export interface PackIssue extends ValidationIssue {
  packId: string;
}

export interface MergeResult {
  kb: KnowledgeBase;
  /** Issues of the packs only (not of the built-in corpus), `file` mapped through each pack's `locate`. */
  issues: PackIssue[];
  /** Entries and cards each pack contributed. */
  counts: Array<{ id: string; entries: number; cards: number }>;
}

/**
 * Build every pack on top of `base`, one after the other (a later pack may cite an earlier one as `id:n#m`).
 * A pack whose build throws (it should not: the parser reports problems as issues) is left out with an issue on
 * its first file, and the others still load.
 */
export function mergePacks(base: KnowledgeBase, packs: readonly LoadedPack[]): MergeResult {
  let kb = base;
  const issues: PackIssue[] = [];
  const counts: MergeResult['counts'] = [];
  for (const pack of packs) {
    const before = { entries: kb.entries.length, cards: kb.cards.length, issues: kb.issues.length };
    try {
      const next = buildKnowledgeBase(pack.files, { packId: pack.id, base: kb });
      for (const issue of next.issues.slice(before.issues)) issues.push({ ...issue, file: pack.locate(issue.file), packId: pack.id });
      // Keep the combined base's issue list at the built-in size: pack issues live in `issues` (diagnostics).
      kb = { ...next, issues: kb.issues };
      counts.push({ id: pack.id, entries: kb.entries.length - before.entries, cards: kb.cards.length - before.cards });
    } catch (e) {
      const file = pack.files[0]?.path;
      issues.push({ file: pack.locate(file ?? ''), line: 1, severity: 'error', message: `pack "${pack.id}" could not be loaded: ${e instanceof Error ? e.message : String(e)}`, packId: pack.id });
      counts.push({ id: pack.id, entries: 0, cards: 0 });
    }
  }
  return { kb, issues, counts };
}

/** Rule ids named by pack cards (`rules:`) that no rule has: reported as warnings on the card's line. */
export function unknownRuleIssues(kb: KnowledgeBase, knownRules: ReadonlySet<string>, locate: (packId: string, file: string) => string): PackIssue[] {
  const out: PackIssue[] = [];
  for (const card of kb.cards) {
    if (card.source === 'builtin') continue;
    for (const id of card.rules ?? []) {
      if (!knownRules.has(id)) {
        out.push({ file: locate(card.source, card.location.file), line: card.location.line, severity: 'warning', message: `card "${card.id}": no analysis rule "${id}" (rules: lists rule ids such as grad-clip)`, packId: card.source });
      }
    }
  }
  return out;
}

/** Only Markdown files take part (other files in a pack folder are ignored, as the build does). */
export function isPackFile(relPath: string): boolean {
  return /\.md$/i.test(relPath) && !/(^|[\\/])(node_modules|\.git)([\\/]|$)/.test(relPath);
}
