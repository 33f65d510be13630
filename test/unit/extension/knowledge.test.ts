import assert from 'node:assert/strict';
import { cardsForKeyword, cardsForName, clip } from '../../../src/core/knowledge/cardLookup';
import { refLabel, resolveAdviceRef } from '../../../src/core/knowledge/refs';
import { kb } from './helpers';

describe('extension: knowledge lookups', () => {
  it('resolves refs to entries and items, and rejects missing ones', () => {
    assert.equal(resolveAdviceRef(kb, '9#5')?.item?.number, 5);
    assert.equal(resolveAdviceRef(kb, '9')?.item, null);
    assert.equal(resolveAdviceRef(kb, 'builtin:9#5')?.entry.key, '9');
    assert.equal(resolveAdviceRef(kb, '9#6'), null);
    assert.equal(resolveAdviceRef(kb, '10'), null);
    assert.equal(refLabel(kb, '9#5', 'zh'), '梯度裁剪');
    assert.equal(refLabel(kb, '9#5', 'en'), 'Gradient clipping');
    assert.equal(refLabel(kb, '77#1', 'en'), '77#1');
  });

  it('matches qualified names exactly and through module wildcards', () => {
    assert.deepEqual(cardsForName(kb.cards, 'torch.nn.utils.clip_grad_norm_', 'clip').map((c) => c.id), ['gradient-clipping']);
    assert.deepEqual(cardsForName(kb.cards, 'torch.optim.lr_scheduler.StepLR', 'x').map((c) => c.id), ['lr-scheduling']);
    assert.deepEqual(cardsForName(kb.cards, 'torch.optim.lr_scheduler', 'lr_scheduler').map((c) => c.id), [], 'the module itself is not under its wildcard');
  });

  it('falls back to a distinctive last segment when the import is unknown, never a generic one', () => {
    assert.deepEqual(cardsForName(kb.cards, null, 'callbacks.EarlyStopping').map((c) => c.id), ['early-stopping']);
    assert.deepEqual(cardsForName(kb.cards, null, 'clip_grad_value_').map((c) => c.id), ['gradient-clipping']);
    assert.deepEqual(cardsForName(kb.cards, null, 'scheduler.step'), []);
  });

  it('finds cards for keyword arguments through apis or keywords', () => {
    assert.deepEqual(cardsForKeyword(kb.cards, 'weight_decay').map((c) => c.id), ['weight-decay']);
    assert.deepEqual(cardsForKeyword(kb.cards, 'lr'), []);
  });

  it('clips long text on a sentence boundary', () => {
    const text = 'First sentence here. Second sentence that is much longer and goes on. Third.';
    assert.equal(clip(text, 30), 'First sentence here.');
    assert.equal(clip(text, 40), 'First sentence here. Second sentence…', 'too early a stop: cut at a word instead');
    assert.equal(clip('short', 40), 'short');
    assert.ok(clip('word '.repeat(50), 30).endsWith('…'));
  });
});
