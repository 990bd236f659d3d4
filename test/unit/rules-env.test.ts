// GO111MODULE, GOFLAGS, GOSUMDB, pattern, private-module and go.mod rules.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeDockerfile, analyzeGoMod, assertFixRoundTrip, at, only, type Files } from '../support/analysisHarness';

const df = (...lines: string[]) => lines.join('\n') + '\n';
const GOMOD = df('module example.com/app', '', 'go 1.22', '', 'require (', '\tgithub.com/google/uuid v1.6.0', '\tgitlab.acme.internal/team/lib v1.2.0', ')');

test('go111module-redundant: hint with unnecessary tag; fix removes the line', () => {
  const f: Files = { dockerfile: df('FROM golang:1.22', 'ENV GO111MODULE=on', 'RUN go build ./...') };
  const [finding] = only(analyzeDockerfile(f), 'go111module-redundant');
  assert.equal(finding.severity, 'hint');
  assert.deepEqual(finding.range, at(1, 4, 1, 18));
  const fixed = assertFixRoundTrip(f, 'go111module-redundant');
  assert.equal(fixed.dockerfile, df('FROM golang:1.22', 'RUN go build ./...'));
  assert.deepEqual(only(analyzeDockerfile({ dockerfile: df('FROM golang:1.15', 'ENV GO111MODULE=on') }), 'go111module-redundant'), []);
});

test('go111module-redundant: removes only the token from a multi-variable ENV', () => {
  const f: Files = { dockerfile: df('FROM golang:1.22', 'ENV CGO_ENABLED=0 GO111MODULE=on', 'RUN go build ./...') };
  const fixed = assertFixRoundTrip(f, 'go111module-redundant');
  assert.equal(fixed.dockerfile, df('FROM golang:1.22', 'ENV CGO_ENABLED=0', 'RUN go build ./...'));
});

test('go111module-redundant: an image of unknown Go version is reported only when go.mod needs Go 1.21 to be read', () => {
  const dockerfile = df('FROM registry.corp.internal/go-builder:stable', 'ENV GO111MODULE=on', 'RUN go build ./...');
  assert.deepEqual(only(analyzeDockerfile({ dockerfile }), 'go111module-redundant'), []);
  assert.deepEqual(only(analyzeDockerfile({ dockerfile, goMod: df('module example.com/app', '', 'go 1.22') }), 'go111module-redundant'), []);
  assert.equal(only(analyzeDockerfile({ dockerfile, goMod: df('module example.com/app', '', 'go 1.22.4') }), 'go111module-redundant').length, 1);
  assert.equal(only(analyzeDockerfile({ dockerfile: df('FROM golang:1.16', 'ENV GO111MODULE=on') }), 'go111module-redundant').length, 1);
});

test('go111module-off: information; quiet on auto', () => {
  const f: Files = { dockerfile: df('FROM golang:1.22', 'ENV GO111MODULE=off', 'RUN go build ./...') };
  const [finding] = only(analyzeDockerfile(f), 'go111module-off');
  assert.equal(finding.severity, 'information');
  assert.match(finding.message, /GOPATH mode/);
  assertFixRoundTrip(f, 'go111module-off');
  assert.deepEqual(only(analyzeDockerfile({ dockerfile: df('FROM golang:1.22', 'ENV GO111MODULE=auto') }), 'go111module-off'), []);
});

test('goflags-insecure: on the flag inside a quoted value; fix keeps the other flags', () => {
  const f: Files = { dockerfile: df('FROM golang:1.22', 'ENV GOFLAGS="-mod=mod -insecure"', 'RUN go get example.com/x') };
  const [finding] = only(analyzeDockerfile(f), 'goflags-insecure');
  assert.deepEqual(finding.range, at(1, 22, 1, 31));
  const fixed = assertFixRoundTrip(f, 'goflags-insecure');
  assert.match(fixed.dockerfile!, /ENV GOFLAGS="-mod=mod"\n/);
  assert.deepEqual(only(analyzeDockerfile({ dockerfile: df('FROM golang:1.22', 'ENV GOFLAGS=-mod=mod') }), 'goflags-insecure'), []);
});

test("goflags-insecure: an error on a go get step of a Go 1.17+ image, with go's words", () => {
  const f: Files = { dockerfile: df('FROM golang:1.22', 'ENV GOFLAGS=-insecure', 'RUN go mod download', 'RUN go get example.com/x@v1.0.0') };
  const [finding] = only(analyzeDockerfile(f), 'goflags-insecure');
  assert.equal(finding.severity, 'error');
  assert.match(finding.message, /line 4 fails with "go: -insecure flag is no longer supported; use GOINSECURE instead"/);
  // No go get, or an image we cannot date: the flag only does nothing.
  for (const d of [
    df('FROM golang:1.22', 'ENV GOFLAGS=-insecure', 'RUN go mod download'),
    df('FROM golang:1.16', 'ENV GOFLAGS=-insecure', 'RUN go get x'),
    df('FROM corp/go', 'ENV GOFLAGS=-insecure', 'RUN go get x'),
  ]) {
    const [w] = only(analyzeDockerfile({ dockerfile: d }), 'goflags-insecure');
    assert.equal(w.severity, 'warning', d);
    assert.match(w.message, /`go mod download`, `go build` and `go install` ignore it/);
  }
});

test("goflags-invalid: go's parse errors of GOFLAGS, on the word go names; quiet when only go env reads it", () => {
  const find = (...lines: string[]) => only(analyzeDockerfile({ dockerfile: df('FROM golang:1.22', ...lines) }), 'goflags-invalid');
  const [nonFlag] = find('ENV GOFLAGS="-trimpath mod=mod"', 'RUN go build ./...');
  assert.equal(nonFlag.severity, 'error');
  assert.deepEqual(nonFlag.range, at(1, 23, 1, 30));
  assert.match(nonFlag.message, /"go: parsing \$GOFLAGS: non-flag "mod=mod""/);
  assert.match(nonFlag.message, /starting with the one on line 3/);
  assert.match(find('ENV GOFLAGS="\'-ldflags=-s"', 'RUN go build')[0].message, /unterminated ' string/);
  assert.match(find('ENV GOFLAGS=-frobnicate', 'RUN go mod download')[0].message, /"go: parsing \$GOFLAGS: unknown flag -frobnicate"/);
  assert.match(find('ENV GOFLAGS=--frobnicate=1')[0].message, /unknown flag -frobnicate/);
  assert.equal(find('ENV GOFLAGS=-frobnicate')[0].severity, 'warning', 'no go command of the Dockerfile reads it');
  assert.deepEqual(find('RUN GOFLAGS=-frobnicate go env GOPROXY'), []);
  for (const ok of ['-mod=mod -modcacherw', '-insecure', '-i', '-test.v', '-vettool=x', '-printf=false', '"-ldflags=-s -w"', '-C=/x'])
    assert.deepEqual(find(`ENV GOFLAGS='${ok}'`, 'RUN go build'), [], ok);
  const f: Files = { dockerfile: df('FROM golang:1.22', 'ENV GOFLAGS="-mod mod -trimpath"', 'RUN go build') };
  assert.match(assertFixRoundTrip(f, 'goflags-invalid').dockerfile!, /ENV GOFLAGS="-mod=mod -trimpath"\n/);
  const g: Files = { dockerfile: df('FROM golang:1.22', 'ENV GOFLAGS=mod=mod', 'RUN go build') };
  assert.match(assertFixRoundTrip(g, 'goflags-invalid').dockerfile!, /ENV GOFLAGS=-mod=mod\n/);
});

test('private-module-proxied: a private require sent to the mirror; fix adds GOPRIVATE to the existing ENV', () => {
  const f: Files = {
    dockerfile: df('FROM golang:1.22', 'ENV GOPROXY=https://goproxy.cn,direct', 'COPY go.mod go.sum ./', 'RUN go mod download'),
    goMod: GOMOD,
  };
  const [finding] = only(analyzeDockerfile(f), 'private-module-proxied');
  assert.equal(finding.severity, 'warning');
  assert.deepEqual(finding.range, at(3, 4, 3, 19));
  assert.match(finding.message, /gitlab\.acme\.internal\/team\/lib/);
  assert.doesNotMatch(finding.message, /google\/uuid/);
  const fixed = assertFixRoundTrip(f, 'private-module-proxied');
  assert.match(fixed.dockerfile!, /ENV GOPROXY=https:\/\/goproxy\.cn,direct GOPRIVATE=gitlab\.acme\.internal\n/);
  assert.deepEqual(only(analyzeDockerfile(fixed), 'private-module-sumdb'), []);
});

test('private-module-proxied: extends an explicit GONOPROXY, which replaces GOPRIVATE', () => {
  const f: Files = {
    dockerfile: df('FROM golang:1.22', 'ENV GOPRIVATE=gitlab.acme.internal GONOPROXY=git.other.internal', 'RUN go mod download'),
    goMod: GOMOD,
  };
  const fixed = assertFixRoundTrip(f, 'private-module-proxied');
  assert.match(fixed.dockerfile!, /GONOPROXY=git\.other\.internal,gitlab\.acme\.internal/);
});

test('private-module-sumdb: direct but verified against sum.golang.org; quiet when go.sum has the lines', () => {
  const f: Files = { dockerfile: df('FROM golang:1.22', 'ENV GONOPROXY=gitlab.acme.internal', 'COPY go.mod go.sum ./', 'RUN go mod download'), goMod: GOMOD };
  const [finding] = only(analyzeDockerfile(f), 'private-module-sumdb');
  assert.deepEqual(finding.range, at(3, 4, 3, 19));
  assert.match(finding.message, /sum\.golang\.org/);
  assertFixRoundTrip(f, 'private-module-sumdb');
  const goSum = 'gitlab.acme.internal/team/lib v1.2.0 h1:abc=\ngitlab.acme.internal/team/lib v1.2.0/go.mod h1:def=\n';
  assert.deepEqual(only(analyzeDockerfile({ ...f, goSum }), 'private-module-sumdb'), []);
  // go.sum counts only once it is in the image: copying go.mod alone leaves the lookup to the database.
  const modOnly = { ...f, goSum, dockerfile: f.dockerfile!.replace('COPY go.mod go.sum ./', 'COPY go.mod ./') };
  assert.equal(only(analyzeDockerfile(modOnly), 'private-module-sumdb').length, 1);
});

test('pattern-invalid: a scheme and a space never match; fix normalises', () => {
  const f: Files = { dockerfile: df('FROM golang:1.22', 'ENV GOPRIVATE="https://gitlab.acme.internal, github.com/acme"', 'RUN go mod download'), goMod: GOMOD };
  const findings = only(analyzeDockerfile(f), 'pattern-invalid');
  assert.equal(findings.length, 2);
  assert.ok(findings.every((x) => x.range.start.line === 1));
  const fixed = assertFixRoundTrip(f, 'pattern-invalid');
  assert.match(fixed.dockerfile!, /GOPRIVATE="gitlab\.acme\.internal,github\.com\/acme"/);
  assert.deepEqual(only(analyzeDockerfile(fixed), 'pattern-invalid'), []);
});

test('gosumdb-off: fix scopes the exclusion to the private modules', () => {
  const f: Files = { dockerfile: df('FROM golang:1.22', 'ENV GOPRIVATE=gitlab.acme.internal GOSUMDB=off', 'RUN go mod download'), goMod: GOMOD };
  const [finding] = only(analyzeDockerfile(f), 'gosumdb-off');
  assert.deepEqual(finding.range, at(1, 35, 1, 46));
  const fixed = assertFixRoundTrip(f, 'gosumdb-off');
  assert.match(fixed.dockerfile!, /GONOSUMDB=gitlab\.acme\.internal/);
  assert.deepEqual(only(analyzeDockerfile({ dockerfile: df('FROM golang:1.22', 'ENV GOSUMDB=sum.golang.google.cn') }), 'gosumdb-off'), []);
});

test('gosumdb-invalid: too many fields, worded as go', () => {
  const [finding] = only(analyzeDockerfile({ dockerfile: df('FROM golang:1.22', 'ENV GOSUMDB="a b c d"', 'RUN go mod download') }), 'gosumdb-invalid');
  assert.match(finding.message, /invalid GOSUMDB: too many fields/);
  assert.deepEqual(
    only(analyzeDockerfile({ dockerfile: df('FROM golang:1.22', 'ENV GOSUMDB="sum.golang.org https://goproxy.cn/sumdb/sum.golang.org"') }), 'gosumdb-invalid'),
    [],
  );
});

test('gomod-syntax: errors worded as the go command', () => {
  const findings = only(analyzeGoMod({ goMod: df('module example.com/app', '', 'go 1.22', 'require foo') }), 'gomod-syntax');
  assert.equal(findings.length, 1);
  assert.equal(findings[0].range.start.line, 3);
  assert.match(findings[0].message, /usage: require module\/path v1\.2\.3/);
  assert.deepEqual(only(analyzeGoMod({ goMod: GOMOD }), 'gomod-syntax'), []);
});

test('gomod-private-module: on the require line; the fix edits the Dockerfile', () => {
  const f: Files = { dockerfile: df('FROM golang:1.22', 'RUN go mod download'), goMod: GOMOD };
  const [finding] = only(analyzeGoMod(f), 'gomod-private-module');
  assert.deepEqual(finding.range, at(6, 1, 6, 30));
  assert.equal(finding.fixes[0].edits[0].uri, 'file:///ws/Dockerfile');
  const fixed = assertFixRoundTrip(f, 'gomod-private-module', 'gomod');
  assert.match(fixed.dockerfile!, /ENV GOPRIVATE=gitlab\.acme\.internal/);
  assert.deepEqual(only(analyzeGoMod({ goMod: GOMOD }), 'gomod-private-module'), []);
});
