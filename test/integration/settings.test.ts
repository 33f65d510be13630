// Settings take effect on open documents at once: per-rule severity, off, enable, language, size limit.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { api, closeAll, hoverTexts, openPython, ours, setSetting, TRAIN_SCRIPT, waitFor, withRule, type Api } from './editorHelpers';

suite('settings take effect at once', function () {
  this.timeout(60_000);
  let ta: Api;

  suiteSetup(async () => {
    ta = await api();
  });
  teardown(async () => {
    for (const key of ['rules', 'enable', 'language', 'maxFileSizeKB', 'analysisDelayMs']) await setSetting(key, undefined);
    await closeAll();
  });

  test('a rule severity change re-publishes, and off removes the rule', async () => {
    const doc = await openPython(TRAIN_SCRIPT);
    await waitFor('grad-clip', () => withRule(doc.uri, 'grad-clip').length);
    await setSetting('rules', { 'grad-clip': 'warning' });
    await waitFor('grad-clip as a warning', () => withRule(doc.uri, 'grad-clip')[0]?.severity === vscode.DiagnosticSeverity.Warning);
    await setSetting('rules', { 'grad-clip': 'off' });
    await waitFor('grad-clip gone', () => withRule(doc.uri, 'grad-clip').length === 0);
    await setSetting('rules', undefined);
    await waitFor('grad-clip back', () => withRule(doc.uri, 'grad-clip')[0]?.severity === vscode.DiagnosticSeverity.Information);
  });

  test('trainingAdvisor.enable=false clears every hint, true brings them back', async () => {
    const doc = await openPython(TRAIN_SCRIPT);
    await waitFor('hints', () => ours(doc.uri).length);
    await setSetting('enable', false);
    await waitFor('no hints', () => ours(doc.uri).length === 0);
    assert.equal(ta.analysis.statusFor(doc.uri).kind, 'skipped');
    await setSetting('enable', true);
    await waitFor('hints again', () => ours(doc.uri).length);
  });

  test('the language setting switches the diagnostic messages', async () => {
    const doc = await openPython(TRAIN_SCRIPT);
    await waitFor('grad-clip', () => withRule(doc.uri, 'grad-clip').length);
    await setSetting('language', 'zh');
    await waitFor('a Chinese message', () => /[\u4e00-\u9fff]/.test(withRule(doc.uri, 'grad-clip')[0]?.message ?? ''));
    // The hover's chrome follows the forced language too (l10n bundle), not only the rule and advice text.
    const [d] = withRule(doc.uri, 'grad-clip');
    const zhHover = await hoverTexts(doc.uri, d!.range.start.translate(0, 1));
    assert.match(zhHover, /为什么重要/);
    assert.match(zhHover, /查看建议/);
    await setSetting('language', 'en');
    await waitFor('an English message', () => !/[\u4e00-\u9fff]/.test(withRule(doc.uri, 'grad-clip')[0]?.message ?? '中'));
  });

  test('a file over maxFileSizeKB is skipped with a visible status, never analysed', async () => {
    const big = TRAIN_SCRIPT + '\n' + '# padding line to make the file large\n'.repeat(100);
    const doc = await openPython(big);
    await waitFor('hints', () => ours(doc.uri).length);
    await setSetting('maxFileSizeKB', 1);
    await waitFor('skipped (too large)', () => {
      const s = ta.analysis.statusFor(doc.uri);
      return s.kind === 'skipped' && s.reason === 'tooLarge' && ours(doc.uri).length === 0;
    });
  });

  test('edits are re-analysed after the delay (debounced), not on every keystroke', async () => {
    await setSetting('analysisDelayMs', 50);
    const doc = await openPython('import torch\n');
    await waitFor('analysed', () => ta.analysis.statusFor(doc.uri).kind === 'done');
    const editor = vscode.window.activeTextEditor!;
    await editor.edit((e) => e.insert(new vscode.Position(1, 0), TRAIN_SCRIPT.split('\n').slice(1).join('\n')));
    await waitFor('grad-clip after typing', () => withRule(doc.uri, 'grad-clip').length);
    await setSetting('analysisDelayMs', undefined);
  });
});
