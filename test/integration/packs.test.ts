// Team knowledge packs in a real extension host: trainingAdvisor.knowledgePaths (relative to the workspace
// folder) → search finds the pack's entry; a broken pack → diagnostics at the right lines of its Markdown
// files while built-in search and the other pack keep working; editing a pack file re-indexes it; a card's
// `rules:` makes the rule's hover quote the team item; clearing the setting removes the pack.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';
import { api, BACKWARD_COLUMN, BACKWARD_LINE, closeAll, hoverTexts, openPython, setSetting, TRAIN_SCRIPT, waitFor, waitForRule } from './editorHelpers';

interface PackApi {
  services: { knowledge: { search(q: string, o?: { limit?: number }): Array<{ entryKey: string }> } };
  packs: { packs: ReadonlyArray<{ id: string; entries: number }> };
}

const keysFor = (ta: PackApi, q: string) => ta.services.knowledge.search(q, { limit: 10 }).map((h) => h.entryKey);

suite('team knowledge packs', function () {
  this.timeout(90_000);
  let ta: PackApi;
  let packsDir: string;

  suiteSetup(async () => {
    ta = (await api()) as unknown as PackApi;
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder, 'a workspace folder');
    const source = path.join(process.env.TA_FIXTURES_DIR ?? path.resolve(__dirname, '../../../test/fixtures'), 'packs');
    packsDir = path.join(folder.uri.fsPath, 'team-packs');
    fs.cpSync(source, packsDir, { recursive: true });
  });
  suiteTeardown(async () => {
    await setSetting('knowledgePaths', undefined);
    await closeAll();
    fs.rmSync(packsDir, { recursive: true, force: true });
  });

  test('a pack named by a workspace-relative path is searchable', async () => {
    await setSetting('knowledgePaths', ['team-packs/team-advice']);
    await waitFor('the team-advice pack to load', () => ta.packs.packs.some((p) => p.id === 'team-advice' && p.entries === 1));
    assert.equal(keysFor(ta, '斑马裁剪')[0], 'team-advice:1');
    assert.equal(keysFor(ta, 'zebra clipping threshold')[0], 'team-advice:1');
  });

  test('a broken pack gets diagnostics at the right lines; built-in search and the other pack keep working', async () => {
    await setSetting('knowledgePaths', ['team-packs/broken-pack', 'team-packs/team-advice']);
    const zh = vscode.Uri.file(path.join(packsDir, 'broken-pack', 'broken.zh.md'));
    const cards = vscode.Uri.file(path.join(packsDir, 'broken-pack', 'techniques', 'cards.md'));
    const lines = (uri: vscode.Uri) => vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'Training Advisor').map((d) => d.range.start.line + 1);
    await waitFor('diagnostics on broken.zh.md', () => lines(zh).includes(11));
    await waitFor('diagnostics on techniques/cards.md', () => lines(cards).includes(9) && lines(cards).includes(10));
    const colour = vscode.languages.getDiagnostics(cards).find((d) => d.range.start.line === 8);
    assert.match(colour?.message ?? '', /colour/);
    assert.equal(colour?.severity, vscode.DiagnosticSeverity.Error);
    assert.ok(vscode.languages.getDiagnostics(cards).some((d) => /no-such-rule/.test(d.message)), 'unknown rule id warned about');
    assert.ok(keysFor(ta, '梯度爆炸').some((k) => !k.includes(':')), 'built-in search still works');
    assert.ok(keysFor(ta, '斑马裁剪').includes('team-advice:1'), 'the healthy pack still loads');
    assert.ok(keysFor(ta, 'penguin batch size').includes('broken-pack:1'), "the broken pack's healthy entry loads");
  });

  test('editing a pack file re-indexes it', async () => {
    const add = (file: string, text: string) => fs.appendFileSync(path.join(packsDir, 'team-advice', file), text);
    // Right after the earlier tests' loads: the pack's folders are watched from the moment a load finishes.
    // Written through the file system, as an editor save or a git pull would: the watcher must notice.
    add('team.en.md', '\n#### 2. Wombat checkpoint cadence?\n\n**Question:** How often do we save wombat checkpoints?\n\n**Answer:**\n\n**1. Every wombat hour:** Save once per wombat hour.\n');
    add('team.zh.md', '\n#### 2. 袋熊检查点多久保存一次？\n\n**题目：** 袋熊检查点多久保存一次？\n\n**答案：**\n\n**1. 每个袋熊小时（Every wombat hour）：** 每个袋熊小时保存一次。\n');
    await waitFor('the new entry to be searchable', () => keysFor(ta, 'wombat checkpoint').includes('team-advice:2'), 30_000);
  });

  test("a card's rules: key makes the rule's hover quote the team item", async () => {
    await setSetting('knowledgePaths', ['team-packs/team-advice']);
    await waitFor('only team-advice loaded', () => ta.packs.packs.length === 1 && ta.packs.packs[0].id === 'team-advice');
    const doc = await openPython(TRAIN_SCRIPT);
    await waitForRule(doc.uri, 'grad-clip');
    const text = await waitFor('hover citing the team item', async () => {
      const t = await hoverTexts(doc.uri, new vscode.Position(BACKWARD_LINE, BACKWARD_COLUMN + 2));
      return /team-advice:1#2/.test(t) ? t : undefined;
    });
    assert.match(text, /Zebra clipping threshold|斑马裁剪阈值/);
  });

  test('clearing the setting removes the pack and its diagnostics', async () => {
    await setSetting('knowledgePaths', ['team-packs/broken-pack']);
    const zh = vscode.Uri.file(path.join(packsDir, 'broken-pack', 'broken.zh.md'));
    await waitFor('broken pack diagnostics', () => vscode.languages.getDiagnostics(zh).length > 0);
    await setSetting('knowledgePaths', undefined);
    await waitFor('no packs', () => ta.packs.packs.length === 0 && !keysFor(ta, 'penguin batch size').some((k) => k.includes(':')));
    assert.equal(vscode.languages.getDiagnostics(zh).length, 0);
    assert.ok(keysFor(ta, '梯度爆炸').length > 0);
  });
});
