/**
 * The structure the facts are computed over: for one file's model, which same-file functions a call may run
 * (helpers are followed by name: `helper(...)`, `self.helper(...)`, `obj.method(...)` when `obj` was built from a
 * class of this file), what a loop or function reaches through them, who calls a function, and the comment-free
 * code. TrainingFacts (training.ts) and Facts (facts.ts) build the training questions on top of it.
 */
import type { FileModel, CallInfo, Container, FunctionInfo, ClassInfo } from '../structure/model';
import { callArgs, callsIn, ancestors, firstCallAt, forEachCallIn } from '../structure/model';
import { blankCommentsAndDocstrings } from '../structure/text';

export interface Frameworks {
  lightning: boolean;
  hfTrainer: boolean;
  accelerate: boolean;
  deepspeed: boolean;
  fabric: boolean;
}

export class CallGraph {
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
  private assignMemo?: Map<string, CallInfo[]>;

  private readonly reachedMemo = new Map<Container, Set<FunctionInfo>>();

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

  private readonly handedOverMemo = new Map<FunctionInfo, CallInfo[]>();

  private argumentNames?: Map<string, number[]>;

  /**
   * Calls that receive `fn` itself as an argument (`mp.spawn(train, nprocs=n)`, `Process(target=train)`, `fire.Fire(main)`):
   * where a launcher runs it. Memoised per function. Only calls around a place where the name stands alone between
   * `(`/`,`/`=` and `,`/`)` are checked (one regex pass over the file finds those places for every name): searching
   * every call's arguments for every function's name was a keystroke's largest rule cost.
   */
  handedOver(fn: FunctionInfo): CallInfo[] {
    const known = this.handedOverMemo.get(fn);
    if (known) return known;
    if (!this.argumentNames) {
      this.argumentNames = new Map();
      for (const m of this.code.matchAll(/[(,=]\s*([A-Za-z_]\w*)(?=\s*[,)])/g)) {
        const at = m.index + m[0].length - m[1].length;
        const list = this.argumentNames.get(m[1]);
        if (list) list.push(at);
        else this.argumentNames.set(m[1], [at]);
      }
    }
    const out: CallInfo[] = [];
    const { name } = fn;
    const at = this.argumentNames.get(name);
    for (const c of at ? this.model.calls : NO_CALLS) {
      if (c.argsStart === -1 || c.callee === name || !occursIn(at!, c.argsStart, c.argsEnd)) continue;
      const a = callArgs(this.model, c);
      if (a.positional.includes(name) || [...a.keywords.values()].includes(name)) out.push(c);
    }
    this.handedOverMemo.set(fn, out);
    return out;
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

  protected innermostCallAt(offset: number): CallInfo | null {
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

const NO_FUNCTIONS: FunctionInfo[] = [];

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

const NO_CALLS: CallInfo[] = [];

/** Does any offset of the sorted list lie in [start, end)? */
export function occursIn(sorted: number[], start: number, end: number): boolean {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] < start) lo = mid + 1;
    else hi = mid;
  }
  return lo < sorted.length && sorted[lo] < end;
}
