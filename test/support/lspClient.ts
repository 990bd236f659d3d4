// Drives the built language server (dist/server.js --stdio) as an editor does, over a real stdio JSON-RPC
// connection.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import type { Diagnostic } from 'vscode-languageserver-types';

interface PublishDiagnosticsParams {
  uri: string;
  version?: number;
  diagnostics: Diagnostic[];
}

export const SERVER = path.resolve(__dirname, '..', '..', 'dist', 'server.js');

export interface LspClient {
  proc: ChildProcessWithoutNullStreams;
  conn: MessageConnection;
  stderr: () => string;
  logs: string[];
  /** The diagnostics for `uri` that match `pred`: the latest published if they do, else the next that do. */
  diagnostics(uri: string, pred?: (d: Diagnostic[]) => boolean, timeoutMs?: number): Promise<Diagnostic[]>;
  /** Latest diagnostics published for `uri`. */
  latest(uri: string): Diagnostic[] | undefined;
  /** How many times diagnostics were published for `uri`. */
  publishCount(uri: string): number;
  /** The document versions of the diagnostics published for `uri`, in the order they came. */
  publishedVersions(uri: string): (number | undefined)[];
  open(uri: string, text: string, languageId?: string, version?: number): void;
  change(uri: string, version: number, text: string): void;
  close(): Promise<void>;
  /** The capabilities the server registered with `client/registerCapability`. */
  registrations: { method: string; registerOptions?: unknown }[];
  /** The registration of `method`, once the server has made it (it does once the documents opened first are published). */
  registered(method: string, timeoutMs?: number): Promise<{ method: string; registerOptions?: unknown }>;
}

export interface StartOptions {
  rootDir?: string;
  locale?: string;
  settings?: Record<string, unknown>;
  /** Advertise workspace/configuration and answer it with `settings`. */
  pullSettings?: boolean;
  resolveEdits?: boolean;
  /** Environment of the server process (default: this process's). */
  env?: NodeJS.ProcessEnv;
  /** Node options before the script, e.g. --enable-source-maps. */
  nodeArgs?: string[];
  /** The server script (default: SERVER). */
  server?: string;
  /** An executable started directly with --stdio instead of `node <server>`: an installed package's bin. */
  bin?: string;
  /** The client can watch files for the server (`workspace.didChangeWatchedFiles.dynamicRegistration`). */
  registersWatchers?: boolean;
  /** The client watches the files itself, as the VS Code client does (initialization option `watchesFiles`). */
  watchesFiles?: boolean;
}

export async function startServer(opts: StartOptions = {}): Promise<LspClient> {
  const server = opts.bin ?? opts.server ?? SERVER;
  if (!fs.existsSync(server)) throw new Error(`${server} is missing: run npm run build first`);
  const [command, args] = opts.bin ? [opts.bin, ['--stdio']] : [process.execPath, [...(opts.nodeArgs ?? []), server, '--stdio']];
  const proc = spawn(command, args, { stdio: 'pipe', env: opts.env ?? process.env });
  let stderr = '';
  proc.stderr.on('data', (b) => (stderr += b.toString()));
  const conn = createMessageConnection(new StreamMessageReader(proc.stdout), new StreamMessageWriter(proc.stdin));
  const published = new Map<string, Diagnostic[]>();
  const waiters: { uri: string; pred: (d: Diagnostic[]) => boolean; resolve: (d: Diagnostic[]) => void }[] = [];
  const logs: string[] = [];
  const counts = new Map<string, number>();
  const versions = new Map<string, (number | undefined)[]>();
  conn.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
    published.set(p.uri, p.diagnostics);
    counts.set(p.uri, (counts.get(p.uri) ?? 0) + 1);
    versions.set(p.uri, [...(versions.get(p.uri) ?? []), p.version]);
    for (const w of [...waiters]) {
      if (w.uri === p.uri && w.pred(p.diagnostics)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(p.diagnostics);
      }
    }
  });
  conn.onNotification('window/logMessage', (p: { message: string }) => logs.push(p.message));
  conn.onRequest('workspace/configuration', (p: { items: { section?: string }[] }) => p.items.map(() => opts.settings ?? {}));
  const registrations: LspClient['registrations'] = [];
  const registrationWaiters = new Set<() => void>();
  conn.onRequest('client/registerCapability', (p: { registrations: { method: string; registerOptions?: unknown }[] }) => {
    registrations.push(...p.registrations);
    for (const w of [...registrationWaiters]) w();
    return null;
  });
  const registered = (method: string, timeoutMs = 10_000) =>
    new Promise<LspClient['registrations'][number]>((resolve, reject) => {
      const check = () => {
        const r = registrations.find((x) => x.method === method);
        if (!r) return;
        registrationWaiters.delete(check);
        clearTimeout(timer);
        resolve(r);
      };
      const timer = setTimeout(() => {
        registrationWaiters.delete(check);
        reject(new Error(`no registration of ${method} within ${timeoutMs} ms; registered: ${JSON.stringify(registrations.map((x) => x.method))}`));
      }, timeoutMs);
      registrationWaiters.add(check);
      check();
    });
  conn.listen();
  const rootUri = opts.rootDir ? `file://${opts.rootDir}` : null;
  await conn.sendRequest('initialize', {
    processId: process.pid,
    locale: opts.locale,
    rootUri,
    workspaceFolders: opts.rootDir ? [{ uri: rootUri, name: 'ws' }] : null,
    initializationOptions: { ...(opts.pullSettings ? {} : { settings: opts.settings ?? {} }), ...(opts.watchesFiles ? { watchesFiles: true } : {}) },
    capabilities: {
      workspace: {
        configuration: !!opts.pullSettings,
        didChangeConfiguration: { dynamicRegistration: true },
        ...(opts.registersWatchers ? { didChangeWatchedFiles: { dynamicRegistration: true } } : {}),
      },
      textDocument: {
        publishDiagnostics: { relatedInformation: true, codeDescriptionSupport: true, tagSupport: { valueSet: [1, 2] } },
        codeAction: {
          codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix'] } },
          resolveSupport: opts.resolveEdits ? { properties: ['edit'] } : undefined,
        },
        hover: { contentFormat: ['markdown', 'plaintext'] },
        completion: { completionItem: { snippetSupport: false } },
      },
    },
  });
  conn.sendNotification('initialized', {});
  return {
    proc,
    conn,
    logs,
    registrations,
    registered,
    stderr: () => stderr,
    latest: (uri) => published.get(uri),
    publishCount: (uri) => counts.get(uri) ?? 0,
    publishedVersions: (uri) => versions.get(uri) ?? [],
    diagnostics(uri, pred = () => true, timeoutMs = 5000) {
      const now = published.get(uri);
      if (now && pred(now)) return Promise.resolve(now);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () =>
            reject(
              new Error(`no matching diagnostics for ${uri} within ${timeoutMs} ms; last: ${JSON.stringify(published.get(uri))}\nserver stderr: ${stderr}`),
            ),
          timeoutMs,
        );
        waiters.push({ uri, pred, resolve: (d) => (clearTimeout(timer), resolve(d)) });
      });
    },
    open(uri, text, languageId = 'dockerfile', version = 1) {
      conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version, text } });
    },
    change(uri, version, text) {
      conn.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text }] });
    },
    async close() {
      try {
        await Promise.race([conn.sendRequest('shutdown'), new Promise((r) => setTimeout(r, 2000))]);
        conn.sendNotification('exit');
      } catch {
        /* already gone */
      }
      conn.dispose();
      if (proc.exitCode === null) {
        await new Promise<void>((resolve) => {
          const t = setTimeout(() => (proc.kill('SIGKILL'), resolve()), 2000);
          proc.once('exit', () => (clearTimeout(t), resolve()));
        });
      }
    },
  };
}

/** A temporary workspace folder with the given files. */
export function makeWorkspace(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(require('node:os').tmpdir(), 'gpd-ws-'));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}
