// GOPROXY on Go 1.11 and 1.12 images, which read it as a single URL (Go 1.12's modfetch/proxy.go rejects a comma
// with "invalid $GOPROXY setting: cannot have comma"; its help: unset, empty or "direct" means direct connections).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AnalysisContext } from '../../server/src/model/context';
import { DEFAULT_SETTINGS } from '../../server/src/core/types';
import { mirrorEditFor } from '../../server/src/services/mirrorEdit';
import { analyzeDockerfile, applyFix, assertFixRoundTrip, DOCKERFILE_URI, only, type Files } from '../support/analysisHarness';

const df = (...lines: string[]) => lines.join('\n') + '\n';
const GOMOD = df('module example.com/app', '', 'go 1.12', '', 'require github.com/pkg/errors v0.9.1');
const SICK = {
  health: [
    { url: 'https://proxy.golang.org', ok: false, error: 'timeout', checkedAt: '2025-01-01T00:00:00Z' },
    { url: 'https://goproxy.cn', ok: true, latencyMs: 40, checkedAt: '2025-01-01T00:00:00Z' },
  ],
};

test('goproxy-invalid: a list on a Go 1.12 image fails the download that must go through it (error); fix keeps the first URL', () => {
  const f: Files = {
    dockerfile: df(
      'FROM golang:1.12-alpine',
      'ENV GO111MODULE=on GOPROXY=https://goproxy.cn,direct',
      'WORKDIR /src',
      'COPY go.mod go.sum ./',
      'RUN go mod download',
    ),
    goMod: GOMOD,
  };
  const [finding] = only(analyzeDockerfile(f), 'goproxy-invalid');
  assert.equal(finding.severity, 'error');
  assert.equal(
    finding.message,
    '`golang:1.12-alpine` has Go 1.12, which reads GOPROXY as a single URL: lists, and `direct` inside them, came with Go 1.13. Go 1.12 and the later 1.11 releases reject this value ("invalid $GOPROXY setting: cannot have comma"); earlier 1.11 releases take it as one URL with a comma in its host. `go mod download` must download modules through it, so it fails.',
  );
  const fixed = assertFixRoundTrip(f, 'goproxy-invalid');
  assert.match(fixed.dockerfile!, /GOPROXY=https:\/\/goproxy\.cn\n/);
  // The same list on Go 1.13 is fine; a single URL on Go 1.12 is fine.
  assert.deepEqual(only(analyzeDockerfile({ ...f, dockerfile: f.dockerfile!.replace('1.12-alpine', '1.13') }), 'goproxy-invalid'), []);
  assert.deepEqual(only(analyzeDockerfile(fixed), 'goproxy-invalid'), []);
});

test('goproxy-invalid: on Go 1.11 without a certain download it is information; a pipe list is a malformed URL there', () => {
  const [noMod] = only(
    analyzeDockerfile({ dockerfile: df('FROM golang:1.11', 'ENV GOPROXY=https://goproxy.io,direct', 'RUN go build ./...') }),
    'goproxy-invalid',
  );
  assert.equal(noMod.severity, 'information');
  assert.doesNotMatch(noMod.message, /so it fails/);
  const cached = df('FROM golang:1.11', 'ENV GO111MODULE=on GOPROXY=https://goproxy.io,direct', 'RUN --mount=type=cache,target=/go/pkg/mod go mod download');
  assert.equal(only(analyzeDockerfile({ dockerfile: cached, goMod: GOMOD }), 'goproxy-invalid')[0].severity, 'information');
  const [pipe] = only(
    analyzeDockerfile({
      dockerfile: df('FROM golang:1.12', 'ENV GO111MODULE=on GOPROXY="https://a.example|https://b.example"', 'RUN go mod download'),
      goMod: GOMOD,
    }),
    'goproxy-invalid',
  );
  assert.match(
    pipe.message,
    /`\|` separates proxies only since Go 1\.15, and the go command rejects this value as a malformed URL\. `go mod download` must download/,
  );
  // An image we cannot date gets no such claim.
  assert.deepEqual(
    only(
      analyzeDockerfile({ dockerfile: df('FROM golang:alpine', 'ENV GOPROXY=https://goproxy.io,direct', 'RUN go mod download'), goMod: GOMOD }),
      'goproxy-invalid',
    ),
    [],
  );
});

test('goproxy-unset on Go 1.12: the default is direct, not proxy.golang.org; the fix sets one URL, never a list', () => {
  const f: Files = {
    dockerfile: df('FROM golang:1.12', 'ENV GO111MODULE=on', 'RUN go mod download'),
    goMod: GOMOD,
    settings: { defaultProxy: 'https://goproxy.cn,direct' },
  };
  const [finding] = only(analyzeDockerfile(f), 'goproxy-unset');
  assert.match(finding.message, /^`go mod download` runs with no GOPROXY, so Go 1\.12 fetches every module straight from its version control server/);
  const fixed = applyFix(f, finding.fixes[0]);
  assert.match(fixed.dockerfile!, /GOPROXY=https:\/\/goproxy\.cn\n/);
  // The default proxy's health says nothing about a Go 1.12 build.
  assert.deepEqual(only(analyzeDockerfile({ dockerfile: f.dockerfile, goMod: GOMOD, settings: SICK }), 'goproxy-unset'), []);
  const modern = only(analyzeDockerfile({ dockerfile: f.dockerfile!.replace('1.12', '1.13'), goMod: GOMOD, settings: SICK }), 'goproxy-unset');
  assert.match(
    applyFix({ dockerfile: f.dockerfile!.replace('1.12', '1.13'), goMod: GOMOD, settings: SICK }, modern[0].fixes[0]).dockerfile!,
    /GOPROXY=https:\/\/goproxy\.cn,direct/,
  );
});

test('goproxy-off and goproxy-unhealthy on Go 1.12 propose one URL; goproxy-no-direct stays quiet (no `,direct` before Go 1.13)', () => {
  const off: Files = {
    dockerfile: df('FROM golang:1.12', 'ENV GO111MODULE=on GOPROXY=off', 'RUN go mod download'),
    goMod: GOMOD,
    settings: { defaultProxy: 'https://goproxy.cn,direct' },
  };
  assert.match(applyFix(off, only(analyzeDockerfile(off), 'goproxy-off')[0].fixes[0]).dockerfile!, /GOPROXY=https:\/\/goproxy\.cn\n/);
  const sick: Files = {
    dockerfile: df('FROM golang:1.12', 'ENV GO111MODULE=on GOPROXY=https://proxy.golang.org', 'RUN go mod download'),
    goMod: GOMOD,
    settings: SICK,
  };
  assert.match(applyFix(sick, only(analyzeDockerfile(sick), 'goproxy-unhealthy')[0].fixes[0]).dockerfile!, /GOPROXY=https:\/\/goproxy\.cn\n/);
  const priv = df('module example.com/app', '', 'go 1.12', '', 'require git.corp.internal/team/lib v1.0.0');
  const noDirect = (image: string) =>
    only(
      analyzeDockerfile({ dockerfile: df(`FROM ${image}`, 'ENV GO111MODULE=on GOPROXY=https://athens.corp.example.com', 'RUN go mod download'), goMod: priv }),
      'goproxy-no-direct',
    );
  assert.equal(noDirect('golang:1.13').length, 1);
  assert.deepEqual(noDirect('golang:1.12'), []);
});

test('mirrorEdit on a Go 1.12 stage writes the mirror alone', () => {
  const edit = (image: string) => {
    const ctx = new AnalysisContext({
      file: { uri: DOCKERFILE_URI, text: df(`FROM ${image}`, 'ENV GOPROXY=https://proxy.golang.org', 'RUN go mod download') },
      kind: 'dockerfile',
      related: {},
      settings: DEFAULT_SETTINGS,
      locale: 'en',
    });
    return mirrorEditFor(ctx, { line: 2, character: 5 }, 'https://goproxy.cn')!.edits[0].newText;
  };
  assert.equal(edit('golang:1.12'), 'https://goproxy.cn');
  assert.equal(edit('golang:1.13'), 'https://goproxy.cn,https://proxy.golang.org,direct');
});
