// A Dockerfile built several ways is analysed once per distinct set of build arguments (on one parse); a finding of
// only some builds names them, and a value that is wrong where a compose file writes it is reported there.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze } from '../../server/src/analysis';
import { AnalysisContext } from '../../server/src/model/context';
import { composeInvocations } from '../../server/src/invocations/compose';
import { buildRuns, declaredArgNames, MAX_BUILD_RUNS } from '../../server/src/model/buildRuns';
import type { BuildArgs, BuildInvocation } from '../../server/src/core/buildArgs';
import { DEFAULT_SETTINGS, type Finding, type Locale } from '../../server/src/core/types';
import { parseDockerfile } from '../../server/src/syntax/dockerfile';
import { ElsewhereFindings } from '../../server/src/lsp/elsewhere';
import { withBuildArgsOf } from '../../server/src/core/buildArgText';
import { at, only, DOCKERFILE_URI, GOMOD_URI } from '../support/analysisHarness';

const COMPOSE_URI = 'file:///ws/compose.yaml';
const lines = (...l: string[]) => l.join('\n') + '\n';
const ARG_PROXY = lines('FROM golang:1.22', 'ARG GOPROXY', 'RUN go mod download');
const WITH_DEPS = lines('module example.com/app', '', 'go 1.22', '', 'require github.com/pkg/errors v0.9.1');

/** A compose file whose services build ./Dockerfile with these GOPROXY values (undefined: no args at all). */
function compose(services: Record<string, string | undefined>): { text: string; invocations: BuildInvocation[] } {
  const text = lines(
    'services:',
    ...Object.entries(services).flatMap(([name, proxy]) => [
      `  ${name}:`,
      '    build:',
      '      context: .',
      ...(proxy === undefined ? [] : ['      args:', `        GOPROXY: "${proxy}"`]),
    ]),
  );
  return { text, invocations: composeInvocations('/ws/compose.yaml', text, 'compose.yaml', new Map()) };
}

function analyzeBuilt(dockerfile: string, invocations: BuildInvocation[], locale: Locale = 'en', buildArgs?: BuildArgs): Finding[] {
  return analyze({
    file: { uri: DOCKERFILE_URI, text: dockerfile },
    kind: 'dockerfile',
    related: { goMod: { uri: GOMOD_URI, text: WITH_DEPS }, invocations },
    settings: DEFAULT_SETTINGS,
    locale,
    buildArgs,
  });
}

/** The range of the (first) quoted value in the compose text. */
function valueRange(text: string, value: string) {
  const i = text.split('\n').findIndex((l) => l.includes(`"${value}"`));
  const c = text.split('\n')[i].indexOf(value);
  return at(i, c, i, c + value.length);
}

test('two services with different GOPROXY: the `;` is reported in compose.yaml at the value, naming the service (no fix without the text at the place: build-arg-fixes.test.ts)', () => {
  const { text, invocations } = compose({ api: 'https://goproxy.cn;direct', worker: 'https://goproxy.cn,direct' });
  const invalid = only(analyzeBuilt(ARG_PROXY, invocations), 'goproxy-invalid');
  assert.equal(invalid.length, 1);
  assert.equal(invalid[0].uri, COMPOSE_URI);
  assert.deepEqual(invalid[0].range, valueRange(text, 'https://goproxy.cn;direct'));
  assert.match(invalid[0].message, /`;` is not a GOPROXY separator/);
  assert.ok(invalid[0].message.endsWith(' (with the build args of compose.yaml service api)'), invalid[0].message);
  assert.doesNotMatch(invalid[0].message, /change it there/);
  assert.deepEqual(invalid[0].fixes, []);
  const zh = only(analyzeBuilt(ARG_PROXY, invocations, 'zh-cn'), 'goproxy-invalid');
  assert.ok(zh[0].message.endsWith('（使用 compose.yaml service api 的构建参数时）'), zh[0].message);
  // Quiet: both services pass a valid list.
  assert.deepEqual(
    only(analyzeBuilt(ARG_PROXY, compose({ api: 'https://goproxy.io,direct', worker: 'https://goproxy.cn,direct' }).invocations), 'goproxy-invalid'),
    [],
  );
});

test('a finding of every run is reported once without a label; one of some runs names their builds', () => {
  // Both services build a Dockerfile whose ENV wins over the build argument: the `;` there is in every run.
  const envWins = lines('FROM golang:1.22', 'ARG GOPROXY', 'ENV GOPROXY=https://a.example;direct', 'RUN go mod download');
  const { invocations } = compose({ api: 'https://goproxy.io,direct', worker: 'https://goproxy.cn,direct' });
  const common = only(analyzeBuilt(envWins, invocations), 'goproxy-invalid');
  assert.equal(common.length, 1);
  assert.equal(common[0].uri, DOCKERFILE_URI);
  assert.doesNotMatch(common[0].message, /with the build args/);
  assert.ok(common[0].fixes.length > 0, 'a Dockerfile value keeps its fix');
  // The ARG's own default is used only by the build that passes no GOPROXY: the finding names that service alone.
  const badDefault = lines('FROM golang:1.22', 'ARG GOPROXY=https://a.example;direct', 'RUN go mod download');
  const byDefault = only(analyzeBuilt(badDefault, compose({ api: 'https://goproxy.cn,direct', worker: undefined }).invocations), 'goproxy-invalid');
  assert.equal(byDefault.length, 1);
  assert.equal(byDefault[0].uri, DOCKERFILE_URI);
  assert.ok(byDefault[0].message.endsWith(' (with the build args of compose.yaml service worker)'), byDefault[0].message);
  // Quiet: with no invocations the Dockerfile is analysed once, as before, and nothing is labelled.
  const alone = analyzeBuilt(badDefault, []);
  assert.equal(only(alone, 'goproxy-invalid').length, 1);
  assert.ok(alone.every((f) => !/with the build args/.test(f.message)));
});

test('equal sets share one run: the value is reported at each place that writes it, unlabelled', () => {
  const { text, invocations } = compose({ api: 'https://goproxy.cn;direct', worker: 'https://goproxy.cn;direct' });
  const declared = declaredArgNames(parseDockerfile(ARG_PROXY, DOCKERFILE_URI));
  const runs = buildRuns(invocations, declared, {});
  assert.equal(runs.length, 1);
  assert.deepEqual(
    runs[0].invocations.map((i) => i.label),
    ['compose.yaml service api', 'compose.yaml service worker'],
  );
  const invalid = only(analyzeBuilt(ARG_PROXY, invocations), 'goproxy-invalid');
  const apiLine = valueRange(text, 'https://goproxy.cn;direct').start.line;
  assert.deepEqual(
    invalid.map((f) => [f.uri, f.range.start.line]),
    [
      [COMPOSE_URI, apiLine],
      [COMPOSE_URI, apiLine + 5],
    ],
  );
  assert.ok(invalid.every((f) => !/with the build args/.test(f.message)));
  // Arguments the Dockerfile does not declare do not make a set different; a declared one does.
  const other = compose({ api: 'https://goproxy.cn,direct', worker: 'https://goproxy.io' }).invocations;
  assert.equal(buildRuns(other, new Set(['GOPRIVATE']), {}).length, 1);
  assert.equal(buildRuns(other, declared, {}).length, 2);
});

test('the command line applies on top of each set, and the runs are capped', () => {
  const { invocations } = compose({ api: 'https://goproxy.cn;direct', worker: 'https://goproxy.cn,direct' });
  const cli: BuildArgs = { GOPROXY: { value: 'https://goproxy.io|direct', known: true, source: 'cli', label: '' } };
  const runs = buildRuns(invocations, new Set(['GOPROXY']), cli);
  assert.equal(runs.length, 1);
  assert.equal(runs[0].args.GOPROXY.source, 'cli');
  assert.deepEqual(only(analyzeBuilt(ARG_PROXY, invocations, 'en', cli), 'goproxy-invalid'), []);
  const many = compose(Object.fromEntries(Array.from({ length: MAX_BUILD_RUNS + 3 }, (_, i) => [`s${i}`, `https://p${i}.example`])));
  assert.equal(buildRuns(many.invocations, new Set(['GOPROXY']), {}).length, MAX_BUILD_RUNS);
});

test('the runs reuse the parse: a variant context shares the model and the module files, and has its own timeline', () => {
  const { invocations } = compose({ api: 'https://goproxy.cn;direct' });
  const req = {
    file: { uri: DOCKERFILE_URI, text: ARG_PROXY },
    kind: 'dockerfile' as const,
    related: { goMod: { uri: GOMOD_URI, text: WITH_DEPS }, invocations },
    settings: DEFAULT_SETTINGS,
    locale: 'en' as const,
  };
  const ctx = new AnalysisContext(req);
  const runs = buildRuns(invocations, declaredArgNames(ctx.dockerfile!.model), ctx.buildArgs);
  const v = ctx.withBuildArgs(runs[0].args);
  assert.equal(v.dockerfile!.model, ctx.dockerfile!.model);
  assert.equal(v.goMod, ctx.goMod);
  assert.notEqual(v.dockerfile!.timeline, ctx.dockerfile!.timeline);
  assert.equal(v.dockerfile!.timeline.stages[0].goSteps[0].env.get('GOPROXY')?.value, 'https://goproxy.cn;direct');
  assert.equal(ctx.withBuildArgs(runs[0].args), v);
  // The same arguments as the context's own: the context itself.
  assert.equal(ctx.withBuildArgs(ctx.buildArgs), ctx);
  // The next edit's variant takes over the stages the edit did not touch.
  const next = new AnalysisContext({ ...req, file: { ...req.file, text: ARG_PROXY + 'FROM scratch\n' } }, ctx);
  const v2 = next.withBuildArgs(runs[0].args);
  assert.equal(v2.dockerfile!.timeline.stages[0], v.dockerfile!.timeline.stages[0]);
});

test('language server: what Dockerfiles report in compose.yaml is published there once, and cleared when they stop', () => {
  const { invocations } = compose({ api: 'https://goproxy.cn;direct' });
  const reported = analyzeBuilt(ARG_PROXY, invocations);
  const inCompose = reported.filter((f) => f.uri === COMPOSE_URI);
  assert.equal(inCompose.length, 1);
  const e = new ElsewhereFindings();
  assert.deepEqual([...e.update(DOCKERFILE_URI, reported)], [[COMPOSE_URI, inCompose]]);
  // A second Dockerfile reporting the same value: still one diagnostic.
  assert.deepEqual(e.update('file:///ws/other/Dockerfile', inCompose).get(COMPOSE_URI), inCompose);
  // The first stops reporting it: the second still does; then it is closed: the file is cleared.
  assert.deepEqual(e.update(DOCKERFILE_URI, []).get(COMPOSE_URI), inCompose);
  assert.deepEqual([...e.forget('file:///ws/other/Dockerfile')], [[COMPOSE_URI, []]]);
  // Quiet: findings in the Dockerfile itself (or another analysed document) are never published by it.
  assert.deepEqual([...e.update(DOCKERFILE_URI, analyzeBuilt(ARG_PROXY, []))], []);
});

test('language server: a report made against another text of compose.yaml is held back until analysed again', () => {
  const before = compose({ api: 'https://goproxy.cn;direct' });
  const inCompose = analyzeBuilt(ARG_PROXY, before.invocations).filter((f) => f.uri === COMPOSE_URI);
  let now = before.text;
  const e = new ElsewhereFindings((uri) => (uri === COMPOSE_URI ? now : undefined));
  assert.deepEqual(e.update(DOCKERFILE_URI, inCompose).get(COMPOSE_URI), inCompose);
  // Quiet: the same text (saved, or closed as saved): still shown.
  now = before.text.slice();
  assert.deepEqual(e.findingsIn(COMPOSE_URI), inCompose);
  // Edited (here: a line less, so the range would point past the end): held back, yet still known to be reported there.
  now = lines('services:', '  api:', '    build: .');
  assert.deepEqual(e.findingsIn(COMPOSE_URI), []);
  assert.equal(e.reportsIn(COMPOSE_URI), true);
  // The Dockerfile analysed again with the new text: its report counts.
  const after = analyzeBuilt(ARG_PROXY, composeInvocations('/ws/compose.yaml', now, 'compose.yaml', new Map()));
  assert.deepEqual([...e.update(DOCKERFILE_URI, after)], [[COMPOSE_URI, []]]);
  assert.equal(e.reportsIn(COMPOSE_URI), false);
});

test('the label lists at most two builds, then how many more (en and zh-cn)', () => {
  assert.equal(withBuildArgsOf('en', ['a']), ' (with the build args of a)');
  assert.equal(withBuildArgsOf('en', ['a', 'b']), ' (with the build args of a and b)');
  assert.equal(withBuildArgsOf('en', ['a', 'b', 'c', 'd']), ' (with the build args of a, b and 2 more)');
  assert.equal(withBuildArgsOf('zh-cn', ['a', 'b', 'c']), '（使用 a、b 及另外 1 处 的构建参数时）');
});

test('gomod-private-module: the go.mod side judges each build with its arguments; a module only some builds send names them', () => {
  const dockerfile = lines('FROM golang:1.22', 'ARG GOPROXY', 'ARG GOPRIVATE', 'WORKDIR /src', 'COPY go.mod go.sum ./', 'RUN go mod download');
  const goMod = lines('module git.acme.internal/team/app', '', 'go 1.22', '', 'require git.acme.internal/team/lib v1.2.0');
  const composeText = (workerPrivate: boolean) =>
    lines(
      'services:',
      ...['api', 'worker'].flatMap((name) => [
        `  ${name}:`,
        '    build:',
        '      context: .',
        '      args:',
        '        GOPROXY: "https://goproxy.cn,direct"',
        ...(name === 'api' || workerPrivate ? ['        GOPRIVATE: git.acme.internal'] : []),
      ]),
    );
  const findings = (workerPrivate: boolean | undefined, locale: Locale = 'en') =>
    only(
      analyze({
        file: { uri: GOMOD_URI, text: goMod },
        kind: 'gomod',
        related: {
          dockerfiles: [{ uri: DOCKERFILE_URI, text: dockerfile }],
          ...(workerPrivate === undefined
            ? {}
            : { dockerfileInvocations: { [DOCKERFILE_URI]: composeInvocations('/ws/compose.yaml', composeText(workerPrivate), 'compose.yaml', new Map()) } }),
        },
        settings: DEFAULT_SETTINGS,
        locale,
      }),
      'gomod-private-module',
    );
  const found = findings(false);
  assert.equal(found.length, 1);
  assert.deepEqual(found[0].range, at(4, 8, 4, 34));
  assert.match(found[0].message, /asks the public proxy `https:\/\/goproxy\.cn` for `git\.acme\.internal\/team\/lib`/);
  assert.ok(found[0].message.endsWith(' (with the build args of compose.yaml service worker)'), found[0].message);
  assert.ok(findings(false, 'zh-cn')[0].message.endsWith('（使用 compose.yaml service worker 的构建参数时）'));
  // Without a compose file, `ARG GOPRIVATE` alone leaves it unset: reported, with no build named.
  assert.equal(findings(undefined).length, 1);
  assert.doesNotMatch(findings(undefined)[0].message, /with the build args/);
  // Quiet: every service passes GOPRIVATE.
  assert.deepEqual(findings(true), []);
});

test('a value passed on from the ARG (`ENV GOPROXY=${GOPROXY}`, `go env -w GOPROXY=$GOPROXY`, a prefix) is reported where the build argument is written, once', () => {
  for (const passOn of [
    'ENV GOPROXY=${GOPROXY}',
    'ENV GOPROXY="$GOPROXY"',
    'RUN go env -w GOPROXY=${GOPROXY}',
    'RUN export GOPROXY=$GOPROXY && go mod download',
    'RUN GOPROXY=$GOPROXY go mod download',
  ]) {
    const dockerfile = lines('FROM golang:1.22', 'ARG GOPROXY', passOn, 'RUN go mod download');
    const { text, invocations } = compose({ api: 'direct,https://goproxy.cn' });
    const unreachable = only(analyzeBuilt(dockerfile, invocations), 'goproxy-unreachable-entry');
    assert.equal(unreachable.length, 1, `${passOn}: ${JSON.stringify(unreachable)}`);
    assert.equal(unreachable[0].uri, COMPOSE_URI, passOn);
    assert.deepEqual(unreachable[0].range, valueRange(text, 'direct,https://goproxy.cn'), passOn);
    // From the command line: once, at the ARG that takes it, with the note and no fix.
    const cliArgs: BuildArgs = { GOPROXY: { value: 'direct,https://goproxy.cn', known: true, source: 'cli', label: '' } };
    const fromCli = only(analyzeBuilt(dockerfile, [], 'en', cliArgs), 'goproxy-unreachable-entry');
    assert.equal(fromCli.length, 1, passOn);
    assert.deepEqual(fromCli[0].range, at(1, 4, 1, 11), passOn);
    assert.match(fromCli[0].message, /build argument GOPROXY \(command line\): change it there/);
    assert.deepEqual(fromCli[0].fixes, []);
  }
  // Quiet counterpart: the ARG's own default is written in the Dockerfile, so the value is judged (and fixed) where it is used.
  const own = only(
    analyzeBuilt(lines('FROM golang:1.22', 'ARG GOPROXY=direct,https://goproxy.cn', 'ENV GOPROXY=${GOPROXY}', 'RUN go mod download'), []),
    'goproxy-unreachable-entry',
  );
  assert.ok(own.length >= 1);
  assert.ok(own.every((f) => f.uri === DOCKERFILE_URI && !/change it there/.test(f.message)));
});

test('goproxy-off: GOPROXY=off that a compose file passes is reported in compose.yaml at the value, naming the step; one from the command line stays at the step', () => {
  const { text, invocations } = compose({ api: 'off' });
  const off = only(analyzeBuilt(ARG_PROXY, invocations), 'goproxy-off');
  assert.equal(off.length, 1);
  assert.equal(off[0].uri, COMPOSE_URI);
  assert.deepEqual(off[0].range, valueRange(text, 'off'));
  assert.match(off[0].message, /GOPROXY=off forbids every download.*\(The step is on line 3 of Dockerfile\.\)$/);
  assert.deepEqual(off[0].fixes, []);
  assert.match(only(analyzeBuilt(ARG_PROXY, invocations, 'zh-cn'), 'goproxy-off')[0].message, /该步骤位于 Dockerfile 第 3 行/);
  // The Dockerfile is named as the workspace shows it: the message is read in compose.yaml.
  const shown = invocations.map((inv) => ({ ...inv, dockerfileShown: 'build/Dockerfile' }));
  assert.match(only(analyzeBuilt(ARG_PROXY, shown), 'goproxy-off')[0].message, /\(The step is on line 3 of build\/Dockerfile\.\)$/);
  const cliArgs: BuildArgs = { GOPROXY: { value: 'off', known: true, source: 'cli', label: '' } };
  const fromCli = only(analyzeBuilt(ARG_PROXY, [], 'en', cliArgs), 'goproxy-off');
  assert.equal(fromCli[0].uri, DOCKERFILE_URI);
  assert.deepEqual(fromCli[0].range, at(2, 4, 2, 19));
  // Quiet: the service passes a mirror.
  assert.deepEqual(only(analyzeBuilt(ARG_PROXY, compose({ api: 'https://goproxy.cn,direct' }).invocations), 'goproxy-off'), []);
});
