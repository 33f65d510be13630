/**
 * Build step (Node, run by esbuild.mjs): parse and validate knowledge/, then write the parsed knowledge
 * base and the serialized search index to dist/, so the extension and the CLI only deserialize.
 */
import fs from 'node:fs';
import path from 'node:path';
import { buildKnowledgeBase } from '../core/knowledge/buildKnowledgeBase';
import type { KnowledgeBase } from '../core/knowledge/types';
import { formatIssue } from '../core/knowledge/packs';
import { readKnowledgeFolder } from '../node/knowledgeFolder';
import { KnowledgeSearch } from '../core/search/knowledgeSearch';

export const KNOWLEDGE_JSON = 'knowledge.json';
export const SEARCH_INDEX_JSON = 'search-index.json';

export function hasErrors(kb: KnowledgeBase): boolean {
  return kb.issues.some((i) => i.severity === 'error');
}

export async function buildKnowledge({ knowledgeDir, outDir }: { knowledgeDir: string; outDir: string }): Promise<boolean> {
  const started = Date.now();
  // Paths relative to the folder's parent (`knowledge/…`): the parser tells file roles by path.
  const files = readKnowledgeFolder(knowledgeDir, path.dirname(knowledgeDir));
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
