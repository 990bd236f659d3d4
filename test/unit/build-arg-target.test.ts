// A build runs its target stage and the stages it needs only: a build argument only other stages declare is not
// consumed (reported where the invocation writes it), and a finding in a stage belongs to the builds that run it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze } from '../../server/src/analysis';
import { composeInvocations } from '../../server/src/invocations/compose';
import { invocationsIn } from '../../server/src/invocations';
import { builtStages } from '../../server/src/model/builtStages';
import type { BuildInvocation } from '../../server/src/core/buildArgs';
import { DEFAULT_SETTINGS, type Finding, type Locale } from '../../server/src/core/types';
import { parseDockerfile } from '../../server/src/syntax/dockerfile';
import { at, only, DOCKERFILE_URI, GOMOD_URI } from '../support/analysisHarness';

const COMPOSE_URI = 'file:///ws/compose.yaml';
const lines = (...l: string[]) => l.join('\n') + '\n';
const WITH_DEPS = lines('module example.com/app', '', 'go 1.22', '', 'require github.com/pkg/errors v0.9.1');

interface Service {
  target?: string;
  args?: Record<string, string>;
}

function compose(services: Record<string, Service>): { text: string; invocations: BuildInvocation[] } {
  const text = lines(
    'services:',
    ...Object.entries(services).flatMap(([name, s]) => [
      `  ${name}:`,
      '    build:',
      '      context: .',
      ...(s.target ? [`      target: ${s.target}`] : []),
      ...(s.args ? ['      args:', ...Object.entries(s.args).map(([k, v]) => `        ${k}: "${v}"`)] : []),
    ]),
  );
  return { text, invocations: composeInvocations('/ws/compose.yaml', text, 'compose.yaml', new Map()) };
}

function analyzeBuilt(dockerfile: string, invocations: BuildInvocation[], locale: Locale = 'en'): Finding[] {
  return analyze({
    file: { uri: DOCKERFILE_URI, text: dockerfile },
    kind: 'dockerfile',
    related: { goMod: { uri: GOMOD_URI, text: WITH_DEPS }, invocations },
    settings: DEFAULT_SETTINGS,
    locale,
  });
}

function valueRange(text: string, value: string) {
  const all = text.split('\n');
  const i = all.findIndex((l) => l.includes(`"${value}"`));
  const c = all[i].indexOf(value);
  return at(i, c, i, c + value.length);
}

test('builtStages: the target and what it needs through FROM, COPY --from and RUN --mount=from; every stage when a reference is a variable', () => {
  const model = (...l: string[]) => parseDockerfile(lines(...l), DOCKERFILE_URI);
  const m = model(
    'FROM golang:1.22 AS base', // 0
    'FROM base AS build', // 1
    'FROM alpine AS tools', // 2
    'FROM alpine AS cache', // 3
    'FROM alpine AS test', // 4
    'FROM alpine AS app', // 5
    'COPY --from=build /app /app',
    'RUN --mount=type=bind,from=tools,target=/t true',
    'FROM app AS debug', // 6
    'COPY --from=3 /x /x',
  );
  assert.deepEqual([...builtStages(m, 'app')].sort(), [0, 1, 2, 5]);
  assert.deepEqual([...builtStages(m, 'APP')].sort(), [0, 1, 2, 5]);
  assert.deepEqual([...builtStages(m)].sort(), [0, 1, 2, 3, 5, 6]);
  assert.deepEqual([...builtStages(m, 'test')], [4]);
  // A target no stage has, or a stage reference written with a variable: every stage.
  assert.equal(builtStages(m, 'nope').size, 7);
  assert.equal(builtStages(model('FROM alpine AS a', 'FROM alpine AS b', 'ARG S=a', 'COPY --from=${S} /x /x'), 'b').size, 2);
});

const TWO_STAGES = lines('FROM golang:1.22 AS app', 'ARG GOPROXY', 'RUN go mod download', 'FROM golang:1.22 AS test', 'ARG GOPRIVATE', 'RUN go test ./...');

test('build-arg-unused: a compose arg only a stage the target does not build declares is reported in compose.yaml at the value', () => {
  const { text, invocations } = compose({ api: { target: 'app', args: { GOPRIVATE: 'git.acme.internal' } } });
  const f = only(analyzeBuilt(TWO_STAGES, invocations), 'build-arg-unused');
  assert.equal(f.length, 1);
  assert.equal(f[0].severity, 'information');
  assert.equal(f[0].uri, COMPOSE_URI);
  assert.deepEqual(f[0].range, valueRange(text, 'git.acme.internal'));
  assert.equal(
    f[0].message,
    'The build argument GOPRIVATE (compose.yaml service api) is not consumed: only stages of `Dockerfile` that building target `app` does not run declare ARG GOPRIVATE, so the build ignores it (Docker warns "One or more build-args [GOPRIVATE] were not consumed").',
  );
  assert.doesNotMatch(f[0].message, /with the build args/);
  const zh = only(analyzeBuilt(TWO_STAGES, invocations, 'zh-cn'), 'build-arg-unused');
  assert.match(
    zh[0].message,
    /^构建参数 GOPRIVATE（compose\.yaml service api）没有被使用：`Dockerfile` 中只有构建目标 `app` 时不会运行的阶段声明了 ARG GOPRIVATE/,
  );
  // Quiet: the target is the stage that declares it.
  assert.deepEqual(
    only(analyzeBuilt(TWO_STAGES, compose({ api: { target: 'test', args: { GOPRIVATE: 'git.acme.internal' } } }).invocations), 'build-arg-unused'),
    [],
  );
  // Quiet: the stage that declares it is one the target copies from.
  const copied = TWO_STAGES + lines('FROM alpine AS final', 'COPY --from=test /out /out');
  assert.deepEqual(
    only(analyzeBuilt(copied, compose({ api: { target: 'final', args: { GOPRIVATE: 'git.acme.internal' } } }).invocations), 'build-arg-unused'),
    [],
  );
  // Without a target the last stage is built: `test` here, which declares it; `app` does not.
  assert.deepEqual(only(analyzeBuilt(TWO_STAGES, compose({ api: { args: { GOPRIVATE: 'x' } } }).invocations), 'build-arg-unused'), []);
  const last = only(analyzeBuilt(TWO_STAGES, compose({ api: { args: { GOPROXY: 'https://goproxy.cn' } } }).invocations), 'build-arg-unused');
  assert.match(last[0].message, /only stages of `Dockerfile` that building its last stage does not run declare ARG GOPROXY/);
});

test('build-arg-unused: a compose arg no ARG declares is reported in compose.yaml at the value; declared, global or predefined ones are not', () => {
  const df = lines('FROM golang:1.22', 'ARG GOPROXY', 'RUN go mod download');
  const { text, invocations } = compose({
    api: { args: { GOPROXY: 'https://goproxy.cn,direct', GOFLAGS: '-mod=mod', HTTP_PROXY: 'http://proxy:3128', BUILDKIT_INLINE_CACHE: '1' } },
  });
  const f = only(analyzeBuilt(df, invocations), 'build-arg-unused');
  assert.deepEqual(
    f.map((x) => [x.uri, x.range]),
    [[COMPOSE_URI, valueRange(text, '-mod=mod')]],
  );
  assert.equal(
    f[0].message,
    'The build argument GOFLAGS (compose.yaml service api) is not consumed: no ARG GOFLAGS in `Dockerfile` declares it, so the build ignores it (Docker warns "One or more build-args [GOFLAGS] were not consumed").',
  );
  assert.match(
    only(analyzeBuilt(df, invocations, 'zh-cn'), 'build-arg-unused')[0].message,
    /^构建参数 GOFLAGS（compose\.yaml service api）没有被使用：`Dockerfile` 中没有声明 ARG GOFLAGS/,
  );
  // Quiet: declared in the stage built, or as a global ARG (Docker counts it as consumed).
  assert.deepEqual(only(analyzeBuilt(lines('FROM golang:1.22', 'ARG GOPROXY', 'ARG GOFLAGS', 'RUN go mod download'), invocations), 'build-arg-unused'), []);
  assert.deepEqual(only(analyzeBuilt(lines('ARG GOFLAGS', 'FROM golang:1.22', 'ARG GOPROXY', 'RUN go mod download'), invocations), 'build-arg-unused'), []);
});

test('build-arg-unused: a Makefile `--build-arg NAME=…` no ARG declares is reported at its value, naming the Dockerfile from the workspace folder', () => {
  const make = lines('image:', '\tdocker build --build-arg GIT_COMMIT=abc123 -f build/Dockerfile .');
  const invocations = invocationsIn('/ws/Makefile', make, '/ws');
  const req = (text: string) =>
    analyze({ file: { uri: 'file:///ws/build/Dockerfile', text }, kind: 'dockerfile', related: { invocations }, settings: DEFAULT_SETTINGS, locale: 'en' });
  const f = only(req(lines('FROM golang:1.22', 'RUN go build .')), 'build-arg-unused');
  assert.equal(f.length, 1);
  assert.equal(f[0].uri, 'file:///ws/Makefile');
  assert.deepEqual(f[0].range, at(1, 37, 1, 43));
  assert.match(f[0].message, /^The build argument GIT_COMMIT \(Makefile line 2\) is not consumed: no ARG GIT_COMMIT in `build\/Dockerfile` declares it/);
  assert.deepEqual(only(req(lines('FROM golang:1.22', 'ARG GIT_COMMIT', 'RUN go build .')), 'build-arg-unused'), []);
});

test('a finding in a stage belongs to the builds that run that stage', () => {
  // The ARG's own default reaches only a build that passes no GOPROXY.
  const df = lines(
    'FROM golang:1.22 AS app',
    'ARG GOPROXY=https://a.example;direct',
    'RUN go mod download',
    'FROM golang:1.22 AS tool',
    'ARG GOPROXY',
    'RUN go mod download',
  );
  // Every build that runs `app` (api) has it: no label, although worker's run does not find it.
  const byAll = only(
    analyzeBuilt(df, compose({ api: { target: 'app' }, worker: { target: 'tool', args: { GOPROXY: 'https://goproxy.cn,direct' } } }).invocations),
    'goproxy-invalid',
  );
  assert.equal(byAll.length, 1);
  assert.equal(byAll[0].uri, DOCKERFILE_URI);
  assert.doesNotMatch(byAll[0].message, /with the build args/);
  // Only the build of `tool` (api) gets the default, and it never runs `app`: the build that runs `app` passes a
  // valid value, so nothing is reported (it used to be labelled with api's build).
  const notBuilt = compose({ api: { target: 'tool' }, worker: { target: 'app', args: { GOPROXY: 'https://goproxy.cn,direct' } } }).invocations;
  assert.deepEqual(only(analyzeBuilt(df, notBuilt), 'goproxy-invalid'), []);
  // Two builds run `app`, one with the default: that one is named.
  const some = only(
    analyzeBuilt(df, compose({ api: { target: 'app' }, worker: { target: 'app', args: { GOPROXY: 'https://goproxy.cn,direct' } } }).invocations),
    'goproxy-invalid',
  );
  assert.equal(some.length, 1);
  assert.ok(some[0].message.endsWith(' (with the build args of compose.yaml service api)'), some[0].message);
  // A stage no build runs keeps its finding, named after no build.
  const unbuilt = lines(
    'FROM golang:1.22 AS app',
    'ARG GOPROXY',
    'RUN go mod download',
    'FROM golang:1.22 AS dev',
    'ARG GOPROXY=https://a.example;direct',
    'RUN go mod download',
  );
  const kept = only(
    analyzeBuilt(unbuilt, compose({ api: { target: 'app' }, worker: { target: 'app', args: { GOPROXY: 'https://goproxy.cn,direct' } } }).invocations),
    'goproxy-invalid',
  );
  assert.equal(kept.length, 1);
  assert.equal(kept[0].range.start.line, 4);
  assert.doesNotMatch(kept[0].message, /with the build args/);
});

test('build-arg-unused: a command-line argument only a stage the build does not run declares is not consumed', () => {
  const cli = { GOPROXY: { value: 'https://goproxy.cn', known: true, source: 'cli' as const, label: '' } };
  const run = (text: string) =>
    only(
      analyze({ file: { uri: DOCKERFILE_URI, text }, kind: 'dockerfile', related: {}, settings: DEFAULT_SETTINGS, locale: 'en', buildArgs: cli }),
      'build-arg-unused',
    );
  // The last stage, `test`, is what a build without --target runs; only `app` declares GOPROXY.
  const f = run(TWO_STAGES);
  assert.equal(f.length, 1);
  assert.equal(f[0].uri, DOCKERFILE_URI);
  assert.equal(f[0].range.start.line, 3);
  assert.match(f[0].message, /^The build argument GOPROXY \(command line\) is not consumed: only stages the build does not run declare ARG GOPROXY/);
  // Quiet: the last stage copies from `app`.
  assert.deepEqual(run(TWO_STAGES + lines('FROM alpine', 'COPY --from=app /go/bin /bin')), []);
});

test('goproxy-invalid on a Makefile build argument judges the value the recipe shell passes, quotes removed', () => {
  const req = (assign: string) =>
    analyze({
      file: { uri: DOCKERFILE_URI, text: lines('FROM golang:1.22', 'ARG GOPROXY', 'ENV GOPROXY=$GOPROXY', 'RUN go mod download') },
      kind: 'dockerfile',
      related: {
        goMod: { uri: GOMOD_URI, text: WITH_DEPS },
        invocations: invocationsIn('/ws/Makefile', lines(assign, 'image:', '\tdocker build --build-arg GOPROXY=$(GOPROXY) .'), '/ws'),
      },
      settings: DEFAULT_SETTINGS,
      locale: 'en',
    });
  // Firing: `;` is no separator once the shell has removed the quotes.
  const f = only(req('GOPROXY="https://goproxy.cn;direct"'), 'goproxy-invalid');
  assert.equal(f.length, 1);
  assert.equal(f[0].uri, 'file:///ws/Makefile');
  // Quiet: the quotes are the shell's, not part of the value docker gets.
  assert.deepEqual(only(req('GOPROXY="https://goproxy.cn,direct"'), 'goproxy-invalid'), []);
});
