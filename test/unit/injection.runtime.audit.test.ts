// Shell-injection audit, part (b): checkRuntime and runPlan for real against the container engine with shell
// metacharacters in the image name, the workspace path (a folder whose name holds `$(…)`, quotes and spaces),
// the runtime's PATH, the network, Go variables and file names. No marker may appear: host markers are files
// under /tmp (a host shell), container markers are text printed to the log (the container's shell, which
// cannot write to the host). Both checks prove first that they can fail. Needs the Docker engine: fails
// (never skips) without it. Parts (a), (c) and (d) are in injection.audit.test.ts.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { runPlan, type RunResult } from '../../client/src/container/runner';
import { renderMarkdown } from '../../client/src/container/report';
import { englishT } from '../../client/src/translate';
import { checkRuntime, findRuntimeBinary } from '../../client/src/container/runtime';
import type { RunOptions } from '../../client/src/container/plan';
import type { ContainerPlan } from '../../server/src/protocol';
import { GREET, writeConsumer } from '../support/goproxy/fixtureModules';
import { startGoProxy, type GoProxy } from '../support/goproxy/server';
import { docker, planModules, requireEngine, TEST_IMAGE } from '../container/support';

const exec = promisify(execFile);
const ID = `${process.pid}-${Date.now().toString(36)}`;
const MARK_PREFIX = `pwned-${ID}-`;
const mark = (tag: string) => `/tmp/${MARK_PREFIX}${tag}`;
/** Printed by the container's shell if it ever runs one of these: `inner-<id>-<tag>` (the literal text never contains it). */
const INNER = `inner-${ID}-`;
const inner = (tag: string) => `$(printf inn%s-${ID}-${tag} er >&2)`;
const LABEL = `go-proxy-doctor.injection-audit=${process.pid}`;

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'gpd-inj-rt-'));
let proxy: GoProxy | undefined;
after(async () => {
  await proxy?.close();
  fs.rmSync(root, { recursive: true, force: true });
  for (const f of markers()) fs.rmSync(path.join('/tmp', f), { force: true });
  const left = (await docker('ps', '-aq', '--filter', `label=${LABEL}`).catch(() => '')).trim();
  if (left) await docker('rm', '-f', ...left.split('\n'));
});

function markers(): string[] {
  return fs.readdirSync('/tmp').filter((f) => f.startsWith(MARK_PREFIX));
}

test('self-check: both marker checks can fail', async () => {
  await requireEngine();
  fs.writeFileSync(mark('self'), '');
  assert.deepEqual(markers(), [`${MARK_PREFIX}self`]);
  fs.rmSync(mark('self'));
  assert.deepEqual(markers(), []);
  // The same payload, deliberately run by the image's shell, does print the container marker.
  const r = await exec('docker', ['run', '--rm', TEST_IMAGE, 'sh', '-c', `echo "${inner('self')}"`]);
  assert.ok(r.stderr.includes(`${INNER}self`), `the container marker is printed when the shell runs it: ${r.stderr}`);
  assert.ok(!inner('self').includes(INNER));
});

/** A directory whose path holds shell metacharacters (each `/` inside a payload makes a nested folder). */
function weirdDir(name: string): string {
  const dir = path.join(root, name);
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

/** PATH whose first entry is a folder named like an injection, holding a link to the real runtime binary. */
function weirdPath(): { env: Record<string, string | undefined>; bin: string } {
  const real = findRuntimeBinary('docker');
  assert.ok(real, 'docker is on PATH');
  const bin = weirdDir(`bin $(touch ${mark('path1')}) ; \`touch ${mark('path2')}\` && x'"`);
  if (!fs.existsSync(path.join(bin, 'docker'))) fs.symlinkSync(real, path.join(bin, 'docker'));
  return { env: { ...process.env, PATH: `${bin}${path.delimiter}${process.env.PATH ?? ''}` }, bin };
}

let seq = 0;
async function run(plan: ContainerPlan, opts: Partial<RunOptions> = {}): Promise<{ result: RunResult; logs: string[] }> {
  await requireEngine();
  const logs: string[] = [];
  const result = await runPlan(
    plan,
    { runtime: 'docker', network: 'host', timeoutSeconds: 30, name: `gpd-inj-${process.pid}-${++seq}`, label: LABEL, ...opts },
    {
      onLog: (l) => logs.push(l),
      onProgress: () => undefined,
      signal: new AbortController().signal,
    },
  );
  return { result, logs };
}

function assertNothingRan(what: string, logs: string[]): void {
  assert.deepEqual(markers(), [], `${what}: a host shell ran a payload`);
  const hit = logs.find((l) => l.includes(INNER));
  assert.equal(hit, undefined, `${what}: the container's shell ran a payload`);
}

test('(b) checkRuntime through a PATH folder named like an injection', async () => {
  await requireEngine();
  const { env, bin } = weirdPath();
  const check = await checkRuntime('docker', env);
  assert.ok(check.ok, check.ok ? '' : `${check.problem.kind}: ${check.problem.stderr}`);
  assert.equal(check.runtime.binary, path.join(bin, 'docker'));
  assertNothingRan('checkRuntime', []);
});

test('(b) runPlan from a workspace folder named with $(…), quotes and spaces; payloads in Go variables and file names', async () => {
  await requireEngine();
  proxy = await startGoProxy();
  const ws = weirdDir(`ws $(touch ${mark('ws1')}) ; \`touch ${mark('ws2')}\` && 'q" ${inner('ws3')} | x`);
  await writeConsumer(ws, [GREET]);
  const before = fs.readdirSync(ws).sort();
  const plan: ContainerPlan = {
    moduleDir: ws,
    image: TEST_IMAGE,
    env: {
      GOPROXY: proxy.url,
      GOSUMDB: 'off',
      GOFLAGS: '-mod=mod',
      GOTOOLCHAIN: 'local',
      GOPRIVATE: `example.invalid/${inner('e1')},\`touch ${mark('e2')}\``,
      GONOSUMDB: `x; touch ${mark('e3')} && printf inn%s-${ID}-e4 er >&2`,
      GOINSECURE: `'"; touch ${mark('e5')}; echo "'`,
      GOMODCACHE: `/tmp/mc ${inner('mc')} ; touch ${mark('mc')}/mod`,
    },
    notes: [],
    modules: await planModules(ws),
    workFiles: [
      'go.mod',
      'go.sum',
      inner('f1'),
      `\`touch ${mark('f2')}\``,
      `x;printf inn%s-${ID}-f3 er >&2`,
      `a && touch ${mark('f4')}`,
      `'"; touch ${mark('f5')}; "'`,
    ],
  };
  const { result, logs } = await run(plan, { hostEnv: weirdPath().env });
  assert.equal(result.exitCode, 0, renderMarkdown(result.report, englishT) + logs.join('\n'));
  assert.deepEqual(result.report.modules, { ok: 2, failed: 0, total: 2 }, 'the mount of the odd folder worked');
  assert.ok(proxy.requests.length > 0);
  assert.deepEqual(fs.readdirSync(ws).sort(), before, 'the workspace is unchanged');
  assertNothingRan('runPlan', logs);
});

test('(b) runPlan with metacharacters in the image name, the network and GOPROXY/GOFLAGS: refused or failed, nothing runs', async () => {
  await requireEngine();
  const ws = weirdDir(`plain $(touch ${mark('pw')})`);
  await writeConsumer(ws, [GREET]);
  const base: ContainerPlan = { moduleDir: ws, image: TEST_IMAGE, env: { GOSUMDB: 'off', GOFLAGS: '-mod=mod' }, notes: [] };
  const images = [
    `${TEST_IMAGE};touch\${IFS}${mark('i1')}`,
    `${TEST_IMAGE}$(touch\${IFS}${mark('i2')})`,
    `${TEST_IMAGE}\`touch\${IFS}${mark('i3')}\``,
    `${TEST_IMAGE}&&touch\${IFS}${mark('i4')}`,
    `${TEST_IMAGE}|touch\${IFS}${mark('i5')}`,
  ];
  for (const image of images) {
    const { result, logs } = await run({ ...base, image });
    assert.equal(result.exitCode, 125, `${image}: ${logs.join('\n')}`);
    assert.equal(result.report.ok, false);
    assertNothingRan(image, logs);
  }
  const network = await run(base, { network: `host;touch\${IFS}${mark('n1')}$(touch\${IFS}${mark('n2')})` });
  assert.equal(network.result.report.ok, false);
  assertNothingRan('network', network.logs);
  const goproxy = await run({
    ...base,
    env: {
      ...base.env,
      GOPROXY: `http://127.0.0.1:9/${inner('g1')};touch ${mark('g2')}|\`touch ${mark('g3')}\`,direct`,
      GOFLAGS: `-mod=mod $(touch ${mark('g4')}) ${inner('g5')}`,
    },
  });
  assert.equal(goproxy.result.exitCode, 1, goproxy.logs.join('\n'));
  assertNothingRan('GOPROXY/GOFLAGS', goproxy.logs);
  assert.equal((await docker('ps', '-aq', '--filter', `label=${LABEL}`)).trim(), '', 'no container left');
});
