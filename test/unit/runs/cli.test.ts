/**
 * `node dist/cli.js diagnose` as users run it, over test/fixtures/runs: real files of every format from public
 * repositories (real/README.md) and synthetic runs with known answers (synthetic/, written by writeFixtures.ts).
 * expected.json lists exactly the diagnoses (id and first step) each run must get.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../../..');
const CLI = path.join(ROOT, 'dist', 'cli.js');
const FIXTURES = 'test/fixtures/runs';

function run(args: string[]) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 60000, maxBuffer: 64 << 20 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('CLI diagnose (node dist/cli.js diagnose)', function () {
  this.timeout(120000);

  before(function () {
    const help = fs.existsSync(CLI) ? run(['--help']).stdout : '';
    if (help.includes('diagnose')) return;
    const b = spawnSync(process.execPath, ['esbuild.mjs'], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(b.status, 0, `build failed: ${b.stderr}`);
  });

  it('reports exactly the expected diagnoses for every fixture run (json)', () => {
    const r = run(['diagnose', FIXTURES, '--format', 'json']);
    assert.equal(r.code, 1, r.stderr);
    assert.equal(r.stderr, '');
    const out = JSON.parse(r.stdout);
    assert.equal(out.version, 1);
    const got = Object.fromEntries(out.runs.map((x: { path: string; diagnoses: Array<{ id: string; startStep: number }> }) => [x.path, x.diagnoses.map((d) => ({ id: d.id, startStep: d.startStep }))]));
    const expected = JSON.parse(fs.readFileSync(path.join(ROOT, FIXTURES, 'expected.json'), 'utf8'));
    assert.deepEqual(got, expected);
    // Every diagnosis of the catalog is exercised by some fixture.
    const ids = new Set(Object.values(got).flat().map((d) => (d as { id: string }).id));
    assert.equal(ids.size, 11, [...ids].join(', '));
  });

  it('json has the documented shape: series with points, diagnoses with evidence and advice', () => {
    const r = run(['diagnose', `${FIXTURES}/synthetic/nan-loss`, '--format', 'json']);
    const [runOut] = JSON.parse(r.stdout).runs;
    assert.equal(runOut.format, 'csv');
    const loss = runOut.series.find((s: { name: string }) => s.name === 'train_loss');
    const firstRow = fs.readFileSync(path.join(ROOT, FIXTURES, 'synthetic/nan-loss/train_metrics.csv'), 'utf8').split('\n')[1].split(',');
    assert.deepEqual(loss.points[0], [0, Number(firstRow[1])]);
    assert.equal(loss.points[350][1], null, 'NaN becomes null');
    const [d] = runOut.diagnoses;
    assert.deepEqual(Object.keys(d).slice(0, 7), ['id', 'severity', 'startStep', 'endStep', 'message', 'evidence', 'advice']);
    assert.equal(d.evidence.step, 700);
    assert.deepEqual(d.advice, ['28#2', '9#5', '9#6']);
  });

  it('text shows one sparkline per series and the diagnosis with its steps; --lang zh', () => {
    const r = run(['diagnose', `${FIXTURES}/synthetic/slowdown`]);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /throughput +█+▁+ /);
    assert.match(r.stdout, /slowdown \[steps 600–998\]/);
    const zh = run(['diagnose', `${FIXTURES}/synthetic/slowdown`, '--lang', 'zh']);
    assert.match(zh.stdout, /吞吐量从第 600 步起/);
  });

  it('exit 0 on a healthy run, 2 on usage errors and corrupt input (named with file and line)', () => {
    assert.equal(run(['diagnose', `${FIXTURES}/synthetic/healthy`]).code, 0);
    assert.equal(run(['diagnose', '--format', 'xml', FIXTURES]).code, 2);
    assert.equal(run(['diagnose']).code, 2);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ta-diagnose-'));
    const file = path.join(dir, 'metrics.csv');
    fs.writeFileSync(file, 'step,loss\n0,2.3\n1,2.2,9\n2,2.1\n');
    const r = run(['diagnose', file, '--format', 'json']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, new RegExp(`metrics\\.csv:3: ragged row`));
    assert.equal(JSON.parse(r.stdout).runs[0].series[0].points.length, 2, 'rows before and after the bad one are kept');
  });

  it('sarif: one result per diagnosis with rule metadata from the catalog', () => {
    const r = run(['diagnose', `${FIXTURES}/synthetic`, '--format', 'sarif']);
    const sarif = JSON.parse(r.stdout);
    assert.equal(sarif.version, '2.1.0');
    const results = sarif.runs[0].results;
    assert.equal(results.length, 11);
    const rules = sarif.runs[0].tool.driver.rules;
    for (const res of results) assert.equal(rules[res.ruleIndex].id, res.ruleId);
  });
});
