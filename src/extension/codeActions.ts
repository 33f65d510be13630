/**
 * Code actions on a finding: the rule's fix (preferred when safe), "Show advice: <technique> (9#5)",
 * "Ignore <rule> on this line", "Disable <rule>"; and `source.fixAll.trainingAdvisor`, safe fixes only.
 */
import * as vscode from 'vscode';
import { plainCodeSpans } from '../core/render/plainText';
import type { Finding, TextEdit } from '../core/analysis/types';
import type { KnowledgeBase, Lang } from '../core/knowledge/types';
import { FIX_ALL_KIND } from './commandIds';
import { t } from './i18n';
import { singleEdit } from '../core/analysis/fixAll';
import { rangesTouch } from './diagnosticData';
import { localize } from '../core/knowledge/localize';
import { refLabel } from '../core/knowledge/refs';
import { ignoreEdit } from '../core/analysis/suppression';
import { DIAGNOSTIC_SOURCE, type AnalysisManager } from './analysisManager';
import type { Config } from './config';

export const fixAllKind = vscode.CodeActionKind.SourceFixAll.append('trainingAdvisor');

export class AdvisorCodeActions implements vscode.CodeActionProvider {
  static readonly metadata: vscode.CodeActionProviderMetadata = {
    providedCodeActionKinds: [vscode.CodeActionKind.QuickFix, fixAllKind],
  };

  constructor(
    private readonly analysis: AnalysisManager,
    private readonly config: Config,
    private readonly kb: () => KnowledgeBase,
    private readonly lang: () => Lang,
  ) {}

  async provideCodeActions(doc: vscode.TextDocument, range: vscode.Range | vscode.Selection, context: vscode.CodeActionContext): Promise<vscode.CodeAction[]> {
    if (!this.config.enabled) return [];
    // Fix-all alone is what codeActionsOnSave asks for: a save must never wait on us, so it gets the fixes
    // of the analysis already done for this version, or none. Quick fixes wait briefly for the worker's
    // verified fixes (they follow the findings) instead of offering none.
    const onlyFixAll = !!context.only && fixAllKind.intersects(context.only) && !context.only.intersects(vscode.CodeActionKind.QuickFix);
    await this.analysis.fixesReady(doc.uri, onlyFixAll ? 0 : undefined);
    const severities = this.config.ruleSeverities;
    const findings = this.analysis.findingsFor(doc.uri).filter((f) => (severities[f.ruleId] ?? f.severity) !== 'off');
    const current = this.analysis.isCurrent(doc);
    const actions: vscode.CodeAction[] = [];
    if (context.only && fixAllKind.intersects(context.only)) {
      const fixAll = await this.fixAll(doc, findings, current);
      if (fixAll) actions.push(fixAll);
    }
    if (context.only && !context.only.intersects(vscode.CodeActionKind.QuickFix)) return actions;

    const wanted = { startLine: range.start.line, startColumn: range.start.character, endLine: range.end.line, endColumn: range.end.character };
    const seenRules = new Set<string>();
    for (const finding of findings) {
      if (!rangesTouch(finding.range, wanted)) continue;
      const diagnostics = context.diagnostics.filter((d) => d.source === DIAGNOSTIC_SOURCE && codeOf(d) === finding.ruleId && d.range.start.line === finding.range.startLine);
      if (finding.fix && current) actions.push(this.fixAction(doc, finding, diagnostics));
      if (seenRules.has(finding.ruleId)) continue;
      seenRules.add(finding.ruleId);
      const ref = finding.advice[0];
      if (ref) {
        const a = new vscode.CodeAction(t('Show advice: {0} ({1})', refLabel(this.kb(), ref, this.lang()), ref), vscode.CodeActionKind.QuickFix);
        a.command = { command: 'trainingAdvisor.openAdvice', title: a.title, arguments: [ref] };
        a.diagnostics = diagnostics;
        actions.push(a);
      }
      const ignore = this.ignoreAction(doc, finding, diagnostics);
      if (ignore) actions.push(ignore);
      const disable = new vscode.CodeAction(t('Disable {0}', finding.ruleId), vscode.CodeActionKind.QuickFix);
      disable.command = { command: 'trainingAdvisor.disableRule', title: disable.title, arguments: [finding.ruleId] };
      disable.diagnostics = diagnostics;
      actions.push(disable);
    }
    return actions;
  }

  private fixAction(doc: vscode.TextDocument, finding: Finding, diagnostics: vscode.Diagnostic[]): vscode.CodeAction {
    const fix = finding.fix!;
    const a = new vscode.CodeAction(plainCodeSpans(localize(fix.title, this.lang()), this.lang()), vscode.CodeActionKind.QuickFix);
    a.edit = toWorkspaceEdit(doc.uri, fix.edits);
    a.isPreferred = fix.safe;
    a.diagnostics = diagnostics;
    return a;
  }

  private ignoreAction(doc: vscode.TextDocument, finding: Finding, diagnostics: vscode.Diagnostic[]): vscode.CodeAction | undefined {
    const line = finding.range.startLine;
    if (line >= doc.lineCount) return undefined;
    const edit = ignoreEdit(doc.lineAt(line).text, line, finding.ruleId);
    if (!edit) return undefined;
    const a = new vscode.CodeAction(t('Ignore {0} on this line', finding.ruleId), vscode.CodeActionKind.QuickFix);
    a.edit = new vscode.WorkspaceEdit();
    a.edit.replace(doc.uri, new vscode.Range(edit.line, edit.start, edit.line, edit.end), edit.text);
    a.diagnostics = diagnostics;
    return a;
  }

  /**
   * One edit from the document to its text after the core's fix-all loop, so the editor's fix-all and
   * `check --fix` give the same program (fixes that touch the same lines are applied pass by pass).
   */
  private async fixAll(doc: vscode.TextDocument, findings: readonly Finding[], current: boolean): Promise<vscode.CodeAction | undefined> {
    if (!current || !findings.some((f) => f.fix?.safe)) return undefined;
    const version = doc.version;
    const before = doc.getText();
    let fixed: string | undefined;
    try {
      fixed = await this.analysis.fixAll(doc);
    } catch {
      return undefined; // the worker failed; the status bar reports it, fix-all offers nothing
    }
    const edit = fixed === undefined || doc.version !== version ? null : singleEdit(before, fixed);
    if (!edit) return undefined;
    const a = new vscode.CodeAction(t('Apply all safe Training Advisor fixes'), fixAllKind);
    a.edit = toWorkspaceEdit(doc.uri, [edit]);
    return a;
  }
}

function codeOf(d: vscode.Diagnostic): string | undefined {
  const c = d.code;
  if (c === undefined) return undefined;
  return typeof c === 'object' ? String(c.value) : String(c);
}

export function toWorkspaceEdit(uri: vscode.Uri, edits: readonly TextEdit[]): vscode.WorkspaceEdit {
  const we = new vscode.WorkspaceEdit();
  for (const e of edits) {
    we.replace(uri, new vscode.Range(e.range.startLine, e.range.startColumn, e.range.endLine, e.range.endColumn), e.newText);
  }
  return we;
}
