/**
 * The text scanner (structure/scan.ts) must find exactly the nodes tree-sitter reports for valid Python — same
 * kinds, starts and ends — since the model is built from either. Checked on every Python fixture, fuzz seed,
 * the benchmark's generated file and hand-written corner cases (f-strings, one-liners, decorators, clauses).
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { loadPython } from '../../../../src/core/analysis/parser';
import { locateArgs, treeNodes } from '../../../../src/core/analysis/structure/model';
import { scanPython, type RawNode } from '../../../../src/core/analysis/structure/scan';
import { generateTrainingFile } from '../../../../bench/gen/training-file';
import fc from 'fast-check';
import { locateWasm, py } from './helpers';
import { deepBlocks, deepBrackets, lineMutatedSeed, loadSeedScripts, mutatedSeed, tokenSoup, truncatedSeed } from '../../fuzz/pythonArbitraries';
import { fuzzParams } from '../../fuzz/fuzzConfig';

const repo = path.resolve(__dirname, '..', '..', '..', '..');

function pythonFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...pythonFiles(p));
    else if (e.name.endsWith('.py')) out.push(p);
  }
  return out;
}

/**
 * Markers (return/break) only carry a start in the model. Tree-sitter sometimes starts a splatted call in a
 * list/set display at the star (`[*f(x)]`); the scanner starts it at the callee, by design (see scan.ts).
 */
const show = (nodes: RawNode[], source: string): string[] => nodes.map((n) => {
  let start = n.start;
  if (n.type === 'call') while (source[start] === '*') start++;
  return n.type === 'return_statement' || n.type === 'break_statement' ? `${n.type}@${start}` : `${n.type}@${start}-${n.end}`;
});

const CORNERS: Record<string, string> = {
  fstrings: py`
    print(f"loss {loss.item():.4f} {len(xs)!r} {{literal}} {d['k']}", f'{f"{a(b)}"}')
    s = rf"{x}" "plain" f"""
    {y.z(1)}
    """.strip()
  `,
  oneLiners: py`
    for x in y: f(x); g(x)
    if a: return b
    elif c: break
    else: h()
    while True: step()
    class A: pass
    def f(x=g(1), *a, **k) -> Dict[str, int]: return x
  `,
  commentsAndSoftKeywords: py`
    if a:
        x()
    # between clauses
    else:
        y()
    match command:
        case (x, y):
            go(x)
        case _: stop()
    match(a, b)
    z = [*range(3), *xs.items()]; w = {*s(1)}
    v = a \
        .b(c)
  `,
  clauses: py`
    @decorator(arg=1)
    @other
    async def run(a):
        async with lock as l:
            async for b in it():
                if b:
                    pass
                    # trailing comment inside
                else:
                    continue
            else:
                done()
        try:
            import os
        except ImportError:  # comment
            os = None
        finally:
            from x import (a,
                b)

    # comment at column 0
    from __future__ import annotations
    x = (lambda q: q)(3)[0].y(
        1,
    )
  `,
};

describe('text scanner matches tree-sitter', () => {
  const files = [...pythonFiles(path.join(repo, 'test', 'fixtures')), ...pythonFiles(path.join(repo, 'test', 'unit', 'fuzz', 'seeds'))];
  const sources: Array<[string, string]> = [
    ...files.map((f): [string, string] => [path.relative(repo, f), fs.readFileSync(f, 'utf8')]),
    ['generated 1000 lines', generateTrainingFile(1000)],
    ...Object.entries(CORNERS),
  ];
  for (const [name, source] of sources) {
    it(name, async () => {
      const parser = await loadPython(locateWasm);
      const tree = parser.parse(source)!;
      try {
        if (tree.rootNode.hasError) return; // the scanner is only used for valid code
        const scanned = scanPython(source);
        assert.ok(scanned, 'scanner gave up on valid code');
        assert.deepEqual(show(scanned, source), show(treeNodes(tree), source));
      } finally {
        tree.delete();
      }
    });
  }
  it('agrees on random mutations of the fuzz seeds that still parse', async () => {
    const parser = await loadPython(locateWasm);
    const seeds = loadSeedScripts();
    const inputs = fc.oneof(mutatedSeed(seeds), lineMutatedSeed(seeds), truncatedSeed(seeds), tokenSoup, deepBlocks, deepBrackets);
    fc.assert(fc.property(inputs, (source) => {
      const text = source.replace(/\0/g, ' ');
      const tree = parser.parse(text)!;
      try {
        if (tree.rootNode.hasError) return;
        const scanned = scanPython(text);
        if (scanned) assert.deepEqual(show(scanned, text), show(treeNodes(tree), text));
      } finally {
        tree.delete();
      }
    }), fuzzParams(300));
  });
  it('hands over the same argument-list offsets model.ts would find by itself', () => {
    for (const [name, source] of sources) {
      for (const node of scanPython(source) ?? []) {
        if (node.type !== 'call') continue;
        assert.equal(node.args, locateArgs(source, node.start, node.end), `${name}: ${source.slice(node.start, node.end)}`);
      }
    }
  });
  it('gives up on unbalanced brackets and unterminated strings', () => {
    assert.equal(scanPython('f(a, b\n'), null);
    assert.equal(scanPython('x = "abc\n'), null);
  });
});
