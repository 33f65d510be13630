import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { run } from '../../../../src/cli/main';

/** Runs `check` in-process, capturing stdout/stderr. */
async function check(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const w1 = process.stdout.write.bind(process.stdout);
  const w2 = process.stderr.write.bind(process.stderr);
  process.stdout.write = ((s: string) => ((out += s), true)) as typeof process.stdout.write;
  process.stderr.write = ((s: string) => ((err += s), true)) as typeof process.stderr.write;
  try {
    return { code: await run(['check', ...argv]), out, err };
  } finally {
    process.stdout.write = w1;
    process.stderr.write = w2;
  }
}

const TRAIN = `import torch
model = torch.nn.Linear(4, 1)
optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
for x, y in train_loader:
    optimizer.zero_grad()
    loss = ((model(x) - y) ** 2).mean()
    loss.backward()
    optimizer.step()
    print(loss.item())
`;

const EVALUATE = `import torch

def evaluate(model, loader):
    correct = 0
    for x, y in loader:
        correct += (model(x).argmax(1) == y).sum().item()
    return correct
`;
const EVALUATE_FIXED = `import torch

def evaluate(model, loader):
    correct = 0
    model.eval()
    with torch.no_grad():
        for x, y in loader:
            correct += (model(x).argmax(1) == y).sum().item()
    return correct
`;

describe('training-advisor check (CLI)', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ta-check-'));
    fs.mkdirSync(path.join(dir, 'sub'));
    fs.writeFileSync(path.join(dir, 'sub', 'train.py'), TRAIN);
    fs.writeFileSync(path.join(dir, 'clean.py'), 'print("hello")\n');
    fs.writeFileSync(path.join(dir, 'notes.txt'), 'optimizer = torch.optim.SGD(params, lr=0.1)\n');
    fs.writeFileSync(path.join(dir, 'nb.ipynb'), JSON.stringify({ cells: [
      { cell_type: 'markdown', source: ['# hi'] },
      { cell_type: 'code', source: ['import torch\n', 'opt = torch.optim.SGD(model.parameters(), lr=0.1)\n'] },
    ] }, null, 1));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('prints text findings recursively over .py and .ipynb and exits 1', async () => {
    const r = await check([dir, '--select', 'sgd-momentum,grad-clip']);
    assert.equal(r.code, 1);
    const lines = r.out.trim().split('\n');
    assert.ok(lines.includes(`${path.join(dir, 'sub', 'train.py')}:3:13: sgd-momentum SGD runs without momentum: momentum=0.9 usually speeds convergence noticeably. (advice 24#1)`), r.out);
    assert.ok(lines.some((l) => l.startsWith(`${path.join(dir, 'sub', 'train.py')}:7:5: grad-clip `) && l.endsWith('(advice 9#5, 8#5)')), r.out);
    assert.ok(lines.some((l) => l.startsWith(`${path.join(dir, 'nb.ipynb')}[cell 2]:2:7: sgd-momentum`)), r.out);
    assert.ok(!r.out.includes('notes.txt'), 'non-Python files in directories are skipped');
  });

  it('exits 0 with no findings, and speaks Chinese with --lang zh', async () => {
    assert.equal((await check([path.join(dir, 'clean.py')])).code, 0);
    const zh = await check([path.join(dir, 'sub'), '--select', 'sgd-momentum', '--lang', 'zh']);
    assert.match(zh.out, /SGD 没有使用动量/);
  });

  it('writes the JSON report with 1-based positions, advice, fixable and the notebook cell', async () => {
    const r = await check([dir, '--format', 'json', '--select', 'sgd-momentum']);
    const report = JSON.parse(r.out) as { version: number; findings: Array<Record<string, unknown>> };
    assert.equal(report.version, 1);
    const py = report.findings.find((f) => f.file === path.join(dir, 'sub', 'train.py'))!;
    assert.deepEqual(
      { line: py.line, column: py.column, endLine: py.endLine, rule: py.rule, severity: py.severity, advice: py.advice, fixable: py.fixable },
      { line: 3, column: 13, endLine: 3, rule: 'sgd-momentum', severity: 'information', advice: ['24#1'], fixable: true },
    );
    const nb = report.findings.find((f) => f.file === path.join(dir, 'nb.ipynb'))!;
    assert.equal(nb.cell, 2, '1-based, as in the text output ([cell 2])');
    assert.equal(nb.line, 2);
  });

  it('writes SARIF 2.1.0 with rule help from the docs', async () => {
    const r = await check([path.join(dir, 'sub'), '--format', 'sarif', '--select', 'grad-clip']);
    const sarif = JSON.parse(r.out);
    assert.equal(sarif.version, '2.1.0');
    const rule = sarif.runs[0].tool.driver.rules.find((x: { id: string }) => x.id === 'grad-clip');
    assert.match(rule.help.text, /exploding gradients/);
    assert.deepEqual(rule.properties.advice, ['9#5', '8#5']);
    const res = sarif.runs[0].results[0];
    assert.equal(res.ruleId, 'grad-clip');
    assert.equal(res.locations[0].physicalLocation.region.startLine, 7);
  });

  it('--fix applies safe fixes, writes the file and reports what is left', async () => {
    const file = path.join(dir, 'sub', 'train.py');
    const r = await check([file, '--fix', '--select', 'grad-clip,sgd-momentum']);
    const fixed = fs.readFileSync(file, 'utf8');
    assert.match(fixed, /loss\.backward\(\)\n {4}torch\.nn\.utils\.clip_grad_norm_\(model\.parameters\(\), max_norm=1\.0\)\n {4}optimizer\.step\(\)/);
    assert.doesNotMatch(fixed, /momentum=/, 'unsafe fixes are not applied by --fix');
    assert.equal(r.code, 1);
    assert.doesNotMatch(r.out, /grad-clip/);
    assert.match(r.out, /sgd-momentum/);
  });

  it('--fix combines fixes on the same loop as one at a time would, and says what it changed and what is left', async () => {
    const file = path.join(dir, 'evaluate.py');
    fs.writeFileSync(file, EVALUATE);
    const r = await check([file, '--fix', '--select', 'eval-no-grad,eval-mode']);
    assert.equal(fs.readFileSync(file, 'utf8'), EVALUATE_FIXED);
    assert.equal(r.code, 0);
    assert.equal(r.out, '');
    assert.match(r.err, /evaluate\.py:\d+: fixed eval-mode: Call model\.eval\(\) before the evaluation loop\n/);
    assert.match(r.err, /evaluate\.py:\d+: fixed eval-no-grad: Wrap the evaluation loop in `with torch\.no_grad\(\):`\n/);
    assert.match(r.err, /2 fixes applied; 0 findings remain\n$/);
    const json = await check([path.join(dir, 'sub', 'train.py'), '--fix', '--format', 'json', '--select', 'grad-clip,sgd-momentum']);
    assert.deepEqual(JSON.parse(json.out).findings.map((f: { rule: string }) => f.rule), ['sgd-momentum'], 'stdout stays the JSON report');
    assert.match(json.err, /1 fix applied; 1 finding remains \(1 with a fix that needs review/);
  });

  it('--fix says what it changed in Chinese with --lang zh', async () => {
    const file = path.join(dir, 'evaluate-zh.py');
    fs.writeFileSync(file, EVALUATE);
    const r = await check([file, '--fix', '--select', 'eval-no-grad,eval-mode', '--lang', 'zh']);
    assert.equal(fs.readFileSync(file, 'utf8'), EVALUATE_FIXED);
    assert.match(r.err, /evaluate-zh\.py:\d+: 已修复 eval-mode: /);
    assert.match(r.err, /已应用 2 处修复；剩余 0 条提示\n$/);
    assert.doesNotMatch(r.err, /applied|remain/);
  });

  it('--fix fixes notebooks cell by cell and keeps the JSON layout', async () => {
    const nb = path.join(dir, 'eval.ipynb');
    fs.writeFileSync(nb, JSON.stringify({ cells: [
      { cell_type: 'markdown', source: ['# eval'] },
      { cell_type: 'code', source: EVALUATE.split(/(?<=\n)/) },
    ] }, null, 1) + '\n');
    const r = await check([nb, '--fix', '--select', 'eval-no-grad,eval-mode']);
    assert.equal(r.code, 0, r.err);
    const after = JSON.parse(fs.readFileSync(nb, 'utf8')) as { cells: Array<{ source: string[] }> };
    assert.equal(after.cells[1]!.source.join(''), EVALUATE_FIXED);
    assert.ok(Array.isArray(after.cells[1]!.source), 'line arrays stay line arrays');
    assert.match(fs.readFileSync(nb, 'utf8'), /^\{\n "cells"/);
  });

  it('--ignore removes rules; unknown rules and bad flags are usage errors (exit 2)', async () => {
    assert.equal((await check([path.join(dir, 'sub'), '--ignore', 'sgd-momentum,grad-clip,lr-schedule,mixed-precision,no-monitoring,no-seed'])).code, 0);
    const bad = await check([dir, '--select', 'no-such-rule']);
    assert.equal(bad.code, 2);
    assert.match(bad.err, /unknown rule "no-such-rule"/);
    assert.equal((await check([dir, '--format', 'xml'])).code, 2);
    assert.equal((await check([])).code, 2);
    assert.equal((await check([dir, '--frobnicate'])).code, 2);
  });

  it('reports unreadable files, still checks the others, and exits 2', async () => {
    fs.writeFileSync(path.join(dir, 'broken.ipynb'), '{"cells": [');
    const r = await check([path.join(dir, 'missing.py'), path.join(dir, 'broken.ipynb'), path.join(dir, 'sub'), '--select', 'sgd-momentum']);
    assert.equal(r.code, 2);
    assert.match(r.err, /missing\.py: no such file/);
    assert.match(r.err, /broken\.ipynb: invalid notebook JSON/);
    assert.match(r.out, /train\.py:3:13: sgd-momentum/);
  });
});
