// Settings a RUN makes under a shell condition (`if`, `case`, `&&`, `||`): evaluated when the ARG, ENV or build
// argument values the condition reads are known; otherwise the setting may or may not happen, and rules that need
// to know the value stay quiet. Each pair differs only in the value that decides the condition.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeDockerfile, only } from '../support/analysisHarness';

const GO_MOD = 'module example.com/app\n\ngo 1.22\n\nrequire example.com/dep v1.0.0\n';

const offLines = (dockerfile: string, buildArgs?: Record<string, string>) =>
  only(analyzeDockerfile({ dockerfile, goMod: GO_MOD, buildArgs }), 'goproxy-off').map((f) => f.range.start.line + 1);

const stage = (...lines: string[]) => ['FROM golang:1.22', 'WORKDIR /src', 'COPY go.mod ./', ...lines, ''].join('\n');

test('if: a go env -w in a branch whose condition an ARG decides is applied when it runs, and not when it does not', () => {
  const df = (value: string) => stage(`ARG USE_OFFLINE=${value}`, 'RUN if [ "$USE_OFFLINE" = true ]; then go env -w GOPROXY=off; fi && go mod download');
  assert.deepEqual(offLines(df('true')), [5]);
  assert.deepEqual(offLines(df('false')), []);
});

test('if/else: only the branch that runs sets the variable; a go command in the branch that never runs is not judged', () => {
  const df = (value: string) =>
    stage('ENV GOPROXY=off', `ARG VENDORED=${value}`, 'RUN if [ "$VENDORED" = 1 ]; then go build -mod=vendor .; else go mod download; fi');
  assert.deepEqual(offLines(df('0')), [6]);
  assert.deepEqual(offLines(df('1')), []);
});

test('case: the first arm that matches runs, the default arm only when none did', () => {
  const df = (region: string) =>
    stage(`ARG REGION=${region}`, 'RUN case "$REGION" in cn) export GOPROXY=off ;; *) export GOPROXY=https://proxy.golang.org ;; esac && go mod download');
  assert.deepEqual(offLines(df('cn')), [5]);
  assert.deepEqual(offLines(df('us')), []);
});

test('&& and ||: a setting after a test runs as the test decides; after an ordinary command it runs', () => {
  assert.deepEqual(offLines(stage('ARG OFFLINE=1', 'RUN [ -n "$OFFLINE" ] && export GOPROXY=off; go mod download')), [5]);
  assert.deepEqual(offLines(stage('ARG OFFLINE=', 'RUN [ -n "$OFFLINE" ] && export GOPROXY=off; go mod download')), []);
  assert.deepEqual(offLines(stage('ARG OFFLINE=1', 'RUN [ -z "$OFFLINE" ] || export GOPROXY=off; go mod download')), [5]);
  assert.deepEqual(offLines(stage('ARG OFFLINE=', 'RUN [ -z "$OFFLINE" ] || export GOPROXY=off; go mod download')), []);
  // `cd` failing fails the build: what follows `&&` runs on every build that gets that far.
  assert.deepEqual(offLines(stage('RUN cd /src && export GOPROXY=off && go mod download')), [4]);
});

test('the value deciding the condition may come from ENV or from a build argument', () => {
  const df = (decl: string) => stage(decl, 'RUN if [ "$OFFLINE" = yes ]; then go env -w GOPROXY=off; fi; go mod download');
  assert.deepEqual(offLines(df('ENV OFFLINE=yes')), [5]);
  assert.deepEqual(offLines(df('ENV OFFLINE=no')), []);
  assert.deepEqual(offLines(df('ARG OFFLINE'), { OFFLINE: 'yes' }), [5]);
  assert.deepEqual(offLines(df('ARG OFFLINE'), { OFFLINE: 'no' }), []);
});

test('a condition nothing in the Dockerfile decides: the setting is "maybe", in this RUN and in later ones; rules stay quiet', () => {
  // Firing counterparts: the same settings made unconditionally.
  assert.deepEqual(offLines(stage('RUN export GOPROXY=off; go mod download')), [4]);
  assert.deepEqual(offLines(stage('RUN go env -w GOPROXY=off', 'RUN go mod download')), [5]);
  // A file test, a variable of the base image, a loop body: not known here.
  assert.deepEqual(offLines(stage('RUN if [ -f /etc/offline ]; then export GOPROXY=off; fi; go mod download')), []);
  assert.deepEqual(offLines(stage('RUN if [ "$CI" = true ]; then go env -w GOPROXY=off; fi', 'RUN go mod download')), []);
  assert.deepEqual(offLines(stage('RUN for p in off; do export GOPROXY=$p; done; go mod download')), []);
  // A known value the maybe-setting may replace is not known either.
  assert.deepEqual(offLines(stage('ENV GOPROXY=off', 'RUN if [ -f vendor/modules.txt ]; then export GOPROXY=direct; fi; go mod download')), []);
  assert.deepEqual(offLines(stage('RUN go env -w GOPROXY=off', 'RUN [ -f /etc/mirror ] && go env -u GOPROXY; go mod download')), []);
});

test('a go command under a condition the values do not decide may never run: no failure is claimed of it', () => {
  assert.deepEqual(offLines(stage('RUN if [ -f go.sum ]; then GOPROXY=off go mod download; fi')), []);
  assert.deepEqual(offLines(stage('RUN [ -f vendor/modules.txt ] || GOPROXY=off go mod download')), []);
  // The same command with nothing around it, after an ordinary command, or after a compound command fails.
  assert.deepEqual(offLines(stage('RUN GOPROXY=off go mod download')), [4]);
  assert.deepEqual(offLines(stage('RUN cd /src && GOPROXY=off go mod download')), [4]);
  assert.deepEqual(offLines(stage('RUN if [ -f go.sum ]; then echo found; fi && GOPROXY=off go mod download')), [4]);
});

test("BuildKit's platform ARGs declared without a default are set by the build: a test on them is not known", () => {
  const df = (decl: string) => stage(decl, 'RUN if [ "$TARGETARCH" = arm64 ]; then export GOPROXY=off; fi; go mod download');
  assert.deepEqual(offLines(df('ARG TARGETARCH=arm64')), [5]);
  assert.deepEqual(offLines(df('ARG TARGETARCH')), []);
  // Another ARG without a default and no build argument is empty: the branch never runs.
  assert.deepEqual(offLines(stage('ARG OFFLINE', 'RUN if [ -z "$OFFLINE" ]; then export GOPROXY=off; fi; go mod download')), [5]);
});
