// Probes that give up must not leave connections open. The servers here accept TCP and never answer nor read:
// such a server only notices a connection closing when the client resets it, so its 'close' events are exactly
// "the client let go". Each wait is guarded: a connection still open when the guard fires fails the test.
// One race: a reset handled together with still unread bytes reaches Node as EOF, not as an error. So once the
// probes are over, the server writes one byte to each connection it has not seen close: a reset connection is
// dead and the write fails (EPIPE, then 'close'); one the client only half-closed (FIN) still takes it.
import { afterEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer as createHttpServer } from 'node:http';
import { createServer, type Server, type Socket } from 'node:net';
import { probeMirror, type ProbeOptions, type ProbeResult } from '../../client/src/health/probe';
import { closeAll, dispatcherFor, type ProxySettings } from '../../client/src/health/proxyAgent';
import { listenOnLoopback, type LoopbackListener } from '../support/loopback';

const N = 10;
const GUARD_MS = 5000;

interface SilentServer {
  url: string;
  accepted: () => number;
  open: () => number;
  /** Call once the probes are over: resolves when `count` connections were accepted and all closed (guarded). */
  allClosed: (count: number) => Promise<void>;
}

const listeners: LoopbackListener[] = [];

/** Counts the sockets of `server` (accepted via 'connection', or via `track` for CONNECT-hijacked ones). */
async function counting(server: Server, scheme: string, name: string): Promise<SilentServer> {
  let accepted = 0;
  const open = new Set<Socket>();
  let check = () => {};
  let poking = false; // set by allClosed: the probes are over
  server.on('connection', (s: Socket) => {
    accepted++;
    open.add(s);
    s.on('error', () => {}); // the reset arrives as ECONNRESET
    s.on('close', () => (open.delete(s), check()));
    if (poking) s.write('\n'); // accepted late, after the client let go
    check();
  });
  const listener = await listenOnLoopback(server);
  listeners.push(listener);
  return {
    url: `${scheme}://127.0.0.1:${listener.port}`,
    accepted: () => accepted,
    open: () => open.size,
    allClosed: (count) =>
      new Promise<void>((resolve, reject) => {
        const guard = setTimeout(() => reject(new Error(`${name}, after ${GUARD_MS} ms: ${accepted} accepted, ${open.size} still open`)), GUARD_MS);
        check = () => {
          if (accepted >= count && open.size === 0) (clearTimeout(guard), resolve());
        };
        poking = true;
        for (const s of open) s.write('\n');
        check();
      }),
  };
}

/** Accepts TCP, never reads, never answers. */
const silentServer = (scheme = 'http') => counting(createServer(), scheme, 'silent server');

/** An HTTP proxy that answers CONNECT with 200, then never reads or forwards a byte of the tunnel. */
async function deadTunnelProxy(): Promise<SilentServer> {
  const server = createHttpServer((_req, res) => res.writeHead(405).end());
  server.on('connect', (_req, socket: Socket) => socket.write('HTTP/1.1 200 Connection Established\r\n\r\n'));
  return counting(server, 'http', 'dead-tunnel proxy');
}

/** Every probe hit its deadline (which phase it was in depends on the machine's load: not the point here). */
function assertTimedOut(results: ProbeResult[]): void {
  const kinds = results.map((r) => r.failure?.kind ?? r.state);
  assert.ok(
    kinds.every((k) => ['connect-timeout', 'tls-timeout', 'slow-first-byte'].includes(k)),
    kinds.join(),
  );
}

function probes(url: string, opts: ProbeOptions): Promise<ProbeResult[]> {
  return Promise.all(Array.from({ length: N }, () => probeMirror(url, opts)));
}

const direct: ProxySettings = { strictSSL: true, noProxy: [], env: {} };
const viaProxy = (proxy: string): ProxySettings => ({ httpProxy: proxy, strictSSL: true, noProxy: [], env: {} });

afterEach(async () => {
  await closeAll();
  await Promise.all(listeners.splice(0).map((l) => l.close()));
});

describe('timed-out probes close their connections (agent path)', () => {
  for (const scheme of ['http', 'https'] as const) {
    test(`${scheme}: shared agent from dispatcherFor, ${N} probes time out, the server sees all ${N} closed`, async () => {
      const server = await silentServer(scheme);
      const results = await probes(server.url, { timeoutMs: 200, dispatcher: dispatcherFor(server.url, direct) });
      assertTimedOut(results);
      await server.allClosed(N);
      assert.equal(server.accepted(), N, 'one connection per probe (no reconnect after giving up)');
    });
  }

  test('the probe-owned agent (no dispatcher given) too', async () => {
    const server = await silentServer();
    await probes(server.url, { timeoutMs: 200 });
    await server.allClosed(N);
    assert.equal(server.accepted(), N);
  });
});

describe('timed-out probes close their connections (HTTP proxy path)', () => {
  test('a proxy that never answers CONNECT: all connections to it closed', async () => {
    const proxy = await silentServer();
    const target = 'https://127.0.0.1:9'; // never reached: the proxy does not forward
    const results = await probes(target, { timeoutMs: 200, dispatcher: dispatcherFor(target, viaProxy(proxy.url)) });
    assertTimedOut(results);
    await proxy.allClosed(N);
    assert.equal(proxy.accepted(), N, 'no second CONNECT after giving up');
  });

  for (const scheme of ['http', 'https'] as const) {
    test(`${scheme} inside a tunnel that goes silent after CONNECT: all tunnels closed`, async () => {
      const proxy = await deadTunnelProxy();
      const target = `${scheme}://127.0.0.1:9`;
      const results = await probes(target, { timeoutMs: 200, dispatcher: dispatcherFor(target, viaProxy(proxy.url)) });
      assertTimedOut(results);
      await proxy.allClosed(N);
    });
  }
});

describe('cancelled probes and closeAll() release connections', () => {
  test('closeAll() while probes hang: agent and proxy connections are closed, the probes resolve', async () => {
    const server = await silentServer();
    const proxy = await deadTunnelProxy();
    const target = 'http://127.0.0.1:9';
    const hanging = [
      probes(server.url, { timeoutMs: 60_000, dispatcher: dispatcherFor(server.url, direct) }),
      probes(target, { timeoutMs: 60_000, dispatcher: dispatcherFor(target, viaProxy(proxy.url)) }),
    ];
    await waitUntil(() => server.open() === N && proxy.open() === N, 'every probe connected');
    await closeAll();
    await Promise.all([server.allClosed(N), proxy.allClosed(N)]);
    const results = (await Promise.all(hanging)).flat();
    assert.ok(
      results.every((r) => r.state === 'failing'),
      JSON.stringify(results.map((r) => r.failure)),
    );
  });

  test('an aborted probe (monitor removal, dispose) closes its connection', async () => {
    const server = await silentServer();
    const abort = new AbortController();
    const pending = probes(server.url, { timeoutMs: 60_000, signal: abort.signal, dispatcher: dispatcherFor(server.url, direct) });
    await waitUntil(() => server.open() === N, 'every probe connected');
    abort.abort();
    assert.deepEqual(
      (await pending).map((r) => r.failure?.detail),
      Array(N).fill('probe cancelled'),
    );
    await server.allClosed(N);
    assert.equal(server.accepted(), N);
  });
});

/** Waits for a condition on the servers (guarded like allClosed). */
async function waitUntil(condition: () => boolean, what: string): Promise<void> {
  const end = performance.now() + GUARD_MS;
  while (!condition()) {
    if (performance.now() > end) throw new Error(`guard: ${what} did not happen within ${GUARD_MS} ms`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
