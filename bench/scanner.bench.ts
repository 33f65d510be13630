// Does the hand-written scanner (analysis/structure/scan.ts) still earn its place now that keystrokes re-parse
// incrementally? It collects the nodes the structural model needs (calls, compound statements, decorators,
// imports, break/return) from the text of valid Python. The alternatives inside tree-sitter: its Query API (one
// `captures` call with a pattern per node kind, the ecosystem's way to pull nodes out of a tree) and
// `descendantsOfType` (what the model uses for files with syntax errors). Each is timed against a bare parse of
// the same file in the same run, on generated training files of 1k, 10k and 50k lines (median of the runs).
// Prints a Markdown section and one `BENCH_JSON ` line (protocol: bench/run.mjs).
import path from 'node:path';
import { Query } from 'web-tree-sitter';
import { loadPython } from '../src/core/analysis/parser';
import { scanPython } from '../src/core/analysis/structure/scan';
import { treeNodes } from '../src/core/analysis/structure/model';
import { generateTrainingFile } from './gen/training-file';

const root = path.resolve(__dirname, '..');
const locateWasm = (file: string): string => (path.basename(file).includes('python')
  ? path.join(root, 'node_modules', 'tree-sitter-python', 'tree-sitter-python.wasm')
  : path.join(root, 'node_modules', 'web-tree-sitter', 'web-tree-sitter.wasm'));

const SIZES = [1000, 10000, 50000];
const RUNS: Record<number, number> = { 1000: 30, 10000: 12, 50000: 6 };
/** The node kinds model.ts collects (its KINDS), as one query. */
const PATTERN = ['call', 'function_definition', 'class_definition', 'for_statement', 'while_statement', 'with_statement',
  'if_statement', 'break_statement', 'return_statement', 'decorator', 'import_statement', 'import_from_statement']
  .map((k) => `(${k}) @n`).join('\n');

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function main(): Promise<void> {
  const parser = await loadPython(locateWasm);
  const query = new Query(parser.language, PATTERN);
  const rows: string[] = [];
  const json: Record<string, unknown> = {};
  for (const size of SIZES) {
    const source = generateTrainingFile(size);
    const t = { parse: [] as number[], scan: [] as number[], query: [] as number[], descendants: [] as number[] };
    let counts = { scan: 0, query: 0, descendants: 0 };
    for (let i = 0; i < RUNS[size]! + 3; i++) {
      let t0 = performance.now();
      const tree = parser.parse(source)!;
      const parse = performance.now() - t0;
      t0 = performance.now();
      const scanned = scanPython(source);
      const scan = performance.now() - t0;
      t0 = performance.now();
      const captured = query.captures(tree.rootNode).map((c) => ({ type: c.node.type, start: c.node.startIndex, end: c.node.endIndex }));
      const q = performance.now() - t0;
      t0 = performance.now();
      const walked = treeNodes(tree);
      const descendants = performance.now() - t0;
      tree.delete();
      if (!scanned) throw new Error('the scanner gave up on a generated (valid) file');
      counts = { scan: scanned.length, query: captured.length, descendants: walked.length };
      if (i < 3) continue; // warm-up
      t.parse.push(parse);
      t.scan.push(scan);
      t.query.push(q);
      t.descendants.push(descendants);
    }
    const p = median(t.parse);
    const r = (xs: number[]) => `${median(xs).toFixed(2)} ms (${(median(xs) / p).toFixed(2)}×)`;
    rows.push(`| ${size.toLocaleString('en')} | ${p.toFixed(2)} ms | ${r(t.scan)} | ${r(t.query)} | ${r(t.descendants)} | ${counts.scan} / ${counts.query} / ${counts.descendants} |`);
    json[size] = { parse: p, scan: median(t.scan), query: median(t.query), descendants: median(t.descendants), counts };
  }
  console.log([
    '## Collecting the structural model\'s nodes: hand-written scanner vs tree-sitter Query API',
    '',
    'Median time to collect the nodes model.ts needs from a generated training file, and its ratio to a bare',
    'parse of the same file in the same run (lower is better). The scanner reads the text; the Query API and',
    '`descendantsOfType` read the tree that the parse built.',
    '',
    '| lines | parse | scanner | Query.captures | descendantsOfType | nodes (scan / query / descendants) |',
    '|---:|---:|---:|---:|---:|---:|',
    ...rows,
  ].join('\n'));
  console.log(`BENCH_JSON ${JSON.stringify({ bench: 'scanner', sizes: json })}`);
}

void main();
