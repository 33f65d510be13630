// Rebuilding the model after an edit (structure/remodel.ts: objects before the edited statements reused, those
// after copied and moved) must give the model a from-scratch build gives, field by field, after any edit —
// and must leave the previous model as it was (both share the reused objects).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { loadPython, type PythonParser } from '../../../../src/core/analysis/parser';
import { buildModel, callArgs, type FileModel } from '../../../../src/core/analysis/structure/model';
import { scanPython } from '../../../../src/core/analysis/structure/scan';
import { rescanPython } from '../../../../src/core/analysis/structure/rescan';
import { rebuildModel } from '../../../../src/core/analysis/structure/remodel';
import { editBetween } from '../../../../src/core/analysis/incremental';
import { generateTrainingFile } from '../../../../bench/gen/training-file';
import { fixturesDir, locateWasm } from '../fixtures-lib';

const sources = ['scripts/amp_finetune.py', 'scripts/crlf_endings.py', 'grad-clip/cases.py', 'no-seed/spawned_workers.py', 'eval-no-grad/cases.py']
  .map((f) => fs.readFileSync(path.join(fixturesDir, f), 'utf8'));
sources.push(generateTrainingFile(200), `import torch\n\n@torch.no_grad()\n@staticmethod\ndef ev(model):\n    return model(x)\n\n\n@dec\nclass A:\n    @property\n    def p(self):\n        return f(self)\n`);

/** Every field of the model, objects named by index (parents, enclosing functions). */
function show(m: FileModel): unknown {
  const c = (x: { index: number } | null) => (x ? x.index : -1);
  return {
    calls: m.calls.map((x) => [x.index, x.start, x.end, x.callee, x.qname, x.method, x.receiver, x.argsStart, x.argsEnd, c(x.parent), x.assignedTo, x.lineStart]),
    containers: m.containers.map((x) => ({ ...x, parent: c(x.parent), fn: c(x.fn) })),
    functions: m.functions.map(c), classes: m.classes.map(c), loops: m.loops.map(c),
    breaks: m.breaks.map((x) => [x.start, c(x.parent)]), returns: m.returns.map((x) => [x.start, c(x.parent)]),
    aliases: [...m.aliases], imports: m.imports, lines: m.lines.starts, hasError: m.hasError,
  };
}

const inserts = fc.constantFrom(
  '', 'x', '1', '\n', '    ', ':', '(', ')', '"', '#', '@dec\n', '@torch.no_grad()\n', 'else:\n    pass\n', 'def g(a):\n    return h(a)\n',
  '\ndef g():\n    for x in y:\n        break\n', 'class K(nn.Module):\n    pass\n', 'import os\n', 'from torch import nn as tnn\n',
  'import numpy as torch\n', '    optimizer.step()\n', 'f(x)\n', 'y = g(z)\n', '中',
);
type Edit = (text: string) => string;
const randomEdit = fc.record({ at: fc.double({ min: 0, max: 1, noNaN: true }), remove: fc.nat(60), insert: inserts })
  .map(({ at, remove, insert }): Edit => (text) => {
    const i = Math.floor(at * text.length);
    return text.slice(0, i) + insert + text.slice(i + remove);
  });
/** A statement inserted before a line, indented like it (the text stays valid Python far more often). */
const statementEdit = fc.record({
  nth: fc.nat(),
  statement: fc.constantFrom('f(x)', 'y = g(z).h(1)', 'return model', 'break', '@dec', 'import os', 'if a:\n    b()', 'for x in y:\n    z(x)', 'pass'),
}).map(({ nth, statement }): Edit => (text) => {
  const starts = [...text.matchAll(/^[ \t]*\S/gm)].map((m) => m.index);
  const at = starts.length ? starts[nth % starts.length] : 0;
  const indent = /^[ \t]*/.exec(text.slice(at))![0];
  return `${text.slice(0, at)}${statement.split('\n').map((l) => indent + l).join('\n')}\n${text.slice(at)}`;
});
const edit = fc.oneof(randomEdit, statementEdit);

let parser: PythonParser;
before(async () => {
  parser = await loadPython(locateWasm);
});

function scratch(text: string): FileModel | null {
  const tree = parser.parse(text)!;
  try {
    return tree.rootNode.hasError ? null : buildModel(text, tree);
  } finally {
    tree.delete();
  }
}

describe('rebuilding the model after an edit', () => {
  it('equals a model built from scratch, and leaves the previous model unchanged', function () {
    this.timeout(120_000);
    let rebuilt = 0;
    fc.assert(
      fc.property(fc.constantFrom(...sources), fc.array(edit, { minLength: 1, maxLength: 6 }), (source, edits) => {
        let text = source;
        for (const e of edits) {
          const next = e(text);
          const previous = scratch(text);
          const nodes = scanPython(text);
          const fresh = scratch(next);
          if (previous && nodes && fresh) {
            for (const call of previous.calls) callArgs(previous, call); // reused objects carry parsed arguments
            const before = JSON.stringify(show(previous));
            const d = editBetween(text, next);
            const rescan = rescanPython(text, nodes, next, { start: d.startIndex, oldEnd: d.oldEndIndex, newEnd: d.newEndIndex });
            const model = rescan && rebuildModel(previous, next, rescan.nodes, rescan.region);
            if (model) {
              rebuilt++;
              assert.deepEqual(show(model), show(fresh), `after the edit:\n${next}`);
              for (const call of model.calls) assert.deepEqual(callArgs(model, call), callArgs(fresh, fresh.calls[call.index]));
            }
            assert.equal(JSON.stringify(show(previous)), before, 'the previous model changed');
          }
          text = next;
        }
      }),
      { numRuns: 300, seed: 11 },
    );
    assert.ok(rebuilt > 150, `only ${rebuilt} edits were rebuilt incrementally`);
  });
});
