// Stage reports kept across analyses (rules/support/stageReports.ts) for env-set-after-use, env-legacy-form,
// network-none and cross-compile-emulated: after a keystroke in one stage, what else a stage's judgement reads (the
// locale, go.mod's go line, the builds and their platforms, the stages built on it, the image's stages, the last
// stage) must judge the stage again when it changes, as a fresh analysis does.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AnalysisRequest } from '../../server/src/core/request';
import type { BuildInvocation } from '../../server/src/core/buildArgs';
import { DEFAULT_SETTINGS, type Finding, type Locale, type RuleId } from '../../server/src/core/types';
import { DOCKERFILE_URI, GOMOD_URI } from '../support/analysisHarness';
import { plain, reanalysed as reanalysedRequests } from '../support/stageReports';

const GO_MOD = 'module example.com/app\n\ngo 1.23.4\n';

interface Inputs {
  text: string;
  locale?: Locale;
  goMod?: string;
  invocations?: BuildInvocation[];
}

const df = (...lines: string[]) => lines.join('\n') + '\n';

function request(x: Inputs): AnalysisRequest {
  return {
    file: { uri: DOCKERFILE_URI, text: x.text },
    kind: 'dockerfile',
    related: { goMod: { uri: GOMOD_URI, text: x.goMod ?? GO_MOD }, invocations: x.invocations },
    settings: DEFAULT_SETTINGS,
    locale: x.locale ?? 'en',
  };
}

function built(platforms: string[], label = '.github/workflows/ci.yml job image'): BuildInvocation {
  return { kind: 'workflow', label, dockerfile: DOCKERFILE_URI, context: 'file:///ws', args: {}, platforms };
}

const only = (findings: Finding[], rule: RuleId) => findings.filter((f) => f.rule === rule);

/** Analyses `next` with the analysis of `before` as the previous one (see reanalysed in test/support). */
const reanalysed = (before: Inputs, next: Inputs) => reanalysedRequests(request(before), request(next));

/** A keystroke that changes `from` to `to` (once, in one stage), with whatever else changes in `next`. */
function check(what: string, rule: RuleId, before: Inputs, from: string, to: string, next: Omit<Inputs, 'text'> = {}): void {
  const text = before.text.replace(from, to);
  assert.notEqual(text, before.text, `${what}: the keystroke applies`);
  const { previous, findings, fresh } = reanalysed(before, { ...before, ...next, text });
  assert.deepEqual(plain(findings), plain(fresh), what);
  assert.notDeepEqual(plain(only(findings, rule)), plain(only(previous, rule)), `${what} changes ${rule}'s findings`);
}

const AFTER_USE = (image: string, variable: string) =>
  df(`FROM ${image} AS base`, 'WORKDIR /src', 'COPY go.mod go.sum ./', 'RUN go mod download', `ENV ${variable}`, `FROM ${image} AS other`, 'WORKDIR /other');

test('env-set-after-use: the locale and go.mod judge every stage again', () => {
  const text = AFTER_USE('golang:1.22', 'GOPROXY=https://goproxy.cn,direct');
  check('the locale', 'env-set-after-use', { text }, 'WORKDIR /other', 'WORKDIR /otherx', { locale: 'zh-cn' });
  // An image we cannot date: whether GO111MODULE=on after the download matters rests on go.mod's go line.
  const undated = AFTER_USE('corp/builder:7', 'GO111MODULE=on');
  check("go.mod's go line", 'env-set-after-use', { text: undated }, 'WORKDIR /other', 'WORKDIR /otherx', { goMod: GO_MOD.replace('go 1.23.4', 'go 1.15') });
});

test('env-set-after-use: a stage built on one that set GOPATH after its download starts to download', () => {
  const text = df(
    'FROM golang:1.22 AS base',
    'WORKDIR /src',
    'COPY go.mod go.sum ./',
    'RUN go mod download',
    'ENV GOPATH=/opt/go',
    'FROM base AS child',
    'WORKDIR /child',
  );
  check('a download in the stage built on it', 'env-set-after-use', { text }, 'WORKDIR /child', 'RUN go mod download');
});

test('env-legacy-form and network-none: the locale judges every stage again', () => {
  const legacy = df('FROM golang:1.22 AS a', 'ENV GOPROXY https://goproxy.cn GOSUMDB off', 'FROM golang:1.22 AS b', 'WORKDIR /b');
  check('the locale', 'env-legacy-form', { text: legacy }, 'WORKDIR /b', 'WORKDIR /bx', { locale: 'zh-cn' });
  const offline = df(
    'FROM golang:1.22 AS a',
    'WORKDIR /src',
    'COPY go.mod go.sum ./',
    'RUN --network=none go mod download',
    'FROM golang:1.22 AS b',
    'WORKDIR /b',
  );
  check('the locale', 'network-none', { text: offline }, 'WORKDIR /b', 'WORKDIR /bx', { locale: 'zh-cn' });
});

const BUILDER = (from = 'FROM golang:1.22 AS build', last = 'FROM alpine') =>
  df(from, 'WORKDIR /src', 'COPY . .', 'RUN CGO_ENABLED=0 go build -o /app .', last, 'COPY --from=build /app /app');

test('cross-compile-emulated: what a stage reads of the builds and of the other stages judges it again', () => {
  const invocations = [built(['linux/amd64', 'linux/arm64'])];
  const text = BUILDER();
  const keystroke = ['/app /app', '/app /appx'] as const;
  check('the locale', 'cross-compile-emulated', { text, invocations }, ...keystroke, { locale: 'zh-cn' });
  check("a build's label", 'cross-compile-emulated', { text, invocations }, ...keystroke, {
    invocations: [built(['linux/amd64', 'linux/arm64'], '.github/workflows/release.yml job image')],
  });
  check("a build's platforms", 'cross-compile-emulated', { text, invocations }, ...keystroke, { invocations: [built(['linux/amd64', 'linux/riscv64'])] });
  // The last stage built on the builder: the builder is then one of the image's stages.
  check("the image's stages", 'cross-compile-emulated', { text, invocations }, 'FROM alpine', 'FROM build');
  // The last stage no longer copies from the builder: the build does not run it.
  check('the stages a build runs', 'cross-compile-emulated', { text, invocations }, 'COPY --from=build /app /app', 'COPY app /app');
  // `FROM golang${V}` may name a stage whose name starts with `golang`: judged only once no stage is so named.
  const variable = 'ARG V=:1.22\n' + BUILDER('FROM golang${V} AS build', 'FROM alpine AS golangx');
  check("another stage's name", 'cross-compile-emulated', { text: variable, invocations }, 'AS golangx', 'AS final');
  // Pinned, without builds: the last stage's platform is the evidence.
  const pinned = BUILDER('FROM --platform=linux/amd64 golang:1.22 AS build', 'FROM --platform=linux/arm64 alpine');
  check("the last stage's platform", 'cross-compile-emulated', { text: pinned, invocations: [] }, 'linux/arm64 alpine', 'linux/amd64 alpine');
  check(
    "the last stage's line",
    'cross-compile-emulated',
    { text: pinned.replace('FROM --platform=linux/arm64', 'FROM alpine AS mid\nFROM --platform=linux/arm64'), invocations: [] },
    'FROM alpine AS mid\n',
    'FROM alpine AS mid\nWORKDIR /mid\n',
  );
});
