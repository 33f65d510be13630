import assert from 'node:assert/strict';
import { diagnoseRun } from '../../../src/core/runs/diagnose';
import { diagnoses, getDiagnosis } from '../../../src/core/runs/diagnoses/registry';
import { healthy, makeRun, recipes } from './synthetic';

const ids = (run: ReturnType<typeof makeRun>) => diagnoseRun(run).map((d) => d.id);

describe('run diagnoses on synthetic curves', () => {
  it('a healthy run gets no diagnosis (several noise seeds)', () => {
    for (const seed of [1, 2, 3, 4, 5]) assert.deepEqual(ids(makeRun(healthy, seed)), [], `seed ${seed}`);
  });

  it('has a recipe for every diagnosis in the catalog', () => {
    assert.deepEqual(Object.keys(recipes).sort(), diagnoses.map((d) => d.id).sort());
  });

  for (const [id, { fires, quiet }] of Object.entries(recipes)) {
    describe(id, () => {
      it('fires on its symptom, and nothing else does', () => {
        for (const seed of [1, 2, 3]) assert.deepEqual(ids(makeRun(fires, seed)), [id], `seed ${seed}`);
      });
      it('stays quiet on the near miss', () => {
        for (const seed of [1, 2, 3]) assert.ok(!ids(makeRun(quiet, seed)).includes(id), `seed ${seed}: ${ids(makeRun(quiet, seed))}`);
      });
      it('carries advice that resolves, related rules that exist, and documented thresholds', () => {
        const d = getDiagnosis(id)!;
        assert.ok(d.advice.length > 0);
        for (const [name, t] of Object.entries(d.thresholds)) {
          assert.ok(Number.isFinite(t.default), name);
          assert.ok(t.doc.en && t.doc.zh, name);
        }
        assert.ok(d.docs.detects.en && d.docs.detects.zh && d.docs.why.en && d.docs.why.zh);
      });
    });
  }

  it('reports where: nan-loss at the first NaN, overfitting from the best evaluation', () => {
    const nan = diagnoseRun(makeRun(recipes['nan-loss'].fires)).find((d) => d.id === 'nan-loss')!;
    assert.equal(nan.startStep, 700);
    assert.equal(nan.evidence.lastFiniteStep, 699);
    const of = diagnoseRun(makeRun(recipes.overfitting.fires)).find((d) => d.id === 'overfitting')!;
    assert.equal(of.startStep, 400);
    assert.equal(of.evidence.beganStep, 500);
    assert.ok(Math.abs((of.evidence.fractionAfterBest as number) - 0.6) < 0.01);
  });

  it('loss-spike says the spike recovered', () => {
    const d = diagnoseRun(makeRun(recipes['loss-spike'].fires)).find((x) => x.id === 'loss-spike')!;
    assert.equal(d.evidence.recovered, true);
    assert.ok(d.startStep >= 500 && d.startStep <= 502);
  });

  it('not-learning names chance level for 10 classes', () => {
    const d = diagnoseRun(makeRun(recipes['not-learning'].fires))[0];
    assert.equal(d.evidence.chanceClasses, 10);
    assert.match(d.message.en, /ln\(10\)/);
  });

  it('thresholds are configurable and ids can be disabled', () => {
    const run = makeRun(recipes.slowdown.fires);
    assert.deepEqual(diagnoseRun(run, { thresholds: { slowdown: { drop: 0.7 } } }).map((d) => d.id), []);
    assert.deepEqual(diagnoseRun(run, { disabled: ['slowdown'] }).map((d) => d.id), []);
  });
});
