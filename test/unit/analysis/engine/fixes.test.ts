import assert from 'node:assert/strict';
import { analyzer, py } from './helpers';
import { applyEdits } from '../../../../src/core/analysis/fixes';

/** Applies the fix of the first `rule` finding and checks the result parses and no longer triggers the rule. */
async function fixOnce(source: string, rule: string): Promise<{ text: string; safe: boolean }> {
  const a = await analyzer();
  const f = a.analyze(source, { select: [rule] }).findings[0];
  assert.ok(f, `${rule} does not fire on the input`);
  assert.ok(f.fix, `${rule} offers no fix`);
  const text = applyEdits(source, f.fix.edits);
  assert.ok(a.parsesCleanly(text), `fixed text does not parse:\n${text}`);
  assert.deepEqual(a.analyze(text, { select: [rule] }).findings.filter((x) => x.range.startLine === f.range.startLine).map((x) => x.ruleId), [], `still fires:\n${text}`);
  return { text, safe: f.fix.safe };
}

const loop = py`
  import torch
  model = torch.nn.Linear(4, 1)
  optimizer = torch.optim.AdamW(model.parameters(), lr=1e-3)
  for epoch in range(3):
      for x, y in train_loader:
          optimizer.zero_grad()
          loss = ((model(x) - y) ** 2).mean()
          loss.backward()
          optimizer.step()
      print(loss.item())
`;

describe('fixes: before/after, and the result parses', () => {
  it('grad-clip offers no fix at module level when the model name is bound only inside a function (NameError)', async () => {
    const a = await analyzer();
    const local = py`
      import torch

      def setup():
          model = torch.nn.Linear(4, 1)
          return torch.optim.SGD(model.parameters(), lr=0.1)

      optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
      for x, y in loader:
          optimizer.zero_grad()
          loss = ((setup()(x) - y) ** 2).mean()
          loss.backward()
          optimizer.step()
    `;
    const unbound = a.analyze(local, { select: ['grad-clip'] }).findings;
    assert.equal(unbound.length, 1);
    assert.equal(unbound[0]!.fix, undefined, 'clipping `model.parameters()` where `model` is not defined');
    for (const binding of ['model = torch.nn.Linear(4, 1)', 'model: torch.nn.Module = make()', 'from mymodels import model', 'model, head = build()']) {
      const bound = a.analyze(`${binding}\n${local}`, { select: ['grad-clip'] }).findings;
      assert.ok(bound[0]?.fix, `a module-level binding (${binding}) makes the fix available`);
    }
  });

  it('applyEdits applies non-overlapping edits bottom-up', () => {
    const out = applyEdits('abc\ndef\n', [
      { range: { startLine: 0, startColumn: 1, endLine: 0, endColumn: 2 }, newText: 'X' },
      { range: { startLine: 1, startColumn: 0, endLine: 1, endColumn: 0 }, newText: '>' },
    ]);
    assert.equal(out, 'aXc\n>def\n');
  });

  it('grad-clip inserts clip_grad_norm_ before the step with the script\'s names and indentation', async () => {
    const { text, safe } = await fixOnce(loop, 'grad-clip');
    assert.equal(safe, true);
    assert.match(text, /\n {8}loss\.backward\(\)\n {8}torch\.nn\.utils\.clip_grad_norm_\(model\.parameters\(\), max_norm=1\.0\)\n {8}optimizer\.step\(\)/);
  });

  it('grad-clip unscales first with a GradScaler, using the scaler\'s name', async () => {
    const src = loop.replace('loss.backward()', 'amp_scaler.scale(loss).backward()').replace('optimizer.step()', 'amp_scaler.step(optimizer)\n        amp_scaler.update()')
      .replace('for epoch', 'amp_scaler = torch.cuda.amp.GradScaler()\nfor epoch');
    const { text } = await fixOnce(src, 'grad-clip');
    assert.match(text, / {8}amp_scaler\.unscale_\(optimizer\)\n {8}torch\.nn\.utils\.clip_grad_norm_\(model\.parameters\(\), max_norm=1\.0\)\n {8}amp_scaler\.step\(optimizer\)/);
  });

  it('grad-clip uses the torch alias, or adds an import', async () => {
    const aliased = await fixOnce(loop.replace('import torch\n', 'import torch as T\n').replace(/torch\./g, 'T.'), 'grad-clip');
    assert.match(aliased.text, /T\.nn\.utils\.clip_grad_norm_\(model\.parameters\(\), max_norm=1\.0\)/);
    const noTorch = py`
      from torch import nn, optim
      model = nn.Linear(4, 1)
      opt = optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
      for x, y in train_loader:
          opt.zero_grad()
          ((model(x) - y) ** 2).mean().backward()
          opt.step()
    `;
    const added = await fixOnce(noTorch, 'grad-clip');
    assert.match(added.text, /nn\.utils\.clip_grad_norm_\(model\.parameters\(\), max_norm=1\.0\)\n {4}opt\.step\(\)/);
  });

  it('scaler-unscale inserts scaler.unscale_(optimizer) before the clip', async () => {
    const src = py`
      import torch
      scaler = torch.cuda.amp.GradScaler()
      for x, y in train_loader:
          optimizer.zero_grad()
          with torch.autocast("cuda"):
              loss = model(x).mean()
          scaler.scale(loss).backward()
          torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
          scaler.step(optimizer)
          scaler.update()
    `;
    const { text, safe } = await fixOnce(src, 'scaler-unscale');
    assert.equal(safe, true);
    assert.match(text, /\n {4}scaler\.unscale_\(optimizer\)\n {4}torch\.nn\.utils\.clip_grad_norm_/);
  });

  it('eval-no-grad wraps the loop in with torch.no_grad():', async () => {
    const src = py`
      import torch
      def evaluate(model, val_loader):
          model.eval()
          total = 0
          for x, y in val_loader:
              total += model(x).sum().item()
          return total
    `;
    const { text, safe } = await fixOnce(src, 'eval-no-grad');
    assert.equal(safe, true);
    assert.match(text, /\n {4}with torch\.no_grad\(\):\n {8}for x, y in val_loader:\n {12}total \+= model\(x\)\.sum\(\)\.item\(\)\n {4}return total/);
  });

  it('eval-mode calls model.eval() before the loop (and train() after when the file trains)', async () => {
    const src = py`
      import torch
      def validate(model, val_loader):
          with torch.no_grad():
              for x, y in val_loader:
                  print(model(x).sum())
    `;
    const { text } = await fixOnce(src, 'eval-mode');
    assert.match(text, /\n {8}model\.eval\(\)\n {8}for x, y in val_loader:/);
  });

  it('lr-schedule creates a scheduler after the optimizer and steps it after each optimizer step', async () => {
    const { text, safe } = await fixOnce(loop, 'lr-schedule');
    assert.equal(safe, false);
    assert.match(text, /optimizer = torch\.optim\.AdamW\(model\.parameters\(\), lr=1e-3\)\nscheduler = torch\.optim\.lr_scheduler\.StepLR\(optimizer, step_size=1000, gamma=0\.5\)\n/);
    assert.match(text, /\n {8}optimizer\.step\(\)\n {8}scheduler\.step\(\)/);
  });

  it('early-stopping adds a patience counter around the validation metric', async () => {
    const src = py`
      def fit(model, train_loader, val_loader, optimizer):
          for epoch in range(100):
              train_one_epoch(model, train_loader, optimizer)
              val_loss = evaluate(model, val_loader)
              print(epoch, val_loss)

      def train_one_epoch(model, loader, optimizer):
          for x, y in loader:
              optimizer.zero_grad()
              model(x).mean().backward()
              optimizer.step()
    `;
    const { text, safe } = await fixOnce(src, 'early-stopping');
    assert.equal(safe, false);
    assert.match(text, /best_val_loss = float\("inf"\)\n {4}patience, bad_epochs = 5, 0\n {4}for epoch/);
    assert.match(text, /print\(epoch, val_loss\)\n {8}if val_loss < best_val_loss:\n {12}best_val_loss, bad_epochs = val_loss, 0\n {8}else:\n {12}bad_epochs \+= 1\n {12}if bad_epochs >= patience:\n {16}break/);
  });

  it('dataloader-workers, sgd-momentum and weight-decay set the keyword (unsafe)', async () => {
    const dl = await fixOnce('from torch.utils.data import DataLoader\ntrain_loader = DataLoader(train_set, batch_size=8, shuffle=True)\n', 'dataloader-workers');
    assert.equal(dl.text, 'from torch.utils.data import DataLoader\ntrain_loader = DataLoader(train_set, batch_size=8, shuffle=True, num_workers=4)\n');
    assert.equal(dl.safe, false);
    const zero = await fixOnce('from torch.utils.data import DataLoader\ntrain_loader = DataLoader(train_set, num_workers=0)\n', 'dataloader-workers');
    assert.match(zero.text, /DataLoader\(train_set, num_workers=4\)/);
    const sgd = await fixOnce('import torch\nopt = torch.optim.SGD(\n    model.parameters(),\n    lr=0.1,\n)\n', 'sgd-momentum');
    assert.equal(sgd.text, 'import torch\nopt = torch.optim.SGD(\n    model.parameters(),\n    lr=0.1, momentum=0.9\n)\n');
    const wd = await fixOnce(py`
      import torch
      model = torch.nn.Sequential(torch.nn.Linear(4, 4))
      opt = torch.optim.Adam(model.parameters(), lr=1e-3, weight_decay=0)
    `, 'weight-decay');
    assert.match(wd.text, /weight_decay=1e-4\)/);
  });

  it('zero-grad clears gradients after the step; train-mode switches back to train()', async () => {
    const zg = await fixOnce(loop.replace('        optimizer.zero_grad()\n', ''), 'zero-grad');
    assert.match(zg.text, /\n {8}optimizer\.step\(\)\n {8}optimizer\.zero_grad\(\)/);
    const tm = await fixOnce(loop.replace('for epoch', 'model.eval()\nfor epoch'), 'train-mode');
    assert.match(tm.text, /for epoch in range\(3\):\n {4}model\.train\(\)\n {4}for x, y/);
  });

  it('gloo-on-gpu picks nccl when a GPU is available (still gloo on CPU)', async () => {
    const { text, safe } = await fixOnce('import torch\nimport torch.distributed as dist\ndist.init_process_group(backend="gloo")\nmodel = Net().cuda()\n', 'gloo-on-gpu');
    assert.equal(safe, true);
    assert.match(text, /backend="nccl" if torch\.cuda\.is_available\(\) else "gloo"/);
  });
});
