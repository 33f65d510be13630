// Shared by activation/commands/package tests (not a test file itself). Runner-neutral: works under
// code-server (test/e2e) and @vscode/test-electron alike.
import fs from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';

export const EXTENSION_ID = 'training-advisor.training-advisor';
/** dist/test/integration → the repository (tests are always loaded from the repo's dist/). */
export const repoRoot = path.resolve(__dirname, '..', '..', '..');

export interface Manifest {
  engines: { vscode: string };
  activationEvents?: string[];
  contributes: { commands: { command: string; title: string }[] };
}

export function manifest(): Manifest {
  return JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as Manifest;
}

export function extension(): vscode.Extension<{ activationMs?: number }> {
  const ext = vscode.extensions.getExtension<{ activationMs?: number }>(EXTENSION_ID);
  if (!ext) throw new Error(`${EXTENSION_ID} is not installed in this VS Code`);
  return ext;
}

export async function waitUntil<T>(what: string, fn: () => T | undefined | null | false, timeoutMs = 15_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A Python file of the workspace (a copy of examples/, or the harness's stand-in train.py). */
export async function workspacePythonFile(): Promise<vscode.Uri> {
  const files = await vscode.workspace.findFiles('**/*.py', '**/node_modules/**', 50);
  if (files.length === 0) throw new Error('the test workspace has no .py file');
  return files.sort((a, b) => a.path.localeCompare(b.path))[0];
}

/**
 * Runs a command that may show a QuickPick and wait for the user: closes the quick input until the
 * command settles, so "runs without error" can be checked without a human. Rejects if the command throws.
 */
export async function runDismissingQuickInput<T>(command: string, ...args: unknown[]): Promise<T> {
  let settled = false;
  const p = Promise.resolve(vscode.commands.executeCommand<T>(command, ...args)).finally(() => (settled = true));
  const end = Date.now() + 20_000;
  while (!settled && Date.now() < end) {
    await new Promise((r) => setTimeout(r, 400));
    if (!settled) await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
  }
  if (!settled) throw new Error(`${command} did not settle after closing its quick input`);
  return p;
}

/**
 * Runs a QuickPick command and accepts its first (active) item. Accepting is retried until the command
 * settles: on a loaded machine the pick may show long after the command starts (a fixed wait then accepted
 * nothing and closed the pick before it appeared — the flaky "Chinese and an English query" test). Accepting
 * while no quick input is open, or after the pick was accepted and hidden, does nothing.
 */
export async function runAcceptingFirstItem<T>(command: string, ...args: unknown[]): Promise<T> {
  let settled = false;
  const p = Promise.resolve(vscode.commands.executeCommand<T>(command, ...args)).finally(() => (settled = true));
  const end = Date.now() + 60_000;
  while (!settled && Date.now() < end) {
    await new Promise((r) => setTimeout(r, 300));
    if (!settled) await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
  }
  if (!settled) {
    await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
    throw new Error(`${command} did not settle within 60 s of accepting its first item`);
  }
  const result = await p;
  await sidebarSettled();
  return result;
}

/**
 * Waits until the sidebar webview, when one was resolved, has loaded (said `ready`). Opening advice focuses
 * it, and VS Code moves the keyboard focus into a webview only once its content loads: a QuickPick shown
 * before that is closed by the focus change (a following search then returned undefined under load).
 */
export async function sidebarSettled(timeoutMs = 30_000): Promise<void> {
  const metrics = () => Promise.resolve(vscode.commands.executeCommand<{ resolved: number; isReady: boolean } | undefined>('trainingAdvisor.sidebar.metrics')).catch(() => undefined);
  const end = Date.now() + timeoutMs;
  // Gives up quietly: a hidden view never becomes ready, and what the caller does next asserts the outcome.
  while (Date.now() < end) {
    const m = await metrics();
    if (!m || m.resolved === 0 || m.isReady) return;
    await new Promise((r) => setTimeout(r, 100));
  }
}
