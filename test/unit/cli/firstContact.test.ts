/**
 * The CLI as a new user meets it: one language rule in every command, no highlight markup in pipes or JSON,
 * syntax errors reported like ruff's invalid-syntax, a warning for paths that are not Python.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CLI, cleanEnv, ensureBuilt, ROOT, runCli } from './runCli';

const EN = { LANG: 'en_US.UTF-8' };
const ZH = { LANG: 'zh_CN.UTF-8' };

describe('CLI first contact', function () {
  this.timeout(120000);
  before(ensureBuilt);

  describe('one language rule', () => {
    it('search with no --lang answers in the query\'s language, whatever the locale', () => {
      assert.equal(runCli(['search', 'zzzqqq xkqvw'], { env: ZH }).stdout.trim(), 'No results.');
      assert.equal(runCli(['search', '不存在的东西啊啊'], { env: EN }).stdout.trim() === 'No results.', false);
      const en = JSON.parse(runCli(['search', 'exploding gradients', '--json', '--limit', '1'], { env: ZH }).stdout);
      assert.match(en.results[0].title, /exploding gradients/i);
      const zh = JSON.parse(runCli(['search', '梯度爆炸', '--json', '--limit', '1'], { env: EN }).stdout);
      assert.match(zh.results[0].title, /梯度爆炸/);
    });

    it('a query of code names only follows the locale; --lang wins over both', () => {
      assert.match(JSON.parse(runCli(['search', 'GradScaler', '--json', '--limit', '1'], { env: EN }).stdout).results[0].title, /[a-z]/i);
      assert.match(JSON.parse(runCli(['search', 'GradScaler', '--json', '--limit', '1'], { env: ZH }).stdout).results[0].title, /\p{Script=Han}/u);
      assert.match(JSON.parse(runCli(['search', '梯度爆炸', '--json', '--limit', '1', '--lang', 'en'], { env: ZH }).stdout).results[0].title, /exploding/i);
    });

    it('show, entries and check follow LC_ALL, then LC_MESSAGES, then LANG (zh* → Chinese, else English)', () => {
      assert.match(runCli(['show', '9#5'], { env: EN }).stdout, /Gradient clipping/);
      assert.match(runCli(['show', '9#5'], { env: ZH }).stdout, /梯度裁剪/);
      assert.match(runCli(['show', '9#5'], { env: { LC_ALL: 'en_US.UTF-8', LANG: 'zh_CN.UTF-8' } }).stdout, /Gradient clipping/);
      assert.match(runCli(['show', '9#5'], { env: { LC_MESSAGES: 'zh_CN.UTF-8', LANG: 'en_US.UTF-8' } }).stdout, /梯度裁剪/);
      assert.match(runCli(['show', '9#5'], { env: {} }).stdout, /Gradient clipping/, 'no locale: English');
      assert.match(runCli(['entries'], { env: EN }).stdout, /^\s+9\. How to deal with exploding gradients/m);
      assert.match(runCli(['entries'], { env: ZH }).stdout, /^\s+9\. 如何处理大模型训练中的梯度爆炸问题/m);
      assert.match(runCli(['check', 'examples/train_classifier.py'], { env: ZH }).stdout, /\p{Script=Han}/u);
      assert.doesNotMatch(runCli(['check', 'examples/train_classifier.py'], { env: EN }).stdout, /\p{Script=Han}/u);
    });
  });

  describe('no markup leaking', () => {
    it('JSON snippets are clean text with highlights ranges on the matched words', () => {
      const out = JSON.parse(runCli(['search', '梯度爆炸', '--json']).stdout);
      for (const r of out.results) {
        assert.doesNotMatch(r.snippet, /\[\[|\]\]/, r.snippet);
        assert.ok(Array.isArray(r.highlights));
        for (const [a, b] of r.highlights) assert.ok(a < b && b <= [...r.snippet].length, JSON.stringify(r));
      }
      const first = out.results.find((r: { highlights: number[][] }) => r.highlights.length);
      assert.ok(first);
      const chars = [...first.snippet];
      assert.ok(first.highlights.some(([a, b]: number[]) => chars.slice(a, b).join('').includes('梯度')), JSON.stringify(first));
    });

    it('piped text has neither [[ ]] nor escape codes; a terminal gets bold unless NO_COLOR', () => {
      const piped = runCli(['search', '梯度爆炸', '--limit', '3']).stdout;
      assert.doesNotMatch(piped, /\[\[|\]\]|\x1b\[/);
      const tty = (env: Record<string, string>) =>
        spawnSync('script', ['-qec', `${process.execPath} ${CLI} search 梯度爆炸 --limit 3`, '/dev/null'], { cwd: ROOT, encoding: 'utf8', env: cleanEnv(env) }).stdout;
      const bold = tty({});
      assert.match(bold, /\x1b\[1m[^\x1b]*梯度[^\x1b]*\x1b\[22m/, JSON.stringify(bold.slice(0, 300)));
      assert.doesNotMatch(bold, /\[\[/);
      assert.doesNotMatch(tty({ NO_COLOR: '1' }), /\x1b\[1m|\[\[/);
    });

    it('the query "becomes" highlights no other inflection ("becoming")', () => {
      const out = JSON.parse(runCli(['search', 'becomes', '--json', '--lang', 'en']).stdout);
      for (const r of out.results) {
        const chars = [...r.snippet];
        for (const [a, b] of r.highlights) assert.notEqual(chars.slice(a, b).join('').toLowerCase(), 'becoming', r.snippet);
      }
    });
  });

  describe('syntax errors and paths that are not Python', () => {
    let dir: string;
    beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ta-syntax-'))));
    afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

    it('a file that is only a syntax error: file:line:column invalid-syntax, exit 1', () => {
      const file = path.join(dir, 'broken.py');
      fs.writeFileSync(file, 'def f(:\n    pass\n');
      const r = runCli(['check', file], { env: EN });
      assert.equal(r.code, 1, r.stdout + r.stderr);
      assert.match(r.stdout, new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:1:7: invalid-syntax .+may be incomplete`, 'm'));
    });

    it('a partly broken file: the findings plus the error, JSON errors, exit 1', () => {
      const file = path.join(dir, 'partial.py');
      fs.writeFileSync(file, 'import torch\nopt = torch.optim.SGD(model.parameters(), lr=0.1)\nfor x in data\n    pass\n');
      const json = JSON.parse(runCli(['check', file, '--format', 'json', '--select', 'sgd-momentum']).stdout);
      assert.equal(json.errors.length, 1);
      assert.deepEqual({ rule: json.errors[0].rule, line: json.errors[0].line, file: json.errors[0].file }, { rule: 'invalid-syntax', line: 3, file });
      assert.match(json.errors[0].message, /incomplete/);
      assert.equal(json.findings[0].rule, 'sgd-momentum');
      const text = runCli(['check', file, '--select', 'sgd-momentum'], { env: EN });
      assert.equal(text.code, 1);
      assert.match(text.stdout, /:3:1: invalid-syntax/);
    });

    it('a notebook cell with a syntax error is placed like its findings: [cell N]:line:col', () => {
      const nb = path.join(dir, 'nb.ipynb');
      fs.writeFileSync(nb, JSON.stringify({ cells: [{ cell_type: 'markdown', source: ['# t'] }, { cell_type: 'code', source: ['import torch\n', 'def f(:\n', '  pass\n'] }] }));
      const r = runCli(['check', nb], { env: EN });
      assert.equal(r.code, 1);
      assert.match(r.stdout, /nb\.ipynb\[cell 2\]:2:7: invalid-syntax/);
    });

    it('--fix says which file it skipped and why, and leaves it unchanged', () => {
      const file = path.join(dir, 'train.py');
      const src = 'import torch\nfor x, y in loader:\n    optimizer.zero_grad()\n    loss = model(x)\n    loss.backward()\n    optimizer.step()\nprint(:\n';
      fs.writeFileSync(file, src);
      const r = runCli(['check', file, '--fix'], { env: EN });
      assert.equal(r.code, 1);
      assert.match(r.stderr, /train\.py: not fixed: it has a syntax error at .*train\.py:7:\d+/);
      assert.equal(fs.readFileSync(file, 'utf8'), src);
    });

    it('an explicit path that is neither Python nor a notebook gets a one-line warning', () => {
      const notes = path.join(dir, 'notes.txt');
      fs.writeFileSync(notes, 'optimizer = torch.optim.SGD(params, lr=0.1)\n');
      const script = path.join(dir, 'train');
      fs.writeFileSync(script, '#!/usr/bin/env python3\nimport torch\nopt = torch.optim.SGD(model.parameters(), lr=0.1)\n');
      const r = runCli(['check', notes, script, '--select', 'sgd-momentum'], { env: EN });
      assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
      assert.match(r.stderr, /notes\.txt: skipped: not a Python file or notebook/);
      assert.match(r.stdout, /train:3:\d+: sgd-momentum/, 'a python shebang script is checked');
      assert.equal(r.code, 1);
    });
  });
});
