// What the real go command does with `go install` and `go get` outside and inside a module, and that
// go-install-outside-module says the same for the Dockerfile of each case. Offline: a loopback proxy serves the tool.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { goEnv, makeGoRoot, removeGoRoot, runGo, type GoResult } from '../support/goproxy/runGo';
import { startGoProxy, type GoProxy } from '../support/goproxy/server';
import { startConnectRecorder, type ConnectRecorder } from '../support/goproxy/httpsConnectRecorder';
import { goSumText, makeModule, type FixtureModule } from '../support/goproxy/fixtureModules';
import { analyzeDockerfile, only } from '../support/analysisHarness';

/** A command (package main) served by the proxy. */
const TOOL: FixtureModule = {
  ...makeModule('example.com/tool', 'v1.0.0'),
  files: { 'go.mod': 'module example.com/tool\n\ngo 1.21\n', 'main.go': 'package main\n\nfunc main() {}\n' },
};
const NO_VERSION = "go: 'go install' requires a version when current directory is not in a module";
const GET_OUTSIDE = "'go get' is no longer supported outside a module";

let root: string;
let goproxy: GoProxy;
let connects: ConnectRecorder;
let outsideDir: string;
let moduleDir: string;
let n = 0;

before(async () => {
  root = await makeGoRoot('gpd-gocmd-install-');
  goproxy = await startGoProxy({ modules: [TOOL] });
  connects = await startConnectRecorder();
  outsideDir = join(root, 'outside');
  moduleDir = join(root, 'module');
  await mkdir(outsideDir);
  await mkdir(moduleDir);
  await writeFile(join(moduleDir, 'go.mod'), 'module example.com/app\n\ngo 1.21\n\nrequire example.com/tool v1.0.0\n');
  await writeFile(join(moduleDir, 'go.sum'), goSumText([TOOL]));
});
after(async () => {
  await Promise.all([goproxy?.close(), connects?.close()]);
  await removeGoRoot(root);
});

/** go in `cwd` with GO111MODULE as given ('' as in the official image), a fresh GOBIN each run. */
async function go(cwd: string, args: string[], go111module = ''): Promise<GoResult> {
  const env = goEnv({
    root,
    recorderUrl: connects.url,
    GOPROXY: goproxy.url,
    GOFLAGS: '',
    extra: { GO111MODULE: go111module, GOBIN: join(root, `bin${++n}`) },
  });
  return runGo(args, { cwd, env });
}

function finding(...lines: string[]) {
  const dockerfile = ['FROM golang:1.26', ...lines].join('\n') + '\n';
  const goMod = 'module example.com/app\n\ngo 1.21\n\nrequire example.com/tool v1.0.0\n';
  return only(analyzeDockerfile({ dockerfile, goMod, goSum: '' }), 'go-install-outside-module');
}

test('outside a module, go install without a version fails with the words the finding quotes', async () => {
  const r = await go(outsideDir, ['install', 'example.com/tool']);
  assert.equal(r.code, 1, r.stderr);
  assert.ok(r.stderr.includes(NO_VERSION), r.stderr);
  const [f] = finding('RUN go install example.com/tool');
  assert.equal(f?.severity, 'error');
  assert.ok(f.message.includes(NO_VERSION), f.message);
});

test('QUIET counterparts: with a version, in a module that requires it, a standard package — go succeeds, no finding', async () => {
  const versioned = await go(outsideDir, ['install', 'example.com/tool@latest']);
  assert.equal(versioned.code, 0, versioned.stderr);
  assert.deepEqual(finding('RUN go install example.com/tool@latest'), []);
  const inModule = await go(moduleDir, ['install', 'example.com/tool']);
  assert.equal(inModule.code, 0, inModule.stderr);
  assert.deepEqual(finding('WORKDIR /src', 'COPY go.mod go.sum ./', 'RUN go install example.com/tool'), []);
  const std = await go(outsideDir, ['install', 'fmt']);
  assert.equal(std.code, 0, std.stderr);
  assert.deepEqual(finding('RUN go install fmt'), []);
});

test('GOPATH mode outside a module (GO111MODULE=off or auto) fails otherwise: no claim of these words, no finding', async () => {
  for (const mode of ['off', 'auto']) {
    const r = await go(outsideDir, ['install', 'example.com/tool'], mode);
    assert.notEqual(r.code, 0);
    assert.ok(!r.stderr.includes(NO_VERSION), r.stderr);
    assert.deepEqual(finding(`ENV GO111MODULE=${mode}`, 'RUN go install example.com/tool'), []);
  }
});

test('outside a module, go get fails; in a module it adds the requirement', async () => {
  const r = await go(outsideDir, ['get', 'example.com/tool']);
  assert.equal(r.code, 1, r.stderr);
  assert.ok(r.stderr.includes(GET_OUTSIDE), r.stderr);
  const [f] = finding('RUN go get example.com/tool');
  assert.ok(f?.message.includes(GET_OUTSIDE), f?.message);
  const inModule = await go(moduleDir, ['get', 'example.com/tool']);
  assert.equal(inModule.code, 0, inModule.stderr);
  assert.deepEqual(finding('WORKDIR /src', 'COPY go.mod go.sum ./', 'RUN go get example.com/tool'), []);
});
