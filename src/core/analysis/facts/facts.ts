/**
 * The facts layer: what the training code of one file does, computed once per analysis from the structural
 * model (structure/model.ts) and read by every rule. Facts are lazy where they are costly, so rules that are
 * switched off cost nothing. By topic: callGraph.ts (following same-file helpers), training.ts (steps,
 * optimizers, epoch loops), and here memoised questions, models and evaluation, devices and precision.
 */
import type { CallInfo, Container, FunctionInfo, LoopInfo, ClassInfo } from '../structure/model';
import { callArgs, ancestors, firstCallAt } from '../structure/model';
import { isEvalFunctionName, looksLikeEvalData } from './patterns';
import { encloses } from './callGraph';
import { TrainingFacts, type TrainingStep } from './training';
export type { Frameworks } from './callGraph';
export type { OptimizerCtor, Region, TrainingStep } from './training';
export { encloses } from './callGraph';
export { runsOnce } from './training';

export interface EvalLoop {
  loop: LoopInfo;
}

/**
 * A question about calls ("does it log?"), asked of the calls a container reaches. The memo of its answers is
 * keyed by the query object itself, so a question and its cache cannot come apart (two rules asking different
 * things can never share an answer). Define queries once, at module level: a query made per call would never
 * hit its memo.
 */
export interface CallQuery {
  readonly name: string;
  matches(facts: Facts, call: CallInfo): boolean;
}

export function callQuery(name: string, matches: (facts: Facts, call: CallInfo) => boolean): CallQuery {
  return { name, matches };
}

/** A question about the code of a function (the file at module level), memoised per query object likewise. */
export interface ScopeQuery {
  readonly name: string;
  readonly pattern: RegExp;
}

export function scopeQuery(name: string, pattern: RegExp): ScopeQuery {
  return { name, pattern };
}

/** Queries several rules ask. */
export const CLIPS = callQuery('clips gradients', (f, c) => f.isClip(c));
export const TORCH_CLIPS = callQuery('clips with torch', (f, c) => f.isTorchClip(c));
export const LOGS = callQuery('logs', (f, c) => f.isLogging(c));
export const TRAIN_MODE = callQuery('switches to train mode', (f, c) => f.isTrainCall(c));

export class Facts extends TrainingFacts {
  private readonly reachAnswers = new Map<CallQuery, Map<Container | null, boolean>>();

  /** Does anything `c` reaches answer `query`? Memoised per (query, container). */
  reachHas(c: Container | null, query: CallQuery): boolean {
    let m = this.reachAnswers.get(query);
    if (!m) this.reachAnswers.set(query, (m = new Map()));
    let v = m.get(c);
    if (v === undefined) {
      v = this.reachOf(c).some((call) => query.matches(this, call));
      m.set(c, v);
    }
    return v;
  }

  /** Does the step's context (region, enclosing loops, calling functions) call something answering `query`? */
  stepContextHas(step: TrainingStep, query: CallQuery): boolean {
    return this.reachHas(step.region.container, query) || step.loopChain.some((l) => this.reachHas(l, query))
      || step.outerFns.some((f) => this.reachHas(f, query));
  }

  private readonly scopeAnswers = new Map<ScopeQuery, Map<Container | null, boolean>>();

  /** Does the code of the function containing `c` (the file at module level) match `query`? Memoised per query. */
  scopeMatches(c: Container | null, query: ScopeQuery): boolean {
    const fn = c?.fn ?? null;
    let m = this.scopeAnswers.get(query);
    if (!m) this.scopeAnswers.set(query, (m = new Map()));
    let v = m.get(fn);
    if (v === undefined) {
      v = query.pattern.test(this.scopeCode(fn));
      m.set(fn, v);
    }
    return v;
  }

  private _evalLoops?: LoopInfo[];
  private _modelNames?: Set<string>;
  private _usesCuda?: boolean;

  /**
   * Lightning's Trainer (or a LightningModule) runs the loop: callbacks stop early, checkpoint, switch modes.
   * Fabric alone (`import lightning as L; L.Fabric(…)`) leaves the loop to the script.
   */
  usesLightningTrainer(): boolean {
    if (!this.frameworks.lightning) return false;
    return !this.frameworks.fabric || this.mentions(/LightningModule|LightningDataModule|\bTrainer\s*\(/);
  }

  isLightningClass(c: Container | null): boolean {
    for (const a of ancestors(c)) {
      if (a.kind === 'class' && (a as ClassInfo).bases.some((b) => /Lightning|pl\.|L\./.test(b))) return true;
    }
    return false;
  }

  /** Expressions that name models in this file. */
  modelNames(): Set<string> {
    if (this._modelNames) return this._modelNames;
    const names = new Set<string>();
    const moduleClasses = new Set<string>();
    for (let pass = 0; pass < 3; pass++) {
      for (const k of this.model.classes) {
        if (k.bases.some((b) => /Module$|^nn\.|Model$|PreTrainedModel/.test(b) || moduleClasses.has(b))) moduleClasses.add(k.name);
      }
    }
    for (const call of this.model.calls) {
      if (!call.assignedTo || call.assignedTo.includes(',')) continue;
      if (moduleClasses.has(call.callee) || buildsModel(call)) {
        names.add(call.assignedTo);
      }
    }
    for (const o of this.optimizers()) {
      const a = this.source.slice(o.call.argsStart, o.call.argsEnd);
      for (const m of a.matchAll(/([A-Za-z_][\w.]*)\.(?:named_)?parameters\(/g)) names.add(m[1]);
    }
    for (const call of this.model.calls) {
      if ((call.method === 'train' || call.method === 'eval') && call.receiver && !/[()\[]/.test(call.receiver)) names.add(call.receiver);
    }
    this._modelNames = names;
    return names;
  }

  isModelCall(call: CallInfo): boolean {
    return this.modelNames().has(call.callee) || /(^|\.)(model|net|network|module|encoder|decoder|classifier|backbone)$/i.test(call.callee);
  }

  /** `x.eval()` / `x.train(False)`: switches to evaluation mode. */
  isEvalCall(call: CallInfo): boolean {
    if (!call.receiver || /[()]/.test(call.receiver)) return false;
    if (call.method === 'eval') return callArgs(this.model, call).positional.length === 0;
    if (call.method === 'train') {
      const a = callArgs(this.model, call);
      return a.positional[0] === 'False' || a.keywords.get('mode') === 'False';
    }
    return false;
  }

  /** `x.train()` / `x.train(True)`. */
  isTrainCall(call: CallInfo): boolean {
    if (call.method !== 'train' || !call.receiver || /[()]/.test(call.receiver)) return false;
    const a = callArgs(this.model, call);
    return (a.positional.length === 0 || a.positional[0] !== 'False') && a.keywords.get('mode') !== 'False';
  }

  /** Evaluation loops: loops that run the model without training, over eval data / in eval functions / after eval(). */
  evalLoops(): LoopInfo[] {
    if (this._evalLoops) return this._evalLoops;
    const out: LoopInfo[] = [];
    // Test code exercises models; only its own loops over evaluation data would evaluate, and those are tests.
    if (this.isTestCode()) return (this._evalLoops = out);
    const optVars = this.optimizerVars();
    let lastEnd = -1;
    for (const loop of this.model.loops) {
      if (loop.kind !== 'for') continue;
      // Loops come in document order: one inside the last accepted eval loop is part of it.
      if (loop.start < lastEnd) continue;
      if (this.isLightningClass(loop)) continue;
      const reach = this.reachOf(loop);
      if (reach.some((c) => this.isBackward(c) || this.optimizerOfStep(c, optVars) || c.method === 'zero_grad')) continue;
      if (!reach.some((c) => this.isModelCall(c))) continue;
      const fnName = loop.fn?.name ?? '';
      // Only a loop over evaluation data evaluates: a diffusion sampler's timesteps, a list of settings or a
      // model's segments are not evaluation even inside `evaluate()` or after `model.eval()`.
      const evidence = this.iteratesEvalData(loop)
        || ((isEvalFunctionName(fnName) || this.evalBefore(loop) !== null) && this.iteratesData(loop));
      if (evidence) {
        out.push(loop);
        lastEnd = loop.end;
      }
    }
    this._evalLoops = out;
    return out;
  }

  /** The loop reads evaluation data: `for x in val_loader`, or `range(n)` indexing `test_set[i]` in its body. */
  iteratesEvalData(loop: LoopInfo): boolean {
    if (loop.kind !== 'for') return false;
    if (looksLikeEvalData(loop.iter)) return true;
    if (!/^range\(/.test(loop.iter)) return false;
    for (const m of this.code.slice(loop.headerEnd, loop.end).matchAll(/\b([A-Za-z_][\w.]*)\s*\[/g)) if (looksLikeEvalData(m[1])) return true;
    return false;
  }

  /** The loop iterates data (a loader, dataset, batches), not a literal list, a range or a sampler's timesteps. */
  iteratesData(loop: LoopInfo): boolean {
    if (loop.kind !== 'for') return false;
    if (this.iteratesEvalData(loop)) return true;
    const iter = loop.iter.replace(/^(enumerate|tqdm(\.\w+)?|iter|zip)\(/, '').trim();
    if (/^[\[({]|^range\(|timesteps|^['"]/.test(iter)) return false;
    return /loader|(^|[^a-z])dl\b|data|batch|dataset|(^|_)ds\b|samples|examples|split|iterator|corpus|queue/i.test(iter);
  }

  /** The closest `x.eval()` before `loop` in its scope with no `x.train()` in between, or null. */
  evalBefore(loop: Container): CallInfo | null {
    const scopeStart = loop.fn ? loop.fn.start : 0;
    const calls = this.model.calls;
    for (let i = firstCallAt(this.model, loop.start) - 1, n = 0; i >= 0 && n < 5000 && calls[i].start >= scopeStart; i--, n++) {
      const c = calls[i];
      if ((c.parent?.fn ?? null) !== loop.fn) continue;
      if (!encloses(c.parent, loop)) continue;
      if (this.isTrainCall(c)) return null;
      if (this.isEvalCall(c)) return c;
    }
    return null;
  }

  /** A `with torch.no_grad()` (or inference_mode / set_grad_enabled(False)) or decorator covers this container. */
  underNoGrad(c: Container, depth = 0): boolean {
    for (const a of ancestors(c)) {
      if (a.kind === 'with' && /no_grad|inference_mode|set_grad_enabled\(\s*False/.test(a.header)) return true;
      if (a.kind === 'function') {
        const f = a as FunctionInfo;
        if (f.decorators.some((d) => /no_grad|inference_mode|set_grad_enabled/.test(d))) return true;
        if (depth < 2) {
          const sites = this.callersOf(f);
          if (sites.length && sites.every((s) => s.parent && this.underNoGrad(s.parent, depth + 1))) return true;
        }
        break;
      }
    }
    return false;
  }

  /**
   * The script trains on CUDA: a `"cuda"` string or `.cuda()` / `torch.cuda.set_device` that is not behind an
   * opt-in flag (`"cuda" if args.cuda else "cpu"` counts as CPU; `if torch.cuda.is_available()` counts as CUDA).
   */
  usesCuda(): boolean {
    if (this._usesCuda !== undefined) return this._usesCuda;
    const { lines } = this.model;
    const source = this.code;
    let found = false;
    const re = /(['"])cuda(:\d+)?\1|\.cuda\(|torch\.cuda\.set_device\(|device_ids\s*=|accelerator\s*=\s*['"]gpu|['"]nccl['"]/g;
    for (let m = re.exec(source); m && !found; m = re.exec(source)) {
      const line = lines.lineOf(m.index);
      const text = lines.lineText(line);
      const col = m.index - lines.starts[line];
      if (text.slice(0, col).includes('#')) continue;
      if (/add_argument\(/.test(text) && !/default\s*=\s*$/.test(text.slice(0, col))) continue;
      const cond = / if (.+?) else /.exec(text);
      if (cond && !this.conditionMeansAvailable(cond[1])) continue;
      const call = this.innermostCallAt(m.index);
      const parent = call ? call.parent : this.containerAt(m.index);
      if (this.gatedByFlag(parent)) continue;
      found = true;
    }
    this._usesCuda = found;
    return found;
  }

  /**
   * Training runs on a GPU: CUDA as `usesCuda` reads it, or a framework or API that places the model on the
   * accelerator it finds (Accelerate, Fabric, DeepSpeed, `accelerator.device`, `torch_geometric.device('auto')`,
   * `device_map=`).
   */
  trainsOnGpu(): boolean {
    const fw = this.frameworks;
    if (fw.accelerate || fw.fabric || fw.deepspeed || fw.hfTrainer) return true;
    return this.usesCuda() || this.mentions(/accelerator\.device|torch_geometric\.device\(|device_map\s*=/);
  }

  private conditionMeansAvailable(cond: string): boolean {
    if (/is_available|device_count/.test(cond)) return true;
    for (const name of cond.match(/[A-Za-z_]\w*/g) ?? []) {
      // `use_cuda = …is_available()` or `args.use_cuda = args.ngpu > 0 and torch.cuda.is_available()`.
      const re = new RegExp(`^\\s*([A-Za-z_]\\w*\\.)?${name}\\s*=.*(is_available|device_count)`, 'm');
      if (re.test(this.source)) return true;
    }
    return false;
  }

  private gatedByFlag(c: Container | null): boolean {
    for (const a of ancestors(c)) {
      if (a.kind === 'if' && !this.conditionMeansAvailable(a.header)) return true;
    }
    return false;
  }

  /** Mixed precision or reduced precision is used somewhere (or a framework owns precision). */
  usesReducedPrecision(): boolean {
    const f = this.frameworks;
    if (f.deepspeed || f.accelerate) return true;
    return this.mentionsReducedPrecision();
  }

  /** Autocast, GradScaler, half/bf16 dtypes or precision settings appear in the code. */
  mentionsReducedPrecision(): boolean {
    return this.mentions(/autocast|GradScaler|\.half\(|bfloat16|float16|\bfp16\b|\bbf16\b|mixed_precision|precision\s*=|amp\.|allow_tf32|set_float32_matmul_precision|\.to\(\s*dtype/);
  }
}

const MODEL_BUILDERS = new Set(['from_pretrained', 'Sequential', 'DataParallel', 'DistributedDataParallel', 'compile']);

/**
 * `x.from_pretrained(…)`, `nn.Sequential(…)`, `DataParallel(…)`, `torch.compile(…)`, `torchvision.models.…`,
 * `timm.create_model(…)`: the call returns a model. By method name first: a regex over every call's qualified
 * name was a measurable part of a keystroke.
 */
function buildsModel(call: CallInfo): boolean {
  const q = call.qname;
  const dot = q.lastIndexOf('.');
  // The last segment of the qualified name is the method's text unless an import renamed the callee.
  const last = dot === q.length - call.method.length - 1 && q.endsWith(call.method) ? call.method : q.slice(dot + 1);
  if (dot !== -1 && MODEL_BUILDERS.has(last)) return true;
  return q.includes('torchvision.models.') || q.startsWith('timm.create_model');
}
