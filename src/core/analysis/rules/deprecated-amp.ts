import type { Rule, RuleMeta, RawFinding, RuleContext } from '../rule';
import { defineRule } from '../rule';
import type { CallInfo } from '../structure/model';
import { callArgs, qualify } from '../structure/model';
import { callSpan, torchRef } from './util';

/**
 * The device-specific AMP names PyTorch 2.4 deprecated, with the torch.amp spelling and the PyTorch version
 * that spelling needs. Only autocast has a replacement old enough (torch.autocast, 1.10) to be a safe fix; the
 * others would break code that still runs on an older PyTorch, so they get no edit (the docs show the new form).
 */
const DEPRECATED: Record<string, { device: string; replacement: string; since: string }> = {
  'torch.cuda.amp.autocast': { device: 'cuda', replacement: 'torch.autocast("cuda", …)', since: '1.10' },
  'torch.cpu.amp.autocast': { device: 'cpu', replacement: 'torch.autocast("cpu", …)', since: '1.10' },
  'torch.cuda.amp.GradScaler': { device: 'cuda', replacement: 'torch.amp.GradScaler("cuda", …)', since: '2.3' },
  'torch.cuda.amp.grad_scaler.GradScaler': { device: 'cuda', replacement: 'torch.amp.GradScaler("cuda", …)', since: '2.3' },
  'torch.cuda.amp.custom_fwd': { device: 'cuda', replacement: 'torch.amp.custom_fwd(device_type="cuda", …)', since: '2.4' },
  'torch.cuda.amp.custom_bwd': { device: 'cuda', replacement: 'torch.amp.custom_bwd(device_type="cuda")', since: '2.4' },
};

/**
 * torch.amp names that show the file already handles the new API, so the old name is a deliberate fallback for
 * older versions. Not autocast: torch.autocast exists since 1.10, so there is no version to fall back for.
 */
const MODERN: Record<string, RegExp> = {
  GradScaler: /^torch\.amp(\.grad_scaler)?\.GradScaler$/,
  custom_fwd: /^torch\.amp(\.autocast_mode)?\.custom_fwd$/,
  custom_bwd: /^torch\.amp(\.autocast_mode)?\.custom_bwd$/,
};

interface Data {
  call: CallInfo | null;
  device: string;
}

export const deprecatedAmpMeta = {
  id: 'deprecated-amp',
  title: { zh: '使用已弃用的 torch.cuda.amp 接口', en: 'Deprecated torch.cuda.amp API' },
  defaultSeverity: 'hint',
  advice: ['4#4'],
  docs: {
    detects: {
      zh: '检测 PyTorch 2.4 弃用的 `torch.cuda.amp.autocast`、`torch.cpu.amp.autocast`、`torch.cuda.amp.GradScaler`、`torch.cuda.amp.custom_fwd` / `custom_bwd`（包括 `from torch.cuda.amp import autocast` 这样的导入）。文件同时使用了对应的 torch.amp 新接口时（兼容旧版本的回退写法），不提示。安全修复只针对 autocast：改写为 `torch.autocast("cuda", …)`（PyTorch ≥ 1.10 可用）；`torch.amp.GradScaler("cuda")` 需要 PyTorch ≥ 2.3，`torch.amp.custom_fwd(device_type="cuda")` 需要 ≥ 2.4，会让旧版本上的代码无法运行，因此不提供自动修复。引用的是混合精度条目；另见技术卡片“混合精度”。',
      en: 'Detects `torch.cuda.amp.autocast`, `torch.cpu.amp.autocast`, `torch.cuda.amp.GradScaler` and `torch.cuda.amp.custom_fwd` / `custom_bwd`, deprecated in PyTorch 2.4 (also through imports such as `from torch.cuda.amp import autocast`). Quiet when the file also uses the torch.amp equivalent (a deliberate fallback for older versions). The safe fix covers autocast only: `torch.autocast("cuda", …)` (PyTorch ≥ 1.10). `torch.amp.GradScaler("cuda")` needs PyTorch ≥ 2.3 and `torch.amp.custom_fwd(device_type="cuda")` ≥ 2.4, so rewriting them would break code that runs on an older PyTorch: no automatic fix. The advice quoted is the mixed-precision items; see the technique card “Mixed precision”.',
    },
    why: {
      zh: '自 PyTorch 2.4 起这些名字每次调用都会发出 FutureWarning，并将在以后的版本中移除；`torch.autocast` / `torch.amp` 是设备无关的统一接口，同一份代码可用于 cuda、cpu、xpu、mps。',
      en: 'Since PyTorch 2.4 these names raise a FutureWarning on every use and are slated for removal; `torch.autocast` / `torch.amp` is the device-generic API, so the same code works on cuda, cpu, xpu and mps.',
    },
    example: [
      'import torch',
      '',
      'for x, y in loader:',
      '    with torch.cuda.amp.autocast(dtype=torch.bfloat16):',
      '        loss = criterion(model(x), y)',
      '',
    ].join('\n'),
    fixedExample: [
      'import torch',
      '',
      'for x, y in loader:',
      '    with torch.autocast("cuda", dtype=torch.bfloat16):',
      '        loss = criterion(model(x), y)',
      '',
    ].join('\n'),
  },
  fixable: true,
} satisfies RuleMeta;

export const deprecatedAmp: Rule = /* @__PURE__ */ defineRule(deprecatedAmpMeta, {
  check(ctx) {
    const { model } = ctx;
    const modern = modernNames(ctx);
    const out: RawFinding[] = [];
    const report = (qname: string, anchor: { start: number; end: number }, call: CallInfo | null) => {
      const d = DEPRECATED[qname];
      const name = qname.slice(qname.lastIndexOf('.') + 1);
      if (modern.has(name)) return;
      out.push({
        anchor,
        message: {
          zh: `${qname} 自 PyTorch 2.4 起已弃用：请改用 ${d.replacement}（需要 PyTorch ≥ ${d.since}）。`,
          en: `${qname} is deprecated since PyTorch 2.4: use ${d.replacement} instead (PyTorch ≥ ${d.since}).`,
        },
        data: { call, device: d.device } satisfies Data,
      });
    };
    for (const call of model.calls) if (DEPRECATED[call.qname]) report(call.qname, callSpan(call), call);
    // `@torch.cuda.amp.custom_fwd` without parentheses is a decorator, not a call.
    for (const fn of model.functions) {
      for (const dec of fn.decorators) {
        const q = qualify(model.aliases, dec);
        if (!DEPRECATED[q]) continue;
        const at = decoratorOffset(ctx, fn.start, dec);
        if (at !== -1) report(q, { start: at, end: at + dec.length }, null);
      }
    }
    return out;
  },
  fix(ctx, finding) {
    const { call, device } = finding.data as Data;
    if (!call || call.argsStart === -1 || !/\.autocast$/.test(call.qname)) return null;
    const a = callArgs(ctx.model, call);
    // torch.cuda.amp.autocast(enabled, dtype, cache_enabled) and torch.autocast(device_type, dtype, enabled, …)
    // order their parameters differently: only keyword arguments carry over unchanged.
    if (a.positional.length > 0 || a.splat) return null;
    const ref = torchRef(ctx, 'autocast');
    const inner = ctx.source.slice(call.argsStart + 1, call.argsEnd - 1);
    const edits = [{
      range: ctx.lines.range(call.start, call.argsStart + 1),
      newText: `${ref.text}("${device}"${inner.trim() ? ', ' : ''}`,
    }];
    if (ref.importEdit) edits.push(ref.importEdit);
    return {
      title: { zh: `改用 torch.autocast("${device}", …)`, en: `Use torch.autocast("${device}", …)` },
      safe: true,
      edits,
    };
  },
});

/** Last names (GradScaler, autocast…) the file also uses through torch.amp / torch.autocast. */
function modernNames(ctx: RuleContext): Set<string> {
  const found = new Set<string>();
  const consider = (q: string) => {
    if (!q.startsWith('torch.amp')) return; // every MODERN name is under torch.amp
    for (const [name, re] of Object.entries(MODERN)) if (re.test(q)) found.add(name);
  };
  for (const full of ctx.model.aliases.values()) consider(full);
  for (const call of ctx.model.calls) {
    consider(call.qname);
    // hasattr(torch.amp, "GradScaler") / getattr(…): a feature test choosing the new name when it exists.
    if (call.callee === 'hasattr' || call.callee === 'getattr') {
      const a = callArgs(ctx.model, call).positional;
      const obj = a[0] ? qualify(ctx.model.aliases, a[0]) : '';
      const attr = /^['"](\w+)['"]$/.exec(a[1] ?? '')?.[1];
      if (attr && (obj === 'torch.amp' || obj === 'torch')) consider(`${obj}.${attr}`);
    }
  }
  return found;
}

/** Offset of `@<decorator>` among the lines just above a `def` (decorators are not part of the def's span). */
function decoratorOffset(ctx: RuleContext, defStart: number, dec: string): number {
  const { lines } = ctx;
  const defLine = lines.lineOf(defStart);
  for (let l = defLine - 1; l >= 0 && l >= defLine - 20; l--) {
    const text = lines.lineText(l);
    const at = text.indexOf(`@${dec}`);
    if (at !== -1) return lines.starts[l] + at + 1;
  }
  return -1;
}
