// Failed modules of the last container run as diagnostics on their go.mod `require` lines (cleared by the next
// successful run), with a quick fix from the analysis core where one exists: a module the proxy could not
// serve because it is private gets "Add … to GOPRIVATE" in the Dockerfile that builds it.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { ownerPattern } from '../../../server/src/goenv/privacyEvidence';
import { PRIVATE_EDIT_REQUEST, REQUIREMENTS_REQUEST, type GoModRequirement } from '../../../server/src/protocol';
import { sendRequest } from '../customProtocol';
import type { RunReport } from './report';
import { t } from '../l10n';

export const CONTAINER_SOURCE = 'go-proxy-doctor (container)';

interface FailureData {
  module: string;
  dockerfile?: string;
  stage?: string;
}

export class GoModDiagnostics implements vscode.Disposable, vscode.CodeActionProvider {
  private readonly collection = vscode.languages.createDiagnosticCollection('goProxyDoctorContainer');
  private readonly data = new WeakMap<vscode.Diagnostic, FailureData>();
  private readonly registration: vscode.Disposable;

  constructor(private readonly client: LanguageClient) {
    this.registration = vscode.languages.registerCodeActionsProvider([{ pattern: '**/go.mod' }, { language: 'go.mod' }], this, {
      providedCodeActionKinds: [vscode.CodeActionKind.QuickFix],
    });
  }

  /** Replaces the diagnostics of the module's go.mod files with this run's failures (none when it succeeded). */
  async update(moduleDir: string, goModFiles: string[], report: RunReport, dockerfile?: string, stage?: string): Promise<void> {
    for (const rel of goModFiles) {
      const uri = vscode.Uri.file(path.join(moduleDir, rel));
      // The server's go.mod parser knows where each requirement is; a go.mod it cannot read keeps its diagnostics.
      const requirements: GoModRequirement[] | null = await sendRequest(this.client, REQUIREMENTS_REQUEST, { textDocument: { uri: uri.toString() } }).catch(
        () => null,
      );
      if (!requirements) continue;
      const diagnostics: vscode.Diagnostic[] = [];
      for (const f of report.failures) {
        const required = f.module ? requirements.find((r) => r.path === f.module) : undefined;
        if (!required) continue;
        const { start, end } = required.range;
        const d = new vscode.Diagnostic(
          new vscode.Range(start.line, start.character, end.line, end.character),
          `${f.cause} ${f.fix}`,
          vscode.DiagnosticSeverity.Error,
        );
        d.source = CONTAINER_SOURCE;
        d.code = f.kind;
        this.data.set(d, { module: required.path, dockerfile, stage });
        diagnostics.push(d);
      }
      this.collection.set(uri, diagnostics);
    }
  }

  clear(): void {
    this.collection.clear();
  }

  provideCodeActions(document: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    const out: vscode.CodeAction[] = [];
    for (const d of context.diagnostics) {
      const data = this.data.get(d);
      if (d.source !== CONTAINER_SOURCE || !data || (d.code !== 'not-found-private' && d.code !== 'vcs-auth' && d.code !== 'sumdb-unreachable')) continue;
      const pattern = ownerPattern(data.module);
      const action = new vscode.CodeAction(t('Add {0} to GOPRIVATE in the Dockerfile', pattern), vscode.CodeActionKind.QuickFix);
      action.diagnostics = [d];
      action.command = { title: action.title, command: 'goProxyDoctor.addPrivatePattern', arguments: [data.dockerfile ?? document.uri.toString(), pattern] };
      out.push(action);
    }
    return out;
  }

  /** Asks the server for the edit (it knows where GOPRIVATE is set) and applies it. */
  async addPrivatePattern(uri: string, pattern: string): Promise<void> {
    const edit = await sendRequest(this.client, PRIVATE_EDIT_REQUEST, { textDocument: { uri }, pattern });
    if (!edit) {
      void vscode.window.showWarningMessage(t('No Dockerfile stage that downloads modules was found, so nothing was changed.'));
      return;
    }
    await vscode.workspace.applyEdit(await this.client.protocol2CodeConverter.asWorkspaceEdit(edit));
  }

  dispose(): void {
    this.collection.dispose();
    this.registration.dispose();
  }
}
