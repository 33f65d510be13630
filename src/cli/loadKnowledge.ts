/**
 * The CLI's knowledge: dist/knowledge.json + dist/search-index.json next to the bundle (written by the
 * build), plus optional team-pack files (`--knowledge PATH`) merged in, in which case the index is rebuilt.
 */
import fs from 'node:fs';
import path from 'node:path';
import { buildKnowledgeBase } from '../core/knowledge/buildKnowledgeBase';
import type { KnowledgeBase } from '../core/knowledge/types';
import { KnowledgeSearch } from '../core/search/knowledgeSearch';
import { formatIssue, packIdFor } from '../core/knowledge/packs';
import { readKnowledgeFolder } from '../node/knowledgeFolder';

export class LoadError extends Error {}

export interface LoadedKnowledge {
  kb: KnowledgeBase;
  search: KnowledgeSearch;
}

function readJson(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    throw new LoadError(`cannot read ${file} (run \`npm run build\` first) / 无法读取 ${file}（请先运行 npm run build）`);
  }
}

export function loadKnowledge(distDir: string, packPaths: readonly string[] = []): LoadedKnowledge {
  const kbText = readJson(path.join(distDir, 'knowledge.json'));
  const indexText = readJson(path.join(distDir, 'search-index.json'));
  let kb: KnowledgeBase;
  try {
    kb = JSON.parse(kbText) as KnowledgeBase;
  } catch {
    throw new LoadError(`${path.join(distDir, 'knowledge.json')} is not valid JSON (rebuild with \`npm run build\`)`);
  }
  if (packPaths.length === 0) return { kb, search: KnowledgeSearch.loadJSON(indexText, kb) };

  for (const p of packPaths) {
    if (!fs.existsSync(p)) throw new LoadError(`--knowledge: ${p} does not exist / 路径不存在`);
    const stat = fs.statSync(p);
    const files = stat.isDirectory() ? readKnowledgeFolder(p) : [{ path: path.basename(p), text: fs.readFileSync(p, 'utf8') }];
    const before = kb.issues.length;
    kb = buildKnowledgeBase(files, { packId: packIdFor(p), base: kb });
    for (const issue of kb.issues.slice(before)) {
      const file = stat.isDirectory() ? path.join(p, issue.file) : p;
      process.stderr.write(formatIssue({ ...issue, file }) + '\n');
    }
  }
  return { kb, search: KnowledgeSearch.build(kb) };
}
