// A Dockerfile built several ways is analysed once per distinct set of build arguments (on one parse); a finding of
// only some builds names them, and a value that is wrong where a compose file writes it is reported there.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze } from '../../server/src/analysis';
import { AnalysisContext } from '../../server/src/core/context';
import { composeInvocations } from '../../server/src/invocations/compose';
import { buildRuns, declaredArgNames, MAX_BUILD_RUNS } from '../../server/src/core/buildRuns';
import type { BuildArgs, BuildInvocation } from '../../server/src/core/buildArgs';
import { DEFAULT_SETTINGS, type Finding, type Locale } from '../../server/src/core/types';
import { parseDockerfile } from '../../server/src/syntax/dockerfile';
import { ElsewhereFindings } from '../../server/src/features/elsewhere';
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
    ...Object.entries(services).flatMap(([name, proxy]) => [`  ${name}:`, '    build:', '      context: .', ...(proxy === undefined ? [] : ['      args:', `        GOPROXY: "${proxy}"`])]),
  );
  return { text, invocations: composeInvocations('/ws/compose.yaml', text, 'compose.yaml', new Map()) };
}

function analyzeBuilt(dockerfile: string, invocations: BuildInvocation[], locale: Locale = 'en', buildArgs?: BuildArgs): Finding[] {
  return analyze({ file: { uri: DOCKERFILE_URI, text: dockerfile }, kind: 'dockerfile', related: { goMod: { uri: GOMOD_URI, text: WITH_DEPS }, invocations }, settings: DEFAULT_SETTINGS, locale, buildArgs });
}

/** The range of the (first) quoted value in the compose text. */
function valueRange(text: string, value: string) {
  const i = text.split('\n').findIndex((l) => l.includes(`"${value}"`));
  const c = text.split('\n')[i].indexOf(value);
  return at(i, c, i, c + value.length);
}

test('two services with different GOPROXY: the `;` is reported in compose.yaml at the value, naming the service, with no fix', () => {
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
  assert.deepEqual(only(analyzeBuilt(ARG_PROXY, compose({ api: 'https://goproxy.io,direct', worker: 'https://goproxy.cn,direct' }).invocations), 'goproxy-invalid'), []);
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
  assert.deepEqual(runs[0].invocations.map((i) => i.label), ['compose.yaml service api', 'compose.yaml service worker']);
  const invalid = only(analyzeBuilt(ARG_PROXY, invocations), 'goproxy-invalid');
  const apiLine = valueRange(text, 'https://goproxy.cn;direct').start.line;
  assert.deepEqual(invalid.map((f) => [f.uri, f.range.start.line]), [[COMPOSE_URI, apiLine], [COMPOSE_URI, apiLine + 5]]);
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
  const req = { file: { uri: DOCKERFILE_URI, text: ARG_PROXY }, kind: 'dockerfile' as const, related: { goMod: { uri: GOMOD_URI, text: WITH_DEPS }, invocations }, settings: DEFAULT_SETTINGS, locale: 'en' as const };
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
