/**
 * Rules whose technique the corpus does not cover (zeroing gradients, no_grad, eval(), DataLoader workers…) say so
 * beside the quoted items and show their technique card, in hovers, rule pages and the sidebar's rule page.
 */
import assert from 'node:assert/strict';
import type { Finding } from '../../../src/core/analysis/types';
import { getRule } from '../../../src/core/analysis/registry';
import { buildKnowledgeBase } from '../../../src/core/knowledge';
import { renderRule } from '../../../src/core/render/pages';
import { findingHoverMarkdown, ruleDocsMarkdown } from '../../../src/extension/hoverMarkdown';
import { realKnowledgeFiles } from '../knowledge/realKnowledge';

const kb = buildKnowledgeBase(realKnowledgeFiles());
const t = (m: string) => m;
const finding = (ruleId: string): Finding => ({
  ruleId, severity: 'information', advice: [], range: { startLine: 1, startColumn: 0, endLine: 1, endColumn: 5 },
  message: { zh: '消息', en: 'message' },
});

describe('extension: the technique card where the corpus has no item', () => {
  it('the zero-grad hover says the Q&A has no item on it and shows the zero-grad card after the quote', () => {
    const md = findingHoverMarkdown(finding('zero-grad'), getRule('zero-grad')!, kb, { lang: 'en', t, canFix: false });
    const gap = md.indexOf('The Q&A has no item on this technique itself');
    assert.ok(gap > md.indexOf('(9)'), md);
    assert.match(md.slice(gap), /\*\*Zeroing gradients \\\(optimizer\.zero\\_grad\\\)\*\* — PyTorch's backward adds into \.grad/);
  });

  it('the rule page (Markdown and the sidebar page) shows it too; a rule with a direct item shows none', () => {
    assert.match(ruleDocsMarkdown(getRule('eval-no-grad')!, kb, 'zh', (m) => m), /no item on this technique[^\n]*\*\* —|\*\*[^*]+\*\* —/);
    const html = renderRule({ kb, lang: 'zh', getRule }, 'eval-no-grad').html;
    assert.match(html, /<p class="corpus-gap">问答语料没有专门讲这项技术的条目/);
    assert.ok(!renderRule({ kb, lang: 'en', getRule }, 'grad-clip').html.includes('corpus-gap'));
    const gradClip = findingHoverMarkdown(finding('grad-clip'), getRule('grad-clip')!, kb, { lang: 'en', t, canFix: false });
    assert.ok(!gradClip.includes('no item on this technique'));
  });
});
