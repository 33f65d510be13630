// The API hover's lookup against the real technique cards: every API family the issue names resolves, through
// the file's imports, to a card (the card files live in knowledge/techniques/).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { buildKnowledgeBase } from '../../../src/core/knowledge';
import { cardsForApi } from '../../../src/core/knowledge/refs';
import type { KnowledgeBase } from '../../../src/core/knowledge/types';
import { cardsForKeyword, cardsForName } from '../../../src/core/knowledge/cardLookup';
import { nameAt, parseImports } from '../../../src/core/analysis/pythonNames';

const root = path.resolve(__dirname, '../../../knowledge');

function loadKnowledge(): KnowledgeBase {
  const files: Array<{ path: string; text: string }> = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.md')) files.push({ path: path.relative(root, p), text: fs.readFileSync(p, 'utf8') });
    }
  };
  walk(root);
  return buildKnowledgeBase(files);
}

const SOURCE = `import torch
import torch.nn as nn
from torch.cuda.amp import GradScaler, autocast
from torch.nn.parallel import DistributedDataParallel as DDP
from torch.optim import lr_scheduler
from pytorch_lightning.callbacks import EarlyStopping
import torch.nn.utils.prune as prune
`;

/** [code line, the identifier to hover, a card id that must be among the results] */
const CASES: Array<[string, string, string]> = [
  ['nn.utils.clip_grad_norm_(model.parameters(), 1.0)', 'clip_grad_norm_', 'gradient-clipping'],
  ['scaler = GradScaler()', 'GradScaler', 'gradient-scaling'],
  ['with autocast():', 'autocast', 'mixed-precision'],
  ['model = DDP(model)', 'DDP', 'data-parallelism'],
  ['sched = lr_scheduler.CosineAnnealingLR(opt, 10)', 'CosineAnnealingLR', 'lr-scheduling'],
  ['drop = nn.Dropout(0.1)', 'Dropout', 'dropout'],
  ['bn = nn.BatchNorm1d(64)', 'BatchNorm1d', 'batch-normalization'],
  ['cb = EarlyStopping(monitor="val_loss")', 'EarlyStopping', 'early-stopping'],
  ['q = torch.quantization.quantize_dynamic(model)', 'quantize_dynamic', 'quantization'],
  ['prune.l1_unstructured(layer, "weight", 0.2)', 'l1_unstructured', 'pruning'],
  ['opt = torch.optim.SGD(params, lr=0.1, weight_decay=1e-4)', 'weight_decay', 'weight-decay'],
];

describe('extension: API hover lookup on the real technique cards', function () {
  this.timeout(60_000);
  let kb: KnowledgeBase;
  before(() => {
    kb = loadKnowledge();
  });

  for (const [line, ident, cardId] of CASES) {
    it(`${ident} → ${cardId}`, () => {
      const imports = parseImports(SOURCE + line);
      const name = nameAt(line, line.indexOf(ident) + 1, imports);
      assert.ok(name, `a name at ${ident}`);
      const cards = name.isKeywordArgument
        ? cardsForKeyword(kb.cards, name.identifier)
        : [...(name.qualified ? cardsForApi(kb, name.qualified) : []), ...cardsForName(kb.cards, name.qualified, name.written)];
      assert.ok(cards.some((c) => c.id === cardId), `${name.qualified ?? name.written} found ${cards.map((c) => c.id).join(', ') || 'nothing'}`);
    });
  }

  it('an unrelated name finds no card', () => {
    const line = 'total = compute_total(values)';
    const name = nameAt(line, 10, parseImports(SOURCE))!;
    assert.deepEqual(cardsForName(kb.cards, name.qualified, name.written), []);
  });
});
