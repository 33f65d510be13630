import type { Rule, RuleMeta, RawFinding, RuleContext } from '../rule';
import { defineRule } from '../rule';
import type { CallInfo } from '../structure/model';
import { callArgs } from '../structure/model';
import { DECOUPLED_DEFAULT_WD, WEIGHT_DECAY_POSITION } from '../facts/patterns';
import { literalNumber } from '../structure/text';
import { callSpan, setKeyword } from './util';

interface Data {
  call: CallInfo;
  kind: string;
}

export const weightDecayMeta = {
  id: 'weight-decay',
  title: { zh: '没有权重衰减也没有 Dropout', en: 'No weight decay and no dropout' },
  defaultSeverity: 'information',
  advice: ['3#2', '2#3'],
  docs: {
    detects: {
      zh: '检测没有权重衰减（缺省或显式为 0；AdamW 的默认值视为已设置）、且文件中定义的模型没有 Dropout 的优化器。',
      en: 'Detects an optimizer without weight decay (missing or explicitly 0; AdamW\'s default counts as set) when the model defined in the file has no dropout.',
    },
    why: {
      zh: '权重衰减（L2 正则）和 Dropout 是最基本的正则化手段；两者都没有时模型更容易过拟合训练集。',
      en: 'Weight decay (L2 regularization) and dropout are the basic regularizers; with neither, the model overfits the training set more easily.',
    },
    example: [
      'import torch',
      'import torch.nn as nn',
      '',
      'class Net(nn.Module):',
      '    def __init__(self):',
      '        super().__init__()',
      '        self.fc = nn.Linear(10, 2)',
      '',
      'model = Net()',
      'optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)',
      '',
    ].join('\n'),
    fixedExample: [
      'import torch',
      'import torch.nn as nn',
      '',
      'class Net(nn.Module):',
      '    def __init__(self):',
      '        super().__init__()',
      '        self.fc = nn.Linear(10, 2)',
      '',
      'model = Net()',
      'optimizer = torch.optim.Adam(model.parameters(), lr=1e-3, weight_decay=1e-4)',
      '',
    ].join('\n'),
  },
  fixable: true,
} satisfies RuleMeta;

export const weightDecay: Rule = /* @__PURE__ */ defineRule(weightDecayMeta, {
  check(ctx) {
    const f = ctx.facts;
    const out: RawFinding[] = [];
    if (f.benefitOfDoubt()) return out;
    for (const o of f.optimizers()) {
      if (!o.torch || !(o.kind in WEIGHT_DECAY_POSITION)) continue;
      const a = callArgs(ctx.model, o.call);
      if (a.splat || /weight_decay/.test(a.positional[0] ?? '')) continue;
      const wd = a.keywords.get('weight_decay') ?? a.positional[WEIGHT_DECAY_POSITION[o.kind]];
      if (wd === undefined && DECOUPLED_DEFAULT_WD.has(o.kind)) continue;
      if (wd !== undefined && literalNumber(wd) !== 0) continue;
      if (!modelWithoutDropout(ctx, a.positional[0] ?? a.keywords.get('params') ?? '', o.call)) continue;
      out.push({
        anchor: callSpan(o.call),
        message: {
          zh: `${o.kind} 没有权重衰减，模型里也没有 Dropout：考虑加入 weight_decay（或改用 AdamW）以减轻过拟合。`,
          en: `${o.kind} has no weight decay and the model has no dropout: consider weight_decay (or AdamW) to reduce overfitting.`,
        },
        data: { call: o.call, kind: o.kind } satisfies Data,
      });
    }
    return out;
  },
  fix(ctx, finding) {
    const { call, kind } = finding.data as Data;
    if (callArgs(ctx.model, call).positional.length > WEIGHT_DECAY_POSITION[kind]) return null;
    const edit = setKeyword(ctx, call, 'weight_decay', '1e-4');
    if (!edit) return null;
    return { title: { zh: '设置 weight_decay=1e-4', en: 'Set weight_decay=1e-4' }, safe: false, edits: [edit] };
  },
});

const DROPOUT = /dropout|Dropout|StochasticDepth|drop_path|DropPath/;

/**
 * The optimized model is defined in this file (a module class or an nn.Sequential) and has no dropout. Any
 * doubt (a model from a library, a parameter, a class we cannot see) counts as "may have dropout": quiet.
 */
function modelWithoutDropout(ctx: RuleContext, paramsArg: string, at: CallInfo): boolean {
  const m = /^([A-Za-z_][\w.]*)\.parameters\(\)$/.exec(paramsArg.trim());
  if (!m) return false;
  const name = m[1];
  // The closest assignment of `name` before the optimizer in the same scope (or module level).
  const fn = at.parent?.fn ?? null;
  const all = ctx.facts.assignmentsTo(name);
  let def: CallInfo | undefined;
  let lo = 0;
  let hi = all.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (all[mid].start < at.start) lo = mid + 1;
    else hi = mid;
  }
  for (let i = lo - 1; i >= 0 && !def; i--) {
    const f = all[i].parent?.fn ?? null;
    if (f === fn || f === null) def = all[i];
  }
  if (!def) return false;
  const f = ctx.facts;
  const callText = f.code.slice(def.start, def.end);
  if (DROPOUT.test(callText)) return false;
  const base = def.callee.replace(/\.(cuda|to|float|double)\(.*$/, '');
  const cls = ctx.facts.classNamed(base);
  if (cls) return !classUsesDropout(ctx, cls.name, new Set());
  return /(^|\.)Sequential$/.test(def.qname) || /(^|\.)Sequential\(/.test(def.callee);
}

const dropoutMemo = new WeakMap<object, Map<string, boolean>>();

function classUsesDropout(ctx: RuleContext, name: string, seen: Set<string>): boolean {
  let memo = dropoutMemo.get(ctx.facts);
  if (!memo) dropoutMemo.set(ctx.facts, (memo = new Map()));
  const known = memo.get(name);
  if (known !== undefined) return known;
  if (seen.has(name)) return false;
  seen.add(name);
  const result = computeDropout(ctx, name, seen);
  memo.set(name, result);
  return result;
}

function computeDropout(ctx: RuleContext, name: string, seen: Set<string>): boolean {
  const cls = ctx.facts.classNamed(name);
  if (!cls) return true; // a class we cannot see may well use dropout
  const text = ctx.facts.code.slice(cls.start, cls.end);
  if (DROPOUT.test(text)) return true;
  for (const b of cls.bases) {
    if (/^((torch\.)?nn\.)?Module$/.test(b)) continue;
    if (classUsesDropout(ctx, b, seen)) return true;
  }
  // Submodules built from classes of this file.
  for (const used of new Set(text.match(/\b[A-Za-z_]\w*(?=\s*\()/g) ?? [])) {
    if (used !== name && ctx.facts.classNamed(used) && classUsesDropout(ctx, used, seen)) return true;
  }
  return false;
}
