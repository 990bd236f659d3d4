// Stage reports kept across analyses by the credentials and secret rules: each case makes a keystroke that leaves a
// stage alone while it changes something that stage's judgement reads (the homes of the users another stage creates,
// whether lines follow the last stage, which stages the image is made of, a later stage's use of an ENV), and holds
// the incremental analysis, fixes included, to a fresh one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AnalysisRequest } from '../../server/src/core/request';
import type { BuildInvocation } from '../../server/src/core/buildArgs';
import { DEFAULT_SETTINGS, type Finding, type Locale, type RuleId } from '../../server/src/core/types';
import { DOCKERFILE_URI } from '../support/analysisHarness';
import { plain, reanalysed as reanalysedRequests } from '../support/stageReports';

interface Inputs {
  text: string;
  locale?: Locale;
  invocations?: BuildInvocation[];
}

function request(x: Inputs): AnalysisRequest {
  return {
    file: { uri: DOCKERFILE_URI, text: x.text },
    kind: 'dockerfile',
    related: { invocations: x.invocations },
    settings: DEFAULT_SETTINGS,
    locale: x.locale ?? 'en',
  };
}

/** Findings with their fixes worked out (which a kept finding keeps), as plain data. */
const only = (findings: Finding[], rule: RuleId) => findings.filter((f) => f.rule === rule);

/** Analyses `next` with the analysis of `before` as the previous one (see reanalysed in test/support). */
const reanalysed = (before: Inputs, next: Inputs) => reanalysedRequests(request(before), request(next));

function assertFollowed(what: string, rule: RuleId, before: Inputs, next: Inputs): void {
  const { previous, findings, fresh, kept } = reanalysed(before, next);
  assert.ok(kept, `${what}: a stage is taken over`);
  assert.notDeepEqual(plain(only(fresh, rule)), plain(only(previous, rule)), `${what} changes ${rule}'s findings`);
  assert.deepEqual(plain(only(findings, rule)), plain(only(fresh, rule)), what);
}

const USERS = (run: string) => `FROM alpine AS users\n${run}\n`;
const NO_USER = USERS('RUN echo');
const USER_1000 = USERS('RUN useradd -u 1000 -d /srv/app app');

test('secret-mount-target: a user created in another stage moves the home a mount is judged against', () => {
  const stage = 'FROM golang:1.22 AS build\nUSER 1000\nWORKDIR /src\nRUN --mount=type=secret,id=netrc,target=~/.netrc go mod download\n';
  assertFollowed('the created user', 'secret-mount-target', { text: NO_USER + stage }, { text: USER_1000 + stage });
  assertFollowed('the locale', 'secret-mount-target', { text: NO_USER + stage }, { text: USERS('RUN echo x') + stage, locale: 'zh-cn' });
});

test('credentials-in-image: a user created in another stage moves the secret mount its fix adds', () => {
  const stage = 'FROM golang:1.22 AS build\nUSER 1000\nWORKDIR /src\nCOPY .netrc ./\nRUN go mod download\n';
  assertFollowed('the created user', 'credentials-in-image', { text: NO_USER + stage }, { text: USER_1000 + stage });
  assertFollowed('the locale', 'credentials-in-image', { text: NO_USER + stage }, { text: USERS('RUN echo x') + stage, locale: 'zh-cn' });
});

test('credentials-in-image: a line after the last stage keeps the line break its fix removes', () => {
  const text = 'FROM golang:1.22 AS build\nCOPY .netrc /root/.netrc';
  assertFollowed('a line after the COPY', 'credentials-in-image', { text }, { text: `${text}\n` });
});

test('secret-in-build-log: the locale of the messages', () => {
  const text = 'FROM golang:1.22 AS a\nARG NPM_TOKEN\nRUN echo $NPM_TOKEN\nFROM golang:1.22 AS b\nRUN echo\n';
  assertFollowed('the locale', 'secret-in-build-log', { text }, { text: text.replace('RUN echo\n', 'RUN echo b\n'), locale: 'zh-cn' });
});

const TOKEN_STAGE = 'FROM golang:1.22 AS base\nARG GH_TOKEN=ghp_0123456789abcdefghijABCDEFGHIJ012345\nENV GH_TOKEN=ghp_0123456789abcdefghijABCDEFGHIJ012345\n';

test('credentials-in-env and credentials-in-build-arg: which stages the image is made of', () => {
  const last = 'FROM alpine AS tools\nRUN echo\n';
  for (const rule of ['credentials-in-env', 'credentials-in-build-arg'] as RuleId[]) {
    // Another last stage: the stage with the token is no longer built into the image, and again is.
    assertFollowed('the last stage', rule, { text: TOKEN_STAGE }, { text: TOKEN_STAGE + last });
    assertFollowed('the last stage', rule, { text: TOKEN_STAGE + last }, { text: TOKEN_STAGE });
    const target: BuildInvocation = {
      kind: 'compose',
      label: 'compose.yaml service api',
      dockerfile: DOCKERFILE_URI,
      context: 'file:///ws',
      target: 'base',
      args: {},
    };
    assertFollowed('the build target', rule, { text: TOKEN_STAGE + last }, { text: TOKEN_STAGE + last, invocations: [target] });
    // A keystroke in a stage the image is not made of.
    assertFollowed('the locale', rule, { text: NO_USER + TOKEN_STAGE }, { text: USERS('RUN echo x') + TOKEN_STAGE, locale: 'zh-cn' });
  }
});

test('credentials-in-env: a stage built on the stage of an ENV uses it as credentials', () => {
  const base = 'FROM golang:1.22 AS base\nENV GH_TOKEN=x\n';
  const use = (run: string) => `FROM base AS build\n${run}\n`;
  const git = 'RUN git config --global url."https://ci:${GH_TOKEN}@github.com/".insteadOf https://github.com/';
  assertFollowed('a use in a later stage', 'credentials-in-env', { text: base + use('RUN echo') }, { text: base + use(git) });
});
