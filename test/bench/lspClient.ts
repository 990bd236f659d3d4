// A minimal LSP client for the benchmarks: starts a server over stdio, answers what servers ask of a client, and
// resolves when a document's diagnostics arrive. Shared by the cold-start (lsp.bench.ts) and warm (warm.bench.ts)
// benchmarks so both measure the same way.
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';

export interface BenchFigure {
  name: string;
  value: number;
  unit: string;
  target?: string;
}

export interface BenchServer {
  proc: ChildProcess;
  conn: MessageConnection;
  /**
   * Resolves with the next publishDiagnostics for the URI, or with the next one for that document version when
   * `version` is given (or rejects after `timeoutMs`).
   */
  diagnostics(uri: string, timeoutMs?: number, version?: number): Promise<void>;
  /** Lines the server process wrote outside the protocol: stdout and stderr with `keepOutput`, else stderr. */
  output: string[];
  /** How the process ended, once it has. */
  exited?: { code: number | null; signal: string | null };
}

/** What a failed exchange with a server says: the error, how the process ended, the last lines it wrote. */
export function serverFailure(label: string, s: BenchServer, err: unknown): Error {
  const exit = s.exited ? `; the process exited (code ${s.exited.code}, signal ${s.exited.signal})` : '';
  const tail = s.output
    .filter((l) => !/ms: (Scavenge|Mark-Compact|Mark-sweep)/.test(l))
    .slice(-5)
    .join(' | ');
  return new Error(`${label}: ${(err as Error)?.message ?? String(err)}${exit}${tail ? `; its last output: ${tail}` : ''}`);
}

export interface StartOptions {
  command: string;
  args: string[];
  env?: NodeJS.ProcessEnv;
  rootUri?: string | null;
  /**
   * Talk over a Unix socket (`--pipe=PATH`) instead of stdio and keep what the process writes to stdout and stderr:
   * V8's `--trace-gc` prints to stdout, which stdio would share with the protocol.
   */
  keepOutput?: boolean;
}

function keepLines(stream: NodeJS.ReadableStream, into: string[]): void {
  let partial = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => {
    const lines = (partial + chunk).split('\n');
    partial = lines.pop() ?? '';
    into.push(...lines);
  });
}

export async function startServer(opts: StartOptions): Promise<{ server: BenchServer; initMs: number }> {
  const started = performance.now();
  const output: string[] = [];
  let proc: ChildProcess;
  let conn: MessageConnection;
  if (opts.keepOutput) {
    // A Unix socket (`--pipe=PATH`, the server connects): unlike loopback TCP it has no Nagle delay, which would
    // add tens of milliseconds to every small message.
    const pipe = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'gpd-bench-pipe-')), 'lsp.sock');
    const listener = net.createServer();
    await new Promise<void>((resolve) => listener.listen(pipe, resolve));
    const accepted = new Promise<net.Socket>((resolve) => listener.once('connection', resolve));
    proc = spawn(opts.command, [...opts.args, `--pipe=${pipe}`], { stdio: ['ignore', 'pipe', 'pipe'], env: opts.env ?? process.env });
    keepLines(proc.stdout!, output);
    keepLines(proc.stderr!, output);
    const socket = await accepted;
    listener.close();
    conn = createMessageConnection(new StreamMessageReader(socket), new StreamMessageWriter(socket));
  } else {
    proc = spawn(opts.command, [...opts.args, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'], env: opts.env ?? process.env });
    keepLines(proc.stderr!, output);
    // A server that exits on shutdown closes its stdin before our `exit` notification: not an error here.
    proc.stdin!.on('error', () => undefined);
    conn = createMessageConnection(new StreamMessageReader(proc.stdout!), new StreamMessageWriter(proc.stdin!));
  }
  let exited: BenchServer['exited'];
  proc.on('exit', (code, signal) => (exited = { code, signal }));
  const waiting = new Map<string, { done: () => void; version?: number }>();
  conn.onNotification('textDocument/publishDiagnostics', (p: { uri: string; version?: number }) => {
    const w = waiting.get(p.uri);
    if (!w || (w.version !== undefined && p.version !== w.version)) return;
    waiting.delete(p.uri);
    w.done();
  });
  conn.onRequest('workspace/configuration', (p: { items: unknown[] }) => p.items.map(() => ({})));
  conn.onRequest('client/registerCapability', () => null);
  conn.onRequest('window/workDoneProgress/create', () => null);
  conn.listen();
  const rootUri = opts.rootUri ?? null;
  await conn.sendRequest('initialize', {
    processId: process.pid,
    rootUri,
    workspaceFolders: rootUri ? [{ uri: rootUri, name: 'bench' }] : null,
    // A client that can watch files for a server, as VS Code and Neovim can (nothing on disk changes during a run,
    // so it never has an event to send).
    capabilities: {
      textDocument: { publishDiagnostics: {} },
      workspace: { configuration: true, workspaceFolders: true, didChangeWatchedFiles: { dynamicRegistration: true } },
    },
    initializationOptions: {},
  });
  const initMs = performance.now() - started;
  conn.sendNotification('initialized', {});
  const server: BenchServer = {
    proc,
    conn,
    output,
    diagnostics: (uri, timeoutMs = 30_000, version?: number) =>
      new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => {
          waiting.delete(uri);
          reject(new Error(`no diagnostics for ${uri}${version === undefined ? '' : ` version ${version}`} within ${timeoutMs} ms`));
        }, timeoutMs);
        waiting.set(uri, { done: () => (clearTimeout(timer), resolve()), version });
      }),
    get exited() {
      return exited;
    },
  };
  return { initMs, server };
}

/** Shuts the server down and returns its peak resident memory (MiB). */
export async function stopServer(s: BenchServer): Promise<number> {
  const rss = peakRssMiB(s.proc.pid!);
  await Promise.race([s.conn.sendRequest('shutdown').catch(() => undefined), new Promise((r) => setTimeout(r, 1000))]);
  await s.conn.sendNotification('exit').catch(() => undefined);
  await new Promise<void>((resolve) => {
    if (s.proc.exitCode !== null) return resolve();
    const t = setTimeout(() => (s.proc.kill(), resolve()), 1000);
    s.proc.once('exit', () => (clearTimeout(t), resolve()));
  });
  s.conn.dispose();
  return rss;
}

/** VmHWM: the high-water mark of the process's resident memory. */
export function peakRssMiB(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? NaN);
  return kb / 1024;
}

/** didOpen, then the time until the document's first diagnostics. */
export async function openAndWait(s: BenchServer, uri: string, text: string, languageId: string): Promise<number> {
  const done = s.diagnostics(uri);
  const started = performance.now();
  s.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } });
  await done;
  return performance.now() - started;
}

export async function roundTrip(s: BenchServer, method: string, params: unknown): Promise<number> {
  const started = performance.now();
  await s.conn.sendRequest(method, params);
  return performance.now() - started;
}

export const median = (xs: number[]): number => {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
