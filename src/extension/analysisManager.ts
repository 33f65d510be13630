/**
 * Runs the analysis engine on open Python files and notebooks and publishes diagnostics: debounced while
 * typing, cached per document version, superseded runs cancelled, cleared on close, files over the size
 * limit skipped (with a status, never a frozen editor). Implements the AnalysisService contract.
 *
 * The engine (web-tree-sitter + rules) runs in a worker thread (analysisWorker/): this thread only sends the
 * text and publishes what comes back, so a huge file never blocks the extension host. Findings arrive first;
 * their verified fixes follow (on-screen findings first) and fill in `finding.fix`.
 */
import type { NotebookPositions } from '../core/analysis/notebookPositions';
import * as vscode from 'vscode';
import type { Finding, NotebookCell } from '../core/analysis/types';
import type { Lang } from '../core/knowledge/types';
import { AnalysisWorkerClient, WorkerCrashedError, type AnalysisHandle, type AnalysisInput, type SpawnEngine, type WorkerEvent, type WorkerResult } from './analysisWorker/client';
import type { Config } from './config';
import { toDiagnosticData } from './diagnosticData';
import { t } from './i18n';
import type { AnalysisService } from './services';

export type AnalysisStatus =
  | { kind: 'idle' }
  | { kind: 'analysing' }
  | { kind: 'done'; count: number }
  | { kind: 'skipped'; reason: 'tooLarge' | 'disabled'; sizeKB?: number }
  | { kind: 'error'; message: string };

/** One analysed unit: a Python text document or a whole notebook. */
interface Unit {
  key: string;
  /** Text document version, or for a notebook a key of its cells' identities, kinds and versions. */
  version: number | string;
  findings: Finding[];
  status: AnalysisStatus;
  /** Bumped for every scheduled run; a run whose generation is stale stops and publishes nothing. */
  generation: number;
  timer?: ReturnType<typeof setTimeout>;
  /** Cell document URIs (notebooks), so diagnostics can be cleared per cell. */
  cellUris?: vscode.Uri[];
  /** The config generation the findings were computed under. */
  configGeneration: number;
  /** The document instance analysed (a reopened untitled file gets the same URI and restarts its versions). */
  doc?: vscode.TextDocument;
  /** The worker request in flight, cancelled when the unit is forgotten; its `fixesDone` says when fixes are in. */
  handle?: AnalysisHandle;
}

export const DIAGNOSTIC_SOURCE = 'Training Advisor';
/**
 * Time budget of one analysis. It runs in the worker, so the host stays responsive whatever it is; the budget
 * bounds how long a huge file keeps the worker from other documents.
 */
export const LIVE_TIME_BUDGET_MS = 10_000;
const CELL_SCHEME = 'vscode-notebook-cell';

export function isPythonDocument(doc: vscode.TextDocument): boolean {
  return doc.languageId === 'python' && doc.uri.scheme !== CELL_SCHEME && doc.uri.scheme !== 'output' && doc.uri.scheme !== 'git';
}

export function isAnalysableNotebook(nb: vscode.NotebookDocument): boolean {
  return nb.notebookType === 'jupyter-notebook' || nb.uri.path.endsWith('.ipynb');
}

export class AnalysisManager implements AnalysisService, vscode.Disposable {
  readonly diagnostics = vscode.languages.createDiagnosticCollection('trainingAdvisor');
  private readonly units = new Map<string, Unit>();
  private readonly findingsEmitter = new vscode.EventEmitter<vscode.Uri>();
  private readonly statusEmitter = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChangeFindings = this.findingsEmitter.event;
  /** Fires with the document/notebook URI whose status (analysing, skipped, count) changed. */
  readonly onDidChangeStatus = this.statusEmitter.event;
  private worker: AnalysisWorkerClient | undefined;
  private configGeneration = 0;
  private closedRequests = 0;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly spawnEngine: SpawnEngine,
    private readonly config: Config,
    private readonly output: vscode.LogOutputChannel,
    private readonly language: () => Lang,
    private readonly ruleTarget: (ruleId: string) => vscode.Uri,
  ) {
    // Test builds only: the integration suite crashes the worker as an uncaught error in it would (the next
    // request restarts it). The production bundle drops this block, method name and all.
    if (TEST_HOOKS) Object.assign(this, { crashWorkerForTest: () => this.worker?.['worker']?.postMessage({ type: 'crash' }) });
  }

  /** Starts listening to documents and analyses what is already open. */
  start(): void {
    const w = vscode.workspace;
    this.disposables.push(
      w.onDidOpenTextDocument((d) => isPythonDocument(d) && this.schedule(d, 0)),
      w.onDidChangeTextDocument((e) => this.onTextChange(e.document)),
      w.onDidCloseTextDocument((d) => {
        // Only if this is still the document analysed: a reopened untitled file may already own the URI.
        const u = this.units.get(d.uri.toString());
        if (isPythonDocument(d) && (!u?.doc || u.doc === d)) this.forget(d.uri);
      }),
      w.onDidOpenNotebookDocument((nb) => isAnalysableNotebook(nb) && this.scheduleNotebook(nb, 0)),
      w.onDidChangeNotebookDocument((e) => isAnalysableNotebook(e.notebook) && this.scheduleNotebook(e.notebook, this.config.analysisDelayMs)),
      w.onDidCloseNotebookDocument((nb) => this.forget(nb.uri)),
      this.config.onDidChange((c) => {
        if (c.analysis) this.reanalyseAll();
      }),
    );
    this.reanalyseAll();
  }

  /** The worker client, created on first use (the thread starts and loads the wasm files on the first request). */
  private getWorker(): AnalysisWorkerClient {
    this.worker ??= new AnalysisWorkerClient({
      spawn: this.spawnEngine,
      onEvent: (e) => this.onWorkerEvent(e),
    });
    return this.worker;
  }

  private onWorkerEvent(e: WorkerEvent): void {
    if (e.kind === 'ready') this.output.info(`analysis engine loaded in the worker in ${Math.round(e.loadMs)} ms`);
    else if (e.kind === 'crashed') this.output.error(`analysis worker crashed (${e.message}); restarting it (restart ${e.restarts})`);
    else this.output.warn(`analysis worker restarted: ${e.reason === 'hard-timeout' ? 'an analysis ran past the time limit' : 'a superseded analysis kept running'}`);
  }

  /** Sends one analysis to the worker; `waitForFixes` resolves only when the fixes have arrived too. */
  private async analyzeInWorker(key: string, input: AnalysisInput, extra: { priorityLines?: Array<[number, number]>; waitForFixes?: boolean; timeBudgetMs: number }): Promise<WorkerResult> {
    const u = this.units.get(key);
    const handle = this.getWorker().analyze(key, input, {
      severities: this.config.ruleSeverities, timeBudgetMs: extra.timeBudgetMs, priorityLines: extra.priorityLines, incremental: true,
    });
    if (u) u.handle = handle;
    const result = await handle.result;
    if (extra.waitForFixes) await handle.fixesDone;
    return result;
  }

  // ---- the AnalysisService contract -------------------------------------------------------------------------

  findingsFor(uri: vscode.Uri): readonly Finding[] {
    const unit = this.units.get(uri.toString());
    if (unit) return unit.findings;
    if (uri.scheme === CELL_SCHEME) {
      const owner = this.notebookOfCell(uri);
      if (!owner) return [];
      const u = this.units.get(owner.notebook.uri.toString());
      return u ? u.findings.filter((f) => f.cell === owner.index) : [];
    }
    return [];
  }

  statusFor(uri: vscode.Uri): AnalysisStatus {
    const key = uri.scheme === CELL_SCHEME ? this.notebookOfCell(uri)?.notebook.uri.toString() : uri.toString();
    return (key && this.units.get(key)?.status) || { kind: 'idle' };
  }

  /** True when the findings for this text document (or cell) match its current text, so fixes may be applied. */
  isCurrent(doc: vscode.TextDocument): boolean {
    if (doc.uri.scheme === CELL_SCHEME) {
      const owner = this.notebookOfCell(doc.uri);
      const u = owner && this.units.get(owner.notebook.uri.toString());
      return !!u && u.version === notebookVersion(owner!.notebook);
    }
    const u = this.units.get(doc.uri.toString());
    return !!u && u.doc === doc && u.version === doc.version;
  }

  /**
   * Resolves when the fixes of this document's (or cell's notebook's) latest analysis have arrived from the
   * worker, or after `timeoutMs`: code actions and Apply fix wait for it instead of offering no fix.
   */
  fixesReady(uri: vscode.Uri, timeoutMs = 1000): Promise<void> {
    const key = uri.scheme === CELL_SCHEME ? this.notebookOfCell(uri)?.notebook.uri.toString() : uri.toString();
    const done = key ? this.units.get(key)?.handle?.fixesDone : undefined;
    if (!done) return Promise.resolve();
    let timer: ReturnType<typeof setTimeout> | undefined;
    return Promise.race([done, new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)))]).finally(() => clearTimeout(timer));
  }

  /**
   * The text of `doc` (a Python file or a notebook cell) with every safe fix applied by the core's fix-all loop
   * (the one `check --fix` uses), computed in the worker. Undefined when nothing changes.
   */
  async fixAll(doc: vscode.TextDocument): Promise<string | undefined> {
    const severities = this.config.ruleSeverities;
    if (doc.uri.scheme === CELL_SCHEME) {
      const owner = this.notebookOfCell(doc.uri);
      if (!owner) return undefined;
      const { fixed } = await this.getWorker().fixAll({ kind: 'notebook', cells: cellsOf(owner.notebook) }, severities);
      const source = fixed.kind === 'notebook' ? fixed.cells[owner.index]?.source : undefined;
      return source !== undefined && source !== doc.getText() ? source : undefined;
    }
    const text = doc.getText();
    const { fixed } = await this.getWorker().fixAll({ kind: 'file', source: text }, severities);
    return fixed.kind === 'file' && fixed.source !== text ? fixed.source : undefined;
  }

  /** The notebook and cell index a cell document belongs to. */
  notebookOfCell(uri: vscode.Uri): { notebook: vscode.NotebookDocument; index: number } | undefined {
    for (const notebook of vscode.workspace.notebookDocuments) {
      if (notebook.uri.path !== uri.path) continue; // cell URIs share the notebook's path, differ in fragment
      const cell = notebook.getCells().find((c) => c.document.uri.toString() === uri.toString());
      if (cell) return { notebook, index: cell.index };
    }
    return undefined;
  }

  // ---- scheduling -------------------------------------------------------------------------------------------

  private onTextChange(doc: vscode.TextDocument): void {
    if (doc.uri.scheme === CELL_SCHEME) {
      const owner = this.notebookOfCell(doc.uri);
      if (owner && isAnalysableNotebook(owner.notebook)) this.scheduleNotebook(owner.notebook, this.config.analysisDelayMs);
      return;
    }
    if (isPythonDocument(doc)) this.schedule(doc, this.config.analysisDelayMs);
  }

  /** The unit of a text document, reset when the URI now belongs to a new document instance. */
  private unitFor(doc: vscode.TextDocument): Unit {
    const u = this.unit(doc.uri.toString());
    if (u.doc !== doc) {
      u.doc = doc;
      u.version = -1;
      u.findings = [];
      u.configGeneration = -1;
    }
    return u;
  }

  private unit(key: string): Unit {
    let u = this.units.get(key);
    if (!u) {
      u = { key, version: -1, findings: [], status: { kind: 'idle' }, generation: 0, configGeneration: -1 };
      this.units.set(key, u);
    }
    return u;
  }

  /** Analyse a Python document after `delayMs` (re-scheduling cancels the previous wait and any run in flight). */
  schedule(doc: vscode.TextDocument, delayMs: number): void {
    const u = this.unitFor(doc);
    if (u.version === doc.version && u.configGeneration === this.configGeneration && u.status.kind !== 'analysing') return; // cached
    const generation = ++u.generation;
    if (u.timer) clearTimeout(u.timer);
    u.timer = setTimeout(() => void this.runDocument(doc, generation), delayMs);
  }

  scheduleNotebook(nb: vscode.NotebookDocument, delayMs: number): void {
    const u = this.unit(nb.uri.toString());
    if (u.version === notebookVersion(nb) && u.configGeneration === this.configGeneration && u.status.kind !== 'analysing') return;
    const generation = ++u.generation;
    if (u.timer) clearTimeout(u.timer);
    u.timer = setTimeout(() => void this.runNotebook(nb, generation), delayMs);
  }

  /** Analyse now and resolve when the findings are published (commands and tests). */
  async analyzeNow(doc: vscode.TextDocument): Promise<readonly Finding[]> {
    if (doc.uri.scheme === CELL_SCHEME) {
      const owner = this.notebookOfCell(doc.uri);
      if (owner) await this.analyzeNotebookNow(owner.notebook);
      return this.findingsFor(doc.uri);
    }
    const u = this.unitFor(doc);
    if (u.timer) clearTimeout(u.timer);
    await this.runDocument(doc, ++u.generation, true);
    return u.findings;
  }

  async analyzeNotebookNow(nb: vscode.NotebookDocument): Promise<readonly Finding[]> {
    const u = this.unit(nb.uri.toString());
    if (u.timer) clearTimeout(u.timer);
    await this.runNotebook(nb, ++u.generation, true);
    return u.findings;
  }

  /** Analyse text that is not open in an editor (Analyze Workspace); fixes are not needed there. */
  async analyzeText(text: string, isCancelled?: () => boolean): Promise<Finding[]> {
    return this.analyzeClosed({ kind: 'file', source: text }, isCancelled);
  }

  async analyzeCells(cells: NotebookCell[], isCancelled?: () => boolean): Promise<Finding[]> {
    return this.analyzeClosed({ kind: 'notebook', cells }, isCancelled);
  }

  private async analyzeClosed(input: AnalysisInput, isCancelled?: () => boolean): Promise<Finding[]> {
    if (isCancelled?.()) return [];
    const handle = this.getWorker().analyze(`workspace:${++this.closedRequests}`, input, {
      severities: this.config.ruleSeverities, timeBudgetMs: LIVE_TIME_BUDGET_MS, fixes: false,
    });
    const poll = isCancelled && setInterval(() => isCancelled() && handle.cancel(), 50);
    try {
      return (await handle.result).findings;
    } finally {
      if (poll) clearInterval(poll);
    }
  }

  /**
   * Diagnostics for `findings` (the same shape the live analysis publishes). `closedNotebook`: the findings
   * are cell-relative but there are no cell documents to put them on, so they go on the .ipynb file at its
   * start with the cell and line named in the message (a JSON position would point at nothing meaningful).
   */
  /**
   * `closedNotebook`: the findings are a closed notebook's, published on the .ipynb file itself (no cell documents
   * exist): each is placed where its cell's source line sits in the file's text (`positions`), and says its cell.
   */
  toDiagnostics(findings: readonly Finding[], closedNotebook: { positions: NotebookPositions | null } | false = false): vscode.Diagnostic[] {
    return toDiagnosticData(findings, this.language(), this.config.ruleSeverities).map((d) => {
      const inCell = closedNotebook && d.cell !== undefined;
      const message = inCell ? `${t('[cell {0}, line {1}]', d.cell! + 1, d.range.startLine + 1)} ${d.message}` : d.message;
      let range = new vscode.Range(d.range.startLine, d.range.startColumn, d.range.endLine, d.range.endColumn);
      if (inCell) {
        const start = closedNotebook.positions?.at(d.cell!, d.range.startLine, d.range.startColumn);
        const end = closedNotebook.positions?.at(d.cell!, d.range.endLine, d.range.endColumn);
        range = start ? new vscode.Range(start.line, start.character, end?.line ?? start.line, end?.character ?? start.character) : new vscode.Range(0, 0, 0, 0);
      }
      const diag = new vscode.Diagnostic(range, message, SEVERITY[d.severity]);
      diag.source = DIAGNOSTIC_SOURCE;
      diag.code = { value: d.ruleId, target: this.ruleTarget(d.ruleId) };
      return diag;
    });
  }

  private reanalyseAll(): void {
    this.configGeneration++;
    for (const d of vscode.workspace.textDocuments) if (isPythonDocument(d)) this.schedule(d, 0);
    for (const nb of vscode.workspace.notebookDocuments) if (isAnalysableNotebook(nb)) this.scheduleNotebook(nb, 0);
  }

  /** Re-publish diagnostics without re-analysing (display language changed). */
  republish(): void {
    for (const u of this.units.values()) this.publish(u);
  }

  // ---- running ----------------------------------------------------------------------------------------------

  private setStatus(u: Unit, status: AnalysisStatus): void {
    u.status = status;
    this.statusEmitter.fire(vscode.Uri.parse(u.key));
  }

  /** Common gate: disabled or too large → publish nothing and say why. */
  private gate(u: Unit, bytes: number): boolean {
    if (!this.config.enabled) {
      u.findings = [];
      this.publish(u);
      this.setStatus(u, { kind: 'skipped', reason: 'disabled' });
      return false;
    }
    if (bytes > this.config.maxFileSizeKB * 1024) {
      u.findings = [];
      this.publish(u);
      this.setStatus(u, { kind: 'skipped', reason: 'tooLarge', sizeKB: Math.round(bytes / 1024) });
      return false;
    }
    return true;
  }

  private async runDocument(doc: vscode.TextDocument, generation: number, waitForFixes = false): Promise<void> {
    const u = this.unitFor(doc);
    u.timer = undefined;
    const version = doc.version;
    const configGeneration = this.configGeneration;
    const text = doc.getText();
    if (!this.gate(u, utf8Length(text))) {
      u.version = version;
      u.configGeneration = configGeneration;
      return;
    }
    this.setStatus(u, { kind: 'analysing' });
    try {
      const result = await this.analyzeInWorker(u.key, { kind: 'file', source: text }, { timeBudgetMs: LIVE_TIME_BUDGET_MS, priorityLines: visibleLines(doc), waitForFixes });
      if (u.generation !== generation || result.cancelled || result.superseded || doc.isClosed) return;
      u.findings = result.findings;
      u.version = version;
      u.configGeneration = configGeneration;
      this.publish(u);
      this.setStatus(u, { kind: 'done', count: this.visibleCount(u) });
      this.findingsEmitter.fire(doc.uri);
    } catch (e) {
      if (u.generation !== generation) return;
      this.failed(u, doc.uri, e);
    }
  }

  private async runNotebook(nb: vscode.NotebookDocument, generation: number, waitForFixes = false): Promise<void> {
    const u = this.unit(nb.uri.toString());
    u.timer = undefined;
    const version = notebookVersion(nb);
    const configGeneration = this.configGeneration;
    const cells = nb.getCells();
    const input = cellsOf(nb);
    this.clearCells(u);
    u.cellUris = cells.map((c) => c.document.uri);
    const bytes = input.reduce((n, c) => n + (c.kind === 'code' ? utf8Length(c.source) : 0), 0);
    if (!this.gate(u, bytes)) {
      u.version = version;
      u.configGeneration = configGeneration;
      return;
    }
    this.setStatus(u, { kind: 'analysing' });
    try {
      const result = await this.analyzeInWorker(u.key, { kind: 'notebook', cells: input }, { timeBudgetMs: LIVE_TIME_BUDGET_MS, waitForFixes });
      if (u.generation !== generation || result.cancelled || result.superseded || nb.isClosed) return;
      u.findings = result.findings;
      u.version = version;
      u.configGeneration = configGeneration;
      this.publish(u);
      this.setStatus(u, { kind: 'done', count: this.visibleCount(u) });
      this.findingsEmitter.fire(nb.uri);
      for (const uri of u.cellUris ?? []) this.findingsEmitter.fire(uri);
    } catch (e) {
      if (u.generation !== generation) return;
      this.failed(u, nb.uri, e);
    }
  }

  /** An analysis failed (engine error or worker crash): keep the last diagnostics, log, and say so in the status. */
  private failed(u: Unit, uri: vscode.Uri, e: unknown): void {
    this.output.error(`analysis of ${uri.toString(true)} failed: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
    const message = e instanceof WorkerCrashedError
      ? t('The analysis worker stopped and was restarted; edit the file to analyse it again. ({0})', e.message)
      : e instanceof Error ? e.message : String(e);
    this.setStatus(u, { kind: 'error', message });
  }

  private visibleCount(u: Unit): number {
    return toDiagnosticData(u.findings, this.language(), this.config.ruleSeverities).length;
  }

  private publish(u: Unit): void {
    if (u.cellUris) {
      const byCell = new Map<number, Finding[]>();
      for (const f of u.findings) {
        if (f.cell === undefined) continue;
        byCell.set(f.cell, [...(byCell.get(f.cell) ?? []), f]);
      }
      u.cellUris.forEach((uri, i) => this.diagnostics.set(uri, this.toDiagnostics(byCell.get(i) ?? [])));
    } else {
      this.diagnostics.set(vscode.Uri.parse(u.key), this.toDiagnostics(u.findings));
    }
  }

  private clearCells(u: Unit): void {
    for (const uri of u.cellUris ?? []) this.diagnostics.delete(uri);
  }

  /** Document or notebook closed: drop its findings, diagnostics and pending work. */
  private forget(uri: vscode.Uri): void {
    const key = uri.toString();
    const u = this.units.get(key);
    if (!u) return;
    if (u.timer) clearTimeout(u.timer);
    u.generation++;
    u.handle?.cancel();
    this.clearCells(u);
    this.diagnostics.delete(uri);
    this.units.delete(key);
    this.findingsEmitter.fire(uri);
    this.statusEmitter.fire(uri);
  }

  dispose(): void {
    for (const u of this.units.values()) if (u.timer) clearTimeout(u.timer);
    for (const d of this.disposables) d.dispose();
    this.worker?.dispose();
    this.diagnostics.dispose();
    this.findingsEmitter.dispose();
    this.statusEmitter.dispose();
  }
}

const SEVERITY: Record<'hint' | 'information' | 'warning', vscode.DiagnosticSeverity> = {
  hint: vscode.DiagnosticSeverity.Hint,
  information: vscode.DiagnosticSeverity.Information,
  warning: vscode.DiagnosticSeverity.Warning,
};

/**
 * Changes whenever a cell's text, kind or language changes or cells are added, removed or moved, and not when
 * only outputs or metadata change (running a cell must not re-analyse the notebook).
 */
/** A notebook's cells as the analyzer reads them (only Python code cells are code). */
function cellsOf(nb: vscode.NotebookDocument): NotebookCell[] {
  return nb.getCells().map((c) => ({
    kind: c.kind === vscode.NotebookCellKind.Code && c.document.languageId === 'python' ? 'code' : 'markdown',
    source: c.document.getText(),
  }));
}

export function notebookVersion(nb: vscode.NotebookDocument): string {
  return nb.getCells().map((c) => `${c.document.uri.fragment}:${c.kind}:${c.document.languageId}:${c.document.version}`).join('|');
}

/** The lines on screen in editors showing `doc` (±5), so the worker verifies their fixes first. */
function visibleLines(doc: vscode.TextDocument): Array<[number, number]> {
  return vscode.window.visibleTextEditors.filter((e) => e.document === doc)
    .flatMap((e) => e.visibleRanges.map((r): [number, number] => [Math.max(0, r.start.line - 5), r.end.line + 5]));
}

/** UTF-8 size of a string without encoding it (no Buffer in the browser's extension host; TextEncoder would copy). */
function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}
