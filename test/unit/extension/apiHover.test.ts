// The API hover's lookup against the real technique cards: every API family the issue names resolves, through
// the file's imports, to a card (the card files live in knowledge/techniques/).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { buildKnowledgeBase } from '../../../src/core/knowledge';
import { apiCentrality, cardsForApi } from '../../../src/core/knowledge/refs';
import { cardHoverMarkdown } from '../../../src/extension/hoverMarkdown';
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

describe('extension: API hover ranks cards by how central the API is, and links each target once', function () {
  this.timeout(60_000);
  let kb: KnowledgeBase;
  before(() => {
    kb = loadKnowledge();
  });
  const t = (m: string, ...args: Array<string | number>) => m.replace(/\{(\d+)\}/g, (_x, i) => String(args[Number(i)]));

  it('torch.optim.SGD leads with the card whose main API it is, not the sparse-embeddings card that also lists it', () => {
    const ids = cardsForApi(kb, 'torch.optim.SGD').map((c) => c.id);
    assert.ok(ids.includes('sparse-embeddings'), `the sparse card still lists SGD: ${ids.join(', ')}`);
    assert.equal(ids[0], 'sgd-momentum');
    assert.equal(ids.at(-1), 'sparse-embeddings');
  });

  it('GradScaler (either module) leads with gradient scaling, and autocast with mixed precision', () => {
    assert.equal(cardsForApi(kb, 'torch.cuda.amp.GradScaler')[0]?.id, 'gradient-scaling');
    assert.equal(cardsForApi(kb, 'torch.amp.GradScaler')[0]?.id, 'gradient-scaling');
    assert.equal(cardsForApi(kb, 'torch.cuda.amp.autocast')[0]?.id, 'mixed-precision');
  });

  it('centrality: first-listed beats later, exact beats a module.* pattern, fewer APIs break ties', () => {
    const card = (id: string, apis: string[]) => ({ ...kb.cards[0]!, id, apis });
    const main = card('main', ['a.B', 'a.C']);
    const side = card('side', ['a.X', 'a.Y', 'a.B']);
    const wild = card('wild', ['a.*']);
    const broad = card('broad', ['a.B', 'a.C', 'a.D']);
    assert.ok(apiCentrality(main, 'a.B')! < apiCentrality(side, 'a.B')!);
    assert.ok(apiCentrality(side, 'a.B')! < apiCentrality(wild, 'a.B')!);
    assert.ok(apiCentrality(main, 'a.B')! < apiCentrality(broad, 'a.B')!);
    assert.equal(apiCentrality(main, 'z.B'), null);
    const ranked = cardsForApi({ ...kb, cards: [wild, side, broad, main] }, 'a.B').map((c) => c.id);
    assert.deepEqual(ranked, ['main', 'broad', 'side', 'wild']);
  });

  it('cardsForName ranks equal-score cards by where the name sits in their API list', () => {
    assert.equal(cardsForName(kb.cards, 'torch.optim.SGD', 'torch.optim.SGD')[0]?.id, 'sgd-momentum');
  });

  for (const api of ['torch.cuda.amp.GradScaler', 'torch.optim.SGD', 'torch.nn.utils.clip_grad_norm_', 'torch.cuda.amp.autocast']) {
    it(`the ${api} hover never links one target (or one label) twice`, () => {
      for (const lang of ['en', 'zh'] as const) {
        const md = cardHoverMarkdown(cardsForApi(kb, api), api, kb, lang, t);
        const links = [...md.matchAll(/\[([^\]]+)\]\(command:trainingAdvisor\.openAdvice\?([^)]+)\)/g)];
        assert.ok(links.length > 0, `${api} ${lang}: some links`);
        const targets = links.map((l) => JSON.parse(decodeURIComponent(l[2]!))[0] as string);
        assert.equal(new Set(targets).size, targets.length, `${api} ${lang}: ${targets.join(', ')}`);
        const seeAlso = links.filter((l) => !/^(Show advice|查看建议)/.test(l[1]!)).map((l) => l[1]!.replace(/\s*\([^)]*\)$/, ''));
        assert.equal(new Set(seeAlso).size, seeAlso.length, `${api} ${lang} see-also labels: ${seeAlso.join(' | ')}`);
      }
    });
  }
});
