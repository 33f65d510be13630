import assert from 'node:assert/strict';
import { plainCodeSpans } from '../../../src/core/render/plainText';
import { toDiagnosticData } from '../../../src/extension/diagnosticData';

describe('render: plain text for surfaces without Markdown', () => {
  it('code spans get quotes instead of backticks (English) or “ ” (Chinese)', () => {
    assert.equal(plainCodeSpans('wrap it in `with torch.no_grad():` to save memory', 'en'), "wrap it in 'with torch.no_grad():' to save memory");
    assert.equal(plainCodeSpans('设置 `num_workers` 与 `pin_memory=True`', 'zh'), '设置 “num_workers” 与 “pin_memory=True”');
    assert.equal(plainCodeSpans('call ``a`b`` here', 'en'), "call 'a`b' here");
    assert.equal(plainCodeSpans('no code here', 'en'), 'no code here');
    assert.equal(plainCodeSpans('a lone ` stays', 'en'), 'a lone ` stays');
  });

  it('diagnostics (the Problems panel) show quotes, not backticks, in both languages', () => {
    const messages = [
      { zh: '用 `torch.no_grad()` 包住', en: 'wrap it in `with torch.no_grad():`' },
    ];
    const findings = messages.map((message) => ({ ruleId: 'eval-no-grad', severity: 'warning' as const, advice: [], message, range: { startLine: 0, startColumn: 0, endLine: 0, endColumn: 1 } }));
    for (const lang of ['en', 'zh'] as const) {
      const [d] = toDiagnosticData(findings, lang, {});
      assert.ok(d && !d.message.includes('`'), d?.message);
    }
    assert.equal(toDiagnosticData(findings, 'en', {})[0]!.message, "wrap it in 'with torch.no_grad():'");
  });
});
