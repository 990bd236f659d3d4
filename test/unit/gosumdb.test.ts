// gosumdb-off on patterns matching every module path, gosumdb-invalid's severity.
// The go command's behaviour behind each is measured in test/gocmd/sumdb.gocmd.test.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeDockerfile, assertFixRoundTrip, at, only } from '../support/analysisHarness';
import { broadestPattern, matchesAnyPathOf } from '../../server/src/goenv/patterns';

const df = (...lines: string[]) => lines.join('\n') + '\n';
const GOMOD = df('module example.com/app', '', 'go 1.22', '', 'require (', '\tgithub.com/google/uuid v1.6.0', '\tgitlab.acme.internal/team/lib v1.2.0', ')');
const SUM = df(
  'github.com/google/uuid v1.6.0 h1:aaaa=',
  'github.com/google/uuid v1.6.0/go.mod h1:bbbb=',
  'gitlab.acme.internal/team/lib v1.2.0 h1:cccc=',
  'gitlab.acme.internal/team/lib v1.2.0/go.mod h1:dddd=',
);

test('matchesAnyPathOf: stars with at most one ? per element; one trailing slash dropped', () => {
  const cases: [string, number | undefined][] = [
    ['*', 1],
    ['**', 1],
    ['?*', 1],
    ['*?*', 1],
    ['*/', 1],
    ['*/*', 2],
    ['*/*/**', 3],
    ['?', undefined],
    ['??*', undefined],
    [' *', undefined],
    ['*.com', undefined],
    ['*//', undefined],
    ['', undefined],
    ['\\*', undefined],
    ['[^/]*', undefined],
  ];
  assert.deepEqual(
    cases.map(([p]) => [p, matchesAnyPathOf(p)]),
    cases,
  );
  assert.deepEqual(broadestPattern('x.com,*/*,*'), { pattern: '*', elements: 1, start: 10 });
  assert.equal(broadestPattern('x.com, *'), undefined);
});

test('gosumdb-off: GONOSUMDB=* is GOSUMDB=off in effect; the fix lists the private modules', () => {
  const f = { dockerfile: df('FROM golang:1.22', 'ENV GONOSUMDB=*.example.net,*', 'RUN go mod download'), goMod: GOMOD };
  const [finding] = only(analyzeDockerfile(f), 'gosumdb-off');
  assert.equal(finding.severity, 'warning');
  assert.deepEqual(finding.range, at(1, 28, 1, 29));
  assert.match(finding.message, /`\*` in GONOSUMDB matches every module path:/);
  const fixed = assertFixRoundTrip(f, 'gosumdb-off');
  assert.match(fixed.dockerfile!, /ENV GONOSUMDB=gitlab\.acme\.internal\n/);
  assert.deepEqual(only(analyzeDockerfile(fixed), 'gosumdb-off'), []);
});

test('gosumdb-off: */* leaves one-element paths verified, and says so', () => {
  const [finding] = only(analyzeDockerfile({ dockerfile: df('FROM golang:1.22', 'ENV GONOSUMDB=*/*', 'RUN go mod download') }), 'gosumdb-off');
  assert.match(finding.message, /of 2 or more elements/);
  assert.deepEqual(only(analyzeDockerfile({ dockerfile: df('FROM golang:1.22', 'ENV GONOSUMDB="*.com, *"', 'RUN go mod download') }), 'gosumdb-off'), []);
});

test('gosumdb-off: GOPRIVATE=* only where GONOSUMDB does not replace it', () => {
  const reported = (...lines: string[]) => only(analyzeDockerfile({ dockerfile: df('FROM golang:1.22', ...lines) }), 'gosumdb-off').length;
  assert.equal(reported('ENV GOPRIVATE=*', 'RUN go mod download'), 1);
  assert.equal(reported('ENV GOPRIVATE=* GONOSUMDB=x.example.net', 'RUN go mod download'), 0);
  assert.equal(reported('ENV GOPRIVATE=*', 'RUN GONOSUMDB=x.example.net go mod download'), 0);
  assert.equal(reported('ENV GOPRIVATE=*', 'RUN GONOSUMDB=x.example.net go mod download', 'RUN go build ./...'), 1);
  // GONOSUMDB set empty is unset: GOPRIVATE decides.
  assert.equal(reported('ENV GOPRIVATE=* GONOSUMDB=', 'RUN go mod download'), 1);
});

test('gosumdb-invalid: error when a required module needs the database, warning when go.sum or GONOSUMDB covers all', () => {
  const severity = (dockerfile: string, goSum?: string) =>
    only(analyzeDockerfile({ dockerfile, goMod: GOMOD, goSum }), 'gosumdb-invalid').map((x) => x.severity);
  const copied = df('FROM golang:1.22', 'ENV GOSUMDB="a b c d"', 'COPY go.mod go.sum ./', 'RUN go mod download');
  assert.deepEqual(severity(copied, SUM), ['warning']);
  // go.sum in the workspace but not in the image before the step, or not holding every module: error.
  assert.deepEqual(severity(df('FROM golang:1.22', 'ENV GOSUMDB="a b c d"', 'COPY go.mod ./', 'RUN go mod download', 'COPY go.sum ./'), SUM), ['error']);
  assert.deepEqual(severity(copied, SUM.split('\n').slice(1).join('\n')), ['error']);
  assert.deepEqual(severity(copied), ['error']);
  // GONOSUMDB excludes every required module.
  assert.deepEqual(severity(df('FROM golang:1.22', 'ENV GOSUMDB=" off" GONOSUMDB=github.com,gitlab.acme.internal', 'RUN go mod download')), ['warning']);
  // A module fetched by version is outside go.sum.
  assert.deepEqual(
    severity(df('FROM golang:1.22', 'ENV GOSUMDB="a b c d"', 'COPY go.mod go.sum ./', 'RUN go mod download && go install example.com/cmd@v1.0.0'), SUM),
    ['error'],
  );
});

test('gosumdb-invalid: no go.mod in view or no download step: a warning that says nothing is sure', () => {
  const [a] = only(analyzeDockerfile({ dockerfile: df('FROM golang:1.22', 'ENV GOSUMDB="a b c d"', 'RUN go mod download') }), 'gosumdb-invalid');
  assert.equal(a.severity, 'warning');
  assert.match(a.message, /nothing here shows a step that must/);
  const [b] = only(analyzeDockerfile({ dockerfile: df('FROM golang:1.22', 'ENV GOSUMDB=foo'), goMod: GOMOD }), 'gosumdb-invalid');
  assert.equal(b.severity, 'warning');
});
