/**
 * Which `trainingAdvisor.knowledgePaths` values load (settings scopes and workspace trust) and where a relative
 * one points. Editor-only: the CLI takes paths as given.
 */

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
