/**
 * The browser's web worker extension host (vscode.dev, github.dev, a VS Code server's web-only install): no Node.
 * The analysis engine runs in this thread (a web extension served by a VS Code server cannot start workers), its
 * wasm files read with vscode.workspace.fs and handed to web-tree-sitter as bytes. Run files are read with workspace.fs
 * and parsed in this thread too (InProcessRunReader; workspace.fs reads whole files, so a re-read reads the file again).
 */
import * as vscode from 'vscode';
import { formatOf, groupRuns, RUN_FILE_GLOB } from '../../core/runs/formats';
import type { LocateWasm } from '../../core/analysis/parser';
import type { RunFileAccess as CoreRunFileAccess } from '../../core/runs/refresh';
import { inProcessSpawner } from '../analysisWorker/inProcess';
import { InProcessRunReader } from '../runs/inProcessRunReader';
import type { Platform, RunFileAccess } from './types';

const WASM_FILES = ['web-tree-sitter.wasm', 'tree-sitter-python.wasm'];

/**
 * Reads the two wasm files once and hands web-tree-sitter their bytes: a blob: or extension URL is not loadable
 * from the web worker extension host (its XHR/fetch to a blob: URL of the page fails: tried in code-server).
 */
function wasmLocator(extensionUri: vscode.Uri): () => Promise<LocateWasm> {
  let files: Promise<Map<string, Uint8Array>> | undefined;
  return async () => {
    files ??= Promise.all(WASM_FILES.map(async (name) => [name, await vscode.workspace.fs.readFile(vscode.Uri.joinPath(extensionUri, 'dist', name))] as const))
      .then((pairs) => new Map(pairs));
    const map = await files.catch((e: unknown) => {
      files = undefined; // a failed read must not poison the next attempt
      throw e;
    });
    return (file) => {
      const name = file.split('/').pop() ?? file;
      const bytes = map.get(name);
      if (!bytes) throw new Error(`no wasm file ${name} in the extension`);
      return bytes;
    };
  };
}

/** The workspace folder a path belongs to, so a path maps back to a Uri of the same (virtual) file system. */
function folderOf(p: string): vscode.WorkspaceFolder | undefined {
  return (vscode.workspace.workspaceFolders ?? []).find((f) => p === f.uri.fsPath || p.startsWith(f.uri.fsPath.replace(/\/?$/, '/')));
}

const uriOf = (p: string): vscode.Uri | undefined => folderOf(p)?.uri.with({ path: p });

/** The core readers' file access over vscode.workspace.fs, which reads whole files (no ranged reads). */
const workspaceFsAccess: CoreRunFileAccess = {
  async stat(file) {
    const uri = uriOf(file);
    if (!uri) return undefined;
    const s = await vscode.workspace.fs.stat(uri);
    return { size: s.size, mtime: s.mtime };
  },
  async *read(file, from, to) {
    const uri = uriOf(file);
    if (!uri) return;
    const bytes = await vscode.workspace.fs.readFile(uri);
    yield bytes.subarray(Math.min(from, bytes.length), Math.min(to, bytes.length));
  },
};

const webRunFiles: RunFileAccess = {
  pathOf: (uri) => ((vscode.workspace.workspaceFolders ?? []).some((f) => f.uri.scheme === uri.scheme && f.uri.authority === uri.authority) ? uri.fsPath : undefined),
  createReader: () => new InProcessRunReader(workspaceFsAccess),
  async runsAt(p) {
    const uri = uriOf(p);
    if (!uri) return [];
    let stat: vscode.FileStat;
    try {
      stat = await vscode.workspace.fs.stat(uri);
    } catch {
      return [];
    }
    if (!(stat.type & vscode.FileType.Directory)) return formatOf(p) ? groupRuns([p]) : [];
    const found = await vscode.workspace.findFiles(new vscode.RelativePattern(uri, RUN_FILE_GLOB), '**/{node_modules,.git,.venv,venv,__pycache__,wandb}/**', 2000);
    return groupRuns(found.map((u) => u.fsPath));
  },
};

export const webPlatform: Platform = {
  kind: 'web',
  spawnEngine: (extensionUri) => inProcessSpawner(wasmLocator(extensionUri)),
  homedir: undefined,
  watchFolder: () => undefined,
  readExtensionFile: (uri) => Promise.resolve(vscode.workspace.fs.readFile(uri)),
  runFiles: webRunFiles,
};
