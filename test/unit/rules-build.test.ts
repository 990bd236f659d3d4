// Build-structure rules: scoping, step order, cache mounts, network, toolchain, credentials, replace paths.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeDockerfile, analyzeGoMod, assertFixRoundTrip, at, only, type Files } from '../support/analysisHarness';

const df = (...lines: string[]) => lines.join('\n') + '\n';
const GOMOD_123 = df('module example.com/app', '', 'go 1.23.4');

test('arg-out-of-scope: a global ARG referenced in a stage expands empty; fix re-declares it', () => {
  const f: Files = { dockerfile: df('ARG GOPROXY=https://goproxy.cn,direct', 'FROM golang:1.22', 'ENV GOPROXY=${GOPROXY}', 'RUN go mod download') };
  const findings = analyzeDockerfile(f);
  const [finding] = only(findings, 'arg-out-of-scope');
  assert.deepEqual(finding.range, at(2, 12, 2, 22));
  assert.match(finding.message, /declared before the first FROM/);
  assert.equal(only(findings, 'goproxy-unset').length, 1, 'the empty expansion means the default proxy');
  const fixed = assertFixRoundTrip(f, 'arg-out-of-scope');
  assert.equal(fixed.dockerfile, df('ARG GOPROXY=https://goproxy.cn,direct', 'FROM golang:1.22', 'ARG GOPROXY', 'ENV GOPROXY=${GOPROXY}', 'RUN go mod download'));
  assert.deepEqual(only(analyzeDockerfile(fixed), 'goproxy-unset'), []);
});

test('env-set-after-use: ENV after the download step; fix moves it above', () => {
  const f: Files = { dockerfile: df('FROM golang:1.22', 'COPY go.mod go.sum ./', 'RUN go mod download', 'ENV GOPROXY=https://goproxy.cn,direct', 'RUN go build ./...') };
  const [finding] = only(analyzeDockerfile(f), 'env-set-after-use');
  assert.deepEqual(finding.range, at(3, 4, 3, 37));
  assert.match(finding.message, /line 3/);
  const fixed = assertFixRoundTrip(f, 'env-set-after-use');
  assert.equal(fixed.dockerfile, df('FROM golang:1.22', 'COPY go.mod go.sum ./', 'ENV GOPROXY=https://goproxy.cn,direct', 'RUN go mod download', 'RUN go build ./...'));
});

test('modfiles-copy-order: COPY . . before the first download; fix copies go.mod/go.sum first', () => {
  const f: Files = { dockerfile: df('FROM golang:1.22', 'WORKDIR /src', 'COPY . .', 'RUN go mod download && go build -o /app .'), goMod: GOMOD_123.replace('1.23.4', '1.22'), goSum: '' };
  const [finding] = only(analyzeDockerfile(f), 'modfiles-copy-order');
  assert.deepEqual(finding.range, at(2, 0, 2, 8));
  const fixed = assertFixRoundTrip(f, 'modfiles-copy-order');
  assert.equal(fixed.dockerfile, df('FROM golang:1.22', 'WORKDIR /src', 'COPY go.mod go.sum .', 'RUN go mod download', 'COPY . .', 'RUN go mod download && go build -o /app .'));
  // Vendored: builds use vendor/ and download nothing (a `go mod download` still would).
  assert.deepEqual(only(analyzeDockerfile({ ...f, dockerfile: df('FROM golang:1.22', 'WORKDIR /src', 'COPY . .', 'RUN go build -o /app .'), vendorDir: true }), 'modfiles-copy-order'), []);
  assert.equal(only(analyzeDockerfile({ ...f, vendorDir: true }), 'modfiles-copy-order').length, 1);
});

test('mod-cache-mount: hint on download and build steps; follows GOPATH', () => {
  const f: Files = { dockerfile: df('FROM golang:1.22', 'RUN go mod download') };
  const [finding] = only(analyzeDockerfile(f), 'mod-cache-mount');
  assert.equal(finding.severity, 'hint');
  assert.deepEqual(finding.range, at(1, 4, 1, 19));
  const fixed = assertFixRoundTrip(f, 'mod-cache-mount');
  assert.equal(fixed.dockerfile, df('FROM golang:1.22', 'RUN --mount=type=cache,target=/go/pkg/mod go mod download'));
  const build = assertFixRoundTrip({ dockerfile: df('FROM golang:1.22', 'ENV GOPATH=/gopath', 'RUN go build ./...') }, 'mod-cache-mount');
  assert.match(build.dockerfile!, /RUN --mount=type=cache,target=\/gopath\/pkg\/mod --mount=type=cache,target=\/root\/\.cache\/go-build go build/);
});

test('network-none: a first download with --network=none fails; quiet after an earlier download', () => {
  const [finding] = only(analyzeDockerfile({ dockerfile: df('FROM golang:1.22', 'RUN --network=none go build ./...') }), 'network-none');
  assert.equal(finding.severity, 'error');
  assert.deepEqual(finding.range, at(1, 19, 1, 27));
  assert.deepEqual(only(analyzeDockerfile({ dockerfile: df('FROM golang:1.22', 'RUN go mod download', 'RUN --network=none go build ./...') }), 'network-none'), []);
});

test('toolchain-download: image older than go.mod with GOTOOLCHAIN=local fails; fix bumps the tag keeping the suffix', () => {
  const f: Files = { dockerfile: df('FROM golang:1.22-alpine', 'RUN go mod download'), goMod: GOMOD_123 };
  const [finding] = only(analyzeDockerfile(f), 'toolchain-download');
  assert.equal(finding.severity, 'error');
  assert.deepEqual(finding.range, at(0, 5, 0, 23));
  assert.match(finding.message, /GOTOOLCHAIN=local/);
  const fixed = assertFixRoundTrip(f, 'toolchain-download');
  assert.equal(fixed.dockerfile, df('FROM golang:1.23.4-alpine', 'RUN go mod download'));
  assert.deepEqual(only(analyzeDockerfile({ ...f, dockerfile: df('FROM golang:1.23', 'RUN go mod download') }), 'toolchain-download'), []);
});

test('toolchain-download: GOTOOLCHAIN=auto downloads through GOPROXY (warning); Go 1.20 cannot parse', () => {
  const auto = only(analyzeDockerfile({ dockerfile: df('FROM golang:1.22', 'ENV GOTOOLCHAIN=auto', 'RUN go mod download'), goMod: GOMOD_123 }), 'toolchain-download');
  assert.equal(auto[0].severity, 'warning');
  assert.match(auto[0].message, /golang\.org\/toolchain@v0\.0\.1-go1\.23\.4/);
  const old = only(analyzeDockerfile({ dockerfile: df('FROM golang:1.20', 'RUN go mod download'), goMod: GOMOD_123 }), 'toolchain-download');
  assert.match(old[0].message, /invalid go version '1\.23\.4': must match format 1\.23/);
});

test('toolchain-download: an ARG-parameterised tag is bumped at the ARG default', () => {
  const f: Files = { dockerfile: df('ARG GO_VERSION=1.22', 'FROM golang:${GO_VERSION}-bookworm AS build', 'RUN go mod download'), goMod: GOMOD_123 };
  const fixed = assertFixRoundTrip(f, 'toolchain-download');
  assert.match(fixed.dockerfile!, /^ARG GO_VERSION=1\.23\.4\n/);
});

test('credentials-in-image: COPY .netrc; fix mounts it as a BuildKit secret', () => {
  const f: Files = { dockerfile: df('FROM golang:1.22', 'COPY .netrc /root/.netrc', 'RUN go mod download') };
  const [finding] = only(analyzeDockerfile(f), 'credentials-in-image');
  assert.equal(finding.severity, 'error');
  assert.deepEqual(finding.range, at(1, 5, 1, 11));
  const fixed = assertFixRoundTrip(f, 'credentials-in-image');
  assert.equal(fixed.dockerfile, df('FROM golang:1.22', 'RUN --mount=type=secret,id=netrc,target=/root/.netrc go mod download'));
});

test('credentials-in-image: netrc written by RUN and token URLs in git config, redacted', () => {
  const findings = only(
    analyzeDockerfile({
      dockerfile: df(
        'FROM golang:1.22',
        'RUN echo "machine git.corp.example.com login ci password hunter2" > ~/.netrc',
        'RUN git config --global url."https://oauth2:glpat-SECRET@gitlab.com/".insteadOf "https://gitlab.com/"',
      ),
    }),
    'credentials-in-image',
  );
  assert.equal(findings.length, 2);
  assert.deepEqual(findings.map((x) => x.range.start.line), [1, 2]);
  assert.ok(findings.every((x) => !x.message.includes('glpat-SECRET')));
  assert.deepEqual(only(analyzeDockerfile({ dockerfile: df('FROM golang:1.22', 'RUN --mount=type=secret,id=netrc,target=/root/.netrc go mod download') }), 'credentials-in-image'), []);
});

test('gomod-replace-outside-context: ../lib is out of reach of COPY', () => {
  const goMod = df('module example.com/app', '', 'go 1.22', '', 'replace example.com/lib => ../lib', 'replace example.com/util => ./util');
  const findings = only(analyzeGoMod({ goMod, dockerfile: df('FROM golang:1.22', 'COPY . .', 'RUN go build ./...') }), 'gomod-replace-outside-context');
  assert.equal(findings.length, 1);
  assert.deepEqual(findings[0].range, at(4, 27, 4, 33));
  assert.deepEqual(only(analyzeGoMod({ goMod }), 'gomod-replace-outside-context'), [], 'no Dockerfile builds it: no context to check against');
});

test('go steps inside heredocs and sh -c are found with exact positions', () => {
  const heredoc = only(analyzeDockerfile({ dockerfile: df('FROM golang:1.22', 'RUN <<EOF', 'set -e', 'go mod download', 'EOF') }), 'goproxy-unset');
  assert.deepEqual(heredoc[0].range, at(3, 0, 3, 15));
  const shc = only(analyzeDockerfile({ dockerfile: df('FROM golang:1.22', "RUN sh -c 'cd /src && go mod download'") }), 'goproxy-unset');
  assert.deepEqual(shc[0].range, at(1, 22, 1, 37));
  const bash = only(analyzeDockerfile({ dockerfile: df('FROM golang:1.22', 'RUN apk add git && \\', '    bash -lc "go mod download"') }), 'goproxy-unset');
  assert.deepEqual(bash[0].range, at(2, 14, 2, 29));
});
