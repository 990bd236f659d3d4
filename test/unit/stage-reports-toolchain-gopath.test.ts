// Stage reports kept across analyses for toolchain-download, toolchain-unverifiable and gomod-in-gopath: a keystroke
// in one stage gives the other stages' findings again, and a change of what a stage's judgement reads besides the
// stage (go.mod's lines, the build files, the stages built on it or copying from it, the users another stage creates,
// the module's folder, the rest of the file a fix reads) judges again the stages it changes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze, analyzeContext } from '../../server/src/analysis';
import type { AnalysisRequest, BuildScript } from '../../server/src/core/request';
import { DEFAULT_SETTINGS, type Finding, type Locale, type RuleId } from '../../server/src/core/types';
import { DOCKERFILE_URI, GOMOD_URI } from '../support/analysisHarness';
import { goHeavyDockerfile } from '../bench/documents';
import { lastAnalysisHoldingNoFirst, plain, reanalysed as reanalysedRequests } from '../support/stageReports';

interface Inputs {
  text: string;
  goMod?: string;
  goModUri?: string;
  locale?: Locale;
  buildScripts?: BuildScript[];
}

const df = (...lines: string[]) => lines.join('\n') + '\n';
const goMod = (...lines: string[]) => df('module example.com/app', '', ...lines);
const GO_123 = goMod('go 1.23.4');

function request(x: Inputs): AnalysisRequest {
  return {
    file: { uri: DOCKERFILE_URI, text: x.text },
    kind: 'dockerfile',
    related: { goMod: { uri: x.goModUri ?? GOMOD_URI, text: x.goMod ?? GO_123 }, buildScripts: x.buildScripts },
    settings: DEFAULT_SETTINGS,
    locale: x.locale ?? 'en',
  };
}

const only = (findings: Finding[], rule: RuleId) => findings.filter((f) => f.rule === rule);

/** Analyses `next` with the analysis of `before` as the previous one (see reanalysed in test/support). */
const reanalysed = (before: Inputs, next: Inputs) => reanalysedRequests(request(before), request(next));

/** Holds the analysis after the change to a fresh one, and the rule's findings to a change. */
function changes(what: string, rule: RuleId, before: Inputs, next: Inputs): void {
  const { previous, findings, fresh } = reanalysed(before, next);
  assert.deepEqual(plain(findings), plain(fresh), what);
  assert.notDeepEqual(plain(only(findings, rule)), plain(only(previous, rule)), `${what} changes ${rule}'s findings`);
}

/** The text with `from` replaced in the stage `AS s<stage>` only (a keystroke there). */
function typedIn(text: string, stage: number, from: string, to: string): string {
  const start = text.indexOf(` AS s${stage}\n`);
  const at = text.indexOf(from, start);
  assert.ok(start >= 0 && at >= 0, `${from} in stage ${stage}`);
  return text.slice(0, at) + to + text.slice(at + from.length);
}

test('a keystroke in one stage of the 200-stage benchmark gives the other stages toolchain-download findings again', () => {
  const text = goHeavyDockerfile(200);
  const typed = text.replace('./cmd/svc7 ', './cmd/svc7x ');
  const { previous, findings, fresh } = reanalysed({ text, goMod: goMod('go 1.23') }, { text: typed, goMod: goMod('go 1.23') });
  assert.deepEqual(plain(findings), plain(fresh));
  const kept = only(findings, 'toolchain-download');
  assert.equal(kept.length, 50);
  assert.ok(
    kept.every((f) => previous.includes(f)),
    'the stage typed in runs golang:1.25: every finding is given again',
  );
});

test('toolchain-download: go.mod lines, the build files and a stage copying the output judge the stages again', () => {
  const stages = (image: string, run = 'go build ./...') =>
    df(...[0, 1, 2].flatMap((i) => [`FROM ${image} AS s${i}`, `WORKDIR /src${i}`, 'ENV GOTOOLCHAIN=auto', 'COPY . .', `RUN ${run}`]));
  const text = stages('golang:1.22');
  const typed = typedIn(text, 2, 'WORKDIR /src2', 'WORKDIR /src2x');
  changes('the locale', 'toolchain-download', { text }, { text: typed, locale: 'zh-cn' });
  changes("go.mod's go line", 'toolchain-download', { text }, { text: typed, goMod: goMod('go 1.24.1') });
  const toolchain = (name: string) => goMod('go 1.21', '', `toolchain ${name}`);
  changes("go.mod's toolchain line", 'toolchain-download', { text, goMod: toolchain('go1.23.4') }, { text: typed, goMod: toolchain('go1.24.0') });
  // A Go 1.20 image refuses a module declaring go 1.22: the message names the module.
  const old = stages('golang:1.20');
  changes(
    "go.mod's module path",
    'toolchain-download',
    { text: old, goMod: goMod('go 1.22') },
    { text: typedIn(old, 2, 'WORKDIR /src2', 'WORKDIR /src2x'), goMod: goMod('go 1.22').replace('example.com/app', 'example.com/other') },
  );
  // A build tool that runs go: the Makefile shows where.
  const make = stages('golang:1.22', 'make build');
  const makefile = (text: string): BuildScript[] => [{ uri: 'file:///ws/Makefile', contextPath: 'Makefile', text }];
  changes(
    'the Makefile',
    'toolchain-download',
    { text: make, buildScripts: makefile('build:\n\tgo build ./...\n') },
    { text: typedIn(make, 2, 'WORKDIR /src2', 'WORKDIR /src2x'), buildScripts: makefile('build:\n\t@echo building\n\tgo build ./...\n') },
  );
  // A Go stage whose one build-tool command builds what a later stage copies: the later stage says it runs go.
  const copied = df('FROM golang:1.22 AS s0', 'WORKDIR /src', 'COPY . .', 'RUN ./build.sh', 'FROM alpine AS s1', 'COPY README.md /');
  changes(
    'a later stage that copies the output',
    'toolchain-download',
    { text: copied },
    { text: typedIn(copied, 1, 'COPY README.md /', 'COPY --from=s0 /src/app /app') },
  );
});

test('toolchain-unverifiable: go.mod lines judge the stages again', () => {
  const text = df(
    ...[0, 1, 2].flatMap((i) => [`FROM golang:1.22 AS s${i}`, `WORKDIR /src${i}`, 'ENV GOTOOLCHAIN=auto GOPROXY=off', 'COPY go.mod ./', 'RUN go mod download']),
  );
  const typed = typedIn(text, 2, 'WORKDIR /src2', 'WORKDIR /src2x');
  changes('the locale', 'toolchain-unverifiable', { text }, { text: typed, locale: 'zh-cn' });
  changes("go.mod's go line", 'toolchain-unverifiable', { text }, { text: typed, goMod: goMod('go 1.21') });
  const toolchain = (name: string) => goMod('go 1.21', '', `toolchain ${name}`);
  changes("go.mod's toolchain line", 'toolchain-unverifiable', { text, goMod: toolchain('go1.23.4') }, { text: typed, goMod: toolchain('go1.22.1') });
});

test('gomod-in-gopath: the stages built on a stage, the users of other stages, the module folder and the file judge it again', () => {
  // The official image works in /go, its GOPATH.
  const text = df(...[0, 1, 2].flatMap((i) => [`FROM golang:1.22 AS s${i}`, `ENV N=${i}`, 'COPY . .', 'RUN go mod download']));
  const typed = typedIn(text, 2, 'ENV N=2', 'ENV N=2x');
  changes('the locale', 'gomod-in-gopath', { text }, { text: typed, locale: 'zh-cn' });
  // go.mod in a folder of the context: `COPY . .` puts it in /go/svc, and `COPY svc .` in /go, GOPATH.
  const folder = df('FROM golang:1.22 AS s0', 'COPY . .', 'COPY svc .', 'RUN go mod download', 'FROM golang:1.22 AS s1', 'ENV N=1');
  changes('the module folder', 'gomod-in-gopath', { text: folder }, { text: typedIn(folder, 1, 'ENV N=1', 'ENV N=1x'), goModUri: 'file:///ws/svc/go.mod' });
  // The fix works in the first folder the file does not name.
  changes('the rest of the file', 'gomod-in-gopath', { text }, { text: typedIn(text, 2, 'ENV N=2', 'ENV N=/src') });
  // The go step is in a stage built on the one that copies: it decides how grave the copy is.
  const built = df('FROM golang:1.22 AS s0', 'COPY go.mod ./', 'FROM s0 AS s1', 'RUN go mod download', 'FROM golang:1.22 AS s2', 'RUN true');
  changes('a stage built on it', 'gomod-in-gopath', { text: built }, { text: typedIn(built, 1, 'go mod download', 'go mod tidy') });
  // A Go the Dockerfile installs has GOPATH in the user's home, which a useradd of another stage gives: the tidy run
  // as b finds the go.mod only while b's home is /srv/app.
  const home = (dir: string) =>
    df(
      'FROM alpine AS s0',
      'RUN apk add go',
      'WORKDIR /srv/app/go',
      'COPY go.mod ./',
      'USER a',
      'RUN go mod download',
      'USER b',
      'RUN go mod tidy',
      'FROM alpine AS s1',
      'RUN useradd -d /srv/app a',
      `RUN useradd -d ${dir} b`,
    );
  changes('a home another stage gives the user', 'gomod-in-gopath', { text: home('/srv/app') }, { text: home('/srv/other') });
});

test('kept reports of these rules hold no older analysis alive, and their fixes are those of the last analysis', async () => {
  const text = df(...[0, 1, 2, 3].flatMap((i) => [`FROM golang:1.22 AS s${i}`, `ENV N=${i}`, 'COPY . .', 'RUN go mod download']));
  const edited = [text];
  for (let i = 0; i < 4; i++) edited.push(typedIn(edited[i], i, `ENV N=${i}`, `ENV N=${i}x`));
  const typed = edited[4];
  const ctx = await lastAnalysisHoldingNoFirst(edited.map((t) => request({ text: t })));
  const findings = analyzeContext(ctx);
  assert.deepEqual(plain(findings), plain(analyze(request({ text: typed }))));
  for (const rule of ['toolchain-download', 'gomod-in-gopath'] as const) assert.equal(only(findings, rule).filter((f) => f.fixes.length > 0).length, 4, rule);
});
