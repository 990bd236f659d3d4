// The built server driven with raw JSON-RPC frames: for what the client library would not send (requests before
// initialize, missing params, non-object parameters) and to see every message in the order the server sent it.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { SERVER } from './lspClient';

export interface RawMessage {
  id?: number | string | null;
  method?: string;
  params?: unknown;
  result?: unknown;
  error?: { code: number; message: string };
}

export interface RawServer {
  proc: ChildProcessWithoutNullStreams;
  /** Every message the server sent, in order. */
  received: RawMessage[];
  stderr(): string;
  /** Writes frames for these messages, all in one write. */
  send(...messages: RawMessage[]): void;
  /** Sends a request and waits for its response. */
  request(method: string, params?: unknown, timeoutMs?: number): Promise<RawMessage>;
  /** Waits for the response to `id`. */
  response(id: number | string, timeoutMs?: number): Promise<RawMessage>;
  notify(method: string, params?: unknown): void;
  /** The `window/logMessage` texts so far. */
  logs(): string[];
  /** Waits until `pred` holds for the messages received (checked on each new message). */
  until(pred: (received: RawMessage[]) => boolean, timeoutMs?: number): Promise<void>;
  initialize(params?: Record<string, unknown>): Promise<RawMessage>;
  kill(): Promise<void>;
}

export function frame(message: RawMessage): string {
  const body = JSON.stringify({ jsonrpc: '2.0', ...message });
  return `Content-Length: ${Buffer.byteLength(body, 'utf8')}\r\n\r\n${body}`;
}

export function startRaw(env: NodeJS.ProcessEnv = process.env): RawServer {
  const proc = spawn(process.execPath, [SERVER, '--stdio'], { stdio: 'pipe', env });
  let stderr = '';
  proc.stderr.on('data', (b) => (stderr += b.toString()));
  const received: RawMessage[] = [];
  const listeners = new Set<() => void>();
  let buf = Buffer.alloc(0);
  proc.stdout.on('data', (chunk: Buffer) => {
    buf = Buffer.concat([buf, chunk]);
    for (;;) {
      const headerEnd = buf.indexOf('\r\n\r\n');
      if (headerEnd < 0) break;
      const length = Number(/Content-Length: (\d+)/i.exec(buf.subarray(0, headerEnd).toString('ascii'))?.[1]);
      if (buf.length < headerEnd + 4 + length) break;
      received.push(JSON.parse(buf.subarray(headerEnd + 4, headerEnd + 4 + length).toString('utf8')) as RawMessage);
      buf = buf.subarray(headerEnd + 4 + length);
    }
    for (const l of [...listeners]) l();
  });
  let nextId = 1;
  const server: RawServer = {
    proc,
    received,
    stderr: () => stderr,
    send: (...messages) => void proc.stdin.write(messages.map(frame).join('')),
    notify: (method, params) => server.send({ method, params }),
    logs: () => received.filter((m) => m.method === 'window/logMessage').map((m) => (m.params as { message: string }).message),
    until(pred, timeoutMs = 10_000) {
      if (pred(received)) return Promise.resolve();
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          listeners.delete(check);
          reject(new Error(`timed out; received ${received.length} messages; stderr: ${stderr}; exit: ${proc.exitCode}`));
        }, timeoutMs);
        const check = () => {
          if (!pred(received)) return;
          clearTimeout(timer);
          listeners.delete(check);
          resolve();
        };
        listeners.add(check);
      });
    },
    async response(id, timeoutMs) {
      const isIt = (m: RawMessage) => m.id === id && m.method === undefined;
      await server.until((r) => r.some(isIt), timeoutMs);
      return received.find(isIt)!;
    },
    request(method, params, timeoutMs) {
      const id = nextId++;
      server.send(params === undefined ? { id, method } : { id, method, params });
      return server.response(id, timeoutMs);
    },
    initialize: (params = {}) => server.request('initialize', { processId: process.pid, rootUri: null, capabilities: {}, ...params }),
    async kill() {
      if (proc.exitCode !== null) return;
      const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
      proc.kill('SIGKILL');
      await exited;
    },
  };
  return server;
}
