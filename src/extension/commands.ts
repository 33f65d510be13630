/**
 * The command table: one handler per id in commandIds.ts (= package.json `contributes.commands`).
 * Handlers return values where that helps tests (e.g. analyzeFile returns the findings).
 */
import * as vscode from 'vscode';
import { COMMAND_IDS, type CommandId } from './commandIds';
import { getRuleMeta } from './core';
import { t } from './i18n';
import { ignoreEdit } from '../core/analysis/suppression';
import { routeUri } from './uriRoutes';
import { browseTopics, pickRule, searchKnowledge, showFileHints } from './pickers';
import { focusSidebarSearch, toggleSidebarLanguage } from './sidebar/index';
import { toWorkspaceEdit } from './codeActions';
import type { AnalysisManager } from './analysisManager';
import type { Services } from './services';
import type { WorkspaceAnalysis } from './workspaceAnalysis';

export interface CommandDeps {
  services: Services;
  analysis: AnalysisManager;
  workspace: WorkspaceAnalysis;
}

type Handler = (...args: any[]) => unknown; // eslint-disable-line @typescript-eslint/no-explicit-any

export function commandTable(d: CommandDeps): Record<CommandId, Handler> {
  const { services, analysis } = d;

  const openAdvice = async (ref?: unknown): Promise<boolean> => {
    if (typeof ref !== 'string' || !ref.trim()) {
      return (await searchKnowledge(services, openAdvice)) !== undefined;
    }
    // The sidebar is registered right after the command table (main.ts), before any command can run.
    const shown = (await services.sidebar?.reveal({ ref })) ?? false;
    if (!shown) {
      void vscode.window.showWarningMessage(t('No advice {0} in the knowledge base.', ref));
      return false;
    }
    return true;
  };

  const showRule = async (id: string): Promise<boolean> => {
    // Rule documentation (examples, advice) is long: it opens in an editor tab beside the code.
    const sidebar = services.sidebar;
    const shown = (await (sidebar?.openInTab ? sidebar.openInTab({ ruleId: id }) : sidebar?.reveal({ ruleId: id }))) ?? false;
    if (!shown) {
      void vscode.window.showWarningMessage(t('Unknown rule {0}.', id));
      return false;
    }
    return true;
  };

  return {
    'trainingAdvisor.search': (initial?: unknown) => searchKnowledge(services, openAdvice, typeof initial === 'string' ? initial : ''),
    'trainingAdvisor.browseTopics': () => browseTopics(services, openAdvice),
    'trainingAdvisor.openAdvice': openAdvice,
    // The sidebar (sidebar/index.ts) owns what "open" means; this only delegates, or falls back to showing
    // the view container and the advice panel when no sidebar registered a controller.
    'trainingAdvisor.openSidebar': async (target?: unknown) => {
      const args = typeof target === 'string' ? { ref: target } : typeof target === 'object' && target !== null ? (target as { ref?: string; ruleId?: string; rule?: string }) : undefined;
      if (services.sidebar) return services.sidebar.reveal(args && { ref: args.ref, ruleId: args.ruleId ?? args.rule });
      await vscode.commands.executeCommand('workbench.view.extension.trainingAdvisor');
      if (args?.ref) return openAdvice(args.ref);
      if (args?.ruleId ?? args?.rule) return showRule((args.ruleId ?? args.rule)!);
      return true;
    },
    'trainingAdvisor.showRuleDocs': async (id?: unknown) => {
      const ruleId = typeof id === 'string' ? id : await pickRule(services);
      return ruleId ? showRule(ruleId) : false;
    },
    'trainingAdvisor.analyzeFile': async () => {
      const nb = vscode.window.activeNotebookEditor?.notebook;
      const doc = vscode.window.activeTextEditor?.document;
      if (nb && (!doc || doc.uri.scheme === 'vscode-notebook-cell')) return analysis.analyzeNotebookNow(nb);
      if (!doc || doc.languageId !== 'python') {
        void vscode.window.showInformationMessage(t('Open a Python file or a notebook to analyse it.'));
        return [];
      }
      const findings = await analysis.analyzeNow(doc);
      const status = analysis.statusFor(doc.uri);
      if (status.kind === 'skipped') void vscode.window.showInformationMessage(status.reason === 'tooLarge' ? t('Training Advisor skipped this file: it is larger than trainingAdvisor.maxFileSizeKB.') : t('Training Advisor is turned off (trainingAdvisor.enable).'));
      return findings;
    },
    'trainingAdvisor.analyzeWorkspace': async () => {
      const r = await d.workspace.run();
      const msg = r.cancelled
        ? t('Analysis cancelled after {0} files ({1} hints).', r.files, r.findings)
        : t('Analysed {0} files: {1} hints. See the Problems panel.', r.files, r.findings);
      void vscode.window.showInformationMessage(msg);
      if (r.findings > 0) void vscode.commands.executeCommand('workbench.actions.view.problems');
      return r;
    },
    'trainingAdvisor.showFileHints': () => showFileHints(services, (uri) => analysis.findingsFor(uri)),
    // The Topics tree's title actions (sidebar/index.ts owns the sidebar's state).
    'trainingAdvisor.focusSidebarSearch': () => focusSidebarSearch(),
    'trainingAdvisor.toggleSidebarLanguage': () => toggleSidebarLanguage(),
    'trainingAdvisor.applyFix': async (uri?: unknown, index?: unknown, version?: unknown) => {
      const doc = vscode.workspace.textDocuments.find((x) => x.uri.toString() === uri);
      const finding = doc && typeof index === 'number' ? analysis.findingsFor(doc.uri)[index] : undefined;
      if (!doc || !finding || !analysis.isCurrent(doc) || (typeof version === 'number' && version !== doc.version)) {
        void vscode.window.showWarningMessage(t('The file changed since it was analysed; try again in a moment.'));
        return false;
      }
      await analysis.fixesReady(doc.uri); // verified in the analysis worker, shortly after the findings
      const fix = finding.fix;
      if (!fix) {
        void vscode.window.showInformationMessage(t('No automatic fix for this hint here; see the advice instead.'));
        return false;
      }
      return vscode.workspace.applyEdit(toWorkspaceEdit(doc.uri, fix.edits));
    },
    'trainingAdvisor.ignoreOnLine': async (uri?: unknown, line?: unknown, ruleId?: unknown) => {
      const editor = vscode.window.activeTextEditor;
      const doc = typeof uri === 'string' ? vscode.workspace.textDocuments.find((x) => x.uri.toString() === uri) : editor?.document;
      const l = typeof line === 'number' ? line : editor?.selection.active.line;
      if (!doc || l === undefined || typeof ruleId !== 'string') return false;
      const e = ignoreEdit(doc.lineAt(l).text, l, ruleId);
      if (!e) return true;
      const we = new vscode.WorkspaceEdit();
      we.replace(doc.uri, new vscode.Range(e.line, e.start, e.line, e.end), e.text);
      return vscode.workspace.applyEdit(we);
    },
    // runs/index.ts owns the run panels; registered right after the command table (main.ts).
    'trainingAdvisor.openRun': (target?: unknown) => services.runs?.open(target) ?? false,
    'trainingAdvisor.disableRule': async (ruleId?: unknown) => {
      if (typeof ruleId !== 'string' || !getRuleMeta(ruleId)) return false;
      await services.config.setRuleSeverity(ruleId, 'off');
      void vscode.window.showInformationMessage(t('{0} is now off. Re-enable it in the trainingAdvisor.rules setting.', ruleId));
      return true;
    },
  };
}

export function registerCommands(d: CommandDeps): void {
  const table = commandTable(d);
  for (const id of COMMAND_IDS) {
    d.services.context.subscriptions.push(vscode.commands.registerCommand(id, async (...args: unknown[]) => {
      try {
        return await table[id](...args);
      } catch (e) {
        d.services.output.error(`${id} failed: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
        void vscode.window.showErrorMessage(t('Training Advisor: {0}', e instanceof Error ? e.message : String(e)));
        throw e;
      }
    }));
  }
}

/** `vscode://training-advisor.training-advisor/advice?ref=9%235` and `/rule?id=grad-clip`. */
export function registerUriHandler(services: Services): void {
  services.context.subscriptions.push(vscode.window.registerUriHandler({
    handleUri(uri: vscode.Uri) {
      const route = routeUri(uri.path, uri.query);
      if (route) return vscode.commands.executeCommand(route.command, route.arg);
      services.output.warn(`unknown link ${uri.toString(true)}`);
      return undefined;
    },
  }));
}
