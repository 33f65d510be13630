// Incremental re-parsing (core/analysis/incremental.ts) must be invisible: after any sequence of edits, analysing
// with a document key (previous tree edited and reused) gives exactly the findings of a from-scratch analysis.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { Analyzer } from '../../../../src/core/analysis/analyzer';
import { editBetween } from '../../../../src/core/analysis/incremental';
import type { Finding } from '../../../../src/core/analysis/types';
import { fixturesDir, locateWasm } from '../fixtures-lib';

const sources = ['grad-clip/cases.py', 'eval-mode/cases.py', 'scripts/crlf_endings.py', 'scripts/tabs_indented.py', 'scripts/amp_finetune.py']
  .map((f) => fs.readFileSync(path.join(fixturesDir, f), 'utf8'));
// Non-ASCII (CJK, a surrogate pair) before the edits: indices and columns must be UTF-16 code units throughout.
sources.push(`# 中文注释 😀\n${sources[0]}`);

const summary = (fs: Finding[]) => fs.map((f) => `${f.ruleId}@${f.range.startLine}:${f.range.startColumn}-${f.range.endLine}:${f.range.endColumn} ${f.fix ? f.fix.edits.map((e) => JSON.stringify(e)).join() : ''}`);

let analyzer: Analyzer;
before(async function () {
  this.timeout(60_000);
  analyzer = await Analyzer.create({ locateWasm });
});

/** One edit: replace [at, at + remove) of the text by `insert` (positions as fractions of the length). */
const edit = fc.record({
  at: fc.double({ min: 0, max: 1, noNaN: true }),
  remove: fc.nat(40),
  insert: fc.constantFrom('', 'x', '\n', '    ', 'model.eval()\n', '(', ')', ':', '"', '中', '😀', '\r\n', 'for x in y:\n    pass\n', '#'),
});

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
          const at = Math.floor(e.at * text.length);
          text = text.slice(0, at) + e.insert + text.slice(at + e.remove);
          const incremental = analyzer.analyze(text, { document: key }).findings;
          const scratch = analyzer.analyze(text).findings;
          assert.deepEqual(summary(incremental), summary(scratch), `after editing at ${at}:\n${text}`);
        }
        analyzer.forgetDocument(key);
      }),
      { numRuns: 60, seed: 11 },
    );
  });
});
