import assert from 'node:assert/strict';
import type { Finding } from '../../../src/core/analysis/types';
import { cardHoverMarkdown, commandLink, findingHoverMarkdown, quoteAdvice, ruleDocsMarkdown, type RuleInfo } from '../../../src/extension/hoverMarkdown';
import { kb } from './helpers';

const t = (m: string, ...args: Array<string | number>) => m.replace(/\{(\d+)\}/g, (_x, i) => String(args[Number(i)]));
const rule: RuleInfo = {
  id: 'grad-clip', advice: ['9#5'], defaultSeverity: 'information',
  title: { zh: '缺少梯度裁剪', en: 'No gradient clipping' },
  docs: { detects: { zh: '检测', en: 'Detects' }, why: { zh: '梯度爆炸会毁掉训练', en: 'One bad batch can blow up training' }, example: 'loss.backward()\n', fixedExample: 'clip()\n' },
};
const finding: Finding = {
  ruleId: 'grad-clip', severity: 'information', advice: ['9#5'], range: { startLine: 1, startColumn: 0, endLine: 1, endColumn: 5 },
  message: { zh: '训练步骤没有梯度裁剪', en: 'This training step does not clip gradients' },
  fix: { title: { zh: '加入裁剪', en: 'Add clipping' }, safe: true, edits: [] },
};

describe('extension: hover and page markdown', () => {
  it('a finding hover states the problem, why, quotes the corpus item and links advice and fix', () => {
    const md = findingHoverMarkdown(finding, rule, kb, { lang: 'en', t, canFix: true, fixArgs: ['file:///a.py', 0, 3] });
    assert.match(md, /\*\*No gradient clipping\*\* `grad-clip`/);
    assert.ok(!md.includes('This training step does not clip gradients'), 'the diagnostic message is not repeated');
    assert.match(md, /Why it matters:\*\* One bad batch can blow up training/);
    assert.match(md, /> \*\*5\. Gradient clipping\*\* Clip the gradients/);
    assert.ok(md.includes(commandLink('trainingAdvisor.openAdvice', ['9#5'])));
    assert.ok(md.includes(commandLink('trainingAdvisor.applyFix', ['file:///a.py', 0, 3])));
  });

  it('follows the display language and omits "Apply fix" when the fix is not applicable', () => {
    const md = findingHoverMarkdown(finding, rule, kb, { lang: 'zh', t, canFix: false });
    assert.match(md, /缺少梯度裁剪/);
    assert.match(md, /梯度裁剪\*\* 对梯度进行裁剪/);
    assert.ok(!md.includes('applyFix'));
  });

  it('a card hover names the technique and quotes what the corpus advises', () => {
    const md = cardHoverMarkdown([kb.cards[0]!], 'torch.nn.utils.clip_grad_norm_', kb, 'en', t);
    assert.match(md, /\*\*gradient-clipping-en\*\* — `torch\.nn\.utils\.clip_grad_norm_`/);
    assert.match(md, /gradient-clipping summary/);
    assert.match(md, /Clip the gradients/);
  });

  it('quotes nothing for a missing ref, and the rule page carries examples and advice', () => {
    assert.equal(quoteAdvice(kb, '42#1', 'en'), null);
    const page = ruleDocsMarkdown(rule, kb, 'en', t, 'warning');
    assert.match(page, /```python\nloss\.backward\(\)\n```/);
    assert.match(page, /```python\nclip\(\)\n```/);
    assert.match(page, /Severity: warning/);
    assert.match(page, /Gradient clipping/);
  });
});
