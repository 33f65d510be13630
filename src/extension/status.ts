/**
 * The Python language status item: this file's hint count, "analysing…", or why it was skipped.
 * Clicking it lists the file's hints.
 */
import * as vscode from 'vscode';
import { t } from './i18n';
import type { AnalysisManager, AnalysisStatus } from './analysisManager';

export function registerStatus(context: vscode.ExtensionContext, analysis: AnalysisManager): { refresh(): void } {
  const item = vscode.languages.createLanguageStatusItem('trainingAdvisor.status', { language: 'python' });
  item.name = t('Training Advisor');
  const refresh = () => {
    const doc = vscode.window.activeTextEditor?.document;
    const status: AnalysisStatus = doc ? analysis.statusFor(doc.uri) : { kind: 'idle' };
    const view = describe(status);
    item.text = view.text;
    item.detail = view.detail;
    item.busy = status.kind === 'analysing';
    item.severity = status.kind === 'error' || (status.kind === 'skipped' && status.reason === 'tooLarge')
      ? vscode.LanguageStatusSeverity.Warning
      : vscode.LanguageStatusSeverity.Information;
    item.command = { command: 'trainingAdvisor.showFileHints', title: t('Show hints'), tooltip: t('List the hints for this file') };
  };
  context.subscriptions.push(
    item,
    vscode.window.onDidChangeActiveTextEditor(refresh),
    analysis.onDidChangeStatus(refresh),
  );
  refresh();
  return { refresh };
}

function describe(s: AnalysisStatus): { text: string; detail?: string } {
  switch (s.kind) {
    case 'analysing':
      return { text: `$(sync~spin) ${t('Training Advisor: analysing…')}` };
    case 'done':
      return s.count === 1
        ? { text: `$(lightbulb) ${t('Training Advisor: 1 hint')}` }
        : { text: `$(lightbulb) ${t('Training Advisor: {0} hints', s.count)}` };
    case 'skipped':
      return s.reason === 'tooLarge'
        ? { text: `$(circle-slash) ${t('Training Advisor: skipped (too large)')}`, detail: t('{0} KB is over the trainingAdvisor.maxFileSizeKB limit', s.sizeKB ?? '?') }
        : { text: `$(circle-slash) ${t('Training Advisor: off')}`, detail: t('Enable it with the trainingAdvisor.enable setting') };
    case 'error':
      return { text: `$(warning) ${t('Training Advisor: analysis failed')}`, detail: s.message };
    default:
      return { text: `$(lightbulb) ${t('Training Advisor')}` };
  }
}
