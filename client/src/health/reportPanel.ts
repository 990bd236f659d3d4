// The mirror health report as a webview: static HTML (no scripts, strict CSP) rebuilt when the monitor changes.
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { MirrorState } from './monitor';
import { reportHtml } from './reportHtml';
import { t } from '../l10n';

export class HealthReportPanel {
  private static current: HealthReportPanel | undefined;

  static show(extensionUri: vscode.Uri, onClose: () => void): HealthReportPanel {
    if (HealthReportPanel.current) {
      HealthReportPanel.current.panel.reveal();
      return HealthReportPanel.current;
    }
    const panel = vscode.window.createWebviewPanel('goProxyDoctor.healthReport', t('Go module mirror health'), vscode.ViewColumn.Active, {
      enableScripts: false,
      localResourceRoots: [extensionUri],
    });
    const report = new HealthReportPanel(panel);
    panel.onDidDispose(() => {
      HealthReportPanel.current = undefined;
      onClose();
    });
    HealthReportPanel.current = report;
    return report;
  }

  private constructor(private readonly panel: vscode.WebviewPanel) {}

  update(states: MirrorState[], notProbed: string[]): void {
    this.panel.webview.html = reportHtml(states, t, randomBytes(16).toString('base64'), this.panel.webview.cspSource, notProbed);
  }
}
