// Value rules judged per stage (gosumdb, pattern, the GOPROXY value rules, go111module-off): a keystroke in one stage,
// together with a change of something else a stage judgement reads (the locale, go.mod, go.sum, the build files, the
// settings, or a stage built on the judged one), gives exactly the findings of a fresh analysis.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze, analyzeContext } from '../../server/src/analysis';
import { AnalysisContext } from '../../server/src/model/context';
import type { AnalysisRequest } from '../../server/src/core/request';
import { DEFAULT_SETTINGS, type AnalysisSettings, type Finding, type Locale, type RuleId, type SourceFile } from '../../server/src/core/types';
import { DOCKERFILE_URI, GOMOD_URI, GOSUM_URI } from '../support/analysisHarness';
import { plain } from '../support/stageReports';

const GO_MOD = 'module example.com/app\n\ngo 1.23.4\n\nrequire (\n\tgit.corp.example.com/x v1.0.0\n\tgithub.com/google/uuid v1.6.0\n)\n';
const GO_MOD_PUBLIC = 'module example.com/app\n\ngo 1.23.4\n\nrequire github.com/google/uuid v1.6.0\n';
const GO_SUM = 'github.com/google/uuid v1.6.0 h1:AAAA=\ngithub.com/google/uuid v1.6.0/go.mod h1:BBBB=\n';
const CI: SourceFile = { uri: 'file:///ws/.github/workflows/ci.yml', text: 'jobs:\n  build:\n    env:\n      GOPRIVATE: "git.corp.example.com"\n' };
const HEALTH = [
  { url: 'https://goproxy.cn', ok: false, error: 'connection refused', checkedAt: '2026-11-24T00:00:00Z' },
  { url: 'https://goproxy.io', ok: true, latencyMs: 80, checkedAt: '2026-11-24T00:00:00Z' },
];

interface Inputs {
  text: string;
  locale?: Locale;
  goMod?: string | null;
  goSum?: string;
  buildFiles?: SourceFile[];
  settings?: Partial<AnalysisSettings>;
}

function request(x: Inputs): AnalysisRequest {
  return {
    file: { uri: DOCKERFILE_URI, text: x.text },
    kind: 'dockerfile',
    related: {
      goMod: x.goMod === null ? undefined : { uri: GOMOD_URI, text: x.goMod ?? GO_MOD },
      goSum: x.goSum === undefined ? undefined : { uri: GOSUM_URI, text: x.goSum },
      buildFiles: x.buildFiles ?? [],
    },
    settings: { ...DEFAULT_SETTINGS, ...x.settings },
    locale: x.locale ?? 'en',
  };
}

const only = (findings: Finding[], rule: RuleId) => findings.filter((f) => f.rule === rule);

/** Stages of filler (each with a WORKDIR a keystroke changes), then the stages of a case. */
const filler = (n: number) => Array.from({ length: n }, (_, i) => `FROM golang:1.22 AS f${i}\nWORKDIR /src${i}\nRUN go mod download`);
const dockerfile = (...stages: string[]) => [...filler(3), ...stages].join('\n') + '\n';
/** A keystroke in a filler stage. */
const typed = (text: string) => text.replace('WORKDIR /src1\n', 'WORKDIR /src1x\n');

/** Analyses `next` with the analysis of `before` as the previous one, as the server does after an edit. */
function check(what: string, rule: RuleId, before: Inputs, next: Inputs): void {
  const first = new AnalysisContext(request(before));
  const previous = analyzeContext(first);
  void plain(previous);
  const ctx = new AnalysisContext(request(next), first);
  const findings = analyzeContext(ctx);
  ctx.releasePrevious();
  const fresh = analyze(request(next));
  assert.deepEqual(plain(only(findings, rule)), plain(only(fresh, rule)), `${rule}: ${what}`);
  assert.notDeepEqual(plain(only(fresh, rule)), plain(only(previous, rule)), `${rule}: ${what} changes the findings`);
}

/** The same Dockerfile analysed after a keystroke elsewhere and a change of what else is read. */
function around(what: string, rule: RuleId, text: string, before: Omit<Inputs, 'text'>, next: Omit<Inputs, 'text'>): void {
  check(what, rule, { text, ...before }, { text: typed(text), ...next });
}

/** A keystroke that changes a stage built on the judged stage. */
function builtOn(what: string, rule: RuleId, base: string, child: string, childAfter: string, inputs: Omit<Inputs, 'text'> = {}): void {
  check(what, rule, { text: dockerfile(base, child), ...inputs }, { text: dockerfile(base, childAfter), ...inputs });
}

test('the locale judges every stage again', () => {
  const cases: [RuleId, string][] = [
    ['gosumdb-off', 'FROM golang:1.22 AS v\nENV GOSUMDB=off\nRUN go mod download'],
    ['gosumdb-invalid', 'FROM golang:1.22 AS v\nENV GOSUMDB="a b c d"\nRUN go mod download'],
    ['pattern-invalid', 'FROM golang:1.22 AS v\nENV GOPRIVATE=https://git.corp.example.com\nRUN go mod download'],
    ['go111module-off', 'FROM golang:1.22 AS v\nENV GO111MODULE=off\nRUN go build'],
    ['goproxy-credentials-http', 'FROM golang:1.22 AS v\nENV GOPROXY=http://u:p@athens.example.com,direct\nRUN go mod download'],
    ['goproxy-invalid', 'FROM golang:1.22 AS v\nENV GOPROXY=https://goproxy.cn;direct\nRUN go mod download'],
    ['goproxy-unreachable-entry', 'FROM golang:1.22 AS v\nENV GOPROXY=direct,https://goproxy.cn\nRUN go mod download'],
    ['goproxy-insecure', 'FROM golang:1.22 AS v\nENV GOPROXY=http://athens.example.com,direct\nRUN go mod download'],
    ['goproxy-credentials', 'FROM golang:1.22 AS v\nENV GOPROXY=https://u:tok@athens.example.com\nRUN go mod download'],
  ];
  for (const [rule, stage] of cases) around('the locale', rule, dockerfile(stage), {}, { locale: 'zh-cn' });
  // With a default proxy in the settings the value goproxy-invalid proposes is the same in every locale.
  const proxy = { settings: { defaultProxy: 'https://goproxy.io,direct' } };
  around('the locale', 'goproxy-invalid', dockerfile('FROM golang:1.22 AS v\nENV GOPROXY=,\nRUN go mod download'), proxy, { ...proxy, locale: 'zh-cn' });
  const unhealthy = dockerfile('FROM golang:1.22 AS v\nENV GOPROXY=https://goproxy.cn,direct\nRUN go mod download');
  around('the locale', 'goproxy-unhealthy', unhealthy, { settings: { health: HEALTH } }, { settings: { health: HEALTH }, locale: 'zh-cn' });
});

test('gosumdb-off: the private patterns its fixes name, and the steps of the stages built on a broad GOPRIVATE', () => {
  const off = dockerfile('FROM golang:1.22 AS v\nENV GOSUMDB=off\nRUN go mod download');
  around('the evidence that a module is private', 'gosumdb-off', off, { buildFiles: [CI] }, { buildFiles: [] });
  around("go.mod's requirements", 'gosumdb-off', off, { buildFiles: [CI] }, { buildFiles: [CI], goMod: GO_MOD_PUBLIC });
  // A GONOSUMDB of its own in the image, but a go step of a stage built on it clears it (the privacy evidence the
  // Dockerfile's text gives stays the same).
  builtOn(
    'a go step in a stage built on it',
    'gosumdb-off',
    'FROM golang:1.22 AS base\nENV GOPRIVATE=* GONOSUMDB=git.corp.example.com',
    'FROM base AS child\nRUN true',
    'FROM base AS child\nRUN GONOSUMDB= go mod download',
  );
});

test('gosumdb-invalid: whether a step anywhere must verify a module under the value', () => {
  const text = dockerfile('FROM golang:1.22 AS v\nENV GOSUMDB="a b c d"\nCOPY go.mod go.sum ./\nRUN go mod download');
  around('go.sum', 'gosumdb-invalid', text, { goMod: GO_MOD_PUBLIC }, { goMod: GO_MOD_PUBLIC, goSum: GO_SUM });
  builtOn(
    'a versioned fetch in a stage built on it',
    'gosumdb-invalid',
    'FROM golang:1.22 AS base\nENV GOSUMDB="a b c d"\nCOPY go.mod go.sum ./\nRUN go mod download',
    'FROM base AS child\nRUN go build',
    'FROM base AS child\nRUN go install example.com/cmd@v1.0.0',
    { goMod: GO_MOD_PUBLIC, goSum: GO_SUM },
  );
});

test("pattern-invalid: go.mod's requirements", () => {
  const text = dockerfile('FROM golang:1.22 AS v\nENV GOPRIVATE=git.corp.example.com/x/sub\nRUN go mod download');
  around("go.mod's requirements", 'pattern-invalid', text, {}, { goMod: GO_MOD_PUBLIC });
  around('go.mod', 'pattern-invalid', text, {}, { goMod: null });
});

test('go111module-off: the go steps of the stages built on it', () => {
  builtOn(
    'a go step in a stage built on it',
    'go111module-off',
    'FROM golang:1.22 AS base\nENV GO111MODULE=off',
    'FROM base AS child\nRUN true',
    'FROM base AS child\nRUN go build',
  );
});

test('goproxy-invalid: the settings the fix proposes from, go.mod, and the steps of the stages built on it', () => {
  const rejected = dockerfile('FROM golang:1.22 AS v\nENV GOPROXY=,\nRUN go mod download');
  around('the default proxy', 'goproxy-invalid', rejected, {}, { settings: { defaultProxy: 'https://goproxy.io,direct' } });
  around(
    'credentials in the default proxy',
    'goproxy-invalid',
    rejected,
    { settings: { defaultProxy: 'https://athens.example.com' } },
    { settings: { defaultProxy: 'https://u:tok@athens.example.com' } },
  );
  const old = dockerfile('FROM golang:1.12 AS v\nENV GOPROXY=https://goproxy.cn,direct\nCOPY go.mod ./\nRUN go mod download');
  around('modules to download', 'goproxy-invalid', old, {}, { goMod: null });
  builtOn(
    'a download in a stage built on it',
    'goproxy-invalid',
    'FROM golang:1.12 AS base\nENV GOPROXY=https://goproxy.cn,direct',
    'FROM base AS child\nRUN true',
    'FROM base AS child\nCOPY go.mod ./\nRUN go mod download',
  );
});

test('goproxy-credentials: the download steps of the stages built on it get the secret mount', () => {
  builtOn(
    'a download in a stage built on it',
    'goproxy-credentials',
    'FROM golang:1.22 AS base\nENV GOPROXY=https://u:tok@athens.example.com',
    'FROM base AS child\nRUN true',
    'FROM base AS child\nRUN go mod download',
  );
});

test('goproxy-unhealthy: the proxy health the client measured', () => {
  const text = dockerfile('FROM golang:1.22 AS v\nENV GOPROXY=https://goproxy.cn,direct\nRUN go mod download');
  const healthy = HEALTH.map((h) => ({ ...h, url: h.url === 'https://goproxy.io' ? 'https://goproxy.bj' : h.url }));
  around('the health', 'goproxy-unhealthy', text, { settings: { health: HEALTH } }, { settings: { health: healthy } });
});
