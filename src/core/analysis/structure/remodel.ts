/**
 * Rebuilding the model after an edit: the calls, containers and markers of the top-level statements before
 * the re-scanned region (structure/rescan.ts) are the previous model's own objects (same text, same offsets,
 * same indexes); those of the statements after it are copies moved by the edit's length; only the region's
 * nodes are read again. Why: building every object of the file was the largest cost of a keystroke after the
 * scan was made incremental (bench/editor.bench.ts).
 *
 * Reused objects are shared by both models, so nothing may change them after they are built (nothing does:
 * `CallInfo._args` is filled once from text that did not change). Falls back (returns null) when the imports'
 * aliases changed (every qualified name may differ) or decorators at the region's end belong to a def after it.
 * test/unit/analysis/engine/remodel.test.ts checks the result equals a model built from scratch.
 */
import type { CallInfo, Container, FileModel, Marker } from './model';
import { addNodes, emptyModel, firstCallAt, qualify, setAliases } from './model';
import type { RawNode } from './scan';
import type { TextChange } from './rescan';

export function rebuildModel(previous: FileModel, source: string, nodes: RawNode[], region: TextChange): FileModel | null {
  if (previous.hasError) return null;
  const delta = region.newEnd - region.oldEnd;
  // The region's nodes, widened back over the decorators just before it (they belong to its first def).
  let from = firstNodeAt(nodes, region.start);
  for (let k = from - 1; k >= 0;) {
    let j = k;
    while (j >= 0 && nodes[j].type === 'call') j--; // calls inside a decorator come after it (pre-order)
    if (j < 0 || nodes[j].type !== 'decorator' || nodes[j].end < nodes[k].end) break;
    from = j;
    k = j - 1;
  }
  const to = firstNodeAt(nodes, region.newEnd);
  const start = from < nodes.length ? Math.min(nodes[from].start, region.start) : region.start;

  const model = emptyModel(source, false);
  const firstCall = firstCallAt(previous, start);
  for (let i = 0; i < firstCall; i++) model.calls.push(previous.calls[i]);
  const before = <T extends { start: number }>(xs: T[], out: T[]) => { for (const x of xs) if (x.start < start) out.push(x); else break; };
  before(previous.containers, model.containers);
  before(previous.functions, model.functions);
  before(previous.classes, model.classes);
  before(previous.loops, model.loops);
  before(previous.breaks, model.breaks);
  before(previous.returns, model.returns);
  before(previous.imports, model.imports);

  if (addNodes(model, nodes, from, to).length) return null;
  const regionCalls = model.calls.length;

  // Copies of what follows the region, parents mapped to the copies (everything there is top level or inside it).
  const copies = new Map<Container, Container>();
  const moved = (c: Container | null) => (c ? copies.get(c)! : null);
  for (const c of previous.containers) {
    if (c.start < region.oldEnd) continue;
    const o = c as Container & Record<string, unknown>;
    // Same fields in the same order as makeContainer (model.ts): one object shape for every container.
    const copy = {
      kind: c.kind, start: c.start + delta, end: c.end + delta, headerEnd: c.headerEnd + delta, header: c.header,
      parent: moved(c.parent), fn: null as Container['fn'], index: model.containers.length,
      name: o.name, className: o.className, decorators: o.decorators, params: o.params, bases: o.bases, iter: o.iter, target: o.target,
    } as unknown as Container;
    copy.fn = c.fn === c ? (copy as Container['fn']) : (moved(c.fn) as Container['fn']);
    copies.set(c, copy);
    model.containers.push(copy);
    if (c.kind === 'function') model.functions.push(copy as never);
    else if (c.kind === 'class') model.classes.push(copy as never);
    else if (c.kind === 'for' || c.kind === 'while') model.loops.push(copy as never);
  }
  for (let i = firstCallAt(previous, region.oldEnd); i < previous.calls.length; i++) {
    const c = previous.calls[i];
    // Same fields in the same order as makeCall (model.ts).
    const copy: CallInfo = {
      index: model.calls.length, start: c.start + delta, end: c.end + delta, callee: c.callee, qname: c.qname, method: c.method,
      receiver: c.receiver, argsStart: c.argsStart === -1 ? -1 : c.argsStart + delta, argsEnd: c.argsEnd === -1 ? -1 : c.argsEnd + delta,
      parent: moved(c.parent), assignedTo: c.assignedTo, lineStart: c.lineStart, _args: c._args,
    };
    model.calls.push(copy);
  }
  const markers = (xs: Marker[], out: Marker[]) => { for (const m of xs) if (m.start >= region.oldEnd) out.push({ start: m.start + delta, parent: moved(m.parent) }); };
  markers(previous.breaks, model.breaks);
  markers(previous.returns, model.returns);
  for (const imp of previous.imports) if (imp.start >= region.oldEnd) model.imports.push({ start: imp.start + delta, bindings: imp.bindings });

  setAliases(model);
  if (!sameMap(model.aliases, previous.aliases)) return null;
  for (let i = firstCall; i < regionCalls; i++) model.calls[i].qname = qualify(model.aliases, model.calls[i].callee);
  return model;
}

function firstNodeAt(nodes: RawNode[], offset: number): number {
  let lo = 0;
  let hi = nodes.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (nodes[mid].start < offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function sameMap(a: Map<string, string>, b: Map<string, string>): boolean {
  if (a.size !== b.size) return false;
  for (const [k, v] of a) if (b.get(k) !== v) return false;
  return true;
}
