import type { Rule, RuleMeta, RawFinding, RuleContext } from '../rule';
import { defineRule } from '../rule';
import type { CallInfo, FunctionInfo } from '../structure/model';
import { callArgs } from '../structure/model';
import { callSpan, headerSpan } from './util';
import { occursIn } from '../facts/callGraph';

/** Seeds only Python's or NumPy's generator: torch's (weights, dropout, shuffling) stays unseeded. */
const NON_TORCH_SEEDS = /^(random\.seed|numpy\.random\.seed|np\.random\.seed|tf\.random\.set_seed|tensorflow\.random\.set_seed)$/;

/**
 * Decisions: a seed is anything that hands a seed to something — a call named `*seed*` (torch.manual_seed,
 * transformers.set_seed, seed_everything, accelerate's set_seed, the project's own `set_seeds(...)` helper) or a
 * `seed=` / `…seed…` argument — except `random.seed` / `np.random.seed` alone, which leave torch unseeded. Hugging
 * Face's Trainer seeds itself (TrainingArguments.seed defaults to 42): quiet. A file counts as a training script
 * only when it trains (an optimizer steps inside a loop, or a Lightning Trainer is fitted) from its own entry
 * point (module level or `if __name__ == "__main__"`); test files and library modules stay quiet. No fix: where
 * to seed (before the model is built, per rank) and whether runs should differ is the author's decision.
 */
export const noSeedMeta = {
  id: 'no-seed',
  title: { zh: '训练脚本没有设置随机种子', en: 'Training script without a random seed' },
  defaultSeverity: 'hint',
  advice: ['20#6'],
  techniqueCard: 'data-versioning',
  docs: {
    detects: {
      zh: '检测真正在训练（优化器在循环中按数据更新，或运行 Lightning Trainer.fit）却从不设置随机种子的脚本：没有 torch.manual_seed、transformers.set_seed、seed_everything、accelerate 的 set_seed 或任何接收种子的调用。只设置 random.seed / np.random.seed 不够（torch 的随机数生成器仍未固定）。Hugging Face Trainer 默认会设种子；测试文件、没有入口的库模块不提示。不提供自动修复：在哪里设种子（建模之前、每个进程各自）由作者决定。语料库没有讲随机种子的条目，引用的是“数据版本控制”（保证实验可复现）；另见技术卡片“数据版本控制与备份”。',
      en: 'Detects scripts that really train (an optimizer steps in a loop over data, or a Lightning Trainer is fitted) and never seed their randomness: no torch.manual_seed, transformers.set_seed, seed_everything, accelerate\'s set_seed or any call given a seed. random.seed / np.random.seed alone are not enough (torch\'s generator stays unseeded). Quiet for Hugging Face Trainer (it seeds by default), test files and library modules without an entry point. No automatic fix: where to seed (before the model is built, per process) is the author\'s decision. The corpus has no item on seeding; the advice quoted is data versioning (reproducible experiments); see the technique card “Data versioning & backups”.',
    },
    why: {
      zh: '权重初始化、dropout、数据打乱都依赖 torch 的随机数生成器。不设种子，同样的代码每次结果都不同，无法复现实验、对比超参数或排查回退。',
      en: 'Weight initialisation, dropout and data shuffling all draw from torch\'s random generator. Without a seed every run of the same code differs, so experiments cannot be reproduced, hyper-parameters compared fairly, or regressions tracked down.',
    },
    example: [
      'import torch',
      '',
      'model = Net()',
      'optimizer = torch.optim.AdamW(model.parameters())',
      'for x, y in loader:',
      '    optimizer.zero_grad()',
      '    loss = criterion(model(x), y)',
      '    loss.backward()',
      '    optimizer.step()',
      '',
    ].join('\n'),
    fixedExample: [
      'import torch',
      '',
      'torch.manual_seed(0)',
      'model = Net()',
      'optimizer = torch.optim.AdamW(model.parameters())',
      'for x, y in loader:',
      '    optimizer.zero_grad()',
      '    loss = criterion(model(x), y)',
      '    loss.backward()',
      '    optimizer.step()',
      '',
    ].join('\n'),
  },
  fixable: false,
} satisfies RuleMeta;

export const noSeed: Rule = /* @__PURE__ */ defineRule(noSeedMeta, {
  check(ctx) {
    const f = ctx.facts;
    if (f.frameworks.hfTrainer || isTestFile(ctx)) return [];
    const anchor = trainingAnchor(ctx);
    if (!anchor) return [];
    // Where the word "seed" occurs: only calls spanning one of these can hand a seed to something.
    const seedAt: number[] = [];
    for (const m of ctx.source.matchAll(/seed/gi)) seedAt.push(m.index);
    let torchUnseeded = false;
    if (seedAt.length) {
      for (const c of ctx.model.calls) {
        if (!occursIn(seedAt, c.start, c.end) || !handsASeed(ctx, c)) continue;
        if (!NON_TORCH_SEEDS.test(c.qname)) return [];
        torchUnseeded = true;
      }
    }
    return [{
      anchor,
      message: torchUnseeded
        ? {
          zh: '这个训练脚本只设置了 random / numpy 的种子，torch 的随机数（初始化、dropout、打乱）仍未固定：加上 torch.manual_seed(seed)。',
          en: 'This training script seeds only random / numpy; torch\'s randomness (initialisation, dropout, shuffling) stays unseeded: add torch.manual_seed(seed).',
        }
        : {
          zh: '这个训练脚本从不设置随机种子，每次运行结果都不同：在构建模型之前调用 torch.manual_seed(seed)（或 transformers.set_seed / seed_everything）。',
          en: 'This training script never seeds its randomness, so every run differs: call torch.manual_seed(seed) (or transformers.set_seed / seed_everything) before building the model.',
        },
    } satisfies RawFinding];
  },
});

function handsASeed(ctx: RuleContext, c: CallInfo): boolean {
  if (/seed/i.test(c.method)) return true;
  if (c.argsStart === -1 || !/seed/i.test(ctx.source.slice(c.argsStart, c.argsEnd))) return false;
  const a = callArgs(ctx.model, c);
  for (const k of a.keywords.keys()) if (/seed/i.test(k)) return true;
  // A string that mentions a seed (`print("seed:", s)`) hands nothing over; an expression naming one does.
  const named = (v: string) => /seed/i.test(v) && !/^[rbuf]*['"]/i.test(v);
  return a.positional.some(named) || [...a.keywords.values()].some(named);
}

/** pytest / unittest files: a seed there is the test's business, and often set by fixtures. */
function isTestFile(ctx: RuleContext): boolean {
  for (const full of ctx.model.aliases.values()) if (/^(pytest|unittest)\b/.test(full)) return true;
  return ctx.model.functions.some((fn) => fn.className === null && fn.parent === null && /^test_/.test(fn.name));
}

/**
 * Where the script trains, when it does so from its own entry point: the outermost loop around the first
 * optimizer step (or the step) — or a Lightning `trainer.fit(...)` call.
 */
function trainingAnchor(ctx: RuleContext): { start: number; end: number } | null {
  const f = ctx.facts;
  for (const step of f.steps()) {
    if (!step.loopChain.length) continue;
    const fn = step.stepCall.parent?.fn ?? null;
    if (fn && !runFromEntry(ctx, fn, 0)) continue;
    const outer = step.loopChain[step.loopChain.length - 1];
    return headerSpan(outer);
  }
  if (f.frameworks.lightning || f.frameworks.fabric) {
    for (const c of ctx.model.calls) {
      if (c.method !== 'fit' || !/trainer/i.test(c.receiver)) continue;
      const fn = c.parent?.fn ?? null;
      if (!fn || runFromEntry(ctx, fn, 0)) return callSpan(c);
    }
  }
  return null;
}

/**
 * Is `fn` run from module level (directly or through same-file callers, three levels)? A function handed to a
 * launcher counts as called where it is handed over (`mp.spawn(worker, …)`, `fire.Fire(main)`).
 */
function runFromEntry(ctx: RuleContext, fn: FunctionInfo, depth: number): boolean {
  if (depth > 3) return false;
  for (const site of [...ctx.facts.callersOf(fn), ...ctx.facts.handedOver(fn)]) {
    const caller = site.parent?.fn ?? null;
    if (!caller) return true;
    if (caller !== fn && runFromEntry(ctx, caller, depth + 1)) return true;
  }
  return false;
}
