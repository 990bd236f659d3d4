// A GOPROXY of 1,000 mirrors: the monitor probes only MAX_MIRRORS of them (the first, in list order), at most
// MAX_CONCURRENT_PROBES at a time, with the real probe against loopback mirrors that count their connections.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { HealthMonitor, MAX_CONCURRENT_PROBES, MAX_MIRRORS, type MonitoredMirror } from '../../client/src/health/monitor';
import { listenOnLoopback, type LoopbackListener } from '../support/loopback';

const MIRRORS = 1000;
const SERVERS = 4;
const GUARD_MS = 15_000;
const INFO = JSON.stringify({ Version: 'v1.6.0', Time: '2024-01-01T12:00:00Z' });

/**
 * Loopback mirrors sharing one count of the connections they hold: from accept until they answer (they answer
 * with `Connection: close` and drop the connection right then, so a probe can only end after the count went
 * down). Answers go out in waves: requests wait until as many are waiting as the bound allows, so the bound is
 * reached if the monitor runs probes side by side, and any probe beyond it shows up as a connection too many.
 */
async function countingMirrors(expected: number) {
  let open = 0;
  let maxOpen = 0;
  let answered = 0;
  const requested: string[] = [];
  const waiting: ServerResponse[] = [];
  const answer = (res: ServerResponse) => {
    open--;
    answered++;
    res.writeHead(200, { 'Content-Type': 'application/json', Connection: 'close' }).end(INFO, () => res.socket?.destroy());
  };
  const onRequest = (req: IncomingMessage, res: ServerResponse) => {
    requested.push(req.url ?? '');
    waiting.push(res);
    const wave = Math.max(1, Math.min(MAX_CONCURRENT_PROBES, expected - answered));
    if (waiting.length >= wave) for (const r of waiting.splice(0)) answer(r);
  };
  const listeners: LoopbackListener[] = [];
  for (let i = 0; i < SERVERS; i++) {
    const server = createServer(onRequest);
    server.on('connection', (s: Socket) => {
      maxOpen = Math.max(maxOpen, ++open);
      s.on('error', () => {});
    });
    listeners.push(await listenOnLoopback(server));
  }
  return {
    mirrors: Array.from({ length: MIRRORS }, (_, i): MonitoredMirror => {
      const url = `http://127.0.0.1:${listeners[i % SERVERS]!.port}/m${i}`;
      return { url, probeUrl: url };
    }),
    requested,
    maxOpen: () => maxOpen,
    close: () => Promise.all(listeners.map((l) => l.close())),
  };
}

function guarded<T>(promise: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const guard = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`guard: ${what} not done in ${GUARD_MS} ms`)), GUARD_MS)));
  return Promise.race([promise, guard]).finally(() => clearTimeout(timer));
}

test(`1,000 mirrors: only ${MAX_MIRRORS} probed, never more than ${MAX_CONCURRENT_PROBES} connections at once`, { timeout: GUARD_MS * 2 }, async () => {
  assert.ok(MAX_MIRRORS < MIRRORS && MAX_CONCURRENT_PROBES < MAX_MIRRORS, 'the limits are below what this test offers');
  const servers = await countingMirrors(MAX_MIRRORS);
  const monitor = new HealthMonitor({ intervalMs: 3_600_000, timeoutMs: 10_000 });
  try {
    monitor.setMirrors(servers.mirrors);
    await guarded(monitor.recheckNow(), 'the first round of probes'); // joins the probes setMirrors started
    assert.ok(servers.maxOpen() <= MAX_CONCURRENT_PROBES, `${servers.maxOpen()} connections at once`);
    assert.equal(servers.maxOpen(), MAX_CONCURRENT_PROBES, 'probes run side by side up to the bound');
    const probed = servers.mirrors.slice(0, MAX_MIRRORS).map((m) => `${new URL(m.url).pathname}/github.com/google/uuid/@v/v1.6.0.info`);
    assert.deepEqual([...servers.requested].sort(), [...probed].sort(), 'exactly the first mirrors of the list, once each');
    const states = monitor.snapshot();
    assert.deepEqual(
      states.map((s) => s.url),
      servers.mirrors.slice(0, MAX_MIRRORS).map((m) => m.url),
    );
    assert.ok(
      states.every((s) => s.last?.state === 'ok'),
      JSON.stringify(states.find((s) => s.last?.state !== 'ok')?.last),
    );
    assert.deepEqual(
      monitor.notProbed(),
      servers.mirrors.slice(MAX_MIRRORS).map((m) => m.url),
      'the rest reported as not probed',
    );
  } finally {
    monitor.dispose();
    await servers.close();
  }
});

test('a shorter list probes every mirror and reports none as not probed; duplicates count once', async () => {
  const probed: string[] = [];
  const monitor = new HealthMonitor({
    intervalMs: 3_600_000,
    timeoutMs: 1000,
    probe: async (url) => (probed.push(url), { url, requests: [], state: 'ok', timings: { totalMs: 1 }, checkedAt: new Date().toISOString(), bytes: 0 }),
  });
  const list = Array.from({ length: MAX_MIRRORS }, (_, i) => ({ url: `https://m${i}.example`, probeUrl: `https://m${i}.example` }));
  monitor.setMirrors([...list, list[0]!]);
  await monitor.recheckNow();
  assert.equal(new Set(probed).size, MAX_MIRRORS);
  assert.deepEqual(monitor.notProbed(), []);
  monitor.dispose();
});
