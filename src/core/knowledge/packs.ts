/**
 * Team knowledge packs, shared by the editor (src/extension/packs) and the CLI (`--knowledge`): what a pack is
 * called, which files of a folder take part and in what order, and merging packs into the built-in knowledge
 * base so that one broken pack costs only its own content. Reading the files is the caller's (Node fs or
 * vscode.workspace.fs); the choices about them are made here once.
 */
import { buildKnowledgeBase } from './buildKnowledgeBase';
import type { KnowledgeBase, KnowledgeFile, ValidationIssue } from './types';

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

/** Only Markdown files take part (other files in a knowledge folder are ignored). */
export function isPackFile(relPath: string): boolean {
  return /\.md$/i.test(relPath) && !/(^|[\\/])(node_modules|\.git)([\\/]|$)/.test(relPath);
}

/** Sub-folders a walk of a knowledge folder enters: not hidden ones (`.git`, `.obsidian`) nor `node_modules`. */
export function entersFolder(name: string): boolean {
  return !name.startsWith('.') && name !== 'node_modules';
}

/**
 * The order of names within a folder: UTF-16 code units, so every reader on every platform (and locale) gives
 * the same file order, which decides which of two duplicate ids wins.
 */
export function compareNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** `path:line: severity: message`, the format editors and CI logs turn into links. */
export function formatIssue(issue: ValidationIssue): string {
  return `${issue.file}:${issue.line}: ${issue.severity}: ${issue.message}`;
}
