/**
 * The vscode-free parts of the run panel and the Runs view: decimation to the pixel width (min/max per bucket,
 * spikes and NaN kept), the panel model (charts only for logged series, diagnoses with quoted advice), the
 * messages the webview may send (anything else dropped) and the tree rows.
 */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { decimate } from '../../../src/core/runs/panel/decimate';
import { buildPanelModel, chartOf } from '../../../src/core/runs/panel/model';
import { parseFromRunPanel } from '../../../src/core/runs/panel/protocol';
import { relativeRunName, runRow } from '../../../src/core/runs/panel/treeRows';
import { diagnoseRun } from '../../../src/core/runs/diagnose';
import type { RunData, RunDiagnosis } from '../../../src/core/runs/types';
import { fixtureKb } from '../render/fixture';
import { makeRun, recipes } from './synthetic';

const f64 = (xs: number[]) => Float64Array.from(xs);

describe('run panel: decimate', () => {
  it('keeps short series as they are (non-finite values as null gaps)', () => {
    const d = decimate(f64([0, 1, 2]), f64([1, NaN, 3]), 10);
    assert.deepEqual(d, { steps: [0, 1, 2], values: [1, null, 3] });
  });

  it('reduces a long series to at most 2 points per bucket and keeps its extremes', () => {
    const n = 100_000;
    const steps = f64(Array.from({ length: n }, (_, i) => i));
    const values = f64(Array.from({ length: n }, (_, i) => Math.sin(i / 500)));
    values[54_321] = 1000; // a one-step spike must survive decimation
    values[77_777] = -1000;
    const d = decimate(steps, values, 400);
    assert.ok(d.steps.length <= 800 + 2, `${d.steps.length} points`);
    assert.ok(d.steps.length >= 400, `${d.steps.length} points`);
    assert.ok(d.values.includes(1000) && d.values.includes(-1000));
    assert.equal(d.steps[d.steps.indexOf(54_321)], 54_321);
    for (let i = 1; i < d.steps.length; i++) assert.ok(d.steps[i] > d.steps[i - 1], 'steps stay strictly increasing');
  });

  it('keeps a NaN inside a bucket as a gap', () => {
    const n = 10_000;
    const values = f64(Array.from({ length: n }, () => 1));
    values[5000] = NaN;
    const d = decimate(f64(Array.from({ length: n }, (_, i) => i)), values, 100);
    assert.equal(d.values[d.steps.indexOf(5000)], null);
  });

  it('property: every output point is an input point, min and max of the input are kept', () => {
    fc.assert(fc.property(fc.array(fc.double({ noNaN: true, min: -1e6, max: 1e6 }), { minLength: 1, maxLength: 3000 }), fc.integer({ min: 1, max: 200 }), (vals, buckets) => {
      const steps = f64(vals.map((_, i) => i * 2));
      const d = decimate(steps, f64(vals), buckets);
      assert.ok(d.steps.length <= Math.max(vals.length, 3 * buckets));
      for (let i = 0; i < d.steps.length; i++) assert.equal(d.values[i], vals[d.steps[i] / 2]);
      const finite = d.values.filter((v): v is number => v !== null);
      assert.equal(Math.max(...finite), Math.max(...vals));
      assert.equal(Math.min(...finite), Math.min(...vals));
    }));
  });
});

describe('run panel: model', () => {
  const run = makeRun(recipes['exploding-gradients'].fires, 3, 'runs/a/train.log');
  const diagnoses = diagnoseRun(run);

  it('has one chart per logged group, decimated to the width, and a diagnosis on the grad-norm chart', () => {
    assert.ok(diagnoses.some((d) => d.id === 'exploding-gradients'), 'the synthetic recipe fires');
    const m = buildPanelModel(run, diagnoses, fixtureKb(), 'en', 100);
    const ids = m.charts.map((c) => c.id);
    assert.ok(ids.includes('loss') && ids.includes('grad_norm'), ids.join());
    for (const c of m.charts) for (const s of c.series) assert.ok(s.steps.length <= 200, `${s.name}: ${s.steps.length}`);
    const d = m.diagnoses.find((x) => x.id === 'exploding-gradients')!;
    assert.equal(d.chart, 'grad_norm');
    assert.equal(d.title, 'Exploding gradients');
    assert.match(d.html, /data-advice="9#5"/);
    assert.match(d.html, /Clip the gradients to a maximum <strong>norm<\/strong>/, 'quotes the advice item (rendered Markdown)');
    assert.match(d.html, /data-rule="grad-clip"/);
  });

  it('speaks Chinese with lang zh', () => {
    const m = buildPanelModel(run, diagnoses, fixtureKb(), 'zh', 100);
    const d = m.diagnoses.find((x) => x.id === 'exploding-gradients')!;
    assert.equal(d.title, '梯度爆炸');
    assert.match(d.html, /对梯度进行<strong>裁剪<\/strong>/);
  });

  it('escapes what comes from the run file', () => {
    const evil: RunData = { path: 'x.csv', format: 'csv', series: [], issues: [{ file: 'x.csv', line: 2, message: '<img src=x onerror=alert(1)>' }], meta: {} };
    const diag: RunDiagnosis = { id: 'nan-loss', severity: 'warning', startStep: 1, endStep: 1, message: { en: '<script>x</script>', zh: '<script>x</script>' }, evidence: { '<b>': '<i>' }, advice: [], relatedRules: [], series: 'train_loss' };
    const m = buildPanelModel(evil, [diag], fixtureKb(), 'en');
    assert.doesNotMatch(m.diagnoses[0].html, /<script>|<b>|<i>/);
    assert.equal(m.charts.length, 0);
    assert.equal(chartOf('eval_loss'), 'loss');
    assert.equal(chartOf('eval_accuracy'), null);
  });
});

describe('run panel: messages from the webview', () => {
  it('accepts the known messages', () => {
    assert.deepEqual(parseFromRunPanel({ type: 'ready', width: 800 }), { type: 'ready', width: 800 });
    assert.deepEqual(parseFromRunPanel({ type: 'openAdvice', ref: '9#5' }), { type: 'openAdvice', ref: '9#5' });
    assert.deepEqual(parseFromRunPanel({ type: 'openAdvice', ref: 'team:3#2' }), { type: 'openAdvice', ref: 'team:3#2' });
    assert.deepEqual(parseFromRunPanel({ type: 'openRule', id: 'grad-clip' }), { type: 'openRule', id: 'grad-clip' });
    assert.deepEqual(parseFromRunPanel({ type: 'painted', charts: 3, markers: 1 }), { type: 'painted', charts: 3, markers: 1 });
  });

  it('drops malformed, unknown or over-long messages', () => {
    for (const m of [null, 'ready', [], { type: 'ready' }, { type: 'ready', width: -1 }, { type: 'ready', width: 1.5 }, { type: 'ready', width: 800, extra: 1 },
      { type: 'openAdvice', ref: 'javascript:alert(1)' }, { type: 'openAdvice', ref: 9 }, { type: 'openRule', id: '../x' }, { type: 'openRule', id: 'A'.repeat(100) },
      { type: 'runCommand', command: 'x' }, { type: 'painted', charts: '3', markers: 1 }]) {
      assert.equal(parseFromRunPanel(m), null, JSON.stringify(m));
    }
  });
});

describe('Runs view rows', () => {
  it('shows a run with its diagnoses as children and their count', () => {
    const run = makeRun(recipes['exploding-gradients'].fires, 3, '/ws/runs/a/train.log');
    const diagnoses = diagnoseRun(run);
    const row = runRow(run.path, relativeRunName(run.path, '/ws'), 'log', diagnoses, 'en');
    assert.equal(row.label, 'runs/a/train.log');
    assert.equal(row.count, diagnoses.length);
    assert.match(row.description, new RegExp(`^log · ${diagnoses.length} problems?$`));
    assert.equal(row.children.length, diagnoses.length);
    const child = row.children.find((c) => c.label === 'Exploding gradients')!;
    assert.match(child.description, /^step \d+(–\d+)?$/);
    assert.equal(row.children.indexOf(child), child.index);
    const zh = runRow(run.path, 'x', 'log', diagnoses, 'zh');
    assert.ok(zh.children.some((c) => c.label === '梯度爆炸'));
    assert.match(zh.description, /个问题$/);
  });

  it('says a run without diagnoses is healthy', () => {
    const run = makeRun(recipes['exploding-gradients'].quiet, 3, 'h.csv');
    const row = runRow('h.csv', 'h.csv', 'csv', diagnoseRun(run), 'en');
    assert.equal(row.description, 'CSV · healthy');
    assert.equal(row.children.length, 0);
    assert.equal(relativeRunName('C:\\ws\\runs\\m.csv', 'C:\\ws'), 'runs/m.csv');
    assert.equal(relativeRunName('/elsewhere/m.csv', '/ws'), '/elsewhere/m.csv');
  });
});

describe('related run for a code hint', () => {
  it('names the first run whose diagnosis relates to the rule, with the step; null for unrelated rules', async () => {
    const { relatedRun } = await import('../../../src/core/runs/panel/relatedRun');
    const exploding = diagnoseRun(makeRun(recipes['exploding-gradients'].fires, 3, 'a.log'));
    const healthy = diagnoseRun(makeRun(recipes['exploding-gradients'].quiet, 3, 'b.log'));
    const runs = [{ name: 'b.log', diagnoses: healthy }, { name: 'a.log', diagnoses: exploding }];
    const r = relatedRun('grad-clip', runs, 'en')!;
    assert.equal(r.run, 'a.log');
    assert.equal(r.title, 'Exploding gradients');
    assert.equal(r.step, exploding.find((d) => d.id === 'exploding-gradients')!.startStep);
    assert.equal(relatedRun('grad-clip', runs, 'zh')!.title, '梯度爆炸');
    assert.equal(relatedRun('eval-no-grad', runs, 'en'), null);
  });
});
