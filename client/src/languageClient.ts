// Starts the Go Proxy Doctor language server (dist/server.js) over IPC. The server reads goProxyDoctor.*
// settings itself (workspace/configuration); it learns the display language and whether the workspace is
// trusted at start, so the client restarts it when either changes.
import { WATCHED_FILES_GLOB } from '../../server/src/protocol';
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { BUILD_FILE_PATTERNS } from './buildFilePatterns';

/** Documents the server analyses: by language id, and by file name for editors without those languages. */
export const DOCUMENT_SELECTOR: LanguageClientOptions['documentSelector'] = [
  { language: 'dockerfile' },
  { language: 'go.mod' },
  { language: 'gomod' },
  { language: 'go.work' },
  { language: 'gowork' },
  { scheme: 'file', pattern: '**/{Dockerfile,*.Dockerfile,Dockerfile.*,Containerfile,go.mod,go.work}' },
  { scheme: 'untitled', language: 'dockerfile' },
  ...BUILD_FILE_PATTERNS.map((pattern) => ({ scheme: 'file', pattern })),
];

export function createLanguageClient(context: vscode.ExtensionContext, output: vscode.OutputChannel): LanguageClient {
  const module = context.asAbsolutePath('dist/server.js');
  // dist/server.js keeps a V8 code cache of the server bundle; in the extension's own storage, not ~/.cache.
  const env = { ...process.env, GO_PROXY_DOCTOR_CACHE_DIR: vscode.Uri.joinPath(context.globalStorageUri, 'code-cache').fsPath };
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc, options: { env } },
    debug: { module, transport: TransportKind.ipc, options: { env, execArgv: ['--nolazy', '--inspect=6010'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: DOCUMENT_SELECTOR,
    outputChannel: output,
    traceOutputChannel: output,
    initializationOptions: () => ({ locale: vscode.env.language, trusted: vscode.workspace.isTrusted, watchesFiles: true }),
    synchronize: {
      configurationSection: 'goProxyDoctor',
      fileEvents: vscode.workspace.createFileSystemWatcher(WATCHED_FILES_GLOB),
    },
  };
  return new LanguageClient('goProxyDoctor', 'Go Proxy Doctor', serverOptions, clientOptions);
}
