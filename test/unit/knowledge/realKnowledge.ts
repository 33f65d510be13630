/** The real knowledge/ folder as KnowledgeFiles (paths like `knowledge/taxonomy.md`), read once. */
import fs from 'node:fs';
import path from 'node:path';
import type { KnowledgeFile } from '../../../src/core/knowledge/types';

export const KNOWLEDGE_DIR = path.resolve(__dirname, '../../../knowledge');

let cached: KnowledgeFile[] | null = null;

export function realKnowledgeFiles(): KnowledgeFile[] {
  if (cached) return cached;
  const out: KnowledgeFile[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) walk(full);
      else if (e.name.endsWith('.md')) out.push({ path: path.relative(path.dirname(KNOWLEDGE_DIR), full).split(path.sep).join('/'), text: fs.readFileSync(full, 'utf8') });
    }
  };
  walk(KNOWLEDGE_DIR);
  cached = out;
  return out;
}

export function readCorpus(lang: 'zh' | 'en'): string {
  return fs.readFileSync(path.join(KNOWLEDGE_DIR, `large-model-training-qa.${lang}.md`), 'utf8');
}
