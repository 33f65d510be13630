/**
 * Log lines that fail a run even when every assertion passed: an endless recursion (once writeShell ↔
 * writeShellNow in the sidebar, around the search and rule-doc commands) is caught by VS Code and only
 * logged, so no assertion would notice it; a save participant that made a save wait past VS Code's 1750 ms
 * budget (VS Code aborts it and only logs that); a webview of ours that showed a document without a CSP (the
 * webview reports it, the extension host only logs a warning).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { CodeServer } from './codeServer';

export const FATAL_LOG = /Maximum call stack size exceeded|Aborted onWillSaveTextDocument-event|training-advisor\.training-advisor created a webview without a content security policy/;

/** The `*.log` files under a folder, recursively (missing folder: none). */
function logFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.log'))
    .map((e) => path.join(e.parentPath, e.name));
}

/**
 * FATAL_LOG lines in a server's logs: server.log, the profile's logs (extension host, the extension's own
 * output channel) and the workbench logs the integration runner saves. Read after stop() for complete files.
 */
export function fatalServerLogLines(server: Pick<CodeServer, 'serverLog' | 'userData' | 'tmp'>): string[] {
  const hits: string[] = [];
  const files = [server.serverLog, ...logFiles(path.join(server.userData, 'logs')), ...logFiles(path.join(server.tmp, 'workbench-logs'))];
  for (const file of files) {
    if (!fs.existsSync(file)) continue;
    const rel = path.relative(server.tmp, file);
    for (const line of fs.readFileSync(file, 'utf8').split('\n')) if (FATAL_LOG.test(line)) hits.push(`${rel}: ${line.trim()}`);
  }
  return hits;
}
