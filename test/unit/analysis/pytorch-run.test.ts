// Fixed code must RUN, not just parse: every fix the analyzer offers (safe and unsafe) is applied to complete
// training scripts, round after round, then each result is parsed (no ERROR node) and executed for one epoch
// under Debian's PyTorch (/usr/bin/python3, CPU). The safe fixes combined by fix-all (what `check --fix` and the
// editor's fix-all write) must run too. The unfixed scripts are run once too, to prove the baseline.
// Without torch the test fails, unless SKIP_TORCH=1 says the machine cannot run it on purpose.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Analyzer } from '../../../src/core/analysis/analyzer';
import { applyEdits } from '../../../src/core/analysis/fixes';
import { compatibleFixes, fixAll, fixAllNotebook } from '../../../src/core/analysis/fixAll';
import { loadPython } from '../../../src/core/analysis/parser';
import type { Finding, NotebookCell } from '../../../src/core/analysis/types';
import { locateWasm, readNotebookCells, scriptsDir } from './fixtures-lib';

const PYTHON = '/usr/bin/python3';
const MAX_ROUNDS = 5;
/** Python scripts, and notebooks whose code cells run as one program (fixes are applied cell by cell). */
const scripts = fs.readdirSync(scriptsDir).filter((f) => f.endsWith('.py') || f.endsWith('.ipynb')).sort();

/** Python with torch importable, or the reason it is not. */
function torchAvailable(): string | undefined {
  const r = spawnSync(PYTHON, ['-c', 'import torch; print(torch.__version__)'], { encoding: 'utf8', timeout: 120000 });
  if (r.error) return `${PYTHON}: ${r.error.message}`;
  return r.status === 0 ? undefined : `${PYTHON} cannot import torch: ${r.stderr.trim().split('\n').pop()}`;
}

/** Runs a script for one epoch in a scratch directory (scripts honour EPOCHS and OUT_DIR). */
function runScript(file: string): { ok: boolean; output: string } {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'ta-run-'));
  try {
    const r = spawnSync(PYTHON, [file], {
      cwd: work,
      encoding: 'utf8',
      timeout: 180000,
      env: { ...process.env, EPOCHS: '1', OUT_DIR: work, OMP_NUM_THREADS: '1', PYTHONDONTWRITEBYTECODE: '1' },
    });
    const output = `${r.stdout}\n${r.stderr}`.trim();
    return { ok: r.status === 0, output: r.error ? `${r.error.message}\n${output}` : output };
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

/** The program as written: the script, or the notebook's code cells joined. */
function readOriginalProgram(file: string): string {
  return file.endsWith('.ipynb')
    ? readNotebookCells(file).filter((c) => c.kind === 'code').map((c) => c.source).join('\n\n')
    : fs.readFileSync(file, 'utf8');
}

let analyzer: Analyzer;
let torchProblem: string | undefined;

before(async function () {
  this.timeout(120000);
  analyzer = await Analyzer.create({ locateWasm });
  torchProblem = torchAvailable();
});

describe('fixed training scripts run under PyTorch (CPU)', () => {
  it('has complete scripts to exercise', () => {
    assert.ok(scripts.length >= 4, `expected at least 4 scripts in ${scriptsDir}, found ${scripts.length}`);
  });

  for (const name of scripts) {
    describe(name, () => {
      const file = path.join(scriptsDir, name);
      const isNotebook = name.endsWith('.ipynb');
      let cells: NotebookCell[] = isNotebook ? readNotebookCells(file) : [{ kind: 'code', source: fs.readFileSync(file, 'utf8') }];
      /** The program that runs: the script, or the notebook's code cells in order. */
      let fixed = '';
      /** The program after fix-all (safe fixes only, combined pass by pass). */
      let safeFixed = '';
      const applied: string[] = [];
      const analyzeCurrent = (): Finding[] => (isNotebook ? analyzer.analyzeNotebook(cells).findings : analyzer.analyze(cells[0].source).findings);

      before(() => {
        for (let round = 0; round < MAX_ROUNDS; round++) {
          const fixes = compatibleFixes(analyzeCurrent(), { unsafe: true });
          if (fixes.length === 0) break;
          cells = cells.map((c, i) => {
            const mine = fixes.filter((f) => (f.cell ?? 0) === i);
            return mine.length ? { ...c, source: applyEdits(c.source, mine.flatMap((f) => f.fix!.edits)) } : c;
          });
          applied.push(...fixes.map((f) => `${f.ruleId}${f.fix!.safe ? '' : ' (unsafe)'}`));
        }
        fixed = cells.filter((c) => c.kind === 'code').map((c) => c.source).join('\n\n');
        safeFixed = isNotebook
          ? fixAllNotebook(analyzer, readNotebookCells(file)).fixed.filter((c) => c.kind === 'code').map((c) => c.source).join('\n\n')
          : fixAll(analyzer, fs.readFileSync(file, 'utf8')).fixed;
      });

      it('offers several fixes, and applying them converges within 5 rounds', () => {
        assert.ok(applied.length >= 2, `only ${applied.length} fix(es) offered for ${name}: ${applied.join(', ')}`);
        const left = analyzeCurrent().filter((f) => f.fix && f.fix.edits.length > 0);
        assert.deepEqual(left.map((f) => `${f.ruleId}@${f.range.startLine + 1}`), [],
          `fixes still offered after ${MAX_ROUNDS} rounds (a fix that does not remove its finding?)\napplied: ${applied.join(', ')}`);
      });

      it('keeps the file\'s line endings and indentation style', () => {
        const original = readOriginalProgram(file);
        if (/\r\n/.test(original)) {
          const bare = fixed.split('\r\n').join('').split('\n').length - 1;
          assert.equal(bare, 0, `a CRLF file got ${bare} bare LF line ending(s) from fixes (applied: ${applied.join(', ')})`);
        }
        if (/^\t/m.test(original) && !/^ +\S/m.test(original)) {
          const spaced = fixed.split(/\r?\n/).filter((l) => /^ +\S/.test(l));
          assert.deepEqual(spaced, [], `a tab-indented file got space-indented lines from fixes (Python: TabError)`);
        }
      });

      it('still parses without ERROR nodes after every fix', async () => {
        const parser = await loadPython(locateWasm);
        const tree = parser.parse(fixed);
        assert.ok(tree, 'tree-sitter returned no tree');
        const errors: string[] = [];
        const walk = (n: NonNullable<typeof tree>['rootNode']): void => {
          if (n.type === 'ERROR' || n.isMissing) errors.push(`${n.type} at ${n.startPosition.row + 1}:${n.startPosition.column + 1}`);
          else if (n.hasError) for (const c of n.children) if (c) walk(c);
        };
        walk(tree.rootNode);
        tree.delete();
        assert.deepEqual(errors, [], `applied: ${applied.join(', ')}\n--- fixed source ---\n${fixed}`);
      });

      it('runs for one epoch before and after fixing (exit 0)', function () {
        if (torchProblem) {
          if (process.env.SKIP_TORCH === '1') this.skip();
          assert.fail(`${torchProblem}\nInstall Debian's python3-torch (apt-get install python3-torch), or set SKIP_TORCH=1 to skip on purpose.`);
        }
        this.timeout(400000);
        const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ta-fixed-'));
        const pyName = name.replace(/\.ipynb$/, '.py');
        const originalFile = isNotebook ? path.join(tmp, `original_${pyName}`) : file;
        if (isNotebook) fs.writeFileSync(originalFile, readOriginalProgram(file));
        const fixedFile = path.join(tmp, pyName);
        fs.writeFileSync(fixedFile, fixed);
        try {
          const before = runScript(originalFile);
          assert.ok(before.ok, `the UNFIXED script fails, so the fixture itself is broken:\n${before.output}`);
          const after = runScript(fixedFile);
          assert.ok(after.ok, `the FIXED script fails (applied: ${applied.join(', ')})\n${after.output}\n--- fixed source ---\n${fixed}`);
          fs.writeFileSync(fixedFile, safeFixed);
          const afterFixAll = runScript(fixedFile);
          assert.ok(afterFixAll.ok, `the script after fix-all (safe fixes) fails\n${afterFixAll.output}\n--- fixed source ---\n${safeFixed}`);
        } finally {
          fs.rmSync(tmp, { recursive: true, force: true });
        }
      });
    });
  }
});
