// toolchain-unverifiable: a toolchain download under GOSUMDB=off or GOPROXY=off.
// The go command's behaviour behind it is measured in test/gocmd/sumdb.gocmd.test.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeDockerfile, at, only } from '../support/analysisHarness';

const df = (...lines: string[]) => lines.join('\n') + '\n';

test('toolchain-unverifiable: GOTOOLCHAIN naming another Go with GOSUMDB=off or GOPROXY=off', () => {
  const find = (...lines: string[]) => only(analyzeDockerfile({ dockerfile: df(...lines) }), 'toolchain-unverifiable');
  const [off] = find('FROM golang:1.26', 'ENV GOTOOLCHAIN=go1.27.0 GOSUMDB=off GONOSUMDB=golang.org', 'RUN go build ./...');
  assert.equal(off.severity, 'error');
  assert.deepEqual(off.range, at(2, 4, 2, 12));
  assert.match(off.message, /go1\.27\.0 toolchain .*`verifying module: checksum database disabled by GOSUMDB=off`/);
  assert.match(find('FROM golang:1.26', 'ENV GOTOOLCHAIN=go1.27.0+auto GOPROXY=off', 'RUN go build ./...')[0].message, /`toolchain not available`/);
  // No download: the image may run that very version, local/path never download, a GOPRIVATE match goes direct.
  assert.deepEqual(find('FROM golang:1.26', 'ENV GOTOOLCHAIN=go1.26.1 GOSUMDB=off', 'RUN go build ./...'), []);
  assert.deepEqual(find('FROM golang:1.26.1', 'ENV GOTOOLCHAIN=go1.26.1 GOSUMDB=off', 'RUN go build ./...'), []);
  assert.deepEqual(find('FROM golang:1.26', 'ENV GOTOOLCHAIN=go1.27.0+path GOSUMDB=off', 'RUN go build ./...'), []);
  assert.deepEqual(find('FROM golang:1.26', 'ENV GOSUMDB=off', 'RUN go build ./...'), []);
  assert.deepEqual(find('FROM golang:1.26', 'ENV GOTOOLCHAIN=go1.27.0 GOPROXY=off GOPRIVATE=golang.org', 'RUN go build ./...'), []);
  // The lone file:// GOPROXY exemption.
  assert.deepEqual(find('FROM golang:1.26', 'ENV GOTOOLCHAIN=go1.27.0 GOSUMDB=off GOPROXY=file:///srv/mods', 'RUN go build ./...'), []);
  assert.equal(find('FROM golang:1.26', 'ENV GOTOOLCHAIN=go1.27.0 GOSUMDB=off GOPROXY=file:///srv/mods,direct', 'RUN go build ./...').length, 1);
});

test('toolchain-unverifiable: GOTOOLCHAIN=auto only with a go.mod in the image that asks for a newer Go', () => {
  const goMod = df('module example.com/app', '', 'go 1.27.0');
  const find = (...lines: string[]) => only(analyzeDockerfile({ dockerfile: df(...lines), goMod }), 'toolchain-unverifiable');
  assert.equal(find('FROM golang:1.26', 'ENV GOTOOLCHAIN=auto GOSUMDB=off', 'COPY go.mod ./', 'RUN go mod download').length, 1);
  assert.deepEqual(find('FROM golang:1.26', 'ENV GOTOOLCHAIN=auto GOSUMDB=off', 'RUN go install example.com/cmd@v1.0.0'), []);
  assert.deepEqual(find('FROM golang:1.27', 'ENV GOTOOLCHAIN=auto GOSUMDB=off', 'COPY go.mod ./', 'RUN go mod download'), []);
});
