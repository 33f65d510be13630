// Re-scanning after an edit (structure/rescan.ts) must give exactly the nodes of a full scan of the new text,
// whatever the edit does to the statements around it: structural text (defs, clauses, decorators, imports,
// open strings and brackets, line continuations, indentation) inserted or removed anywhere, edits in a row.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { scanPython, type RawNode } from '../../../../src/core/analysis/structure/scan';
import { rescanPython } from '../../../../src/core/analysis/structure/rescan';
import { editBetween } from '../../../../src/core/analysis/incremental';
import { generateTrainingFile } from '../../../../bench/gen/training-file';
import { fixturesDir } from '../fixtures-lib';

const sources = ['scripts/amp_finetune.py', 'scripts/crlf_endings.py', 'scripts/tabs_indented.py', 'grad-clip/cases.py', 'no-seed/main_guard.py', 'no-seed/spawned_workers.py']
  .map((f) => fs.readFileSync(path.join(fixturesDir, f), 'utf8'));
sources.push(generateTrainingFile(200), `# 中文 😀\n${sources[0]}`);

const show = (nodes: RawNode[] | null) => nodes?.map((n) => `${n.type}@${n.start}-${n.end}${n.args === undefined ? '' : `(${n.args}`}`) ?? null;

/** Text an edit may insert: plain characters and everything that changes how statements around it are read. */
const inserts = fc.constantFrom(
  '', 'x', '1', '\n', '    ', '\t', ':', '(', ')', '[', '"', "'", '"""', '#', '\\\n', '@dec\n', 'else:\n    pass\n', 'elif y:\n',
  'def g(a):\n    return h(a)\n', '\ndef g():\n', 'class K(nn.Module):\n    pass\n', 'import os\n', 'from torch import nn\n',
  'if __name__ == "__main__":\n    main()\n', 'for x in y:\n', '    optimizer.step()\n', 'f(x)\n', 'except E:\n', '中', '😀',
);
const edit = fc.record({ at: fc.double({ min: 0, max: 1, noNaN: true }), remove: fc.nat(60), insert: inserts });

/** The rescan of `after` from the nodes of `before` (null when `before` itself does not scan). */
function rescan(before: string, after: string): RawNode[] | null | undefined {
  const previous = scanPython(before);
  if (!previous) return undefined;
  const e = editBetween(before, after);
  return rescanPython(before, previous, after, { start: e.startIndex, oldEnd: e.oldEndIndex, newEnd: e.newEndIndex })?.nodes ?? null;
}

describe('re-scanning after an edit', () => {
  it('equals a full scan of the new text after any sequence of edits', function () {
    this.timeout(120_000);
    let compared = 0;
    fc.assert(
      fc.property(fc.constantFrom(...sources), fc.array(edit, { minLength: 1, maxLength: 6 }), (source, edits) => {
        let text = source;
        for (const e of edits) {
          const at = Math.floor(e.at * text.length);
          const next = text.slice(0, at) + e.insert + text.slice(at + e.remove);
          const got = rescan(text, next);
          if (got !== undefined) {
            assert.deepEqual(show(got), show(scanPython(next)), `editing at ${at}:\n${next}`);
            compared++;
          }
          text = next;
        }
      }),
      { numRuns: 400, seed: 11 },
    );
    assert.ok(compared > 300, `only ${compared} edits had a scannable text before them`);
  });

  it('scans again only the top-level statements around the edit (the rest is reused)', () => {
    const source = generateTrainingFile(2000);
    const previous = scanPython(source)!;
    const at = source.indexOf('lr=', source.length >> 1) + 3;
    const after = `${source.slice(0, at)}5${source.slice(at)}`;
    const reused = new Set(previous);
    const got = rescanPython(source, previous, after, { start: at, oldEnd: at, newEnd: at + 1 })!.nodes;
    const fresh = got.filter((n) => !reused.has(n)).length;
    assert.ok(fresh > 0 && fresh < got.length / 20, `${fresh} of ${got.length} nodes scanned again`);
  });

  it('handles a statement turned into a clause, an indented one and a line continuation before the next statement', () => {
    const before = 'if a:\n    f()\nx = 1\ndef g():\n    return h()\nimport os\n';
    for (const after of [
      before.replace('def g():', 'else:'), // `else:` now continues the `if` above the re-scanned region
      before.replace('x = 1', 'x = 1 + \\'), // the continuation joins the def onto the line before
      before.replace('def g():', '    def g():'),
    ]) {
      assert.deepEqual(show(rescan(before, after)!), show(scanPython(after)), after);
    }
  });
});
