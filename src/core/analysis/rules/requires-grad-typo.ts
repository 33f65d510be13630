import type { Rule, RuleMeta, RawFinding, RuleContext } from '../rule';
import { defineRule } from '../rule';
import type { LoopInfo } from '../structure/model';
import { ancestors } from '../structure/model';
import { attributeAssignments, identifierUses } from '../facts/attributes';

const TYPOS = ['require_grad', 'requires_grads', 'require_grads'];

interface Data {
  nameStart: number;
  nameEnd: number;
  /** A parameter of a `for p in model.parameters()` loop set to False: the classic freeze, always a leaf tensor. */
  frozenParam: boolean;
  /** The receiver is a model / nn.Module: `requires_grad` would be a no-op attribute there too, so no rename. */
  module: boolean;
}

/**
 * Fix policy: renaming makes the assignment take effect, which is what the author meant. It is safe for the
 * freeze loop (`for p in m.parameters(): p.require_grad = False`): parameters are leaf tensors. Elsewhere the
 * receiver may be a non-leaf or integer tensor, where setting the real flag raises, so the fix is only offered.
 */
export const requiresGradTypoMeta = {
  id: 'requires-grad-typo',
  title: { zh: 'requires_grad 拼写错误', en: 'Misspelled requires_grad' },
  defaultSeverity: 'warning',
  advice: ['18#2'],
  techniqueCard: 'transfer-learning',
  docs: {
    detects: {
      zh: '检测给拼错的属性赋值：`x.require_grad = …`、`x.requires_grads = …`、`x.require_grads = …`。文件中其他地方还读取或定义了同名属性（自定义类自己的字段）、或接收者是 `self` / `cls` 时不提示。接收者是模型（`model.require_grad = False`）时，因为给模块设置该属性本身也无效，提示改用 `requires_grad_(False)`，不提供改名修复。快速修复把名字改为 `requires_grad`：在 `for p in model.parameters()` 循环中冻结参数时是安全修复，其他情况（接收者可能是非叶子张量或整数张量，设置真正的标志会报错）只作为手动修复。语料库没有讲冻结参数的条目，引用的是迁移学习条目；另见技术卡片“迁移学习与微调”。',
      en: 'Detects assignments to a misspelled attribute: `x.require_grad = …`, `x.requires_grads = …`, `x.require_grads = …`. Quiet when the file also reads or defines that name elsewhere (a custom class\'s own field), or for `self` / `cls` receivers. On a model (`model.require_grad = False`) the message says to call `requires_grad_(False)`, since the attribute does nothing on a module, and no rename is offered. The quick fix renames it to `requires_grad`: safe when freezing parameters in a `for p in model.parameters()` loop, offered only on request elsewhere (the receiver may be a non-leaf or integer tensor, where setting the real flag raises). The corpus has no item on freezing parameters; the advice quoted is the transfer-learning item; see the technique card “Transfer learning & fine-tuning”.',
    },
    why: {
      zh: 'Python 允许给张量设置任意新属性，所以拼错的名字不会报错，只是新建了一个没人读的属性：想冻结的参数仍在训练（显存和时间都白花，预训练知识可能被破坏），想求梯度的输入也拿不到梯度。',
      en: 'Python lets you set any new attribute on a tensor, so the misspelling raises nothing: it creates an attribute nobody reads. Parameters you meant to freeze keep training (wasting memory and time, and possibly destroying pretrained knowledge), and inputs you wanted gradients for get none.',
    },
    example: [
      'import torch',
      '',
      'for param in backbone.parameters():',
      '    param.require_grad = False',
      '',
    ].join('\n'),
    fixedExample: [
      'import torch',
      '',
      'for param in backbone.parameters():',
      '    param.requires_grad = False',
      '',
    ].join('\n'),
  },
  fixable: true,
} satisfies RuleMeta;

export const requiresGradTypo: Rule = /* @__PURE__ */ defineRule(requiresGradTypoMeta, {
  check(ctx) {
    const f = ctx.facts;
    const out: RawFinding[] = [];
    for (const typo of TYPOS) {
      if (!ctx.source.includes(typo)) continue;
      const assigns = attributeAssignments(f.code, typo);
      if (!assigns.length) continue;
      // Any other use of the name as code (a read, a parameter, a keyword, a getattr string) means it is someone's
      // own field.
      const targets = new Set(assigns.map((a) => a.nameStart));
      if (identifierUses(f.code, typo).some((at) => !targets.has(at))) continue;
      for (const a of assigns) {
        if (a.receiver === 'self' || a.receiver === 'cls') continue;
        const module = isModule(ctx, a.receiver);
        out.push({
          anchor: { start: a.start, end: a.nameStart + typo.length },
          message: module
            ? {
              zh: `“${typo}”是拼错的 requires_grad，而且给模块设置 requires_grad 属性本身也不起作用：冻结模块请调用 ${a.receiver}.requires_grad_(False)。`,
              en: `"${typo}" misspells requires_grad, and even that attribute does nothing on a module: freeze a module with ${a.receiver}.requires_grad_(False).`,
            }
            : {
              zh: `“${typo}”是拼错的 requires_grad：这个赋值只新建了一个没人读的属性，梯度设置没有生效。`,
              en: `"${typo}" misspells requires_grad: this assignment only creates an attribute nobody reads, so the gradient flag is unchanged.`,
            },
          data: {
            nameStart: a.nameStart, nameEnd: a.nameStart + typo.length, module,
            frozenParam: a.value === 'False' && isParameterLoopTarget(ctx, a.nameStart, a.receiver),
          } satisfies Data,
        });
      }
    }
    return out;
  },
  fix(ctx, finding) {
    const d = finding.data as Data;
    if (d.module) return null;
    return {
      title: d.frozenParam
        ? { zh: '改为 requires_grad', en: 'Rename to requires_grad' }
        : { zh: '改为 requires_grad（非叶子张量上设置会报错）', en: 'Rename to requires_grad (setting it on a non-leaf tensor raises)' },
      safe: d.frozenParam,
      edits: [{ range: ctx.lines.range(d.nameStart, d.nameEnd), newText: 'requires_grad' }],
    };
  },
});

/** A model the file builds or trains (`model`, `self.backbone`), not a tensor. */
function isModule(ctx: RuleContext, receiver: string): boolean {
  return ctx.facts.modelNames().has(receiver)
    || /(^|\.)(model|net|network|module|encoder|decoder|backbone|classifier|head|features)$/i.test(receiver);
}

/** Is `receiver` the target of an enclosing `for … in ….parameters()` / `named_parameters()` loop? */
function isParameterLoopTarget(ctx: RuleContext, offset: number, receiver: string): boolean {
  for (const c of ancestors(ctx.facts.containerAt(offset))) {
    if (c.kind === 'function') break;
    if (c.kind !== 'for') continue;
    const loop = c as LoopInfo;
    if (/\.(named_)?parameters\(/.test(loop.iter) && loop.target.replace(/[()]/g, '').split(',').includes(receiver)) return true;
  }
  return false;
}
