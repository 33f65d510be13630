/**
 * What differs between the two extension hosts Training Advisor runs in: Node (desktop VS Code, a VS Code
 * server's remote host; entry dist/extension.js) and the browser's web worker (vscode.dev, github.dev, a web-only
 * install; entry dist/web/extension.js). Everything else uses APIs both have (vscode.workspace.fs, Web Crypto,
 * TextDecoder), so this stays small: main.ts receives one Platform and hands its parts out.
 */
import type * as vscode from 'vscode';
import type { RunSource } from '../../core/runs/formats';
import type { RunReader } from '../runs/runReader';
import type { SpawnEngine } from '../analysisWorker/client';

export interface Platform {
  readonly kind: 'node' | 'web';
  /** Starts the analysis engine: a worker thread on Node, the host's own thread in the browser. */
  spawnEngine(extensionUri: vscode.Uri): SpawnEngine;
  /** Where `~` in trainingAdvisor.knowledgePaths points; undefined in the browser, where packs are off. */
  readonly homedir: string | undefined;
  /**
   * Reads one of the extension's own files. Node reads its disk directly: through vscode.workspace.fs a VS Code
   * server's extension host round-trips via the browser (70 ms at activation, measured in code-server).
   */
  readExtensionFile(uri: vscode.Uri): Promise<Uint8Array>;
  /** How the Runs view and the run panel read run files. */
  readonly runFiles: RunFileAccess;
  /**
   * Watches one folder (not its subfolders) and calls `onChange` when an entry `accept` picks (by name; null when
   * the host cannot say which) changes. Node watches the disk directly (fs.watch), live as soon as it returns;
   * undefined in the browser, where team packs (its only user) are off.
   */
  watchFolder(dir: string, accept: (name: string | null) => boolean, onChange: () => void): vscode.Disposable | undefined;
}

/** Run files by the path the runs code knows them by (a Uri's fsPath), and who reads them. */
export interface RunFileAccess {
  /** The path of a run file's Uri, or undefined when this host cannot read that kind of Uri. */
  pathOf(uri: vscode.Uri): string | undefined;
  /** The runs a file or folder holds (a file: its own run if it is a run file); [] when unreadable. */
  runsAt(path: string, onError: (message: string) => void): Promise<RunSource[]>;
  /**
   * Who reads, parses and diagnoses runs (only appended bytes on a re-read): the runs worker thread on Node, so
   * the host is never blocked; the host's own thread in the browser, where an extension cannot start workers.
   */
  createReader(extensionUri: vscode.Uri, onCrash: (message: string) => void): RunReader;
}
