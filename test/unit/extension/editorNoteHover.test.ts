/** Finding hovers and rule pages quote misleading items with the card's editorial note after the quote. */
import assert from 'node:assert/strict';
import type { Finding } from '../../../src/core/analysis/types';
import { getRule } from '../../../src/core/analysis/registry';
import { buildKnowledgeBase } from '../../../src/core/knowledge';
import { findingHoverMarkdown, ruleDocsMarkdown } from '../../../src/extension/hoverMarkdown';
import { realKnowledgeFiles } from '../knowledge/realKnowledge';

const kb = buildKnowledgeBase(realKnowledgeFiles());
const zh: Record<string, string> = { "Editor's note": '编者注' };
const t = (m: string, ...args: Array<string | number>) => m.replace(/\{(\d+)\}/g, (_x, i) => String(args[Number(i)]));
const tZh = (m: string, ...args: Array<string | number>) => t(zh[m] ?? m, ...args);
const finding = (ruleId: string): Finding => ({
  ruleId, severity: 'information', advice: [], range: { startLine: 1, startColumn: 0, endLine: 1, endColumn: 5 },
  message: { zh: '消息', en: 'message' },
});

describe('extension: editorial notes in hovers', () => {
  it('the mixed-precision hover quotes 4#4 as written and adds the note outside the quote', () => {
    const rule = getRule('mixed-precision')!;
    assert.equal(rule.advice[0], '4#4');
    const md = findingHoverMarkdown(finding('mixed-precision'), rule, kb, { lang: 'en', t, canFix: false });
    assert.match(md, /> \*\*4\. Mixed precision training\*\* Use mixed precision training, combining floating-point and integer arithmetic/);
    const note = /\n\n\*Editor's note:\* ([^\n]+)/.exec(md);
    assert.ok(note, md);
    assert.match(note![1], /Mixed precision is not integer arithmetic \\\(that is quantization/);
    assert.ok(md.indexOf(note![0]) > md.indexOf('(4#4)'), 'after the quote of 4#4 and its citation');
  });

  it('in Chinese too', () => {
    const md = findingHoverMarkdown(finding('mixed-precision'), getRule('mixed-precision')!, kb, { lang: 'zh', t: tZh, canFix: false });
    assert.match(md, /结合浮点数和整数运算/);
    assert.match(md, /\*编者注:\* 混合精度不是整数运算/);
  });

  it('an item without a note gets none; the grad-clip hover notes only 8#5', () => {
    const rule = getRule('grad-clip')!;
    assert.deepEqual(rule.advice.slice(0, 2), ['9#5', '8#5']);
    const md = findingHoverMarkdown(finding('grad-clip'), rule, kb, { lang: 'en', t, canFix: false });
    assert.equal((md.match(/Editor's note/g) ?? []).length, 1);
    assert.match(md, /\(8#5\)\n\n\*Editor's note:\* Clipping only caps large gradients/);
    const eval_ = findingHoverMarkdown(finding('eval-mode'), getRule('eval-mode')!, kb, { lang: 'en', t, canFix: false });
    assert.ok(!eval_.includes("Editor's note"));
  });

  it('the rule page quotes with the note as well', () => {
    const page = ruleDocsMarkdown(getRule('sgd-momentum')!, kb, 'en', t);
    assert.match(page, /Use momentum to prevent vanishing gradients\./);
    assert.match(page, /\*Editor's note:\* Momentum speeds up SGD/);
  });
});
