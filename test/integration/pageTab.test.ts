// The advice page in an editor tab (sidebar/panel.ts) in a real VS Code: rule documentation opens there, beside
// the code, one tab reused for the next page, its title following the page; it closes cleanly.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { waitFor } from './editorHelpers';
import { extension, workspacePythonFile } from './support';

interface PageState { open: boolean; ready: boolean; title: string | null; lastRoute: unknown; pages: number }

const state = async () => (await vscode.commands.executeCommand('trainingAdvisor.page.state')) as PageState | null;

function pageTabs(): vscode.Tab[] {
  return vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith('trainingAdvisor.page'));
}

async function settled(check: (s: PageState) => boolean, what: string): Promise<PageState> {
  return waitFor(what, async () => {
    const s = await state();
    return s && check(s) ? s : undefined;
  }, 30_000);
}

describe('advice page in an editor tab', () => {
  before(async () => {
    await extension().activate();
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(await workspacePythonFile()));
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('Show Rule Documentation opens the rule page in a tab beside the code', async () => {
    const editorColumn = vscode.window.activeTextEditor?.viewColumn;
    assert.ok(await vscode.commands.executeCommand('trainingAdvisor.showRuleDocs', 'grad-clip'));
    const s = await settled((x) => x.ready && JSON.stringify(x.lastRoute) === JSON.stringify({ kind: 'rule', id: 'grad-clip' }), 'the rule page in the tab');
    assert.match(s.title ?? '', /grad-clip/);
    const tabs = pageTabs();
    assert.equal(tabs.length, 1, 'one page tab');
    assert.match(tabs[0]!.label, /grad-clip/);
    assert.notEqual(tabs[0]!.group.viewColumn, editorColumn, 'beside the code, not over it');
  });

  it('the next page reuses the tab (a history step in it)', async () => {
    const before = (await state())!.pages;
    assert.ok(await vscode.commands.executeCommand('trainingAdvisor.showRuleDocs', 'eval-no-grad'));
    const s = await settled((x) => JSON.stringify(x.lastRoute) === JSON.stringify({ kind: 'rule', id: 'eval-no-grad' }), 'the second rule page');
    assert.ok(s.pages > before);
    assert.equal(pageTabs().length, 1, 'still one page tab');
    await waitFor('the tab titled after the new page', () => /eval-no-grad/.test(pageTabs()[0]?.label ?? ''));
  });

  it('an unknown rule opens nothing; closing the tab resets it', async () => {
    assert.equal(await vscode.commands.executeCommand('trainingAdvisor.showRuleDocs', 'no-such-rule'), false);
    await vscode.window.tabGroups.close(pageTabs());
    await settled((x) => !x.open, 'the tab closed');
  });
});
