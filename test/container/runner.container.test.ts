// runPlan against the REAL container engine and loopback Go module proxies: each failure class is produced
// for real and classified. No engine → these tests fail with a pointer to scripts/docker-setup.sh.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runPlan, type RunResult } from '../../client/src/container/runner';
import { renderMarkdown } from '../../client/src/container/report';
import { englishT } from '../../client/src/translate';
import { checkRuntime, ContainerRuntime, findRuntimeBinary } from '../../client/src/container/runtime';
import type { RunOptions } from '../../client/src/container/plan';
import type { ContainerPlan } from '../../server/src/protocol';
import { GREET, UPPER, writeConsumer } from '../support/goproxy/fixtureModules';
import type { GoProxy } from '../support/goproxy/server';
import { deadPort, docker, hashTree, killCliAndAwaitRemoval, planModules, requireEngine, samplePs, startTlsFront, TEST_IMAGE, testFixtures } from './support';

const LABEL = `go-proxy-doctor.test=${process.pid}`;
let seq = 0;
const cleanup: Array<() => Promise<unknown>> = [];
after(async () => {
  for (const c of cleanup.reverse()) await c().catch(() => undefined);
  const left = (await docker('ps', '-aq', '--filter', `label=${LABEL}`).catch(() => '')).trim();
  if (left) await docker('rm', '-f', ...left.split('\n'));
});

interface Run {
  result: RunResult;
  logs: string[];
  progress: Array<{ done: number; total?: number; host?: string }>;
  dir: string;
  proxy: GoProxy;
}

const { workspace, proxyWith, privateModuleGone, hangingRunArgs } = testFixtures(cleanup);

async function run(
  dir: string,
  proxy: GoProxy,
  env: Record<string, string>,
  opts: Partial<RunOptions> = {},
  hooks: { signal?: AbortSignal; onLog?: (l: string) => void } = {},
  image = TEST_IMAGE,
): Promise<Run> {
  await requireEngine();
  const logs: string[] = [];
  const progress: Run['progress'] = [];
  const plan: ContainerPlan = {
    moduleDir: dir,
    image,
    env: { GOPROXY: proxy.url, GOSUMDB: 'off', GOFLAGS: '-mod=mod', GOTOOLCHAIN: 'local', ...env },
    notes: [],
    modules: await planModules(dir),
  };
  const options: RunOptions = { runtime: 'docker', network: 'host', timeoutSeconds: 30, name: `gpd-test-${process.pid}-${++seq}`, label: LABEL, ...opts };
  const result = await runPlan(plan, options, {
    onLog: (l) => (logs.push(l), hooks.onLog?.(l)),
    onProgress: (p) => progress.push(p),
    signal: hooks.signal ?? new AbortController().signal,
  });
  return { result, logs, progress, dir, proxy };
}

const kinds = (r: Run) => r.result.report.failures.map((f) => f.kind);

test('success: exact figures for three modules through a healthy proxy, workspace unchanged', async () => {
  const proxy = await proxyWith();
  const dir = await workspace([GREET, UPPER]);
  const before = await hashTree(dir);
  const r = await run(dir, proxy, {});
  const { report } = r.result;
  assert.equal(r.result.exitCode, 0, renderMarkdown(report, englishT));
  assert.equal(report.ok, true);
  assert.deepEqual(report.modules, { ok: 3, failed: 0, total: 3 });
  assert.equal(report.hosts.length, 1);
  const host = report.hosts[0]!;
  assert.equal(host.host, `127.0.0.1:${proxy.port}`);
  // .mod, .info and .zip of each module, exactly what the proxy saw.
  assert.equal(host.requests, 9);
  assert.equal(proxy.requests.length, 9);
  assert.equal(host.failures, 0);
  assert.ok(host.bytes !== null && host.bytes > 1000, `bytes: ${host.bytes}`);
  assert.deepEqual(report.failures, []);
  assert.equal(r.progress.at(-1)?.done, 3);
  assert.equal(r.progress.at(-1)?.total, 3);
  assert.ok(r.logs.some((l) => l.startsWith('# get http://127.0.0.1:')));
  assert.deepEqual(await hashTree(dir), before);
});

test('the workspace stays byte-for-byte unchanged even when go would write go.sum', async () => {
  const proxy = await proxyWith();
  const dir = await workspace([GREET], undefined, true);
  await writeFile(join(dir, 'notes.txt'), 'untouched\n');
  const before = await hashTree(dir);
  const r = await run(dir, proxy, {});
  assert.equal(r.result.exitCode, 0, renderMarkdown(r.result.report, englishT));
  assert.deepEqual(await hashTree(dir), before);
  assert.ok(!existsSync(join(dir, 'go.sum')));
});

test('go.work: every used module is copied and downloaded in workspace mode', async () => {
  const proxy = await proxyWith();
  const dir = await mkdtemp(join(tmpdir(), 'gpd-ws-'));
  cleanup.push(() => rm(dir, { recursive: true, force: true }));
  await writeConsumer(join(dir, 'svc', 'a'), [GREET], { module: 'example.com/a' });
  await writeConsumer(join(dir, 'svc', 'b'), [UPPER], { module: 'example.com/b' });
  await writeFile(join(dir, 'go.work'), 'go 1.21\n\nuse (\n\t./svc/a\n\t./svc/b\n)\n');
  const before = await hashTree(dir);
  const workFiles = ['go.work', 'svc/a/go.mod', 'svc/a/go.sum', 'svc/b/go.mod', 'svc/b/go.sum'];
  await requireEngine();
  const result = await runPlan(
    {
      moduleDir: dir,
      image: TEST_IMAGE,
      env: { GOPROXY: proxy.url, GOSUMDB: 'off', GOFLAGS: '-mod=mod' },
      notes: [],
      workFiles,
      modules: await planModules(dir, workFiles),
    },
    { runtime: 'docker', network: 'host', timeoutSeconds: 30, name: `gpd-test-${process.pid}-${++seq}`, label: LABEL },
    { onLog: () => undefined, onProgress: () => undefined, signal: new AbortController().signal },
  );
  assert.equal(result.exitCode, 0, renderMarkdown(result.report, englishT));
  assert.deepEqual(result.report.modules, { ok: 3, failed: 0, total: 3 });
  assert.deepEqual(await hashTree(dir), before);
});

test('hanging proxy: our timeout kills the run and names the host', async () => {
  const proxy = await proxyWith('hang');
  const dir = await workspace([GREET]);
  const started = Date.now();
  const r = await run(dir, proxy, {}, { timeoutSeconds: 3 });
  const elapsed = Date.now() - started;
  assert.equal(r.result.report.outcome, 'timeout');
  assert.deepEqual(kinds(r), ['timeout']);
  assert.match(r.result.report.failures[0]!.cause, new RegExp(`127\\.0\\.0\\.1:${proxy.port}`));
  assert.ok(elapsed >= 3000 && elapsed < 8000, `took ${elapsed} ms`);
  assert.equal(r.result.report.hosts[0]!.failures, r.result.report.hosts[0]!.requests);
  assert.equal((await docker('ps', '-aq', '--filter', `label=${LABEL}`)).trim(), '');
});

test('410 for a private-looking module → not-found-private with a GOPRIVATE fix', async () => {
  const { proxy, dir } = await privateModuleGone();
  const r = await run(dir, proxy, {});
  assert.equal(r.result.exitCode, 1);
  assert.deepEqual(kinds(r), ['not-found-private']);
  const f = r.result.report.failures[0]!;
  assert.equal(f.module, 'git.corp.internal/x');
  assert.match(f.fix, /GOPRIVATE/);
  assert.match(f.raw, /410 Gone/);
});

test('resetting proxy → connection-reset', async () => {
  const r = await run(await workspace([GREET]), await proxyWith('reset'), {});
  assert.equal(r.result.exitCode, 1);
  assert.deepEqual(kinds(r), ['connection-reset']);
  assert.ok(r.result.report.hosts[0]!.failures >= 1);
});

test('basic-auth proxy without credentials → proxy-auth', async () => {
  const r = await run(await workspace([GREET]), await proxyWith({ requireAuth: { user: 'gpd', pass: 'not-sent' } }), {});
  assert.equal(r.result.exitCode, 1);
  assert.deepEqual(kinds(r), ['proxy-auth']);
  assert.match(r.result.report.failures[0]!.cause, /401/);
});

test('basic-auth proxy with credentials (https): success, and the credential is nowhere to be seen', async () => {
  const secret = `tok-${process.pid}-Zq9`;
  const proxy = await proxyWith({ requireAuth: { user: 'gpd', pass: secret } });
  const front = await startTlsFront(proxy.port);
  cleanup.push(() => front.close());
  const dir = await workspace([GREET, UPPER], (d) => writeFile(join(d, 'test-ca.pem'), front.certPem));
  let envFile: string | undefined;
  let envFileMode = -1;
  let envDirMode = -1;
  const ps = samplePs();
  const r = await run(
    dir,
    proxy,
    { GOPROXY: front.url.replace('https://', `https://gpd:${secret}@`), SSL_CERT_FILE: '/src/test-ca.pem' },
    {},
    {
      onLog: () => {
        if (envFile) return;
        // While the run is on: the env file is private (0600 in a 0700 directory).
        void (async () => {
          const shot = (await import('node:child_process')).execFileSync('ps', ['-efww'], { encoding: 'utf8' });
          envFile = /--env-file (\S+)/.exec(shot)?.[1];
          if (envFile) {
            envFileMode = (await stat(envFile)).mode & 0o777;
            envDirMode = (await stat(join(envFile, '..'))).mode & 0o777;
          }
        })().catch(() => undefined);
      },
    },
  );
  const snapshots = await ps.stop();
  const { report } = r.result;
  assert.equal(r.result.exitCode, 0, renderMarkdown(report, englishT));
  assert.deepEqual(report.modules, { ok: 3, failed: 0, total: 3 });
  assert.ok(
    proxy.requests.every((q) => q.auth),
    'every request authenticated',
  );
  assert.ok(
    snapshots.some((s) => s.includes('--env-file')),
    'ps was sampled while docker run was alive',
  );
  for (const s of snapshots) assert.ok(!s.includes(secret), 'credential in ps -ef output');
  for (const l of r.logs) assert.ok(!l.includes(secret), `credential in log line: ${l}`);
  assert.ok(
    r.logs.some((l) => l.includes(`https://***@127.0.0.1:${front.port}/`)),
    'URLs are logged, redacted',
  );
  assert.ok(!JSON.stringify(report).includes(secret) && !renderMarkdown(report, englishT).includes(secret));
  assert.ok(envFile, 'the env file was seen on the command line');
  assert.equal(envFileMode, 0o600);
  assert.equal(envDirMode, 0o700);
  assert.ok(!existsSync(envFile!), 'the env file is removed afterwards');
});

test('GOPROXY=off → proxy-off', async () => {
  const r = await run(await workspace([GREET]), await proxyWith(), { GOPROXY: 'off' });
  assert.equal(r.result.exitCode, 1);
  assert.deepEqual(kinds(r), ['proxy-off']);
  assert.equal(r.proxy.requests.length, 0);
});

test('a wrong go.sum hash → checksum-mismatch', async () => {
  const dir = await workspace([GREET], async (d) => {
    const sum = await readFile(join(d, 'go.sum'), 'utf8');
    await writeFile(join(d, 'go.sum'), sum.replace(/(example\.com\/hello v1\.0\.0 h1:)\S+/, '$1AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA='));
  });
  const r = await run(dir, await proxyWith(), {});
  assert.equal(r.result.exitCode, 1);
  assert.deepEqual(kinds(r), ['checksum-mismatch']);
  assert.equal(r.result.report.failures[0]!.module, 'example.com/hello');
  assert.match(r.result.report.failures[0]!.raw, /SECURITY ERROR/);
});

test('checksum database unreachable (no go.sum) → sumdb-unreachable', async () => {
  const port = await deadPort();
  const r = await run(await workspace([GREET], undefined, true), await proxyWith(), { GOSUMDB: `sum.golang.org http://127.0.0.1:${port}` });
  assert.equal(r.result.exitCode, 1);
  assert.deepEqual(kinds(r), ['sumdb-unreachable']);
  assert.ok(r.result.report.hosts.some((h) => h.host === `127.0.0.1:${port}` && h.failures >= 1));
});

test('missing image → image-pull (never a go failure)', async () => {
  const r = await run(await workspace([GREET]), await proxyWith(), {}, {}, {}, 'gpd-missing-image:0');
  assert.equal(r.result.exitCode, 125);
  assert.equal(r.result.report.outcome, 'runtime-error');
  assert.deepEqual(kinds(r), ['image-pull']);
  assert.match(r.result.report.failures[0]!.cause, /gpd-missing-image:0/);
});

test('runtime missing (PATH without docker) → runtime-missing; dead daemon → daemon-down', async () => {
  const dir = await workspace([GREET]);
  const proxy = await proxyWith();
  const missing = await run(dir, proxy, {}, { hostEnv: { PATH: '/nonexistent' } });
  assert.equal(missing.result.exitCode, null);
  assert.deepEqual(kinds(missing), ['runtime-missing']);
  const down = await run(dir, proxy, {}, { hostEnv: { ...process.env, DOCKER_HOST: 'unix:///nonexistent/docker.sock' } });
  assert.deepEqual(kinds(down), ['daemon-down']);
  assert.equal((await checkRuntime('docker', { PATH: '/nonexistent' })).ok, false);
  const dead = await checkRuntime('docker', { ...process.env, DOCKER_HOST: 'unix:///nonexistent/docker.sock' });
  assert.equal(dead.ok ? 'ok' : dead.problem.kind, 'daemon-down');
});

test('cancel after the first request: resolves quickly, no container left', async () => {
  const proxy = await proxyWith('hang');
  const abort = new AbortController();
  let abortedAt = 0;
  const r = await run(
    await workspace([GREET]),
    proxy,
    {},
    {},
    {
      signal: abort.signal,
      onLog: (l) => {
        if (!abortedAt && l.startsWith('# get ')) ((abortedAt = Date.now()), abort.abort());
      },
    },
  );
  const took = Date.now() - abortedAt;
  assert.ok(abortedAt > 0);
  assert.equal(r.result.report.outcome, 'cancelled');
  assert.deepEqual(kinds(r), ['cancelled']);
  assert.ok(took < 3000, `resolved ${took} ms after abort`);
  assert.equal((await docker('ps', '-a', '-q', '--filter', `label=${LABEL}`)).trim(), '');
});

test('when the process that started the run dies, its container stops and is removed', async () => {
  await requireEngine();
  const name = `gpd-orphan-${process.pid}`;
  await killCliAndAwaitRemoval('docker', await hangingRunArgs({ runtime: 'docker', network: 'host', timeoutSeconds: 600, name, label: LABEL }), name, 15_000);
});

test('cleanupLeftovers removes stopped and expired containers of ours, not live ones or ones about to start', async () => {
  await requireEngine();
  const label = `go-proxy-doctor.cleanup=${process.pid}`;
  const future = Math.ceil(Date.now() / 1000) + 600;
  const name = (s: string) => `gpd-cleanup-${process.pid}-${s}`;
  await docker('create', '--label', label, '--name', name('stopped'), TEST_IMAGE, 'true');
  await docker('run', '-d', '--label', label, '--label', `go-proxy-doctor.expires=${future}`, '--name', name('live'), TEST_IMAGE, 'sleep', '60');
  await docker('run', '-d', '--label', label, '--label', 'go-proxy-doctor.expires=1', '--name', name('expired'), TEST_IMAGE, 'sleep', '60');
  // Created and not yet started: a run of another window between `create` and `start`.
  await docker('create', '--label', label, '--label', `go-proxy-doctor.expires=${future}`, '--name', name('starting'), TEST_IMAGE, 'true');
  const runtime = new ContainerRuntime('docker', findRuntimeBinary('docker')!);
  try {
    assert.equal((await runtime.listOurContainers(label)).length, 4);
    assert.deepEqual((await runtime.cleanupLeftovers(label)).sort(), [name('expired'), name('stopped')]);
    assert.deepEqual((await runtime.listOurContainers(label)).map((c) => c.name).sort(), [name('live'), name('starting')]);
  } finally {
    await docker('rm', '-f', name('stopped'), name('live'), name('expired'), name('starting')).catch(() => undefined);
  }
});
