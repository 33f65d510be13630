/**
 * `training-advisor check <files or dirs…> [--format text|json|sarif] [--select ids] [--ignore ids] [--fix] [--lang en|zh]`
 *
 * Recursive over .py and .ipynb. Output:
 *   text   `path:line:col: rule-id message (advice 9#5, 8#5)` (notebooks: `path[cell N]:line:col`, N 1-based)
 *   json   {"version":1,"findings":[{file, rule, line, column, endLine, endColumn, severity, message,
 *           advice, fixable, cell?}]} — 1-based lines and columns; `cell` is the 0-based index in the notebook
 *   sarif  SARIF 2.1.0 with rule metadata and help text from the rule docs
 * `--fix` applies safe fixes and writes the files, then reports what is left.
 * Exit: 0 no findings, 1 findings, 2 usage or I/O error (unreadable files are reported, the others still checked).
 */
import fs from 'node:fs';
import path from 'node:path';
import { Analyzer } from '../core/analysis/analyzer';
import { rules, getRule } from '../core/analysis/registry';
import { fixAll, fixAllNotebook, type AppliedFix } from '../core/analysis/fixAll';
import { parseNotebookJson, replaceNotebookSources } from '../core/analysis/notebook';
import type { Finding } from '../core/analysis/types';
import { UsageError, parseArgs } from './args';

type Format = 'text' | 'json' | 'sarif';
type Lang = 'zh' | 'en';

interface FileReport {
  file: string;
  findings: Finding[];
}

const SKIP_DIRS = new Set(['node_modules', '.git', '__pycache__', '.venv', 'venv', '.tox', '.mypy_cache', 'dist', 'build']);

export async function runCheck(argv: string[]): Promise<number> {
  let opts: ReturnType<typeof parseCheckArgs>;
  try {
    opts = parseCheckArgs(argv);
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`training-advisor check: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
  let ioError = false;
  let appliedCount = 0;
  /** What --fix changed, on stderr so stdout stays the report of what is left (and valid JSON/SARIF). */
  const reportApplied = (file: string, applied: AppliedFix[], lang: Lang) => {
    appliedCount += applied.length;
    for (const a of applied) {
      const where = a.cell === undefined ? file : `${file}[cell ${a.cell + 1}]`;
      process.stderr.write(`${where}:${a.line + 1}: fixed ${a.ruleId}: ${a.title[lang]}\n`);
    }
  };
  const reportError = (msg: string) => {
    ioError = true;
    process.stderr.write(`training-advisor check: ${msg}\n`);
  };
  const files: string[] = [];
  for (const p of opts.paths) collect(p, files, reportError, true);
  const analyzer = await Analyzer.create({ locateWasm });
  const analyzeOptions = { select: opts.select, ignore: opts.ignore };
  const reports: FileReport[] = [];
  for (const file of files) {
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch (e) {
      reportError(`cannot read ${file}: ${(e as Error).message}`);
      continue;
    }
    if (file.endsWith('.ipynb')) {
      const nb = parseNotebookJson(text);
      if (nb.error) {
        reportError(`${file}: ${nb.error}`);
        continue;
      }
      if (!opts.fix) {
        reports.push({ file, findings: analyzer.analyzeNotebook(nb.cells, analyzeOptions).findings });
        continue;
      }
      const result = fixAllNotebook(analyzer, nb.cells, analyzeOptions);
      const changed = new Map(result.fixed.map((c, i) => [i, c.source] as const).filter(([i, s]) => s !== nb.cells[i].source));
      const written = changed.size > 0 && writeFile(file, replaceNotebookSources(text, changed), reportError);
      if (written) reportApplied(file, result.applied, opts.lang);
      reports.push({ file, findings: written || !changed.size ? result.remaining : analyzer.analyzeNotebook(nb.cells, analyzeOptions).findings });
    } else {
      if (!opts.fix) {
        reports.push({ file, findings: analyzer.analyze(text, analyzeOptions).findings });
        continue;
      }
      const result = fixAll(analyzer, text, analyzeOptions);
      const written = result.fixed !== text && writeFile(file, result.fixed, reportError);
      if (written) reportApplied(file, result.applied, opts.lang);
      reports.push({ file, findings: written || result.fixed === text ? result.remaining : analyzer.analyze(text, analyzeOptions).findings });
    }
  }
  if (opts.fix) {
    const left = reports.reduce((n, r) => n + r.findings.length, 0);
    const fixable = reports.reduce((n, r) => n + r.findings.filter((f) => f.fix).length, 0);
    process.stderr.write(`${appliedCount} fix${appliedCount === 1 ? '' : 'es'} applied; ${left} finding${left === 1 ? '' : 's'} remain${left === 1 ? 's' : ''}${fixable ? ` (${fixable} with a fix that needs review: apply it in the editor)` : ''}\n`);
  }
  const out = opts.format === 'json' ? toJson(reports, opts.lang) : opts.format === 'sarif' ? toSarif(reports, opts.lang) : toText(reports, opts.lang);
  if (out) process.stdout.write(out.endsWith('\n') ? out : `${out}\n`);
  if (ioError) return 2;
  return reports.some((r) => r.findings.length) ? 1 : 0;
}

function parseCheckArgs(argv: string[]) {
  const args = parseArgs(argv, { values: ['format', 'select', 'ignore', 'lang'], booleans: ['fix'] });
  const format = (args.values.get('format') ?? 'text') as Format;
  if (!['text', 'json', 'sarif'].includes(format)) throw new UsageError(`--format must be text, json or sarif, got "${format}"`);
  const lang = (args.values.get('lang') ?? 'en') as Lang;
  if (lang !== 'en' && lang !== 'zh') throw new UsageError(`--lang must be en or zh, got "${lang}"`);
  const ids = (name: string): string[] | undefined => {
    const v = args.values.get(name);
    if (v === undefined) return undefined;
    const list = v.split(',').map((s) => s.trim()).filter(Boolean);
    for (const id of list) if (!getRule(id)) throw new UsageError(`unknown rule "${id}" in --${name} (rules: ${rules.map((r) => r.id).join(', ')})`);
    return list;
  };
  const select = ids('select');
  const ignore = ids('ignore');
  if (!args.positionals.length) throw new UsageError('give files or directories to check');
  return { paths: args.positionals, format, lang, select, ignore, fix: args.booleans.has('fix') };
}

/** Adds .py/.ipynb files under `p` (a file given by name is checked whatever its extension). */
function collect(p: string, out: string[], reportError: (m: string) => void, explicit: boolean): void {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(p);
  } catch (e) {
    reportError(`cannot read ${p}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file or directory' : (e as Error).message}`);
    return;
  }
  if (stat.isDirectory()) {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(p, { withFileTypes: true });
    } catch (e) {
      reportError(`cannot read directory ${p}: ${(e as Error).message}`);
      return;
    }
    for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      if (entry.isDirectory() && (SKIP_DIRS.has(entry.name) || entry.name.startsWith('.'))) continue;
      const child = path.join(p, entry.name);
      if (entry.isDirectory()) collect(child, out, reportError, false);
      else if (/\.(py|ipynb)$/.test(entry.name)) out.push(child);
    }
  } else if (explicit || /\.(py|ipynb)$/.test(p)) {
    out.push(p);
  }
}

function writeFile(file: string, text: string, reportError: (m: string) => void): boolean {
  try {
    fs.writeFileSync(file, text);
    return true;
  } catch (e) {
    reportError(`cannot write ${file}: ${(e as Error).message}`);
    return false;
  }
}

/** Wasm next to the running bundle (dist/), else from node_modules. */
export function locateWasm(file: string): string {
  const pkg = file === 'tree-sitter-python.wasm' ? 'tree-sitter-python' : 'web-tree-sitter';
  const candidates = [
    path.join(__dirname, file),
    path.join(__dirname, '..', 'dist', file),
    path.join(__dirname, '..', '..', 'node_modules', pkg, file),
    path.join(__dirname, '..', 'node_modules', pkg, file),
    path.join(process.cwd(), 'node_modules', pkg, file),
  ];
  try {
    candidates.push(require.resolve(`${pkg}/${file}`));
  } catch {
    // not resolvable from here: the candidates above are all we have
  }
  return candidates.find((c) => fs.existsSync(c)) ?? candidates[0];
}

// ---- output --------------------------------------------------------------------------------------------

function toText(reports: FileReport[], lang: Lang): string {
  const lines: string[] = [];
  for (const r of reports) {
    for (const f of r.findings) {
      const where = f.cell === undefined ? r.file : `${r.file}[cell ${f.cell + 1}]`;
      lines.push(`${where}:${f.range.startLine + 1}:${f.range.startColumn + 1}: ${f.ruleId} ${f.message[lang]} (advice ${f.advice.join(', ')})`);
    }
  }
  return lines.join('\n');
}

function toJson(reports: FileReport[], lang: Lang): string {
  const findings = reports.flatMap((r) => r.findings.map((f) => ({
    file: r.file,
    rule: f.ruleId,
    ...(f.cell === undefined ? {} : { cell: f.cell }),
    line: f.range.startLine + 1,
    column: f.range.startColumn + 1,
    endLine: f.range.endLine + 1,
    endColumn: f.range.endColumn + 1,
    severity: f.severity,
    message: f.message[lang],
    advice: f.advice,
    fixable: !!f.fix,
  })));
  return JSON.stringify({ version: 1, findings }, null, 2);
}

const SARIF_LEVEL = { warning: 'warning', information: 'note', hint: 'note' } as const;

function toSarif(reports: FileReport[], lang: Lang): string {
  const used = new Set(reports.flatMap((r) => r.findings.map((f) => f.ruleId)));
  const ruleList = rules.filter((r) => used.has(r.id) || used.size === 0);
  const index = new Map(ruleList.map((r, i) => [r.id, i]));
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{
      tool: {
        driver: {
          name: 'training-advisor',
          informationUri: 'https://example.invalid/training-advisor',
          rules: ruleList.map((r) => ({
            id: r.id,
            name: r.id.replace(/(^|-)(\w)/g, (_m, _d, c: string) => c.toUpperCase()),
            shortDescription: { text: r.title[lang] },
            fullDescription: { text: r.docs.detects[lang] },
            help: {
              text: `${r.docs.detects[lang]}\n\n${r.docs.why[lang]}\n\nAdvice: ${r.advice.join(', ')}`,
              markdown: `${r.docs.detects[lang]}\n\n${r.docs.why[lang]}\n\n\`\`\`python\n${r.docs.fixedExample}\`\`\`\n\nAdvice: ${r.advice.join(', ')}`,
            },
            defaultConfiguration: { level: SARIF_LEVEL[r.defaultSeverity] },
            properties: { advice: r.advice, tags: ['training', 'pytorch'] },
          })),
        },
      },
      results: reports.flatMap((r) => r.findings.map((f) => ({
        ruleId: f.ruleId,
        ruleIndex: index.get(f.ruleId),
        level: SARIF_LEVEL[f.severity],
        message: { text: `${f.message[lang]} (advice ${f.advice.join(', ')})` },
        locations: [{
          physicalLocation: {
            artifactLocation: { uri: r.file.split(path.sep).join('/') },
            region: {
              startLine: f.range.startLine + 1,
              startColumn: f.range.startColumn + 1,
              endLine: f.range.endLine + 1,
              endColumn: f.range.endColumn + 1,
            },
          },
          ...(f.cell === undefined ? {} : { properties: { cell: f.cell } }),
        }],
        properties: { advice: f.advice, fixable: !!f.fix },
      }))),
    }],
  };
  return JSON.stringify(sarif, null, 2);
}
