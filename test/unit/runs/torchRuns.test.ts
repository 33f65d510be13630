// Real training runs, not curves drawn by hand: tiny PyTorch loops (test/unit/runs/torch/*.py — outside
// test/fixtures, where every .py is a rule fixture) run under Debian's PyTorch (/usr/bin/python3, CPU) and provoke
// each problem for real — a learning rate far too high, no weight decay / early stopping on tiny noisy data, a
// missing optimizer.step(), a loss tensor kept alive — writing CSV / JSONL / printed logs as custom loops do. Each
// must get its diagnosis, and the same loop with the problem fixed must get none. Without torch the test fails,
// unless SKIP_TORCH=1 says so on purpose.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { diagnoseRun } from '../../../src/core/runs/diagnose';
import { findRuns, readRunFromDisk } from '../../../src/node/runFiles';

const PYTHON = '/usr/bin/python3';
const DIR = path.join(__dirname, 'torch');

function torchAvailable(): string | undefined {
  const r = spawnSync(PYTHON, ['-c', 'import torch'], { encoding: 'utf8', timeout: 120000 });
  if (r.error) return `${PYTHON}: ${r.error.message}`;
  return r.status === 0 ? undefined : `${PYTHON} cannot import torch: ${r.stderr.trim().split('\n').pop()}`;
}

/** Runs a script in a scratch folder and diagnoses the run files it wrote. */
function runAndDiagnose(script: string, env: Record<string, string> = {}): { ids: string[]; messages: string[] } {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'ta-torch-run-'));
  try {
    const r = spawnSync(PYTHON, [path.join(DIR, script)], {
      cwd: work,
      encoding: 'utf8',
      timeout: 300000,
      env: { ...process.env, ...env, OUT_DIR: work, OMP_NUM_THREADS: '1', PYTHONDONTWRITEBYTECODE: '1' },
    });
    assert.equal(r.status, 0, `${script} failed: ${r.stderr}`);
    const runs = findRuns([work], (m) => assert.fail(m));
    assert.equal(runs.length, 1, `${script} should write one run`);
    const run = readRunFromDisk(runs[0]);
    assert.deepEqual(run.issues, []);
    const found = diagnoseRun(run);
    return { ids: found.map((d) => d.id), messages: found.map((d) => d.message.en) };
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

const CASES: Array<{ script: string; expect: string[]; fixed: Record<string, string>; what: string }> = [
  { script: 'lr_too_high.py', expect: ['nan-loss'], fixed: { LR: '0.01' }, what: 'SGD at lr=3 → NaN; lr=0.01 is healthy' },
  { script: 'no_weight_decay_tiny_data.py', expect: ['overfitting'], fixed: { PATIENCE: '2' }, what: '64 noisy samples, no weight decay → overfitting; early stopping is quiet' },
  { script: 'missing_optimizer_step.py', expect: ['not-learning'], fixed: { STEP: '1' }, what: 'no optimizer.step() → flat at ln(10); with the step it learns' },
  { script: 'keeps_graph_alive.py', expect: ['memory-growth'], fixed: { ITEM: '1' }, what: 'total += loss keeps graphs alive → memory grows; loss.item() does not' },
];

describe('diagnoses on real PyTorch runs', function () {
  this.timeout(600000);

  before(function () {
    const missing = torchAvailable();
    if (!missing) return;
    if (process.env.SKIP_TORCH === '1') this.skip();
    assert.fail(`${missing} (install python3-torch, or set SKIP_TORCH=1 on a machine that cannot)`);
  });

  for (const c of CASES) {
    it(`${c.script}: ${c.what}`, () => {
      const bad = runAndDiagnose(c.script);
      assert.deepEqual(bad.ids, c.expect, bad.messages.join('\n'));
      const good = runAndDiagnose(c.script, c.fixed);
      assert.deepEqual(good.ids, [], good.messages.join('\n'));
    });
  }
});
