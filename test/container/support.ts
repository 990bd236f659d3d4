// Helpers for the container tests: the engine must answer (else the tests fail and say how to set it up),
// an HTTPS front for the loopback proxy (go sends URL credentials only over https), workspace hashing,
// and a sampler of `ps -ef` to prove no credential ever appears in a command line.
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { connect, type AddressInfo } from 'node:net';
import { createServer as createTlsServer } from 'node:tls';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { checkRuntime, findRuntimeBinary } from '../../client/src/container/runtime';
import { buildRunArgs, type RunOptions, type RuntimeName } from '../../client/src/container/plan';
import { GREET, HELLO, makeModule, writeConsumer, type FixtureModule } from '../support/goproxy/fixtureModules';
import { startGoProxy, type Behaviour, type GoProxy } from '../support/goproxy/server';
import { listenOnLoopback } from '../support/loopback';
import { AnalysisContext } from '../../server/src/model/context';
import { DEFAULT_SETTINGS, type SourceFile } from '../../server/src/core/types';
import { containerPlanFor } from '../../server/src/services/containerPlan';

const exec = promisify(execFile);

export const TEST_IMAGE = 'golang:1.26';
const SETUP_HINT = 'run scripts/docker-setup.sh (installs docker.io and busybox-static, starts dockerd, builds the golang:1.26 test image)';

/**
 * The modules the server's container plan lists for the go.mod (or, with `workFiles`, the go.work) written in
 * `dir`: the count a run shows progress against, read from disk as the server reads it (none without a go.mod).
 */
export async function planModules(dir: string, workFiles?: readonly string[]): Promise<string[] | undefined> {
  const file = async (rel: string): Promise<SourceFile> => ({ uri: pathToFileURL(join(dir, rel)).toString(), text: await readFile(join(dir, rel), 'utf8') });
  const work = workFiles?.includes('go.work');
  if (!existsSync(join(dir, work ? 'go.work' : 'go.mod'))) return undefined;
  const workModules = work ? await Promise.all(workFiles!.filter((f) => f.endsWith('/go.mod')).map(file)) : undefined;
  const ctx = new AnalysisContext({
    file: await file(work ? 'go.work' : 'go.mod'),
    kind: work ? 'gowork' : 'gomod',
    related: { workModules },
    settings: DEFAULT_SETTINGS,
    locale: 'en',
  });
  const plan = containerPlanFor(ctx);
  assert.ok(!('error' in plan), JSON.stringify(plan));
  return plan.modules;
}

let engine: Promise<void> | undefined;
/** Throws (the test fails, never skips) when the engine or the test image is missing. */
export function requireEngine(): Promise<void> {
  engine ??= (async () => {
    const check = await checkRuntime('docker');
    if (!check.ok) throw new Error(`the container engine does not answer (${check.problem.kind}: ${check.problem.stderr.trim()}); ${SETUP_HINT}`);
    const image = await exec('docker', ['image', 'inspect', '--format', '{{.Id}}', TEST_IMAGE]).catch((e: { stderr?: string }) => ({
      stdout: '',
      stderr: e.stderr ?? String(e),
    }));
    if (!image.stdout.trim()) throw new Error(`the test image ${TEST_IMAGE} is missing (${image.stderr.trim()}); ${SETUP_HINT}`);
  })();
  return engine;
}

export async function docker(...args: string[]): Promise<string> {
  return (await exec('docker', args)).stdout;
}

/** sha256 of every file under dir (path → hash), to prove a run changed nothing. */
export async function hashTree(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const walk = async (d: string, rel: string) => {
    for (const entry of await readdir(d, { withFileTypes: true })) {
      const p = join(d, entry.name);
      const r = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) await walk(p, r);
      else
        out[r] = createHash('sha256')
          .update(await readFile(p))
          .digest('hex');
    }
  };
  await walk(dir, '');
  return out;
}

export interface TlsFront {
  url: string;
  port: number;
  /** PEM of the self-signed certificate (its own CA). */
  certPem: string;
  close(): Promise<void>;
}

/** A TLS terminator on 127.0.0.1 forwarding raw bytes to a plain-HTTP server on `targetPort`. */
export async function startTlsFront(targetPort: number): Promise<TlsFront> {
  const dir = await mkdtemp(join(tmpdir(), 'gpd-tls-'));
  try {
    await exec('openssl', [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-keyout',
      join(dir, 'key.pem'),
      '-out',
      join(dir, 'cert.pem'),
      '-days',
      '1',
      '-subj',
      '/CN=127.0.0.1',
      '-addext',
      'subjectAltName=IP:127.0.0.1',
    ]);
    const [key, cert] = await Promise.all([readFile(join(dir, 'key.pem')), readFile(join(dir, 'cert.pem'), 'utf8')]);
    const server = createTlsServer({ key, cert }, (client) => {
      const upstream = connect(targetPort, '127.0.0.1');
      listener.track(client);
      listener.track(upstream);
      for (const s of [client, upstream]) s.on('error', () => (client.destroy(), upstream.destroy()));
      client.pipe(upstream).pipe(client);
    });
    const listener = await listenOnLoopback(server);
    return { url: `https://127.0.0.1:${listener.port}`, port: listener.port, certPem: cert, close: listener.close };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Samples `ps -ef` every few milliseconds until stopped; returns every snapshot taken. */
export function samplePs(intervalMs = 20): { stop(): Promise<string[]> } {
  const snapshots: string[] = [];
  let running = true;
  const loop = (async () => {
    while (running) {
      snapshots.push((await exec('ps', ['-efww'])).stdout);
      await new Promise((r) => setTimeout(r, intervalMs));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      return snapshots;
    },
  };
}

/** A port on 127.0.0.1 nothing listens on (bound, then released). */
export async function deadPort(): Promise<number> {
  const { createServer } = await import('node:net');
  const s = createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const port = (s.address() as AddressInfo).port;
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}

/**
 * Starts the runtime CLI with `args` as the extension starts it (stdin a pipe we hold), kills it outright once
 * its container runs, as a crashing editor would be killed, and fails unless the container is gone within
 * `limitMs`: the watchdog in the container must stop the download when its stdin closes.
 */
export async function killCliAndAwaitRemoval(runtime: RuntimeName, args: string[], name: string, limitMs: number): Promise<void> {
  const ps = async (...extra: string[]) => (await exec(runtime, ['ps', ...extra, '-q', '--filter', `name=${name}`])).stdout.trim();
  const cli = spawn(findRuntimeBinary(runtime)!, args, { stdio: ['pipe', 'ignore', 'ignore'] });
  cli.stdin.on('error', () => undefined);
  const started = Date.now();
  while (!(await ps())) {
    assert.ok(Date.now() - started < limitMs, 'the container never started');
    await new Promise((r) => setTimeout(r, 200));
  }
  cli.kill('SIGKILL');
  const killedAt = Date.now();
  while (await ps('-a')) {
    assert.ok(Date.now() - killedAt < limitMs, `the orphaned container is still there ${limitMs / 1000} s after its CLI died`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Temporary workspaces and loopback Go proxies for one test file; each is undone by the file's cleanup list. */
export function testFixtures(cleanup: Array<() => Promise<unknown>>) {
  const workspace = async (roots: FixtureModule[], edit?: (dir: string) => Promise<void>, omitGoSum = false): Promise<string> => {
    const dir = await mkdtemp(join(tmpdir(), 'gpd-ws-'));
    cleanup.push(() => rm(dir, { recursive: true, force: true }));
    await writeConsumer(dir, roots, { omitGoSum });
    await edit?.(dir);
    return dir;
  };
  const proxyWith = async (behaviour: Behaviour = 'healthy'): Promise<GoProxy> => {
    const proxy = await startGoProxy({ behaviour });
    cleanup.push(() => proxy.close());
    return proxy;
  };
  /** A workspace that also requires git.corp.internal/x, which the (otherwise healthy) proxy answers 410 for. */
  const privateModuleGone = async (): Promise<{ proxy: GoProxy; dir: string; path: string }> => {
    const proxy = await proxyWith();
    const priv = makeModule('git.corp.internal/x', 'v1.0.0');
    proxy.addModule(priv);
    proxy.setBehaviour('gone', priv.path);
    const dir = await workspace([HELLO], async (d) => {
      const goMod = await readFile(join(d, 'go.mod'), 'utf8');
      await writeFile(join(d, 'go.mod'), goMod.replace('require (', `require (\n\t${priv.path} ${priv.version}`));
    });
    return { proxy, dir, path: priv.path };
  };
  /** The runtime CLI's arguments for a download from a hanging proxy, as the extension would run it. */
  const hangingRunArgs = async (opts: RunOptions): Promise<string[]> => {
    const proxy = await proxyWith('hang');
    const dir = await workspace([GREET]);
    const tmp = await mkdtemp(join(tmpdir(), 'gpd-orphan-'));
    cleanup.push(() => rm(tmp, { recursive: true, force: true }));
    const envFile = join(tmp, 'go.env');
    await writeFile(envFile, `GOPROXY=${proxy.url}\nGOSUMDB=off\nGOFLAGS=-mod=mod\n`, { mode: 0o600 });
    return buildRunArgs({ moduleDir: dir, image: TEST_IMAGE, env: {}, notes: [] }, opts, envFile);
  };
  return { workspace, proxyWith, privateModuleGone, hangingRunArgs };
}
