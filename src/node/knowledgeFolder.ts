/**
 * Reading a knowledge folder from disk with Node's fs, for the build (knowledge/) and the CLI (`--knowledge`).
 * Which files take part and in what order is the knowledge core's choice (core/knowledge/packs.ts), the same
 * one the editor's pack loader makes over vscode.workspace.fs.
 */
import fs from 'node:fs';
import path from 'node:path';
import { compareNames, entersFolder, isPackFile } from '../core/knowledge/packs';
import type { KnowledgeFile } from '../core/knowledge/types';

/** Every Markdown file under `dir` (recursively), paths relative to `relativeTo` with `/` separators. */
export function readKnowledgeFolder(dir: string, relativeTo = dir): KnowledgeFile[] {
  const files: KnowledgeFile[] = [];
  const walk = (d: string) => {
    for (const ent of fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => compareNames(a.name, b.name))) {
      const full = path.join(d, ent.name);
      const rel = path.relative(relativeTo, full).split(path.sep).join('/');
      if (ent.isDirectory()) {
        if (entersFolder(ent.name)) walk(full);
      } else if (ent.isFile() && isPackFile(rel)) {
        files.push({ path: rel, text: fs.readFileSync(full, 'utf8') });
      }
    }
  };
  walk(dir);
  return files;
}
