/**
 * The CLI as users run it: `node dist/cli.js …` (built by `npm test` before the unit tests; built here
 * when missing so the file also runs on its own).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../../..');
const CLI = path.join(ROOT, 'dist', 'cli.js');

function run(args: string[], input?: string) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, encoding: 'utf8', input, timeout: 30000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('CLI (node dist/cli.js)', function () {
  this.timeout(60000);

  before(function () {
    const needed = ['cli.js', 'knowledge.json', 'search-index.json'].map((f) => path.join(ROOT, 'dist', f));
    if (needed.every((f) => fs.existsSync(f))) return;
    const b = spawnSync(process.execPath, ['esbuild.mjs'], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(b.status, 0, `build failed: ${b.stderr}`);
  });

  it('search --json: 梯度爆炸 ranks entry 9 first with item 5 among the top results', () => {
    const r = run(['search', '梯度爆炸', '--json']);
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    assert.equal(out.query, '梯度爆炸');
    assert.equal(out.results[0].entry, 9);
    assert.ok(out.results.slice(0, 5).some((x: { entry: number; item: number | null }) => x.entry === 9 && x.item === 5));
    for (const x of out.results) {
      assert.equal(typeof x.entry, 'number');
      assert.ok(x.item === null || typeof x.item === 'number');
      assert.equal(typeof x.title, 'string');
      assert.equal(typeof x.score, 'number');
    }
    const scores = out.results.map((x: { score: number }) => x.score);
    assert.deepEqual(scores, [...scores].sort((a, b) => b - a), 'best first');
  });

  it('search honours --limit and --lang en', () => {
    const r = run(['search', 'exploding gradients', '--limit', '3', '--lang', 'en', '--json']);
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    assert.equal(out.results.length, 3);
    assert.match(out.results[0].title, /exploding gradients/i);
  });

  it('search prints a readable list without --json', () => {
    const r = run(['search', 'GradScaler', '--limit', '3']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^ 1\. \[\d+(#\d+)?\]/m);
  });

  it('--stdin: one JSON object per input line', () => {
    const r = run(['search', '--stdin', '--limit', '2'], '梯度爆炸\n\nout of memory\nclass imbalance\n');
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    assert.deepEqual(lines.map((l) => l.query), ['梯度爆炸', 'out of memory', 'class imbalance']);
    assert.ok(lines.every((l) => l.results.length === 2));
    assert.equal(lines[2].results[0].entry, 13);
  });

  it('show 9#5 prints the item in the requested language; show 9 the whole entry', () => {
    const item = run(['show', '9#5', '--lang', 'en']);
    assert.equal(item.code, 0, item.stderr);
    assert.match(item.stdout, /5\. Gradient clipping:/);
    const entry = run(['show', '9', '--lang', 'zh']);
    assert.equal(entry.code, 0, entry.stderr);
    assert.match(entry.stdout, /梯度爆炸/);
    assert.equal((entry.stdout.match(/^\d\. [^\n]*：/gm) ?? []).length, 6, 'six items');
  });

  it('show 4#4 prints the editorial note under the item (text and --json); an item without one has none', () => {
    const json = run(['show', '4#4', '--json']);
    assert.equal(json.code, 0, json.stderr);
    const data = JSON.parse(json.stdout);
    assert.match(data.item.body.en, /combining floating-point and integer arithmetic/, 'the corpus text as written');
    assert.match(data.note.en, /^Mixed precision is not integer arithmetic/);
    assert.match(data.note.zh, /^混合精度不是整数运算/);
    const en = run(['show', '4#4', '--lang', 'en']);
    assert.match(en.stdout, /integer arithmetic, to speed up computation\.\nEditor's note: Mixed precision is not integer arithmetic/);
    assert.match(run(['show', '4', '--lang', 'zh']).stdout, /编者注：混合精度不是整数运算/);
    assert.deepEqual(Object.keys(JSON.parse(run(['show', '4', '--json']).stdout).notes), ['2', '4']);
    const plain = JSON.parse(run(['show', '9#5', '--json']).stdout);
    assert.equal(plain.note, null);
  });

  it('entries --json lists every entry with items, languages, categories and variants', () => {
    const r = run(['entries', '--json']);
    assert.equal(r.code, 0, r.stderr);
    const entries = JSON.parse(r.stdout);
    assert.equal(entries.length, 30);
    const e30 = entries.find((e: { entry: number }) => e.entry === 30);
    assert.deepEqual(e30.variants, ['22']);
    assert.deepEqual(e30.languages, ['zh', 'en']);
    assert.ok(e30.categories.length > 0);
    assert.equal(e30.items.length, 6);
  });

  it('--help and --version exit 0', () => {
    const h = run(['--help']);
    assert.equal(h.code, 0);
    assert.match(h.stdout, /search/);
    assert.match(run(['--help', '--lang', 'zh']).stdout, /搜索/);
    const v = run(['--version']);
    assert.equal(v.code, 0);
    assert.match(v.stdout.trim(), /^\d+\.\d+\.\d+/);
  });

  for (const [args, pattern] of [
    [[], /missing command/],
    [['frobnicate'], /unknown command/],
    [['search'], /needs a query/],
    [['search', 'x', '--limit', 'abc'], /--limit/],
    [['search', 'x', '--lang', 'fr'], /--lang/],
    [['search', 'x', '--bogus'], /unknown option --bogus/],
    [['show', '99#1'], /no advice 99#1/],
    [['show', 'nine'], /not a reference/],
  ] as Array<[string[], RegExp]>) {
    it(`bad usage exits 2 with one line: ${args.join(' ') || '(no arguments)'}`, () => {
      const r = run(args);
      assert.equal(r.code, 2, `stdout: ${r.stdout} stderr: ${r.stderr}`);
      assert.match(r.stderr, pattern);
      assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
    });
  }

  it('--knowledge merges a team pack and searches it', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ta-pack-'));
    const pack = path.join(dir, 'team');
    fs.mkdirSync(pack);
    fs.writeFileSync(path.join(pack, 'faq.zh.md'), '#### 1. 如何配置集群调度器\n\n**题目：** 集群调度器怎么配？\n\n**答案：**\n\n**1. 斑马调度：** 使用斑马调度器提交任务。\n');
    try {
      const r = run(['search', '斑马调度', '--json', '--knowledge', pack]);
      assert.equal(r.code, 0, r.stderr);
      const out = JSON.parse(r.stdout);
      assert.equal(out.results[0].entryKey, 'team:1');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
