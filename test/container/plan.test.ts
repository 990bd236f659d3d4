// The argument list: constant script, no Go variable (credential) on the command line, validated inputs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildRunArgs, CONTAINER_SCRIPT, envFileText, INNER_TIMEOUT_GRACE_SECONDS, PlanError, type RunOptions } from '../../client/src/container/plan';
import type { ContainerPlan } from '../../server/src/protocol';
import { removeStaleRunDirs } from '../../client/src/container/runner';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, utimes } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const PLAN: ContainerPlan = {
  moduleDir: '/work/app',
  image: 'golang:1.26',
  env: {
    GOPROXY: 'https://user:s3cret@goproxy.corp.example/,direct',
    GOPRIVATE: 'git.corp.example',
    GOSUMDB: 'sum.golang.org https://goproxy.cn/sumdb/sum.golang.org',
    GOFLAGS: '-mod=mod',
  },
  notes: [],
};
const OPTS: RunOptions = { runtime: 'docker', network: 'host', timeoutSeconds: 60, name: 'gpd-run-1', label: 'go-proxy-doctor' };

test('argument shape: run --rm -i --name --label … image sh -c SCRIPT sh timeout files', () => {
  const args = buildRunArgs(PLAN, OPTS, '/tmp/gpd-run-x/go.env', 1_700_000_000_000);
  // -i: the container's stdin is our pipe, so it stops when we die.
  assert.deepEqual(args.slice(0, 7), ['run', '--rm', '-i', '--name', 'gpd-run-1', '--label', 'go-proxy-doctor']);
  assert.deepEqual(args.slice(7, 9), ['--label', `go-proxy-doctor.expires=${1_700_000_000 + 60 + INNER_TIMEOUT_GRACE_SECONDS + 60}`]);
  const i = args.indexOf('golang:1.26');
  assert.deepEqual(args.slice(i), ['golang:1.26', 'sh', '-c', CONTAINER_SCRIPT, 'sh', String(60 + INNER_TIMEOUT_GRACE_SECONDS), 'go.mod', 'go.sum']);
  assert.ok(args.includes('--env-file') && args[args.indexOf('--env-file') + 1] === '/tmp/gpd-run-x/go.env');
  assert.ok(args.includes('/work/app:/src:ro'));
  assert.deepEqual(args.slice(args.indexOf('--network'), args.indexOf('--network') + 2), ['--network', 'host']);
  assert.ok(args.includes('type=tmpfs,destination=/go/pkg/mod'));
});

test('no Go variable and no credential appears in the arguments; all of them are in the env file', () => {
  const args = buildRunArgs(PLAN, OPTS, '/tmp/e');
  const joined = args.join(' ');
  assert.doesNotMatch(joined, /s3cret|GOPROXY|GOPRIVATE|goproxy\.corp/);
  assert.equal(
    envFileText(PLAN),
    'GOPROXY=https://user:s3cret@goproxy.corp.example/,direct\nGOPRIVATE=git.corp.example\nGOSUMDB=sum.golang.org https://goproxy.cn/sumdb/sum.golang.org\nGOFLAGS=-mod=mod\n',
  );
});

test('the script is a constant: settings and file names never change it', () => {
  const hostile: ContainerPlan = { ...PLAN, env: { GOFLAGS: '$(touch /pwned)' }, workFiles: ['go.work', 'svc/go.mod', 'svc/go.sum', "we'ird $(x)/go.mod"] };
  const args = buildRunArgs(hostile, OPTS, '/tmp/e');
  assert.equal(args[args.indexOf('-c') + 1], CONTAINER_SCRIPT);
  assert.deepEqual(args.slice(-4), ['go.work', 'svc/go.mod', 'svc/go.sum', "we'ird $(x)/go.mod"]);
});

test('volume cache, netrc mount', () => {
  const args = buildRunArgs(PLAN, { ...OPTS, cacheVolume: 'gpd-modcache', mountNetrc: '/home/me/.netrc' }, '/tmp/e');
  assert.ok(args.includes('gpd-modcache:/go/pkg/mod'));
  assert.ok(!args.includes('type=tmpfs,destination=/go/pkg/mod'));
  assert.ok(args.includes('/home/me/.netrc:/root/.netrc:ro'));
});

test('invalid input is refused, never passed on', () => {
  const bad: Array<[Partial<ContainerPlan>, Partial<RunOptions>]> = [
    [{ workFiles: ['../etc/passwd'] }, {}],
    [{ workFiles: ['/etc/passwd'] }, {}],
    [{ workFiles: ['-rf'] }, {}],
    [{ env: { 'BAD NAME': 'x' } }, {}],
    [{ env: { GOPROXY: 'a\nLD_PRELOAD=/x' } }, {}],
    [{ moduleDir: 'relative/dir' }, {}],
    [{ moduleDir: '/a:b' }, {}],
    [{ image: '--privileged' }, {}],
    [{}, { cacheVolume: '/host/path' }],
    [{}, { name: '--rm' }],
    [{}, { timeoutSeconds: 0 }],
    [{}, { network: 'host --privileged' }],
  ];
  for (const [p, o] of bad) {
    const plan = { ...PLAN, ...p };
    assert.throws(() => (envFileText(plan), buildRunArgs(plan, { ...OPTS, ...o }, '/tmp/e')), PlanError, JSON.stringify([p, o]));
  }
});

test('removeStaleRunDirs removes only old gpd-run-* dirs', async () => {
  const old = await mkdtemp(join(tmpdir(), 'gpd-run-'));
  const fresh = await mkdtemp(join(tmpdir(), 'gpd-run-'));
  const hourAgo = (Date.now() - 3_600_000) / 1000;
  await utimes(old, hourAgo, hourAgo);
  try {
    assert.ok((await removeStaleRunDirs(600_000)) >= 1);
    assert.equal(existsSync(old), false);
    assert.equal(existsSync(fresh), true);
  } finally {
    await rm(fresh, { recursive: true, force: true });
  }
});
