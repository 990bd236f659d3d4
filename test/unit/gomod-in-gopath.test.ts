// gomod-in-gopath: a go.mod copied to the root of GOPATH, as the real go command treats it
// (test/gocmd/gomod-in-gopath.gocmd.test.ts): Go 1.17+ warns on every module command and stops those that need a main
// module; Go 1.11–1.16 stop every module command.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeDockerfile, assertFixRoundTrip, at, only, type Files } from '../support/analysisHarness';

const df = (...lines: string[]) => lines.join('\n') + '\n';
const GOMOD = df('module example.com/app', '', 'go 1.22', '', 'require github.com/google/uuid v1.6.0');
const run = (dockerfile: string, extra: Partial<Files> = {}) => only(analyzeDockerfile({ dockerfile, goMod: GOMOD, goSum: '', ...extra }), 'gomod-in-gopath');

test('gomod-in-gopath: the official image works in /go, its GOPATH; go warns there and the build goes on (information)', () => {
  const f: Files = {
    dockerfile: df('FROM golang:1.22', 'COPY go.mod go.sum ./', 'RUN go mod download', 'COPY . .', 'RUN go build -o /app .'),
    goMod: GOMOD,
    goSum: '',
  };
  const findings = only(analyzeDockerfile(f), 'gomod-in-gopath');
  // One finding, on the COPY that first puts go.mod there (the later COPY . . lands it again).
  assert.equal(findings.length, 1);
  assert.deepEqual(findings[0].range, at(1, 0, 1, 21));
  assert.equal(findings[0].severity, 'information');
  assert.match(findings[0].message, /"go: warning: ignoring go\.mod in \$GOPATH \/go" \(first `go mod download`, line 3\); downloads and builds still work/);
  const fixed = assertFixRoundTrip(f, 'gomod-in-gopath');
  assert.equal(fixed.dockerfile, df('FROM golang:1.22', 'WORKDIR /src', 'COPY go.mod go.sum ./', 'RUN go mod download', 'COPY . .', 'RUN go build -o /app .'));
  // QUIET: the same build in a WORKDIR of its own.
  assert.deepEqual(run(df('FROM golang:1.22', 'WORKDIR /src', 'COPY go.mod go.sum ./', 'RUN go mod download')), []);
});

test('gomod-in-gopath: go mod tidy, vendor, verify, why and graph fail when $GOPATH/go.mod exists (error)', () => {
  for (const cmd of ['go mod tidy', 'go mod vendor', 'go mod verify']) {
    const [finding] = run(df('FROM golang:1.22', 'COPY go.mod go.sum ./', 'RUN go mod download', `RUN ${cmd}`));
    assert.equal(finding.severity, 'error', cmd);
    assert.match(finding.message, /fails with "go: go\.mod file not found in current directory or any parent directory; see 'go help modules'"/);
  }
  // Wherever they run: go checks $GOPATH/go.mod whatever the working directory.
  const elsewhere = run(df('FROM golang:1.22', 'COPY go.mod /go/', 'WORKDIR /src', 'COPY . .', 'RUN go mod tidy'));
  assert.equal(elsewhere[0].severity, 'error');
  assert.deepEqual(elsewhere[0].range, at(1, 0, 1, 16));
  // An absolute destination in GOPATH: no fix (moving the WORKDIR would not move it).
  assert.deepEqual(elsewhere[0].fixes, []);
  // QUIET: go.mod removed before the go command runs.
  assert.deepEqual(run(df('FROM golang:1.22', 'COPY go.mod /go/', 'RUN rm /go/go.mod', 'WORKDIR /src', 'COPY . .', 'RUN go mod tidy')), []);
});

test('gomod-in-gopath: Go 1.11–1.16 stop every module command; GOPATH mode and unknown images are quiet', () => {
  const [old] = run(df('FROM golang:1.15', 'COPY . .', 'RUN go build -o /app .'));
  assert.equal(old.severity, 'error');
  assert.match(old.message, /"\$GOPATH\/go\.mod exists but should not", so `go build` \(line 3\) fails/);
  // QUIET: GO111MODULE=off builds from GOPATH and never reads go.mod.
  assert.deepEqual(run(df('FROM golang:1.15', 'ENV GO111MODULE=off', 'COPY . .', 'RUN go build -o /app .')), []);
  // QUIET: an image whose GOPATH and working directory are unknown.
  assert.deepEqual(run(df('FROM acme/builder:1', 'COPY go.mod go.sum ./', 'RUN go mod tidy')), []);
});

test('gomod-in-gopath: WORKDIR $GOPATH, a GOPATH set in the stage, a stage built on the one that copied go.mod', () => {
  assert.equal(run(df('FROM golang:1.22', 'WORKDIR $GOPATH', 'COPY go.mod go.sum ./', 'RUN go mod download')).length, 1);
  const set = run(df('FROM golang:1.22', 'ENV GOPATH=/work', 'WORKDIR /work', 'COPY go.mod .', 'RUN go mod tidy'));
  assert.match(set[0].message, /puts go\.mod in `\/work`/);
  // QUIET: with GOPATH moved away, /go is an ordinary folder.
  assert.deepEqual(run(df('FROM golang:1.22', 'ENV GOPATH=/gopath', 'COPY go.mod go.sum ./', 'RUN go mod tidy')), []);
  const child = run(df('FROM golang:1.22 AS deps', 'COPY go.mod go.sum ./', 'FROM deps', 'WORKDIR /src', 'COPY . .', 'RUN go mod tidy'));
  assert.deepEqual(child[0].range, at(1, 0, 1, 21));
  assert.equal(child[0].severity, 'error');
  // QUIET: without the build's go.mod in view, a COPY of the whole context is not known to bring one.
  assert.equal(run(df('FROM golang:1.22', 'COPY . .', 'RUN go mod tidy')).length, 1);
  assert.deepEqual(only(analyzeDockerfile({ dockerfile: df('FROM golang:1.22', 'COPY . .', 'RUN go mod tidy') }), 'gomod-in-gopath'), []);
});

test('gomod-in-gopath: no fix when the Dockerfile reads files from GOPATH that the fix would move', () => {
  const [finding] = run(df('FROM golang:1.22 AS build', 'COPY . .', 'RUN go build -o app .', 'FROM alpine:3.20', 'COPY --from=build /go/app /app'));
  assert.deepEqual(finding.fixes, []);
  // The fix picks a folder the Dockerfile does not use.
  const [busy] = run(df('FROM golang:1.22', 'COPY go.mod ./', 'RUN go mod download', 'FROM alpine:3.20', 'WORKDIR /src'));
  assert.match(busy.fixes[0].title, /WORKDIR \/app/);
});
