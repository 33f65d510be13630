// The rules that came from peer linters (issue 16 part 5): which occurrences get a fix, whether it is safe, the
// exact text it produces (which must parse and silence the rule), and the edge cases a fixture cannot express.
import assert from 'node:assert/strict';
import { analyzer, ids, py } from './helpers';
import { applyEdits } from '../../../../src/core/analysis/fixes';
import type { Finding } from '../../../../src/core/analysis/types';

async function findings(source: string, rule: string): Promise<Finding[]> {
  return (await analyzer()).analyze(source, { select: [rule] }).findings;
}

/** Applies the fix of the only finding; the result must parse and no longer fire there. */
async function fixed(source: string, rule: string): Promise<{ text: string; safe: boolean }> {
  const a = await analyzer();
  const list = await findings(source, rule);
  assert.equal(list.length, 1, `expected one ${rule} finding, got ${list.length}`);
  const fix = list[0].fix;
  assert.ok(fix, `${rule} offers no fix`);
  const text = applyEdits(source, fix.edits);
  assert.ok(a.parsesCleanly(text), `fixed text does not parse:\n${text}`);
  assert.deepEqual(await ids(text, [rule]), [], `still fires after the fix:\n${text}`);
  return { text, safe: fix.safe };
}

describe('torch-load-weights-only', () => {
  it('adds weights_only=True as a safe fix when a model state dict is loaded directly', async () => {
    const r = await fixed('import torch\nmodel.load_state_dict(torch.load(p, map_location="cpu"))\n', 'torch-load-weights-only');
    assert.equal(r.text, 'import torch\nmodel.load_state_dict(torch.load(p, map_location="cpu", weights_only=True))\n');
    assert.equal(r.safe, true);
  });

  it('offers no edit for optimizer / scheduler state (floats: PyTorch 1.13 cannot read them) or whole checkpoints', async () => {
    const src = py`
      import torch
      optimizer = torch.optim.AdamW(model.parameters())
      optimizer.load_state_dict(torch.load("opt.pt"))
      sched.load_state_dict(torch.load("sched.pt"))
      ckpt = torch.load("ckpt.pt")
      model.load_state_dict(torch.load("ckpt.pt")["model"])
    `;
    const list = await findings(src, 'torch-load-weights-only');
    assert.deepEqual(list.map((f) => [f.range.startLine + 1, !!f.fix]), [[3, false], [4, false], [5, false], [6, false]]);
  });

  it('keeps a trailing comma and multi-line calls valid', async () => {
    const r = await fixed('import torch\nnet.load_state_dict(\n    torch.load(\n        path,\n    )\n)\n', 'torch-load-weights-only');
    assert.match(r.text, /path, weights_only=True\n/);
  });

  it('stays quiet for weights_only in any form, pickle_module, and forwarded arguments', async () => {
    const src = py`
      import torch
      a = torch.load(p, weights_only=False)
      b = torch.load(p, weights_only=flag)
      c = torch.load(p, pickle_module=dill)
      d = torch.load(p, None, dill)
      e = torch.load(p, **kw)
      f = torch.load(*args)
    `;
    assert.deepEqual(await ids(src, ['torch-load-weights-only']), []);
  });
});

describe('checkpoint-reentrant', () => {
  it('offers use_reentrant=False, not as a safe fix (it changes how recomputation hooks into autograd)', async () => {
    const r = await fixed('import torch.utils.checkpoint as cp\nh = cp.checkpoint(block, h)\n', 'checkpoint-reentrant');
    assert.equal(r.text, 'import torch.utils.checkpoint as cp\nh = cp.checkpoint(block, h, use_reentrant=False)\n');
    assert.equal(r.safe, false);
  });

  it('offers no edit for checkpoint_sequential (PyTorch 1.13 rejects the keyword there)', async () => {
    const list = await findings('from torch.utils.checkpoint import checkpoint_sequential\ny = checkpoint_sequential(m, 2, x)\n', 'checkpoint-reentrant');
    assert.equal(list.length, 1);
    assert.equal(list[0].fix, undefined);
  });

  it('ignores names that are not torch.utils.checkpoint (a local checkpoint(), deepspeed, saving)', async () => {
    const src = py`
      import deepspeed
      def checkpoint(model, path):
          torch.save(model.state_dict(), path)
      checkpoint(model, "last.pt")
      deepspeed.checkpointing.checkpoint(fn, x)
    `;
    assert.deepEqual(await ids(src, ['checkpoint-reentrant']), []);
  });
});

describe('deprecated-amp', () => {
  it('rewrites torch.cuda.amp.autocast(...) to torch.autocast("cuda", ...) as a safe fix', async () => {
    const r = await fixed('import torch\nwith torch.cuda.amp.autocast(dtype=torch.bfloat16):\n    y = m(x)\n', 'deprecated-amp');
    assert.equal(r.text, 'import torch\nwith torch.autocast("cuda", dtype=torch.bfloat16):\n    y = m(x)\n');
    assert.equal(r.safe, true);
  });

  it('adds `import torch` when only the deprecated name was imported', async () => {
    const r = await fixed('from torch.cuda.amp import autocast\nwith autocast():\n    y = m(x)\n', 'deprecated-amp');
    assert.equal(r.text, 'import torch\nfrom torch.cuda.amp import autocast\nwith torch.autocast("cuda"):\n    y = m(x)\n');
  });

  it('offers no edit when the new name needs a newer PyTorch, or positional arguments would change meaning', async () => {
    for (const src of [
      'import torch\nscaler = torch.cuda.amp.GradScaler()\n', // torch.amp.GradScaler: PyTorch 2.3
      'from torch.cuda.amp import custom_fwd\n@custom_fwd\ndef f(ctx, x):\n    return x\n', // torch.amp.custom_fwd: 2.4
      'import torch\nwith torch.cuda.amp.autocast(use_amp):\n    pass\n', // first positional: enabled vs device_type
    ]) {
      const list = await findings(src, 'deprecated-amp');
      assert.equal(list.length, 1, src);
      assert.equal(list[0].fix, undefined, src);
      assert.equal(list[0].severity, 'hint');
    }
  });

  it('names the replacement and the PyTorch version it needs', async () => {
    const [f] = await findings('import torch\ns = torch.cuda.amp.GradScaler()\n', 'deprecated-amp');
    assert.match(f.message.en, /torch\.amp\.GradScaler\("cuda", …\).*2\.3/);
    assert.match(f.message.zh, /2\.3/);
  });
});

describe('requires-grad-typo', () => {
  it('renames safely in a parameter freeze loop', async () => {
    const r = await fixed('for p in model.parameters():\n    p.require_grad = False\n', 'requires-grad-typo');
    assert.equal(r.text, 'for p in model.parameters():\n    p.requires_grad = False\n');
    assert.equal(r.safe, true);
  });

  it('offers the rename only on request elsewhere (a non-leaf tensor would raise)', async () => {
    const r = await fixed('x = torch.randn(3)\nx.require_grad = True\n', 'requires-grad-typo');
    assert.equal(r.safe, false);
  });

  it('offers no rename on a module, where requires_grad is no flag either', async () => {
    const [f] = await findings('model = Net()\nmodel.require_grad = False\n', 'requires-grad-typo');
    assert.equal(f.fix, undefined);
    assert.match(f.message.en, /requires_grad_\(False\)/);
    assert.equal(f.severity, 'warning');
  });

  it('anchors on the whole target, not on comparisons or strings', async () => {
    const src = 'if p.require_grad == False:\n    pass\nprint("p.require_grad = 1")\n';
    assert.deepEqual(await ids(src, ['requires-grad-typo']), []);
  });
});

describe('no-seed', () => {
  const training = py`
    import torch
    model = torch.nn.Linear(4, 1)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    for x, y in loader:
        optimizer.zero_grad()
        loss = ((model(x) - y) ** 2).mean()
        loss.backward()
        optimizer.step()
  `;

  it('fires once, at hint level, on the training loop, with no fix', async () => {
    const list = await findings(training, 'no-seed');
    assert.deepEqual(list.map((f) => [f.range.startLine + 1, f.severity, !!f.fix]), [[4, 'hint', false]]);
  });

  it('counts any seed handed to anything, but not random/numpy alone', async () => {
    for (const seed of ['torch.manual_seed(0)', 'transformers.set_seed(1)', 'L.seed_everything(2)', 'init_run(seed=3)', 'set_seeds(args)']) {
      assert.deepEqual(await ids(`${seed}\n${training}`, ['no-seed']), [], seed);
    }
    const numpyOnly = await findings(`import numpy as np\nnp.random.seed(0)\n${training}`, 'no-seed');
    assert.equal(numpyOnly.length, 1);
    assert.match(numpyOnly[0].message.en, /seeds only random \/ numpy/);
  });

  it('never crashes on half-typed code', async () => {
    const half = training.slice(0, training.indexOf('loss.backward') + 6);
    assert.ok(Array.isArray(await ids(half, ['no-seed'])));
  });
});
