// The layering the architecture promises, checked on every import in src/: the core runs in the extension host,
// the analysis worker, the CLI, a browser and plain mocha, so it imports neither `vscode` nor the adapters nor
// Node built-ins; knowledge and search do not depend on each other's insides the wrong way round.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';

const root = path.resolve(__dirname, '..', '..');
const src = path.join(root, 'src');

interface ImportSite { file: string; line: number; spec: string; target: string | null }

/** Every static or dynamic import / require / export-from of every .ts file under `dir`. */
function importsUnder(dir: string): ImportSite[] {
  const out: ImportSite[] = [];
  const visit = (d: string): void => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) visit(p);
      else if (e.name.endsWith('.ts')) {
        const text = fs.readFileSync(p, 'utf8');
        const re = /(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*|^\s*import\s+)['"]([^'"]+)['"]/gm;
        for (const m of text.matchAll(re)) {
          const spec = m[1]!;
          const target = spec.startsWith('.') ? path.relative(root, path.resolve(path.dirname(p), spec)).split(path.sep).join('/') : null;
          out.push({ file: path.relative(root, p), line: text.slice(0, m.index).split('\n').length, spec, target });
        }
      }
    }
  };
  visit(dir);
  return out;
}

const nodeBuiltins = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));
const show = (sites: ImportSite[]) => sites.map((s) => `${s.file}:${s.line} imports '${s.spec}'`).join('\n');

describe('layering', () => {
  const core = importsUnder(path.join(src, 'core'));

  it('finds the imports it checks', () => {
    assert.ok(core.length > 100 && core.some((s) => s.spec === 'marked'), `${core.length} imports found in src/core`);
  });

  it('src/core imports neither vscode nor the extension, the CLI, the build or Node-only code', () => {
    const bad = core.filter((s) => s.spec === 'vscode' || /^src\/(extension|cli|build|node|webview)(\/|$)/.test(s.target ?? ''));
    assert.equal(show(bad), '');
  });

  it('src/core uses no Node built-ins (it must run in a browser)', () => {
    assert.equal(show(core.filter((s) => nodeBuiltins.has(s.spec))), '');
  });

  it('knowledge does not depend on search (shared text tools live in core/text)', () => {
    const bad = core.filter((s) => s.file.startsWith('src/core/knowledge/') && /^src\/core\/search(\/|$)/.test(s.target ?? ''));
    assert.equal(show(bad), '');
  });

  it('the CLI does not import the build script, and nothing but the build and its Node helpers imports src/build', () => {
    const all = importsUnder(src);
    const bad = all.filter((s) => !s.file.startsWith('src/build/') && /^src\/build(\/|$)/.test(s.target ?? ''));
    assert.equal(show(bad), '');
  });

  it('the webview bundle imports only the core\'s render layer and browser-safe libraries', () => {
    const web = importsUnder(path.join(src, 'webview'));
    const bad = web.filter((s) => s.spec === 'vscode' || nodeBuiltins.has(s.spec) || /^src\/(extension|cli|build|node)(\/|$)/.test(s.target ?? ''));
    assert.equal(show(bad), '');
  });

  it('the extension host reaches rules and diagnoses only through their metadata catalogs, not their detection', () => {
    // Detection runs in the analysis and runs workers; the host bundle (dist/extension.js, target < 300 KB) would
    // carry every rule's and diagnosis's code again if anything it loads imported a registry.
    // The Node host's entry (extension.node.ts once the web entry exists; main.ts before). The web entry runs the
    // engine in-process by design, so it is not checked here.
    const entry = ['src/extension/extension.node.ts', 'src/extension/main.ts'].find((f) => fs.existsSync(path.join(root, f)))!;
    const reached = hostClosure(entry);
    assert.ok(reached.has('src/core/analysis/ruleCatalog.ts') && reached.has('src/core/runs/diagnoses/catalog.ts'), [...reached].join('\n'));
    const registries = ['src/core/analysis/registry.ts', 'src/core/runs/diagnoses/registry.ts', 'src/core/analysis/analyzer.ts'];
    assert.deepEqual(registries.filter((f) => reached.has(f)).map((f) => `${f} via ${reached.get(f)}`), []);
  });
});

/**
 * Every .ts file the entry loads at run time (type-only imports left out, as the bundler does), each with the file
 * that first imported it. Workers are started by their bundle's path, so they are not part of it.
 */
function hostClosure(entry: string): Map<string, string> {
  const seen = new Map<string, string>([[entry, '(entry)']]);
  const queue = [entry];
  const re = /^\s*(import|export)\s+(type\s+)?(?:[^'";]*?\sfrom\s*)?['"](\.[^'"]+)['"]|\bimport\s*\(\s*['"](\.[^'"]+)['"]/gm;
  while (queue.length) {
    const file = queue.shift()!;
    const text = fs.readFileSync(path.join(root, file), 'utf8');
    for (const m of text.matchAll(re)) {
      if (m[2]) continue;
      const spec = m[3] ?? m[4]!;
      const base = path.relative(root, path.resolve(path.dirname(path.join(root, file)), spec)).split(path.sep).join('/');
      const target = [`${base}.ts`, `${base}/index.ts`, base].find((f) => f.endsWith('.ts') && fs.existsSync(path.join(root, f)));
      if (!target || seen.has(target)) continue;
      seen.set(target, file);
      queue.push(target);
    }
  }
  return seen;
}
