// Shared by hints.test.ts and settings.test.ts (not a test file itself): the extension's API, a training
// script that triggers known rules, and polling helpers (the analysis is debounced and asynchronous).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as vscode from 'vscode';

export const EXTENSION_ID = 'training-advisor.training-advisor';

/** What activate() returns (src/extension/main.ts TrainingAdvisorApi), typed loosely: tests only read it. */
export interface Api {
  activationMs: number;
  services: {
    knowledge: { kb: { cards: Array<{ id: string; name: { zh: string; en: string }; apis: string[] }>; entries: Array<{ key: string; items: Array<{ number: number; term: { zh: string; en: string } }> }> } };
    language(): 'zh' | 'en';
  };
  analysis: {
    statusFor(uri: vscode.Uri): { kind: string; reason?: string; count?: number };
    analyzeNow(doc: vscode.TextDocument): Promise<readonly unknown[]>;
  };
}

export async function api(): Promise<Api> {
  const ext = vscode.extensions.getExtension<Api>(EXTENSION_ID);
  assert.ok(ext, `${EXTENSION_ID} is not installed`);
  return ext.activate();
}

/** A complete small training loop: grad-clip fires on the backward call (line BACKWARD_LINE). */
export const TRAIN_SCRIPT = [
  'import torch',
  'import torch.nn as nn',
  'import torch.nn.functional as F',
  '',
  '',
  'def train(model, loader, optimizer):',
  '    model.train()',
  '    for inputs, targets in loader:',
  '        optimizer.zero_grad()',
  '        loss = F.cross_entropy(model(inputs), targets)',
  '        loss.backward()',
  '        optimizer.step()',
  '        print(loss.item())',
  '',
].join('\n');
export const BACKWARD_LINE = 10;
export const BACKWARD_COLUMN = TRAIN_SCRIPT.split('\n')[BACKWARD_LINE]!.indexOf('loss.backward');

let fileCounter = 0;

/**
 * Opens `content` as a Python file with a unique path. Not an untitled document: VS Code may hand back a
 * just-closed untitled document (same `Untitled-N` URI, old text) to the next openTextDocument({content}).
 */
export async function openPython(content: string): Promise<vscode.TextDocument> {
  const file = path.join(os.tmpdir(), `ta-integration-${process.pid}-${Date.now()}-${++fileCounter}.py`);
  fs.writeFileSync(file, content);
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
  await vscode.window.showTextDocument(doc);
  assert.equal(doc.getText(), content, 'opened the document just written');
  return doc;
}

/** An untitled Python document (closing it really closes it, which the close test needs). */
export async function openUntitledPython(content: string): Promise<vscode.TextDocument> {
  const doc = await vscode.workspace.openTextDocument({ language: 'python', content });
  await vscode.window.showTextDocument(doc);
  assert.equal(doc.getText(), content, 'a fresh untitled document');
  return doc;
}

export async function waitFor<T>(what: string, fn: () => T | undefined | null | false | Promise<T | undefined | null | false>, timeoutMs = 15_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export function ours(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'Training Advisor');
}

export function ruleOf(d: vscode.Diagnostic): string | undefined {
  return typeof d.code === 'object' ? String(d.code.value) : d.code === undefined ? undefined : String(d.code);
}

export function withRule(uri: vscode.Uri, rule: string): vscode.Diagnostic[] {
  return ours(uri).filter((d) => ruleOf(d) === rule);
}

/** Waits until `rule` has at least one diagnostic on `uri`; returns them. */
export function waitForRule(uri: vscode.Uri, rule: string): Promise<vscode.Diagnostic[]> {
  return waitFor(`a ${rule} diagnostic`, () => {
    const found = withRule(uri, rule);
    return found.length > 0 ? found : undefined;
  });
}

export async function hoverTexts(uri: vscode.Uri, pos: vscode.Position): Promise<string> {
  const hovers = (await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, pos)) ?? [];
  return hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : ''))).join('\n---\n');
}

export async function codeActions(uri: vscode.Uri, range: vscode.Range, kind?: string): Promise<vscode.CodeAction[]> {
  return (await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, range, kind)) ?? [];
}

export async function setSetting(key: string, value: unknown): Promise<void> {
  await vscode.workspace.getConfiguration('trainingAdvisor').update(key, value, vscode.ConfigurationTarget.Global);
}

/** Closes every editor without a save prompt (test documents are untitled and dirty; a prompt would hang). */
export async function closeAll(): Promise<void> {
  for (let i = 0; i < 30 && (vscode.window.activeTextEditor || vscode.window.activeNotebookEditor); i++) {
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  }
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}
