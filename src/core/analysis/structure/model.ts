/**
 * The structural model of one Python file, built in ONE pass over the tree: tree-sitter collects the node
 * kinds below (in C, `descendantsOfType`), and containment is rebuilt here from offsets with a stack, so no
 * per-node parent/child calls cross into wasm. Everything else (callee names, keyword arguments, headers) is
 * read from the source text by offset. This keeps facts + rules well under the cost of the parse itself.
 */
import type { Tree } from 'web-tree-sitter';
import { LineIndex, compact, headerColon, skipString, splitTopLevel } from './text';
import { scanPython, type RawNode } from './scan';

export type ContainerKind = 'function' | 'class' | 'for' | 'while' | 'with' | 'if' | 'try';

export interface Container {
  kind: ContainerKind;
  start: number;
  end: number;
  /** Offset just after the header's `:` (start when not found). */
  headerEnd: number;
  /** Header text without the trailing colon, whitespace-compacted lines joined (`for x in loader`). */
  header: string;
  parent: Container | null;
  /** Innermost enclosing function (itself for a function). */
  fn: FunctionInfo | null;
  index: number;
}

export interface FunctionInfo extends Container {
  kind: 'function';
  name: string;
  /** Name of the class this is a method of, if directly inside one. */
  className: string | null;
  /** Decorator texts (compacted, without `@`). */
  decorators: string[];
  /** Parameter names. */
  params: string[];
}

export interface ClassInfo extends Container {
  kind: 'class';
  name: string;
  /** Base class expressions, compacted. */
  bases: string[];
}

export interface LoopInfo extends Container {
  kind: 'for' | 'while';
  /** For loops: the iterated expression and the target, compacted. */
  iter: string;
  target: string;
}

export interface CallInfo {
  index: number;
  start: number;
  end: number;
  /** The callee as written, compacted (`scaler.scale(loss).backward`). */
  callee: string;
  /** The callee with its first name resolved through imports (`torch.nn.utils.clip_grad_norm_`). */
  qname: string;
  /** Last dotted segment (`backward`). */
  method: string;
  /** Everything before the last segment (`scaler.scale(loss)`), '' for a bare name. */
  receiver: string;
  /** Offsets of the argument list's parentheses (inclusive start, exclusive end); -1 when absent. */
  argsStart: number;
  argsEnd: number;
  /** Innermost enclosing container. */
  parent: Container | null;
  /** Text before the call on its line when it is `name = ` (assignment target, compacted), else ''. */
  assignedTo: string;
  /** Statement-level: the call starts its line (after indentation / an assignment target). */
  lineStart: number;
  _args?: ParsedArgs;
}

export interface ParsedArgs {
  positional: string[];
  keywords: Map<string, string>;
  /** `*args` / `**kwargs` present: unknown arguments. */
  splat: boolean;
}

export interface Marker {
  start: number;
  parent: Container | null;
}

export interface ImportInfo {
  start: number;
  /** Local name → fully qualified name. */
  bindings: Array<[string, string]>;
}

export interface FileModel {
  source: string;
  lines: LineIndex;
  calls: CallInfo[];
  containers: Container[];
  functions: FunctionInfo[];
  classes: ClassInfo[];
  loops: LoopInfo[];
  breaks: Marker[];
  returns: Marker[];
  aliases: Map<string, string>;
  /** The import statements, in document order (`aliases` is built from them). */
  imports: ImportInfo[];
  hasError: boolean;
}

// Argument lists are found from the text (locateArgs): asking tree-sitter for them doubled the node count.
const KINDS = [
  'call',
  'function_definition', 'class_definition', 'for_statement', 'while_statement', 'with_statement',
  'if_statement', 'break_statement', 'return_statement', 'decorator',
  'import_statement', 'import_from_statement',
];

const containerKind: Record<string, ContainerKind> = {
  function_definition: 'function', class_definition: 'class', for_statement: 'for', while_statement: 'while',
  with_statement: 'with', if_statement: 'if', try_statement: 'try',
};

/**
 * Builds the model. Never throws for any tree. `scanned`: the scanner's nodes for `source` when the caller has
 * them already (structure/rescan.ts after an edit; null when the scan gave up).
 */
export function buildModel(source: string, tree: Tree, scanned?: RawNode[] | null): FileModel {
  const model = emptyModel(source, tree.rootNode.hasError);
  // Valid Python is scanned from the text (scan.ts, much cheaper than collecting nodes from wasm); a tree with
  // errors is asked directly, since only tree-sitter knows how it recovered.
  const nodes = (model.hasError ? null : scanned === undefined ? scanPython(source) : scanned) ?? treeNodes(tree);
  addNodes(model, nodes, 0, nodes.length);
  setAliases(model);
  for (const call of model.calls) call.qname = qualify(model.aliases, call.callee);
  return model;
}

/** A model with nothing in it yet. */
export function emptyModel(source: string, hasError: boolean): FileModel {
  return {
    source, lines: new LineIndex(source), calls: [], containers: [], functions: [], classes: [], loops: [], breaks: [],
    returns: [], aliases: new Map(), imports: [], hasError,
  };
}

/**
 * Adds nodes[from, to) to the model: calls, containers, markers, imports (qualified names are set afterwards,
 * once the imports are known). The nodes must start at top level. Returns decorators still waiting for their
 * def or class (none once a whole file is added).
 */
export function addNodes(model: FileModel, nodes: RawNode[], from: number, to: number): string[] {
  const { source, lines } = model;
  const stack: Container[] = [];
  let pendingDecorators: string[] = [];
  // Nodes come in document order, so the line of each start is found by moving forward, not by searching.
  const starts = lines.starts;
  let line = from < to ? lines.lineOf(nodes[from].start) : 0;
  for (let n = from; n < to; n++) {
    const node = nodes[n];
    const { type, start, end } = node;
    while (line + 1 < starts.length && starts[line + 1] <= start) line++;
    while (stack.length && stack[stack.length - 1].end <= start) stack.pop();
    const parent = stack.length ? stack[stack.length - 1] : null;
    if (type === 'call') {
      const call = makeCall(model, start, end, parent, starts[line]);
      const args = node.args ?? locateArgs(source, start, end);
      if (args !== -1) {
        call.argsStart = args;
        call.argsEnd = end;
        setCallee(call, compact(source.slice(start, args)));
      }
      model.calls.push(call);
    } else if (type === 'decorator') {
      // tree-sitter (and the scanner, to match it) ends a decorator after a trailing comment on its line.
      pendingDecorators.push(compact(withoutComment(source.slice(start + 1, end))));
    } else if (type === 'break_statement') {
      model.breaks.push({ start, parent });
    } else if (type === 'return_statement') {
      model.returns.push({ start, parent });
    } else if (type === 'import_statement' || type === 'import_from_statement') {
      model.imports.push({ start, bindings: parseImport(source.slice(start, end)) });
    } else if (type === 'lambda') {
      // Lambdas are skipped as containers; their calls belong to the enclosing scope.
    } else {
      const kind = containerKind[type];
      if (!kind) continue;
      const c = makeContainer(model, kind, start, end, parent, pendingDecorators);
      if (kind === 'function' || kind === 'class') pendingDecorators = [];
      stack.push(c);
    }
  }
  return pendingDecorators;
}

/** The import aliases from the model's imports: the first binding of a name wins. */
export function setAliases(model: FileModel): void {
  for (const imp of model.imports) for (const [local, full] of imp.bindings) if (!model.aliases.has(local)) model.aliases.set(local, full);
}

function makeCall(model: FileModel, start: number, end: number, parent: Container | null, lineStartOffset: number): CallInfo {
  const { source } = model;
  // Cheap look back first: most calls sit inside expressions; only `… = call(` needs the assignment regex.
  let i = start - 1;
  while (i >= lineStartOffset && (source.charCodeAt(i) === 32 || source.charCodeAt(i) === 9)) i--;
  let assignedTo = '';
  let lineStart = 0;
  if (i < lineStartOffset) lineStart = 1;
  else if (source.charCodeAt(i) === 61 /* = */) {
    const m = ASSIGNMENT_BEFORE.exec(source.slice(lineStartOffset, start));
    if (m) {
      assignedTo = compact(m[1]);
      lineStart = 1;
    }
  } else if (source.charCodeAt(i) <= 32 && /^\s*$/.test(source.slice(lineStartOffset, start))) lineStart = 1; // \r, \f…
  return {
    index: model.calls.length, start, end, callee: '', qname: '', method: '', receiver: '', argsStart: -1, argsEnd: -1,
    parent, assignedTo, lineStart, _args: undefined, // every field from the start: one hidden class for all calls
  };
}

const ASSIGNMENT_BEFORE = /^\s*([\w.\[\]'"]+(?:\s*,\s*[\w.\[\]'"]+)*)\s*(?::[^=]*)?=\s*$/;

/** The collected nodes as tree-sitter reports them (lambdas dropped: they are not containers). */
export function treeNodes(tree: Tree): RawNode[] {
  const out: RawNode[] = [];
  for (const node of tree.rootNode.descendantsOfType(KINDS)) {
    const type = node.type;
    if (type !== 'lambda') out.push({ type, start: node.startIndex, end: node.endIndex });
  }
  return out;
}

function setCallee(call: CallInfo, callee: string): void {
  call.callee = callee;
  // By hand: String.prototype.lastIndexOf is a runtime call in V8, and this runs for every call of the file.
  let dot = callee.length - 1;
  while (dot >= 0 && callee.charCodeAt(dot) !== 46 /* . */) dot--;
  call.method = dot === -1 ? callee : callee.slice(dot + 1);
  call.receiver = dot === -1 ? '' : callee.slice(0, dot);
}

function makeContainer(
  model: FileModel, kind: ContainerKind, start: number, end: number, parent: Container | null, decorators: string[],
): Container {
  const { source } = model;
  const colon = headerColon(source, start, end);
  const headerEnd = colon === -1 ? start : colon;
  let header = colon === -1 ? '' : source.slice(start, colon - 1);
  if (/[\n\\]/.test(header)) header = header.replace(/\\?\r?\n\s*/g, ' ');
  header = header.trim();
  // Every container gets the same fields (unused ones empty) so objects share one shape: the facts layer walks
  // parents and kinds in hot loops, and mixed shapes made those lookups slow.
  const c = {
    kind, start, end, headerEnd, header, parent, fn: parent?.fn ?? null, index: model.containers.length,
    name: '', className: null as string | null, decorators: EMPTY, params: EMPTY, bases: EMPTY, iter: '', target: '',
  };
  if (kind === 'function') {
    const m = /^(?:async\s+)?def\s+(\w+)\s*\(([\s\S]*)\)/.exec(header);
    c.name = m?.[1] ?? '';
    c.decorators = decorators.length ? [...decorators] : [];
    c.className = parent?.kind === 'class' ? (parent as ClassInfo).name : null;
    c.params = m ? paramNames(m[2]) : [];
    const f = c as FunctionInfo;
    f.fn = f;
    model.functions.push(f);
  } else if (kind === 'class') {
    const m = /^class\s+(\w+)\s*(?:\(([\s\S]*)\))?/.exec(header);
    c.name = m?.[1] ?? '';
    c.bases = m?.[2] ? splitTopLevel(m[2]).map(compact) : [];
    model.classes.push(c as ClassInfo);
  } else if (kind === 'for' || kind === 'while') {
    const m = /^(?:async\s+)?for\s+([\s\S]+?)\s+in\s+([\s\S]+)$/.exec(header);
    c.iter = m ? compact(m[2]) : compact(header.replace(/^while\s*/, ''));
    c.target = m ? compact(m[1]) : '';
    model.loops.push(c as LoopInfo);
  }
  model.containers.push(c);
  return c;
}

const EMPTY: string[] = [];

/** `text` up to a `#` that starts a comment (not one inside a string literal). */
function withoutComment(text: string): string {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34 || c === 39) i = skipString(text, i, text.length) - 1;
    else if (c === 35 /* # */) return text.slice(0, i);
  }
  return text;
}

/** Names in a parameter list (`self, x: int = 1, *args, **kw` → self, x, args, kw), without a regex per parameter. */
function paramNames(list: string): string[] {
  const out: string[] = [];
  for (const p of splitTopLevel(list)) {
    let a = 0;
    while (p.charCodeAt(a) === 42 /* * */) a++;
    let b = a;
    while (b < p.length && isWordCode(p.charCodeAt(b))) b++;
    if (b > a) out.push(p.slice(a, b));
  }
  return out;
}

/** Local bindings an import statement creates. */
export function parseImport(text: string): Array<[string, string]> {
  const t = text.replace(/\\\r?\n/g, ' ').replace(/[()]/g, ' ').replace(/#[^\n]*/g, '').replace(/\s+/g, ' ').trim();
  const out: Array<[string, string]> = [];
  let m = /^from\s+([\w.]+)\s+import\s+(.+)$/.exec(t);
  if (m) {
    if (m[1].startsWith('.')) return out;
    for (const part of m[2].split(',')) {
      const p = /^\s*(\w+)(?:\s+as\s+(\w+))?\s*$/.exec(part);
      if (p) out.push([p[2] ?? p[1], `${m[1]}.${p[1]}`]);
    }
    return out;
  }
  m = /^import\s+(.+)$/.exec(t);
  if (m) {
    for (const part of m[1].split(',')) {
      const p = /^\s*([\w.]+)(?:\s+as\s+(\w+))?\s*$/.exec(part);
      if (!p) continue;
      if (p[2]) out.push([p[2], p[1]]);
      else out.push([p[1].split('.')[0], p[1].split('.')[0]]);
    }
  }
  return out;
}

/** Resolves the first dotted segment of `name` through the file's import aliases. */
export function qualify(aliases: Map<string, string>, name: string): string {
  // By hand rather than a regex: this runs for every call of the file.
  let i = 0;
  while (i < name.length && isWordCode(name.charCodeAt(i))) i++;
  if (i === 0) return name;
  const full = aliases.get(i === name.length ? name : name.slice(0, i));
  return full ? full + name.slice(i) : name;
}

/** `\w` (ASCII letters, digits, `_`) by char code. */
const isWordCode = (c: number): boolean => (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95;

/** Arguments of a call, parsed from text once. */
export function callArgs(model: FileModel, call: CallInfo): ParsedArgs {
  if (call._args) return call._args;
  const parsed: ParsedArgs = { positional: [], keywords: new Map(), splat: false };
  if (call.argsStart !== -1 && model.source[call.argsStart] === '(') {
    for (const part of splitTopLevel(model.source.slice(call.argsStart + 1, call.argsEnd - 1))) {
      const kw = /^(\w+)\s*=(?!=)\s*([\s\S]*)$/.exec(part);
      if (kw) parsed.keywords.set(kw[1], kw[2].trim());
      else if (part.startsWith('*')) parsed.splat = true;
      else parsed.positional.push(part);
    }
  }
  call._args = parsed;
  return parsed;
}

/** Index of the first call starting at or after `offset`. */
export function firstCallAt(model: FileModel, offset: number): number {
  const calls = model.calls;
  let lo = 0;
  let hi = calls.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (calls[mid].start < offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Visits the calls whose start lies in [start, end), in document order, by binary search over the
 * document-ordered call list — without copying them (big files reach many functions many times).
 */
export function forEachCallIn(model: FileModel, start: number, end: number, visit: (call: CallInfo) => void): void {
  const calls = model.calls;
  for (let i = firstCallAt(model, start); i < calls.length && calls[i].start < end; i++) visit(calls[i]);
}

/** Calls whose start lies in [start, end), as a fresh array. */
export function callsIn(model: FileModel, start: number, end: number): CallInfo[] {
  const out: CallInfo[] = [];
  forEachCallIn(model, start, end, (call) => out.push(call));
  return out;
}

/** Walks up from a container (inclusive) to the root. */
export function* ancestors(c: Container | null): Generator<Container> {
  for (let p = c; p; p = p.parent) yield p;
}

/** Offset of the `(` opening a call's argument list: the bracket group that closes at the call's end. */
export function locateArgs(s: string, start: number, end: number): number {
  let i = start;
  while (i < end) {
    const c = s.charCodeAt(i);
    if (c === 40 /* ( */ || c === 91 /* [ */ || c === 123 /* { */) {
      const close = matchClose(s, i, end);
      if (c === 40 && close === end - 1) return i;
      if (close === -1) return -1;
      i = close + 1;
    } else if (c === 34 || c === 39) {
      i = skipString(s, i, end);
    } else i++;
  }
  return -1;
}

/** Offset of the bracket closing the one at `open` (strings and comments skipped), -1 if none before `end`. */
function matchClose(s: string, open: number, end: number): number {
  let depth = 0;
  for (let i = open; i < end; i++) {
    const c = s.charCodeAt(i);
    if (c === 40 || c === 91 || c === 123) depth++;
    else if (c === 41 || c === 93 || c === 125) {
      if (--depth === 0) return i;
    } else if (c === 34 || c === 39) i = skipString(s, i, end) - 1;
    else if (c === 35 /* # */) {
      const nl = s.indexOf('\n', i);
      i = nl === -1 || nl >= end ? end : nl;
    }
  }
  return -1;
}
