// Hints in real VS Code: diagnostics (codes, ranges, links), hovers at a finding and at an API, code actions,
// applying a fix, the ignore comment, a notebook's cells, the fix-all source action.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import {
  api, BACKWARD_COLUMN, BACKWARD_LINE, closeAll, codeActions, hoverTexts, openPython, openUntitledPython, ours, ruleOf, TRAIN_SCRIPT, waitFor, waitForRule, withRule,
  type Api,
} from './editorHelpers';

suite('hints: diagnostics, hovers, code actions', function () {
  this.timeout(60_000);
  let ta: Api;

  suiteSetup(async () => {
    ta = await api();
  });
  teardown(closeAll);

  test('a training step without clipping gets a grad-clip diagnostic on the backward call, linked to the rule', async () => {
    const doc = await openPython(TRAIN_SCRIPT);
    const [d] = await waitForRule(doc.uri, 'grad-clip');
    assert.equal(d!.range.start.line, BACKWARD_LINE);
    assert.equal(d!.range.start.character, BACKWARD_COLUMN);
    assert.equal(d!.severity, vscode.DiagnosticSeverity.Information, 'default severity is Information');
    const code = d!.code as { value: string; target: vscode.Uri };
    assert.equal(code.value, 'grad-clip');
    assert.match(code.target.toString(true), /trainingAdvisor\.showRuleDocs|training-advisor\/rule/);
    assert.ok(d!.message.length > 10);
    for (const other of ours(doc.uri)) assert.ok(ruleOf(other), 'every diagnostic carries its rule id');
  });

  test('the hover on the finding explains it and quotes the corpus advice with Show advice / Apply fix links', async () => {
    const doc = await openPython(TRAIN_SCRIPT);
    await waitFor('grad-clip diagnostic', () => withRule(doc.uri, 'grad-clip').length);
    const text = await hoverTexts(doc.uri, new vscode.Position(BACKWARD_LINE, BACKWARD_COLUMN + 3));
    const lang = ta.services.language();
    const item = ta.services.knowledge.kb.entries.find((e) => e.key === '9')!.items.find((i) => i.number === 5)!;
    assert.ok(text.includes(item.term[lang]), `hover quotes item 9#5 (${item.term[lang]}): ${text.slice(0, 400)}`);
    assert.match(text, /9#5/);
    assert.match(text, /command:trainingAdvisor\.openAdvice/);
    assert.match(text, /command:trainingAdvisor\.applyFix/);
  });

  test('the hover on a PyTorch API names its technique card, even where nothing is wrong', async () => {
    const source = 'import torch\nfrom torch.nn.utils import clip_grad_norm_ as clip\n\nclip(model.parameters(), 1.0)\ntorch.nn.utils.clip_grad_norm_(model.parameters(), max_norm=1.0)\n';
    const doc = await openPython(source);
    const card = ta.services.knowledge.kb.cards.find((c) => c.apis.includes('torch.nn.utils.clip_grad_norm_'));
    assert.ok(card, 'a technique card lists torch.nn.utils.clip_grad_norm_');
    const name = card.name[ta.services.language()];
    const qualified = await hoverTexts(doc.uri, new vscode.Position(4, 'torch.nn.utils.clip'.length));
    assert.ok(qualified.includes(name), `hover on clip_grad_norm_ names ${name}: "${qualified.slice(0, 300)}" (line: "${doc.lineAt(4).text}", lang ${ta.services.language()})`);
    const aliased = await hoverTexts(doc.uri, new vscode.Position(3, 1));
    assert.ok(aliased.includes(name), 'an aliased import resolves to the same card');
    assert.equal(await hoverTexts(doc.uri, new vscode.Position(3, 'clip(mo'.length)), '', 'no hover on an unrelated name');
  });

  test('code actions offer the fix (preferred), the advice and the ignore comment', async () => {
    const doc = await openPython(TRAIN_SCRIPT);
    const [d] = await waitForRule(doc.uri, 'grad-clip');
    const actions = await codeActions(doc.uri, d!.range);
    const titles = actions.map((a) => a.title);
    const fix = actions.find((a) => a.edit && a.isPreferred);
    assert.ok(fix, `a preferred fix among ${JSON.stringify(titles)}`);
    assert.ok(titles.some((t) => /9#5/.test(t) && t.includes(':')), `a "Show advice: … (9#5)" action among ${JSON.stringify(titles)}`);
    assert.ok(titles.some((t) => t.includes('grad-clip') && actions.find((a) => a.title === t)?.edit), 'an ignore action with an edit');
  });

  test('applying the fix inserts clipping and the finding disappears', async () => {
    const doc = await openPython(TRAIN_SCRIPT);
    const [d] = await waitForRule(doc.uri, 'grad-clip');
    const fix = (await codeActions(doc.uri, d!.range)).find((a) => a.edit && a.isPreferred)!;
    assert.ok(await vscode.workspace.applyEdit(fix.edit!));
    assert.match(doc.getText(), /clip_grad_norm_\(model\.parameters\(\)/);
    await waitFor('grad-clip to disappear after the fix', () => withRule(doc.uri, 'grad-clip').length === 0 && ta.analysis.statusFor(doc.uri).kind === 'done');
  });

  test('the ignore action adds the suppression comment and silences the rule on that line', async () => {
    const doc = await openPython(TRAIN_SCRIPT);
    const [d] = await waitForRule(doc.uri, 'grad-clip');
    const ignore = (await codeActions(doc.uri, d!.range)).find((a) => a.edit && !a.isPreferred && a.title.includes('grad-clip'))!;
    assert.ok(await vscode.workspace.applyEdit(ignore.edit!));
    assert.match(doc.lineAt(BACKWARD_LINE).text, /loss\.backward\(\)\s+# advisor: ignore\[grad-clip\]/);
    await waitFor('grad-clip silenced', () => withRule(doc.uri, 'grad-clip').length === 0 && ta.analysis.statusFor(doc.uri).kind === 'done');
  });

  test('source.fixAll.trainingAdvisor applies safe fixes only', async () => {
    const doc = await openPython(TRAIN_SCRIPT);
    await waitFor('grad-clip diagnostic', () => withRule(doc.uri, 'grad-clip').length);
    const all = await codeActions(doc.uri, new vscode.Range(0, 0, doc.lineCount, 0), 'source.fixAll.trainingAdvisor');
    assert.equal(all.length, 1, `one fix-all action, got ${JSON.stringify(all.map((a) => a.title))}`);
    assert.ok(await vscode.workspace.applyEdit(all[0]!.edit!));
    assert.match(doc.getText(), /clip_grad_norm_/);
  });

  test('source.fixAll gives the program check --fix gives: model.eval() and the whole loop inside torch.no_grad()', async () => {
    const doc = await openPython([
      'import torch', '', 'def evaluate(model, loader):', '    correct = 0', '    for x, y in loader:',
      '        correct += (model(x).argmax(1) == y).sum().item()', '    return correct', '',
    ].join('\n'));
    await waitFor('eval-no-grad and eval-mode diagnostics', () => withRule(doc.uri, 'eval-no-grad').length && withRule(doc.uri, 'eval-mode').length);
    const all = await codeActions(doc.uri, new vscode.Range(0, 0, doc.lineCount, 0), 'source.fixAll.trainingAdvisor');
    assert.equal(all.length, 1, `one fix-all action, got ${JSON.stringify(all.map((a) => a.title))}`);
    assert.ok(await vscode.workspace.applyEdit(all[0]!.edit!));
    assert.equal(doc.getText(), [
      'import torch', '', 'def evaluate(model, loader):', '    correct = 0', '    model.eval()', '    with torch.no_grad():',
      '        for x, y in loader:', '            correct += (model(x).argmax(1) == y).sum().item()', '    return correct', '',
    ].join('\n'));
  });

  test('Analyze Current File returns the findings; Show Rule Documentation opens a page', async () => {
    const doc = await openPython(TRAIN_SCRIPT);
    const findings = (await vscode.commands.executeCommand<Array<{ ruleId: string }>>('trainingAdvisor.analyzeFile')) ?? [];
    assert.ok(findings.some((f) => f.ruleId === 'grad-clip'));
    assert.equal(await vscode.commands.executeCommand('trainingAdvisor.showRuleDocs', 'grad-clip'), true);
    assert.equal(await vscode.commands.executeCommand('trainingAdvisor.openAdvice', '9#5'), true);
    assert.equal(await vscode.commands.executeCommand('trainingAdvisor.openAdvice', '999#1'), false, 'an unknown ref is refused');
    void doc;
  });

  test("a notebook's code cells get diagnostics, analysed in order as one program", async () => {
    const cells = [
      new vscode.NotebookCellData(vscode.NotebookCellKind.Markup, '# Training', 'markdown'),
      new vscode.NotebookCellData(vscode.NotebookCellKind.Code, 'import torch\nimport torch.nn.functional as F', 'python'),
      new vscode.NotebookCellData(vscode.NotebookCellKind.Code, [
        'def train(model, loader, optimizer):',
        '    model.train()',
        '    for inputs, targets in loader:',
        '        optimizer.zero_grad()',
        '        loss = F.cross_entropy(model(inputs), targets)',
        '        loss.backward()',
        '        optimizer.step()',
        '        print(loss.item())',
      ].join('\n'), 'python'),
    ];
    const nb = await vscode.workspace.openNotebookDocument('jupyter-notebook', new vscode.NotebookData(cells));
    await vscode.window.showNotebookDocument(nb);
    const cell = nb.cellAt(2).document;
    const [d] = await waitForRule(cell.uri, 'grad-clip');
    assert.equal(d!.range.start.line, 5, 'cell-relative line of the backward call');
    assert.equal(withRule(nb.cellAt(1).document.uri, 'grad-clip').length, 0);
    const hover = await hoverTexts(cell.uri, new vscode.Position(5, 10));
    assert.match(hover, /9#5/);
    // The fix applies inside the cell (cell-relative edits) and the finding goes away.
    const fix = (await codeActions(cell.uri, d!.range)).find((a) => a.edit && a.isPreferred);
    assert.ok(fix, 'a preferred fix in the cell');
    assert.ok(await vscode.workspace.applyEdit(fix.edit!));
    assert.match(cell.getText(), /clip_grad_norm_/);
    await waitFor('grad-clip gone from the cell', () => withRule(cell.uri, 'grad-clip').length === 0);
  });

  test('Analyze Workspace reports closed files in the Problems panel, closed notebooks by cell and line', async () => {
    const r = await vscode.commands.executeCommand<{ files: number; findings: number; cancelled: boolean }>('trainingAdvisor.analyzeWorkspace');
    assert.ok(r && r.files > 0 && r.findings > 0 && !r.cancelled, `analysed ${JSON.stringify(r)}`);
    const [script] = await vscode.workspace.findFiles('**/train_classifier.py');
    assert.ok(script, 'the workspace has train_classifier.py');
    assert.ok(ours(script).some((d) => ruleOf(d) === 'grad-clip'), 'a closed script gets its findings');
    const [notebook] = await vscode.workspace.findFiles('**/*.ipynb');
    if (notebook && !vscode.workspace.notebookDocuments.some((n) => n.uri.toString() === notebook.toString())) {
      const messages = ours(notebook).map((d) => d.message);
      assert.ok(messages.length > 0 && messages.every((m) => /^\[(cell \d+, line \d+|第 \d+ 个单元格，第 \d+ 行)\]/.test(m)), `notebook messages ${JSON.stringify(messages)}`);
      // Each sits where its cell's code line is in the .ipynb text (not at 1:1): the file line there is the JSON
      // string of that source line, and the column points into the code the finding is about.
      const fileText = new TextDecoder().decode(await vscode.workspace.fs.readFile(notebook));
      const fileLines = fileText.split('\n');
      const cells = (JSON.parse(fileText) as { cells: Array<{ source: string | string[] }> }).cells.map((c) => (Array.isArray(c.source) ? c.source.join('') : c.source).split('\n'));
      for (const d of ours(notebook)) {
        const m = /^\[(?:cell (\d+), line (\d+)|第 (\d+) 个单元格，第 (\d+) 行)\]/.exec(d.message)!;
        const cell = Number(m[1] ?? m[3]) - 1;
        const line = Number(m[2] ?? m[4]) - 1;
        const code = cells[cell]![line]!;
        const at = d.range.start;
        assert.ok(at.line > 0, `${d.message} at ${at.line}:${at.character}`);
        const literal = fileLines[at.line]!.trim().replace(/,$/, '');
        assert.equal(String(JSON.parse(literal)).replace(/\n$/, ''), code, `${d.message}: file line ${at.line + 1} is that cell line`);
        const quote = fileLines[at.line]!.indexOf('"');
        const column = (JSON.parse(`"${fileLines[at.line]!.slice(quote + 1, at.character)}"`) as string).length;
        assert.ok(at.character > quote && column <= code.length, `${d.message}: column ${at.character} inside the code`);
      }
    }
  });

  test('closing a document clears its diagnostics', async () => {
    const doc = await openUntitledPython(TRAIN_SCRIPT);
    await waitFor('diagnostics', () => ours(doc.uri).length);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    await waitFor('cleared diagnostics', () => doc.isClosed && ours(doc.uri).length === 0, 20_000);
  });
});
