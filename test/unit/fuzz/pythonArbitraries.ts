/**
 * Generators of hostile "Python" for the analysis fuzz suite: real training code (our seeds, the rule
 * fixtures, the examples) truncated and mutated, token soup, deep nesting, huge lines, invalid UTF-8,
 * CRLF / tabs / NUL bytes, and mixtures of all of these.
 */
import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';

const repoRoot = path.resolve(__dirname, '../../..');

function pythonFilesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...pythonFilesUnder(full));
    else if (entry.name.endsWith('.py')) out.push(full);
  }
  return out.sort();
}

/**
 * Real training code to mutate: our own seeds always, plus the rule fixtures and the examples when they
 * exist (they are written in parallel and grow over time). Capped so the suite's cost stays predictable.
 */
export function loadSeedScripts(): { name: string; text: string }[] {
  const files = [
    ...pythonFilesUnder(path.join(__dirname, 'seeds')),
    ...pythonFilesUnder(path.join(repoRoot, 'test/fixtures')),
    ...pythonFilesUnder(path.join(repoRoot, 'examples')),
  ];
  return files.slice(0, 60).map((f) => ({ name: path.relative(repoRoot, f), text: fs.readFileSync(f, 'utf8') }));
}

/** Tokens that look like Python and like training code, including the pieces rules anchor on. */
export const PYTHON_VOCABULARY: readonly string[] = [
  'def', 'class', 'for', 'while', 'with', 'if', 'elif', 'else', 'try', 'except', 'finally', 'return', 'yield',
  'lambda', 'import', 'from', 'as', 'in', 'not', 'and', 'or', 'is', 'None', 'True', 'False', 'pass', 'break',
  'async', 'await', 'match', 'case', 'global', 'nonlocal', 'del', 'assert', 'raise',
  '(', ')', '[', ']', '{', '}', ':', ',', '.', '=', '==', '+', '-', '*', '**', '/', '//', '@', '->', ':=', '\\',
  ' ', ' ', ' ', '\n', '\n', '\n    ', '\n        ', '\t', '#', '# advisor: ignore', '# advisor: ignore[grad-clip]', '# advisor: ignore-file[', '# advisor: ignore[,,]', '"', "'", '"""',
  'f"{x}"', "b'\\x00'", '0', '1e-3', '0x1F', '3.14j', '_', 'x', 'self',
  'torch', 'nn', 'optim', 'model', 'loss', 'optimizer', 'scaler', 'scheduler', 'loader', 'batch',
  'loss.backward()', 'optimizer.step()', 'optimizer.zero_grad()', 'model.train()', 'model.eval()',
  'torch.no_grad()', 'scaler.scale(loss).backward()', 'scaler.unscale_(optimizer)', 'scaler.step(optimizer)',
  'torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)', 'torch.optim.SGD(model.parameters(), lr=0.1)',
  'torch.optim.Adam(model.parameters())', 'nn.DataParallel(model)', 'dist.init_process_group("gloo")',
  'DataLoader(ds, batch_size=32)', 'torch.save(model.state_dict(), "x.pt")', 'autocast()', 'GradScaler()',
  'for epoch in range(10):', 'for x, y in loader:', 'with torch.autocast("cuda"):', 'def train(model):',
];

/** Random token soup: syntactically meaningless but lexically Python-flavoured. */
export const tokenSoup = fc
  .array(fc.constantFrom(...PYTHON_VOCABULARY), { maxLength: 400 })
  .map((tokens) => tokens.join(''));

const OPENERS = ['(', '[', '{'] as const;
const CLOSERS: Record<string, string> = { '(': ')', '[': ']', '{': '}' };

/** Hundreds of levels of brackets, balanced or not. */
export const deepBrackets = fc
  .record({
    depth: fc.integer({ min: 100, max: 3000 }),
    opener: fc.constantFrom(...OPENERS, 'mixed'),
    balanced: fc.boolean(),
    head: fc.constantFrom('x = ', 'loss.backward', 'print', 'optimizer.step', ''),
  })
  .map(({ depth, opener, balanced, head }) => {
    const opens: string[] = [];
    for (let i = 0; i < depth; i++) opens.push(opener === 'mixed' ? OPENERS[i % 3] : opener);
    const closes = balanced ? opens.map((o) => CLOSERS[o]).reverse().join('') : '';
    return `${head}${opens.join('')}1${closes}\n`;
  });

/** Hundreds of nested blocks (if/for/with/def/class/try), each indented one more level. */
export const deepBlocks = fc
  .record({
    depth: fc.integer({ min: 50, max: 400 }),
    indent: fc.constantFrom(' ', '\t', '  '),
    body: fc.constantFrom('loss.backward()', 'optimizer.step()', 'pass', 'model.eval()'),
    truncateAt: fc.option(fc.nat(), { nil: undefined }),
  })
  .map(({ depth, indent, body, truncateAt }) => {
    const headers = ['if x:', 'for i in range(3):', 'with torch.no_grad():', 'def f():', 'class C:', 'while True:', 'try:'];
    const lines: string[] = [];
    for (let i = 0; i < depth; i++) lines.push(indent.repeat(i) + headers[i % headers.length]);
    lines.push(indent.repeat(depth) + body);
    const text = lines.join('\n') + '\n';
    return truncateAt === undefined ? text : text.slice(0, truncateAt % (text.length + 1));
  });

/** A single line of ~100 KB: long expressions, long strings, long call chains, long comments. */
export const hugeLine = fc
  .record({
    unit: fc.constantFrom('1 + ', 'a.', 'f(x), ', '"abc" ', 'loss.backward(); ', 'optimizer.step(); ', 'model.train(); ', '# comment ', 'x', '中文', '😀', '(', '[1, '),
    prefix: fc.constantFrom('x = ', 'print(', '', 'loss = ', '# '),
    kb: fc.integer({ min: 90, max: 110 }),
  })
  .map(({ unit, prefix, kb }) => prefix + unit.repeat(Math.ceil((kb * 1024) / unit.length)) + '\n');

/**
 * Thousands of backward calls (a generated or pasted file): one line, many lines, or inside one loop with
 * the optimizer step at the end (the engine's training-step search was once quadratic in them).
 */
export const manyBackwardCalls = fc
  .record({ count: fc.integer({ min: 3_000, max: 6_000 }), layout: fc.constantFrom('oneLine', 'lines', 'loop') })
  .map(({ count, layout }) => {
    if (layout === 'oneLine') return 'loss.backward(); '.repeat(count) + '\n';
    if (layout === 'lines') return 'loss.backward()\n'.repeat(count);
    return 'for x in loader:\n' + '    loss.backward()\n'.repeat(count) + '    optimizer.step()\n';
  });

/** Random bytes decoded the way an editor would: invalid sequences become U+FFFD. */
export const invalidUtf8 = fc
  .uint8Array({ maxLength: 4000 })
  .map((bytes) => new TextDecoder('utf-8', { fatal: false }).decode(bytes));

type Mutation =
  | { kind: 'truncate'; at: number }
  | { kind: 'deleteLine'; at: number }
  | { kind: 'duplicateLine'; at: number }
  | { kind: 'swapLines'; a: number; b: number }
  | { kind: 'insertToken'; at: number; token: string }
  | { kind: 'deleteRange'; at: number; length: number }
  | { kind: 'reindentLine'; at: number; indent: string }
  | { kind: 'crlf' }
  | { kind: 'loneCr' }
  | { kind: 'tabs' }
  | { kind: 'nulBytes'; at: number[] }
  | { kind: 'insertText'; at: number; text: string };

const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('deleteLine' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('duplicateLine' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('swapLines' as const), a: fc.nat(), b: fc.nat() }),
  fc.record({ kind: fc.constant('insertToken' as const), at: fc.nat(), token: fc.constantFrom(...PYTHON_VOCABULARY) }),
  fc.record({ kind: fc.constant('deleteRange' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 80 }) }),
  fc.record({ kind: fc.constant('reindentLine' as const), at: fc.nat(), indent: fc.constantFrom('', ' ', '\t', '        ', ' \t ') }),
  fc.record({ kind: fc.constant('crlf' as const) }),
  fc.record({ kind: fc.constant('loneCr' as const) }),
  fc.record({ kind: fc.constant('tabs' as const) }),
  fc.record({ kind: fc.constant('nulBytes' as const), at: fc.array(fc.nat(), { minLength: 1, maxLength: 5 }) }),
  fc.record({ kind: fc.constant('insertText' as const), at: fc.nat(), text: fc.string({ unit: 'binary', maxLength: 20 }) }),
);

function applyMutation(text: string, m: Mutation): string {
  const lines = text.split('\n');
  const line = (n: number) => n % lines.length;
  const pos = (n: number) => n % (text.length + 1);
  switch (m.kind) {
    case 'truncate': return text.slice(0, pos(m.at));
    case 'deleteLine': lines.splice(line(m.at), 1); return lines.join('\n');
    case 'duplicateLine': lines.splice(line(m.at), 0, lines[line(m.at)]); return lines.join('\n');
    case 'swapLines': {
      const a = line(m.a), b = line(m.b);
      [lines[a], lines[b]] = [lines[b], lines[a]];
      return lines.join('\n');
    }
    case 'insertToken': return text.slice(0, pos(m.at)) + m.token + text.slice(pos(m.at));
    case 'deleteRange': return text.slice(0, pos(m.at)) + text.slice(pos(m.at) + m.length);
    case 'reindentLine': {
      const i = line(m.at);
      lines[i] = m.indent + lines[i].trimStart();
      return lines.join('\n');
    }
    case 'crlf': return text.replace(/\n/g, '\r\n');
    case 'loneCr': return text.replace(/\n/g, '\r');
    case 'tabs': return text.replace(/^( {4})+/gm, (s) => '\t'.repeat(s.length / 4));
    case 'nulBytes': {
      let out = text;
      for (const at of m.at) { const p = at % (out.length + 1); out = out.slice(0, p) + '\0' + out.slice(p); }
      return out;
    }
    case 'insertText': return text.slice(0, pos(m.at)) + m.text + text.slice(pos(m.at));
  }
}

/** Real training code with 1–6 random mutations (truncation, line edits, CRLF, tabs, NULs, garbage). */
export function mutatedSeed(seeds: readonly { text: string }[], maxMutations = 6): fc.Arbitrary<string> {
  return fc
    .tuple(fc.nat({ max: seeds.length - 1 }), fc.array(mutationArb, { minLength: 1, maxLength: maxMutations }))
    .map(([i, mutations]) => mutations.reduce(applyMutation, seeds[i].text));
}

/** Line-level mutations only: the kind that often keeps code parseable (used by the fix property). */
export function lineMutatedSeed(seeds: readonly { text: string }[]): fc.Arbitrary<string> {
  const lineOnly = mutationArb.filter((m) => ['deleteLine', 'duplicateLine', 'swapLines', 'crlf', 'tabs'].includes(m.kind));
  return fc
    .tuple(fc.nat({ max: seeds.length - 1 }), fc.array(lineOnly, { maxLength: 3 }))
    .map(([i, mutations]) => mutations.reduce(applyMutation, seeds[i].text));
}

/** A prefix of real training code, cut at any character (what an editor sees while someone types). */
export function truncatedSeed(seeds: readonly { text: string }[]): fc.Arbitrary<string> {
  return fc
    .tuple(fc.nat({ max: seeds.length - 1 }), fc.nat())
    .map(([i, at]) => seeds[i].text.slice(0, at % (seeds[i].text.length + 1)));
}

/** fast-check prints counterexamples; a 100 KB one would drown the report, so big inputs print a summary. */
export class PythonInput {
  constructor(readonly source: string) {}
  [fc.toStringMethod](): string {
    if (this.source.length <= 2_000) return JSON.stringify(this.source);
    const head = JSON.stringify(this.source.slice(0, 300));
    return `<${this.source.length} chars, ${this.source.split('\n').length} lines, starting ${head}>`;
  }
}

export const asInput = (arb: fc.Arbitrary<string>): fc.Arbitrary<PythonInput> => arb.map((s) => new PythonInput(s));

/** Everything at once: pieces of each generator glued together. */
export function mixedInput(seeds: readonly { text: string }[]): fc.Arbitrary<string> {
  return fc
    .array(fc.oneof(mutatedSeed(seeds, 3), tokenSoup, invalidUtf8, fc.string({ unit: 'binary', maxLength: 200 }),
      deepBrackets.map((s) => s.slice(0, 2000))), { minLength: 1, maxLength: 4 })
    .map((parts) => parts.join(''));
}
