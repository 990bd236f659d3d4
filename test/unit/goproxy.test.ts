// GOPROXY rules: a firing and a quiet fixture each, exact positions, and quick-fix round trips.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeDockerfile, assertFixRoundTrip, at, only, type Files } from '../support/analysisHarness';

const df = (...lines: string[]) => lines.join('\n') + '\n';

test('goproxy-invalid: `;` separator is one URL; fix rewrites with `,`', () => {
  const f: Files = { dockerfile: df('FROM golang:1.22', 'ENV GOPROXY=https://goproxy.cn;direct', 'RUN go mod download') };
  const [finding] = only(analyzeDockerfile(f), 'goproxy-invalid');
  assert.ok(finding);
  assert.equal(finding.severity, 'error');
  assert.deepEqual(finding.range, at(1, 12, 1, 37));
  assert.match(finding.message, /host name contains `;`.*Every download fails/);
  const fixed = assertFixRoundTrip(f, 'goproxy-invalid');
  assert.equal(fixed.dockerfile, df('FROM golang:1.22', 'ENV GOPROXY=https://goproxy.cn,direct', 'RUN go mod download'));
});

test('goproxy-invalid: an entry whose requests always fail is a warning when `|` leads to a usable entry, an error when not', () => {
  const sev = (value: string) =>
    only(analyzeDockerfile({ dockerfile: df('FROM golang:1.22', `ENV GOPROXY="${value}"`, 'RUN go mod download') }), 'goproxy-invalid').map((f) => [
      f.severity,
      /never works/.test(f.message),
      f.message.match(/`([^`]*)` (?:has no host|as one URL)/)?.[1],
    ]);
  assert.deepEqual(sev('https://goproxy.cn;direct|https://goproxy.io'), [['warning', true, 'https://goproxy.cn;direct']]);
  assert.deepEqual(sev('http:///mirror|https://goproxy.io'), [['warning', true, 'http:///mirror']]);
  assert.deepEqual(sev('http:///mirror,https://goproxy.io'), [['error', false, 'http:///mirror']]);
  assert.deepEqual(sev('https://goproxy.cn;direct|off'), [['error', false, 'https://goproxy.cn;direct']]);
  assert.deepEqual(sev('https://goproxy.cn;direct|'), [['error', false, 'https://goproxy.cn;direct']]);
  assert.deepEqual(sev('https://goproxy.cn;direct|http:///x|direct'), [
    ['warning', true, 'https://goproxy.cn;direct'],
    ['warning', true, 'http:///x'],
  ]);
  assert.deepEqual(sev('https://goproxy.cn;direct|http:///x'), [
    ['error', false, 'https://goproxy.cn;direct'],
    ['error', false, 'http:///x'],
  ]);
  // Behind a usable entry: reached only for modules it does not serve.
  assert.deepEqual(sev('https://goproxy.io,http:///x'), [['warning', true, 'http:///x']]);
  assert.deepEqual(sev('https://goproxy.io|https://goproxy.cn;direct,direct'), [['warning', true, 'https://goproxy.cn;direct']]);
  // `;` in the path reaches the server: no claim beyond the lost separator.
  const [path] = only(
    analyzeDockerfile({ dockerfile: df('FROM golang:1.22', 'ENV GOPROXY=https://goproxy.cn/;direct', 'RUN go mod download') }),
    'goproxy-invalid',
  );
  assert.equal(path.severity, 'warning');
  assert.match(path.message, /`;` in its path.*What the server makes of that URL decides/);
});

test("goproxy-invalid: `;` after host:port is a parse error of the whole value, in go's words, even before `|`", () => {
  const f: Files = { dockerfile: df('FROM golang:1.22', 'ENV GOPROXY="http://127.0.0.1:8080;direct|https://goproxy.io"', 'RUN go mod download') };
  const [finding] = only(analyzeDockerfile(f), 'goproxy-invalid');
  assert.equal(finding.severity, 'error');
  assert.ok(finding.message.includes('`parse "http://127.0.0.1:8080;direct": invalid port ":8080;direct" after host`'), finding.message);
  assert.match(finding.message, /rejects the whole GOPROXY value.*`;` is not a GOPROXY separator/);
  assert.match(assertFixRoundTrip(f, 'goproxy-invalid').dockerfile!, /GOPROXY="http:\/\/127\.0\.0\.1:8080,direct\|https:\/\/goproxy\.io"/);
});

test('goproxy-invalid: a misspelt direct is rejected by go; fix restores direct', () => {
  const f: Files = { dockerfile: df('FROM golang:1.22', 'ENV GOPROXY=https://goproxy.cn,drect', 'RUN go mod download') };
  const [finding] = only(analyzeDockerfile(f), 'goproxy-invalid');
  assert.deepEqual(finding.range, at(1, 31, 1, 36));
  assert.match(finding.message, /invalid proxy URL missing scheme: drect/);
  const fixed = assertFixRoundTrip(f, 'goproxy-invalid');
  assert.match(fixed.dockerfile!, /GOPROXY=https:\/\/goproxy\.cn,direct\n/);
});

test('goproxy-invalid: quiet on a valid list', () => {
  const findings = analyzeDockerfile({
    dockerfile: df('FROM golang:1.22', 'ENV GOPROXY="https://goproxy.cn|https://proxy.golang.org,direct"', 'RUN go mod download'),
  });
  assert.deepEqual(only(findings, 'goproxy-invalid'), []);
});

test('goproxy-unreachable-entry: entries after direct; fix moves direct last', () => {
  const f: Files = { dockerfile: df('FROM golang:1.22', 'ENV GOPROXY=direct,https://goproxy.cn', 'RUN go mod download') };
  const [finding] = only(analyzeDockerfile(f), 'goproxy-unreachable-entry');
  assert.deepEqual(finding.range, at(1, 19, 1, 37));
  assert.deepEqual(finding.tags, ['unnecessary']);
  const fixed = assertFixRoundTrip(f, 'goproxy-unreachable-entry');
  assert.match(fixed.dockerfile!, /ENV GOPROXY=https:\/\/goproxy\.cn,direct\n/);
  assert.deepEqual(only(analyzeDockerfile({ dockerfile: df('FROM golang:1.22', 'ENV GOPROXY=https://goproxy.cn,direct') }), 'goproxy-unreachable-entry'), []);
});

test('goproxy-off: a download step with GOPROXY=off fails; quiet when vendored', () => {
  const f: Files = { dockerfile: df('FROM golang:1.22', 'ENV GOPROXY=off', 'RUN go mod download') };
  const [finding] = only(analyzeDockerfile(f), 'goproxy-off');
  assert.deepEqual(finding.range, at(2, 4, 2, 19));
  assert.match(finding.message, /module lookup disabled by GOPROXY=off/);
  const fixed = assertFixRoundTrip(f, 'goproxy-off');
  assert.match(fixed.dockerfile!, /ENV GOPROXY=https:\/\/proxy\.golang\.org,direct/);
  // Vendored builds download nothing; `go mod download` itself still would.
  assert.deepEqual(
    only(analyzeDockerfile({ dockerfile: df('FROM golang:1.22', 'ENV GOPROXY=off', 'COPY . .', 'RUN go build ./...'), vendorDir: true }), 'goproxy-off'),
    [],
  );
  assert.equal(only(analyzeDockerfile({ ...f, vendorDir: true }), 'goproxy-off').length, 1);
});

test('goproxy-insecure: http to a remote host; quiet for loopback', () => {
  const f: Files = { dockerfile: df('FROM golang:1.22', 'ENV GOPROXY=http://athens.example.com,direct', 'RUN go mod download') };
  const [finding] = only(analyzeDockerfile(f), 'goproxy-insecure');
  assert.deepEqual(finding.range, at(1, 12, 1, 37));
  const fixed = assertFixRoundTrip(f, 'goproxy-insecure');
  assert.match(fixed.dockerfile!, /GOPROXY=https:\/\/athens\.example\.com,direct/);
  assert.deepEqual(only(analyzeDockerfile({ dockerfile: df('FROM golang:1.22', 'ENV GOPROXY=http://127.0.0.1:3000,direct') }), 'goproxy-insecure'), []);
});

test('goproxy-credentials: user:token in ENV is redacted and moved to a BuildKit secret', () => {
  const f: Files = { dockerfile: df('FROM golang:1.22', 'ENV GOPROXY=https://bob:s3cret@athens.example.com,direct', 'RUN go mod download') };
  const findings = analyzeDockerfile(f);
  const [finding] = only(findings, 'goproxy-credentials');
  assert.deepEqual(finding.range, at(1, 12, 1, 49));
  for (const x of findings) {
    assert.ok(!x.message.includes('s3cret'), `credential in message of ${x.rule}`);
    for (const fix of x.fixes) assert.ok(!fix.title.includes('s3cret'), `credential in fix title of ${x.rule}`);
  }
  const fixed = assertFixRoundTrip(f, 'goproxy-credentials');
  assert.equal(
    fixed.dockerfile,
    df('FROM golang:1.22', 'ENV GOPROXY=https://athens.example.com,direct', 'RUN --mount=type=secret,id=netrc,target=/root/.netrc go mod download'),
  );
  assert.deepEqual(only(analyzeDockerfile({ dockerfile: df('FROM golang:1.22', 'ENV GOPROXY=https://athens.example.com,direct') }), 'goproxy-credentials'), []);
});

test('goproxy-no-direct: hint when a company proxy with no way out gets a private module; fix appends ,direct', () => {
  const goMod = df('module example.com/app', '', 'go 1.22', '', 'require (', '\tgithub.com/google/uuid v1.6.0', '\tgit.corp.internal/team/lib v1.0.0', ')');
  const f: Files = { dockerfile: df('FROM golang:1.22', 'ENV GOPROXY=https://athens.example.com', 'RUN go mod download'), goMod };
  const [finding] = only(analyzeDockerfile(f), 'goproxy-no-direct');
  assert.equal(finding.severity, 'hint');
  assert.deepEqual(finding.range, at(1, 12, 1, 38));
  assert.match(finding.message, /git\.corp\.internal\/team\/lib/);
  const fixed = assertFixRoundTrip(f, 'goproxy-no-direct');
  assert.match(fixed.dockerfile!, /GOPROXY=https:\/\/athens\.example\.com,direct/);
  const quiet = (dockerfile: string, mod = goMod) => assert.deepEqual(only(analyzeDockerfile({ dockerfile, goMod: mod }), 'goproxy-no-direct'), [], dockerfile);
  // `off` ends the list on purpose.
  quiet(df('FROM golang:1.22', 'ENV GOPROXY=https://athens.example.com,off', 'RUN go mod download'));
  // Public mirrors serve every public module; private ones sent there are private-module-proxied's.
  quiet(df('FROM golang:1.22', 'ENV GOPROXY=https://goproxy.cn', 'RUN go mod download'));
  // Nothing shows a private module: the company proxy serves what the build needs.
  quiet(f.dockerfile!, df('module example.com/app', '', 'go 1.22', '', 'require github.com/google/uuid v1.6.0'));
  quiet(f.dockerfile!, df('module example.com/app', '', 'go 1.22', '', 'require git.acme-corp.com/team/lib v1.0.0'));
  // The private module does not go through the proxy.
  quiet(df('FROM golang:1.22', 'ENV GOPROXY=https://athens.example.com GOPRIVATE=git.corp.internal', 'RUN go mod download'));
  // No download step reads the value.
  quiet(df('FROM golang:1.22', 'ENV GOPROXY=https://athens.example.com', 'RUN echo hi'));
});

test('goproxy-unhealthy: measured failure; fix switches to the fastest healthy mirror', () => {
  const health = [
    { url: 'https://goproxy.cn', ok: false, error: 'connection refused', checkedAt: '2026-11-24T00:00:00Z' },
    { url: 'https://goproxy.io', ok: true, latencyMs: 80, checkedAt: '2026-11-24T00:00:00Z' },
  ];
  const f: Files = { dockerfile: df('FROM golang:1.22', 'ENV GOPROXY=https://goproxy.cn,direct', 'RUN go mod download'), settings: { health } };
  const [finding] = only(analyzeDockerfile(f), 'goproxy-unhealthy');
  assert.deepEqual(finding.range, at(1, 12, 1, 30));
  assert.match(finding.message, /connection refused/);
  const fixed = assertFixRoundTrip(f, 'goproxy-unhealthy');
  assert.match(fixed.dockerfile!, /GOPROXY=https:\/\/goproxy\.io,direct/);
  assert.deepEqual(only(analyzeDockerfile({ ...f, settings: {} }), 'goproxy-unhealthy'), []);
});

test('goproxy-unset: information when a sibling Dockerfile of the same module sets GOPROXY; fix inserts ENV after FROM', () => {
  const sibling = { uri: 'file:///ws/Dockerfile.dev', text: df('FROM golang:1.22', 'ENV GOPROXY=https://goproxy.cn,direct', 'RUN go mod download') };
  const dockerfile = df('FROM golang:1.22 AS build', 'WORKDIR /src', 'COPY go.mod go.sum ./', 'RUN go mod download');
  const f: Files = { dockerfile, buildFiles: [sibling], siblingDockerfiles: [sibling.uri] };
  const [finding] = only(analyzeDockerfile(f), 'goproxy-unset');
  assert.equal(finding.severity, 'information');
  assert.deepEqual(finding.range, at(3, 4, 3, 19));
  assert.match(finding.message, /Dockerfile\.dev, which builds the same module, sets GOPROXY=`https:\/\/goproxy\.cn,direct` \(line 2\)/);
  const fixed = assertFixRoundTrip(f, 'goproxy-unset');
  // The fix takes the value the sibling chose.
  assert.equal(
    fixed.dockerfile,
    df('FROM golang:1.22 AS build', 'ENV GOPROXY=https://goproxy.cn,direct', 'WORKDIR /src', 'COPY go.mod go.sum ./', 'RUN go mod download'),
  );
  // Another Dockerfile of the workspace that does not build this module is no reason.
  assert.deepEqual(only(analyzeDockerfile({ dockerfile, buildFiles: [sibling] }), 'goproxy-unset'), []);
});

test('goproxy-unset: quiet with no reason to leave the default proxy, or when GOPROXY is bound in scope', () => {
  const dockerfile = df('FROM golang:1.22', 'COPY go.mod go.sum ./', 'RUN go mod download');
  assert.deepEqual(only(analyzeDockerfile({ dockerfile }), 'goproxy-unset'), []);
  // The display language alone is no reason.
  assert.deepEqual(only(analyzeDockerfile({ dockerfile, locale: 'zh-cn' }), 'goproxy-unset'), []);
  // With a reason (the defaultProxy setting), any binding is a choice: ARG without default, explicit empty ENV.
  const settings = { defaultProxy: 'https://goproxy.cn,direct' };
  assert.equal(only(analyzeDockerfile({ dockerfile, settings }), 'goproxy-unset').length, 1);
  for (const bind of ['ARG GOPROXY', 'ENV GOPROXY=""', 'ARG GOPROXY=https://goproxy.io']) {
    assert.deepEqual(
      only(analyzeDockerfile({ dockerfile: df('FROM golang:1.22', bind, 'COPY go.mod go.sum ./', 'RUN go mod download'), settings }), 'goproxy-unset'),
      [],
      bind,
    );
  }
});

test('goproxy-unset: a global ARG GOPROXY not declared again in the stage; its value is lost for certain (warning), none is lost without one (information)', () => {
  const [finding] = only(
    analyzeDockerfile({ dockerfile: df('ARG GOPROXY=https://goproxy.cn,direct', 'FROM golang:1.22', 'RUN go mod download') }),
    'goproxy-unset',
  );
  assert.equal(finding.severity, 'warning');
  const [empty] = only(analyzeDockerfile({ dockerfile: df('ARG GOPROXY', 'FROM golang:1.22', 'RUN go mod download') }), 'goproxy-unset');
  assert.equal(empty.severity, 'information');
  const [given] = only(
    analyzeDockerfile({ dockerfile: df('ARG GOPROXY', 'FROM golang:1.22', 'RUN go mod download'), buildArgs: { GOPROXY: 'https://goproxy.cn' } }),
    'goproxy-unset',
  );
  assert.equal(given.severity, 'warning');
  assert.deepEqual(finding.range, at(2, 4, 2, 19));
  assert.match(finding.message, /build argument GOPROXY declared on line 1 does not reach this stage/);
  assert.deepEqual(
    only(
      analyzeDockerfile({ dockerfile: df('ARG GOPROXY=https://goproxy.cn,direct', 'FROM golang:1.22', 'ARG GOPROXY', 'RUN go mod download') }),
      'goproxy-unset',
    ),
    [],
  );
});

test('goproxy-unset: warning when the default proxy is measured failing; zh-cn proposes goproxy.cn', () => {
  const health = [{ url: 'https://proxy.golang.org', ok: false, error: 'TCP connect timeout', checkedAt: '2026-11-24T00:00:00Z' }];
  const f: Files = { dockerfile: df('FROM golang:1.22', 'RUN go build ./...'), settings: { health }, locale: 'zh-cn' };
  const [finding] = only(analyzeDockerfile(f), 'goproxy-unset');
  assert.equal(finding.severity, 'warning');
  assert.match(finding.message, /没有设置 GOPROXY/);
  assert.match(finding.fixes[0].title, /goproxy\.cn/);
});

test('goproxy-unset: says when another stage, not a base of this one, sets GOPROXY', () => {
  const lines = ['FROM golang:1.22 AS base', 'ENV GOPROXY=https://goproxy.cn,direct', 'FROM golang:1.22 AS build', 'RUN go mod download'];
  const [finding] = only(analyzeDockerfile({ dockerfile: df(...lines) }), 'goproxy-unset');
  assert.match(finding.message, /set in stage `base` \(line 2\), which this stage does not build on/);
  lines[2] = 'FROM base AS build';
  assert.deepEqual(only(analyzeDockerfile({ dockerfile: df(...lines) }), 'goproxy-unset'), []);
});

test('goproxy-unset: with the defaultProxy setting, merges it into an existing ENV line of the stage', () => {
  const f: Files = { dockerfile: df('FROM golang:1.22', 'ENV CGO_ENABLED=0', 'RUN go mod download'), settings: { defaultProxy: 'https://goproxy.cn,direct' } };
  const [finding] = only(analyzeDockerfile(f), 'goproxy-unset');
  assert.match(finding.message, /goProxyDoctor\.defaultProxy is `https:\/\/goproxy\.cn,direct`/);
  const fixed = assertFixRoundTrip(f, 'goproxy-unset');
  assert.equal(fixed.dockerfile, df('FROM golang:1.22', 'ENV CGO_ENABLED=0 GOPROXY=https://goproxy.cn,direct', 'RUN go mod download'));
});

test('goproxy-invalid: a list of separators only is rejected by go; fix sets a mirror', () => {
  const f: Files = { dockerfile: df('FROM golang:1.22', 'ENV GOPROXY=,', 'RUN go mod download') };
  const [finding] = only(analyzeDockerfile(f), 'goproxy-invalid');
  assert.match(finding.message, /GOPROXY list is not the empty string, but contains no entries/);
  assert.deepEqual(finding.range, at(1, 12, 1, 13));
  const fixed = assertFixRoundTrip(f, 'goproxy-invalid');
  assert.match(fixed.dockerfile!, /ENV GOPROXY=https:\/\/proxy\.golang\.org,direct\n/);
});

test('goproxy-off: quiet when every required module is private and so fetched directly', () => {
  const goMod = df('module example.com/app', '', 'go 1.22', '', 'require git.corp.internal/lib v1.0.0');
  const dockerfile = df('FROM golang:1.22', 'ENV GOPROXY=off GOPRIVATE=git.corp.internal', 'RUN go mod download');
  assert.deepEqual(only(analyzeDockerfile({ dockerfile, goMod }), 'goproxy-off'), []);
  const withPublic = goMod + 'require github.com/google/uuid v1.6.0\n';
  assert.equal(only(analyzeDockerfile({ dockerfile, goMod: withPublic }), 'goproxy-off').length, 1);
});
