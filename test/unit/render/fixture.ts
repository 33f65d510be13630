// A small knowledge base for the render tests: entry 1 with formulas, entries 9 and 12 as near-duplicates.
import type { Entry, Item, KnowledgeBase } from '../../../src/core/knowledge/types';
import type { RuleInfo } from '../../../src/core/render/pages';

function item(number: number, zh: string, en: string, englishTerm: string | null, bodyZh: string, bodyEn: string, formulas: string[] = []): Item {
  return { number, term: { zh, en }, englishTerm, body: { zh: bodyZh, en: bodyEn }, formulas, location: {} };
}

function entry(key: string, titleZh: string, titleEn: string, items: Item[], extra: Partial<Entry> = {}): Entry {
  return {
    key,
    number: Number(key),
    source: 'builtin',
    title: { zh: titleZh, en: titleEn },
    question: { zh: `**题目：** ${titleZh}`, en: `${titleEn}` },
    items,
    categories: ['evaluation'],
    variants: [],
    canonical: key,
    location: {},
    ...extra,
  };
}

export const ACCURACY = '\\text{Accuracy} = \\frac{\\text{正确预测的样本数}}{\\text{总样本数}}';
export const F1 = '\\text{F1 Score} = 2 \\times \\frac{\\text{Precision} \\times \\text{Recall}}{\\text{Precision} + \\text{Recall}}';

export function fixtureKb(): KnowledgeBase {
  return {
    entries: [
      entry('1', '如何评估大模型的效果？', 'How do you evaluate a large model?', [
        item(1, '准确率', 'Accuracy', 'Accuracy', `准确率表示正确预测的比例。计算公式为：\n\\[ ${ACCURACY} \\]`, 'Accuracy is the share of correct predictions:', [ACCURACY]),
        item(3, 'F1 分数', 'F1 score', 'F1 Score', 'F1 分数是调和平均值。', 'The F1 score is the harmonic mean.', [F1]),
      ]),
      entry('9', '如何处理大模型训练中的梯度爆炸问题？', 'How do you handle exploding gradients?', [
        item(5, '梯度裁剪', 'Gradient clipping', 'Gradient Clipping', '对梯度进行**裁剪**，限制其范数。', 'Clip the gradients to a maximum **norm**.'),
      ], { categories: ['stability'], variants: ['12'], canonical: '9' }),
      entry('12', '梯度爆炸怎么办？', 'What to do about exploding gradients?', [
        item(1, '梯度裁剪', 'Gradient clipping', null, '裁剪梯度。', 'Clip gradients.'),
      ], { categories: ['stability'], variants: ['9'], canonical: '9' }),
    ],
    categories: [
      { id: 'evaluation', name: { zh: '评估', en: 'Evaluation' }, description: { zh: '衡量模型', en: 'Measuring models' }, entries: ['1'] },
      { id: 'stability', name: { zh: '训练稳定性', en: 'Training stability' }, description: { zh: '', en: '' }, entries: ['9', '12'] },
    ],
    cards: [
      {
        id: 'gradient-clipping',
        name: { zh: '梯度裁剪', en: 'Gradient clipping' },
        summary: { zh: '限制梯度范数。', en: 'Cap the gradient norm.' },
        keywords: ['梯度爆炸'],
        apis: ['torch.nn.utils.clip_grad_norm_'],
        snippet: 'torch.nn.utils.clip_grad_norm_(model.parameters(), max_norm=1.0)',
        advice: ['9#5', '12#1'],
        source: 'builtin',
        location: { file: 'techniques/stability.md', line: 1 },
      },
    ],
    issues: [],
  };
}

export const gradClipRule: RuleInfo = {
  id: 'grad-clip',
  title: { zh: '缺少梯度裁剪', en: 'No gradient clipping' },
  docs: {
    detects: { zh: '调用 `backward()` 后没有裁剪梯度。', en: 'A `backward()` call with no gradient clipping before the step.' },
    why: { zh: '一个坏批次就可能让训练发散。', en: 'One bad batch can blow up training.' },
    example: 'loss.backward()\noptimizer.step()',
    fixedExample: 'loss.backward()\ntorch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)\noptimizer.step()',
  },
  advice: ['9#5'],
};
