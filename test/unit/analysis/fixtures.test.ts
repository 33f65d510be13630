// The rule catalog's executable spec: every fixture under test/fixtures/ marks the anchor line of each expected
// finding with `# expect: rule-id`; every other line must stay quiet. Checked twice: through the analyzer API
// and through the built CLI (`node dist/cli.js check … --format json --select rule`).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Analyzer } from '../../../src/core/analysis/analyzer';
import { rules } from '../../../src/core/analysis/registry';
import {
  diffExpectations, expectationsOf, findingToExpectation, lineTextFor, listFixtures, locateWasm, readNotebookCells,
  repoRoot, type Expectation, type Fixture,
} from './fixtures-lib';

const ruleIds = new Set(rules.map((r) => r.id));
const fixtures = listFixtures(ruleIds);

/** The ids the issues' rule tables name; each must have at least one fixture with a positive and a quiet case. */
const REQUIRED_RULES = [
  'grad-clip', 'early-stopping', 'lr-schedule', 'mixed-precision', 'scaler-unscale', 'data-parallel', 'gloo-on-gpu',
  'eval-no-grad', 'eval-mode', 'dataloader-workers', 'no-checkpoint', 'no-monitoring', 'weight-decay', 'sgd-momentum',
  'zero-grad', 'train-mode', 'torch-load-weights-only', 'checkpoint-reentrant', 'deprecated-amp', 'no-seed',
  'requires-grad-typo',
];

let analyzer: Analyzer;
before(async () => {
  analyzer = await Analyzer.create({ locateWasm });
});

describe('rule fixtures (analyzer API)', () => {
  it('cover every rule of the catalog with a firing case and a file-level quiet case', () => {
    for (const id of REQUIRED_RULES) {
      const own = fixtures.filter((f) => f.rules.includes(id));
      assert.ok(own.length > 0, `no fixture for rule ${id}`);
      const expected = own.flatMap(expectationsOf).filter((e) => e.ruleId === id);
      assert.ok(expected.length > 0, `fixtures of ${id} never expect it to fire`);
    }
    for (const f of fixtures) for (const id of f.rules) assert.ok(ruleIds.has(id), `${f.rel} names unknown rule ${id}`);
  });

  for (const fx of fixtures) {
    it(`${fx.rel} [${fx.rules.join(', ')}]`, () => {
      const actual = analyzeFixture(fx);
      const diff = diffExpectations(expectationsOf(fx), actual, lineTextFor(fx));
      if (diff !== undefined) assert.fail(`${fx.rel}\n${diff}`);
    });
  }
});

function analyzeFixture(fx: Fixture): Expectation[] {
  const options = { select: fx.rules };
  if (fx.kind === 'py') {
    const result = analyzer.analyze(fs.readFileSync(fx.file, 'utf8'), options);
    return result.findings.map(findingToExpectation);
  }
  const result = analyzer.analyzeNotebook(readNotebookCells(fx.file), options);
  return result.findings.map(findingToExpectation);
}

interface CliFinding {
  file: string;
  rule: string;
  line: number;
  cell?: number;
}

describe('rule fixtures (CLI: node dist/cli.js check --format json --select)', () => {
  const cli = path.join(repoRoot, 'dist', 'cli.js');
  const byRule = new Map<string, Fixture[]>();
  for (const fx of fixtures) {
    const key = fx.rules.join(',');
    byRule.set(key, [...(byRule.get(key) ?? []), fx]);
  }

  for (const [select, group] of byRule) {
    it(`--select ${select} over ${group.length} fixture(s)`, function () {
      if (!fs.existsSync(cli)) {
        this.skip(); // dist/cli.js is absent: run `npm run build` first (the API half above still ran)
      }
      this.timeout(60000);
      const r = spawnSync(process.execPath, [cli, 'check', ...group.map((f) => f.rel), '--format', 'json', '--select', select],
        { cwd: repoRoot, encoding: 'utf8' });
      assert.ok(r.status === 0 || r.status === 1, `CLI exited ${r.status}\nstderr: ${r.stderr}\nstdout: ${r.stdout.slice(0, 2000)}`);
      let report: { version: number; findings: CliFinding[] };
      try {
        report = JSON.parse(r.stdout) as typeof report;
      } catch {
        assert.fail(`CLI output is not JSON (exit ${r.status})\nstdout: ${r.stdout.slice(0, 1000)}\nstderr: ${r.stderr.slice(0, 1000)}`);
      }
      assert.equal(report.version, 1);
      const expectedTotal = group.flatMap(expectationsOf).length;
      assert.equal(r.status, expectedTotal > 0 ? 1 : 0, 'exit code must be 1 when there are findings, else 0');
      for (const fx of group) {
        const mine = report.findings.filter((f) => path.resolve(repoRoot, f.file) === fx.file)
          .map((f): Expectation => (f.cell === undefined ? { ruleId: f.rule, line: f.line - 1 } : { ruleId: f.rule, line: f.line - 1, cell: f.cell }));
        const diff = diffExpectations(expectationsOf(fx), mine, lineTextFor(fx));
        if (diff !== undefined) assert.fail(`${fx.rel} (CLI)\n${diff}`);
      }
      const known = new Set(group.map((f) => f.file));
      const stray = report.findings.filter((f) => !known.has(path.resolve(repoRoot, f.file)));
      assert.deepEqual(stray, [], 'CLI reported findings for files it was not given');
    });
  }
});

describe('rule fixtures (CLI: node dist/cli.js check test/fixtures --format json, all rules)', () => {
  it('walks the directory (.py and .ipynb) and reports each fixture\'s own rules exactly where marked', function () {
    const cli = path.join(repoRoot, 'dist', 'cli.js');
    if (!fs.existsSync(cli)) this.skip(); // dist/cli.js is absent: run `npm run build` first
    this.timeout(120000);
    const r = spawnSync(process.execPath, [cli, 'check', 'test/fixtures', '--format', 'json'], { cwd: repoRoot, encoding: 'utf8', maxBuffer: 64 << 20 });
    assert.equal(r.status, 1, `fixtures contain findings, so exit 1 is expected; got ${r.status}\nstderr: ${r.stderr.slice(0, 1000)}`);
    const report = JSON.parse(r.stdout) as { findings: CliFinding[] };
    const problems: string[] = [];
    for (const fx of fixtures) {
      // Other rules may fire on a fixture (each specifies only its own); compare the fixture's rules.
      const mine = report.findings.filter((f) => path.resolve(repoRoot, f.file) === fx.file && fx.rules.includes(f.rule))
        .map((f): Expectation => (f.cell === undefined ? { ruleId: f.rule, line: f.line - 1 } : { ruleId: f.rule, line: f.line - 1, cell: f.cell }));
      const diff = diffExpectations(expectationsOf(fx), mine, lineTextFor(fx));
      if (diff !== undefined) problems.push(`${fx.rel}\n${diff}`);
    }
    if (problems.length) assert.fail(problems.join('\n\n'));
    const files = new Set(report.findings.map((f) => path.resolve(repoRoot, f.file)));
    assert.ok([...files].some((f) => f.endsWith('.ipynb')), 'no notebook finding: the directory walk skipped .ipynb files');
    assert.ok([...files].some((f) => f.includes(`${path.sep}scripts${path.sep}`)), 'no finding under test/fixtures/scripts: the walk is not recursive');
  });
});

describe('examples/ workspace', () => {
  const dir = path.join(repoRoot, 'examples');
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.py') || f.endsWith('.ipynb')).sort();
  const findingsOf = (name: string): string[] => {
    const file = path.join(dir, name);
    const result = name.endsWith('.ipynb')
      ? analyzer.analyzeNotebook(readNotebookCells(file), {})
      : analyzer.analyze(fs.readFileSync(file, 'utf8'), {});
    return result.findings.map((f) => f.ruleId);
  };

  it('shows every rule of the catalog at least once', () => {
    const seen = new Set(files.flatMap(findingsOf));
    const missing = [...ruleIds].filter((id) => !seen.has(id));
    assert.deepEqual(missing, [], `rules no example triggers: ${missing.join(', ')}`);
  });

  it('lightning_ok.py stays quiet (the framework already does it right)', () => {
    assert.deepEqual(findingsOf('lightning_ok.py'), []);
  });
});
