#!/usr/bin/env node
/**
 * Fills the ignored field caches from bare git mirrors (the search tool's `fetch` puts them at
 * /work/.mirror/<owner>+<name>/repo; FIELD_MIRRORS overrides the root). The scripts are third-party code, so
 * they are never committed: the manifests pin repo, path and commit, and this step extracts exactly those.
 *
 *   node scripts/field-fetch.mjs --list     the repositories to fetch first (one `owner/name` a line)
 *   node scripts/field-fetch.mjs            field/manifest.json → field/cache/<owner>+<name>/<path>
 *   node scripts/field-fetch.mjs --quiet    field/quiet.json    → field/quiet-cache/<owner>+<name>/<folder>/…
 *
 * Exits non-zero naming every repository whose mirror or pinned commit is missing.
 */
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const mirrors = process.env.FIELD_MIRRORS ?? '/work/.mirror';
const args = new Set(process.argv.slice(2));
const quiet = args.has('--quiet');

const field = JSON.parse(fs.readFileSync(path.join(root, 'field/manifest.json'), 'utf8'));
const quietManifest = JSON.parse(fs.readFileSync(path.join(root, 'field/quiet.json'), 'utf8'));

if (args.has('--list')) {
  const repos = new Set([...field.files.map((f) => f.repo), ...quietManifest.repos.map((r) => r.repo)]);
  for (const r of [...repos].sort()) console.log(r);
  process.exit(0);
}

export const slug = (repo) => repo.replace('/', '+');
const gitDir = (repo) => path.join(mirrors, slug(repo), 'repo');
const git = (repo, argv, opts = {}) => execFileSync('git', ['--git-dir', gitDir(repo), ...argv], { maxBuffer: 1 << 28, ...opts });

const problems = [];
function haveCommit(repo, commit) {
  if (!fs.existsSync(gitDir(repo))) {
    problems.push(`${repo}: no mirror at ${gitDir(repo)} — call the search tool's fetch for github:${repo}`);
    return false;
  }
  try {
    git(repo, ['cat-file', '-e', `${commit}^{commit}`], { stdio: 'ignore' });
    return true;
  } catch {
    problems.push(`${repo}: commit ${commit} is not in the mirror (a newer snapshot? pin the manifest to a commit it has)`);
    return false;
  }
}

if (!quiet) {
  const out = path.join(root, 'field/cache');
  let n = 0;
  for (const f of field.files) {
    if (!haveCommit(f.repo, f.commit)) continue;
    let text;
    try {
      text = git(f.repo, ['show', `${f.commit}:${f.path}`]);
    } catch {
      problems.push(`${f.repo}: ${f.path} is not in commit ${f.commit}`);
      continue;
    }
    const dest = path.join(out, slug(f.repo), f.path);
    fs.mkdirSync(path.dirname(dest), { recursive: true });
    fs.writeFileSync(dest, text);
    n++;
  }
  console.log(`field/cache: ${n} of ${field.files.length} files extracted`);
} else {
  const out = path.join(root, 'field/quiet-cache');
  let n = 0;
  for (const r of quietManifest.repos) {
    if (!haveCommit(r.repo, r.commit)) continue;
    const dest = path.join(out, slug(r.repo));
    fs.rmSync(dest, { recursive: true, force: true });
    fs.mkdirSync(dest, { recursive: true });
    const tar = git(r.repo, ['archive', '--format=tar', r.commit, ...r.folders]);
    execFileSync('tar', ['-x', '-C', dest], { input: tar, maxBuffer: 1 << 28 });
    n++;
  }
  console.log(`field/quiet-cache: ${n} of ${quietManifest.repos.length} repositories extracted`);
}
if (problems.length) {
  console.error(problems.map((p) => `field-fetch: ${p}`).join('\n'));
  process.exit(1);
}
