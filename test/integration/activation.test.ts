// The extension activates lazily: not at start-up, on opening a Python file, and on each of its
// commands (implicit onCommand events, VS Code >= 1.74). Runs first (index.ts orders it), before any
// other test could have activated the extension.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { extension, manifest, waitUntil, workspacePythonFile } from './support';

describe('activation', () => {
  it('is not active before a Python file or a command needs it (no * activation)', () => {
    const events = manifest().activationEvents ?? [];
    assert.ok(!events.includes('*'), 'activationEvents must not contain *');
    assert.ok(!events.includes('onStartupFinished'), 'activationEvents must not contain onStartupFinished');
    assert.equal(extension().isActive, false, 'the extension was already active at start-up');
  });

  it('activates on opening a .py file and reports its activate() time', async () => {
    const doc = await vscode.workspace.openTextDocument(await workspacePythonFile());
    await vscode.window.showTextDocument(doc);
    const ext = extension();
    await waitUntil('activation after opening a .py file', () => ext.isActive, 20_000);
    const ms = ext.exports.activationMs;
    assert.equal(typeof ms, 'number', 'activate() must return { activationMs }');
    console.log(`      activate() took ${ms} ms (target < 50 ms)`);
    assert.ok(ms! >= 0 && ms! < 2000, `activate() took ${ms} ms`);
  });

  it('every contributed command is an activation event (implicit onCommand)', () => {
    const m = manifest();
    const major = /(\d+)\.(\d+)/.exec(m.engines.vscode);
    assert.ok(major, `engines.vscode ${m.engines.vscode}`);
    const implicit = Number(major[1]) > 1 || Number(major[2]) >= 74;
    for (const { command } of m.contributes.commands) {
      assert.ok(implicit || m.activationEvents?.includes(`onCommand:${command}`), `${command} does not activate the extension`);
    }
  });
});
