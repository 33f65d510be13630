import assert from 'node:assert/strict';
import type { Finding } from '../../../src/core/analysis/types';
import { findingsAt, rangesTouch, toDiagnosticData } from '../../../src/extension/diagnosticData';

function finding(ruleId: string, line: number, fix?: Finding['fix']): Finding {
  return {
    ruleId, severity: 'information', advice: ['9#5'], fix,
    message: { zh: `${ruleId} 消息`, en: `${ruleId} message` },
    range: { startLine: line, startColumn: 4, endLine: line, endColumn: 19 },
  };
}
const insert = (line: number, safe = true): Finding['fix'] => ({
  title: { zh: '修复', en: 'fix' }, safe, edits: [{ range: { startLine: line, startColumn: 0, endLine: line, endColumn: 0 }, newText: 'x\n' }],
});

describe('extension: findings → diagnostics', () => {
  const findings = [finding('grad-clip', 3), finding('lr-schedule', 1), finding('sgd-momentum', 1)];

  it('localises messages and applies severity settings, dropping rules set to off', () => {
    const data = toDiagnosticData(findings, 'zh', { 'lr-schedule': 'warning', 'sgd-momentum': 'off' });
    assert.deepEqual(data.map((d) => [d.ruleId, d.severity, d.message, d.index]), [
      ['grad-clip', 'information', 'grad-clip 消息', 0],
      ['lr-schedule', 'warning', 'lr-schedule 消息', 1],
    ]);
    assert.equal(toDiagnosticData(findings, 'en', {})[0]!.message, 'grad-clip message');
  });

  it('finds the findings under a position, end inclusive', () => {
    assert.deepEqual(findingsAt(findings, 1, 10).map((f) => f.index), [1, 2]);
    assert.deepEqual(findingsAt(findings, 3, 19).map((f) => f.index), [0]);
    assert.deepEqual(findingsAt(findings, 3, 3), []);
    assert.equal(rangesTouch(findings[0]!.range, { startLine: 3, startColumn: 19, endLine: 3, endColumn: 19 }), true);
    assert.equal(rangesTouch(findings[0]!.range, { startLine: 2, startColumn: 0, endLine: 2, endColumn: 80 }), false);
  });
});
