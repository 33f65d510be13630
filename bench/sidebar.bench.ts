// The sidebar's open times, measured by the last UI run in real VS Code (code-server 1.100.3, headless Chromium):
// test/e2e/ui/sidebarOpen.ui.ts writes test-results/sidebar-open.json (ours against a minimal contributed tree, the
// floor, in the same windows), test/e2e/ui/sidebar.ui.ts writes test-results/sidebar.json (the Open Sidebar command,
// the advice webview, choosing an entry). Browser-side figures cannot be taken outside VS Code, so this section
// reports the last run's; `npm run test:e2e -- --only ui --grep sidebar` refreshes them.
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(__dirname, '..');
const readJson = <T>(f: string): T | null => (fs.existsSync(path.join(root, 'test-results', f)) ? (JSON.parse(fs.readFileSync(path.join(root, 'test-results', f), 'utf8')) as T) : null);
const ms = (v: number | null | undefined) => (typeof v === 'number' ? v.toFixed(0) : '–');
const when = (at: string) => `${at.slice(0, 16).replace('T', ' ')} UTC`;

interface Paint { paintMs: number; paneMs: number | null }
interface OpenRun {
  rounds: Array<{ order: string[]; ours: Paint; floor: Paint; activation: string; knowledgeLoad: string; vscodeActivationMs?: { ours: number | null; floor: number | null } }>;
  warm: { ours: Paint[]; floor: Paint[] };
  coldOurs: number; coldFloor: number; warmOurs: number; warmFloor: number; at: string;
}
interface SidebarRun {
  coldOpenMs: number; coldContainerMs: number | null; warmOpenMs: number; baselineRunAndDebugMs: number;
  adviceFirstPaintMs: number; entryMs: number; at: string;
}
const open = readJson<OpenRun>('sidebar-open.json');
const sidebar = readJson<SidebarRun>('sidebar.json');
const TARGET = 1.2;

const out: string[] = ['## Sidebar', ''];
if (open) {
  const ratio = open.coldOurs / open.coldFloor;
  const activateMs = open.rounds.map((r) => /activated in ([\d.]+) ms/.exec(r.activation)?.[1] ?? '?');
  out.push(
    `Cold open against its real floor (issue #15), from the last UI run (${when(open.at)}; \`npm run test:e2e -- --only ui --grep "minimal contributed"\`).`,
    'Both extensions installed from VSIXs in one code-server (ours: `dist/training-advisor.vsix`; the floor: `test/e2e/minimal-tree`,',
    'one contributed tree view of 11 static rows, no work). Each container opened from the palette with the workbench\'s own',
    '*View: Show …* command, timed in the page from the Enter to the first painted frame showing ≥ 5 of its tree rows. Cold = first',
    'open in a fresh window (page reloaded: a new extension host, neither extension active, so activation is on the path);',
    'both orders, twice each. VS Code\'s activation time (code loading + `activate()`) is read from *Developer: Show Running',
    'Extensions* in the same window; `activate()` alone from our log.',
    '',
    '| window | order | ours ms (container shown) | floor ms (container shown) | ours ÷ floor | VS Code\'s activation time, ours / floor ms | of which our `activate()` ms |',
    '|---|---|---:|---:|---:|---:|---:|',
    ...open.rounds.map((r, i) => `| ${i + 1} | ${r.order.join(' → ')} | ${ms(r.ours.paintMs)} (${ms(r.ours.paneMs)}) | ${ms(r.floor.paintMs)} (${ms(r.floor.paneMs)}) | ${(r.ours.paintMs / r.floor.paintMs).toFixed(2)}× | ${ms(r.vscodeActivationMs?.ours)} / ${ms(r.vscodeActivationMs?.floor)} | ${activateMs[i]} |`),
    '',
    `Cold, median of the windows (of 4: the upper middle one): ours **${ms(open.coldOurs)} ms**, floor **${ms(open.coldFloor)} ms**: **${ratio.toFixed(2)}×** (target ≤ ${TARGET}× ${ratio <= TARGET ? '✓' : '✗'}).`,
    `Warm (shown again after the Explorer, median of 5 each, alternating): ours **${ms(open.warmOurs)} ms**, floor **${ms(open.warmFloor)} ms** (${(open.warmOurs / open.warmFloor).toFixed(2)}×).`,
    '',
    'Where the cold-open time goes, the prototypes tried and what reaching the target would cost: [sidebar-cold-open.md](sidebar-cold-open.md).',
    '',
  );
} else {
  out.push('No cold-open run recorded yet (`npm run test:e2e -- --only ui --grep "minimal contributed"` writes test-results/sidebar-open.json).', '');
}
if (sidebar) {
  out.push(
    `In a window where the extension is already active (a Python file open), from the last UI run (${when(sidebar.at)}; test/e2e/ui/sidebar.ui.ts): the Enter`,
    'that runs *Training Advisor: Open Sidebar* to the first painted frame of the Topics categories; baseline from the same window:',
    'VS Code\'s Run and Debug container opened for the first time, timed the same way.',
    '',
    '| what | ms |',
    '|---|---:|',
    `| open, first time in the window | ${ms(sidebar.coldOpenMs)} |`,
    `| … of which until the container itself showed | ${ms(sidebar.coldContainerMs)} |`,
    `| open again after showing the Explorer (median of 5) | ${ms(sidebar.warmOpenMs)} |`,
    `| baseline: Run and Debug, first open | ${ms(sidebar.baselineRunAndDebugMs)} |`,
    `| advice webview below the tree: first contentful paint after the Enter (the browser's paint timing) | ${ms(sidebar.adviceFirstPaintMs)} |`,
    `| choose an entry in the tree (Enter) → the advice view painted it | ${ms(sidebar.entryMs)} |`,
    '',
  );
}
console.log(out.join('\n'));
console.log('BENCH_JSON ' + JSON.stringify({ bench: 'sidebar', open, sidebar }));
