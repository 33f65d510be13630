// UI test: the sidebar's cold open against its real floor (issue #15). A minimal test extension
// (test/e2e/minimal-tree: one contributed tree view of static rows, no work) is installed beside Training Advisor,
// both from VSIXs (ours: dist/training-advisor.vsix, what ships; the floor packaged here with vsce), and both
// containers are opened the same way, from the palette ("View: Show …", the workbench's own command) to the
// first painted frame of their tree rows, timed in the page (paintTiming.ts). Cold = first open in a fresh window
// (the page reloaded: a new extension host, neither extension active yet); both orders, twice each. Warm = shown
// again after the Explorer. Our extension host's own work on that path (activate(), the knowledge base load) is
// read from our log. Figures go to test-results/sidebar-open.json for the bench (bench/sidebar.bench.ts); the
// test asserts that both opened and that the window was really fresh, not the times.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { repoRoot, testResults, vsixPath } from '../lib/paths';
import { retry, startWorkbench, type Workbench } from './lib';
import { median, round, timeCommandToPaint, treeRowsPainted, type PaintTiming } from './paintTiming';

const MINIMAL = path.join(repoRoot, 'test/e2e/minimal-tree');
type Who = 'ours' | 'floor';
const OPEN: Record<Who, { command: string; painted: string; pane: RegExp }> = {
  // Our Topics tree's category rows ("…, 11 questions"), not the floor's "Category N, …" rows.
  ours: { command: 'View: Show Training Advisor', painted: treeRowsPainted(/\d+ (questions?|个问题)$/, 5, /^Category \d+,/), pane: /^\s*(Topics|主题)\s*$/ },
  floor: { command: 'View: Show Minimal Tree', painted: treeRowsPainted(/^Category \d+, \d+ questions$/), pane: /minimal tree/ },
};

/** Packages the minimal extension with the project's vsce (≈ 1 s) into a temporary folder; returns the VSIX. */
function packageMinimal(): string {
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'minimal-tree-')), 'minimal-tree.vsix');
  const vsce = path.join(repoRoot, 'node_modules', '.bin', 'vsce');
  execFileSync(vsce, ['package', '--no-dependencies', '--allow-missing-repository', '--skip-license', '--out', out], { cwd: MINIMAL, stdio: 'ignore' });
  return out;
}

/** Extension-host log folders of this server (one per window load), oldest first. */
function exthostDirs(wb: Workbench): string[] {
  const logs = path.join(wb.server.userData, 'logs');
  if (!fs.existsSync(logs)) return [];
  return fs.readdirSync(logs).sort().flatMap((s) =>
    fs.readdirSync(path.join(logs, s)).filter((d) => /^exthost\d+$/.test(d))
      .sort((a, b) => Number(a.slice(7)) - Number(b.slice(7))).map((d) => path.join(logs, s, d)));
}

const read = (f: string) => (fs.existsSync(f) ? fs.readFileSync(f, 'utf8') : '');
const ourLog = (dir: string) => read(path.join(dir, 'training-advisor.training-advisor', 'Training Advisor.log'));

async function showExplorer(wb: Workbench): Promise<void> {
  await wb.page.keyboard.press('Control+Shift+E');
  await wb.page.locator('.explorer-folders-view').first().waitFor({ state: 'visible' });
  await wb.page.waitForTimeout(300); // let the hide settle, so the next open is timed alone
}

/**
 * A fresh window: the Explorer shown (so the reload does not restore one of the timed containers), the page
 * reloaded, then wait for the new extension host to finish starting up (its eager extensions) and go quiet.
 * Returns that extension host's log folder.
 */
async function freshWindow(wb: Workbench): Promise<string> {
  await showExplorer(wb);
  const before = new Set(exthostDirs(wb));
  await wb.page.reload();
  await wb.page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ state: 'visible', timeout: 90_000 });
  const dir = await retry('the new window\'s extension host started', async () =>
    exthostDirs(wb).find((d) => !before.has(d) && /Eager extensions activated/.test(read(path.join(d, 'remoteexthost.log')))), 90_000);
  await wb.page.waitForTimeout(2000);
  return dir;
}

/**
 * VS Code's own activation time of each extension in this window (code loading + activate(), as *Developer: Show
 * Running Extensions* lists it), read from that editor, which is then closed.
 */
async function vscodeActivationMs(wb: Workbench): Promise<Record<Who, number | null>> {
  await wb.runCommand('Developer: Show Running Extensions');
  const rows = wb.page.locator('.runtime-extensions-editor .monaco-list-row');
  const texts = await retry('the running extensions listed with their activation times', async () => {
    const t = (await rows.allInnerTexts()).map((r) => r.replace(/\s+/g, ' '));
    return t.some((r) => /Training Advisor.*Activation: \d/.test(r)) && t.some((r) => /Minimal tree.*Activation: \d/.test(r)) ? t : null;
  });
  const pick = (name: RegExp) => Number(/Activation: (\d+)ms/.exec(texts.find((r) => name.test(r)) ?? '')?.[1] ?? NaN);
  await wb.page.keyboard.press('Control+W');
  return { ours: pick(/^Training Advisor/), floor: pick(/^Minimal tree/) };
}

interface ColdRound {
  order: Who[];
  ours: PaintTiming;
  floor: PaintTiming;
  /** Our log line for this window's activation ("activated in N ms (phases)"), activated by the open. */
  activation: string;
  /** Our log's knowledge base load line in this window, if the open loaded it. */
  knowledgeLoad: string;
  /** VS Code's activation time (code loading + activate()) of each, in this window. */
  vscodeActivationMs: Record<Who, number | null>;
}

suite('sidebar cold open against a minimal contributed tree (UI)', function () {
  this.timeout(600_000);

  test('both containers open from the palette in the same window; ours cold and warm beside the floor (times reported)', async () => {
    assert.ok(fs.existsSync(vsixPath), `${vsixPath} (npm run package) is installed as users get it`);
    const minimal = packageMinimal();
    const wb = await startWorkbench({ vsix: [vsixPath, minimal] });
    fs.rmSync(path.dirname(minimal), { recursive: true, force: true });
    let failed = true;
    try {
      const rounds: ColdRound[] = [];
      for (const order of [['ours', 'floor'], ['floor', 'ours'], ['ours', 'floor'], ['floor', 'ours']] as Who[][]) {
        const dir = await freshWindow(wb);
        assert.equal(ourLog(dir).includes('activated in'), false, 'Training Advisor is not active before its container opens (a cold open includes activation)');
        const t: Partial<Record<Who, PaintTiming>> = {};
        for (const who of order) {
          t[who] = await timeCommandToPaint(wb, OPEN[who].command, OPEN[who].painted, OPEN[who].pane);
          await showExplorer(wb);
        }
        const log = ourLog(dir);
        const activation = /activated in .*/.exec(log)?.[0] ?? '';
        assert.ok(activation, 'opening the container activated Training Advisor in this window');
        const vscodeActivation = await vscodeActivationMs(wb);
        rounds.push({ order, ours: t.ours!, floor: t.floor!, activation, knowledgeLoad: /knowledge base loaded in .*/.exec(log)?.[0] ?? '', vscodeActivationMs: vscodeActivation });
        console.log(`      cold (${order.join(' then ')}): ours ${t.ours!.paintMs} ms (container ${t.ours!.paneMs}), floor ${t.floor!.paintMs} ms (container ${t.floor!.paneMs}); VS Code's activation time: ours ${vscodeActivation.ours} ms, floor ${vscodeActivation.floor} ms; ours: ${activation}${rounds.at(-1)!.knowledgeLoad ? `; ${rounds.at(-1)!.knowledgeLoad}` : ''}`);
      }
      // Warm: alternate, each shown again after the Explorer; five each, the median reported.
      const warm: Record<Who, PaintTiming[]> = { ours: [], floor: [] };
      for (let i = 0; i < 5; i++) {
        for (const who of (i % 2 ? ['floor', 'ours'] : ['ours', 'floor']) as Who[]) {
          warm[who].push(await timeCommandToPaint(wb, OPEN[who].command, OPEN[who].painted, OPEN[who].pane));
          await showExplorer(wb);
        }
      }
      const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
      const coldOurs = med(rounds.map((r) => r.ours.paintMs));
      const coldFloor = med(rounds.map((r) => r.floor.paintMs));
      const warmOurs = median(warm.ours).paintMs;
      const warmFloor = median(warm.floor).paintMs;
      console.log(`      warm: ours ${warm.ours.map((r) => r.paintMs).join(', ')} ms (median ${warmOurs}); floor ${warm.floor.map((r) => r.paintMs).join(', ')} ms (median ${warmFloor})`);
      console.log(`      SIDEBAR_COLD_MS ours ${coldOurs} floor ${coldFloor} ratio ${round(coldOurs / coldFloor * 100) / 100}`);
      const file = path.join(testResults, 'sidebar-open.json');
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, JSON.stringify({ rounds, warm, coldOurs, coldFloor, warmOurs, warmFloor, at: new Date().toISOString() }, null, 2));
      failed = false;
    } finally {
      const fatal = await wb.close(failed);
      assert.deepEqual(fatal, [], 'the workbench logged no fatal errors');
    }
  });
});
