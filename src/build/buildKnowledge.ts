/**
 * Build step (Node, run by esbuild.mjs): parse and validate knowledge/, then write the parsed knowledge
 * base and the serialized search index to dist/, so the extension and the CLI only deserialize.
 */
import fs from 'node:fs';
import path from 'node:path';
import { buildKnowledgeBase } from '../core/knowledge/buildKnowledgeBase';
import type { KnowledgeBase, KnowledgeFile, ValidationIssue } from '../core/knowledge/types';
import { KnowledgeSearch } from '../core/search/knowledgeSearch';

export const KNOWLEDGE_JSON = 'knowledge.json';
export const SEARCH_INDEX_JSON = 'search-index.json';

/** Every `.md` file under `dir` (recursively), paths relative to `relativeTo` with `/` separators. */
export function readKnowledgeFiles(dir: string, relativeTo = path.dirname(dir)): KnowledgeFile[] {
  const files: KnowledgeFile[] = [];
  const walk = (d: string) => {
    for (const ent of fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(d, ent.name);
      if (ent.isDirectory()) walk(full);
      else if (ent.isFile() && ent.name.toLowerCase().endsWith('.md')) {
        files.push({ path: path.relative(relativeTo, full).split(path.sep).join('/'), text: fs.readFileSync(full, 'utf8') });
      }
    }
  };
  walk(dir);
  return files;
}

/** `path:line: severity: message`, the format editors and CI logs turn into links. */
export function formatIssue(issue: ValidationIssue): string {
  return `${issue.file}:${issue.line}: ${issue.severity}: ${issue.message}`;
}

export function hasErrors(kb: KnowledgeBase): boolean {
  return kb.issues.some((i) => i.severity === 'error');
}

export async function buildKnowledge({ knowledgeDir, outDir }: { knowledgeDir: string; outDir: string }): Promise<boolean> {
  const started = Date.now();
  const files = readKnowledgeFiles(knowledgeDir);
  const kb = buildKnowledgeBase(files);
  for (const issue of kb.issues) console.error(formatIssue(issue));
  if (hasErrors(kb)) {
    console.error(`[knowledge] ${kb.issues.filter((i) => i.severity === 'error').length} error(s) in ${knowledgeDir}; nothing written`);
    return false;
  }
  const search = KnowledgeSearch.build(kb);
  fs.mkdirSync(outDir, { recursive: true });
  fs.writeFileSync(path.join(outDir, KNOWLEDGE_JSON), JSON.stringify(kb));
  fs.writeFileSync(path.join(outDir, SEARCH_INDEX_JSON), JSON.stringify(search.toJSON()));
  const variants = kb.entries.filter((e) => e.variants.length > 0 && e.canonical === e.key);
  console.log(
    `[knowledge] ${kb.entries.length} entries, ${kb.entries.reduce((n, e) => n + e.items.length, 0)} items, ` +
      `${kb.cards.length} cards, ${kb.categories.length} categories, ${variants.length} variant group(s), ` +
      `${search.documentCount} indexed documents in ${Date.now() - started} ms`,
  );
  return true;
}
