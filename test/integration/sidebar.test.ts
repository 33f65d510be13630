// The sidebar in a real VS Code: the webview view resolves and paints, deep links (openSidebar with a ref
// or a rule) navigate it, queued when the view is not resolved yet, and its page survives hide/show.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';

interface Metrics {
  resolved: number;
  ready: number;
  pages: number;
  lastRoute: unknown;
  openMs: number | null;
  webviewMs: number | null;
  phases: { resolveMs: number; readyMs: number; paintMs: number; scriptLoadMs: number } | null;
  ignoredMessages: number;
  isReady: boolean;
}

const metrics = async () => (await vscode.commands.executeCommand('trainingAdvisor.sidebar.metrics')) as Metrics;

async function waitFor(what: string, check: (m: Metrics) => boolean, timeoutMs = 30_000): Promise<Metrics> {
  const end = Date.now() + timeoutMs;
  let last: Metrics | undefined;
  while (Date.now() < end) {
    last = await metrics();
    if (check(last)) return last;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}; last metrics ${JSON.stringify(last)}`);
}

const sameJson = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

describe('sidebar webview', function () {
  this.timeout(90_000);

  before(async () => {
    const ext = vscode.extensions.getExtension('training-advisor.training-advisor');
    assert.ok(ext, 'extension not found');
    await ext.activate();
  });

  it('queues a deep link given before the view is resolved, then resolves and shows it', async () => {
    // Another suite may have shown the sidebar already: hide it, so the webview is torn down and not ready.
    await vscode.commands.executeCommand('workbench.view.explorer');
    await waitFor('view not ready', (x) => !x.isReady);
    const ok = await vscode.commands.executeCommand('trainingAdvisor.openSidebar', { ref: '9#5' });
    assert.equal(ok, true);
    const m = await waitFor('entry 9#5 shown', (x) => x.isReady && sameJson(x.lastRoute, { kind: 'entry', key: '9', item: 5 }));
    assert.ok(m.resolved >= 1);
    assert.equal(m.ignoredMessages, 0, 'the webview sent no malformed message');
    const painted = await waitFor('first paint reported', (x) => x.openMs !== null);
    console.log(`    sidebar: open command → first paint ${painted.openMs!.toFixed(1)} ms ${JSON.stringify(painted.phases)}`);
  });

  it('openSidebar with a ref navigates the resolved view', async () => {
    const ok = await vscode.commands.executeCommand('trainingAdvisor.openSidebar', { ref: '1' });
    assert.equal(ok, true);
    await waitFor('entry 1 shown', (x) => sameJson(x.lastRoute, { kind: 'entry', key: '1', item: null }));
  });

  it('openSidebar with a rule opens its page', async () => {
    const ok = await vscode.commands.executeCommand('trainingAdvisor.openSidebar', { rule: 'grad-clip' });
    assert.equal(ok, true);
    await waitFor('rule page shown', (x) => sameJson(x.lastRoute, { kind: 'rule', id: 'grad-clip' }));
  });

  it('refuses unknown refs and rules without navigating', async () => {
    const before = await metrics();
    assert.equal(await vscode.commands.executeCommand('trainingAdvisor.openSidebar', { ref: '999#1' }), false);
    assert.equal(await vscode.commands.executeCommand('trainingAdvisor.openSidebar', { rule: 'no-such-rule' }), false);
    assert.deepEqual((await metrics()).lastRoute, before.lastRoute);
  });

  it('restores its page after being hidden and shown again', async () => {
    const before = await waitFor('ready', (x) => x.isReady);
    await vscode.commands.executeCommand('workbench.view.explorer');
    await waitFor('hidden', (x) => !x.isReady);
    await vscode.commands.executeCommand('trainingAdvisor.openSidebar');
    const after = await waitFor('ready again', (x) => x.isReady && x.ready > before.ready);
    const painted = await waitFor('painted again', (x) => x.openMs !== null && x.openMs !== before.openMs);
    console.log(`    sidebar: warm re-open → first paint ${painted.openMs!.toFixed(1)} ms ${JSON.stringify(painted.phases)}`);
    assert.deepEqual(after.lastRoute, { kind: 'rule', id: 'grad-clip' }, 'the webview asked for the page it was on');
  });

  it('a deep link while the resolved view is hidden opens there once, and is not re-applied on the next show', async () => {
    await vscode.commands.executeCommand('workbench.view.explorer');
    await waitFor('hidden', (x) => !x.isReady);
    assert.equal(await vscode.commands.executeCommand('trainingAdvisor.openSidebar', { ref: '9#5' }), true);
    await waitFor('entry 9#5 shown', (x) => x.isReady && sameJson(x.lastRoute, { kind: 'entry', key: '9', item: 5 }));
    assert.equal(await vscode.commands.executeCommand('trainingAdvisor.openSidebar', { ref: '1' }), true);
    await waitFor('entry 1 shown', (x) => sameJson(x.lastRoute, { kind: 'entry', key: '1', item: null }));
    const before = await metrics();
    await vscode.commands.executeCommand('workbench.view.explorer');
    await waitFor('hidden', (x) => !x.isReady);
    await vscode.commands.executeCommand('trainingAdvisor.openSidebar');
    const after = await waitFor('ready again', (x) => x.isReady && x.ready > before.ready);
    assert.deepEqual(after.lastRoute, { kind: 'entry', key: '1', item: null });
  });
});
