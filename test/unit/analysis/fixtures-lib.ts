// Helpers shared by the fixture-driven analysis tests: find fixtures, read their inline `# expect: rule-id`
// markers, create the analyzer from the npm wasm files, and print a readable diff between expected and actual.
import fs from 'node:fs';
import path from 'node:path';
import type { Finding, NotebookCell } from '../../../src/core/analysis/types';
import { parseNotebookJson } from '../../../src/core/analysis/notebook';

export const repoRoot = path.resolve(__dirname, '..', '..', '..');
export const fixturesDir = path.join(repoRoot, 'test', 'fixtures');
/** Complete runnable scripts: exercised by pytorch-run.test.ts, not by the per-rule fixture runner. */
export const scriptsDir = path.join(fixturesDir, 'scripts');

/** Where the two wasm files live in a source checkout (dist/ holds copies after a build). */
export function locateWasm(file: string): string {
  const base = path.basename(file);
  return base.includes('python')
    ? path.join(repoRoot, 'node_modules', 'tree-sitter-python', 'tree-sitter-python.wasm')
    : path.join(repoRoot, 'node_modules', 'web-tree-sitter', 'web-tree-sitter.wasm');
}

/** One expected finding: a rule on a 0-based line (cell-relative, with `cell`, for notebooks). */
export interface Expectation {
  ruleId: string;
  line: number;
  cell?: number;
}

const EXPECT_RE = /#\s*expect:\s*([a-z0-9-]+(?:\s*,\s*[a-z0-9-]+)*)\s*$/;
const RULES_RE = /^#\s*fixture-rules:\s*([a-z0-9-]+(?:\s*,\s*[a-z0-9-]+)*)\s*$/m;

/** Reads trailing `# expect: a, b` markers; one marker may name several rules. */
export function parseExpectations(source: string, cell?: number): Expectation[] {
  const out: Expectation[] = [];
  source.split(/\r?\n/).forEach((text, line) => {
    const m = EXPECT_RE.exec(text);
    if (!m) return;
    for (const ruleId of m[1].split(',').map((s) => s.trim())) out.push(cell === undefined ? { ruleId, line } : { ruleId, line, cell });
  });
  return out;
}

export interface Fixture {
  /** Absolute path. */
  file: string;
  /** Path relative to the repo, for test titles and messages. */
  rel: string;
  /** Rules the fixture specifies: only these are enabled (`select`) and compared. */
  rules: string[];
  kind: 'py' | 'ipynb';
}

/**
 * test/fixtures/<rule>/*.py specify <rule> (the one layout); a fixture in any other folder names its rules in a
 * `# fixture-rules: a, b` line (in a notebook: in any code cell). test/fixtures/scripts/ is excluded.
 */
export function listFixtures(knownRules: ReadonlySet<string>): Fixture[] {
  const out: Fixture[] = [];
  const visit = (dir: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (file !== scriptsDir) visit(file);
        continue;
      }
      const ext = path.extname(entry.name);
      if (ext !== '.py' && ext !== '.ipynb') continue;
      const kind = ext === '.py' ? 'py' : 'ipynb';
      const text = kind === 'py' ? fs.readFileSync(file, 'utf8') : readNotebookCells(file).map((c) => c.source).join('\n');
      const directive = RULES_RE.exec(text);
      const parent = path.basename(dir);
      if (dir === fixturesDir) throw new Error(`${file}: fixtures live in a folder: test/fixtures/<rule-id>/ (or a topic folder with "# fixture-rules: …")`);
      let rules: string[];
      if (directive) rules = directive[1].split(',').map((s) => s.trim());
      else if (path.dirname(dir) === fixturesDir && knownRules.has(parent)) rules = [parent];
      else throw new Error(`${file}: cannot tell which rules this fixture specifies (put it in test/fixtures/<rule-id>/ or add "# fixture-rules: …")`);
      out.push({ file, rel: path.relative(repoRoot, file), rules, kind });
    }
  };
  visit(fixturesDir);
  return out;
}

/** Code and markdown cells of a notebook, source joined as Jupyter stores it (string or list of lines). */
export function readNotebookCells(file: string): NotebookCell[] {
  const { cells, error } = parseNotebookJson(fs.readFileSync(file, 'utf8'));
  if (error) throw new Error(`${file}: ${error}`);
  return cells;
}

/** Expectations of a fixture file restricted to its rules; notebooks carry the cell index. */
export function expectationsOf(fx: Fixture): Expectation[] {
  if (fx.kind === 'py') return parseExpectations(fs.readFileSync(fx.file, 'utf8')).filter((e) => fx.rules.includes(e.ruleId));
  return readNotebookCells(fx.file).flatMap((c, i) => (c.kind === 'code' ? parseExpectations(c.source, i) : []))
    .filter((e) => fx.rules.includes(e.ruleId));
}

export function findingToExpectation(f: Finding): Expectation {
  return f.cell === undefined ? { ruleId: f.ruleId, line: f.range.startLine } : { ruleId: f.ruleId, line: f.range.startLine, cell: f.cell };
}

const keyOf = (e: Expectation): string => `${e.cell === undefined ? '' : `cell ${e.cell} `}line ${e.line + 1} ${e.ruleId}`;

/**
 * Compares expected and actual (rule, line) multisets. Returns undefined when they match, otherwise a
 * readable report quoting each offending source line.
 */
export function diffExpectations(expected: Expectation[], actual: Expectation[], lineText: (e: Expectation) => string): string | undefined {
  const count = (list: Expectation[]): Map<string, { e: Expectation; n: number }> => {
    const m = new Map<string, { e: Expectation; n: number }>();
    for (const e of list) {
      const k = keyOf(e);
      const cur = m.get(k);
      if (cur) cur.n++;
      else m.set(k, { e, n: 1 });
    }
    return m;
  };
  const exp = count(expected);
  const act = count(actual);
  const missing: string[] = [];
  const unexpected: string[] = [];
  for (const [k, { e, n }] of exp) {
    const got = act.get(k)?.n ?? 0;
    if (got < n) missing.push(`  - ${k}${n > 1 ? ` (×${n - got})` : ''}: ${lineText(e).trim()}`);
  }
  for (const [k, { e, n }] of act) {
    const want = exp.get(k)?.n ?? 0;
    if (n > want) unexpected.push(`  + ${k}${n - want > 1 ? ` (×${n - want})` : ''}: ${lineText(e).trim()}`);
  }
  if (missing.length === 0 && unexpected.length === 0) return undefined;
  return [
    missing.length ? `missing (marked "# expect:" but not reported):\n${missing.join('\n')}` : '',
    unexpected.length ? `unexpected (reported on a line without a marker):\n${unexpected.join('\n')}` : '',
  ].filter(Boolean).join('\n');
}

/** Text of the line an expectation refers to, for diff messages. */
export function lineTextFor(fx: Fixture): (e: Expectation) => string {
  if (fx.kind === 'py') {
    const lines = fs.readFileSync(fx.file, 'utf8').split(/\r?\n/);
    return (e) => lines[e.line] ?? '<past end of file>';
  }
  const cells = readNotebookCells(fx.file).map((c) => c.source.split(/\r?\n/));
  return (e) => cells[e.cell ?? -1]?.[e.line] ?? '<past end of cell>';
}
