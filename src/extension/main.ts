/**
 * Shared by both entry points (extension.node.ts, extension.web.ts): activateOn() only wires: it builds the Services, hands them to each part and measures itself.
 * Nothing heavy here: the knowledge base is parsed on first use, the search index deserialized in idle time
 * after activation (or on the first search), the tree-sitter parser loaded on the first analysis.
 */
import * as vscode from 'vscode';
import type { Lang } from '../core/knowledge/types';
import { AnalysisManager } from './analysisManager';
import { AdvisorCodeActions } from './codeActions';
import { registerCommands, registerUriHandler } from './commands';
import { ruleDocsCommandUri } from './commandIds';
import { Config } from './config';
import { AdvisorHoverProvider } from './hovers';
import { configureI18n, loadZhBundle, vscodeLang } from './i18n';
import { BuiltinKnowledge } from './knowledgeService';
import { PackService } from './packs/packService';
import type { Services, SidebarController } from './services';
import { registerRuns, type RunsController } from './runs/index';
import { registerSidebar } from './sidebar/index';
import { registerStatus } from './status';
import { WorkspaceAnalysis } from './workspaceAnalysis';
import type { Platform } from './platform/types';

/** What activate() returns (tests read it through `extension.exports`). */
export interface TrainingAdvisorApi {
  activationMs: number;
  services: Services;
  /** For tests: analyse now and wait for the published findings. */
  analysis: AnalysisManager;
  /** For tests: the team knowledge packs (await `packs.reload()`, read `packs.packs`). */
  packs: PackService;
  /** Which extension host runs it: 'node' or 'web' (the browser's web worker). */
  platform: Platform['kind'];
}

/** Test builds only (TEST_HOOKS): where this copy runs and how long it took to activate (the web e2e reads it). */
export const HOST_INFO_COMMAND = 'trainingAdvisor.hostInfo';

const PYTHON: vscode.DocumentSelector = [{ language: 'python' }];

export async function activateOn(platform: Platform, context: vscode.ExtensionContext): Promise<TrainingAdvisorApi> {
  const t0 = performance.now();
  // Per-phase durations, logged with the total so a slow activation says where the time went.
  const phases: string[] = [];
  let last = t0;
  const mark = (name: string) => {
    const now = performance.now();
    phases.push(`${name} ${(now - last).toFixed(1)}`);
    last = now;
  };
  const output = vscode.window.createOutputChannel('Training Advisor', { log: true });
  const config = new Config();
  const language = (): Lang => (config.language === 'auto' ? vscodeLang() : config.language);
  await loadZhBundle(() => platform.readExtensionFile(vscode.Uri.joinPath(context.extensionUri, 'l10n', 'bundle.l10n.zh-cn.json')));
  configureI18n({ setting: config.language });

  mark('setup');
  const knowledge = new BuiltinKnowledge(context.extensionUri, output, (uri) => platform.readExtensionFile(uri));
  await knowledge.load();
  mark('knowledge');
  const analysis = new AnalysisManager(platform.spawnEngine(context.extensionUri), config, output, language, (id) => vscode.Uri.parse(ruleDocsCommandUri(id)));
  const services: Services = { context, config, knowledge, analysis, output, language };
  const kb = () => knowledge.kb;
  const workspace = new WorkspaceAnalysis(analysis, config, output);
  // Team knowledge packs (trainingAdvisor.knowledgePaths): merged into `knowledge`, reloaded on change.
  const packs = new PackService(knowledge, config, platform, output);
  context.subscriptions.push(output, config, knowledge, packs, analysis, workspace);

  // Set once the Runs view is registered (after the sidebar); hovers read it lazily.
  let runs: RunsController | undefined;
  mark('services');
  registerCommands({ services, analysis, workspace });
  registerUriHandler(services);
  mark('commands');
  context.subscriptions.push(
    vscode.languages.registerHoverProvider(PYTHON, new AdvisorHoverProvider(analysis, config, kb, language, output, (ruleId) => runs?.runNote(ruleId))),
    vscode.languages.registerCodeActionsProvider(PYTHON, new AdvisorCodeActions(analysis, config, kb, language), AdvisorCodeActions.metadata),
  );
  const status = registerStatus(context, analysis);
  mark('providers');

  context.subscriptions.push(config.onDidChange((c) => {
    if (c.language) {
      configureI18n({ setting: config.language });
      status.refresh();
    }
  }));

  // After registerCommands: the command table owns trainingAdvisor.openSidebar and delegates to this handle.
  services.sidebar = registerSidebar(services) satisfies SidebarController;
  mark('sidebar');
  services.runs = runs = registerRuns(services, platform.runFiles);
  mark('runs');
  analysis.start();
  mark('documents');
  knowledge.warmUp(1500);
  packs.start();
  const activationMs = Math.round((performance.now() - t0) * 10) / 10;
  if (TEST_HOOKS) {
    context.subscriptions.push(vscode.commands.registerCommand(HOST_INFO_COMMAND, () => ({
      platform: platform.kind, uiKind: vscode.env.uiKind === vscode.UIKind.Web ? 'web' : 'desktop', activationMs,
    })));
  }
  output.info(`activated in ${activationMs} ms on the ${platform.kind === 'web' ? 'web worker' : 'Node'} extension host (${phases.join(', ')})`);
  return { activationMs, services, analysis, packs, platform: platform.kind };
}

export function deactivate(): void {
  // Everything is in context.subscriptions.
}
