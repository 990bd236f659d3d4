// from-arg-image: the image of a FROM written with an ARG (Docker's words checked in
// test/container/from-arg-image.container.test.ts), and the Go version read through the ARG.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeDockerfile, assertFixRoundTrip, at, only, type Files } from '../support/analysisHarness';
import type { BuildInvocation } from '../../server/src/core/buildArgs';
import { analyze } from '../../server/src/analysis';
import { DEFAULT_SETTINGS } from '../../server/src/core/types';
import { imageReferenceProblem } from '../../server/src/model/image';

const df = (...lines: string[]) => lines.join('\n') + '\n';
const GOMOD_123 = df('module example.com/app', '', 'go 1.23.4');
const run = (dockerfile: string, extra: Partial<Files> = {}) => only(analyzeDockerfile({ dockerfile, ...extra }), 'from-arg-image');

test('imageReferenceProblem: Docker reference grammar', () => {
  for (const ok of [
    'golang:1.22-alpine',
    'golang',
    'docker.io/library/golang:1.22',
    'localhost:5000/team/golang:1.22',
    'golang@sha256:' + 'a'.repeat(64),
    'scratch',
  ])
    assert.equal(imageReferenceProblem(ok), undefined, ok);
  assert.equal(imageReferenceProblem('golang:-alpine'), 'invalid');
  assert.equal(imageReferenceProblem('golang:'), 'invalid');
  assert.equal(imageReferenceProblem('/golang:1.22'), 'invalid');
  assert.equal(imageReferenceProblem('Golang:1.22'), 'uppercase');
  assert.equal(imageReferenceProblem(''), 'blank');
});

test('from-arg-image: a misspelt ARG expands to nothing; fix names the declared one', () => {
  const f: Files = { dockerfile: df('ARG GO_VERSION=1.22', 'FROM golang:${GO_VERSON}-alpine', 'RUN go build ./...') };
  const [finding] = only(analyzeDockerfile(f), 'from-arg-image');
  assert.equal(finding.severity, 'error');
  assert.deepEqual(finding.range, at(1, 12, 1, 24));
  assert.match(
    finding.message,
    /no ARG GO_VERSON is declared before the first FROM.*`golang:-alpine`: the build fails with "invalid reference format"\. Did you mean `GO_VERSION`\?/,
  );
  const fixed = assertFixRoundTrip(f, 'from-arg-image');
  assert.equal(fixed.dockerfile, df('ARG GO_VERSION=1.22', 'FROM golang:${GO_VERSION}-alpine', 'RUN go build ./...'));
  // An ARG declared in a stage does not count for FROM: Docker reads only those before the first FROM.
  assert.equal(run(df('FROM alpine:3.20 AS tools', 'ARG GO_VERSION=1.22', 'FROM golang:${GO_VERSION}-alpine')).length, 1);
  // QUIET: declared before the first FROM; a default in the reference; `${X:+…}` is empty on purpose.
  assert.deepEqual(run(df('ARG GO_VERSION=1.22', 'FROM golang:${GO_VERSION}-alpine')), []);
  assert.deepEqual(run(df('FROM golang:${GO_VERSION:-1.22}-alpine')), []);
  assert.deepEqual(run(df('FROM ${REGISTRY:+$REGISTRY/}golang:1.22')), []);
  // QUIET: BuildKit defines the platform ARGs before the first FROM (`FROM binary-$TARGETOS` names a stage).
  assert.deepEqual(run(df('FROM alpine:3.20 AS binary-linux', 'FROM binary-$TARGETOS')), []);
  // QUIET: the result is still a valid reference (no claim about which image was meant).
  assert.deepEqual(run(df('FROM golang${SUFFIX}')), []);
});

test('from-arg-image: an ARG without a default: information alone, error when a workspace build passes no value', () => {
  const dockerfile = df('ARG GO_VERSION', 'FROM golang:${GO_VERSION}-alpine', 'RUN go build ./...');
  const [alone] = run(dockerfile);
  assert.equal(alone.severity, 'information');
  assert.match(
    alone.message,
    /ARG GO_VERSION \(line 1\) has no default.*`docker build` without `--build-arg GO_VERSION=…` fails with "invalid reference format"/,
  );
  // QUIET: the Dockerfile says how to pass it, or a build file of the workspace names it.
  assert.deepEqual(run(df('# docker build --build-arg GO_VERSION=1.22 .', 'ARG GO_VERSION', 'FROM golang:${GO_VERSION}-alpine')), []);
  const makefile = { uri: 'file:///ws/Makefile', text: 'image:\n\tcat Dockerfile | docker build --build-arg GO_VERSION=$(GO) -f - .\n' };
  assert.deepEqual(run(dockerfile, { buildFiles: [makefile] }), []);
  // QUIET: a build argument gives it a Go version.
  assert.deepEqual(run(dockerfile, { buildArgs: { GO_VERSION: '1.22' } }), []);
  // A compose service builds it without the value: that build fails.
  const invocation: BuildInvocation = {
    kind: 'compose',
    label: 'compose.yaml service api',
    uri: 'file:///ws/compose.yaml',
    dockerfile: 'file:///ws/Dockerfile',
    context: 'file:///ws',
    args: {},
  };
  const findings = analyze({
    file: { uri: 'file:///ws/Dockerfile', text: dockerfile },
    kind: 'dockerfile',
    related: { invocations: [invocation] },
    settings: DEFAULT_SETTINGS,
    locale: 'en',
  }).filter((x) => x.rule === 'from-arg-image');
  assert.equal(findings[0]?.severity, 'error');
});

test('from-arg-image: an ARG default that is no tag of the official golang image', () => {
  const [finding] = run(df('ARG GO_VERSION=v1.22', 'FROM golang:${GO_VERSION}', 'RUN go build ./...'));
  assert.deepEqual(finding.range, at(0, 15, 0, 20));
  assert.match(finding.message, /makes the tag `v1\.22`, which is no tag of the official golang image/);
  assert.equal(run(df('ARG GO_VERSION=1.22.x', 'FROM golang:${GO_VERSION}-alpine')).length, 1);
  // QUIET: Go versions and the image's named tags; another image's tags are its own business.
  for (const v of ['1.22', '1.22.3', '1.22rc1', 'alpine', 'latest', '1']) assert.deepEqual(run(df(`ARG GO_VERSION=${v}`, 'FROM golang:${GO_VERSION}')), [], v);
  assert.deepEqual(run(df('ARG V=v1.22', 'FROM acme/builder:${V}')), []);
});

test('the Go version through the ARG: its default, or the build argument, drives toolchain-download', () => {
  const dockerfile = df('ARG GO_VERSION=1.22', 'FROM golang:${GO_VERSION}-alpine', 'RUN go mod download');
  const [byDefault] = only(analyzeDockerfile({ dockerfile, goMod: GOMOD_123 }), 'toolchain-download');
  assert.match(byDefault.message, /running go 1\.22\.x/);
  const [byArg] = only(analyzeDockerfile({ dockerfile, goMod: GOMOD_123, buildArgs: { GO_VERSION: '1.21' } }), 'toolchain-download');
  assert.match(byArg.message, /running go 1\.21\.x/);
  assert.deepEqual(only(analyzeDockerfile({ dockerfile, goMod: GOMOD_123, buildArgs: { GO_VERSION: '1.23.4' } }), 'toolchain-download'), []);
});
