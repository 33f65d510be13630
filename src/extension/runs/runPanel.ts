/**
 * The run panel: one editor tab per run with its charts (uPlot, dist/runPanel.js) and diagnoses. Same rules
 * as the sidebar: strict CSP with a nonce, no inline script, resources only from media/ and dist/, messages
 * validated (parseFromRunPanel), HTML sanitized by the webview. Redrawn when the store re-reads the run.
 */
import * as vscode from 'vscode';
import { buildPanelModel } from '../../core/runs/panel/model';
import { parseFromRunPanel, type FromRunPanel, type PanelLabels, type ToRunPanel } from '../../core/runs/panel/protocol';
import type { Services } from '../services';
import { t } from '../i18n';
import { contentSecurityPolicy, makeNonce } from '../sidebar/html';
import type { RunStore, WorkspaceRun } from './runStore';

export const RUN_PANEL_VIEW_TYPE = 'trainingAdvisor.run';

/** What the tests can see of a panel. */
export interface RunPanelState {
  path: string;
  ready: boolean;
  charts: number;
  markers: number;
  diagnoses: number;
  updates: number;
}

export class RunPanel implements vscode.Disposable {
  private ready = false;
  private focus: number | null;
  readonly state: RunPanelState;
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(
    private readonly services: Services,
    private readonly store: RunStore,
    private run: WorkspaceRun,
    focus: number | null,
    readonly panel: vscode.WebviewPanel,
    onDispose: () => void,
  ) {
    this.focus = focus;
    this.state = { path: run.source.path, ready: false, charts: 0, markers: 0, diagnoses: run.diagnoses.length, updates: 0 };
    const { extensionUri } = services.context;
    panel.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'sidebar-icon.svg');
    const webview = panel.webview;
    const nonce = makeNonce();
    const uri = (...p: string[]) => webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, ...p)).toString();
    webview.html = `<!DOCTYPE html>
<html lang="${services.language() === 'zh' ? 'zh-CN' : 'en'}">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${contentSecurityPolicy(webview.cspSource, nonce)}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${uri('dist', 'runPanel.css')}">
<title>Training run</title>
</head>
<body>
<header class="toolbar" id="toolbar"></header>
<div class="layout"><main id="charts" aria-busy="true"></main><aside id="diagnoses" aria-live="polite"></aside></div>
<script nonce="${nonce}" src="${uri('dist', 'runPanel.js')}"></script>
</body>
</html>`;
    this.subscriptions.push(
      webview.onDidReceiveMessage((m: unknown) => this.onMessage(m)),
      store.onDidChange(() => this.refresh()),
      panel.onDidDispose(() => {
        this.subscriptions.forEach((d) => d.dispose());
        onDispose();
      }),
    );
  }

  /** Show the panel (again) at a diagnosis. */
  reveal(run: WorkspaceRun, focus: number | null): void {
    this.run = run;
    this.focus = focus;
    this.panel.reveal(undefined, false);
    if (this.ready) this.post(focus === null ? this.modelMessage() : { type: 'focus', index: focus });
  }

  private refresh(): void {
    const next = this.store.get(this.run.source.path);
    if (!next || next === this.run) return;
    this.run = next;
    this.state.updates++;
    this.state.diagnoses = next.diagnoses.length;
    if (this.ready) this.post(this.modelMessage());
  }

  private labels(): PanelLabels {
    return {
      logScale: t('Log scale'),
      smoothing: t('Smoothing'),
      resetZoom: t('Double-click a chart to reset the zoom'),
      diagnoses: t('Diagnoses'),
      noDiagnoses: t('No problems found in this run.'),
      noSeries: t('This run logs none of the charted series (loss, learning rate, grad norm, throughput, memory).'),
      step: t('step'),
      charts: {
        loss: t('Loss'),
        learning_rate: t('Learning rate'),
        grad_norm: t('Gradient norm'),
        throughput: t('Throughput'),
        memory: t('Memory'),
      },
    };
  }

  private modelMessage(): ToRunPanel {
    const model = buildPanelModel(this.run.run, this.run.diagnoses, this.services.knowledge.kb, this.services.language());
    return { type: 'model', model, labels: this.labels(), focus: this.focus };
  }

  private post(m: ToRunPanel): void {
    void this.panel.webview.postMessage(m);
  }

  private onMessage(raw: unknown): void {
    const m = parseFromRunPanel(raw);
    if (!m) {
      this.services.output.warn('run panel: ignored a malformed or unknown message from the webview');
      return;
    }
    this.handle(m);
  }

  private handle(m: FromRunPanel): void {
    switch (m.type) {
      case 'ready':
        this.ready = true;
        this.state.ready = true;
        this.post(this.modelMessage());
        return;
      case 'painted':
        this.state.charts = m.charts;
        this.state.markers = m.markers;
        return;
      case 'openAdvice':
        void vscode.commands.executeCommand('trainingAdvisor.openAdvice', m.ref);
        return;
      case 'openRule':
        void vscode.commands.executeCommand('trainingAdvisor.showRuleDocs', m.id);
        return;
    }
  }

  dispose(): void {
    this.panel.dispose();
  }
}

export function createRunWebviewPanel(services: Services, title: string): vscode.WebviewPanel {
  const { extensionUri } = services.context;
  return vscode.window.createWebviewPanel(RUN_PANEL_VIEW_TYPE, title, vscode.ViewColumn.Active, {
    enableScripts: true,
    enableCommandUris: false,
    localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'media'), vscode.Uri.joinPath(extensionUri, 'dist')],
    retainContextWhenHidden: true,
  });
}
