// "Go Proxy Doctor: Explain build log": a build log from the terminal's selection, the clipboard, the open editor or
// a file; the server explains it against the workspace's Dockerfiles; the report view shows the result and each
// failure becomes a diagnostic on its Dockerfile line, with the analysis core's fixes as quick fixes. It only reads
// text, so it works in Restricted Mode. A diagnostic goes when its line is edited or a container test passes.
import * as fs from 'node:fs/promises';
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { EXPLAIN_LOG_REQUEST, type ExplainedFailure } from '../../server/src/protocol';
import { sendRequest } from './customProtocol';
import { t } from './l10n';
import { ContainerReportPanel } from './container/reportView';

export const BUILD_LOG_SOURCE = 'go-proxy-doctor (build log)';
const DOCKERFILES = '**/{Dockerfile,*.Dockerfile,Dockerfile.*,*.dockerfile,Containerfile}';
const SKIPPED = '**/{node_modules,vendor,.git,testdata}/**';
/** Larger logs are cut to their end, where a build's failure is. */
const MAX_LOG_CHARS = 8 * 1024 * 1024;

type Fixes = ExplainedFailure['fixes'];

class BuildLogDiagnostics implements vscode.CodeActionProvider, vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('goProxyDoctorBuildLog');
  private readonly fixes = new WeakMap<vscode.Diagnostic, Fixes>();
  private readonly subscriptions: vscode.Disposable[];

  constructor(private readonly client: LanguageClient) {
    this.subscriptions = [
      vscode.languages.registerCodeActionsProvider([{ language: 'dockerfile' }, { pattern: DOCKERFILES }], this, {
        providedCodeActionKinds: [vscode.CodeActionKind.QuickFix],
      }),
      vscode.workspace.onDidChangeTextDocument((e) => this.edited(e)),
    ];
  }

  /** Replaces every build-log diagnostic with those of this log. */
  set(failures: readonly ExplainedFailure[]): void {
    this.collection.clear();
    const byUri = new Map<string, vscode.Diagnostic[]>();
    for (const f of failures) {
      if (!f.location) continue;
      const { start, end } = f.location.range;
      const d = new vscode.Diagnostic(
        new vscode.Range(start.line, start.character, end.line, end.character),
        `${f.message} ${f.fix}`,
        vscode.DiagnosticSeverity.Error,
      );
      d.source = BUILD_LOG_SOURCE;
      d.code = f.kind;
      this.fixes.set(d, f.fixes);
      byUri.set(f.location.uri, [...(byUri.get(f.location.uri) ?? []), d]);
    }
    for (const [uri, diagnostics] of byUri) this.collection.set(vscode.Uri.parse(uri), diagnostics);
  }

  clear(): void {
    this.collection.clear();
  }

  /** An edit of a line a diagnostic is on answers it: that diagnostic goes. */
  private edited(e: vscode.TextDocumentChangeEvent): void {
    const current = this.collection.get(e.document.uri);
    if (!current?.length || e.contentChanges.length === 0) return;
    const touched = (d: vscode.Diagnostic) => e.contentChanges.some((c) => c.range.start.line <= d.range.end.line && d.range.start.line <= c.range.end.line);
    const kept = current.filter((d) => !touched(d));
    if (kept.length !== current.length) this.collection.set(e.document.uri, kept);
  }

  async provideCodeActions(_document: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): Promise<vscode.CodeAction[]> {
    const out: vscode.CodeAction[] = [];
    for (const d of context.diagnostics) {
      if (d.source !== BUILD_LOG_SOURCE) continue;
      for (const fix of this.fixes.get(d) ?? []) {
        const action = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
        action.diagnostics = [d];
        action.edit = await this.client.protocol2CodeConverter.asWorkspaceEdit(fix.edit);
        out.push(action);
      }
    }
    return out;
  }

  dispose(): void {
    this.collection.dispose();
    this.subscriptions.forEach((s) => s.dispose());
  }
}

let diagnostics: BuildLogDiagnostics | undefined;

/** A container test that passed says the module downloads now: the failures of an old build log no longer apply. */
export function clearBuildLogDiagnostics(): void {
  diagnostics?.clear();
}

interface LogText {
  text: string;
  from: string;
}

async function fromTerminal(): Promise<string | undefined> {
  // The terminal's selection is reached through the clipboard; the user's clipboard is put back afterwards.
  const saved = await vscode.env.clipboard.readText();
  await vscode.env.clipboard.writeText('');
  await vscode.commands.executeCommand('workbench.action.terminal.copySelection');
  const text = await vscode.env.clipboard.readText();
  await vscode.env.clipboard.writeText(saved);
  return text || undefined;
}

async function readFileText(uri: vscode.Uri): Promise<string> {
  if (uri.scheme === 'file') return fs.readFile(uri.fsPath, 'utf8');
  return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
}

/** `arg`: a file (URI or `{ file }`) to read without asking. */
async function readLog(arg: unknown): Promise<LogText | undefined> {
  const given =
    arg instanceof vscode.Uri ? arg : typeof (arg as { file?: unknown })?.file === 'string' ? vscode.Uri.file((arg as { file: string }).file) : undefined;
  if (given) return { text: await readFileText(given), from: vscode.workspace.asRelativePath(given) };
  const editor = vscode.window.activeTextEditor;
  const openLog = editor && editor.document.languageId !== 'dockerfile' && !/go\.(mod|work)$/.test(editor.document.fileName) ? editor.document : undefined;
  type Item = vscode.QuickPickItem & { read: () => Promise<LogText | undefined> };
  const items: Item[] = [];
  if (vscode.window.activeTerminal) {
    items.push({
      label: t('The terminal selection'),
      read: async () => ((s) => (s ? { text: s, from: t('terminal selection') } : undefined))(await fromTerminal()),
    });
  }
  items.push({
    label: t('The clipboard'),
    read: async () => ((s) => (s ? { text: s, from: t('clipboard') } : undefined))(await vscode.env.clipboard.readText()),
  });
  if (openLog) {
    const name = vscode.workspace.asRelativePath(openLog.uri);
    items.push({ label: t('The open editor ({0})', name), read: async () => ({ text: openLog.getText(), from: name }) });
  }
  items.push({
    label: t('A file…'),
    read: async () => {
      const picked = await vscode.window.showOpenDialog({ canSelectMany: false, openLabel: t('Explain') });
      return picked?.[0] ? { text: await readFileText(picked[0]), from: vscode.workspace.asRelativePath(picked[0]) } : undefined;
    },
  });
  const pick = await vscode.window.showQuickPick(items, { placeHolder: t('Which build log should be explained?') });
  return pick?.read();
}

async function explainBuildLog(client: LanguageClient, arg: unknown): Promise<void> {
  const log = await readLog(arg);
  if (!log) return;
  if (log.text.trim() === '') {
    void vscode.window.showWarningMessage(t('The build log is empty.'));
    return;
  }
  const text = log.text.length > MAX_LOG_CHARS ? log.text.slice(-MAX_LOG_CHARS) : log.text;
  const active = vscode.window.activeTextEditor?.document;
  const found = await vscode.workspace.findFiles(DOCKERFILES, SKIPPED, 200);
  const dockerfiles = [...new Set([...(active?.languageId === 'dockerfile' ? [active.uri.toString()] : []), ...found.map((u) => u.toString())])];
  const result = await sendRequest(client, EXPLAIN_LOG_REQUEST, { log: text, dockerfiles });
  diagnostics?.set(result.failures);
  await ContainerReportPanel.show([{ title: log.from, heading: t('Build log: {0}', log.from), markdown: result.markdown }], t('Build log explained'));
  const n = result.failures.length;
  if (n === 0) void vscode.window.showInformationMessage(t('No Go module failure found in this build log.'));
  else
    void vscode.window.showErrorMessage(
      n === 1 ? t('1 Go module failure in this build log: {0}', result.failures[0]!.kind) : t('{0} Go module failures in this build log.', n),
    );
}

export function registerExplainLogCommand(context: vscode.ExtensionContext, client: LanguageClient): void {
  diagnostics = new BuildLogDiagnostics(client);
  context.subscriptions.push(
    diagnostics,
    vscode.commands.registerCommand('goProxyDoctor.explainBuildLog', (arg?: unknown) => explainBuildLog(client, arg)),
  );
}
