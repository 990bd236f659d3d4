// Incremental analysis: after an edit the server parses with the previous analysis of the document and takes
// over every instruction, stage and stage timeline the edit did not touch. These tests hold that to its two
// promises: the findings (fixes included) are exactly those of a fresh analysis, whatever the edits; and an edit
// inside one instruction really re-parses only that instruction and re-derives only the stages that depend on it.
// Between edits, what the analysis reads besides the Dockerfile (go.mod, go.sum, the build files, the locale) may
// change too: what rules keep per stage must follow it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { analyze, analyzeContext, onRuleFailure } from '../../server/src/analysis';
import { AnalysisContext } from '../../server/src/model/context';
import { parseDockerfileFile } from '../../server/src/model/parsedDockerfile';
import { settingsBuildArgs } from '../../server/src/core/buildArgs';
import type { AnalysisRequest, BuildScript } from '../../server/src/core/request';
import { DEFAULT_SETTINGS, type Finding, type Locale, type SourceFile } from '../../server/src/core/types';
import { largeDockerfile } from '../bench/documents';
import { DOCKERFILE_URI, GOMOD_URI, GOSUM_URI } from '../support/analysisHarness';

const CORPUS = path.resolve(__dirname, '..', 'fixtures', 'corpus');
const corpus = fs.readdirSync(CORPUS).map((name) => {
  const read = (f: string) => (fs.existsSync(path.join(CORPUS, name, f)) ? fs.readFileSync(path.join(CORPUS, name, f), 'utf8') : undefined);
  return { dockerfile: read('Dockerfile') ?? '', goMod: read('go.mod'), goSum: read('go.sum') };
});

const GOMOD = 'module example.com/app\n\ngo 1.23.4\n\nrequire (\n\tgit.corp.internal/x v1.0.0\n\tgithub.com/google/uuid v1.6.0\n)\n';

/** Lines an edit may write: instructions that change the environment, stage structure, escapes, heredocs, junk. */
const LINES = [
  'FROM golang:1.22 AS build',
  'FROM build AS test',
  'FROM stage0',
  'FROM golang:${GO_VERSION}-alpine',
  'ARG GO_VERSION=1.21',
  'ARG GOPROXY',
  'ARG GOPRIVATE=git.corp.internal',
  'ENV GOPROXY=https://goproxy.cn;direct',
  'ENV GOPROXY=direct,https://goproxy.cn',
  'ENV GOPROXY=off',
  'ENV GOPRIVATE="https://a.internal, b.internal/"',
  'ENV GOSUMDB=off',
  'ENV GO111MODULE=on',
  'ENV GOFLAGS="-insecure -mod=mod"',
  'ENV HOME=/home/app',
  'USER app',
  'USER 1000',
  // A user created in one stage gives a home to a USER of another: facts kept per stage must see it.
  'RUN useradd -u 1000 -d /srv/app app',
  'RUN --mount=type=cache,target=/srv/app/go/pkg/mod --mount=type=cache,target=/root/.cache go mod download',
  'ENV GOPATH=/opt/go',
  'ENV GOPROXY=https://u:tok@athens.example.com',
  'RUN go mod download',
  'RUN --network=none go build ./...',
  'COPY . .',
  'COPY go.mod go.sum ./',
  'RUN <<EOF',
  'go mod download',
  'EOF',
  'RUN go env -w GOPROXY=https://goproxy.io,direct && go mod tidy',
  'RUN apt-get update && \\',
  '# escape=`',
  'RUN GOFLAGS=-mod=mod go get example.com/x',
  'COPY .netrc /root/',
  // Secrets printed into the build log, and git credentials a later stage inherits: judged per stage and kept.
  'ARG NPM_TOKEN',
  'RUN echo $NPM_TOKEN && printenv',
  'RUN git config --global url."https://ci:${NPM_TOKEN}@git.corp.internal/".insteadOf https://git.corp.internal/',
  'RUN git config --list && cat /run/secrets/netrc',
  'FROM mcr.microsoft.com/windows/servercore:ltsc2022',
  // Where a COPY puts go.mod follows the WORKDIR, from one stage into the stages built on it.
  'WORKDIR $GOPATH',
  'WORKDIR src/app',
  'RUN rm -f go.mod',
  // What one stage copies from another, and a build tool that downloads: judgements that read other stages.
  'COPY --from=build /go/pkg/mod /go/pkg/mod',
  'COPY --from=stage0 /root/.cache/go-build /root/.cache/go-build',
  'COPY --from=build /out/app /app',
  'COPY Makefile ./',
  'RUN make deps',
  'FROM scratch',
  '',
  '\\',
  '"',
  '${',
  '<<-EOT',
  '\t',
];

type Edit =
  | { kind: 'replace'; at: number; line: string }
  | { kind: 'insert'; at: number; line: string }
  | { kind: 'delete'; at: number }
  | { kind: 'type'; at: number; text: string }
  // The line break that ends the text taken away, or one added: what follows a stage's last line changes.
  | { kind: 'end' };

const edit: fc.Arbitrary<Edit> = fc.oneof(
  fc.record({ kind: fc.constant('replace' as const), at: fc.nat(), line: fc.constantFrom(...LINES) }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), line: fc.constantFrom(...LINES) }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat() }),
  fc.constant({ kind: 'end' as const }),
  fc.record({ kind: fc.constant('type' as const), at: fc.nat(), text: fc.constantFrom('x', ' ', '\\', '"', '$', '\n', ',', ';', '=', '\r\n', 'FROM a\n') }),
);

function applyEdit(text: string, e: Edit): string {
  if (e.kind === 'end') return text.endsWith('\n') ? text.slice(0, -1) : `${text}\n`;
  if (e.kind === 'type') {
    const at = e.at % (text.length + 1);
    return text.slice(0, at) + e.text + text.slice(at);
  }
  const lines = text.split('\n');
  const at = e.at % (lines.length + (e.kind === 'insert' ? 1 : 0));
  if (e.kind === 'replace') lines[at] = e.line;
  else if (e.kind === 'insert') lines.splice(at, 0, e.line);
  else lines.splice(at, 1);
  return lines.join('\n');
}

/** What an analysis reads besides the Dockerfile. */
interface Around {
  goMod?: string;
  goSum?: string;
  buildFiles?: SourceFile[];
  buildScripts?: BuildScript[];
  locale?: Locale;
}

function request(text: string, doc: Around, vendored: boolean): AnalysisRequest {
  return {
    file: { uri: DOCKERFILE_URI, text },
    kind: 'dockerfile',
    related: {
      goMod: doc.goMod !== undefined ? { uri: GOMOD_URI, text: doc.goMod } : undefined,
      goSum: doc.goSum !== undefined ? { uri: GOSUM_URI, text: doc.goSum } : undefined,
      buildFiles: doc.buildFiles,
      buildScripts: doc.buildScripts,
      vendorDir: vendored,
    },
    settings: DEFAULT_SETTINGS,
    locale: doc.locale ?? 'en',
  };
}

/**
 * Changes of what the analysis reads besides the Dockerfile, made between two edits: the go line and the requirements
 * of go.mod, go.sum, a workflow that shows a module private, a Makefile that downloads, the locale. What a rule keeps per stage must follow them.
 */
const GOMOD_OLD = 'module example.com/app\n\ngo 1.16\n\nrequire github.com/google/uuid v1.6.0\n';
const GOSUM = 'git.corp.internal/x v1.0.0 h1:AAAA=\ngit.corp.internal/x v1.0.0/go.mod h1:BBBB=\n';
const MAKEFILE = { uri: 'file:///ws/Makefile', contextPath: 'Makefile', text: 'deps:\n\tgo mod download\n\tgo build ./...\n' };
const PRIVATE_CI: SourceFile = { uri: 'file:///ws/.github/workflows/ci.yml', text: 'jobs:\n  build:\n    env:\n      GOPRIVATE: "git.corp.internal"\n' };
const around: fc.Arbitrary<Partial<Around>> = fc.oneof(
  fc.record({ goMod: fc.constantFrom(GOMOD, GOMOD_OLD, undefined) }),
  fc.record({ goSum: fc.constantFrom(GOSUM, undefined) }),
  fc.record({ buildFiles: fc.constantFrom<SourceFile[] | undefined>([PRIVATE_CI], undefined) }),
  fc.record({ buildScripts: fc.constantFrom<BuildScript[] | undefined>([MAKEFILE], undefined) }),
  fc.record({ locale: fc.constantFrom<Locale>('en', 'zh-cn') }),
);

/** Findings with their fixes computed, as plain data. */
function plain(findings: Finding[]): unknown {
  return JSON.parse(JSON.stringify(findings));
}

test('after any sequence of edits, incremental analysis gives exactly the findings and fixes of a fresh one', () => {
  const failures: string[] = [];
  onRuleFailure((rule, err) => failures.push(`${rule}: ${(err as Error)?.stack ?? err}`));
  try {
    const start = fc.oneof(
      fc.constantFrom(...corpus),
      fc.array(fc.constantFrom(...LINES), { maxLength: 25 }).map((lines) => ({ dockerfile: lines.join('\n'), goMod: GOMOD, goSum: undefined })),
      fc.constant({ dockerfile: largeDockerfile(120), goMod: GOMOD, goSum: undefined }),
    );
    fc.assert(
      fc.property(start, fc.array(fc.tuple(edit, fc.boolean(), fc.option(around, { freq: 3 })), { minLength: 1, maxLength: 8 }), (start, edits) => {
        let doc: Around = start;
        let text = start.dockerfile;
        let previous = new AnalysisContext(request(text, doc, false));
        analyzeContext(previous);
        // The server's way: the workspace parses each version for the build files its RUN commands read (without a
        // vendor folder or build arguments, from its own parse before), and the analysis takes that parse.
        const args = settingsBuildArgs(DEFAULT_SETTINGS.buildArgs ?? {});
        let workspaceParse = parseDockerfileFile(request(text, doc, false).file, false, undefined, args);
        let served = new AnalysisContext(request(text, doc, false), undefined, workspaceParse);
        analyzeContext(served);
        for (const [e, vendored, changed] of edits) {
          text = applyEdit(text, e);
          if (changed) doc = { ...doc, ...changed };
          const next = new AnalysisContext(request(text, doc, vendored), previous);
          const incremental = plain(analyzeContext(next));
          next.releasePrevious();
          const fresh = plain(analyze(request(text, doc, vendored)));
          assert.deepEqual(incremental, fresh, `after ${JSON.stringify(e)} (vendored ${vendored}, ${JSON.stringify(changed)})`);
          previous = next;
          const req = request(text, doc, vendored);
          workspaceParse = parseDockerfileFile(req.file, false, workspaceParse, args);
          const nextServed = new AnalysisContext(req, served, workspaceParse);
          const viaWorkspace = plain(analyzeContext(nextServed));
          // Taken whenever it was made with the analysis's options (no vendor folder here).
          assert.equal(nextServed.dockerfile === workspaceParse, !vendored);
          nextServed.releasePrevious();
          assert.deepEqual(viaWorkspace, fresh, `with the workspace's parse, after ${JSON.stringify(e)} (vendored ${vendored}, ${JSON.stringify(changed)})`);
          served = nextServed;
        }
      }),
      { numRuns: 250 },
    );
    assert.deepEqual(failures, [], 'rules threw');
  } finally {
    onRuleFailure(undefined);
  }
});

test('an edit inside one instruction re-parses only it and re-derives only the stages that depend on it', () => {
  const text = largeDockerfile(2000);
  const before = new AnalysisContext(request(text, { goMod: GOMOD }, false));
  analyzeContext(before);
  const old = before.dockerfile!;
  // Stage 30 is `FROM stage29` (every third stage builds on the one before), and stage 31 builds on stage 30.
  const stage = old.model.stages[30];
  assert.equal(stage.from.image.text, 'golang:${GO_VERSION}-alpine');
  assert.equal(old.model.stages[31].from.image.text, 'stage30');
  const target = stage.instructions.find((i) => i.kind === 'ENV')!;
  const lines = text.split('\n');
  lines[target.range.start.line] = lines[target.range.start.line].replace('GOPRIVATE=', 'GONOSUMDB=x.example.com GOPRIVATE=');
  const after = new AnalysisContext(request(lines.join('\n'), { goMod: GOMOD }, false), before);
  analyzeContext(after);
  const now = after.dockerfile!;

  const sameInstructions = now.model.instructions.filter((ins, i) => ins === old.model.instructions[i]).length;
  assert.equal(now.model.instructions.length, old.model.instructions.length);
  assert.equal(sameInstructions, old.model.instructions.length - 1, 'every instruction but the edited one is reused');
  const changedStages = now.model.stages.filter((s, i) => s !== old.model.stages[i]).map((s) => s.index);
  assert.deepEqual(changedStages, [30], 'only the edited stage is a new object');
  const rederived = now.timeline.stages.filter((s, i) => s !== old.timeline.stages[i]).map((s) => s.stage.index);
  assert.deepEqual(rederived, [30, 31], 'the timeline is re-derived for the edited stage and the stage built on it only');
  // And the reuse is not a shortcut around correctness: the result is that of a fresh analysis.
  assert.deepEqual(plain(analyzeContext(new AnalysisContext(after.req))), plain(analyzeContext(after)));
});

test('a change of the escape directive or of vendor mode reuses nothing it affects', () => {
  const text = 'FROM golang:1.22\nRUN echo a \\\n  && go build ./...\n';
  const before = new AnalysisContext(request(text, { goMod: GOMOD }, false));
  analyzeContext(before);
  const escaped = new AnalysisContext(request('# escape=`\n' + text, { goMod: GOMOD }, false), before);
  analyzeContext(escaped);
  assert.notEqual(escaped.dockerfile!.model.instructions[1], before.dockerfile!.model.instructions[1]);
  const vendored = new AnalysisContext(request(text, { goMod: GOMOD }, true), before);
  analyzeContext(vendored);
  assert.equal(vendored.dockerfile!.model.stages[0], before.dockerfile!.model.stages[0], 'the parse does not depend on vendor mode');
  assert.notEqual(vendored.dockerfile!.timeline.stages[0], before.dockerfile!.timeline.stages[0], 'the timeline does');
  assert.equal(vendored.dockerfile!.timeline.stages[0].goSteps[0].downloads, false);
});

/**
 * Stage 1 is analysed after stage 0 changes from `RUN echo` to creating uid 1000 with home /srv/app: the created user
 * must change the findings, and the incremental analysis, which reuses stage 1, must give the fresh one's.
 */
function assertCreatedUserSeen(stage1: string): void {
  const without = `FROM alpine AS users\nRUN echo\n${stage1}`;
  const withUser = `FROM alpine AS users\nRUN useradd -u 1000 -d /srv/app app\n${stage1}`;
  const fresh = (text: string) => plain(analyze(request(text, { goMod: GOMOD }, false)));
  assert.notDeepEqual(fresh(without), fresh(withUser), 'the created user changes the findings');
  for (const [from, to] of [
    [without, withUser],
    [withUser, without],
  ]) {
    const before = new AnalysisContext(request(from, { goMod: GOMOD }, false));
    analyzeContext(before);
    const after = new AnalysisContext(request(to, { goMod: GOMOD }, false), before);
    const incremental = plain(analyzeContext(after));
    assert.equal(after.dockerfile!.timeline.stages[1], before.dockerfile!.timeline.stages[1], 'stage 1 is reused');
    assert.deepEqual(incremental, fresh(to));
  }
}

test('a user created in another stage moves the home of a stage the edit did not touch', () => {
  // Stage 1 runs as uid 1000 and mounts a build cache under /srv/app. With no such user its home is / (the build
  // cache is /.cache/go-build, not mounted); creating uid 1000 with home /srv/app in stage 0 makes the mount cover it.
  assertCreatedUserSeen(
    [
      'FROM golang:1.22 AS build',
      'USER 1000',
      'WORKDIR /src',
      'COPY go.mod go.sum ./',
      'RUN --mount=type=cache,target=/go/pkg/mod go mod download',
      'COPY . .',
      'RUN --mount=type=cache,target=/go/pkg/mod --mount=type=cache,target=/srv/app/.cache go build ./...',
      '',
    ].join('\n'),
  );
});

test('a user created in another stage moves the GOPATH of a stage the edit did not touch, and the go.mod a COPY puts at its root', () => {
  // Go installed by the stage has GOPATH=$HOME/go. With no user 1000 that is /go, and the go.mod copied into
  // /srv/app/go is not at its root; with home /srv/app it is, and go mod tidy fails there.
  assertCreatedUserSeen(
    ['FROM debian:12 AS build', 'RUN apt-get install -y golang', 'USER 1000', 'WORKDIR /srv/app/go', 'COPY go.mod go.sum ./', 'RUN go mod tidy', ''].join('\n'),
  );
});

test('a user created in another stage moves the module cache of a stage the edit did not touch', () => {
  // Go installed by the stage keeps its modules in $HOME/go/pkg/mod. With no user 1000 that is /go/pkg/mod, which the
  // mount misses: the download leaves the modules in the image, and the build after it needs no module cache. With
  // home /srv/app the mount covers the download, and the build downloads again without one.
  assertCreatedUserSeen(
    [
      'FROM debian:12 AS build',
      'RUN apt-get install -y golang',
      'USER 1000',
      'WORKDIR /src',
      'COPY go.mod go.sum ./',
      'RUN --mount=type=cache,target=/srv/app/go/pkg/mod go mod download',
      'COPY . .',
      'RUN go build ./...',
      '',
    ].join('\n'),
  );
});
