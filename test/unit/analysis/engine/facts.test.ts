import assert from 'node:assert/strict';
import { ids, py } from './helpers';

describe('facts: imports, helpers, frameworks', () => {
  it('resolves aliased clip imports (from … import clip_grad_norm_ as clip)', async () => {
    const src = py`
      from torch.nn.utils import clip_grad_norm_ as clip
      for x, y in loader:
          optimizer.zero_grad()
          loss = criterion(model(x), y)
          loss.backward()
          clip(model.parameters(), 1.0)
          optimizer.step()
    `;
    assert.deepEqual(await ids(src, ['grad-clip']), []);
    assert.deepEqual(await ids(src.replace('    clip(model.parameters(), 1.0)\n', ''), ['grad-clip']), ['grad-clip@5']);
  });

  it('resolves module aliases (import torch.nn as nn, from torch import optim)', async () => {
    const src = py`
      import torch.nn as nn
      from torch import optim
      opt = optim.SGD(model.parameters(), lr=0.1)
      net = nn.DataParallel(model)
    `;
    assert.deepEqual(await ids(src, ['sgd-momentum', 'data-parallel']), ['sgd-momentum@3', 'data-parallel@4']);
    // A local class that happens to be called SGD is not torch's.
    assert.deepEqual(await ids('class SGD:\n    pass\nopt = SGD(params, lr=0.1)\n', ['sgd-momentum']), []);
  });

  it('follows calls into same-file helpers and methods', async () => {
    const src = py`
      import torch
      class Trainer:
          def clip(self):
              torch.nn.utils.clip_grad_norm_(self.model.parameters(), 1.0)
          def step(self, batch):
              self.optimizer.zero_grad()
              loss = self.model(batch).mean()
              loss.backward()
              self.clip()
              self.optimizer.step()
      Trainer().step(next(batches))
    `;
    assert.deepEqual(await ids(src, ['grad-clip']), []);
    assert.deepEqual(await ids(src.replace('        self.clip()\n', ''), ['grad-clip']), ['grad-clip@8']);
  });

  it('resolves a nested helper by Python scoping, not by name alone', async () => {
    const src = py`
      import torch
      def a(model, loader, optimizer):
          def step(b):
              optimizer.zero_grad()
              model(b).mean().backward()
              optimizer.step()
          for b in loader:
              step(b)
      def c(model, loader, optimizer):
          def step(b):
              optimizer.zero_grad()
              model(b).mean().backward()
              torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
              optimizer.step()
          for b in loader:
              step(b)
    `;
    assert.deepEqual(await ids(src, ['grad-clip']), ['grad-clip@5']);
  });

  it('stays quiet where a framework clips or owns precision', async () => {
    const loop = py`
      for x, y in loader:
          optimizer.zero_grad()
          loss = model(x.cuda()).mean()
          accelerator.backward(loss)
          optimizer.step()
    `;
    assert.deepEqual(await ids(`from accelerate import Accelerator\naccelerator = Accelerator()\n${loop}`, ['grad-clip']), ['grad-clip@6']);
    assert.deepEqual(await ids(`accelerator = Accelerator()\n${loop.replace('optimizer.step()', 'accelerator.clip_grad_norm_(model.parameters(), 1.0)\n    optimizer.step()')}`, ['grad-clip']), []);
    assert.deepEqual(await ids(`import deepspeed\nconfig = {"gradient_clipping": 1.0}\n${loop}`, ['grad-clip']), []);
    assert.deepEqual(await ids(`accelerator = Accelerator(mixed_precision="bf16")\n${loop}`, ['mixed-precision']), []);
    assert.deepEqual(await ids(loop, ['mixed-precision']), ['mixed-precision@4']);
  });

  it('treats CUDA behind an opt-in flag as CPU, and is_available() as CUDA', async () => {
    const body = py`
      for x, y in loader:
          optimizer.zero_grad()
          loss = model(x.to(device)).mean()
          loss.backward()
          optimizer.step()
    `;
    assert.deepEqual(await ids(`device = "cuda" if args.cuda else "cpu"\n${body}`, ['mixed-precision']), []);
    assert.deepEqual(await ids(`device = "cuda" if torch.cuda.is_available() else "cpu"\n${body}`, ['mixed-precision']), ['mixed-precision@5']);
    assert.deepEqual(await ids(`# model.cuda() would be faster\n${body}`, ['mixed-precision']), []);
  });

  it('ignores docstrings and comments when deciding to stay quiet', async () => {
    const src = py`
      """We deliberately use no lr_scheduler here."""
      import torch
      optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)  # no scheduler
      for epoch in range(10):
          for x, y in loader:
              optimizer.zero_grad()
              model(x).mean().backward()
              optimizer.step()
    `;
    assert.deepEqual(await ids(src, ['lr-schedule']), ['lr-schedule@3']);
  });

  it('sorts findings by position', async () => {
    const a = await ids(py`
      import torch
      from torch.utils.data import DataLoader
      opt = torch.optim.SGD(model.parameters(), lr=0.1)
      train_loader = DataLoader(train_set, shuffle=True)
    `, ['sgd-momentum', 'dataloader-workers']);
    assert.deepEqual(a, ['sgd-momentum@3', 'dataloader-workers@4']);
  });
});
