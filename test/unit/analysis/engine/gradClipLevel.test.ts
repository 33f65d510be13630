import assert from 'node:assert/strict';
import { analyzer, py } from './helpers';

/** grad-clip on a clearly small model is said at hint level (issue #13 point 5); anything larger keeps its level. */
describe('grad-clip level by model size', () => {
  const script = (model: string) => py`
    import torch
    import torch.nn as nn
    model = ${model}
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    for epoch in range(10):
        for x, y in train_loader:
            optimizer.zero_grad()
            loss = nn.functional.cross_entropy(model(x), y)
            loss.backward()
            optimizer.step()
  `;
  const levels = async (src: string, severities?: Record<string, 'warning'>) =>
    (await analyzer()).analyze(src, { select: ['grad-clip'], severities }).findings.map((f) => f.severity);

  it('hint for a few literal-sized Linear layers', async () => {
    assert.deepEqual(await levels(script('nn.Sequential(nn.Linear(20, 64), nn.ReLU(), nn.Linear(64, 3))')), ['hint']);
  });

  it('information for a convolutional, wide, deep or unsized model', async () => {
    assert.deepEqual(await levels(script('nn.Sequential(nn.Conv2d(3, 16, 3), nn.Flatten(), nn.Linear(16, 2))')), ['information']);
    assert.deepEqual(await levels(script('nn.Sequential(nn.Linear(4096, 4096), nn.ReLU(), nn.Linear(4096, 10))')), ['information']);
    assert.deepEqual(await levels(script('nn.Sequential(nn.Linear(8, 8), nn.Linear(8, 8), nn.Linear(8, 8), nn.Linear(8, 8))')), ['information']);
    assert.deepEqual(await levels(script('nn.Sequential(nn.Linear(n_in, 64), nn.Linear(64, n_out))')), ['information']);
  });

  it('a level the user chose is kept', async () => {
    assert.deepEqual(await levels(script('nn.Linear(4, 1)'), { 'grad-clip': 'warning' }), ['warning']);
  });
});
