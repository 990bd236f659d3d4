// A Dockerfile re-analysed with its previous analysis keeps the parse, and with it what rules keep per stage or
// step: which modules a download routes wrongly and the messages that say so (model/privateRouting.ts,
// rules/private-module.ts), where COPYs put go.mod (rules/gomod/in-gopath.ts). What else those depend on may change
// while the Dockerfile does not: the go.mod's requirements and place, the go.sum, the workspace's evidence that a
// module is private, the language. After each such change the findings must be those of a fresh analysis.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze, analyzeContext } from '../../server/src/analysis';
import { AnalysisContext } from '../../server/src/model/context';
import { routingProblems } from '../../server/src/model/privateRouting';
import type { AnalysisRequest } from '../../server/src/core/request';
import { DEFAULT_SETTINGS, type Finding, type Locale, type SourceFile } from '../../server/src/core/types';
import { DOCKERFILE_URI, GOMOD_URI, GOSUM_URI } from '../support/analysisHarness';

const DOCKERFILE = [
  'FROM golang:1.23 AS build',
  'WORKDIR /src',
  'COPY go.mod go.sum ./',
  'RUN go mod download',
  'FROM golang:1.23 AS tools',
  'RUN go install golang.org/x/tools/cmd/stringer@v0.24.0',
  '',
].join('\n');

const goMod = (...requires: string[]) => `module example.com/app\n\ngo 1.23\n\nrequire (\n${requires.map((r) => `\t${r}\n`).join('')})\n`;
// A host whose name alone says nothing: only the workspace's evidence makes the module private.
const X = 'git.example.com/team/x v1.0.0';
const X_SUM =
  'git.example.com/team/x v1.0.0 h1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\ngit.example.com/team/x v1.0.0/go.mod h1:BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB=\n';
/** Another service's Dockerfile that sets GOPRIVATE on line `line`: the message cites that line. */
const evidence = (line: number): SourceFile => ({
  uri: 'file:///ws/other/Dockerfile',
  text: `${'# other service\n'.repeat(line - 2)}FROM golang:1.23\nENV GOPRIVATE=git.example.com\n`,
});

function request(mod: string, sum: string, buildFiles: SourceFile[], locale: Locale = 'en', dockerfile = DOCKERFILE, goModUri = GOMOD_URI): AnalysisRequest {
  return {
    file: { uri: DOCKERFILE_URI, text: dockerfile },
    kind: 'dockerfile',
    related: { goMod: { uri: goModUri, text: mod }, goSum: { uri: GOSUM_URI, text: sum }, buildFiles },
    settings: DEFAULT_SETTINGS,
    locale,
  };
}

const plain = (findings: Finding[]) => JSON.parse(JSON.stringify(findings)) as unknown;

/** From `before` to `after` (the same Dockerfile): the findings differ, and the incremental ones are the fresh ones. */
function assertFollows(label: string, before: AnalysisRequest, after: AnalysisRequest, rule = 'private-module-'): void {
  const fresh = plain(analyze(after));
  assert.notDeepEqual(plain(analyze(before)), fresh, `${label}: the change must change the findings`);
  assert.ok(
    [...(plain(analyze(before)) as Finding[]), ...(fresh as Finding[])].some((f) => f.rule.startsWith(rule)),
    `${label}: a ${rule} finding to compare`,
  );
  const previous = new AnalysisContext(before);
  analyzeContext(previous);
  const next = new AnalysisContext(after, previous);
  const incremental = plain(analyzeContext(next));
  assert.equal(next.dockerfile, previous.dockerfile, `${label}: the parse is the previous one`);
  assert.deepEqual(incremental, fresh, label);
}

test('the same Dockerfile after its go.mod, its go.sum, the evidence of privacy or the language changed: the findings of a fresh analysis', () => {
  const base = request(goMod(X), '', [evidence(2)]);
  assertFollows('a private requirement added to go.mod', base, request(goMod(X, 'git.example.com/team/y v0.3.0'), '', [evidence(2)]));
  assertFollows('its lines added to go.sum', base, request(goMod(X), X_SUM, [evidence(2)]));
  // The same modules are private either way; the evidence the message cites is on another line.
  assertFollows('the evidence moved', base, request(goMod(X), '', [evidence(5)]));
  assertFollows('the other language', base, request(goMod(X), '', [evidence(2)], 'zh-cn'));
});

test('the same Dockerfile after its go.mod moved into the folder a COPY brings to the root of GOPATH: the findings of a fresh analysis', () => {
  // COPY service/ brings go.mod only when the module is service/go.mod in the build context.
  const dockerfile = 'FROM golang:1.22\nWORKDIR /go\nCOPY service/ ./\nRUN go mod tidy\n';
  const contextDir = DOCKERFILE_URI.replace(/\/[^/]*$/, '');
  const at = (goModUri: string) => request(goMod(X), '', [], 'en', dockerfile, goModUri);
  assertFollows('the module in service/', at(`${contextDir}/go.mod`), at(`${contextDir}/service/go.mod`), 'gomod-in-gopath');
  assertFollows('the module at the root again', at(`${contextDir}/service/go.mod`), at(`${contextDir}/go.mod`), 'gomod-in-gopath');
});

test('steps that route alike share one list of misrouted modules (the routing of every step is kept with it)', () => {
  // A go.mod's analysis reads every Dockerfile that builds it; with a list per step, a 200-stage Dockerfile and a
  // large go.mod kept about 30 MiB more.
  const stage = (n: number) => `FROM golang:1.23 AS s${n}\nWORKDIR /src\nCOPY go.mod go.sum ./\nRUN go mod download\n`;
  const dockerfile = [0, 1, 2].map(stage).join('');
  const ctx = new AnalysisContext(request(goMod(X, 'git.example.com/team/y v0.3.0'), '', [evidence(2)], 'en', dockerfile));
  analyzeContext(ctx);
  const routings = routingProblems(ctx, ctx.dockerfile!, ctx.requiredModules, ctx.req.related.goSum?.text);
  assert.equal(routings.length, 3, 'each stage routes the private modules to the public proxy');
  assert.equal(routings[0].proxied.length, 2);
  for (const r of routings.slice(1)) assert.equal(r.proxied, routings[0].proxied, 'the same list, not a copy per step');
});
