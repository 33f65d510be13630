import assert from 'node:assert/strict';
import { ids } from './helpers';

const base = 'import torch\nopt = torch.optim.SGD(model.parameters(), lr=0.1)\nopt2 = torch.optim.SGD(model.parameters(), lr=0.1)\n';

describe('suppression comments', () => {
  it('reports both optimizers without comments', async () => {
    assert.deepEqual(await ids(base, ['sgd-momentum']), ['sgd-momentum@2', 'sgd-momentum@3']);
  });
  it('# advisor: ignore[rule-id] on the anchor line', async () => {
    const src = base.replace('lr=0.1)\nopt2', 'lr=0.1)  # advisor: ignore[sgd-momentum]\nopt2');
    assert.deepEqual(await ids(src, ['sgd-momentum']), ['sgd-momentum@3']);
  });
  it('on the line above, and only for the named rule', async () => {
    const above = base.replace('opt2 =', '# advisor: ignore[weight-decay, sgd-momentum]\nopt2 =');
    assert.deepEqual(await ids(above, ['sgd-momentum']), ['sgd-momentum@2']);
    const other = base.replace('opt2 =', '# advisor: ignore[grad-clip]\nopt2 =');
    assert.deepEqual(await ids(other, ['sgd-momentum']), ['sgd-momentum@2', 'sgd-momentum@4']);
  });
  it('bare # advisor: ignore silences every rule on that line', async () => {
    const src = base.replace('lr=0.1)\nopt2', 'lr=0.1)  # advisor: ignore\nopt2');
    assert.deepEqual(await ids(src, ['sgd-momentum']), ['sgd-momentum@3']);
  });
  it('# advisor: ignore-file[rule-id] anywhere in the file', async () => {
    assert.deepEqual(await ids(`${base}# advisor: ignore-file[sgd-momentum]\n`, ['sgd-momentum']), []);
    assert.deepEqual(await ids(`${base}# advisor: ignore-file[grad-clip]\n`, ['sgd-momentum']), ['sgd-momentum@2', 'sgd-momentum@3']);
  });
});
