// The VSIX: contains only what runs (checked by scripts/check-package.mjs), and — in the harness's
// `vsix` phase (tests tagged @vsix), where it was installed with `--install-extension` into a fresh
// profile — the installed copy activates on a command and works from its packaged files.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';
import { extension, repoRoot, runAcceptingFirstItem, waitUntil } from './support';

const vsix = path.join(repoRoot, 'dist', 'training-advisor.vsix');

describe('package', () => {
  it('the VSIX contains only what runs, under 2 MB', () => {
    if (!fs.existsSync(vsix)) assert.fail(`${vsix} missing: run \`npm run package\` first`);
    // `node` from PATH: under test-electron process.execPath is Electron, not node.
    let out: string;
    try {
      out = execFileSync('node', [path.join(repoRoot, 'scripts/check-package.mjs'), vsix, '--json'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (e) {
      out = String((e as { stdout?: string }).stdout ?? ''); // exit 1 = problems found, listed in the JSON
      if (!out) throw e;
    }
    const r = JSON.parse(out) as { bytes: number; files: unknown[]; problems: string[] };
    console.log(`      VSIX ${(r.bytes / 1024).toFixed(1)} KB, ${r.files.length} files`);
    assert.deepEqual(r.problems, []);
  });
});

describe('installed VSIX @vsix', () => {
  it('@vsix is the installed copy, not a development extension, and not active yet', () => {
    const ext = extension();
    assert.notEqual(path.resolve(ext.extensionPath), repoRoot, 'loaded from the repository, not from the VSIX');
    assert.ok(fs.existsSync(path.join(ext.extensionPath, 'dist', 'extension.js')), `no dist/extension.js in ${ext.extensionPath}`);
    assert.ok(!fs.existsSync(path.join(ext.extensionPath, 'src')), 'sources were installed');
    assert.equal(ext.isActive, false);
  });

  it('@vsix activates on a command and reports its activate() time', async () => {
    const ext = extension();
    await vscode.commands.executeCommand('trainingAdvisor.analyzeFile'); // no editor: answers with a message
    await waitUntil('activation by a command', () => ext.isActive, 20_000);
    console.log(`      installed VSIX: activate() took ${ext.exports.activationMs} ms`);
    assert.equal(typeof ext.exports.activationMs, 'number');
  });

  it('@vsix searches its packaged knowledge base', async () => {
    const ref = await runAcceptingFirstItem<unknown>('trainingAdvisor.search', '梯度爆炸');
    assert.match(String(ref), /^\d+(#\d+)?$/, `search returned ${JSON.stringify(ref)}`);
  });

  it('@vsix analyses a Python file with its packaged parser', async () => {
    const content = [
      'import torch',
      'import torch.nn.functional as F',
      '',
      'def train(model, loader, optimizer):',
      '    model.train()',
      '    for inputs, targets in loader:',
      '        optimizer.zero_grad()',
      '        loss = F.cross_entropy(model(inputs), targets)',
      '        loss.backward()',
      '        optimizer.step()',
      '',
    ].join('\n');
    const doc = await vscode.workspace.openTextDocument({ language: 'python', content });
    await vscode.window.showTextDocument(doc);
    const findings = await vscode.commands.executeCommand<unknown[]>('trainingAdvisor.analyzeFile');
    assert.ok(Array.isArray(findings) && findings.length > 0, `analyzeFile returned ${JSON.stringify(findings)}`);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });
});
