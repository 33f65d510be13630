/**
 * The facts layer: what the training code of one file does, computed once per analysis from the structural
 * model (model.ts) and read by every rule. Facts are lazy where they are costly, so rules that are switched off
 * cost nothing.
 *
 * Same-file helpers are followed: the calls "reachable" from a loop include the calls of functions and methods
 * defined in this file that the loop calls (transitively), resolved by name (`helper(...)`, `self.helper(...)`,
 * `obj.method(...)` when `obj` was built from a class of this file).
 */
import type { FileModel, CallInfo, Container, FunctionInfo, LoopInfo, ClassInfo } from '../structure/model';
import { callArgs, callsIn, ancestors, firstCallAt, forEachCallIn } from '../structure/model';
import {
  CLIP_METHODS, LOG_METHODS, NO_GRAD_METHODS, TORCH_OPTIMIZERS, isEvalFunctionName, lastSegment, looksLikeEvalData,
} from './patterns';
import { blankCommentsAndDocstrings, literalNumber } from '../structure/text';

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

export interface EvalLoop {
  loop: LoopInfo;
}

export interface Frameworks {
  lightning: boolean;
  hfTrainer: boolean;
  accelerate: boolean;
  deepspeed: boolean;
  fabric: boolean;
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

export class Facts {
  readonly source: string;
  private readonly fnByName = new Map<string, FunctionInfo[]>();
  private readonly varClass = new Map<string, string>();
  private readonly classMap = new Map<string, ClassInfo>();

  /** The class of this file with that name (the first one). */
  classNamed(name: string): ClassInfo | undefined {
    return this.classMap.get(name);
  }
  private readonly closureMemo = new Map<FunctionInfo, FunctionInfo[]>();
  private callersMemo: Map<FunctionInfo, CallInfo[]> | null = null;
  private _steps?: TrainingStep[];
  private _epochLoops?: LoopInfo[];
  private _moduleCalls?: CallInfo[];
  private assignMemo?: Map<string, CallInfo[]>;
  private readonly reachedMemo = new Map<Container, Set<FunctionInfo>>();
  private _evalLoops?: LoopInfo[];
  private _modelNames?: Set<string>;
  private _usesCuda?: boolean;
  private _optimizers?: OptimizerCtor[];
  readonly frameworks: Frameworks;

  constructor(readonly model: FileModel) {
    this.source = model.source;
    this.targetsMemo = new Array(model.calls.length);
    for (const f of model.functions) {
      const list = this.fnByName.get(f.name);
      if (list) list.push(f);
      else this.fnByName.set(f.name, [f]);
    }
    for (const k of model.classes) if (!this.classMap.has(k.name)) this.classMap.set(k.name, k);
    const classNames = new Set(model.classes.map((c) => c.name));
    for (const call of model.calls) {
      if (call.assignedTo && classNames.has(call.callee)) this.varClass.set(call.assignedTo, call.callee);
    }
    // Each check first asks the raw source for its key word (a fast substring search): most files mention none,
    // and then neither the regex nor the comment-free copy of the source (`code`) is needed.
    const src = model.source;
    const codeMatches = (word: string, re: RegExp): boolean => src.includes(word) && re.test(this.code);
    this.frameworks = {
      lightning: codeMatches('lightning', /^\s*(import|from)\s+(pytorch_lightning|lightning)\b/m),
      hfTrainer: codeMatches('Trainer', /\b(Seq2SeqTrainer|SFTTrainer|Trainer)\s*\(/) && /\btransformers|\btrl\b/.test(this.code),
      accelerate: codeMatches('Accelerator', /\bAccelerator\s*\(/),
      deepspeed: codeMatches('deepspeed', /\bdeepspeed\b/),
      fabric: codeMatches('Fabric', /\bFabric\s*\(/),
    };
  }

  private _code?: string;

  /**
   * The source with comments and triple-quoted strings (docstrings) blanked to spaces, offsets unchanged: text
   * checks must not be fooled by a docstring that says "no autocast here".
   */
  get code(): string {
    if (this._code === undefined) this._code = blankCommentsAndDocstrings(this.source);
    return this._code;
  }

  /** Does the code (comments and docstrings excluded) match? Conservative checks, used only to stay quiet. */
  mentions(re: RegExp): boolean {
    return re.test(this.code);
  }

  /** Code of the function containing `c` (the whole file at module level). */
  scopeCode(c: Container | null): string {
    const fn = c?.fn ?? null;
    return fn ? this.code.slice(fn.start, fn.end) : this.code;
  }

  /** Code of a container (the whole file for null). */
  codeOf(c: Container | null): string {
    return c ? this.code.slice(c.start, c.end) : this.code;
  }

  // ---- helper following ---------------------------------------------------------------------------------

  /** By call index, sized up front: filled at random indexes, a growing array turned into a slow dictionary. */
  private readonly targetsMemo: Array<FunctionInfo[] | undefined>;

  /** Same-file functions a call may invoke (memoised by call index: reach, closure and callersOf ask often). */
  targets(call: CallInfo): FunctionInfo[] {
    if (!this.fnByName.has(call.method)) return NO_FUNCTIONS;
    let t = this.targetsMemo[call.index];
    if (!t) {
      t = this.computeTargets(call);
      this.targetsMemo[call.index] = t;
    }
    return t;
  }

  private computeTargets(call: CallInfo): FunctionInfo[] {
    const cands = this.fnByName.get(call.method);
    if (!cands || !call.callee) return [];
    if (!call.receiver) {
      // Python scoping: a nested function is visible in the function that defines it (and deeper).
      const visible = cands.filter((f) => f.className === null && encloses(f.parent?.fn ?? null, call.parent));
      let best: FunctionInfo[] = [];
      let bestDepth = -1;
      for (const f of visible) {
        const d = depth(f.parent?.fn ?? null);
        if (d > bestDepth) { best = [f]; bestDepth = d; } else if (d === bestDepth) best.push(f);
      }
      return best;
    }
    if (call.receiver === 'super()') return [];
    if (call.receiver === 'self' || call.receiver === 'cls') {
      // Methods of the caller's own class (or, for a class of this file, its file-defined bases).
      let cls: ClassInfo | null = null;
      for (const a of ancestors(call.parent)) if (a.kind === 'class') { cls = a as ClassInfo; break; }
      if (!cls) return [];
      const names = new Set([cls.name, ...cls.bases.filter((b) => this.classMap.has(b))]);
      return cands.filter((f) => f.className !== null && names.has(f.className));
    }
    const cls = this.varClass.get(call.receiver);
    if (cls) return cands.filter((f) => f.className === cls);
    return [];
  }

  /** Functions reachable from `fn` (itself included), memoised. */
  private closure(fn: FunctionInfo): FunctionInfo[] {
    const memo = this.closureMemo.get(fn);
    if (memo) return memo;
    const seen = new Set<FunctionInfo>([fn]);
    const queue = [fn];
    this.closureMemo.set(fn, [fn]); // cycle guard
    for (let i = 0; i < queue.length && i < 200; i++) {
      forEachCallIn(this.model, queue[i].start, queue[i].end, (call) => {
        for (const t of this.targets(call)) {
          if (!seen.has(t)) {
            seen.add(t);
            queue.push(t);
          }
        }
      });
    }
    this.closureMemo.set(fn, queue);
    return queue;
  }

  /** Calls in [start, end) plus the calls of every same-file function they reach. */
  reach(start: number, end: number): CallInfo[] {
    const direct = callsIn(this.model, start, end);
    const fns = new Set<FunctionInfo>();
    for (const call of direct) for (const t of this.targets(call)) for (const f of this.closure(t)) fns.add(f);
    if (!fns.size) return direct;
    // `direct` is a fresh array: the reached functions' calls are appended to it (no copies: big files reach a lot).
    for (const f of fns) {
      if (f.start < end && f.end > start) continue;
      forEachCallIn(this.model, f.start, f.end, (call) => direct.push(call));
    }
    return direct;
  }

  private readonly reachOfMemo = new Map<Container, CallInfo[]>();

  /**
   * What a container reaches (see `reach`), memoised: steps, eval loops and several rules ask for the same loops
   * and functions. The returned array is shared: callers must not modify it.
   */
  reachOf(c: Container | null): CallInfo[] {
    if (!c) return this.model.calls;
    let r = this.reachOfMemo.get(c);
    if (!r) {
      r = this.reach(c.start, c.end);
      this.reachOfMemo.set(c, r);
    }
    return r;
  }

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

  /** Call sites of a same-file function. */
  callersOf(fn: FunctionInfo): CallInfo[] {
    if (!this.callersMemo) {
      this.callersMemo = new Map();
      for (const call of this.model.calls) {
        for (const t of this.targets(call)) {
          const l = this.callersMemo.get(t);
          if (l) l.push(call);
          else this.callersMemo.set(t, [call]);
        }
      }
    }
    return this.callersMemo.get(fn) ?? [];
  }

  // ---- classification of calls ----------------------------------------------------------------------------

  isBackward(call: CallInfo): boolean {
    return call.method === 'backward' && call.receiver !== '' && !/^super\(\)$/.test(call.receiver);
  }

  /** Names assigned from optimizer constructors, last segment (`optimizer` for `self.optimizer`). */
  private optimizerVars(): Set<string> {
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
    return /log|writer|wandb|tracker|tqdm|pbar|progress|bar/i.test(call.receiver);
  }

  isNoGradCall(call: CallInfo): boolean {
    return NO_GRAD_METHODS.has(call.method);
  }

  // ---- optimizers ----------------------------------------------------------------------------------------

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

  // ---- training steps ------------------------------------------------------------------------------------

  steps(): TrainingStep[] {
    if (this._steps) return this._steps;
    const optVars = this.optimizerVars();
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
        if (l === stepLoop && !/epoch/i.test(l.target + ' ' + l.iter)) continue;
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

  /** Functions a container reaches through same-file calls (memoised per container). */
  reachedFunctions(c: Container): Set<FunctionInfo> {
    const known = this.reachedMemo.get(c);
    if (known) return known;
    const reached = new Set<FunctionInfo>();
    forEachCallIn(this.model, c.start, c.end, (call) => {
      for (const t of this.targets(call)) for (const f of this.closure(t)) reached.add(f);
    });
    this.reachedMemo.set(c, reached);
    return reached;
  }

  /** Does `outer` run `inner` — lexically, or by calling a function that contains it? */
  runs(outer: Container, inner: Container): boolean {
    if (inner.start >= outer.start && inner.end <= outer.end) return true;
    for (let p: Container | null = inner; p; p = p.parent) if (p.kind === 'function' && this.reachedFunctions(outer).has(p as FunctionInfo)) return true;
    return false;
  }

  /**
   * Does `outer` run any of `inners` (document-ordered, e.g. `evalLoops()`)? Same answer as `inners.some((i) =>
   * this.runs(outer, i))`, by binary search over the ranges of `outer` and of the functions it reaches instead
   * of testing every pair (that was quadratic in big files).
   */
  runsAny(outer: Container, inners: Container[]): boolean {
    if (!inners.length) return false;
    const startsWithin = (start: number, end: number) => {
      let lo = 0;
      let hi = inners.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (inners[mid].start < start) lo = mid + 1;
        else hi = mid;
      }
      return lo < inners.length && inners[lo].start < end;
    };
    if (startsWithin(outer.start, outer.end)) return true;
    for (const fn of this.reachedFunctions(outer)) if (startsWithin(fn.start, fn.end)) return true;
    return false;
  }

  /** All assignments `name = call(...)`, by target text. */
  assignmentsTo(name: string): CallInfo[] {
    if (!this.assignMemo) {
      this.assignMemo = new Map();
      for (const c of this.model.calls) {
        if (!c.assignedTo) continue;
        const l = this.assignMemo.get(c.assignedTo);
        if (l) l.push(c);
        else this.assignMemo.set(c.assignedTo, [c]);
      }
    }
    return this.assignMemo.get(name) ?? [];
  }

  // ---- models, modes, evaluation -------------------------------------------------------------------------

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
      if (moduleClasses.has(call.callee) || /\.(from_pretrained|Sequential|DataParallel|DistributedDataParallel|compile)$|torchvision\.models\.|^timm\.create_model/.test(call.qname)) {
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
      const evidence = looksLikeEvalData(loop.iter) || isEvalFunctionName(fnName) || this.evalBefore(loop) !== null;
      if (evidence) {
        out.push(loop);
        lastEnd = loop.end;
      }
    }
    this._evalLoops = out;
    return out;
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

  // ---- devices and precision ------------------------------------------------------------------------------

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

  private conditionMeansAvailable(cond: string): boolean {
    if (/is_available|device_count/.test(cond)) return true;
    for (const name of cond.match(/[A-Za-z_]\w*/g) ?? []) {
      const re = new RegExp(`^\\s*${name}\\s*=.*(is_available|device_count)`, 'm');
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

  private innermostCallAt(offset: number): CallInfo | null {
    // Backwards from the last call starting at or before `offset` (no copy of every call before it).
    const calls = this.model.calls;
    for (let i = firstCallAt(this.model, offset + 1) - 1; i >= 0; i--) if (calls[i].end > offset) return calls[i];
    return null;
  }

  containerAt(offset: number): Container | null {
    let best: Container | null = null;
    for (const c of this.model.containers) if (c.start <= offset && offset < c.end && (!best || c.start >= best.start)) best = c;
    return best;
  }

  /** Mixed precision or reduced precision is used somewhere (or a framework owns precision). */
  usesReducedPrecision(): boolean {
    const f = this.frameworks;
    if (f.deepspeed || f.accelerate) return true;
    return this.mentions(/autocast|GradScaler|\.half\(|bfloat16|float16|\bfp16\b|\bbf16\b|mixed_precision|precision\s*=|amp\.|allow_tf32|set_float32_matmul_precision|\.to\(\s*dtype/);
  }

  /** Name `torch` is bound to in this file, or null. */
  torchAlias(): string | null {
    for (const [local, full] of this.model.aliases) if (full === 'torch') return local;
    return null;
  }

  /** Name bound to torch.nn, or null. */
  nnAlias(): string | null {
    for (const [local, full] of this.model.aliases) if (full === 'torch.nn') return local;
    return null;
  }
}

/**
 * Last segment of the qualified callee without building a string for most calls: qualify() only rewrites the
 * first segment, so a dotted callee keeps its own last segment (`method`).
 */
function qualifiedMethod(call: CallInfo): string {
  return call.qname === call.callee || call.callee.includes('.') ? call.method : lastSegment(call.qname);
}

const NO_FUNCTIONS: FunctionInfo[] = [];

/** `for _ in range(1)` (or a literal ≤ 1): runs once, not an epoch loop. */
export function runsOnce(loop: LoopInfo): boolean {
  const m = /^range\((.*)\)$/.exec(loop.iter);
  if (!m) return false;
  const parts = m[1].split(',');
  const n = literalNumber(parts[parts.length === 1 ? 0 : 1]);
  const s = parts.length > 1 ? literalNumber(parts[0]) : 0;
  return !Number.isNaN(n) && !Number.isNaN(s) && n - s <= 1;
}

/** Is `outer` an ancestor-or-self of `inner` (or the module, when null)? */
export function encloses(outer: Container | null, inner: Container | null): boolean {
  if (!outer) return true;
  for (const a of ancestors(inner)) if (a === outer) return true;
  return false;
}

function depth(c: Container | null): number {
  let d = 0;
  for (let p = c; p; p = p.parent) d++;
  return d;
}
