/**
 * blankCommentsAndDocstrings (structure/text.ts) replaced a whole-file regex replace for speed; it must give exactly
 * what that regex gave — on every fixture and fuzz seed, and on random text made of the characters that matter
 * (quotes, `#`, backslashes, line terminators).
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { blankCommentsAndDocstrings } from '../../../../src/core/analysis/structure/text';
import { fuzzParams } from '../../fuzz/fuzzConfig';

const repo = path.resolve(__dirname, '..', '..', '..', '..');

/** The regex the loop replaced (kept here as the specification). */
const reference = (s: string): string => s.replace(
  /"""[\s\S]*?(?:"""|$(?![\s\S]))|'''[\s\S]*?(?:'''|$(?![\s\S]))|"(?:[^"\\\n]|\\.)*"?|'(?:[^'\\\n]|\\.)*'?|#[^\n]*/g,
  (m) => (m[0] === '#' || m.startsWith('"""') || m.startsWith("'''") ? m.replace(/[^\n]/g, ' ') : m),
);

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...sourceFiles(p));
    else if (/\.(py|ipynb)$/.test(e.name)) out.push(p);
  }
  return out;
}

describe('blankCommentsAndDocstrings', () => {
  it('blanks comments and triple-quoted strings, keeps newlines, offsets and one-line strings', () => {
    const src = 'x = "a # not a comment"  # comment\n"""doc\nstring"""\ny = \'#\'\n';
    const out = blankCommentsAndDocstrings(src);
    assert.equal(out.length, src.length);
    assert.equal(out, `x = "a # not a comment"${' '.repeat(11)}\n${' '.repeat(6)}\n${' '.repeat(9)}\ny = '#'\n`);
  });
  it('ends a one-line string where the regex did (before a backslash-escaped line terminator, at a newline)', () => {
    const bs = '\\';
    const corners = [
      `"a${bs}\r# c"\n`, `"a${bs}\u2028# c"`, `'a${bs}\u2029# c'`, `"a${bs}\n# c"`, `"a${bs}"# c"`, '"a\n# c"', '"""a # b', "'''a\n# b\n",
      `"a${bs}`, '#', '"""', '""""# x', "''#'\n", 'x = f"{a!r}" # c',
    ];
    for (const s of corners) assert.equal(blankCommentsAndDocstrings(s), reference(s), JSON.stringify(s));
  });
  it('gives what the regex gave on every fixture and fuzz seed', () => {
    const files = [...sourceFiles(path.join(repo, 'test', 'fixtures')), ...sourceFiles(path.join(repo, 'test', 'unit', 'fuzz', 'seeds'))];
    assert.ok(files.length > 10);
    for (const f of files) {
      const text = fs.readFileSync(f, 'utf8');
      assert.equal(blankCommentsAndDocstrings(text), reference(text), path.relative(repo, f));
    }
  });
  it('gives what the regex gave on random quote-heavy text', () => {
    const pieces = ['"', "'", '"""', "'''", '#', '\\', '\n', '\r', '\r\n', '\u2028', 'a', ' ', 'f"', '\\\n', 'x = 1'];
    const text = fc.array(fc.constantFrom(...pieces), { maxLength: 30 }).map((a) => a.join(''));
    fc.assert(fc.property(text, (s) => {
      assert.equal(blankCommentsAndDocstrings(s), reference(s));
    }), fuzzParams(2000));
  });
});
