import assert from 'node:assert/strict';
import { analyzer } from './helpers';
import { rules, getRule } from '../../../../src/core/analysis/registry';

const IDS = [
  'grad-clip', 'early-stopping', 'lr-schedule', 'mixed-precision', 'scaler-unscale', 'data-parallel', 'gloo-on-gpu',
  'eval-no-grad', 'eval-mode', 'dataloader-workers', 'no-checkpoint', 'no-monitoring', 'weight-decay', 'sgd-momentum',
  'zero-grad', 'train-mode', 'torch-load-weights-only', 'checkpoint-reentrant', 'deprecated-amp', 'no-seed',
  'requires-grad-typo',
];

describe('rule catalog', () => {
  it('has exactly the rule ids the issues name, each reachable with getRule', () => {
    assert.deepEqual([...rules.map((r) => r.id)].sort(), [...IDS].sort());
    for (const id of IDS) assert.equal(getRule(id)?.id, id);
    assert.equal(getRule('nope'), undefined);
  });

  for (const rule of rules) {
    describe(rule.id, () => {
      it('has a title and docs in both languages, and advice pointers', () => {
        for (const text of [rule.title, rule.docs.detects, rule.docs.why]) {
          assert.ok(text.en.trim().length > 10 || text === rule.title, `${rule.id}: English text missing`);
          assert.ok(text.zh.trim().length > 3, `${rule.id}: Chinese text missing`);
          assert.match(text.zh, /[\u4e00-\u9fff]/, `${rule.id}: zh text is not Chinese`);
          assert.ok(text.en.trim().length > 3);
        }
        assert.ok(rule.advice.length > 0);
        for (const ref of rule.advice) assert.match(ref, /^\d+(#\d+)?$/);
      });

      it('is triggered by its docs example and not by its fixed example', async () => {
        const a = await analyzer();
        const fired = a.analyze(rule.docs.example, { select: [rule.id] }).findings;
        assert.ok(fired.length > 0, `${rule.id}: the docs example does not trigger it`);
        for (const f of fired) assert.ok(f.message.en && f.message.zh, 'messages in both languages');
        const fixed = a.analyze(rule.docs.fixedExample, { select: [rule.id] }).findings;
        assert.deepEqual(fixed.map((f) => f.ruleId), [], `${rule.id}: the fixed example still triggers it`);
      });
    });
  }
});
