/**
 * `npm run field` — precision and recall of the hints on the field set (#16): field/manifest.json labels every
 * rule of the registry (plus the rules #16 asks for that do not exist yet) per file as `flag <lines>`,
 * `correct` or `n/a`, each with a reason. Runs the built CLI's `check --format json` over field/cache and
 * matches its findings to the labels: same file, same rule, line within `tolerance` of a labelled line or
 * range (notebooks: same cell too). `npm run field -- --quiet` instead counts hints per 100k lines over the
 * tests and library code in field/quiet-cache (field/quiet.json).
 *
 * Label syntax: `flag 120: reason`, `flag 88,140-142: reason` (each comma item one expected hint; a range
 * matches any line in it), notebooks `flag c7:12: reason` (0-based cell index, one less than the CLI's
 * `cell`, 1-based line in the cell; a file-level rule such as no-seed matches on any line), `correct: reason`, `n/a: reason`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { rules } from '../src/core/analysis/registry';
import { NEW_RULES, parseLabel, type Expected, type Label } from './field-labels';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const cli = path.join(root, 'dist/cli.js');

interface CliFinding { file: string; rule: string; line: number; cell?: number; message: string }
interface ManifestFile { repo: string; path: string; commit: string; category: string; labels: Record<string, string> }

/**
 * Rules whose finding is about the whole file ("this script never seeds its randomness"): any line of the file
 * matches their label, since where the hint is anchored is presentation, not detection.
 */
const FILE_LEVEL = new Set(['no-seed']);

const distance = (e: Expected, f: CliFinding) =>
  FILE_LEVEL.has(f.rule) ? 0
  : (e.cell ?? null) !== (f.cell ?? null) ? Infinity : f.line < e.from ? e.from - f.line : f.line > e.to ? f.line - e.to : 0;

function runCheck(dir: string): CliFinding[] {
  let out: string;
  try {
    out = execFileSync(process.execPath, [cli, 'check', dir, '--format', 'json'], { maxBuffer: 1 << 28, encoding: 'utf8' });
  } catch (e) {
    const err = e as { status?: number; stdout?: string; stderr?: string };
    if (err.status !== 1 || !err.stdout) throw new Error(`check failed (exit ${err.status}): ${err.stderr ?? ''}`);
    out = err.stdout;
  }
  // The CLI numbers cells from 1 (as its text output does); the labels count them from 0.
  return (JSON.parse(out) as { findings: CliFinding[] }).findings.map((f) => (f.cell === undefined ? f : { ...f, cell: f.cell - 1 }));
}

function need(dir: string, what: string, flag: string) {
  if (!fs.existsSync(cli)) fail(`${cli} is missing: run \`npm run build\` first (npm run field does).`);
  if (!fs.existsSync(dir)) {
    fail(`${path.relative(root, dir)}/ is missing. Fetch ${what}: call the search tool's fetch for each repository that ` +
      '`node scripts/field-fetch.mjs --list` prints, then run `node scripts/field-fetch.mjs' + flag + '` (see field/README.md).');
  }
}

function fail(msg: string): never {
  process.stderr.write(`field: ${msg}\n`);
  process.exit(2);
}

const pct = (n: number, d: number) => (d ? (n / d).toFixed(3) : '—');

function field() {
  const manifest = JSON.parse(fs.readFileSync(path.join(root, 'field/manifest.json'), 'utf8')) as { tolerance: number; files: ManifestFile[] };
  const cache = path.join(root, 'field/cache');
  need(cache, 'the field set', '');
  const missing = manifest.files.filter((f) => !fs.existsSync(path.join(cache, f.repo.replace('/', '+'), f.path)));
  if (missing.length) fail(`field/cache lacks ${missing.length} manifest file(s), e.g. ${missing[0].repo}:${missing[0].path}. Re-run the fetch steps of field/README.md.`);

  const ruleIds = [...rules.map((r) => r.id), ...NEW_RULES.filter((id) => !rules.some((r) => r.id === id))];
  const byFile = new Map<string, CliFinding[]>();
  for (const f of runCheck(cache)) {
    const rel = path.relative(cache, path.resolve(f.file));
    byFile.set(rel, [...(byFile.get(rel) ?? []), f]);
  }
  const stats = new Map(ruleIds.map((id) => [id, { tp: 0, fp: 0, fn: 0, labelled: 0 }]));
  const fps: string[] = [];
  const fns: string[] = [];
  for (const file of manifest.files) {
    const rel = path.join(file.repo.replace('/', '+'), file.path);
    for (const id of ruleIds) {
      const raw = file.labels[id];
      if (raw === undefined) fail(`${file.repo}:${file.path} has no label for ${id}`);
      let label: Label;
      try {
        label = parseLabel(raw);
      } catch (e) {
        fail(`${file.repo}:${file.path} ${id}: ${(e as Error).message}`);
      }
      const s = stats.get(id)!;
      s.labelled += label.expected.length;
      const found = (byFile.get(rel) ?? []).filter((f) => f.rule === id);
      const open = [...label.expected];
      for (const f of found) {
        let best = -1;
        for (let i = 0; i < open.length; i++) {
          if (distance(open[i], f) <= manifest.tolerance && (best === -1 || distance(open[i], f) < distance(open[best], f))) best = i;
        }
        const where = `${rel}:${f.cell !== undefined ? `c${f.cell}:` : ''}${f.line}`;
        if (best >= 0) {
          s.tp++;
          open.splice(best, 1);
        } else {
          s.fp++;
          fps.push(`  ${id}  ${where}  — label ${label.verdict}${label.verdict === 'flag' ? ` ${label.expected.map(fmt).join(',')}` : ''}: ${label.reason}`);
        }
      }
      for (const e of open) {
        s.fn++;
        fns.push(`  ${id}  ${rel}:${fmt(e)}  — ${label.reason}`);
      }
    }
  }
  const llm = manifest.files.filter((f) => f.category.startsWith('llm-finetune/')).length;
  const nb = manifest.files.filter((f) => f.path.endsWith('.ipynb')).length;
  console.log(`Field set: ${manifest.files.length} files (${llm} LLM fine-tuning, ${nb} notebooks), line tolerance ±${manifest.tolerance}\n`);
  console.log('| rule | labelled | TP | FP | FN | precision | recall |');
  console.log('|---|---:|---:|---:|---:|---:|---:|');
  const total = { tp: 0, fp: 0, fn: 0, labelled: 0 };
  for (const [id, s] of stats) {
    total.tp += s.tp; total.fp += s.fp; total.fn += s.fn; total.labelled += s.labelled;
    const note = !rules.some((r) => r.id === id) ? ' (not implemented)' : s.labelled === 0 && s.fp === 0 ? ' (no flags in the set)' : '';
    console.log(`| ${id}${note} | ${s.labelled} | ${s.tp} | ${s.fp} | ${s.fn} | ${pct(s.tp, s.tp + s.fp)} | ${pct(s.tp, s.tp + s.fn)} |`);
  }
  console.log(`| **overall** | ${total.labelled} | ${total.tp} | ${total.fp} | ${total.fn} | ${pct(total.tp, total.tp + total.fp)} | ${pct(total.tp, total.tp + total.fn)} |`);
  const implemented = [...stats].filter(([id]) => rules.some((r) => r.id === id)).map(([, s]) => s);
  const it = implemented.reduce((a, s) => ({ tp: a.tp + s.tp, fp: a.fp + s.fp, fn: a.fn + s.fn }), { tp: 0, fp: 0, fn: 0 });
  console.log(`| **overall, implemented rules only** | | ${it.tp} | ${it.fp} | ${it.fn} | ${pct(it.tp, it.tp + it.fp)} | ${pct(it.tp, it.tp + it.fn)} |`);
  const none = [...stats].filter(([, s]) => s.labelled === 0).map(([id]) => id);
  if (none.length) console.log(`\nRules with no "flag" label in the set: ${none.join(', ')}`);
  console.log(`\nFalse positives (${fps.length}):\n${fps.join('\n') || '  none'}`);
  console.log(`\nFalse negatives (${fns.length}):\n${fns.join('\n') || '  none'}`);
}

function fmt(e: Expected): string {
  return `${e.cell !== null ? `c${e.cell}:` : ''}${e.from}${e.to !== e.from ? `-${e.to}` : ''}`;
}

function countLines(dir: string): number {
  let n = 0;
  for (const ent of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (ent.isFile() && ent.name.endsWith('.py')) n += fs.readFileSync(path.join(ent.parentPath, ent.name), 'utf8').split('\n').length;
  }
  return n;
}

/** #16 part 4's classes: test files and benchmarks get the benefit of the doubt, as do library modules. */
function kindOf(rel: string): 'test' | 'benchmark' | 'library' {
  const base = path.basename(rel);
  if (/(^|\/)(tests?|testing)\//.test(rel) || /^test_.*\.py$|_test\.py$|^conftest\.py$/.test(base)) return 'test';
  if (/bench/i.test(rel)) return 'benchmark';
  return 'library';
}

function quiet() {
  const manifest = JSON.parse(fs.readFileSync(path.join(root, 'field/quiet.json'), 'utf8')) as { repos: Array<{ repo: string; commit: string; folders: string[] }> };
  const cache = path.join(root, 'field/quiet-cache');
  need(cache, 'the quiet-mode repositories', ' --quiet');
  let lines = 0;
  const perRule = new Map<string, number>();
  const perKind = new Map<string, number>();
  const list: string[] = [];
  console.log('| repository | folders | lines of .py | hints | per 100k lines |');
  console.log('|---|---|---:|---:|---:|');
  for (const r of manifest.repos) {
    const dir = path.join(cache, r.repo.replace('/', '+'));
    if (!fs.existsSync(dir)) fail(`${path.relative(root, dir)}/ is missing: run \`node scripts/field-fetch.mjs --quiet\` (see field/README.md).`);
    const n = countLines(dir);
    const found = runCheck(dir);
    lines += n;
    for (const f of found) {
      const rel = path.relative(cache, path.resolve(f.file));
      perRule.set(f.rule, (perRule.get(f.rule) ?? 0) + 1);
      perKind.set(kindOf(rel), (perKind.get(kindOf(rel)) ?? 0) + 1);
      list.push(`  ${f.rule}  [${kindOf(rel)}]  ${rel}:${f.line}`);
    }
    console.log(`| ${r.repo}@${r.commit.slice(0, 10)} | ${r.folders.join(', ')} | ${n} | ${found.length} | ${(found.length / n * 1e5).toFixed(1)} |`);
  }
  const total = list.length;
  console.log(`\nTotal: ${total} hints in ${lines} lines = ${(total / lines * 1e5).toFixed(1)} per 100k lines (target ≤ 5)\n`);
  console.log('| rule | hints | per 100k lines |');
  console.log('|---|---:|---:|');
  for (const id of rules.map((r) => r.id)) {
    const n = perRule.get(id) ?? 0;
    console.log(`| ${id} | ${n} | ${(n / lines * 1e5).toFixed(2)} |`);
  }
  console.log(`\nWhere they land: ${[...perKind].map(([k, n]) => `${k} ${n}`).join(', ')}`);
  console.log(`\nHints (${total}):\n${list.sort().join('\n')}`);
}

if (process.argv.includes('--quiet')) quiet();
else field();
