// Activation: wires the language client, mirror health and the commands together; nothing else happens here.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { createLanguageClient } from './languageClient';
import { RedactingOutputChannel } from './redactingChannel';
import { HealthController } from './health/healthController';
import { registerContainerCommand } from './container/command';
import { registerExplainLogCommand } from './explainLog';

let client: LanguageClient | undefined;

/** Settings the server reads at start or that change what it reports: a change restarts it cleanly. */
const SERVER_SETTINGS = [
  'goProxyDoctor.rules',
  'goProxyDoctor.privatePatterns',
  'goProxyDoctor.defaultProxy',
  'goProxyDoctor.mirrors',
  'goProxyDoctor.trace.server',
];

export interface ExtensionApi {
  /** Time spent in activate(), in milliseconds (measured by the end-to-end benchmark). */
  activationMs: number;
}

export async function activate(context: vscode.ExtensionContext): Promise<ExtensionApi> {
  const started = performance.now();
  const output = new RedactingOutputChannel(vscode.window.createOutputChannel('Go Proxy Doctor'));
  const log = (m: string) => output.appendLine(`[${new Date().toISOString()}] ${m}`);
  context.subscriptions.push(output);
  client = createLanguageClient(context, output);
  const languageClient = client;
  const health = new HealthController(languageClient, log);
  context.subscriptions.push(
    health,
    vscode.commands.registerCommand('goProxyDoctor.recheckMirrors', () => health.recheckNow()),
    vscode.commands.registerCommand('goProxyDoctor.showHealthReport', () => health.showReport(context.extensionUri)),
    vscode.commands.registerCommand('goProxyDoctor.useFastestMirror', () => health.useFastestMirror()),
    vscode.commands.registerCommand('goProxyDoctor.healthMenu', () => health.showMenu(context.extensionUri)),
    vscode.commands.registerCommand('goProxyDoctor.restartServer', () => languageClient.restart()),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (SERVER_SETTINGS.some((s) => e.affectsConfiguration(s))) void restart(languageClient, health, log);
    }),
    vscode.workspace.onDidGrantWorkspaceTrust(() => void restart(languageClient, health, log)),
  );
  registerContainerCommand(context, languageClient, log, () => health.healthyMirrors());
  registerExplainLogCommand(context, languageClient);
  // Starting the server does not hold up activation; its failures are reported in the output channel.
  languageClient.start().then(
    () => void health.refresh(),
    (err) => log(`language server failed to start: ${String(err)}`),
  );
  const activationMs = performance.now() - started;
  log(`activated in ${activationMs.toFixed(1)} ms`);
  return { activationMs };
}

async function restart(languageClient: LanguageClient, health: HealthController, log: (m: string) => void): Promise<void> {
  try {
    await languageClient.restart();
    await health.refresh();
  } catch (err) {
    log(`restart failed: ${String(err)}`);
  }
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
