import type { Rule, RuleMeta, RawFinding, RuleContext } from '../rule';
import { defineRule } from '../rule';
import type { TextEdit } from '../types';
import type { LoopInfo } from '../structure/model';
import { headerSpan, indentUnit, torchRef } from './util';

interface Data {
  loop: LoopInfo;
}

export const evalNoGradMeta = {
  id: 'eval-no-grad',
  title: { zh: '评估循环未关闭梯度', en: 'Evaluation loop without no_grad' },
  defaultSeverity: 'information',
  advice: ['29#4'],
  techniqueCard: 'no-grad-inference',
  docs: {
    detects: {
      zh: '检测在没有 `torch.no_grad()` / `torch.inference_mode()` / `set_grad_enabled(False)`（with 语句或函数装饰器）的情况下运行模型的评估循环。评估循环必须遍历评估数据（val_loader、testloader、valid_dl、dev_loader 等，或按下标读取测试集）；遍历采样器时间步、参数列表或片段的循环不算。测试代码不提示。',
      en: 'Detects evaluation loops that run the model without `torch.no_grad()` / `torch.inference_mode()` / `set_grad_enabled(False)` (as a `with` block or a decorator of the function). An evaluation loop iterates evaluation data (val_loader, testloader, valid_dl, dev_loader…, or indexes the test set); loops over a sampler\'s timesteps, a list of settings or segments are not. Quiet in test code.',
    },
    why: {
      zh: '评估时不需要梯度；不关闭梯度会保存整张计算图，显存占用成倍增加、速度变慢，甚至导致 OOM。',
      en: 'Evaluation needs no gradients; without no_grad autograd keeps the whole graph, multiplying memory use and slowing evaluation down, sometimes into out-of-memory errors.',
    },
    example: [
      'import torch',
      '',
      'def evaluate(model, val_loader):',
      '    model.eval()',
      '    total = 0.0',
      '    for x, y in val_loader:',
      '        total += criterion(model(x), y).item()',
      '    return total / len(val_loader)',
      '',
    ].join('\n'),
    fixedExample: [
      'import torch',
      '',
      'def evaluate(model, val_loader):',
      '    model.eval()',
      '    total = 0.0',
      '    with torch.no_grad():',
      '        for x, y in val_loader:',
      '            total += criterion(model(x), y).item()',
      '    return total / len(val_loader)',
      '',
    ].join('\n'),
  },
  fixable: true,
} satisfies RuleMeta;

export const evalNoGrad: Rule = /* @__PURE__ */ defineRule(evalNoGradMeta, {
  check(ctx) {
    const f = ctx.facts;
    const out: RawFinding[] = [];
    for (const loop of f.evalLoops()) {
      if (f.underNoGrad(loop)) continue;
      const scope = loop.fn ? f.reach(loop.fn.start, loop.end) : f.reach(0, loop.end);
      if (scope.some((c) => f.isNoGradCall(c))) continue;
      if (f.reachOf(loop).some((c) => f.isNoGradCall(c))) continue;
      out.push({
        anchor: headerSpan(loop),
        message: {
          zh: '这个评估循环在计算梯度：用 with torch.no_grad(): 包住它，可省显存并加速。',
          en: 'This evaluation loop tracks gradients: wrap it in `with torch.no_grad():` to save memory and time.',
        },
        data: { loop } satisfies Data,
      });
    }
    return out;
  },
  fix(ctx, finding) {
    const { loop } = finding.data as Data;
    const edits = wrapInWith(ctx, loop, (ref) => `with ${ref}():`, 'no_grad');
    if (!edits) return null;
    return { title: { zh: '用 with torch.no_grad(): 包住评估循环', en: 'Wrap the evaluation loop in `with torch.no_grad():`' }, safe: true, edits };
  },
});

/** Wraps a whole loop in a `with` block: one header line, every line of the loop indented by one unit. */
export function wrapInWith(ctx: RuleContext, loop: LoopInfo, header: (ref: string) => string, torchAttr: string): TextEdit[] | null {
  const { lines, source } = ctx;
  const first = lines.lineOf(loop.start);
  const last = lines.lineOf(Math.max(loop.start, loop.end - 1));
  if (source.slice(lines.lineStart(first), loop.start).trim() !== '') return null;
  // Re-indenting would change the contents of a multi-line string.
  if (/"""|'''/.test(source.slice(loop.start, loop.end))) return null;
  const unit = indentUnit(ctx, loop);
  const indent = lines.indentOf(first);
  const ref = torchRef(ctx, torchAttr);
  const nl = source.includes('\r\n') ? '\r\n' : '\n';
  const edits: TextEdit[] = [{ range: lines.range(lines.lineStart(first), lines.lineStart(first)), newText: `${indent}${header(ref.text)}${nl}` }];
  for (let l = first; l <= last; l++) {
    if (lines.lineText(l).trim() === '') continue;
    const at = lines.lineStart(l);
    if (l === first) edits[0] = { range: edits[0].range, newText: `${edits[0].newText}${unit}` };
    else edits.push({ range: lines.range(at, at), newText: unit });
  }
  if (ref.importEdit) edits.push(ref.importEdit);
  return edits;
}
