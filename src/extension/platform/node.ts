/** The Node extension host: analysis in a worker thread, run files through node/runFiles (incremental reads). */
import * as os from 'node:os';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { formatOf, groupRuns } from '../../core/runs/formats';
import { decodeUtf8, findRuns, refreshRunAsync } from '../../node/runFiles';
import { nodeWorkerSpawner } from '../analysisWorker/nodeWorker';
import type { Platform } from './types';

export const nodePlatform: Platform = {
  kind: 'node',
  spawnEngine: (extensionUri) => nodeWorkerSpawner(
    vscode.Uri.joinPath(extensionUri, 'dist', 'analysisWorker.js').fsPath,
    vscode.Uri.joinPath(extensionUri, 'dist').fsPath,
  ),
  homedir: os.homedir(),
  readExtensionFile: async (uri) => (uri.scheme === 'file' ? fs.promises.readFile(uri.fsPath) : vscode.workspace.fs.readFile(uri)),
  runFiles: {
    pathOf: (uri) => (uri.scheme === 'file' ? uri.fsPath : undefined),
    refresh: refreshRunAsync,
    decodeUtf8,
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
