// A small hand-written knowledge base so the helpers' tests do not depend on the corpus text.
import type { KnowledgeBase, TechniqueCard } from '../../../src/core/knowledge/types';

export function card(id: string, apis: string[], advice: string[] = ['9#5'], keywords: string[] = []): TechniqueCard {
  return {
    id, apis, advice, keywords, snippet: '', source: 'builtin', location: { file: 'x.md', line: 1 },
    name: { zh: `${id}-zh`, en: `${id}-en` }, summary: { zh: `${id} 摘要`, en: `${id} summary` },
  };
}

export const kb: KnowledgeBase = {
  entries: [{
    key: '9', number: 9, source: 'builtin', categories: [], variants: [], canonical: '9', location: {},
    title: { zh: '如何处理梯度爆炸问题', en: 'Handling exploding gradients' },
    question: { zh: '如何解决梯度爆炸？', en: 'How to fix exploding gradients?' },
    items: [{
      number: 5, term: { zh: '梯度裁剪', en: 'Gradient clipping' }, englishTerm: 'Gradient Clipping', formulas: [], location: {},
      body: { zh: '对梯度进行裁剪，限制梯度的最大值。', en: 'Clip the gradients so their norm stays below a threshold.' },
    }],
  }],
  categories: [],
  cards: [
    card('gradient-clipping', ['torch.nn.utils.clip_grad_norm_', 'torch.nn.utils.clip_grad_value_']),
    card('lr-scheduling', ['torch.optim.lr_scheduler.*']),
    card('weight-decay', ['torch.optim.AdamW'], ['9#5'], ['weight_decay', 'L2']),
    card('early-stopping', ['pytorch_lightning.callbacks.EarlyStopping']),
  ],
  issues: [],
};
