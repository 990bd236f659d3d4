// mod-cache-mount judged stage by stage (rules/support/stageReports.ts): after a keystroke in one stage, the other
// stages' findings are given again only while what their judgement reads besides the stage is the same. Each test
// changes one such value along with a keystroke elsewhere, and holds the incremental analysis to a fresh one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze, analyzeContext } from '../../server/src/analysis';
import { AnalysisContext } from '../../server/src/model/context';
import type { AnalysisRequest, BuildScript } from '../../server/src/core/request';
import { DEFAULT_SETTINGS, type Finding } from '../../server/src/core/types';
import { DOCKERFILE_URI, GOMOD_URI } from '../support/analysisHarness';
import { plain } from '../support/stageReports';

const GO_MOD = 'module example.com/app\n\ngo 1.23.4\n\nrequire github.com/google/uuid v1.6.0\n';

interface Inputs {
  text: string;
  goMod?: string;
  missingCopySources?: string[];
  buildScripts?: BuildScript[];
}

function request(x: Inputs): AnalysisRequest {
  return {
    file: { uri: DOCKERFILE_URI, text: x.text },
    kind: 'dockerfile',
    related: { goMod: { uri: GOMOD_URI, text: x.goMod ?? GO_MOD }, missingCopySources: x.missingCopySources, buildScripts: x.buildScripts },
    settings: DEFAULT_SETTINGS,
    locale: 'en',
  };
}

const modCache = (findings: Finding[]) => plain(findings.filter((f) => f.rule === 'mod-cache-mount'));

/** A stage whose download has no cache mount; `lines` go after its COPY of the module files. */
const stage = (i: number, ...lines: string[]) =>
  [`FROM golang:1.22 AS s${i}`, `WORKDIR /src${i}`, 'COPY go.mod go.sum ./', ...lines, 'RUN go mod download'].join('\n');

/**
 * Analyses `before`, then `next` with that analysis as the previous one (as the server does after an edit), and
 * checks it against a fresh analysis of `next`: stage `kept` is taken over, and its mod-cache-mount findings change.
 */
function assertFollowed(before: Inputs, next: Inputs, kept: number): void {
  const first = new AnalysisContext(request(before));
  // Its fixes worked out now, as an editor asks for them: a finding given again keeps them.
  const previous = modCache(analyzeContext(first));
  const ctx = new AnalysisContext(request(next), first);
  const findings = analyzeContext(ctx);
  ctx.releasePrevious();
  assert.equal(ctx.dockerfile!.timeline.stages[kept], first.dockerfile!.timeline.stages[kept], `stage ${kept} is taken over`);
  assert.deepEqual(plain(findings), plain(analyze(request(next))));
  assert.notDeepEqual(modCache(findings), previous, 'the change moves the findings');
}

test('go.mod losing its requirements leaves nothing to download in the stages the keystroke did not touch', () => {
  const text = [stage(0), stage(1), stage(2)].join('\n') + '\n';
  const typed = text.replace('WORKDIR /src1\n', 'WORKDIR /src1x\n');
  assertFollowed({ text }, { text: typed, goMod: 'module example.com/app\n\ngo 1.23.4\n' }, 0);
});

test('a vendor folder the context lacks leaves the downloads after its COPY unreached in every stage', () => {
  const text = [stage(0, 'COPY vendor ./vendor'), stage(1), stage(2, 'COPY vendor ./vendor')].join('\n') + '\n';
  const typed = text.replace('WORKDIR /src1\n', 'WORKDIR /src1x\n');
  assertFollowed({ text }, { text: typed, missingCopySources: ['vendor'] }, 0);
});

test('a Makefile that builds after the go build makes the make the last build: the go build wants no build cache', () => {
  const buildStage = (i: number) =>
    [`FROM golang:1.22 AS s${i}`, `WORKDIR /src${i}`, 'COPY go.mod go.sum Makefile ./', 'RUN go build ./...', 'RUN make build'].join('\n');
  const text = [buildStage(0), buildStage(1)].join('\n') + '\n';
  const typed = text.replace('WORKDIR /src1\n', 'WORKDIR /src1x\n');
  const makefile: BuildScript = { uri: 'file:///ws/Makefile', contextPath: 'Makefile', text: 'build:\n\tgo build -o /out/app ./...\n' };
  assertFollowed({ text }, { text: typed, buildScripts: [makefile] }, 0);
});

test("a later stage's keystroke that copies a stage's module cache out takes that stage's findings away", () => {
  const text = [stage(0), stage(1), stage(2)].join('\n') + '\n';
  const typed = text.replace('WORKDIR /src2\n', 'WORKDIR /src2\nCOPY --from=s0 /go/pkg/mod /go/pkg/mod\n');
  assertFollowed({ text }, { text: typed }, 0);
});

test('a stage appended after a tool image makes it an image that no longer runs its tools: they want the caches', () => {
  const tools = ['FROM golang:1.22 AS tools', 'RUN go install google.golang.org/protobuf/cmd/protoc-gen-go@v1.34.2', 'ENTRYPOINT ["protoc"]'].join('\n');
  const text = [stage(0), tools].join('\n') + '\n';
  assertFollowed({ text }, { text: text + 'FROM alpine:3.20\nRUN echo ready\n' }, 1);
});

test("a go RUN added to a stage built on another goes into the fix of the other's download", () => {
  const text = [stage(0), 'FROM s0 AS s1', 'RUN go build ./...'].join('\n') + '\n';
  assertFollowed({ text }, { text: text + 'RUN go vet ./...\n' }, 0);
});
