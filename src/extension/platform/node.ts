/** The Node extension host: analysis and run reading each in a worker thread; run files found on disk. */
import * as os from 'node:os';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { formatOf, groupRuns } from '../../core/runs/formats';
import { findRuns } from '../../node/findRunFiles';
import { nodeWorkerSpawner } from '../analysisWorker/nodeWorker';
import { RunsWorkerClient } from '../runsWorker/client';
import type { Platform } from './types';

export const nodePlatform: Platform = {
  kind: 'node',
  spawnEngine: (extensionUri) => nodeWorkerSpawner(
    vscode.Uri.joinPath(extensionUri, 'dist', 'analysisWorker.js').fsPath,
    vscode.Uri.joinPath(extensionUri, 'dist').fsPath,
  ),
  homedir: os.homedir(),
  watchFolder(dir, accept, onChange) {
    try {
      const watcher = fs.watch(dir, { persistent: false }, (_event, name) => {
        if (accept(typeof name === 'string' ? name : null)) onChange();
      });
      // The folder removed or renamed: the next reload (which the removal triggers in its parent) drops it.
      watcher.on('error', () => watcher.close());
      return { dispose: () => watcher.close() };
    } catch {
      return undefined; // gone between the walk and now: the same
    }
  },
  readExtensionFile: async (uri) => (uri.scheme === 'file' ? fs.promises.readFile(uri.fsPath) : vscode.workspace.fs.readFile(uri)),
  runFiles: {
    pathOf: (uri) => (uri.scheme === 'file' ? uri.fsPath : undefined),
    createReader: (extensionUri, onCrash) => new RunsWorkerClient(vscode.Uri.joinPath(extensionUri, 'dist', 'runsWorker.js').fsPath, onCrash),
    async runsAt(p, onError) {
      let isDir: boolean;
      try {
        isDir = (await fs.promises.stat(p)).isDirectory();
      } catch {
        return [];
      }
      if (!isDir) return formatOf(p) ? groupRuns([p]) : [];
      return findRuns([p], onError);
    },
  },
};
