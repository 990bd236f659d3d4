// Credential audit of the runtime features: mirror health probes (status view, health report) against loopback
// servers that require (or refuse, echoing it back) the credential, and a real container run whose GOPROXY
// carries it — its report, every log line and `ps -ef` sampled meanwhile. The container part needs the
// Docker engine and fails (never skips) without it. The analysis half is in secrets.audit.test.ts.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HealthMonitor } from '../../client/src/health/monitor';
import { reportHtml } from '../../client/src/health/reportHtml';
import { statusView } from '../../client/src/health/statusView';
import { redactCredentials } from '../../server/src/core/redact';
import { runPlan } from '../../client/src/container/runner';
import { renderMarkdown } from '../../client/src/container/report';
import { englishT } from '../../client/src/translate';
import type { ContainerPlan } from '../../server/src/protocol';
import { GREET, UPPER, makeModule, writeConsumer } from '../support/goproxy/fixtureModules';
import { startGoProxy, type GoProxy } from '../support/goproxy/server';
import { docker, requireEngine, samplePs, startTlsFront, TEST_IMAGE } from '../container/support';
import { LeakScanner } from '../support/leaks';
import { SHAPES, shapeNeedles } from '../support/secretShapes';

const SECRET = 's3cr3t-T0KEN-audit';
const LABEL = `go-proxy-doctor.secrets-audit=${process.pid}`;

const cleanup: Array<() => Promise<unknown>> = [];
after(async () => {
  for (const c of cleanup.reverse()) await c().catch(() => undefined);
  const left = (await docker('ps', '-aq', '--filter', `label=${LABEL}`).catch(() => '')).trim();
  if (left) await docker('rm', '-f', ...left.split('\n'));
});

const leaks = new LeakScanner([{ secret: SECRET, user: 'ci' }, ...shapeNeedles()]);
const scan = (where: string, value: unknown) => leaks.scan(where, value);
const assertNoLeaks = () => leaks.assertNone();

async function proxy(pass: string, user = 'ci'): Promise<GoProxy> {
  const p = await startGoProxy({ behaviour: { requireAuth: { user, pass } } });
  p.addModule(makeModule('github.com/google/uuid', 'v1.6.0'));
  cleanup.push(() => p.close());
  return p;
}

/** Refuses every request with 401, echoing back what it received: the credential, decoded and as sent. */
async function echoingRefuser(): Promise<{ port: number; hits: number }> {
  const state = { port: 0, hits: 0 };
  const server: Server = createServer((req, res) => {
    state.hits++;
    const auth = req.headers.authorization ?? '';
    const decoded = Buffer.from(auth.replace(/^Basic /, ''), 'base64').toString('utf8');
    res.writeHead(401, { 'WWW-Authenticate': 'Basic realm="goproxy"', 'Content-Type': 'text/plain' });
    res.end(`token ${decoded.split(':')[1] ?? ''} rejected for ${decoded}; header was ${auth}\n`);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.port = (server.address() as AddressInfo).port;
  cleanup.push(() => new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve()))));
  return state;
}

test('mirror health: probe results, status bar text and tooltip, health report never show the credential', async () => {
  leaks.reset();
  const accepting = await proxy(SECRET);
  const refusing = await proxy('another-password');
  const echo = await echoingRefuser();
  // Go reads user info up to the LAST '@': this proxy only accepts alice with the password containing '@'.
  const atPassword = await proxy(SHAPES.atPassword.secret, 'alice');
  const probeUrls = [
    `http://ci:${SECRET}@127.0.0.1:${accepting.port}`,
    `http://ci:${SECRET}@127.0.0.1:${refusing.port}/`,
    `http://ci:${SECRET}@127.0.0.1:${echo.port}/goproxy`,
    `http://alice:${SHAPES.atPassword.secret}@127.0.0.1:${atPassword.port}`,
    `http://alice:${SHAPES.atPassword.secret}@127.0.0.1:${echo.port}/at`,
    `http://alice:${SHAPES.quote.secret}@127.0.0.1:${echo.port}/quote`,
    // Scheme-less, as the server hands it over: with the https:// go implies (a TLS handshake with a plain server).
    `https://alice:${SHAPES.schemeless.secret}@127.0.0.1:${echo.port}/schemeless`,
  ];
  const monitor = new HealthMonitor({ intervalMs: 3_600_000, timeoutMs: 3000 });
  try {
    monitor.setMirrors(probeUrls.map((probeUrl) => ({ url: redactCredentials(probeUrl), probeUrl })));
    await monitor.recheckNow();
    await monitor.recheckNow();
    const states = monitor.snapshot();
    assert.deepEqual(
      states.map((s) => s.last?.state),
      ['ok', 'failing', 'failing', 'ok', 'failing', 'failing', 'failing'],
      JSON.stringify(states.map((s) => s.last)),
    );
    assert.ok(atPassword.requests.length >= 2 && atPassword.requests.every((q) => q.auth), 'the @-password was sent, and accepted');
    assert.ok(accepting.requests.length >= 2 && accepting.requests.every((q) => q.auth), 'the credential was sent');
    assert.equal(states[1]!.last!.status, 401);
    assert.ok(echo.hits >= 2, 'the echoing server was asked');
    for (const s of states) scan(`monitor state of ${s.url}`, s);
    for (const order of [states, [...states].reverse()]) {
      const view = statusView(order, englishT);
      scan('status bar text', view.text);
      scan('status bar tooltip', view.tooltipMarkdown);
      assert.match(view.tooltipMarkdown, new RegExp(`127\\.0\\.0\\.1\\\\?:${echo.port}`), 'every mirror is in the tooltip');
      scan('health report HTML', reportHtml(order, englishT, 'bm9uY2U=', 'vscode-resource:'));
    }
    const html = reportHtml(states, englishT, 'bm9uY2U=', 'vscode-resource:');
    assert.match(
      html,
      new RegExp(`GET http://\\*\\*\\*@127\\.0\\.0\\.1:${accepting.port}/github\\.com/google/uuid/@v/v1\\.6\\.0\\.info`),
      'requests are shown, redacted',
    );
    assert.match(html, /401/);
    assertNoLeaks();
  } finally {
    monitor.dispose();
  }
});

interface ContainerRun {
  logs: string[];
  ps: string[];
  markdown: string;
  report: unknown;
  exitCode: number | null;
}

let seq = 0;
async function containerRun(pass: string): Promise<ContainerRun> {
  await requireEngine();
  const goproxy = await proxy(pass);
  const front = await startTlsFront(goproxy.port);
  cleanup.push(() => front.close());
  const dir = await mkdtemp(join(tmpdir(), 'gpd-secrets-'));
  cleanup.push(() => rm(dir, { recursive: true, force: true }));
  await writeConsumer(dir, [GREET, UPPER]);
  await writeFile(join(dir, 'test-ca.pem'), front.certPem);
  const plan: ContainerPlan = {
    moduleDir: dir,
    image: TEST_IMAGE,
    env: {
      GOPROXY: `https://ci:${SECRET}@127.0.0.1:${front.port}`,
      GONOSUMDB: `https://ci:${SECRET}@git.corp.example`,
      GOSUMDB: 'off',
      GOFLAGS: '-mod=mod',
      GOTOOLCHAIN: 'local',
      SSL_CERT_FILE: '/src/test-ca.pem',
    },
    notes: [],
  };
  const logs: string[] = [];
  const ps = samplePs();
  const result = await runPlan(
    plan,
    { runtime: 'docker', network: 'host', timeoutSeconds: 30, name: `gpd-secrets-${process.pid}-${++seq}`, label: LABEL },
    {
      onLog: (l) => logs.push(l),
      onProgress: () => undefined,
      signal: new AbortController().signal,
    },
  );
  const snapshots = await ps.stop();
  assert.ok(
    snapshots.some((s) => s.includes('--env-file')),
    'ps -ef was sampled while docker run was alive',
  );
  assert.ok(goproxy.requests.length > 0, 'go reached the loopback proxy');
  return { logs, ps: snapshots, markdown: renderMarkdown(result.report, englishT), report: result.report, exitCode: result.exitCode };
}

test('container run with the credential in GOPROXY: report, every log line and ps -ef stay clean (accepted and refused)', async () => {
  leaks.reset();
  const ok = await containerRun(SECRET);
  assert.equal(ok.exitCode, 0, ok.markdown);
  assert.ok(
    ok.logs.some((l) => l.includes('***@127.0.0.1:')),
    'URLs are logged, redacted',
  );
  const refused = await containerRun('another-password');
  assert.equal(refused.exitCode, 1, refused.markdown);
  assert.match(refused.markdown, /proxy-auth/);
  for (const [name, r] of [
    ['accepted', ok],
    ['refused', refused],
  ] as const) {
    r.logs.forEach((l, i) => scan(`${name} run, log line ${i}`, l));
    scan(`${name} run, report`, r.report);
    scan(`${name} run, report Markdown`, r.markdown);
    r.ps.forEach((s) => scan(`${name} run, ps -ef`, s));
  }
  assertNoLeaks();
});
