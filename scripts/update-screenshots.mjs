#!/usr/bin/env node
// Copies the screenshots the UI tests produced (test-results/screenshots/*.png, ignored by git) to
// docs/images/ for the README. Run by a person after `npm run test:e2e -- --only ui`, never by CI:
// committed images change only when someone decides so.
//   node scripts/update-screenshots.mjs [name ...]   (default: every PNG the UI tests wrote)
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const from = path.join(root, 'test-results', 'screenshots');
const to = path.join(root, 'docs', 'images');
if (!fs.existsSync(from)) {
  console.error(`${path.relative(root, from)} does not exist: run \`npm run test:e2e -- --only ui\` first`);
  process.exit(1);
}
const wanted = process.argv.slice(2).map((n) => (n.endsWith('.png') ? n : `${n}.png`));
const files = wanted.length ? wanted : fs.readdirSync(from).filter((f) => f.endsWith('.png'));
fs.mkdirSync(to, { recursive: true });
let missing = 0;
for (const f of files) {
  const src = path.join(from, f);
  if (!fs.existsSync(src)) {
    console.error(`missing ${path.relative(root, src)}`);
    missing++;
    continue;
  }
  fs.copyFileSync(src, path.join(to, f));
  console.log(`docs/images/${f}  (${(fs.statSync(src).size / 1024).toFixed(0)} KB)`);
}
process.exit(missing ? 1 : 0);
