// Saving never waits on us: with fix-all on save (`editor.codeActionsOnSave`), a save uses the analysis
// already done for that document version, or skips the fixes; it never waits for a fresh analysis. The
// harness also fails the run on VS Code's "Aborted onWillSaveTextDocument-event" log line (lib/fatalLogs.ts).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import * as vscode from 'vscode';
import { api, closeAll, codeActions, openPython, setSetting, TRAIN_SCRIPT, waitFor, withRule, type Api } from './editorHelpers';

const FIX_ALL = 'source.fixAll.trainingAdvisor';

async function setFixOnSave(on: boolean): Promise<void> {
  const editor = vscode.workspace.getConfiguration('editor', { languageId: 'python' });
  await editor.update('codeActionsOnSave', on ? { [FIX_ALL]: 'explicit' } : undefined, vscode.ConfigurationTarget.Global, true);
}

suite('save with fix-all on save', function () {
  this.timeout(60_000);
  let ta: Api;

  suiteSetup(async () => {
    ta = await api();
    await setFixOnSave(true);
  });
  suiteTeardown(async () => {
    await setFixOnSave(false);
    await setSetting('analysisDelayMs', undefined);
  });
  teardown(closeAll);

  test('a save after the analysis applies its safe fixes and completes', async () => {
    const doc = await openPython(TRAIN_SCRIPT);
    await waitFor('grad-clip analysed for this version', () => withRule(doc.uri, 'grad-clip').length && ta.analysis.statusFor(doc.uri).kind === 'done');
    await vscode.window.showTextDocument(doc);
    // A save runs its participants for a dirty document: one real edit, then let it be analysed.
    await vscode.window.activeTextEditor!.edit((e) => e.insert(new vscode.Position(doc.lineCount - 1, 0), '# end\n'));
    await ta.analysis.analyzeNow(doc);
    const whole = new vscode.Range(0, 0, doc.lineCount, 0);
    await waitFor('the fix-all action of this version', async () => (await codeActions(doc.uri, whole, FIX_ALL)).length);
    assert.equal(await doc.save(), true, 'the save completed');
    assert.equal(doc.isDirty, false);
    assert.match(fs.readFileSync(doc.uri.fsPath, 'utf8'), /clip_grad_norm_/, 'the cached analysis gave its safe fix to the save');
  });

  test('a save while that version is still being analysed does not wait for it: saved as typed, no fixes', async () => {
    // The analysis of the edited version is held until the save is over, so it is certainly still running
    // when the save asks for fix-all; every wait the save asks of us is recorded.
    const manager = ta.analysis as unknown as {
      analyzeInWorker(...args: unknown[]): Promise<unknown>;
      fixesReady(uri: vscode.Uri, timeoutMs?: number): Promise<void>;
    };
    const doc = await openPython(TRAIN_SCRIPT);
    await waitFor('grad-clip analysed', () => withRule(doc.uri, 'grad-clip').length && ta.analysis.statusFor(doc.uri).kind === 'done');
    const analyze = manager.analyzeInWorker;
    const fixesReady = manager.fixesReady;
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const waits: Array<number | undefined> = [];
    manager.analyzeInWorker = async function (this: unknown, ...args: unknown[]) {
      await held;
      return analyze.apply(this, args);
    };
    manager.fixesReady = function (this: unknown, uri: vscode.Uri, timeoutMs?: number) {
      waits.push(timeoutMs);
      return fixesReady.call(this, uri, timeoutMs);
    };
    try {
      await vscode.window.showTextDocument(doc);
      await vscode.window.activeTextEditor!.edit((e) => e.insert(new vscode.Position(0, 0), '# edited\n'));
      assert.equal(await doc.save(), true, 'the save completed');
    } finally {
      manager.analyzeInWorker = analyze;
      manager.fixesReady = fixesReady;
      release();
    }
    assert.equal(doc.isDirty, false);
    const saved = fs.readFileSync(doc.uri.fsPath, 'utf8');
    assert.match(saved, /^# edited\n/, 'the edit was saved');
    assert.doesNotMatch(saved, /clip_grad_norm_/, 'no fixes from an analysis of another version');
    assert.ok(waits.length > 0, 'fix-all on save asked us for its fixes');
    assert.deepEqual(waits.filter((t) => t !== 0), [], 'the save never waits for the analysis worker');
  });
});
