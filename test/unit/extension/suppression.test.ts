import assert from 'node:assert/strict';
import { ignoreEdit } from '../../../src/extension/pure/suppression';

function apply(line: string, e: ReturnType<typeof ignoreEdit>): string {
  assert.ok(e);
  return line.slice(0, e.start) + e.text + line.slice(e.end);
}

describe('extension: ignore-on-line edit', () => {
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
