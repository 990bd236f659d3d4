// Stage reports kept across analyses (rules/support/stageReports.ts): a keystroke in one stage judges that stage again
// and gives the other stages' reports, and their findings, as they were. What else a stage's judgement reads (the
// locale, go.mod, the evidence that a module is private, go.sum) judges every stage again when it changes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze, analyzeContext } from '../../server/src/analysis';
import { AnalysisContext } from '../../server/src/model/context';
import type { AnalysisRequest } from '../../server/src/core/request';
import { DEFAULT_SETTINGS, type AnalysisSettings, type Finding, type Locale, type RuleId, type SourceFile } from '../../server/src/core/types';
import { DOCKERFILE_URI, GOMOD_URI, GOSUM_URI } from '../support/analysisHarness';
import { lastAnalysisHoldingNoFirst, plain, reanalysed as reanalysedRequests } from '../support/stageReports';

const KEPT: RuleId[] = ['go111module-redundant', 'private-module-proxied', 'private-module-sumdb', 'build-arg-overridden', 'gobin-empty'];

const GO_MOD = 'module example.com/app\n\ngo 1.23.4\n\nrequire (\n\tgit.corp.example.com/x v1.0.0\n\tgithub.com/google/uuid v1.6.0\n)\n';
const GO_SUM = 'git.corp.example.com/x v1.0.0 h1:AAAA=\ngit.corp.example.com/x v1.0.0/go.mod h1:BBBB=\n';
const CI: SourceFile = { uri: 'file:///ws/.github/workflows/ci.yml', text: 'jobs:\n  build:\n    env:\n      GOPRIVATE: "git.corp.example.com"\n' };

/** A stage where each of the kept rules finds something (given the CI file's evidence that the module is private). */
const stage = (i: number, image = 'golang:1.22') =>
  [
    `FROM ${image} AS s${i}`,
    'ARG GOPROXY',
    // Through a public proxy in even stages (private-module-proxied), directly in odd ones (private-module-sumdb).
    `ENV GOPROXY=${i % 2 ? 'direct' : 'https://proxy.golang.org'} GO111MODULE=on GOFLAGS=-v`,
    `WORKDIR /src${i}`,
    'ENV PATH=$GOBIN:$PATH',
    'COPY go.mod go.sum ./',
    'RUN go mod download',
  ].join('\n');

const dockerfile = (stages: number, image?: string) => Array.from({ length: stages }, (_, i) => stage(i, image)).join('\n') + '\n';

interface Inputs {
  text: string;
  locale?: Locale;
  goMod?: string;
  goSum?: string;
  buildFiles?: SourceFile[];
  settings?: AnalysisSettings;
}

function request(x: Inputs): AnalysisRequest {
  return {
    file: { uri: DOCKERFILE_URI, text: x.text },
    kind: 'dockerfile',
    related: {
      goMod: { uri: GOMOD_URI, text: x.goMod ?? GO_MOD },
      goSum: x.goSum === undefined ? undefined : { uri: GOSUM_URI, text: x.goSum },
      buildFiles: x.buildFiles ?? [CI],
    },
    settings: x.settings ?? DEFAULT_SETTINGS,
    locale: x.locale ?? 'en',
  };
}

const only = (findings: Finding[], rule: RuleId) => findings.filter((f) => f.rule === rule);
const count = (findings: Finding[], rule: RuleId) => only(findings, rule).length;

/** Analyses `next` with the analysis of `before` as the previous one, as the server does after an edit. */
const reanalysed = (before: Inputs, next: Inputs) => reanalysedRequests(request(before), request(next));

test('a keystroke in one stage gives the findings of the others again, the same objects, and judges its own anew', () => {
  const text = dockerfile(6);
  const typed = text.replace('WORKDIR /src3\n', 'WORKDIR /src3x\n');
  assert.notEqual(typed, text);
  const { previous, findings, fresh } = reanalysed({ text }, { text: typed });
  for (const rule of KEPT) assert.equal(count(findings, rule), rule.startsWith('private-module') ? 3 : 6, `${rule} in every stage it applies to`);
  assert.deepEqual(plain(findings), plain(fresh));
  const lines = stage(0).split('\n').length;
  const stage3 = (f: Finding) => f.range.start.line >= 3 * lines && f.range.start.line < 4 * lines;
  const kept = findings.filter((f) => KEPT.includes(f.rule));
  assert.ok(
    kept.filter((f) => !stage3(f)).every((f) => previous.includes(f)),
    'the findings of the stages the keystroke left alone are those of the analysis before',
  );
  assert.ok(
    kept.filter(stage3).every((f) => !previous.includes(f)),
    'the edited stage is judged again',
  );
});

test('what a stage judgement reads besides the stage judges every stage again when it changes', () => {
  const text = dockerfile(3);
  const changes: [string, Inputs, Inputs, RuleId][] = [
    ['the locale', { text }, { text, locale: 'zh-cn' }, 'go111module-redundant'],
    ['the locale', { text }, { text, locale: 'zh-cn' }, 'build-arg-overridden'],
    ['the locale', { text }, { text, locale: 'zh-cn' }, 'gobin-empty'],
    // An image we cannot date: whether GO111MODULE=on changes anything then rests on go.mod's go line.
    [
      'go.mod',
      { text: dockerfile(3, 'corp/builder:7') },
      { text: dockerfile(3, 'corp/builder:7'), goMod: GO_MOD.replace('go 1.23.4', 'go 1.15') },
      'go111module-redundant',
    ],
    ['the evidence that a module is private', { text }, { text, buildFiles: [] }, 'private-module-proxied'],
    ['go.sum', { text }, { text, goSum: GO_SUM }, 'private-module-sumdb'],
    ["go.mod's requirements", { text }, { text, goMod: GO_MOD.replace('\tgit.corp.example.com/x v1.0.0\n', '') }, 'private-module-proxied'],
    // Not read by the judgement but by the analysis, which gives a kept report's finding again only as it was.
    ['a severity setting', { text }, { text, settings: { ...DEFAULT_SETTINGS, severity: { 'build-arg-overridden': 'error' } } }, 'build-arg-overridden'],
  ];
  for (const [what, before, next, rule] of changes) {
    const { previous, findings, fresh } = reanalysed(before, next);
    assert.deepEqual(plain(findings), plain(fresh), what);
    assert.notDeepEqual(plain(only(findings, rule)), plain(only(previous, rule)), `${what} changes ${rule}'s findings`);
  }
});

test('a kept report holds no older analysis alive: the analysis that gives it again takes its place', async () => {
  const text = dockerfile(8);
  // Each edit touches one stage; the other stages' reports, some judged by the first analysis, are given again.
  const texts = [text];
  for (let i = 0; i < 4; i++) texts.push(texts[i].replace(`WORKDIR /src${i}\n`, `WORKDIR /src${i}x\n`));
  const ctx = await lastAnalysisHoldingNoFirst(texts.map((t) => request({ text: t })));
  // The last one is alive (and with it the stage timelines the first analysis made, and their kept reports).
  const fixed = analyzeContext(ctx).filter((f) => f.rule === 'go111module-redundant' && f.fixes.length > 0);
  assert.equal(fixed.length, 8);
});

test("a fix that removes a stage's last line reads whether a line follows it: the stage that ends the document is judged again", () => {
  // go111module-redundant's fix removes `GO111MODULE=on`; alone on the last line, the line break before it goes with it.
  const text = `${dockerfile(2)}ENV GO111MODULE=on\n`;
  const cases: [string, string][] = [
    ['the trailing line break taken away', text.slice(0, -1)],
    ['a trailing line break added', `${text}\n`],
    ['a stage added after it', `${text}FROM alpine\n`],
    ['a stage added after it, on the last line', `${text.slice(0, -1)}\nFROM alpine`],
  ];
  for (const [what, typed] of cases) {
    const before = what.endsWith('on the last line') ? text.slice(0, -1) : text;
    for (const [from, to] of [
      [before, typed],
      [typed, before],
    ]) {
      const first = new AnalysisContext(request({ text: from }));
      // An editor asks for the fixes: a kept finding keeps them.
      for (const f of analyzeContext(first)) void f.fixes;
      const next = new AnalysisContext(request({ text: to }), first);
      const findings = analyzeContext(next);
      assert.equal(next.dockerfile!.timeline.stages[1], first.dockerfile!.timeline.stages[1], `${what}: the stage is taken over`);
      assert.deepEqual(plain(findings), plain(analyze(request({ text: to }))), what);
    }
  }
});
