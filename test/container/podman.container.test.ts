// "Test Go proxy in container" with goProxyDoctor.container.runtime = podman, against the REAL podman and
// loopback Go module proxies: the same run, report and failure classes as with docker, and no container left
// behind after a timeout, a cancel or a dead editor. No podman → these tests fail with a pointer to
// scripts/podman-setup.sh.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { runPlan, type RunResult } from '../../client/src/container/runner';
import { renderMarkdown } from '../../client/src/container/report';
import { englishT } from '../../client/src/translate';
import { checkRuntime } from '../../client/src/container/runtime';
import type { RunOptions } from '../../client/src/container/plan';
import { GREET, UPPER } from '../support/goproxy/fixtureModules';
import type { GoProxy } from '../support/goproxy/server';
import { hashTree, killCliAndAwaitRemoval, planModules, TEST_IMAGE, testFixtures } from './support';

const exec = promisify(execFile);
const LABEL = `go-proxy-doctor.podman-test=${process.pid}`;
const SETUP_HINT =
  'run scripts/podman-setup.sh (installs podman, fits its default ulimits to this machine, loads the golang:1.26 test image from the Docker engine)';
let seq = 0;
const cleanup: Array<() => Promise<unknown>> = [];

async function podman(...args: string[]): Promise<string> {
  return (await exec('podman', args)).stdout;
}

const ours = async () => (await podman('ps', '-aq', '--filter', `label=${LABEL}`).catch(() => '')).trim();

after(async () => {
  for (const c of cleanup.reverse()) await c().catch(() => undefined);
  const left = await ours();
  if (left) await podman('rm', '-f', ...left.split('\n')).catch(() => undefined);
});

let ready: Promise<void> | undefined;
/** Throws (the test fails, never skips) when podman or the test image is missing. */
function requirePodman(): Promise<void> {
  ready ??= (async () => {
    const check = await checkRuntime('podman');
    if (!check.ok) throw new Error(`podman does not answer (${check.problem.kind}: ${check.problem.stderr.trim()}); ${SETUP_HINT}`);
    const image = await exec('podman', ['image', 'inspect', '--format', '{{.Id}}', TEST_IMAGE]).catch((e: { stderr?: string }) => ({
      stdout: '',
      stderr: e.stderr ?? String(e),
    }));
    if (!image.stdout.trim()) throw new Error(`podman has no ${TEST_IMAGE} image (${image.stderr.trim()}); ${SETUP_HINT}`);
  })();
  return ready;
}

const { workspace, proxyWith, privateModuleGone, hangingRunArgs } = testFixtures(cleanup);

const options = (opts: Partial<RunOptions> = {}): RunOptions => ({
  runtime: 'podman',
  network: 'host',
  timeoutSeconds: 30,
  name: `gpd-podman-${process.pid}-${++seq}`,
  label: LABEL,
  ...opts,
});

async function run(
  dir: string,
  proxy: GoProxy,
  opts: Partial<RunOptions> = {},
  hooks: { signal?: AbortSignal; onLog?: (l: string) => void } = {},
  image = TEST_IMAGE,
): Promise<{ result: RunResult; logs: string[] }> {
  await requirePodman();
  const logs: string[] = [];
  const result = await runPlan(
    {
      moduleDir: dir,
      image,
      env: { GOPROXY: proxy.url, GOSUMDB: 'off', GOFLAGS: '-mod=mod', GOTOOLCHAIN: 'local' },
      notes: [],
      modules: await planModules(dir),
    },
    options(opts),
    {
      onLog: (l) => (logs.push(l), hooks.onLog?.(l)),
      onProgress: () => undefined,
      signal: hooks.signal ?? new AbortController().signal,
    },
  );
  return { result, logs };
}

const kinds = (r: { result: RunResult }) => r.result.report.failures.map((f) => f.kind);

test('podman: three modules through a healthy proxy, exact figures, workspace unchanged', async () => {
  const proxy = await proxyWith();
  const dir = await workspace([GREET, UPPER]);
  const before = await hashTree(dir);
  const r = await run(dir, proxy);
  const { report } = r.result;
  assert.equal(r.result.exitCode, 0, renderMarkdown(report, englishT));
  assert.deepEqual(report.modules, { ok: 3, failed: 0, total: 3 });
  assert.equal(report.hosts[0]!.host, `127.0.0.1:${proxy.port}`);
  assert.equal(proxy.requests.length, 9);
  assert.deepEqual(await hashTree(dir), before);
  assert.equal(await ours(), '', 'the container is removed after the run');
});

test('podman: 410 for a private-looking module → not-found-private with a GOPRIVATE fix', async () => {
  const { proxy, dir } = await privateModuleGone();
  const r = await run(dir, proxy);
  assert.equal(r.result.exitCode, 1);
  assert.deepEqual(kinds(r), ['not-found-private']);
  assert.match(r.result.report.failures[0]!.fix, /GOPRIVATE/);
});

test('podman: a missing image is an image failure, never a go failure', async () => {
  const r = await run(await workspace([GREET]), await proxyWith(), {}, {}, 'gpd-missing-image:0');
  assert.equal(r.result.report.outcome, 'runtime-error');
  assert.deepEqual(kinds(r), ['image-pull']);
  assert.match(r.result.report.failures[0]!.cause, /gpd-missing-image:0/);
});

test('podman: a hanging proxy is stopped by our timeout, and so is the container', async () => {
  const proxy = await proxyWith('hang');
  const started = Date.now();
  const r = await run(await workspace([GREET]), proxy, { timeoutSeconds: 3 });
  const elapsed = Date.now() - started;
  assert.equal(r.result.report.outcome, 'timeout');
  assert.match(r.result.report.failures[0]!.cause, new RegExp(`127\\.0\\.0\\.1:${proxy.port}`));
  assert.ok(elapsed >= 3000 && elapsed < 8000, `took ${elapsed} ms`);
  assert.equal(await ours(), '');
});

test('podman: cancel after the first request removes the container', async () => {
  const abort = new AbortController();
  let abortedAt = 0;
  const r = await run(
    await workspace([GREET]),
    await proxyWith('hang'),
    {},
    {
      signal: abort.signal,
      onLog: (l) => {
        if (!abortedAt && l.startsWith('# get ')) ((abortedAt = Date.now()), abort.abort());
      },
    },
  );
  assert.ok(abortedAt > 0, 'the download never started');
  assert.equal(r.result.report.outcome, 'cancelled');
  assert.ok(Date.now() - abortedAt < 3000, `resolved ${Date.now() - abortedAt} ms after abort`);
  assert.equal(await ours(), '');
});

test('podman: when the process that started the run dies, its container stops and is removed', async () => {
  await requirePodman();
  const name = `gpd-podman-orphan-${process.pid}`;
  await killCliAndAwaitRemoval('podman', await hangingRunArgs(options({ timeoutSeconds: 600, name })), name, 20_000);
});
