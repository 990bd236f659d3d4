// Build arguments in the analysis: a value given on the command line or in the settings reaches the ARG of its name
// as `docker build --build-arg` does, the rules judge that value and say where it comes from, and no fix edits the
// Dockerfile for it; ARGs that a build argument can never reach (an ENV of the same name, a global ARG no stage
// declares again) and build arguments no ARG declares are reported.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeDockerfile, assertFixRoundTrip, at, only, DOCKERFILE_URI, type Files } from '../support/analysisHarness';
import { AnalysisContext } from '../../server/src/model/context';
import { hoverAt } from '../../server/src/services/hover';
import { parseDockerfile } from '../../server/src/syntax/dockerfile';
import { buildTimeline } from '../../server/src/goenv/timeline';
import { parseSettings } from '../../server/src/core/settings';
import { DEFAULT_SETTINGS, type Finding } from '../../server/src/core/types';
import type { BuildArgs } from '../../server/src/core/buildArgs';

const df = (...lines: string[]) => lines.join('\n') + '\n';
const cli = (args: Record<string, string>): BuildArgs =>
  Object.fromEntries(Object.entries(args).map(([k, v]) => [k, { value: v, known: true, source: 'cli' as const, label: '' }]));
const PRIVATE_MOD = 'module git.acme.internal/app\n\ngo 1.22\n\nrequire git.acme.internal/lib v1.0.0\n';
const WITH_DEPS = 'module example.com/app\n\ngo 1.22\n\nrequire github.com/pkg/errors v0.9.1\n';

function stepEnv(text: string, buildArgs?: BuildArgs, name = 'GOPROXY') {
  const t = buildTimeline(parseDockerfile(text, DOCKERFILE_URI), { buildArgs });
  return t.stages[t.stages.length - 1].goSteps[0].env.get(name);
}

test('timeline: a build argument gives its value to the ARG of its name, over the default, as docker build does', () => {
  const bare = df('FROM golang:1.22', 'ARG GOPROXY', 'RUN go mod download');
  assert.equal(stepEnv(bare, cli({ GOPROXY: 'https://goproxy.cn,direct' }))?.value, 'https://goproxy.cn,direct');
  assert.equal(stepEnv(bare, cli({ GOPROXY: 'https://goproxy.cn,direct' }))?.origin.buildArg?.source, 'cli');
  assert.equal(stepEnv(bare)?.value, '');
  assert.equal(stepEnv(bare)?.origin.buildArg, undefined);
  const withDefault = df('FROM golang:1.22', 'ARG GOPROXY=https://proxy.golang.org', 'RUN go mod download');
  assert.equal(stepEnv(withDefault, cli({ GOPROXY: 'https://goproxy.io' }))?.value, 'https://goproxy.io');
  assert.equal(stepEnv(withDefault, cli({ OTHER: 'x' }))?.value, 'https://proxy.golang.org');
  // A global ARG takes the build argument too: in FROM lines, and as what `ARG NAME` in a stage starts from.
  const global = df('ARG GO=1.21', 'ARG GOPROXY=https://a.example', 'FROM golang:${GO}', 'ARG GOPROXY', 'RUN go mod download');
  const t = buildTimeline(parseDockerfile(global, DOCKERFILE_URI), { buildArgs: cli({ GO: '1.23', GOPROXY: 'https://b.example' }) });
  assert.equal(t.stages[0].resolvedImage, 'golang:1.23');
  assert.equal(t.stages[0].goSteps[0].env.get('GOPROXY')?.value, 'https://b.example');
});

test('timeline: an ENV of the same name still wins over the build argument', () => {
  const text = df('FROM golang:1.22', 'ARG GOPROXY', 'ENV GOPROXY=https://goproxy.cn,direct', 'RUN go mod download');
  const b = stepEnv(text, cli({ GOPROXY: 'https://other.example' }));
  assert.equal(b?.value, 'https://goproxy.cn,direct');
  assert.equal(b?.origin.kind, 'env');
  // Unless the ENV passes the ARG on.
  const passed = df('FROM golang:1.22', 'ARG GOPROXY', 'ENV GOPROXY=${GOPROXY:-https://goproxy.cn,direct}', 'RUN go mod download');
  assert.equal(stepEnv(passed, cli({ GOPROXY: 'https://other.example' }))?.value, 'https://other.example');
  assert.equal(stepEnv(passed)?.value, 'https://goproxy.cn,direct');
});

test('timeline: a stage built FROM another stage keeps its ARGs and their values, as BuildKit builds it', () => {
  const child = df('FROM golang:1.22 AS base', 'ARG GOPROXY', 'FROM base AS build', 'RUN go mod download');
  assert.equal(stepEnv(child, cli({ GOPROXY: 'https://goproxy.cn,direct' }))?.value, 'https://goproxy.cn,direct');
  assert.equal(stepEnv(child, cli({ GOPROXY: 'https://goproxy.cn,direct' }))?.origin.kind, 'arg');
  // Quiet counterpart: a stage on another image starts without them.
  const other = df('FROM golang:1.22 AS base', 'ARG GOPROXY', 'FROM golang:1.22 AS build', 'RUN go mod download');
  assert.equal(stepEnv(other, cli({ GOPROXY: 'https://goproxy.cn,direct' })), undefined);
  // The image the parent exports holds no ARG: envAtEnd is the image's environment.
  const t = buildTimeline(parseDockerfile(child, DOCKERFILE_URI), { buildArgs: cli({ GOPROXY: 'https://goproxy.cn,direct' }) });
  assert.equal(t.stages[0].envAtEnd.get('GOPROXY'), undefined);
});

test('rules see a parent stage ARG in the stage built on it: GOPRIVATE a build passes there, GOPROXY=off as its default', () => {
  const inherited = df('FROM golang:1.22 AS base', 'ARG GOPRIVATE', 'FROM base AS build', 'WORKDIR /src', 'COPY go.mod ./', 'RUN go mod download');
  const passed = { dockerfile: inherited, goMod: PRIVATE_MOD, buildArgs: { GOPRIVATE: 'git.acme.internal' } };
  assert.deepEqual(only(analyzeDockerfile(passed), 'private-module-proxied'), []);
  assert.equal(only(analyzeDockerfile({ dockerfile: inherited, goMod: PRIVATE_MOD }), 'private-module-proxied').length, 1);
  const off = (from: string) => df('FROM golang:1.22 AS base', 'ARG GOPROXY=off', `FROM ${from} AS build`, 'RUN go mod download');
  const fired = only(analyzeDockerfile({ dockerfile: off('base'), goMod: WITH_DEPS }), 'goproxy-off');
  assert.deepEqual(
    fired.map((f) => f.range.start.line),
    [3],
  );
  assert.deepEqual(only(analyzeDockerfile({ dockerfile: off('golang:1.22'), goMod: WITH_DEPS }), 'goproxy-off'), []);
});

test('timeline: unchanged stages are reused only with the same build arguments', () => {
  const text = df('FROM golang:1.22 AS build', 'ARG GOPROXY', 'RUN go mod download');
  const model = parseDockerfile(text, DOCKERFILE_URI);
  const first = buildTimeline(model, { buildArgs: cli({ GOPROXY: 'https://a.example' }) });
  const same = buildTimeline(parseDockerfile(text, DOCKERFILE_URI, model), { buildArgs: cli({ GOPROXY: 'https://a.example' }) }, first);
  assert.equal(same.stages[0], first.stages[0]);
  const other = buildTimeline(parseDockerfile(text, DOCKERFILE_URI, model), { buildArgs: cli({ GOPROXY: 'https://b.example' }) }, first);
  assert.notEqual(other.stages[0], first.stages[0]);
  assert.equal(other.stages[0].goSteps[0].env.get('GOPROXY')?.value, 'https://b.example');
});

const ARG_PROXY = df('FROM golang:1.22', 'ARG GOPROXY', 'RUN go mod download');

test('goproxy-invalid: a `;` in a build argument is judged at the ARG, names its source, and offers no fix', () => {
  const f = only(analyzeDockerfile({ dockerfile: ARG_PROXY, buildArgs: { GOPROXY: 'https://goproxy.cn;direct' } }), 'goproxy-invalid');
  assert.equal(f.length, 1);
  assert.deepEqual(f[0].range, at(1, 4, 1, 11));
  assert.match(f[0].message, /`;` is not a GOPROXY separator/);
  assert.match(f[0].message, /This value is the build argument GOPROXY \(command line\): change it there, not in this Dockerfile\./);
  assert.deepEqual(f[0].fixes, []);
  // Quiet: the same Dockerfile with a valid build argument, or none.
  assert.deepEqual(only(analyzeDockerfile({ dockerfile: ARG_PROXY, buildArgs: { GOPROXY: 'https://goproxy.cn,direct' } }), 'goproxy-invalid'), []);
  assert.deepEqual(only(analyzeDockerfile({ dockerfile: ARG_PROXY }), 'goproxy-invalid'), []);
});

test('goproxy-invalid: the settings name themselves as the source, in English and Chinese; credentials stay hidden', () => {
  const settings = { buildArgs: { GOPROXY: 'https://ci:S3CRET-T0KEN@athens.example;direct' } };
  const en = only(analyzeDockerfile({ dockerfile: ARG_PROXY, settings }), 'goproxy-invalid');
  assert.equal(en.length, 1);
  assert.match(en[0].message, /build argument GOPROXY \(setting goProxyDoctor\.buildArgs\)/);
  const zh = only(analyzeDockerfile({ dockerfile: ARG_PROXY, settings, locale: 'zh-cn' }), 'goproxy-invalid');
  assert.match(zh[0].message, /该值来自构建参数 GOPROXY（设置 goProxyDoctor\.buildArgs）：请在那里修改/);
  for (const x of [...en, ...zh]) assert.doesNotMatch(x.message, /S3CRET-T0KEN/);
  // The command line's value replaces the setting's.
  assert.deepEqual(only(analyzeDockerfile({ dockerfile: ARG_PROXY, settings, buildArgs: { GOPROXY: 'https://goproxy.cn' } }), 'goproxy-invalid'), []);
});

test('a value of an unknown build argument (a CI secret) is not judged', () => {
  const unknown = { GOPROXY: { value: '', known: false, source: 'workflow' as const, label: '.github/workflows/ci.yml job build' } };
  const f = analyzeDockerfile({ dockerfile: ARG_PROXY, goMod: WITH_DEPS, buildArgs: unknown });
  assert.deepEqual(
    f.filter((x) => x.rule.startsWith('goproxy')),
    [],
  );
});

test('goproxy-off: GOPROXY=off from a build argument says so, and the default written in the ARG is not "fixed"', () => {
  const text = df('FROM golang:1.22', 'ARG GOPROXY=off', 'RUN go mod download');
  const given = only(analyzeDockerfile({ dockerfile: text, goMod: WITH_DEPS, buildArgs: { GOPROXY: 'off' } }), 'goproxy-off');
  assert.equal(given.length, 1);
  assert.match(given[0].message, /GOPROXY=off is the build argument GOPROXY \(command line\): change it there\./);
  assert.deepEqual(given[0].fixes, []);
  // Written in the Dockerfile: the fix rewrites it.
  const written = only(analyzeDockerfile({ dockerfile: text, goMod: WITH_DEPS }), 'goproxy-off');
  assert.equal(written.length, 1);
  assert.doesNotMatch(written[0].message, /build argument/);
  assert.equal(written[0].fixes.length, 1);
});

const PRIVATE_ARGS = df('FROM golang:1.22', 'ARG GOPROXY', 'ARG GOPRIVATE', 'WORKDIR /src', 'COPY go.mod go.sum ./', 'RUN go mod download');

test('private-module-proxied: GOPRIVATE from a build argument makes the module private; without one the message says only --build-arg sets it', () => {
  assert.deepEqual(
    only(analyzeDockerfile({ dockerfile: PRIVATE_ARGS, goMod: PRIVATE_MOD, buildArgs: { GOPRIVATE: 'git.acme.internal' } }), 'private-module-proxied'),
    [],
  );
  const f = only(analyzeDockerfile({ dockerfile: PRIVATE_ARGS, goMod: PRIVATE_MOD }), 'private-module-proxied');
  assert.equal(f.length, 1);
  assert.match(
    f[0].message,
    /GOPRIVATE is set only by `--build-arg` here \(`ARG GOPRIVATE` on line 3 has no default\), and no build argument is given for it\./,
  );
  assert.doesNotMatch(f[0].message, /not set/);
  const zh = only(analyzeDockerfile({ dockerfile: PRIVATE_ARGS, goMod: PRIVATE_MOD, locale: 'zh-cn' }), 'private-module-proxied');
  assert.match(zh[0].message, /只能由 `--build-arg` 设置/);
});

test('private-module-proxied: the fix gives an ARG without default a default (it used to glue the pattern to the name)', () => {
  const files: Files = { dockerfile: PRIVATE_ARGS, goMod: PRIVATE_MOD };
  const fixed = assertFixRoundTrip(files, 'private-module-proxied');
  assert.match(fixed.dockerfile!, /^ARG GOPRIVATE=git\.acme\.internal$/m);
});

test('private-module-proxied: a build argument that misses the module is named, and no fix edits the Dockerfile', () => {
  const f = only(analyzeDockerfile({ dockerfile: PRIVATE_ARGS, goMod: PRIVATE_MOD, buildArgs: { GOPRIVATE: 'github.com/acme' } }), 'private-module-proxied');
  assert.equal(f.length, 1);
  assert.match(f[0].message, /GOPRIVATE is `github\.com\/acme`, from the build argument GOPRIVATE \(command line\) in this stage\./);
  assert.deepEqual(f[0].fixes, []);
});

test('goproxy-unset stays quiet for `ARG GOPROXY` in the stage, with or without a build argument', () => {
  const settings = { defaultProxy: 'https://goproxy.cn,direct' };
  assert.deepEqual(only(analyzeDockerfile({ dockerfile: ARG_PROXY, settings }), 'goproxy-unset'), []);
  assert.deepEqual(only(analyzeDockerfile({ dockerfile: ARG_PROXY, settings, buildArgs: { GOPROXY: 'https://goproxy.cn' } }), 'goproxy-unset'), []);
  // Firing counterpart: a global ARG that the stage does not declare again, given on the command line.
  const global = df('ARG GOPROXY', 'FROM golang:1.22', 'RUN go mod download');
  const f = only(analyzeDockerfile({ dockerfile: global, buildArgs: { GOPROXY: 'https://goproxy.cn' } }), 'goproxy-unset');
  assert.equal(f.length, 1);
  assert.match(f[0].message, /the build argument GOPROXY \(command line\) sets the global ARG GOPROXY declared on line 1, which does not reach this stage/);
});

function hover(files: Files, line: number, character: number): string {
  const ctx = new AnalysisContext({
    file: { uri: DOCKERFILE_URI, text: files.dockerfile! },
    kind: 'dockerfile',
    related: {},
    settings: { ...DEFAULT_SETTINGS, ...files.settings },
    locale: files.locale ?? 'en',
    buildArgs: files.buildArgs && cli(files.buildArgs as Record<string, string>),
  });
  return hoverAt(ctx, { line, character })?.contents ?? '';
}

test('hover: an ARG without default says it is set only by --build-arg; with one, it names the build argument', () => {
  const bare = hover({ dockerfile: ARG_PROXY }, 1, 6);
  assert.match(bare, /set only by `--build-arg` \(`ARG` on line 2 has no default\); no build passes it here/);
  const given = hover({ dockerfile: ARG_PROXY, buildArgs: { GOPROXY: 'https://u:PW-T0KEN@goproxy.example' } }, 1, 6);
  assert.match(given, /`https:\/\/\*\*\*@goproxy\.example` — from the build argument GOPROXY \(command line\), declared by `ARG` on line 2/);
  assert.doesNotMatch(given, /PW-T0KEN/);
  // The go step's table says the same.
  assert.match(hover({ dockerfile: ARG_PROXY }, 2, 6), /\| GOPROXY \| set only by `--build-arg`/);
  // Quiet counterpart: an ARG with a default shows the default.
  assert.doesNotMatch(hover({ dockerfile: df('FROM golang:1.22', 'ARG GOPROXY=https://goproxy.cn', 'RUN go mod download') }, 1, 6), /--build-arg/);
});

// build-arg-overridden

test('build-arg-overridden: ARG GOPROXY then ENV GOPROXY=<value>: the ENV wins, the build argument has no effect', () => {
  const files: Files = {
    dockerfile: df('FROM golang:1.22', 'ARG GOPROXY', 'RUN apk add --no-cache git', 'ENV GOPROXY=https://goproxy.cn,direct', 'RUN go mod download'),
  };
  const f = only(analyzeDockerfile(files), 'build-arg-overridden');
  assert.equal(f.length, 1);
  assert.equal(f[0].severity, 'warning');
  assert.deepEqual(f[0].range, at(1, 4, 1, 11));
  assert.equal(
    f[0].message,
    'ARG GOPROXY has no effect: ENV GOPROXY on line 4 sets the variable later in this stage, and ENV always wins over an ARG of the same name, so `--build-arg GOPROXY=…` never reaches the go commands.',
  );
  const fixed = assertFixRoundTrip(files, 'build-arg-overridden');
  assert.match(fixed.dockerfile!, /^ENV GOPROXY=\$\{GOPROXY:-https:\/\/goproxy\.cn,direct\}$/m);
  const zh = only(analyzeDockerfile({ ...files, locale: 'zh-cn' }), 'build-arg-overridden');
  assert.match(zh[0].message, /^ARG GOPROXY 不起作用：本阶段第 4 行的 ENV GOPROXY 之后会设置这个变量/);
});

test('build-arg-overridden: a given build argument is named (redacted); an ENV before the ARG or inherited wins too', () => {
  const given = only(
    analyzeDockerfile({
      dockerfile: df('FROM golang:1.22', 'ARG GOPROXY', 'ENV GOPROXY=https://goproxy.cn', 'RUN go mod download'),
      buildArgs: { GOPROXY: 'https://ci:T0K3N-AUD@athens.example' },
    }),
    'build-arg-overridden',
  );
  assert.equal(given.length, 1);
  assert.match(given[0].message, /so the build argument GOPROXY \(command line\), `https:\/\/\*\*\*@athens\.example`, never reaches the go commands\./);
  assert.doesNotMatch(given[0].message, /T0K3N/);
  const before = only(
    analyzeDockerfile({ dockerfile: df('FROM golang:1.22', 'ENV GOPRIVATE=git.acme.internal', 'ARG GOPRIVATE', 'RUN go mod download') }),
    'build-arg-overridden',
  );
  assert.match(before[0].message, /ENV GOPRIVATE on line 2 already sets the variable/);
  const inherited = only(
    analyzeDockerfile({ dockerfile: df('FROM golang:1.22 AS base', 'ENV GOPROXY=https://goproxy.cn', 'FROM base', 'ARG GOPROXY', 'RUN go mod download') }),
    'build-arg-overridden',
  );
  assert.match(inherited[0].message, /inherits ENV GOPROXY from stage `base` \(line 2\)/);
  assert.deepEqual(inherited[0].fixes, []);
});

test('build-arg-overridden: quiet when the ENV passes the ARG on, when a step reads the ARG first, or without an ENV', () => {
  for (const env of ['ENV GOPROXY=${GOPROXY}', 'ENV GOPROXY=${GOPROXY:-https://goproxy.cn,direct}', 'ENV GOPROXY=$GOPROXY,direct']) {
    assert.deepEqual(
      only(analyzeDockerfile({ dockerfile: df('FROM golang:1.22', 'ARG GOPROXY', env, 'RUN go mod download') }), 'build-arg-overridden'),
      [],
      env,
    );
  }
  assert.deepEqual(
    only(
      analyzeDockerfile({ dockerfile: df('FROM golang:1.22', 'ARG GOPROXY', 'RUN go mod download', 'ENV GOPROXY=https://goproxy.cn', 'RUN go build') }),
      'build-arg-overridden',
    ),
    [],
  );
  assert.deepEqual(
    only(
      analyzeDockerfile({ dockerfile: df('FROM golang:1.22', 'ARG GOPROXY', 'RUN ./build.sh', 'ENV GOPROXY=https://goproxy.cn', 'RUN go build') }),
      'build-arg-overridden',
    ),
    [],
  );
  assert.deepEqual(only(analyzeDockerfile({ dockerfile: ARG_PROXY }), 'build-arg-overridden'), []);
  // An ENV in another stage does not override this stage's ARG.
  assert.deepEqual(
    only(
      analyzeDockerfile({
        dockerfile: df('FROM golang:1.22 AS a', 'ENV GOPROXY=https://goproxy.cn', 'FROM golang:1.22', 'ARG GOPROXY', 'RUN go mod download'),
      }),
      'build-arg-overridden',
    ),
    [],
  );
});

// arg-out-of-scope: a global ARG of a Go variable that nothing reads

test('arg-out-of-scope: a global ARG GOPRIVATE that no stage declares again and nothing references is reported where it is declared', () => {
  const files: Files = { dockerfile: df('ARG GOPRIVATE=git.acme.internal', 'FROM golang:1.22', 'RUN go mod download') };
  const f = only(analyzeDockerfile(files), 'arg-out-of-scope');
  assert.equal(f.length, 1);
  assert.deepEqual(f[0].range, at(0, 4, 0, 13));
  assert.equal(
    f[0].message,
    'ARG GOPRIVATE is declared before the first FROM and no stage declares it again: a global ARG is visible only in FROM lines, so neither its default nor `--build-arg GOPRIVATE=…` reaches `go mod download` (line 3).',
  );
  const fixed = assertFixRoundTrip(files, 'arg-out-of-scope');
  assert.match(fixed.dockerfile!, /FROM golang:1\.22\nARG GOPRIVATE\n/);
  const given = only(
    analyzeDockerfile({ dockerfile: df('ARG GOFLAGS', 'FROM golang:1.22', 'RUN go mod download'), buildArgs: { GOFLAGS: '-mod=mod' } }),
    'arg-out-of-scope',
  );
  assert.match(given[0].message, /so the build argument GOFLAGS \(command line\) never reaches `go mod download` \(line 3\)\./);
  const zh = only(analyzeDockerfile({ ...files, locale: 'zh-cn' }), 'arg-out-of-scope');
  assert.match(zh[0].message, /全局 ARG 只在 FROM 行中可见，因此它的默认值和 `--build-arg GOPRIVATE=…` 都到不了第 3 行的 `go mod download`。/);
});

test('arg-out-of-scope: quiet for a global ARG that a stage declares again, that FROM uses, or that is no Go variable; GOPROXY is left to goproxy-unset', () => {
  for (const text of [
    df('ARG GOPRIVATE=git.acme.internal', 'FROM golang:1.22', 'ARG GOPRIVATE', 'RUN go mod download'),
    df('ARG GOPATH=/go', 'FROM golang:${GOPATH}', 'RUN go mod download'),
    df('ARG VERSION=1', 'FROM golang:1.22', 'RUN go mod download'),
    df('ARG GOPRIVATE=git.acme.internal', 'FROM golang:1.22', 'RUN echo hi'),
  ]) {
    assert.deepEqual(only(analyzeDockerfile({ dockerfile: text }), 'arg-out-of-scope'), [], text);
  }
  const proxy = analyzeDockerfile({ dockerfile: df('ARG GOPROXY=https://goproxy.cn', 'FROM golang:1.22', 'RUN go mod download') });
  assert.deepEqual(only(proxy, 'arg-out-of-scope'), []);
  assert.equal(only(proxy, 'goproxy-unset').length, 1);
});

// build-arg-unused

test('build-arg-unused: a build argument no ARG declares is reported at the FROM of the stage built; declared or predefined ones are not', () => {
  const text = df('FROM golang:1.22 AS build', 'RUN go mod download', 'FROM alpine', 'COPY --from=build /app /app');
  const f = only(
    analyzeDockerfile({ dockerfile: text, buildArgs: { GOPROXY: 'https://goproxy.cn', HTTP_PROXY: 'http://proxy:3128', BUILDKIT_INLINE_CACHE: '1' } }),
    'build-arg-unused',
  );
  assert.equal(f.length, 1);
  assert.equal(f[0].severity, 'information');
  assert.deepEqual(f[0].range.start, { line: 2, character: 0 });
  assert.equal(
    f[0].message,
    'The build argument GOPROXY (command line) is not consumed: no ARG GOPROXY in this Dockerfile declares it, so the build ignores it (Docker warns "One or more build-args [GOPROXY] were not consumed").',
  );
  assert.doesNotMatch(f[0].message, /goproxy\.cn/);
  const zh = only(analyzeDockerfile({ dockerfile: text, buildArgs: { GOPROXY: 'x' }, locale: 'zh-cn' }), 'build-arg-unused');
  assert.match(zh[0].message, /^构建参数 GOPROXY（命令行）没有被使用/);
  // Quiet: declared in a stage, or only globally (docker counts that as consumed; arg-out-of-scope says the rest).
  assert.deepEqual(
    only(analyzeDockerfile({ dockerfile: df('FROM golang:1.22', 'ARG GOPROXY', 'RUN go mod download'), buildArgs: { GOPROXY: 'x' } }), 'build-arg-unused'),
    [],
  );
  assert.deepEqual(
    only(analyzeDockerfile({ dockerfile: df('ARG GOPROXY', 'FROM golang:1.22', 'RUN go mod download'), buildArgs: { GOPROXY: 'x' } }), 'build-arg-unused'),
    [],
  );
  assert.deepEqual(only(analyzeDockerfile({ dockerfile: text }), 'build-arg-unused'), []);
});

// env-set-after-use keeps its fix, and the fix never writes a build argument's value into the Dockerfile

test('env-set-after-use: an ARG a build argument sets, declared after the download, moves as written', () => {
  const files: Files = {
    dockerfile: df('FROM golang:1.22', 'RUN go mod download', 'ARG GOPROXY', 'RUN go build'),
    buildArgs: { GOPROXY: 'https://ci:T0K3N@athens.example' },
  };
  const f = only(analyzeDockerfile(files), 'env-set-after-use');
  assert.equal(f.length, 1);
  assert.doesNotMatch(f[0].message, /T0K3N/);
  assert.doesNotMatch(f[0].message, /change it there/);
  const fixed = assertFixRoundTrip(files, 'env-set-after-use');
  assert.match(fixed.dockerfile!, /^ARG GOPROXY\nRUN go mod download/m);
  assert.doesNotMatch(fixed.dockerfile!, /athens/);
  // Quiet without the build argument: an ARG with no value sets nothing.
  assert.deepEqual(only(analyzeDockerfile({ dockerfile: files.dockerfile }), 'env-set-after-use'), []);
});

test('settings: goProxyDoctor.buildArgs keeps names docker accepts and string, number or boolean values', () => {
  const s = parseSettings({ buildArgs: { GOPROXY: 'https://goproxy.cn', N: 1, B: true, 'A=B': 'x', '': 'y', O: { x: 1 }, L: ['a'] } });
  assert.deepEqual(s.buildArgs, { GOPROXY: 'https://goproxy.cn', N: '1', B: 'true' });
  assert.deepEqual(parseSettings({ buildArgs: 'nonsense' }).buildArgs, {});
  assert.deepEqual(parseSettings({}).buildArgs, {});
});

test('every finding on a build-argument value keeps credentials out of its message', () => {
  const all: Finding[] = analyzeDockerfile({
    dockerfile: df('FROM golang:1.22', 'ARG GOPROXY', 'ARG GOPRIVATE', 'RUN go mod download'),
    goMod: PRIVATE_MOD,
    buildArgs: { GOPROXY: 'http://ci:L3AK-T0KEN@athens.example;direct', GOPRIVATE: 'https://u:L3AK-T0KEN@x' },
  });
  assert.ok(all.length > 0);
  for (const x of all) assert.doesNotMatch(x.message + JSON.stringify(x.fixes), /L3AK-T0KEN/, x.rule);
});
