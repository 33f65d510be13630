/**
 * `training-advisor check <files or dirs…>` — options, example and exit codes in ./commandTable.
 *
 * Recursive over .py and .ipynb. Output:
 *   text   `path:line:col: rule-id message (advice 9#5, 8#5)` (notebooks: `path[cell N]:line:col`, N 1-based);
 *          a syntax error as `path:line:col: invalid-syntax message` (ruff's name), before that file's hints
 *   json   {"version":1,"findings":[{file, rule, line, column, endLine, endColumn, severity, message,
 *           advice, fixable, cell?}], "errors":[{file, rule:"invalid-syntax", line, column, …, cell?}]} —
 *           1-based lines, columns and cells (the same numbers as the text output)
 *   sarif  SARIF 2.1.0 with rule metadata and help text from the rule docs; syntax errors as
 *          toolExecutionNotifications; notebook regions on the .ipynb file's own lines
 * `--fix` applies safe fixes and writes the files, then reports what is left; a file it cannot fix safely
 * (syntax error) is named on stderr with the reason.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Analyzer } from '../core/analysis/analyzer';
import { rules, getRule } from '../core/analysis/registry';
import { fixAll, fixAllNotebook, type AppliedFix } from '../core/analysis/fixAll';
import { parseNotebookJson, replaceNotebookSources } from '../core/analysis/notebook';
import { notebookPositions, type NotebookPositions } from '../core/analysis/notebookPositions';
import type { SyntaxProblem } from '../core/analysis/syntaxError';
import type { Finding, Range } from '../core/analysis/types';
import { plainCodeSpans } from '../core/render/plainText';
import { UsageError, type ParsedArgs } from './args';
import { SARIF_LEVEL, sarifLog, type SarifDescriptor, type SarifResult } from './sarif';

type Format = 'text' | 'json' | 'sarif';
type Lang = 'zh' | 'en';

interface FileReport {
  file: string;
  findings: Finding[];
  syntaxError?: SyntaxProblem;
  /** For notebooks: where each cell line is stored in the .ipynb text (SARIF regions). */
  positions?: NotebookPositions | null;
}

const SKIP_DIRS = new Set(['node_modules', '.git', '__pycache__', '.venv', 'venv', '.tox', '.mypy_cache', 'dist', 'build']);
const ANALYZED = /\.(py|ipynb)$/;

const SAYS = {
  incomplete: { en: 'hints for this file may be incomplete', zh: '此文件的提示可能不完整' },
  notFixed: { en: 'not fixed: it has a syntax error at', zh: '未修复：存在语法错误，位置' },
  notPython: { en: 'skipped: not a Python file or notebook (.py, .ipynb)', zh: '已跳过：不是 Python 文件或笔记本（.py、.ipynb）' },
  fixed: { en: 'fixed', zh: '已修复' },
  /** The --fix summary: what was applied, what is left, and how many of those have a fix to review. */
  summary: {
    en: (applied: number, left: number, review: number) =>
      `${applied} fix${applied === 1 ? '' : 'es'} applied; ${left} finding${left === 1 ? '' : 's'} remain${left === 1 ? 's' : ''}` +
      (review ? ` (${review} with a fix that needs review: apply it in the editor)` : ''),
    zh: (applied: number, left: number, review: number) =>
      `已应用 ${applied} 处修复；剩余 ${left} 条提示` + (review ? `（其中 ${review} 条的修复需要人工确认：请在编辑器中应用）` : ''),
  },
};

export async function runCheck(args: ParsedArgs, lang: Lang): Promise<number> {
  let opts: ReturnType<typeof checkOptions>;
  try {
    opts = checkOptions(args);
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
      const where = a.cell === undefined ? file : `${file}[cell ${a.cell + 1}]`; // the location format of the report (see where())
      process.stderr.write(`${where}:${a.line + 1}: ${SAYS.fixed[lang]} ${a.ruleId}: ${a.title[lang]}\n`);
    }
  };
  const reportError = (msg: string) => {
    ioError = true;
    process.stderr.write(`training-advisor check: ${msg}\n`);
  };
  const warn = (msg: string) => process.stderr.write(`training-advisor check: ${msg}\n`);
  const files: string[] = [];
  for (const p of opts.paths) collect(p, files, reportError, (f) => warn(`${f}: ${SAYS.notPython[lang]}`));
  const analyzer = await Analyzer.create({ locateWasm });
  const analyzeOptions = { select: opts.select, ignore: opts.ignore };
  const reports: FileReport[] = [];
  const fixSkipped = (file: string, err: SyntaxProblem) =>
    warn(`${file}: ${SAYS.notFixed[lang]} ${where(file, err.cell, err.range)}`);
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
      const first = analyzer.analyzeNotebook(nb.cells, analyzeOptions);
      if (!opts.fix || first.syntaxError) {
        if (opts.fix) fixSkipped(file, first.syntaxError!);
        reports.push({ file, findings: first.findings, syntaxError: first.syntaxError, positions: notebookPositions(text) });
        continue;
      }
      const result = fixAllNotebook(analyzer, nb.cells, analyzeOptions, first.findings);
      const changed = new Map(result.fixed.map((c, i) => [i, c.source] as const).filter(([i, s]) => s !== nb.cells[i].source));
      const fixedText = changed.size ? replaceNotebookSources(text, changed) : text;
      const written = changed.size > 0 && writeFile(file, fixedText, reportError);
      if (written) reportApplied(file, result.applied, lang);
      reports.push({
        file,
        findings: written || !changed.size ? result.remaining : first.findings,
        positions: notebookPositions(written ? fixedText : text),
      });
    } else {
      const first = analyzer.analyze(text, analyzeOptions);
      if (!opts.fix || first.syntaxError) {
        if (opts.fix) fixSkipped(file, first.syntaxError!);
        reports.push({ file, findings: first.findings, syntaxError: first.syntaxError });
        continue;
      }
      const result = fixAll(analyzer, text, analyzeOptions, first.findings);
      const written = result.fixed !== text && writeFile(file, result.fixed, reportError);
      if (written) reportApplied(file, result.applied, lang);
      reports.push({ file, findings: written || result.fixed === text ? result.remaining : first.findings });
    }
  }
  if (opts.fix) {
    const left = reports.reduce((n, r) => n + r.findings.length, 0);
    const fixable = reports.reduce((n, r) => n + r.findings.filter((f) => f.fix).length, 0);
    process.stderr.write(`${SAYS.summary[lang](appliedCount, left, fixable)}\n`);
  }
  const out = opts.format === 'json' ? toJson(reports, lang) : opts.format === 'sarif' ? toSarif(reports, lang) : toText(reports, lang);
  if (out) process.stdout.write(out.endsWith('\n') ? out : `${out}\n`);
  if (ioError) return 2;
  return reports.some((r) => r.findings.length || r.syntaxError) ? 1 : 0;
}

function checkOptions(args: ParsedArgs) {
  const format = (args.values.get('format') ?? 'text') as Format;
  if (!['text', 'json', 'sarif'].includes(format)) throw new UsageError(`--format must be text, json or sarif, got "${format}"`);
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
  return { paths: args.positionals, format, select, ignore, fix: args.booleans.has('fix') };
}

/** Adds .py/.ipynb files under `p`; a file named explicitly that is neither gets `notAnalyzed` (a warning). */
function collect(p: string, out: string[], reportError: (m: string) => void, notAnalyzed?: (file: string) => void): void {
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
      if (entry.isDirectory()) collect(child, out, reportError);
      else if (ANALYZED.test(entry.name)) out.push(child);
    }
  } else if (ANALYZED.test(p) || hasPythonShebang(p)) {
    out.push(p);
  } else {
    notAnalyzed?.(p);
  }
}

/** `train` with `#!/usr/bin/env python3` is a Python script whatever its name. */
function hasPythonShebang(file: string): boolean {
  try {
    const fd = fs.openSync(file, 'r');
    try {
      const head = Buffer.alloc(128);
      const n = fs.readSync(fd, head, 0, head.length, 0);
      return /^#![^\n]*\bpython/.test(head.subarray(0, n).toString('utf8'));
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    return false;
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

/** `path:line:col` or `path[cell N]:line:col`, all 1-based. */
function where(file: string, cell: number | undefined, range: Range): string {
  const shown = cell === undefined ? file : `${file}[cell ${cell + 1}]`;
  return `${shown}:${range.startLine + 1}:${range.startColumn + 1}`;
}

function toText(reports: FileReport[], lang: Lang): string {
  const lines: string[] = [];
  for (const r of reports) {
    const e = r.syntaxError;
    if (e) lines.push(`${where(r.file, e.cell, e.range)}: invalid-syntax ${e.message[lang]} (${SAYS.incomplete[lang]})`);
    for (const f of r.findings) {
      lines.push(`${where(r.file, f.cell, f.range)}: ${f.ruleId} ${plainCodeSpans(f.message[lang], lang)} (advice ${f.advice.join(', ')})`);
    }
  }
  return lines.join('\n');
}

function jsonRange(cell: number | undefined, range: Range) {
  return {
    ...(cell === undefined ? {} : { cell: cell + 1 }),
    line: range.startLine + 1,
    column: range.startColumn + 1,
    endLine: range.endLine + 1,
    endColumn: range.endColumn + 1,
  };
}

function toJson(reports: FileReport[], lang: Lang): string {
  const findings = reports.flatMap((r) => r.findings.map((f) => ({
    file: r.file,
    rule: f.ruleId,
    ...jsonRange(f.cell, f.range),
    severity: f.severity,
    message: f.message[lang],
    advice: f.advice,
    fixable: !!f.fix,
  })));
  const errors = reports.flatMap((r) => (r.syntaxError ? [{
    file: r.file,
    rule: 'invalid-syntax',
    ...jsonRange(r.syntaxError.cell, r.syntaxError.range),
    message: `${r.syntaxError.message[lang]} (${SAYS.incomplete[lang]})`,
  }] : []));
  return JSON.stringify({ version: 1, findings, errors }, null, 2);
}


/**
 * A SARIF physicalLocation. Notebook findings point at the .ipynb file's own text (where the cell's source
 * line is stored), so code scanning can place them; the cell (1-based) and the line/column within the cell
 * go in properties.
 */
function sarifLocation(r: FileReport, cell: number | undefined, range: Range) {
  const uri = r.file.split(path.sep).join('/');
  const start = cell !== undefined && r.positions ? r.positions.at(cell, range.startLine, range.startColumn) : null;
  const end = cell !== undefined && r.positions ? r.positions.at(cell, range.endLine, range.endColumn) : null;
  const region = cell === undefined
    ? { startLine: range.startLine + 1, startColumn: range.startColumn + 1, endLine: range.endLine + 1, endColumn: range.endColumn + 1 }
    : start
      ? {
          startLine: start.line + 1,
          startColumn: start.character + 1,
          ...(end && end.line >= start.line ? { endLine: end.line + 1, endColumn: end.character + 1 } : {}),
        }
      : undefined;
  return {
    physicalLocation: { artifactLocation: { uri }, ...(region ? { region } : {}) },
    ...(cell === undefined
      ? {}
      : { properties: { cell: cell + 1, cellLine: range.startLine + 1, cellColumn: range.startColumn + 1, cellEndLine: range.endLine + 1, cellEndColumn: range.endColumn + 1 } }),
  };
}

function toSarif(reports: FileReport[], lang: Lang): string {
  const notifications = reports.flatMap((r) => (r.syntaxError ? [{
    level: 'error',
    descriptor: { id: 'invalid-syntax' },
    message: { text: `${r.syntaxError.message[lang]} (${SAYS.incomplete[lang]})` },
    locations: [sarifLocation(r, r.syntaxError.cell, r.syntaxError.range)],
  }] : []));
  const catalog: SarifDescriptor[] = rules.map((r) => ({
    id: r.id,
    title: r.title,
    docs: r.docs,
    advice: r.advice,
    level: SARIF_LEVEL[r.defaultSeverity],
    markdown: `\`\`\`python\n${r.docs.fixedExample}\`\`\``,
    properties: { advice: r.advice, tags: ['training', 'pytorch'] },
  }));
  const results = reports.flatMap((r) => r.findings.map((f): SarifResult => ({
    ruleId: f.ruleId,
    level: SARIF_LEVEL[f.severity],
    message: `${plainCodeSpans(f.message[lang], lang)} (advice ${f.advice.join(', ')})`,
    locations: [sarifLocation(r, f.cell, f.range)],
    properties: { advice: f.advice, fixable: !!f.fix },
  })));
  return sarifLog(catalog, results, lang, notifications);
}
