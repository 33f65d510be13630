/**
 * Every command the extension contributes. vscode-free so a unit test can compare it with package.json's
 * `contributes.commands`; commands.ts maps each id to its handler (the type forces one handler per id).
 */
export const COMMAND_IDS = [
  'trainingAdvisor.search',
  'trainingAdvisor.browseTopics',
  'trainingAdvisor.analyzeFile',
  'trainingAdvisor.analyzeWorkspace',
  'trainingAdvisor.showRuleDocs',
  'trainingAdvisor.openAdvice',
  'trainingAdvisor.openSidebar',
  'trainingAdvisor.showFileHints',
  'trainingAdvisor.focusSidebarSearch',
  'trainingAdvisor.toggleSidebarLanguage',
  'trainingAdvisor.applyFix',
  'trainingAdvisor.ignoreOnLine',
  'trainingAdvisor.disableRule',
  'trainingAdvisor.openRun',
] as const;

export type CommandId = (typeof COMMAND_IDS)[number];

/** The code-action kind of the "fix all safe problems" source action. */
export const FIX_ALL_KIND = 'source.fixAll.trainingAdvisor';

/** The command link the Problems panel opens for a rule id (the rule's page). */
export function ruleDocsCommandUri(ruleId: string): string {
  return `command:trainingAdvisor.showRuleDocs?${encodeURIComponent(JSON.stringify([ruleId]))}`;
}
