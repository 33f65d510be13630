/**
 * The vscode-free parts of the run panel and the Runs view: decimation to the pixel width (min/max per bucket,
 * spikes and NaN kept), the panel model (charts only for logged series, diagnoses with quoted advice), the
 * messages the webview may send (anything else dropped) and the tree rows.
 */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { alignSeries, bucketOf, decimate } from '../../../src/core/runs/panel/decimate';
import { buildPanelModel, chartOf } from '../../../src/core/runs/panel/model';
import { parseFromRunPanel } from '../../../src/core/runs/panel/protocol';
import { relativeRunName, runRow } from '../../../src/core/runs/panel/treeRows';
import { diagnoseRun } from '../../../src/core/runs/diagnose';
import type { RunData, RunDiagnosis } from '../../../src/core/runs/types';
import { fixtureKb } from '../render/fixture';
import { decaying, healthy, makeRun, recipes } from './synthetic';

const f64 = (xs: number[]) => Float64Array.from(xs);

describe('run panel: decimate', () => {
  const range = (n: number, f: (i: number) => number = (i) => i) => Float64Array.from({ length: n }, (_, i) => f(i));
  const strictlyIncreasing = (xs: ArrayLike<number>) => {
    for (let i = 1; i < xs.length; i++) assert.ok(xs[i] > xs[i - 1], `steps stay strictly increasing at ${i}`);
  };

  it('keeps short series as they are (non-finite values as NaN gaps)', () => {
    const d = decimate(f64([0, 1, 2]), f64([1, Infinity, 3]), 10);
    assert.deepEqual([...d.steps], [0, 1, 2]);
    assert.deepEqual([...d.values], [1, NaN, 3]);
  });

  it('reduces a long series to at most 3 points a pixel column and keeps a one-step spike and a one-step NaN', () => {
    const n = 1_000_000;
    const values = range(n, (i) => Math.sin(i / 5000));
    values[543_210] = 1000; // a one-step spike must survive decimation
    values[777_777] = -1000;
    values[321_987] = NaN; // so must a one-step NaN, as a break in the line
    const d = decimate(range(n), values, 400);
    assert.ok(d.steps.length <= 3 * 400 + 2 && d.steps.length >= 400, `${d.steps.length} points`);
    assert.equal(d.values[d.steps.indexOf(543_210)], 1000);
    assert.equal(d.values[d.steps.indexOf(777_777)], -1000);
    assert.ok(Number.isNaN(d.values[d.steps.indexOf(321_987)]), 'the NaN step is kept as a gap');
    strictlyIncreasing(d.steps);
  });

  it('a diagnosis at a single step of a 200,000-step run still has its point after decimation', () => {
    const nanAt = 123_457;
    const run = makeRun({ ...healthy, steps: 200_000, train_loss: (s) => (s === nanAt ? NaN : decaying(s / 200)), evalEvery: 20_000 }, 5);
    const d = diagnoseRun(run).find((x) => x.id === 'nan-loss');
    assert.ok(d, 'nan-loss fires on the synthetic run');
    assert.equal(d.startStep, nanAt);
    const loss = run.series.find((s) => s.name === 'train_loss')!;
    for (const buckets of [200, 800, 1920]) {
      const out = decimate(loss.steps, loss.values, buckets);
      const i = out.steps.indexOf(d.startStep);
      assert.ok(i >= 0 && Number.isNaN(out.values[i]), `the NaN at step ${d.startStep} is drawn at ${buckets} px`);
      const [xs, ys] = alignSeries([out]);
      assert.equal(ys[xs.indexOf(d.startStep)], null, 'and reaches uPlot as null (a break in the line)');
    }
  });

  it('re-decimates a zoomed range only, with one neighbour outside each end so the line reaches the edges', () => {
    const n = 1_000_000;
    const values = range(n, (i) => (i % 7) - 3);
    const d = decimate(range(n), values, 500, { from: 400_000, to: 400_300 });
    assert.deepEqual([...d.steps], Array.from({ length: 303 }, (_, i) => 399_999 + i), 'every point of a range narrower than the chart');
    const wide = decimate(range(n), values, 500, { from: 100_000, to: 300_000 });
    assert.equal(wide.steps[0], 99_999);
    assert.equal(wide.steps[wide.steps.length - 1], 300_001);
    assert.ok(wide.steps.length <= 3 * 500 + 2, `${wide.steps.length} points`);
    strictlyIncreasing(wide.steps);
  });

  it('skips values ≤ 0 for a log scale (absent, not a gap)', () => {
    const d = decimate(f64([0, 1, 2, 3]), f64([1, 0, -1, NaN]), 10, { positiveOnly: true });
    assert.deepEqual([...d.steps], [0, 3]);
  });

  it('property: every output point is an input point; per pixel column the min, max and first non-finite value are kept', () => {
    const value = fc.oneof({ weight: 20, arbitrary: fc.double({ noNaN: true, min: -1e6, max: 1e6 }) }, { weight: 1, arbitrary: fc.constantFrom(NaN, Infinity, -Infinity) });
    fc.assert(fc.property(
      fc.array(value, { minLength: 1, maxLength: 3000 }), fc.integer({ min: 1, max: 200 }), fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }),
      (vals, buckets, a, b) => {
        const n = vals.length;
        const steps = f64(vals.map((_, i) => i * 2));
        const from = Math.floor(Math.min(a, b) * (n - 1)) * 2;
        const to = Math.max(from, Math.floor(Math.max(a, b) * (n - 1)) * 2);
        const d = decimate(steps, f64(vals), buckets, { from, to });
        assert.ok(d.steps.length <= 3 * buckets + 2, `${d.steps.length} points for ${buckets} columns`);
        strictlyIncreasing(d.steps);
        for (let i = 0; i < d.steps.length; i++) {
          const v = vals[d.steps[i] / 2];
          assert.ok(Object.is(d.values[i], Number.isFinite(v) ? v : NaN), `point ${d.steps[i]} is an input point`);
        }
        const kept = new Set(d.steps);
        const columns = new Map<number, number[]>();
        for (let i = 0; i < n; i++) {
          if (steps[i] < from || steps[i] > to) continue;
          const k = bucketOf(steps[i], from, to, buckets);
          columns.set(k, [...(columns.get(k) ?? []), i]);
        }
        for (const [k, idx] of columns) {
          const finite = idx.filter((i) => Number.isFinite(vals[i])).map((i) => vals[i]);
          const out = d.steps.filter((s) => s >= from && s <= to && bucketOf(s, from, to, buckets) === k).map((s) => vals[s / 2]);
          if (finite.length) {
            assert.ok(out.includes(Math.min(...finite)), `column ${k} keeps its minimum`);
            assert.ok(out.includes(Math.max(...finite)), `column ${k} keeps its maximum`);
          }
          const firstGap = idx.find((i) => !Number.isFinite(vals[i]));
          if (firstGap !== undefined) assert.ok(kept.has(steps[firstGap]), `column ${k} keeps its first non-finite value`);
        }
        if (from > 0) assert.equal(d.steps[0], from - 2, 'the neighbour before the range');
        if (to < (n - 1) * 2) assert.equal(d.steps[d.steps.length - 1], to + 2, 'the neighbour after the range');
      },
    ), { numRuns: 300 });
  });

  it('aligns the series of one chart on the union of their steps: null is a break, undefined no point', () => {
    const [xs, train, evalLoss] = alignSeries([
      { steps: f64([0, 1, 2, 3]), values: f64([4, NaN, 3, 2]) },
      { steps: f64([1, 3, 5]), values: f64([3.5, 2.5, 2]) },
    ]);
    assert.deepEqual(xs, [0, 1, 2, 3, 5]);
    assert.deepEqual(train, [4, null, 3, 2, undefined]);
    assert.deepEqual(evalLoss, [undefined, 3.5, undefined, 2.5, 2]);
  });
});

describe('run panel: model', () => {
  const run = makeRun(recipes['exploding-gradients'].fires, 3, 'runs/a/train.log');
  const diagnoses = diagnoseRun(run);

  it('has one chart per logged group at full resolution, and a diagnosis on the grad-norm chart', () => {
    assert.ok(diagnoses.some((d) => d.id === 'exploding-gradients'), 'the synthetic recipe fires');
    const m = buildPanelModel(run, diagnoses, fixtureKb(), 'en');
    const ids = m.charts.map((c) => c.id);
    assert.ok(ids.includes('loss') && ids.includes('grad_norm'), ids.join());
    for (const c of m.charts) {
      for (const s of c.series) {
        const source = run.series.find((x) => x.name === s.name)!;
        assert.ok(s.steps instanceof Float64Array && s.values instanceof Float64Array, 'typed arrays: postMessage sends them as binary');
        assert.deepEqual([s.steps.length, s.values.length], [source.steps.length, source.values.length], `${s.name}: every point`);
      }
    }
    const d = m.diagnoses.find((x) => x.id === 'exploding-gradients')!;
    assert.equal(d.chart, 'grad_norm');
    assert.equal(d.title, 'Exploding gradients');
    assert.match(d.html, /data-advice="9#5"/);
    assert.match(d.html, /Clip the gradients to a maximum <strong>norm<\/strong>/, 'quotes the advice item (rendered Markdown)');
    assert.match(d.html, /data-rule="grad-clip"/);
  });

  it('speaks Chinese with lang zh', () => {
    const m = buildPanelModel(run, diagnoses, fixtureKb(), 'zh');
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
    assert.deepEqual(parseFromRunPanel({ type: 'ready' }), { type: 'ready' });
    assert.deepEqual(parseFromRunPanel({ type: 'openAdvice', ref: '9#5' }), { type: 'openAdvice', ref: '9#5' });
    assert.deepEqual(parseFromRunPanel({ type: 'openAdvice', ref: 'team:3#2' }), { type: 'openAdvice', ref: 'team:3#2' });
    assert.deepEqual(parseFromRunPanel({ type: 'openRule', id: 'grad-clip' }), { type: 'openRule', id: 'grad-clip' });
    assert.deepEqual(parseFromRunPanel({ type: 'painted', charts: 3, markers: 1 }), { type: 'painted', charts: 3, markers: 1 });
  });

  it('drops malformed, unknown or over-long messages', () => {
    for (const m of [null, 'ready', [], { type: 'ready', width: 800 }, { type: 'resize', width: 800 },
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
