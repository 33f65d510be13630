import assert from 'node:assert/strict';
import { nameAt, parseImports } from '../../../src/core/analysis/pythonNames';

describe('extension: python name resolution', () => {
  const source = [
    'import torch',
    'import torch.nn as nn',
    'from torch.nn.utils import clip_grad_norm_ as clip, clip_grad_value_',
    'from torch.cuda.amp import (GradScaler,',
    '    autocast)  # amp',
    'from torch.optim import lr_scheduler',
    'from .local import thing',
    'from torch import *',
    'try:',
    '    import numpy as np',
    'except ImportError:',
    '    pass',
  ].join('\n');
  const imports = parseImports(source);

  it('collects plain, aliased, from-, parenthesised and nested imports', () => {
    assert.equal(imports.get('torch'), 'torch');
    assert.equal(imports.get('nn'), 'torch.nn');
    assert.equal(imports.get('clip'), 'torch.nn.utils.clip_grad_norm_');
    assert.equal(imports.get('clip_grad_value_'), 'torch.nn.utils.clip_grad_value_');
    assert.equal(imports.get('GradScaler'), 'torch.cuda.amp.GradScaler');
    assert.equal(imports.get('autocast'), 'torch.cuda.amp.autocast');
    assert.equal(imports.get('lr_scheduler'), 'torch.optim.lr_scheduler');
    assert.equal(imports.get('np'), 'numpy');
    assert.equal(imports.has('*'), false);
    assert.equal(imports.has('thing'), false, 'relative imports are not PyTorch names');
  });

  it('resolves the dotted name up to the identifier under the cursor', () => {
    const line = '    nn.utils.clip_grad_norm_(model.parameters(), 1.0)';
    const onFn = nameAt(line, line.indexOf('clip_grad') + 3, imports)!;
    assert.equal(onFn.written, 'nn.utils.clip_grad_norm_');
    assert.equal(onFn.qualified, 'torch.nn.utils.clip_grad_norm_');
    assert.equal(line.slice(onFn.start, onFn.end), 'clip_grad_norm_');
    const onHead = nameAt(line, line.indexOf('nn.') + 1, imports)!;
    assert.equal(onHead.qualified, 'torch.nn');
  });

  it('follows aliases and module wildcards', () => {
    assert.equal(nameAt('clip(params, 1.0)', 1, imports)!.qualified, 'torch.nn.utils.clip_grad_norm_');
    const sched = 'sched = lr_scheduler.StepLR(opt, 10)';
    assert.equal(nameAt(sched, sched.indexOf('StepLR') + 2, imports)!.qualified, 'torch.optim.lr_scheduler.StepLR');
  });

  it('leaves names that were not imported unresolved', () => {
    const r = nameAt('scaler = GS()', 10, imports)!;
    assert.equal(r.identifier, 'GS');
    assert.equal(r.qualified, null);
  });

  it('recognises keyword arguments, also on continuation lines', () => {
    const line = 'opt = torch.optim.SGD(model.parameters(), lr=0.1, weight_decay=1e-4)';
    assert.equal(nameAt(line, line.indexOf('weight_decay') + 1, imports)!.isKeywordArgument, true);
    assert.equal(nameAt('    weight_decay=0.01)', 6, imports, 'opt = AdamW(params,')!.isKeywordArgument, true);
    assert.equal(nameAt('weight_decay = 0.01', 3, imports)!.isKeywordArgument, false, 'an assignment is not a keyword');
    assert.equal(nameAt('if x(a, weight_decay == 0):', 10, imports)!.isKeywordArgument, false);
  });

  it('returns null off identifiers and on numbers', () => {
    assert.equal(nameAt('x = (1, 2)', 5, imports), null);
    assert.equal(nameAt('x = 123', 5, imports), null);
  });
});
