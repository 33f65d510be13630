// Placeholder until the sidebar lands (issue 5): the view is contributed, so register an empty provider.
import * as vscode from 'vscode';
import type { Services } from '../services';

export function registerSidebar(services: Services): void {
  services.context.subscriptions.push(
    vscode.window.registerWebviewViewProvider('trainingAdvisor.sidebar', {
      resolveWebviewView(view) {
        view.webview.options = { enableScripts: false };
        view.webview.html = '<!DOCTYPE html><html><body></body></html>';
      },
    }),
  );
}
