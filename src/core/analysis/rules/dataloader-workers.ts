import type { Rule, RuleMeta, RawFinding, RuleContext } from '../rule';
import { defineRule } from '../rule';
import type { CallInfo } from '../structure/model';
import { callArgs } from '../structure/model';
import { looksLikeEvalData, looksLikeTrainData } from '../facts/patterns';
import { callSpan, setKeyword } from './util';

interface Data {
  call: CallInfo;
}

export const dataloaderWorkersMeta = {
  id: 'dataloader-workers',
  title: { zh: '训练 DataLoader 没有工作进程', en: 'Training DataLoader without worker processes' },
  defaultSeverity: 'information',
  advice: ['4#1', '4#3'],
  techniqueCard: 'dataloader-workers',
  docs: {
    detects: {
      zh: '检测没有设置 `num_workers`、`num_workers=0` 或位置参数为 0 的训练 DataLoader（与 TorchFix TOR401 一致）。训练 DataLoader：名字或数据集表明是训练数据、被训练循环读取的打乱 DataLoader，或由返回给训练数据变量的辅助函数创建。不提示：从参数或配置读取的值、内存中的 TensorDataset、只在 CPU 上训练的脚本、测试代码。',
      en: 'Detects a training DataLoader without `num_workers`, with `num_workers=0` or a positional 0 (as TorchFix TOR401). A training loader is named or built from training data, shuffled and read by a training loop, or returned by a helper whose caller names it training data. Quiet for values taken from args or a config, in-memory TensorDatasets, scripts that train on the CPU only, and test code.',
    },
    why: {
      zh: 'num_workers=0 时数据加载和预处理在主进程中串行执行，GPU 经常空等数据；多个工作进程可以并行准备下一批数据。',
      en: 'With num_workers=0 loading and preprocessing run serially in the main process and the GPU waits for data; worker processes prepare the next batches in parallel.',
    },
    example: [
      'from torch.utils.data import DataLoader',
      '',
      'train_loader = DataLoader(train_set, batch_size=64, shuffle=True)',
      '',
    ].join('\n'),
    fixedExample: [
      'from torch.utils.data import DataLoader',
      '',
      'train_loader = DataLoader(train_set, batch_size=64, shuffle=True, num_workers=4, pin_memory=True)',
      '',
    ].join('\n'),
  },
  fixable: true,
} satisfies RuleMeta;

export const dataloaderWorkers: Rule = /* @__PURE__ */ defineRule(dataloaderWorkersMeta, {
  check(ctx) {
    const out: RawFinding[] = [];
    const f = ctx.facts;
    // Test code batches toy data; a whole program that trains and puts nothing on a GPU has no GPU to stall (a
    // helper module or a snippet says nothing about its device: TOR401's reading holds).
    if (f.isTestCode() || (f.runsItself() && f.steps().length > 0 && !f.trainsOnGpu())) return out;
    for (const call of ctx.model.calls) {
      if (!/^torch\.utils\.data(\.dataloader)?\.DataLoader$/.test(call.qname)) continue;
      const a = callArgs(ctx.model, call);
      if (a.splat) continue;
      const nw = a.keywords.get('num_workers') ?? a.positional[5];
      if (nw !== undefined && nw.trim() !== '0') continue;
      const dataset = a.keywords.get('dataset') ?? a.positional[0] ?? '';
      if (inMemory(ctx, dataset)) continue;
      const name = call.assignedTo;
      if (looksLikeEvalData(name) || looksLikeEvalData(dataset)) continue;
      if (!isTrainingLoader(ctx, call, name, dataset, a.keywords.get('shuffle'))) continue;
      out.push({
        anchor: callSpan(call),
        message: {
          zh: '训练 DataLoader 没有工作进程（num_workers=0）：数据加载会拖慢 GPU，考虑设置 num_workers > 0。',
          en: 'The training DataLoader has no worker processes (num_workers=0): loading will stall the GPU; consider num_workers > 0.',
        },
        data: { call } satisfies Data,
      });
    }
    return out;
  },
  fix(ctx, finding) {
    const { call } = finding.data as Data;
    if (callArgs(ctx.model, call).positional.length > 5) return null;
    const edit = setKeyword(ctx, call, 'num_workers', '4');
    if (!edit) return null;
    return { title: { zh: '设置 num_workers=4', en: 'Set num_workers=4' }, safe: false, edits: [edit] };
  },
});

/**
 * A training loader: named or built from training data; or shuffled (`shuffle=True`, `shuffle=(sampler is
 * None)`) and not iterated only by loops that train nothing (a demo loop printing batches); or returned by a
 * helper whose callers name the result as training data (`train_dl = create_dataloader(…)`).
 */
function isTrainingLoader(ctx: RuleContext, call: CallInfo, name: string, dataset: string, shuffle: string | undefined): boolean {
  const f = ctx.facts;
  if (looksLikeTrainData(name) || looksLikeTrainData(dataset)) return true;
  const fn = call.parent?.fn;
  if (fn && new RegExp(`\\breturn\\b[^\\n]*(DataLoader\\(|\\b${name || '$^'}\\b)`).test(f.codeOf(fn))) {
    if (f.callersOf(fn).some((site) => site.assignedTo.split(',').some((n) => looksLikeTrainData(n)))) return true;
  }
  if (shuffle === undefined || shuffle.trim() === 'False') return false;
  if (!name) return true;
  const iterating = ctx.model.loops.filter((l) => l.kind === 'for' && new RegExp(`(^|[^\\w.])${name.replace(/[.]/g, '\\.')}\\b`).test(l.iter));
  if (!iterating.length) return true;
  const training = f.trainingLoops();
  return iterating.some((l) => training.has(l));
}

/** A dataset already in memory (`TensorDataset(…)` or a name bound to one): nothing to load in parallel. */
function inMemory(ctx: RuleContext, dataset: string): boolean {
  const d = dataset.trim();
  if (/^(torch\.utils\.data\.)?TensorDataset\(/.test(d)) return true;
  if (!/^[A-Za-z_][\w.]*$/.test(d)) return false;
  return ctx.facts.assignmentsTo(d).some((c) => /(^|\.)TensorDataset$/.test(c.qname) || /(^|\.)TensorDataset$/.test(c.callee));
}
