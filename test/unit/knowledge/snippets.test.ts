// The knowledge base's own code must pass the checks it teaches: every technique-card snippet is analysed with
// the newer rules (nothing may fire — e.g. no torch.load without weights_only, no torch.cuda.amp), through the
// analyzer API and through `node dist/cli.js check` on the extracted snippets, and every snippet runs under
// Debian's PyTorch 1.13 (CPU), so an edit made to satisfy a rule cannot break what the card shows.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildKnowledgeBase } from '../../../src/core/knowledge';
import { Analyzer } from '../../../src/core/analysis/analyzer';
import { locateWasm, repoRoot } from '../analysis/fixtures-lib';
import { realKnowledgeFiles } from './realKnowledge';

const PYTHON = '/usr/bin/python3';
/** The checks that came from peer linters (issue 16): the corpus snippets predate them, so they are held to them here. */
const RULES = ['torch-load-weights-only', 'checkpoint-reentrant', 'deprecated-amp', 'no-seed', 'requires-grad-typo'];

const kb = buildKnowledgeBase(realKnowledgeFiles());
const snippets = kb.cards.filter((c) => c.snippet.trim()).map((c) => ({ name: `${c.id}.py`, source: c.snippet }));

describe('technique-card snippets', () => {
  let analyzer: Analyzer;
  before(async () => {
    analyzer = await Analyzer.create({ locateWasm });
  });

  it('exist for most cards (the extraction found them)', () => {
    assert.ok(snippets.length >= 50, `only ${snippets.length} snippets`);
    assert.ok(snippets.some((s) => s.source.includes('torch.load(')), 'no snippet loads a checkpoint: extraction broken?');
  });

  it('give no finding of the newer rules (analyzer API)', () => {
    const found = snippets.flatMap((s) => analyzer.analyze(s.source, { select: RULES }).findings
      .map((f) => `${s.name}:${f.range.startLine + 1} ${f.ruleId}: ${f.message.en}`));
    assert.deepEqual(found, []);
  });

  it('give no finding of the newer rules (node dist/cli.js check on the extracted snippets)', function () {
    const cli = path.join(repoRoot, 'dist', 'cli.js');
    if (!fs.existsSync(cli)) this.skip(); // run `npm run build` first; the API half above still ran
    this.timeout(60000);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ta-snippets-'));
    try {
      for (const s of snippets) fs.writeFileSync(path.join(dir, s.name), s.source);
      const r = spawnSync(process.execPath, [cli, 'check', dir, '--select', RULES.join(','), '--format', 'json'], { encoding: 'utf8' });
      const report = JSON.parse(r.stdout) as { findings: unknown[] };
      assert.deepEqual(report.findings, []);
      assert.equal(r.status, 0, r.stderr);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('run under PyTorch (CPU)', function () {
    const probe = spawnSync(PYTHON, ['-c', 'import torch'], { encoding: 'utf8', timeout: 120000 });
    if (probe.status !== 0) {
      if (process.env.SKIP_TORCH === '1') this.skip();
      assert.fail(`${PYTHON} cannot import torch; install Debian's python3-torch or set SKIP_TORCH=1\n${probe.stderr}`);
    }
    this.timeout(300000);
    const input = JSON.stringify(Object.fromEntries(snippets.map((s) => [s.name, s.source])));
    const r = spawnSync(PYTHON, [path.join(__dirname, 'run_snippets.py')], {
      input, encoding: 'utf8', timeout: 280000, env: { ...process.env, OMP_NUM_THREADS: '1', PYTHONDONTWRITEBYTECODE: '1' },
    });
    assert.equal(r.status, 0, `runner crashed:\n${r.stderr.slice(-2000)}`);
    const failures = JSON.parse(r.stdout.trim().split('\n').pop() ?? '{}') as Record<string, string>;
    assert.deepEqual(failures, {}, Object.entries(failures).map(([n, e]) => `${n}:\n${e}`).join('\n'));
  });
});
