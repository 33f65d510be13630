/**
 * Training facts: which calls are backward passes, optimizer steps, clips, logs; the optimizers a file builds;
 * its training steps (backward + step, with the loops and functions around them) and its epoch loops.
 */
import type { CallInfo, Container, FunctionInfo, LoopInfo } from '../structure/model';
import { callArgs, ancestors } from '../structure/model';
import { CLIP_METHODS, LOG_METHODS, NO_GRAD_METHODS, TORCH_OPTIMIZERS, lastSegment } from './patterns';
import { literalNumber } from '../structure/text';
import { CallGraph } from './callGraph';

export interface Region {
  kind: 'loop' | 'function' | 'module';
  container: Container | null;
}

export interface TrainingStep {
  backward: CallInfo;
  /** Innermost loop (or function, or module) that contains both the backward and an optimizer step. */
  region: Region;
  /** The optimizer step call (`optimizer.step()` or `scaler.step(optimizer)`). */
  stepCall: CallInfo;
  /** The optimizer expression (`optimizer`, `self.opt`). */
  optimizer: string;
  /** The GradScaler expression when the step goes through one. */
  scaler: string | null;
  /** Loops around the step, innermost first, following call sites of helper functions. */
  loopChain: LoopInfo[];
  /** Functions that call the step's function (when the region is a function), two levels up. */
  outerFns: FunctionInfo[];
  /** Everything the step's loops and functions call (transitively through same-file helpers); computed on first use. */
  readonly contextCalls: CallInfo[];
}

export interface OptimizerCtor {
  call: CallInfo;
  /** Class name (`SGD`). */
  kind: string;
  /** True when it resolves to torch.optim. */
  torch: boolean;
}

export class TrainingFacts extends CallGraph {
  private _steps?: TrainingStep[];
  private _epochLoops?: LoopInfo[];
  private _moduleCalls?: CallInfo[];
  private _optimizers?: OptimizerCtor[];
  private _doubt?: boolean;
  private _entry?: boolean;
  private _runs?: boolean;

  /**
   * Test code: the file imports pytest or unittest, defines asserting `test_*` functions (or `test_*` functions
   * beside an import of a testing package), asserting `assert_*` helpers, or a `TestCase`. Its loops
   * exercise APIs (an optimizer unit test, a scheduler's timesteps, a list of parameters); they do not train.
   */
  isTestCode(): boolean {
    for (const full of this.model.aliases.values()) if (/^(pytest|unittest)(\.|$)/.test(full)) return true;
    // A `test_*` function that asserts (a script's `test_epoch(model, loader)` evaluates and asserts nothing), or
    // one in a file importing a testing package (`torch_geometric.testing`, `testing_utils`); `assert_*` helpers.
    const testingImport = [...this.model.aliases.values()].some((full) => /(^|\.)(testing|testing_utils|test_utils)(\.|$)/.test(full));
    const asserts = (f: FunctionInfo) => /^\s*assert\b/m.test(this.code.slice(f.start, f.end));
    if (this.model.functions.some((f) => (/^test_/.test(f.name) && (testingImport || asserts(f))) || (/^assert_/.test(f.name) && asserts(f)))) return true;
    return this.model.classes.some((k) => k.bases.some((b) => /(^|\.)(TestCase|IsolatedAsyncioTestCase)$/.test(b)));
  }

  /**
   * The file runs training itself: an `if __name__ == "__main__":` guard, a loop at module level (scripts,
   * notebooks), a module-level call that trains or calls a function of the file (`main()`, `trainer.train()`),
   * a module-level function that runs a backward pass (a project's `train(model, loader, optimizer)` helper), or
   * a function or class that builds its own optimizer over a model's parameters (a library `Trainer`). A module
   * without any of these — training only inside methods of its classes with an optimizer handed in (a library
   * model's `train()`), or a benchmark helper that times or profiles its runs — is library code and gets the
   * benefit of the doubt: whoever calls it decides how training runs.
   */
  hasEntryPoint(): boolean {
    if (this._entry !== undefined) return this._entry;
    const found = (): boolean => {
      if (this.runsItself()) return true;
      // A benchmark helper that times or profiles its runs (timeit, torch.profiler, torch.utils.benchmark)
      // reproduces recipes rather than training a model to keep.
      if (this.isBenchmarkHelper()) return false;
      // A module-level function that runs a backward pass is a helper a project calls (`train(model, loader,
      // optimizer)`): an entry point. Methods of a model, explainer or pipeline class are the library's internals.
      if (this.model.calls.some((c) => this.isBackward(c) && c.parent?.fn && isModuleFunction(c.parent.fn))) return true;
      return this.optimizers().some((o) => this.optimizesModel(o));
    };
    this._entry = found();
    return this._entry;
  }

  /**
   * A whole program: an `if __name__ == "__main__":` guard, a loop at module level (scripts, notebooks), or a
   * module-level call that trains or calls a function of the file (`main()`, `trainer.train()`). What it does
   * not show (a GPU, a save) it does not do.
   */
  runsItself(): boolean {
    if (this._runs !== undefined) return this._runs;
    const topLevel = (c: Container | null) => { for (const a of ancestors(c)) if (a.kind === 'function' || a.kind === 'class') return false; return true; };
    const found = (): boolean => {
      for (const c of this.model.containers) {
        if (c.kind === 'if' && c.parent === null && /__name__\s*==/.test(c.header)) return true;
        if ((c.kind === 'for' || c.kind === 'while') && topLevel(c)) return true;
      }
      const optCalls = new Set(this.optimizers().map((o) => o.call));
      for (const call of this.model.calls) {
        if (!topLevel(call.parent)) continue;
        if (this.targets(call).length || this.isBackward(call) || optCalls.has(call) || isDataLoader(call)) return true;
        if (/^(train|fit|step|run|main|launch|spawn|train_model|finetune)$/.test(call.method)) return true;
      }
      return false;
    };
    this._runs = found();
    return this._runs;
  }

  /** The module imports a timing or profiling harness (`timeit`, `torch.profiler`, `torch.utils.benchmark`, `…profile`). */
  isBenchmarkHelper(): boolean {
    for (const full of this.model.aliases.values()) if (/(^|\.)(timeit|profiler?|benchmark)(\.|$)/.test(full)) return true;
    return false;
  }

  /** Test code, or a library module without an entry point: no hint about how it trains or evaluates. */
  benefitOfDoubt(): boolean {
    this._doubt ??= this.isTestCode() || !this.hasEntryPoint();
    return this._doubt;
  }

  isBackward(call: CallInfo): boolean {
    return call.method === 'backward' && call.receiver !== '' && !/^super\(\)$/.test(call.receiver);
  }

  /** Names assigned from optimizer constructors, last segment (`optimizer` for `self.optimizer`). */
  protected optimizerVars(): Set<string> {
    const set = new Set<string>();
    for (const o of this.optimizers()) for (const n of o.call.assignedTo.split(',')) if (n) set.add(lastSegment(n));
    return set;
  }

  /** The optimizer expression if `call` is an optimizer step, else null. */
  optimizerOfStep(call: CallInfo, optVars = this.optimizerVars()): { optimizer: string; scaler: string | null } | null {
    if (call.method === 'optimizer_step' && call.receiver) {
      const a = callArgs(this.model, call).positional[0];
      return a ? { optimizer: a, scaler: null } : null;
    }
    if (call.method !== 'step' || !call.receiver || /[()]/.test(call.receiver)) return null;
    const last = lastSegment(call.receiver);
    if (/scaler/i.test(last)) {
      const a = callArgs(this.model, call).positional[0];
      return a ? { optimizer: a, scaler: call.receiver } : null;
    }
    if (/sched/i.test(last)) return null;
    if (optVars.has(last) || /opt/i.test(last)) return { optimizer: call.receiver, scaler: null };
    return null;
  }

  isClip(call: CallInfo): boolean {
    return CLIP_METHODS.has(call.method) || CLIP_METHODS.has(qualifiedMethod(call));
  }

  /** A clip that needs `scaler.unscale_` first (torch.nn.utils, not accelerator/fabric/FSDP wrappers). */
  isTorchClip(call: CallInfo): boolean {
    const q = call.qname;
    return /^(torch\.nn\.utils(\.clip_grad)?\.)?clip_grad_(norm|value)_$/.test(q) || /^torch\.nn\.utils\.clip_grad_(norm|value)_$/.test(q)
      || (/^(nn\.)?utils\.clip_grad_(norm|value)_$/.test(call.callee));
  }

  isLogging(call: CallInfo): boolean {
    const q = call.qname;
    if (LOG_METHODS.has(call.method)) return true;
    if (/^(wandb|mlflow|logging|tensorboard|neptune|comet_ml|aim|clearml|swanlab)\b/.test(q)) return true;
    // A live plot of the loss or accuracy is watching a metric; a progress bar advanced with update(1) shows none
    // (its set_postfix / set_description / write are in LOG_METHODS).
    if (/^(matplotlib\.pyplot|plt)\.(plot|text|pause|scatter)$/.test(q)) return true;
    return /log|writer|wandb|tracker/i.test(call.receiver);
  }

  isNoGradCall(call: CallInfo): boolean {
    return NO_GRAD_METHODS.has(call.method);
  }

  optimizers(): OptimizerCtor[] {
    if (this._optimizers) return this._optimizers;
    const out: OptimizerCtor[] = [];
    for (const call of this.model.calls) {
      const name = qualifiedMethod(call);
      if (!TORCH_OPTIMIZERS.has(name) && !/^(Adam\w*8bit|PagedAdamW\w*|Lion|Lamb|LAMB|FusedAdam|DeepSpeedCPUAdam)$/.test(name)) continue;
      const torch = call.qname === `torch.optim.${name}` || call.qname === `torch.optim.${name.toLowerCase()}.${name}`;
      // A bare `SGD(...)` that is not imported from torch could be anything: only torch-resolved names and
      // well-known third-party optimizers count.
      if (!torch && !call.qname.includes('.') ) continue;
      out.push({ call, kind: name, torch });
    }
    this._optimizers = out;
    return out;
  }

  /**
   * The optimizer updates a model's parameters, not explicit tensors (`SGD([latents], …)`: a pipeline optimising
   * its latents, an explainer fitting a mask, an optimizer unit test).
   */
  optimizesModel(o: OptimizerCtor): boolean {
    const a = callArgs(this.model, o.call);
    let params = (a.positional[0] ?? a.keywords.get('params') ?? '').trim();
    // `opt = Adam(params, …)` with `params = [self.node_mask]` a few lines up: read the list it names.
    if (/^[A-Za-z_]\w*$/.test(params)) {
      const m = new RegExp(`(?:^|\\n)[ \\t]*${params}[ \\t]*=[ \\t]*(\\[[^\\n]*)`).exec(this.scopeCode(o.call.parent));
      if (m) params = m[1];
    }
    // Only a closed one-line list of names is explicit tensors; a multi-line list is usually parameter groups.
    const explicit = /^\[[^\]\n]*\]\s*$/.test(params) && !/parameters\(|params|\{/.test(params);
    return !explicit;
  }

  steps(): TrainingStep[] {
    if (this._steps) return this._steps;
    if (this.benefitOfDoubt()) return (this._steps = []);
    const optVars = this.optimizerVars();
    const tensorOpts = new Set<string>();
    for (const o of this.optimizers()) if (!this.optimizesModel(o) && o.call.assignedTo) tensorOpts.add(lastSegment(o.call.assignedTo));
    const steps: TrainingStep[] = [];
    const stepIn = (calls: CallInfo[]) => {
      for (const c of calls) {
        const o = this.optimizerOfStep(c, optVars);
        if (o) return { call: c, ...o };
      }
      return null;
    };
    for (const b of this.model.calls) {
      if (!this.isBackward(b)) continue;
      const found = this.findRegion(b.parent, stepIn, 0);
      if (!found) continue;
      const { region, step, chain, outerFns } = found;
      if (tensorOpts.has(lastSegment(step.optimizer))) continue;
      let scaler = step.scaler;
      if (!scaler && /^(\w[\w.]*)\.scale\(/.test(b.receiver)) scaler = /^(\w[\w.]*)\.scale\(/.exec(b.receiver)![1];
      let context: CallInfo[] | undefined;
      const reachOf = (c: Container | null) => this.reachOf(c);
      steps.push({
        backward: b, region, stepCall: step.call, optimizer: step.optimizer, scaler, loopChain: chain, outerFns,
        get contextCalls(): CallInfo[] {
          if (!context) {
            const set = new Set<CallInfo>(reachOf(region.container));
            for (const l of chain) for (const c of reachOf(l)) set.add(c);
            for (const f of outerFns) for (const c of reachOf(f)) set.add(c);
            context = [...set];
          }
          return context;
        },
      });
    }
    this._steps = steps;
    return steps;
  }

  private findRegion(
    from: Container | null,
    stepIn: (calls: CallInfo[]) => { call: CallInfo; optimizer: string; scaler: string | null } | null,
    depth: number,
  ): { region: Region; step: { call: CallInfo; optimizer: string; scaler: string | null }; chain: LoopInfo[]; outerFns: FunctionInfo[] } | null {
    for (const c of ancestors(from)) {
      if (c.kind === 'for' || c.kind === 'while') {
        const s = stepIn(this.reachOf(c));
        if (s) return { region: { kind: 'loop', container: c }, step: s, chain: this.loopChain(c, 0), outerFns: [] };
      } else if (c.kind === 'function') {
        const fn = c as FunctionInfo;
        const s = stepIn(this.reachOf(fn));
        if (s) return { region: { kind: 'function', container: fn }, step: s, chain: this.loopChain(fn, 0), outerFns: this.outerFunctions(fn, 0) };
        if (depth >= 2) return null;
        for (const site of this.callersOf(fn)) {
          const r = this.findRegion(site.parent, stepIn, depth + 1);
          if (r) return r;
        }
        return null;
      }
    }
    this._moduleCalls ??= this.model.calls.filter((c) => c.parent === null || c.parent.fn === null);
    const s = stepIn(this._moduleCalls);
    return s ? { region: { kind: 'module', container: null }, step: s, chain: [], outerFns: [] } : null;
  }

  /** Loops enclosing `c` (inclusive), innermost first, continuing through call sites of its function. */
  loopChain(c: Container | null, depth: number): LoopInfo[] {
    const out: LoopInfo[] = [];
    for (const a of ancestors(c)) {
      if (a.kind === 'for' || a.kind === 'while') out.push(a as LoopInfo);
      if (a.kind === 'function') {
        if (depth < 2) {
          const seen = new Set(out);
          for (const site of this.callersOf(a as FunctionInfo)) {
            for (const l of this.loopChain(site.parent, depth + 1)) if (!seen.has(l)) { seen.add(l); out.push(l); }
          }
        }
        break;
      }
    }
    return out;
  }

  /** Functions that call `fn` (transitively, two levels). */
  private outerFunctions(fn: FunctionInfo, depth: number): FunctionInfo[] {
    if (depth >= 2) return [];
    const out: FunctionInfo[] = [];
    for (const site of this.callersOf(fn)) {
      const f = site.parent?.fn;
      if (f && f !== fn && !out.includes(f)) out.push(f, ...this.outerFunctions(f, depth + 1));
    }
    return out;
  }

  /**
   * A step-based training loop, the whole run in one loop: `while True` / `while step < max_steps`, a
   * `range(n)` of steps over full-batch data, or a loop over batches counting iterations (`for iter_num, batch
   * in enumerate(loader)`) that stops at a maximum (`max_iters`, `max_steps`, a `break`).
   */
  isStepBased(l: LoopInfo): boolean {
    if (l.kind === 'while') return true;
    if (/^range\(/.test(l.iter)) return !runsOnce(l);
    if (!/(^|[_\s(,])(iter|iters|iter_num|it|step|steps|global_step|i_iter)\b/i.test(l.target)) return false;
    return /max_(iters|steps|iterations)|num_(iters|steps)|total_steps|\bbreak\b/.test(this.code.slice(l.headerEnd, l.end));
  }

  /** Loops that contain a training step (directly or through helpers). */
  trainingLoops(): Set<LoopInfo> {
    const set = new Set<LoopInfo>();
    for (const s of this.steps()) for (const l of s.loopChain) set.add(l);
    return set;
  }

  /**
   * Epoch loops: the outermost training loop of each step when it encloses another training loop, or a
   * training loop over epochs (`for epoch in range(n)`). Loops that run once (`range(1)`) are not epochs.
   */
  epochLoops(): LoopInfo[] {
    if (this._epochLoops) return this._epochLoops;
    const cands: LoopInfo[] = [];
    const seen = new Set<LoopInfo>();
    for (const s of this.steps()) {
      const chain = s.loopChain;
      if (!chain.length) continue;
      const stepLoop = s.region.kind === 'loop' ? (s.region.container as LoopInfo) : chain[0];
      for (const l of chain) {
        if (l === stepLoop && !/epoch/i.test(l.target + ' ' + l.iter) && !(l === chain[chain.length - 1] && this.isStepBased(l))) continue;
        if (runsOnce(l) || seen.has(l)) continue;
        seen.add(l);
        cands.push(l);
      }
    }
    // `for seed in seeds: for epoch in …`: the epoch loop is the innermost candidate.
    const hasInnerCandidate = new Set<LoopInfo>();
    for (const l of cands) for (let p = l.parent; p; p = p.parent) if (seen.has(p as LoopInfo)) hasInnerCandidate.add(p as LoopInfo);
    this._epochLoops = cands.filter((l) => !hasInnerCandidate.has(l)).sort((a, b) => a.start - b.start);
    return this._epochLoops;
  }
}

/**
 * Last segment of the qualified callee without building a string for most calls: qualify() only rewrites the
 * first segment, so a dotted callee keeps its own last segment (`method`).
 */
function qualifiedMethod(call: CallInfo): string {
  return call.qname === call.callee || call.callee.includes('.') ? call.method : lastSegment(call.qname);
}

/** `for _ in range(1)` (or a literal ≤ 1): runs once, not an epoch loop. */
/** A function defined at module level (nested in no class), or nested inside such a function. */
function isModuleFunction(fn: FunctionInfo): boolean {
  for (const a of ancestors(fn)) if (a.kind === 'class') return false;
  return true;
}

function isDataLoader(call: CallInfo): boolean {
  return /^torch\.utils\.data(\.dataloader)?\.DataLoader$/.test(call.qname) || /(^|\.)(DataLoader|NeighborLoader|LinkNeighborLoader)$/.test(call.callee);
}

export function runsOnce(loop: LoopInfo): boolean {
  const m = /^range\((.*)\)$/.exec(loop.iter);
  if (!m) return false;
  const parts = m[1].split(',');
  const n = literalNumber(parts[parts.length === 1 ? 0 : 1]);
  const s = parts.length > 1 ? literalNumber(parts[0]) : 0;
  return !Number.isNaN(n) && !Number.isNaN(s) && n - s <= 1;
}
