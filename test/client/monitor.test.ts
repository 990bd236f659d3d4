// HealthMonitor with short real intervals: schedule, backoff, focus, concurrency, list changes, dispose.
// A fake probe records calls; one test runs the real probe against a loopback Go module proxy.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { HealthMonitor, type MonitoredMirror } from '../../client/src/health/monitor';
import type { ProbeResult } from '../../client/src/health/probe';
import { makeModule } from '../support/goproxy/fixtureModules';
import { startGoProxy } from '../support/goproxy/server';

interface Call {
  url: string;
  at: number;
  signal: AbortSignal;
}

/** A fake probe: `outcome(url)` decides the state, `latencyMs` how long it takes (abortable). */
function fakeProbe(outcome: (url: string) => ProbeResult['state'] = () => 'ok', latencyMs = 0) {
  const calls: Call[] = [];
  const probe = async (url: string, signal: AbortSignal): Promise<ProbeResult> => {
    calls.push({ url, at: performance.now(), signal });
    if (latencyMs > 0) await sleep(latencyMs, undefined, { signal }).catch(() => undefined);
    const state = outcome(url);
    return {
      url,
      requests: [{ method: 'GET', url, ...(state === 'failing' ? { error: 'refused' } : { status: 200 }) }],
      state,
      ...(state === 'failing' ? { failure: { kind: 'refused' as const, detail: 'ECONNREFUSED' } } : { status: 200 }),
      timings: { totalMs: latencyMs || 1 },
      checkedAt: new Date().toISOString(),
      bytes: 0,
    };
  };
  return { calls, probe, count: (url?: string) => calls.filter((c) => url === undefined || c.url === url).length };
}

const mirror = (name: string): MonitoredMirror => ({ url: `https://${name}`, probeUrl: `https://${name}` });

/** Polls until `condition` holds (a loaded machine delays timers; waiting for a state is sturdier than a fixed sleep). */
async function waitFor(condition: () => boolean, what: string, timeoutMs = 3000): Promise<void> {
  const end = performance.now() + timeoutMs;
  while (!condition()) {
    if (performance.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(5);
  }
}

test('probes at once, then every interval', async () => {
  const fake = fakeProbe();
  const monitor = new HealthMonitor({ intervalMs: 40, timeoutMs: 1000, probe: fake.probe });
  monitor.setMirrors([mirror('a.example')]);
  assert.equal(fake.count(), 1, 'the first probe starts synchronously');
  await sleep(150);
  // At most one probe per interval; timers may run late on a loaded machine, never early.
  assert.ok(fake.count() >= 2 && fake.count() <= 5, `${fake.count()} probes in 150 ms at 40 ms`);
  const gaps = fake.calls.slice(1).map((c, i) => c.at - fake.calls[i]!.at);
  assert.ok(
    gaps.every((g) => g >= 38),
    `gaps ${gaps}`,
  );
  const [state] = monitor.snapshot();
  assert.equal(state!.last?.state, 'ok');
  assert.equal(state!.consecutiveFailures, 0);
  assert.ok(state!.nextProbeAt! > Date.now() - 100 && state!.nextProbeAt! <= Date.now() + 41, 'next probe one interval after the last');
  monitor.dispose();
});

test('a failing mirror backs off exponentially up to the cap, and success resets it', async () => {
  let healthy = false;
  const fake = fakeProbe(() => (healthy ? 'ok' : 'failing'));
  const clock = () => performance.now();
  const monitor = new HealthMonitor({ intervalMs: 15, timeoutMs: 1000, probe: fake.probe, now: clock, maxBackoffFactor: 4 });
  // The delay planned after each probe, read from the injected clock the moment the result is recorded.
  const planned: number[] = [];
  monitor.onDidChange(() => {
    const s = monitor.snapshot()[0];
    if (s && !s.probing && s.nextProbeAt !== undefined) planned.push(Math.round(s.nextProbeAt - clock()));
  });
  monitor.setMirrors([mirror('down.example')]);
  await waitFor(() => fake.count() >= 5, '5 probes');
  healthy = true;
  await waitFor(() => monitor.snapshot()[0]!.consecutiveFailures === 0, 'a success');
  // interval × 2^failures, capped at 4 × interval: 30, 60, 60, 60, 60; then the success: 15.
  assert.deepEqual(planned.slice(0, 4), [30, 60, 60, 60]);
  assert.equal(planned.at(-1), 15);
  const gaps = fake.calls.slice(1, 5).map((c, i) => c.at - fake.calls[i]!.at);
  for (const [i, gap] of gaps.entries()) assert.ok(gap >= planned[i]! - 2, `gap ${i} = ${gap} ms, planned ${planned[i]}`);
  const before = fake.count();
  await waitFor(() => fake.count() >= before + 2, 'probes at the plain interval again');
  monitor.dispose();
});

test('no probes while unfocused; due probes run on focus', async () => {
  const fake = fakeProbe();
  const monitor = new HealthMonitor({ intervalMs: 30, timeoutMs: 1000, probe: fake.probe });
  monitor.setMirrors([mirror('a.example'), mirror('b.example')]);
  await sleep(5);
  monitor.setFocused(false);
  const before = fake.count();
  await sleep(120);
  assert.equal(fake.count(), before, 'nothing while unfocused');
  monitor.setMirrors([mirror('a.example'), mirror('b.example'), mirror('c.example')]);
  assert.equal(fake.count('https://c.example'), 0, 'a new mirror waits for focus too');
  monitor.setFocused(true);
  assert.equal(fake.count(), before + 3, 'every due mirror at once on focus');
  monitor.dispose();
});

test('recheckNow probes all mirrors concurrently', async () => {
  const latency = 100;
  const fake = fakeProbe(() => 'ok', latency);
  const monitor = new HealthMonitor({ intervalMs: 60_000, timeoutMs: 1000, probe: fake.probe });
  const mirrors = ['a', 'b', 'c', 'd', 'e', 'f'].map((n) => mirror(`${n}.example`));
  monitor.setMirrors(mirrors);
  await sleep(latency + 20);
  const start = performance.now();
  const changes: boolean[] = [];
  const sub = monitor.onDidChange(() => changes.push(monitor.snapshot().some((s) => s.probing)));
  await monitor.recheckNow();
  const elapsed = performance.now() - start;
  assert.ok(elapsed < latency * 3, `6 mirrors of ${latency} ms took ${elapsed} ms (one after the other: ${6 * latency} ms)`);
  assert.equal(fake.count(), 12);
  assert.ok(changes.includes(true) && changes.at(-1) === false, 'listeners see probing start and end');
  // Joining: a recheck while probes run does not start second ones.
  const again = Promise.all([monitor.recheckNow(), monitor.recheckNow()]);
  await again;
  assert.equal(fake.count(), 18);
  sub.dispose();
  monitor.dispose();
});

test('list changes: new mirrors probed at once, kept ones keep their state, removed ones are cancelled', async () => {
  const fake = fakeProbe(() => 'ok', 50);
  const monitor = new HealthMonitor({ intervalMs: 60_000, timeoutMs: 1000, probe: fake.probe });
  monitor.setMirrors([mirror('a.example')]);
  await sleep(70);
  monitor.setMirrors([mirror('a.example'), mirror('b.example')]);
  assert.equal(fake.count('https://a.example'), 1, 'unchanged mirror not re-probed');
  assert.equal(fake.count('https://b.example'), 1, 'new mirror probed at once');
  monitor.setMirrors([mirror('a.example')]);
  assert.equal(fake.calls.find((c) => c.url === 'https://b.example')!.signal.aborted, true, 'removed mirror probe cancelled');
  assert.deepEqual(
    monitor.snapshot().map((s) => s.url),
    ['https://a.example'],
  );
  assert.equal(monitor.snapshot()[0]!.history.length, 1);
  monitor.setMirrors([{ url: 'https://a.example', probeUrl: 'https://user:new-token@a.example' }]);
  assert.equal(fake.count('https://user:new-token@a.example'), 1, 'a changed probe URL (new credentials) is re-probed');
  await sleep(70);
  monitor.setMirrors([mirror('z.example'), mirror('a.example')]);
  assert.deepEqual(
    monitor.snapshot().map((s) => s.url),
    ['https://z.example', 'https://a.example'],
    'list order',
  );
  monitor.dispose();
});

test('history keeps the latest 50; the median covers recent successes', async () => {
  let n = 0;
  const monitor = new HealthMonitor({
    intervalMs: 60_000,
    timeoutMs: 1000,
    probe: async (url) => {
      n++;
      const failing = n % 10 === 0;
      return { url, requests: [], state: failing ? 'failing' : 'ok', timings: { totalMs: n }, checkedAt: new Date().toISOString(), bytes: 0 };
    },
  });
  monitor.setMirrors([mirror('a.example')]);
  for (let i = 0; i < 60; i++) await monitor.recheckNow(); // the first joins the probe setMirrors started
  const state = monitor.snapshot()[0]!;
  assert.equal(state.history.length, 50);
  assert.equal(state.history.at(-1)!.timings.totalMs, 60);
  assert.equal(state.last, state.history.at(-1));
  assert.equal(state.consecutiveFailures, 1);
  // The latest 20 successes: 1..60 without the multiples of 10 (the failures).
  const successes = Array.from({ length: 60 }, (_, i) => i + 1)
    .filter((v) => v % 10 !== 0)
    .slice(-20);
  assert.equal(state.medianMs, (successes[9]! + successes[10]!) / 2);
  monitor.dispose();
});

test('a probe function that throws or rejects is recorded as a failure, redacted', async () => {
  let calls = 0;
  const monitor = new HealthMonitor({
    intervalMs: 60_000,
    timeoutMs: 1000,
    probe: (url) => {
      if (++calls === 1) throw new Error(`invalid proxy URL: ${url}`);
      return Promise.reject(new Error('boom'));
    },
  });
  monitor.setMirrors([{ url: 'https://***@a.example', probeUrl: 'https://u:t0ken@a.example' }]);
  await monitor.recheckNow();
  await monitor.recheckNow();
  const state = monitor.snapshot()[0]!;
  assert.deepEqual(
    state.history.map((r) => r.failure?.detail),
    ['invalid proxy URL: https://***@a.example', 'boom'],
  );
  assert.equal(state.consecutiveFailures, 2);
  monitor.dispose();
});

test('configure changes the interval of the schedule', async () => {
  const fake = fakeProbe();
  const monitor = new HealthMonitor({ intervalMs: 60_000, timeoutMs: 1000, probe: fake.probe });
  monitor.setMirrors([mirror('a.example')]);
  await sleep(10);
  monitor.configure({ intervalMs: 20 });
  await waitFor(() => fake.count() >= 3, 'probes at the new 20 ms interval');
  monitor.dispose();
});

test('dispose cancels in-flight probes and timers; nothing runs afterwards', async () => {
  const fake = fakeProbe(() => 'ok', 200);
  const monitor = new HealthMonitor({ intervalMs: 20, timeoutMs: 1000, probe: fake.probe });
  let changes = 0;
  monitor.onDidChange(() => changes++);
  monitor.setMirrors([mirror('a.example'), mirror('b.example')]);
  monitor.dispose();
  assert.ok(fake.calls.every((c) => c.signal.aborted));
  const seen = changes;
  await sleep(80);
  assert.equal(fake.count(), 2);
  assert.equal(changes, seen, 'no change events after dispose');
  monitor.setMirrors([mirror('c.example')]);
  await monitor.recheckNow();
  assert.equal(fake.count(), 2);
  assert.deepEqual(monitor.snapshot(), []);
});

test('with the real probe against a loopback mirror, and the process can exit afterwards', async () => {
  const goproxy = await startGoProxy();
  goproxy.addModule(makeModule('github.com/google/uuid', 'v1.6.0'));
  const monitor = new HealthMonitor({ intervalMs: 30, timeoutMs: 500 });
  try {
    const withCredentials = goproxy.url.replace('http://', 'http://u:s3cret@');
    monitor.setMirrors([{ url: goproxy.url.replace('http://', 'http://***@'), probeUrl: withCredentials }]);
    await waitFor(() => monitor.snapshot()[0]!.history.length >= 2, 'two probes');
    goproxy.setBehaviour('hang');
    await monitor.recheckNow(); // may join a probe started before the change
    await monitor.recheckNow();
    const state = monitor.snapshot()[0]!;
    assert.ok(state.history.filter((r) => r.state === 'ok').length >= 2, 'healthy probes before the hang');
    assert.equal(state.last?.failure?.kind, 'slow-first-byte');
    assert.ok(state.medianMs! > 0 && state.medianMs! < 500, `median ${state.medianMs}`);
    assert.equal(JSON.stringify(monitor.snapshot()).includes('s3cret'), false, 'no credential in the state');
  } finally {
    monitor.dispose();
    await goproxy.close();
  }
});
