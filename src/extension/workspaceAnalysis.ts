/**
 * Analyze Workspace: every .py / .ipynb file, with a cancellable progress notification; results go to the
 * Problems panel. Open documents use the live analysis; closed files get their own diagnostic collection
 * (cleared for a file as soon as it is opened, when the live analysis takes over).
 */
import * as vscode from 'vscode';
import { parseNotebookJson } from '../core/analysis/notebook';
import { notebookPositions } from '../core/analysis/notebookPositions';
import { t } from './i18n';
import type { AnalysisManager } from './analysisManager';
import type { Config } from './config';

const EXCLUDE = '**/{node_modules,.git,.venv,venv,env,__pycache__,site-packages,.tox,dist,build}/**';

export class WorkspaceAnalysis implements vscode.Disposable {
  readonly diagnostics = vscode.languages.createDiagnosticCollection('trainingAdvisor.workspace');
  private readonly listeners: vscode.Disposable[];

  constructor(private readonly analysis: AnalysisManager, private readonly config: Config, private readonly output: vscode.LogOutputChannel) {
    this.listeners = [
      vscode.workspace.onDidOpenTextDocument((d) => this.diagnostics.delete(d.uri)),
      vscode.workspace.onDidOpenNotebookDocument((nb) => this.diagnostics.delete(nb.uri)),
    ];
  }

  /** Returns { files, findings } analysed (also when cancelled part-way). */
  async run(): Promise<{ files: number; findings: number; cancelled: boolean }> {
    return vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: t('Training Advisor: analysing the workspace'), cancellable: true },
      async (progress, token) => {
        const uris = await vscode.workspace.findFiles('**/*.{py,ipynb}', EXCLUDE, 10000, token);
        let files = 0;
        let findings = 0;
        const limit = this.config.maxFileSizeKB * 1024;
        for (const uri of uris) {
          if (token.isCancellationRequested) break;
          progress.report({ message: vscode.workspace.asRelativePath(uri), increment: 100 / uris.length });
          try {
            findings += await this.analyseOne(uri, limit, () => token.isCancellationRequested);
            files++;
          } catch (e) {
            this.output.warn(`Analyze Workspace: ${uri.toString(true)}: ${e instanceof Error ? e.message : String(e)}`);
          }
        }
        const cancelled = token.isCancellationRequested;
        this.output.info(`Analyze Workspace: ${files}/${uris.length} files, ${findings} findings${cancelled ? ' (cancelled)' : ''}`);
        return { files, findings, cancelled };
      },
    );
  }

  private async analyseOne(uri: vscode.Uri, limit: number, isCancelled: () => boolean): Promise<number> {
    const openDoc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    if (openDoc) return (await this.analysis.analyzeNow(openDoc)).length;
    const openNb = vscode.workspace.notebookDocuments.find((n) => n.uri.toString() === uri.toString());
    if (openNb) return (await this.analysis.analyzeNotebookNow(openNb)).length;
    const stat = await vscode.workspace.fs.stat(uri);
    if (stat.size > limit) return 0;
    const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
    if (uri.path.endsWith('.ipynb')) {
      const { cells, error } = parseNotebookJson(text);
      if (error) return 0;
      const found = await this.analysis.analyzeCells(cells, isCancelled);
      this.diagnostics.set(uri, this.analysis.toDiagnostics(found, { positions: notebookPositions(text) }));
      return found.length;
    }
    const found = await this.analysis.analyzeText(text, isCancelled);
    this.diagnostics.set(uri, this.analysis.toDiagnostics(found));
    return found.length;
  }

  dispose(): void {
    for (const l of this.listeners) l.dispose();
    this.diagnostics.dispose();
  }
}
