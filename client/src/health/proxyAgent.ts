// Which way a probe goes out — VS Code's `http.proxy` first, then the proxy variables of the environment, else
// directly, as the user's downloads do — and the timing of each connection a probe opens (DNS, TCP, TLS).
import { AsyncLocalStorage } from 'node:async_hooks';
import { subscribe } from 'node:diagnostics_channel';
import { isIP, type Socket } from 'node:net';
import { TLSSocket } from 'node:tls';
import { Agent, buildConnector, Pool, ProxyAgent, type Dispatcher } from 'undici';
import { redactCredentials } from '../../../server/src/core/redact';

export interface ProxySettings {
  /** VS Code `http.proxy`; may carry `user:pass@`, sent as Proxy-Authorization. */
  httpProxy?: string;
  /** VS Code `http.proxyStrictSSL`: false accepts any certificate (proxy and mirror). */
  strictSSL: boolean;
  /** VS Code `http.noProxy`: hosts reached directly. */
  noProxy: string[];
  env: NodeJS.ProcessEnv;
}

// One dispatcher per (proxy, strictSSL): probes of every mirror share it; closeAll() ends them all. Each keeps
// the TCP sockets its connectors opened, so closeAll() can reset them (undici's destroy only closes politely).
const dispatchers = new Map<string, { dispatcher: Dispatcher; sockets: Set<Socket> }>();

export function dispatcherFor(target: string, cfg: ProxySettings): Dispatcher {
  const proxy = proxyFor(target, cfg);
  const key = JSON.stringify([proxy ?? 'direct', cfg.strictSSL]);
  let entry = dispatchers.get(key);
  if (!entry) {
    const tls = { rejectUnauthorized: cfg.strictSSL };
    const sockets = new Set<Socket>();
    const dispatcher = proxy === undefined ? new Agent({ connect: timedConnector(tls, 'origin', sockets) }) : proxyAgent(proxy, tls, sockets);
    entry = { dispatcher, sockets };
    dispatchers.set(key, entry);
  }
  return entry.dispatcher;
}

/** Destroys every cached dispatcher; open and in-flight connections are reset. */
export async function closeAll(): Promise<void> {
  const all = [...dispatchers.values()];
  dispatchers.clear();
  for (const { sockets } of all) for (const socket of sockets) dropConnection(socket);
  await Promise.all(all.map(({ dispatcher }) => dispatcher.destroy().catch(() => undefined)));
}

/** The proxy URL a request to `target` goes through, or undefined for a direct connection. */
export function proxyFor(target: string, cfg: ProxySettings): string | undefined {
  let url: URL;
  try {
    url = new URL(target);
  } catch {
    return undefined;
  }
  // Upper case first, and empty means unset: the go command's rules (golang.org/x/net/http/httpproxy).
  const env = (name: string) => cfg.env[name] || cfg.env[name.toLowerCase()] || undefined;
  const proxy = cfg.httpProxy?.trim() || (url.protocol === 'https:' ? env('HTTPS_PROXY') : env('HTTP_PROXY'));
  if (!proxy) return undefined;
  const exclusions = [...cfg.noProxy, ...(env('NO_PROXY') ?? '').split(/[\s,]+/)];
  if (exclusions.some((entry) => bypassesProxy(url, entry))) return undefined;
  return proxy.includes('://') ? proxy : `http://${proxy}`;
}

/**
 * NO_PROXY entries as the go command reads them: `*`; a host or IP, optionally `:port`; `example.com` matches
 * it and its subdomains, `.example.com` (or `*.example.com`) only subdomains.
 */
export function bypassesProxy(url: URL, rawEntry: string): boolean {
  const entry = rawEntry.trim().toLowerCase();
  if (entry === '') return false;
  if (entry === '*') return true;
  const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  const port = url.port || (url.protocol === 'https:' ? '443' : '80');
  // `[::1]:443`, `host:443`; a bare IPv6 address has several colons and no port.
  const parts = /^\[([^\]]+)\](?::(\d+))?$/.exec(entry) ?? (entry.split(':').length === 2 ? /^(.*):(\d+)$/.exec(entry) : null);
  const entryHost = parts ? parts[1]! : entry;
  if (parts?.[2] !== undefined && parts[2] !== port) return false;
  const subdomainsOnly = /^\*?\./.test(entryHost);
  const name = entryHost.replace(/^\*?\./, '');
  return (!subdomainsOnly && host === name) || host.endsWith('.' + name);
}

function proxyAgent(proxy: string, tls: { rejectUnauthorized: boolean }, sockets: Set<Socket>): Dispatcher {
  let url: URL;
  try {
    url = new URL(proxy);
  } catch {
    throw new Error(`invalid proxy URL: ${redactCredentials(proxy)}`);
  }
  // Credentials move to a header so the proxy URL kept inside undici (and in its errors) has none.
  const token = url.username || url.password ? 'Basic ' + Buffer.from(`${safeDecode(url.username)}:${safeDecode(url.password)}`).toString('base64') : undefined;
  url.username = '';
  url.password = '';
  return new ProxyAgent({
    uri: url.href,
    ...(token ? { token } : {}),
    requestTls: tls,
    proxyTls: tls,
    // The connection to the proxy itself is timed too: it is the DNS and TCP a proxied probe pays.
    // Every tunnel runs over one of these sockets: resetting it ends the tunnel and the TLS inside.
    clientFactory: (origin) => new Pool(origin, { connect: timedConnector(tls, 'proxy', sockets) }),
  });
}

export function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

// ── Timing a probe's connections ──

/** Where a probe is: set by the connector and undici's diagnostics channels, so a deadline can say what hung. */
export type ConnectionPhase = 'dns' | 'connect' | 'proxy' | 'tls' | 'first-byte' | 'body';

/** What one probe's connections did (the first connection's phase times are kept). */
export interface ConnectionTrace {
  phase: ConnectionPhase;
  dnsMs?: number;
  connectMs?: number;
  tlsMs?: number;
  tlsStart?: number;
  /** Whether the current request goes to an https URL (its TLS then runs inside a proxy tunnel). */
  secureTarget: boolean;
  /** Every socket opened for the probe, so a timeout can tear down even a connection still being set up. */
  sockets: Set<Socket>;
  /** Set when the probe is over: its connector then opens nothing more. */
  finished?: boolean;
}

// Connectors and channel messages run inside undici, far from the probe: AsyncLocalStorage tells them whose they are.
const probeScope = new AsyncLocalStorage<ConnectionTrace>();
const traceOfRequest = new WeakMap<object, ConnectionTrace>();

/** Runs `fn` (which starts requests) so the connections and requests it causes record into `trace`. */
export function traceConnections<T>(trace: ConnectionTrace, fn: () => T): T {
  return probeScope.run(trace, fn);
}

subscribe('undici:request:create', (message) => {
  const { request: req } = message as { request: { method: string } };
  const trace = probeScope.getStore();
  if (trace && req.method !== 'CONNECT') traceOfRequest.set(req, trace);
});
subscribe('undici:client:sendHeaders', (message) => {
  const { request: req, socket } = message as { request: object; socket: Socket };
  const trace = traceOfRequest.get(req);
  if (!trace) return;
  trace.sockets.add(socket);
  trace.phase = 'first-byte';
});
// Through a proxy tunnel the TLS handshake with the mirror starts once the proxy answered CONNECT.
subscribe('undici:proxy:connected', () => {
  const trace = probeScope.getStore();
  if (!trace) return;
  trace.phase = trace.secureTarget ? 'tls' : 'first-byte';
  trace.tlsStart = performance.now();
});
subscribe('undici:client:connected', () => {
  const trace = probeScope.getStore();
  if (trace?.phase !== 'tls' || trace.tlsStart === undefined) return;
  trace.tlsMs ??= performance.now() - trace.tlsStart;
  trace.phase = 'first-byte';
});

/** The TCP socket under a TLS socket that timedConnector opened (a plain socket is its own). */
const tcpOf = new WeakMap<Socket, Socket>();

/**
 * Ends a connection. The TCP socket is reset (RST): a polite close (FIN) goes unnoticed by a server that never
 * reads, which then keeps the connection forever; a reset frees both ends. A socket still connecting is reset
 * once connected (the server may have accepted it already; the connector's timeout ends one that never connects).
 */
export function dropConnection(socket: Socket): void {
  const tcp = tcpOf.get(socket) ?? socket;
  for (const s of new Set([tcp, socket])) {
    if (s.destroyed) continue;
    s.on('error', () => {});
    if (s instanceof TLSSocket)
      s.destroy(new Error('connection dropped')); // after its TCP socket: that one is reset
    else {
      try {
        s.resetAndDestroy();
      } catch {
        s.destroy(new Error('connection dropped')); // not a TCP handle (e.g. a pipe)
      }
    }
  }
}

type RawConnect = (o: buildConnector.Options, cb: buildConnector.Callback) => Socket;

/**
 * A connector (for undici `Agent`/`Pool`) that times DNS, TCP connect and TLS of connections opened by a probe.
 * `role: 'proxy'` marks the connection to an HTTP proxy, after which the probe waits for the CONNECT answer.
 * Every TCP socket opened is recorded in the probe's trace and in `live` (while open), for dropConnection.
 */
export function timedConnector(options: buildConnector.BuildOptions = {}, role: 'origin' | 'proxy' = 'origin', live?: Set<Socket>): buildConnector.connector {
  // buildConnector's connector returns the socket it creates, though its type says void.
  const connect = buildConnector(options) as unknown as RawConnect;
  return (target, callback) => {
    const trace = probeScope.getStore();
    // undici connects again for requests still queued when a connection fails (a dropped CONNECT tunnel included).
    if (trace?.finished) return void queueMicrotask(() => callback(new Error('probe finished'), null));
    const opened = (tcp: Socket) => {
      live?.add(tcp);
      tcp.once('close', () => live?.delete(tcp));
      if (trace) watchConnection(trace, tcp, target, role);
    };
    if (target.protocol !== 'https:' || target.httpSocket) {
      const socket = connect(target, callback);
      if (!socket) return;
      if (target.httpSocket) tcpOf.set(socket, tcpOf.get(target.httpSocket as Socket) ?? (target.httpSocket as Socket));
      else opened(socket);
      if (trace && target.httpSocket) watchHandshake(trace, socket, role);
      return;
    }
    // TLS over a TCP socket of our own (tls.connect's own socket has no public way to be reset).
    const tcp = connect({ ...target, protocol: 'http:', port: target.port || '443' }, (err, socket) => {
      if (err || !socket) return callback(err ?? new Error('no socket'), null);
      const secure = connect({ ...target, httpSocket: socket }, callback);
      tcpOf.set(secure, tcp);
      if (trace) watchHandshake(trace, secure, role);
    });
    if (tcp) opened(tcp);
  };
}

function watchConnection(trace: ConnectionTrace, socket: Socket, target: buildConnector.Options, role: 'origin' | 'proxy'): void {
  trace.sockets.add(socket);
  const begun = performance.now();
  if (isIP(target.hostname.replace(/^\[|\]$/g, ''))) {
    trace.dnsMs ??= 0; // an IP address needs no lookup
    trace.phase = 'connect';
  } else {
    trace.phase = 'dns';
  }
  let resolvedAt = begun;
  socket.once('lookup', () => {
    resolvedAt = performance.now();
    trace.dnsMs ??= resolvedAt - begun;
    trace.phase = 'connect';
  });
  socket.once('connect', () => {
    const now = performance.now();
    trace.connectMs ??= now - resolvedAt;
    if (target.protocol !== 'https:') return void (trace.phase = afterConnect(role));
    trace.phase = 'tls';
    trace.tlsStart = now;
  });
}

function watchHandshake(trace: ConnectionTrace, socket: Socket, role: 'origin' | 'proxy'): void {
  trace.sockets.add(socket);
  socket.once('secureConnect', () => {
    trace.tlsMs ??= performance.now() - (trace.tlsStart ?? performance.now());
    trace.phase = afterConnect(role);
  });
}

function afterConnect(role: 'origin' | 'proxy'): ConnectionPhase {
  return role === 'proxy' ? 'proxy' : 'first-byte';
}
