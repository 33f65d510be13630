/** Shared test helpers: one Analyzer per test process, loaded from node_modules. */
import path from 'node:path';
import { Analyzer } from '../../../../src/core/analysis/analyzer';

const modules = path.resolve(__dirname, '..', '..', '..', '..', 'node_modules');

export function locateWasm(file: string): string {
  if (file === 'tree-sitter-python.wasm') return path.join(modules, 'tree-sitter-python', file);
  return path.join(modules, 'web-tree-sitter', file);
}

let pending: Promise<Analyzer> | null = null;
export function analyzer(): Promise<Analyzer> {
  pending ??= Analyzer.create({ locateWasm });
  return pending;
}

/** Rule ids found in `source`, with 1-based lines: ["grad-clip@8", …]. */
export async function ids(source: string, select?: string[]): Promise<string[]> {
  const a = await analyzer();
  return a.analyze(source, { select }).findings.map((f) => `${f.ruleId}@${f.range.startLine + 1}`);
}

/** Dedent a template literal so tests can indent Python naturally. */
export function py(strings: TemplateStringsArray, ...values: unknown[]): string {
  const raw = String.raw({ raw: strings }, ...values).replace(/^\n/, '');
  const indent = Math.min(...raw.split('\n').filter((l) => l.trim()).map((l) => /^ */.exec(l)![0].length));
  return raw.split('\n').map((l) => l.slice(indent)).join('\n');
}
