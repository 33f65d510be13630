// Training runs in a real VS Code: the Runs view lists the runs of the workspace (examples/runs, copied from
// the synthetic fixtures) with their diagnoses, Open Training Run… opens the run panel (painted charts, the
// diagnosis drawn), a folder outside the workspace opens too, and a run that grows updates view and panel.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';
import type { RunRow } from '../../src/core/runs/panel/treeRows';
import type { RunPanelState } from '../../src/extension/runs/runPanel';
import { hoverTexts, waitFor, waitForRule } from './editorHelpers';
import { extension } from './support';

interface Snapshot { scans: number; rows: RunRow[] }

const snapshot = async () => (await vscode.commands.executeCommand('trainingAdvisor.runs.snapshot')) as Snapshot;
const panels = async () => (await vscode.commands.executeCommand('trainingAdvisor.runPanel.state')) as RunPanelState[];
const runTabs = () => vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith('trainingAdvisor.run'));
const workspace = () => vscode.workspace.workspaceFolders![0]!.uri.fsPath;

describe('training runs: Runs view and run panel', function () {
  this.timeout(90_000);
  const live = () => path.join(workspace(), 'runs', 'live', 'train_metrics.csv');

  before(async () => {
    await extension().activate();
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    fs.rmSync(path.dirname(live()), { recursive: true, force: true });
  });

  it('lists the workspace runs with their diagnoses as children', async () => {
    const s = await snapshot();
    const labels = s.rows.map((r) => r.label);
    assert.ok(labels.includes('runs/exploding-gradients/train.log'), labels.join(', '));
    assert.ok(labels.includes('runs/overfitting/checkpoint-1000/trainer_state.json'), labels.join(', '));
    const exploding = s.rows.find((r) => r.label === 'runs/exploding-gradients/train.log')!;
    assert.equal(exploding.count, 1);
    assert.match(exploding.children[0]!.id, /exploding-gradients$/);
    assert.match(exploding.children[0]!.description, /150/);
    const overfitting = s.rows.find((r) => r.label.startsWith('runs/overfitting'))!;
    assert.ok(overfitting.children.some((c) => c.id.endsWith('/overfitting')), overfitting.children.map((c) => c.id).join());
  });

  it("the grad-clip hover names the workspace run that shows exploding gradients", async () => {
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(path.join(workspace(), 'train_classifier.py')));
    await vscode.window.showTextDocument(doc);
    const [d] = await waitForRule(doc.uri, 'grad-clip');
    const text = await hoverTexts(doc.uri, d!.range.start.translate(0, 1));
    assert.match(text, /runs\/exploding-gradients\/train\.log/);
    assert.match(text, /(exploding gradients at step 150|第 150 步出现梯度爆炸)/);
  });

  it('Open Training Run… opens the run panel at a diagnosis: charts painted, the diagnosis drawn', async () => {
    const file = path.join(workspace(), 'runs', 'exploding-gradients', 'train.log');
    assert.equal(await vscode.commands.executeCommand('trainingAdvisor.openRun', { path: file, diagnosis: 0 }), true);
    const p = await waitFor('the run panel painted', async () => (await panels()).find((x) => x.path === file && x.charts > 0));
    assert.ok(p.charts >= 2, `${p.charts} charts (loss, learning rate, grad norm)`);
    assert.ok(p.markers >= 1, `${p.markers} diagnosis markers`);
    assert.equal(p.diagnoses, 1);
    assert.equal(runTabs().length, 1);
    // Opening the same run again reuses its tab.
    assert.equal(await vscode.commands.executeCommand('trainingAdvisor.openRun', vscode.Uri.file(file)), true);
    assert.equal(runTabs().length, 1);
  });

  it('opens a run folder outside the workspace (TensorBoard event files)', async () => {
    const folder = path.join(process.env.TA_FIXTURES_DIR!, 'runs', 'real', 'tensorboard-lstm');
    assert.equal(await vscode.commands.executeCommand('trainingAdvisor.openRun', vscode.Uri.file(folder)), true);
    const p = await waitFor('the TensorBoard run painted', async () => (await panels()).find((x) => x.path === folder && x.charts > 0));
    assert.equal(p.diagnoses, 0);
    assert.equal(await vscode.commands.executeCommand('trainingAdvisor.openRun', vscode.Uri.file(path.join(workspace(), 'README.md'))), false);
  });

  it('a run that grows updates the view and its open panel', async () => {
    const lines = fs.readFileSync(path.join(process.env.TA_FIXTURES_DIR!, 'runs', 'synthetic', 'nan-loss', 'train_metrics.csv'), 'utf8').split('\n');
    const cut = lines.findIndex((l) => /,nan,/.test(l));
    fs.mkdirSync(path.dirname(live()), { recursive: true });
    fs.writeFileSync(live(), lines.slice(0, cut - 20).join('\n') + '\n');
    const label = 'runs/live/train_metrics.csv';
    const before = await waitFor('the new run in the view', async () => (await snapshot()).rows.find((r) => r.label === label));
    assert.equal(before.count, 0, 'healthy before the NaN');
    assert.equal(await vscode.commands.executeCommand('trainingAdvisor.openRun', { path: live() }), true);
    await waitFor('the live panel painted', async () => (await panels()).find((x) => x.path === live() && x.charts > 0));
    fs.appendFileSync(live(), lines.slice(cut - 20).join('\n'));
    await waitFor('the panel updated with the NaN', async () => (await panels()).find((x) => x.path === live() && x.diagnoses > 0 && x.updates > 0), 30_000);
    const row = (await snapshot()).rows.find((r) => r.label === label)!;
    assert.ok(row.children.some((c) => c.id.endsWith('/nan-loss')), row.children.map((c) => c.id).join());
  });
});
