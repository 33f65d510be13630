import type { Rule, RuleMeta, RawFinding } from '../rule';
import { defineRule } from '../rule';
import type { CallInfo } from '../structure/model';
import { callArgs } from '../structure/model';
import { literalNumber } from '../structure/text';
import { callSpan, setKeyword } from './util';

interface Data {
  call: CallInfo;
}

export const sgdMomentumMeta = {
  id: 'sgd-momentum',
  title: { zh: 'SGD 没有动量', en: 'SGD without momentum' },
  defaultSeverity: 'information',
  advice: ['24#1'],
  docs: {
    detects: {
      zh: '检测没有设置 `momentum` 或 `momentum=0` 的 `torch.optim.SGD`。',
      en: 'Detects `torch.optim.SGD` without `momentum` or with `momentum=0`.',
    },
    why: {
      zh: '动量累积历史梯度方向，能抑制震荡、加快收敛并帮助越过平坦区域；不带动量的 SGD 往往收敛明显更慢。',
      en: 'Momentum accumulates past gradient directions, damping oscillation, speeding convergence and helping through flat regions; plain SGD usually converges much more slowly.',
    },
    example: ['import torch', '', 'optimizer = torch.optim.SGD(model.parameters(), lr=0.1)', ''].join('\n'),
    fixedExample: ['import torch', '', 'optimizer = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)', ''].join('\n'),
  },
  fixable: true,
} satisfies RuleMeta;

export const sgdMomentum: Rule = /* @__PURE__ */ defineRule(sgdMomentumMeta, {
  check(ctx) {
    const out: RawFinding[] = [];
    if (ctx.facts.benefitOfDoubt()) return out;
    for (const o of ctx.facts.optimizers()) {
      if (!o.torch || o.kind !== 'SGD') continue;
      const a = callArgs(ctx.model, o.call);
      if (a.splat || !ctx.facts.optimizesModel(o)) continue;
      const m = a.keywords.get('momentum') ?? a.positional[2];
      if (m !== undefined && literalNumber(m) !== 0) continue;
      out.push({
        anchor: callSpan(o.call),
        message: {
          zh: 'SGD 没有使用动量：通常设置 momentum=0.9 能明显加快收敛。',
          en: 'SGD runs without momentum: momentum=0.9 usually speeds convergence noticeably.',
        },
        data: { call: o.call } satisfies Data,
      });
    }
    return out;
  },
  fix(ctx, finding) {
    const { call } = finding.data as Data;
    if (callArgs(ctx.model, call).positional.length > 2) return null;
    const edit = setKeyword(ctx, call, 'momentum', '0.9');
    if (!edit) return null;
    return { title: { zh: '设置 momentum=0.9', en: 'Set momentum=0.9' }, safe: false, edits: [edit] };
  },
});
