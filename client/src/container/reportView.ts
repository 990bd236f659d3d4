// The container report in a webview: the Markdown report rendered by VS Code's own Markdown renderer, one
// column per run (a re-run with another mirror shows next to the first). No scripts, strict CSP.
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { redactCredentials } from '../../../server/src/core/redact';
import { t } from '../l10n';

export interface ReportColumn {
  title: string;
  /** The line above the report; default `GOPROXY: <title>` (a container run). */
  heading?: string;
  markdown: string;
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

async function render(markdown: string): Promise<string> {
  try {
    const html = await vscode.commands.executeCommand<string>('markdown.api.render', markdown);
    if (typeof html === 'string') return html;
  } catch {
    /* no Markdown extension: plain text below */
  }
  return `<pre>${escapeHtml(markdown)}</pre>`;
}

export class ContainerReportPanel {
  private static current: ContainerReportPanel | undefined;

  /** @param title the tab's title; default that of the container test. */
  static async show(columns: ReportColumn[], title = t('Go proxy test in container')): Promise<ContainerReportPanel> {
    const existing = ContainerReportPanel.current;
    const panel =
      existing?.panel ?? vscode.window.createWebviewPanel('goProxyDoctor.containerReport', title, vscode.ViewColumn.Active, { enableScripts: false });
    panel.title = title;
    if (!existing) {
      ContainerReportPanel.current = new ContainerReportPanel(panel);
      panel.onDidDispose(() => (ContainerReportPanel.current = undefined));
    } else panel.reveal();
    const nonce = randomBytes(16).toString('base64');
    const bodies = await Promise.all(
      columns.map(
        async (c) =>
          `<section><p class="run">${
            c.heading !== undefined ? escapeHtml(redactCredentials(c.heading)) : `GOPROXY: <code>${escapeHtml(redactCredentials(c.title))}</code>`
          }</p>${await render(redactCredentials(c.markdown))}</section>`,
      ),
    );
    panel.webview.html = `<!DOCTYPE html><html><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'nonce-${nonce}'; img-src data:;">
<style nonce="${nonce}">
body { font-family: var(--vscode-font-family); color: var(--vscode-foreground); padding: 0 16px; }
main { display: grid; grid-template-columns: repeat(${columns.length}, minmax(0, 1fr)); gap: 24px; }
.run { color: var(--vscode-descriptionForeground); border-bottom: 1px solid var(--vscode-panel-border); padding-bottom: 4px; }
table { border-collapse: collapse; } td, th { border: 1px solid var(--vscode-panel-border); padding: 2px 8px; }
pre, code { font-family: var(--vscode-editor-font-family); } pre { white-space: pre-wrap; word-break: break-all; }
</style></head><body><main>${bodies.join('')}</main></body></html>`;
    return ContainerReportPanel.current!;
  }

  private constructor(readonly panel: vscode.WebviewPanel) {}
}
