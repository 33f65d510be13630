// Incremental analysis (core/analysis/incremental.ts: the previous tree edited and re-parsed; structure/rescan.ts:
// the previous scan reused outside the edited statements) must be invisible: after any sequence of edits,
// analysing with a document key gives exactly the findings of a from-scratch analysis. The edits include random
// text anywhere and statements that change facts other functions' findings depend on: a clip, scheduler, seed,
// eval() or save added to one function, a function renamed (it may be a training step another one calls), an
// import at the top, a launcher handing a function over.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { Analyzer } from '../../../../src/core/analysis/analyzer';
import { editBetween } from '../../../../src/core/analysis/incremental';
import type { Finding } from '../../../../src/core/analysis/types';
import { fixturesDir, locateWasm } from '../fixtures-lib';
import { generateTrainingFile } from '../../../../bench/gen/training-file';

const sources = ['grad-clip/cases.py', 'eval-mode/cases.py', 'scripts/crlf_endings.py', 'scripts/tabs_indented.py', 'scripts/amp_finetune.py']
  .map((f) => fs.readFileSync(path.join(fixturesDir, f), 'utf8'));
// Non-ASCII (CJK, a surrogate pair) before the edits: indices and columns must be UTF-16 code units throughout.
sources.push(`# 中文注释 😀\n${sources[0]}`);
// Several training functions that call each other, run from an entry point.
sources.push(`${generateTrainingFile(150)}\n\nif __name__ == "__main__":\n    train_0()\n    train_1()\n`);

const summary = (fs: Finding[]) => fs.map((f) => `${f.ruleId}@${f.range.startLine}:${f.range.startColumn}-${f.range.endLine}:${f.range.endColumn} ${f.fix ? f.fix.edits.map((e) => JSON.stringify(e)).join() : ''}`);

let analyzer: Analyzer;
before(async function () {
  this.timeout(60_000);
  analyzer = await Analyzer.create({ locateWasm });
});

/** An edit as a function of the text: the new text. */
type Edit = (text: string) => string;

/** Random text: replace [at, at + remove) by `insert` (at as a fraction of the length). */
const randomEdit = fc.record({
  at: fc.double({ min: 0, max: 1, noNaN: true }),
  remove: fc.nat(40),
  insert: fc.constantFrom('', 'x', '\n', '    ', 'model.eval()\n', '(', ')', ':', '"', '中', '😀', '\r\n', 'for x in y:\n    pass\n', '#'),
}).map(({ at, remove, insert }): Edit => (text) => {
  const i = Math.floor(at * text.length);
  return text.slice(0, i) + insert + text.slice(i + remove);
});

/** The start of the nth line (of those matching `re`), wrapping around. */
function lineStart(text: string, nth: number, re = /^/gm): number {
  const starts = [...text.matchAll(re)].map((m) => m.index);
  return starts.length ? starts[nth % starts.length] : 0;
}

/** A statement inserted before a line, indented like it: changes what the enclosing function does. */
const statementEdit = fc.record({
  nth: fc.nat(),
  statement: fc.constantFrom(
    'torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)', 'scheduler.step()', 'torch.manual_seed(0)',
    'model.eval()', 'model.train()', 'optimizer.zero_grad()', 'optimizer.step()', 'loss.backward()',
    'torch.save(model.state_dict(), "ckpt.pt")', 'scaler = torch.cuda.amp.GradScaler()', 'return model',
    'train_0()', 'mp.spawn(train_1, nprocs=2)', 'optimizer = torch.optim.SGD(model.parameters(), lr=0.1)',
  ),
}).map(({ nth, statement }): Edit => (text) => {
  const at = lineStart(text, nth, /^[ \t]*\S/gm);
  const indent = /^[ \t]*/.exec(text.slice(at))![0];
  return `${text.slice(0, at)}${indent}${statement}\n${text.slice(at)}`;
});

/** At the top: imports that change what names mean everywhere (aliases, frameworks, test files). */
const importEdit = fc.constantFrom(
  'import torch.cuda.amp as amp\n', 'from torch.nn.utils import clip_grad_norm_\n', 'import pytest\n',
  'from transformers import Trainer\n', 'import torch.multiprocessing as mp\n', 'import lightning as L\n',
).map((line): Edit => (text) => line + text);

/** A function renamed at its definition (its callers now call nothing), or a rename undone later by another. */
const renameEdit = fc.record({ nth: fc.nat(), suffix: fc.constantFrom('x', '_v2', '') }).map(({ nth, suffix }): Edit => (text) => {
  const defs = [...text.matchAll(/def (\w+)/g)];
  if (!defs.length) return text;
  const m = defs[nth % defs.length];
  const end = m.index + m[0].length;
  return suffix ? text.slice(0, end) + suffix + text.slice(end) : text.slice(0, end - 1) + text.slice(end);
});

const edit = fc.oneof(randomEdit, statementEdit, importEdit, renameEdit);

describe('incremental re-parsing', () => {
  it('editBetween finds the changed span, with rows and UTF-16 columns', () => {
    const e = editBetween('ab\n中x\ncd', 'ab\n中yy\ncd');
    assert.deepEqual({ ...e }, {
      startIndex: 4, oldEndIndex: 5, newEndIndex: 6,
      startPosition: { row: 1, column: 1 }, oldEndPosition: { row: 1, column: 2 }, newEndPosition: { row: 1, column: 3 },
    });
  });

  it('gives the findings of a from-scratch analysis after any sequence of edits', function () {
    this.timeout(300_000);
    let doc = 0;
    fc.assert(
      fc.property(fc.constantFrom(...sources), fc.array(edit, { minLength: 1, maxLength: 8 }), (source, edits) => {
        const key = `file:///doc${doc++}.py`;
        let text = source;
        analyzer.analyze(text, { document: key });
        for (const e of edits) {
          text = e(text);
          const incremental = analyzer.analyze(text, { document: key }).findings;
          const scratch = analyzer.analyze(text).findings;
          assert.deepEqual(summary(incremental), summary(scratch), `after the edit:\n${text}`);
        }
        analyzer.forgetDocument(key);
      }),
      { numRuns: 120, seed: 11 },
    );
  });
});
