// go-install-outside-module and go-install-latest: installing tools with the go command, as the real go command
// treats it (test/gocmd/go-install.gocmd.test.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeDockerfile, applyFix, assertFixRoundTrip, at, only, type Files } from '../support/analysisHarness';

const df = (...lines: string[]) => lines.join('\n') + '\n';
const GOMOD = df('module example.com/app', '', 'go 1.22', '', 'require github.com/google/uuid v1.6.0');
const outside = (dockerfile: string) => only(analyzeDockerfile({ dockerfile, goMod: GOMOD, goSum: '' }), 'go-install-outside-module');
const latest = (dockerfile: string) => only(analyzeDockerfile({ dockerfile, goMod: GOMOD, goSum: '' }), 'go-install-latest');

test('go-install-outside-module: go install without a version where the image has no go.mod; fix adds @latest', () => {
  const f: Files = { dockerfile: df('FROM golang:1.22', 'RUN go install golang.org/x/tools/cmd/goimports'), goMod: GOMOD, goSum: '' };
  const [finding] = only(analyzeDockerfile(f), 'go-install-outside-module');
  assert.equal(finding.severity, 'error');
  assert.deepEqual(finding.range, at(1, 4, 1, 14));
  assert.match(
    finding.message,
    /`go install golang\.org\/x\/tools\/cmd\/goimports` fails: "go: 'go install' requires a version when current directory is not in a module"/,
  );
  assert.deepEqual(
    finding.fixes.map((x) => x.title),
    ['Install the latest version (`@latest`)', 'Pin a version (@vX.Y.Z: fill in the version)'],
  );
  const fixed = assertFixRoundTrip(f, 'go-install-outside-module');
  assert.equal(fixed.dockerfile, df('FROM golang:1.22', 'RUN go install golang.org/x/tools/cmd/goimports@latest'));
  assert.equal(applyFix(f, finding.fixes[1]).dockerfile, df('FROM golang:1.22', 'RUN go install golang.org/x/tools/cmd/goimports@vX.Y.Z'));
  // Flags and their values are not packages; Go 1.16 and 1.17 word it their way.
  const [old] = outside(df('FROM golang:1.17-alpine', 'RUN apk add --no-cache git && go install -tags netgo -v golang.org/x/tools/gopls'));
  assert.match(old.message, /"go install: version is required when current directory is not in a module"/);
});

test('go-install-outside-module: QUIET in a module, with a version, for folders and standard packages, in GOPATH mode, on old Go', () => {
  // QUIET: a module is in the image (the whole context, or go.mod itself).
  assert.deepEqual(outside(df('FROM golang:1.22', 'WORKDIR /src', 'COPY . .', 'RUN go install github.com/swaggo/swag/cmd/swag')), []);
  assert.deepEqual(outside(df('FROM golang:1.22', 'WORKDIR /src', 'COPY go.mod go.sum ./', 'RUN go install github.com/swaggo/swag/cmd/swag')), []);
  // QUIET: a bind mount brings the context's go.mod in for the RUN.
  assert.deepEqual(outside(df('FROM golang:1.22', 'WORKDIR /src', 'RUN --mount=type=bind,target=. go install github.com/swaggo/swag/cmd/swag')), []);
  // QUIET: made in the RUN, or fetched as an archive, before the go command.
  assert.deepEqual(outside(df('FROM golang:1.22', 'RUN go mod init tools && go install github.com/swaggo/swag/cmd/swag')), []);
  assert.deepEqual(outside(df('FROM golang:1.22', 'RUN curl -sL https://example.com/src.tgz | tar xz', 'RUN go install github.com/swaggo/swag/cmd/swag')), []);
  // QUIET: with a version, a folder, only standard packages, a pattern.
  assert.deepEqual(outside(df('FROM golang:1.22', 'RUN go install github.com/swaggo/swag/cmd/swag@v1.16.3')), []);
  assert.deepEqual(outside(df('FROM golang:1.22', 'RUN go install fmt')), []);
  assert.deepEqual(outside(df('FROM golang:1.22', 'RUN go install golang.org/x/tools/cmd/...')), []);
  // QUIET: GOPATH mode outside a module (off, or auto without go.mod); Go before 1.16; an image we cannot see into.
  assert.deepEqual(outside(df('FROM golang:1.22', 'ENV GO111MODULE=off', 'RUN go install github.com/swaggo/swag/cmd/swag')), []);
  assert.deepEqual(outside(df('FROM golang:1.22', 'ENV GO111MODULE=auto', 'RUN go install github.com/swaggo/swag/cmd/swag')), []);
  assert.deepEqual(outside(df('FROM golang:1.15', 'RUN go install github.com/swaggo/swag/cmd/swag')), []);
  assert.deepEqual(outside(df('FROM golang', 'RUN go install github.com/swaggo/swag/cmd/swag')), []);
  assert.deepEqual(outside(df('FROM acme/go-builder:1.22', 'RUN go install github.com/swaggo/swag/cmd/swag')), []);
});

test('go-install-outside-module: go get fails outside a module from Go 1.18 on; no fix', () => {
  const [get] = outside(df('FROM golang:1.22', 'RUN go get -u github.com/swaggo/swag/cmd/swag'));
  assert.equal(get.severity, 'error');
  assert.match(get.message, /"'go get' is no longer supported outside a module"/);
  assert.deepEqual(get.fixes, []);
  // QUIET: Go 1.17 only warned, and a go get in a module changes its go.mod.
  assert.deepEqual(outside(df('FROM golang:1.17', 'RUN go get github.com/swaggo/swag/cmd/swag')), []);
  assert.deepEqual(outside(df('FROM golang:1.22', 'WORKDIR /src', 'COPY . .', 'RUN go get github.com/swaggo/swag/cmd/swag')), []);
});

test('go-install-latest: @latest is resolved when the layer is built; fix writes a version to fill in', () => {
  const f: Files = { dockerfile: df('FROM golang:1.22', 'RUN go install github.com/swaggo/swag/cmd/swag@latest'), goMod: GOMOD, goSum: '' };
  const [finding] = only(analyzeDockerfile(f), 'go-install-latest');
  assert.equal(finding.severity, 'information');
  assert.deepEqual(finding.range, at(1, 15, 1, 53));
  assert.match(finding.message, /resolves `@latest` through the proxy when the layer is built/);
  assert.equal(applyFix(f, finding.fixes[0]).dockerfile, df('FROM golang:1.22', 'RUN go install github.com/swaggo/swag/cmd/swag@vX.Y.Z'));
  assert.equal(latest(df('FROM golang:1.22', 'RUN go run github.com/swaggo/swag/cmd/swag@master init')).length, 1);
  // go get in a module without a version asks for the newest one.
  const [get] = latest(df('FROM golang:1.22', 'WORKDIR /src', 'COPY . .', 'RUN go get github.com/google/uuid'));
  assert.match(get.message, /resolves the newest version/);
  // QUIET: a pinned version, a commit, go install of a package the module requires, a folder, go get ./...
  assert.deepEqual(latest(df('FROM golang:1.22', 'RUN go install github.com/swaggo/swag/cmd/swag@v1.16.3')), []);
  assert.deepEqual(latest(df('FROM golang:1.22', 'RUN go install github.com/swaggo/swag/cmd/swag@6a1b2c3d4e5f')), []);
  assert.deepEqual(latest(df('FROM golang:1.22', 'WORKDIR /src', 'COPY . .', 'RUN go install github.com/google/uuid ./cmd/x', 'RUN go get -d ./...')), []);
  // QUIET where go-install-outside-module reports the step: it fails first.
  assert.deepEqual(latest(df('FROM golang:1.22', 'RUN go get github.com/swaggo/swag/cmd/swag@latest')), []);
});
