// modfiles-copy-order judged per stage (rules/support/stageReports.ts): after a keystroke in one stage, a change of
// what the judgement reads besides the stages (go.mod, go.work, go.sum, the module's folder, the build files, the
// COPY sources the context lacks, a user created in another stage) judges every stage again, as a fresh analysis does.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze, analyzeContext } from '../../server/src/analysis';
import { AnalysisContext } from '../../server/src/model/context';
import type { AnalysisRequest, BuildScript } from '../../server/src/core/request';
import { DEFAULT_SETTINGS, type Finding, type Locale } from '../../server/src/core/types';
import { DOCKERFILE_URI, GOMOD_URI, GOSUM_URI } from '../support/analysisHarness';
import { lastAnalysisHoldingNoFirst, plain } from '../support/stageReports';

const RULE = 'modfiles-copy-order';
const GO_MOD = 'module example.com/app\n\ngo 1.23.4\n\nrequire github.com/google/uuid v1.6.0\n';
const GO_SUM = 'github.com/google/uuid v1.6.0 h1:AAAA=\n';
const MAKEFILE: BuildScript = { uri: 'file:///ws/Makefile', contextPath: 'Makefile', text: 'deps:\n\tgo mod download\n' };

interface Inputs {
  text: string;
  locale?: Locale;
  goMod?: string;
  goModUri?: string;
  goSum?: string;
  goWork?: string;
  contextDir?: string;
  buildScripts?: BuildScript[];
  missingCopySources?: string[];
}

function request(x: Inputs): AnalysisRequest {
  return {
    file: { uri: DOCKERFILE_URI, text: x.text },
    kind: 'dockerfile',
    related: {
      goMod: { uri: x.goModUri ?? GOMOD_URI, text: x.goMod ?? GO_MOD },
      goSum: x.goSum === undefined ? undefined : { uri: GOSUM_URI, text: x.goSum },
      goWork: x.goWork === undefined ? undefined : { uri: 'file:///ws/go.work', text: x.goWork },
      contextDir: x.contextDir,
      buildScripts: x.buildScripts,
      missingCopySources: x.missingCopySources,
    },
    settings: DEFAULT_SETTINGS,
    locale: x.locale ?? 'en',
  };
}

const only = (findings: Finding[]) => findings.filter((f) => f.rule === RULE);

/** Stages `stage(i)`, and the same with a keystroke in stage 1's WORKDIR (the others are taken over). */
function texts(stage: (i: number) => string[], stages = 3): { text: string; typed: string } {
  const text = Array.from({ length: stages }, (_, i) => stage(i).join('\n')).join('\n') + '\n';
  const typed = text.replace('WORKDIR /src1\n', 'WORKDIR /src1x\n');
  assert.notEqual(typed, text);
  return { text, typed };
}

/**
 * Analyses `before`, then `next` (a keystroke and a change of what else is read) with the first as the previous
 * analysis: its findings must be a fresh analysis's, and differ from the first's.
 */
function assertFollowed(what: string, before: Inputs, next: Inputs): void {
  const first = new AnalysisContext(request(before));
  const previous = analyzeContext(first);
  const ctx = new AnalysisContext(request(next), first);
  const findings = analyzeContext(ctx);
  ctx.releasePrevious();
  assert.deepEqual(plain(findings), plain(analyze(request(next))), what);
  assert.notDeepEqual(plain(only(findings)), plain(only(previous)), `${what} changes ${RULE}'s findings`);
}

// The sources come in before the download: reported on `COPY . .`, with a fix that copies the module files first.
const wholeCopy = (i: number) => [`FROM golang:1.22 AS s${i}`, `WORKDIR /src${i}`, 'COPY . .', 'RUN go mod download'];

test('a keystroke in one stage gives the findings of the others again, the same objects, and judges its own anew', () => {
  const { text, typed } = texts(wholeCopy, 4);
  const first = new AnalysisContext(request({ text }));
  const previous = only(analyzeContext(first));
  const ctx = new AnalysisContext(request({ text: typed }), first);
  const findings = only(analyzeContext(ctx));
  ctx.releasePrevious();
  assert.equal(findings.length, 4);
  assert.deepEqual(plain(findings), plain(only(analyze(request({ text: typed })))));
  const lines = wholeCopy(0).length;
  const inStage1 = (f: Finding) => f.range.start.line >= lines && f.range.start.line < 2 * lines;
  assert.ok(
    findings.filter((f) => !inStage1(f)).every((f) => previous.includes(f)),
    'the other stages give their findings again',
  );
  assert.ok(
    findings.filter(inStage1).every((f) => !previous.includes(f)),
    'the edited stage is judged again',
  );
});

test('the locale judges every stage again', () => {
  const { text, typed } = texts(wholeCopy);
  assertFollowed('the locale', { text }, { text: typed, locale: 'zh-cn' });
});

test('go.sum judges every stage again: the fix copies it only when there is one', () => {
  const { text, typed } = texts(wholeCopy);
  assertFollowed('go.sum', { text }, { text: typed, goSum: GO_SUM });
});

test("go.mod judges every stage again: the fix copies its local replaces' directories with the module files", () => {
  const { text, typed } = texts(wholeCopy);
  assertFollowed('go.mod', { text }, { text: typed, goMod: `${GO_MOD}\nreplace example.com/y => ./staging/y\n` });
});

test("go.work judges every stage again: the fix copies it and each used module's files", () => {
  const { text, typed } = texts(wholeCopy);
  assertFollowed('go.work', { text }, { text: typed, goWork: 'go 1.23.4\n\nuse (\n\t.\n\t./tools\n)\n' });
});

test("the module's folder in the build context judges every stage again", () => {
  // `COPY service/ ./` is the whole module when go.mod is in the context's folder `service`.
  const { text, typed } = texts((i) => [`FROM golang:1.22 AS s${i}`, `WORKDIR /src${i}`, 'COPY service/ ./', 'RUN go mod download']);
  const goModUri = 'file:///ws/service/go.mod';
  assertFollowed('the context', { text, goModUri }, { text: typed, goModUri, contextDir: 'file:///ws/service' });
});

test('the build files judge every stage again: a Makefile shown to download', () => {
  const { text, typed } = texts((i) => [`FROM golang:1.22 AS s${i}`, `WORKDIR /src${i}`, 'COPY . .', 'RUN make deps']);
  assertFollowed('the Makefile', { text }, { text: typed, buildScripts: [MAKEFILE] });
});

test('the COPY sources the context lacks judge every stage again', () => {
  // A vendor folder the context lacks: made before the build, it may hold the modules, and nothing is downloaded.
  const { text, typed } = texts((i) => [`FROM golang:1.22 AS s${i}`, `WORKDIR /src${i}`, 'COPY . .', 'COPY vendor/ ./vendor/', 'RUN go mod download']);
  assertFollowed('the missing sources', { text }, { text: typed, missingCopySources: ['vendor/'] });
});

test('a user created in another stage moves the module cache of the stages the edit did not touch', () => {
  // Go installed by the stage keeps its modules under $HOME/go: with uid 1000 created with home /srv/app, the
  // cache mount covers the download; without, the modules go to /go/pkg/mod and every source edit downloads them.
  const stage = (i: number) => [
    `FROM debian:12 AS s${i}`,
    'RUN apt-get install -y golang',
    'USER 1000',
    `WORKDIR /src${i}`,
    'COPY . .',
    'RUN --mount=type=cache,target=/srv/app/go/pkg/mod go mod download',
  ];
  const { text, typed } = texts(stage);
  const users = 'FROM alpine AS users\nRUN useradd -u 1000 -d /srv/app app\n';
  assertFollowed('the created user', { text: `FROM alpine AS users\nRUN echo\n${text}` }, { text: users + typed });
});

test('a kept report holds no older analysis alive, and its fix reads the analysis that gave it last', async () => {
  const { text } = texts(wholeCopy, 6);
  const edited = [text];
  for (let i = 0; i < 4; i++) edited.push(edited[i].replace(`WORKDIR /src${i}\n`, `WORKDIR /src${i}x\n`));
  const ctx = await lastAnalysisHoldingNoFirst(edited.map((t) => request({ text: t })));
  const fixed = only(analyzeContext(ctx));
  assert.equal(fixed.length, 6);
  assert.deepEqual(plain(fixed), plain(only(analyze(ctx.req))));
});
