/**
 * Which document "In this file" shows: the active text editor (or the notebook of the active cell),
 * remembered while focus sits in the sidebar itself (focus in a webview leaves no active editor).
 */
import * as vscode from 'vscode';

/** Findings of a notebook are keyed by the notebook's URI, not the cell's. */
function ownerUri(editor: vscode.TextEditor): vscode.Uri | undefined {
  const doc = editor.document;
  if (doc.uri.scheme === 'output' || doc.uri.scheme === 'debug') return undefined;
  if (doc.uri.scheme === 'vscode-notebook-cell') {
    const nb = vscode.workspace.notebookDocuments.find((n) => n.getCells().some((c) => c.document === doc));
    return nb?.uri;
  }
  return doc.uri;
}

export class ActiveFileTracker implements vscode.Disposable {
  private uri: vscode.Uri | undefined;
  private editor: vscode.TextEditor | undefined;
  private readonly emitter = new vscode.EventEmitter<void>();
  private readonly subscriptions: vscode.Disposable[] = [];
  /** Fires when the file shown in "In this file" changes. */
  readonly onDidChange = this.emitter.event;

  constructor() {
    this.take(vscode.window.activeTextEditor);
    this.subscriptions.push(
      vscode.window.onDidChangeActiveTextEditor((e) => {
        if (e) this.take(e);
      }),
      vscode.workspace.onDidCloseTextDocument((doc) => {
        if (this.uri && doc.uri.toString() === this.uri.toString()) this.set(undefined, undefined);
      }),
      vscode.workspace.onDidCloseNotebookDocument((nb) => {
        if (this.uri && nb.uri.toString() === this.uri.toString()) this.set(undefined, undefined);
      }),
      this.emitter,
    );
  }

  get current(): vscode.Uri | undefined {
    return this.uri;
  }

  /** The editor to insert snippets into: the active one, else the last one the user was in. */
  get lastEditor(): vscode.TextEditor | undefined {
    const active = vscode.window.activeTextEditor;
    if (active && ownerUri(active)) return active;
    if (this.editor && vscode.window.visibleTextEditors.includes(this.editor)) return this.editor;
    return vscode.window.visibleTextEditors.find((e) => ownerUri(e));
  }

  private take(editor: vscode.TextEditor | undefined): void {
    if (!editor) return;
    const uri = ownerUri(editor);
    if (uri) this.set(uri, editor);
  }

  private set(uri: vscode.Uri | undefined, editor: vscode.TextEditor | undefined): void {
    const changed = uri?.toString() !== this.uri?.toString();
    this.uri = uri;
    this.editor = editor;
    if (changed) this.emitter.fire();
  }

  dispose(): void {
    this.subscriptions.forEach((d) => d.dispose());
  }
}
