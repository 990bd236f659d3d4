// What the real go command does with a go.mod at the root of GOPATH (the official image's working directory), and
// that gomod-in-gopath says the same: go warns on every module command and still downloads and builds with it, but
// the commands that need a main module fail, wherever they run. Offline: a loopback proxy serves the module.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { goEnv, makeGoRoot, removeGoRoot, runGo } from '../support/goproxy/runGo';
import { startGoProxy, type GoProxy } from '../support/goproxy/server';
import { startConnectRecorder, type ConnectRecorder } from '../support/goproxy/httpsConnectRecorder';
import { HELLO, goSumText } from '../support/goproxy/fixtureModules';
import { analyzeDockerfile, only } from '../support/analysisHarness';

const GOMOD = `module example.com/app\n\ngo 1.21\n\nrequire example.com/hello v1.0.0\n`;
const MAIN = `package main\n\nimport "example.com/hello"\n\nfunc main() { println(hello.Version) }\n`;
const NOT_FOUND = "go: go.mod file not found in current directory or any parent directory; see 'go help modules'";

let root: string;
let goproxy: GoProxy;
let connects: ConnectRecorder;
let env: Record<string, string>;
let gopath: string;

async function writeModule(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'go.mod'), GOMOD);
  await writeFile(join(dir, 'go.sum'), goSumText([HELLO]));
  await writeFile(join(dir, 'main.go'), MAIN);
}

before(async () => {
  root = await makeGoRoot('gpd-gocmd-gopath-');
  goproxy = await startGoProxy();
  connects = await startConnectRecorder();
  // GO111MODULE unset, as in the official image; a fresh module cache for each run is not needed (go reports the same).
  env = goEnv({ root, recorderUrl: connects.url, GOPROXY: goproxy.url, GOFLAGS: '', extra: { GO111MODULE: '' } });
  gopath = env.GOPATH;
});
after(async () => {
  await Promise.all([goproxy?.close(), connects?.close()]);
  await removeGoRoot(root);
});

/** The Dockerfile of the same build, with /go as GOPATH: the finding's severity and message. */
function product(lines: string[]): { severity: string; message: string } | undefined {
  const [f] = only(analyzeDockerfile({ dockerfile: lines.join('\n') + '\n', goMod: GOMOD, goSum: '' }), 'gomod-in-gopath');
  return f && { severity: f.severity, message: f.message };
}

test('go.mod at the root of GOPATH: go mod download warns, downloads and exits 0; the finding is information', async () => {
  await writeModule(gopath);
  const r = await runGo(['mod', 'download'], { cwd: gopath, env });
  const warning = `go: warning: ignoring go.mod in $GOPATH ${gopath}`;
  assert.equal(r.code, 0, r.stderr);
  assert.ok(r.stderr.includes(warning), r.stderr);
  // Not ignored for the download: the module came from the proxy.
  assert.ok(
    goproxy.requests.some((q) => q.module === 'example.com/hello' && q.file === 'v1.0.0.zip'),
    JSON.stringify(goproxy.requests.map((q) => q.url)),
  );
  const build = await runGo(['build', '-o', join(root, 'app'), '.'], { cwd: gopath, env });
  assert.equal(build.code, 0, build.stderr);
  const finding = product(['FROM golang:1.22', 'COPY go.mod go.sum ./', 'RUN go mod download', 'COPY . .', 'RUN go build -o /app .']);
  assert.equal(finding?.severity, 'information');
  assert.ok(finding.message.includes(warning.replace(gopath, '/go')), finding.message);
});

test('go.mod at the root of GOPATH: go mod tidy and verify fail, in GOPATH and in any other module; the finding is an error', async () => {
  await writeModule(gopath);
  const other = join(root, 'src');
  await writeModule(other);
  for (const cwd of [gopath, other]) {
    for (const args of [
      ['mod', 'tidy'],
      ['mod', 'verify'],
    ]) {
      const r = await runGo(args, { cwd, env });
      assert.equal(r.code, 1, `go ${args.join(' ')} in ${cwd}: ${r.stderr}`);
      assert.ok(r.stderr.includes(NOT_FOUND), r.stderr);
    }
  }
  const finding = product(['FROM golang:1.22', 'COPY go.mod /go/', 'WORKDIR /src', 'COPY . .', 'RUN go mod tidy']);
  assert.equal(finding?.severity, 'error');
  assert.ok(finding.message.includes(NOT_FOUND), finding.message);
});

test('QUIET counterpart: without $GOPATH/go.mod, go mod tidy in the module works and go prints no warning; no finding', async () => {
  await rm(join(gopath, 'go.mod'), { force: true });
  const other = join(root, 'src');
  await writeModule(other);
  const r = await runGo(['mod', 'tidy'], { cwd: other, env });
  assert.equal(r.code, 0, r.stderr);
  assert.ok(!r.stderr.includes('ignoring go.mod'), r.stderr);
  assert.equal(product(['FROM golang:1.22', 'WORKDIR /src', 'COPY . .', 'RUN go mod tidy']), undefined);
});
