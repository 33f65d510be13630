import assert from 'node:assert/strict';
import { collectSuppressions, ignoreEdit } from '../../../src/core/analysis/suppression';
import { LineIndex } from '../../../src/core/analysis/structure/text';

function apply(line: string, e: ReturnType<typeof ignoreEdit>): string {
  assert.ok(e);
  return line.slice(0, e.start) + e.text + line.slice(e.end);
}

describe('ignore-on-line edit', () => {
  it('writes a comment the analyzer\'s suppression reading honours (one syntax, one module)', () => {
    for (const [line, rule, other] of [['    loss.backward()', 'grad-clip', 'zero-grad'], ['    x = 1  # advisor: ignore[zero-grad]', 'grad-clip', 'lr-schedule']] as const) {
      const e = ignoreEdit(line, 1, rule)!;
      const fixed = `a = 0\n${line.slice(0, e.start)}${e.text}${line.slice(e.end)}\n`;
      const s = collectSuppressions(new LineIndex(fixed));
      assert.equal(s.isSuppressed(rule, 1), true, fixed);
      assert.equal(s.isSuppressed(other, 1), line.includes(other), fixed);
      assert.equal(s.isSuppressed(rule, 0), false);
    }
  });

  it('appends the suppression comment at the end of the anchor line', () => {
    const line = '        loss.backward()   ';
    assert.equal(apply(line, ignoreEdit(line, 3, 'grad-clip')), '        loss.backward()  # advisor: ignore[grad-clip]');
  });

  it('merges with an existing advisor comment and does nothing when already silenced', () => {
    const line = 'for epoch in range(10):  # advisor: ignore[no-checkpoint]';
    assert.equal(apply(line, ignoreEdit(line, 0, 'early-stopping')), 'for epoch in range(10):  # advisor: ignore[no-checkpoint, early-stopping]');
    assert.equal(ignoreEdit(line, 0, 'no-checkpoint'), null);
    assert.equal(ignoreEdit('x()  # advisor: ignore', 0, 'grad-clip'), null);
  });

  it('keeps an existing comment and puts the suppression after it', () => {
    const line = 'loss.backward()  # compute grads';
    assert.equal(apply(line, ignoreEdit(line, 0, 'grad-clip')), 'loss.backward()  # compute grads  # advisor: ignore[grad-clip]');
  });

  it('inserts a line above, same indentation, after a line continuation', () => {
    const e = ignoreEdit('    x = a + \\', 7, 'grad-clip')!;
    assert.deepEqual(e, { line: 7, start: 0, end: 0, text: '    # advisor: ignore[grad-clip]\n' });
  });
});
