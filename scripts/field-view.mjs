#!/usr/bin/env node
/**
 * Prints a field-set file the way its labels count lines: scripts numbered from 1, notebooks as code cells
 * `c<cell>:<line>` (0-based cell index with markdown cells counted, 1-based line in the cell — the CLI's JSON).
 * With --labels, the file's manifest labels follow. For reading and labelling; `npm run field` does the scoring.
 *
 *   node scripts/field-view.mjs <owner/name> <path> [--labels]
 */
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const [repo, file] = process.argv.slice(2);
if (!repo || !file) {
  console.error('usage: node scripts/field-view.mjs <owner/name> <path> [--labels]');
  process.exit(2);
}
const text = fs.readFileSync(path.join(root, 'field/cache', repo.replace('/', '+'), file), 'utf8');
const out = [];
if (file.endsWith('.ipynb')) {
  JSON.parse(text).cells.forEach((c, i) => {
    if (c.cell_type !== 'code') return;
    const src = Array.isArray(c.source) ? c.source.join('') : String(c.source ?? '');
    src.split(/\r?\n/).forEach((l, j) => out.push(`c${i}:${j + 1}\t${l}`));
  });
} else {
  text.split(/\r?\n/).forEach((l, j) => out.push(`${j + 1}\t${l}`));
}
console.log(out.join('\n'));
if (process.argv.includes('--labels')) {
  const m = JSON.parse(fs.readFileSync(path.join(root, 'field/manifest.json'), 'utf8'));
  const f = m.files.find((x) => x.repo === repo && x.path === file);
  for (const [rule, label] of Object.entries(f?.labels ?? {})) console.log(`${rule}\t${label}`);
}
