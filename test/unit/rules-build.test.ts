// Build-structure rules: scoping, step order, cache mounts, network, toolchain, credentials, replace paths.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze } from '../../server/src/analysis';
import type { RelatedFiles } from '../../server/src/core/request';
import { DEFAULT_SETTINGS } from '../../server/src/core/types';
import { analyzeDockerfile, analyzeGoMod, applyFix, assertFixRoundTrip, at, DOCKERFILE_URI, GOMOD_URI, only, type Files } from '../support/analysisHarness';

const df = (...lines: string[]) => lines.join('\n') + '\n';
const GOMOD_122 = 'module example.com/app\n\ngo 1.22\n\nrequire github.com/google/uuid v1.6.0\n';
const GOMOD_123 = df('module example.com/app', '', 'go 1.23.4', '', 'require github.com/google/uuid v1.6.0');

test('arg-out-of-scope: a global ARG referenced in a stage expands empty; fix re-declares it', () => {
  const f: Files = { dockerfile: df('ARG GOPROXY=https://goproxy.cn,direct', 'FROM golang:1.22', 'ENV GOPROXY=${GOPROXY}', 'RUN go mod download') };
  const findings = analyzeDockerfile(f);
  const [finding] = only(findings, 'arg-out-of-scope');
  assert.deepEqual(finding.range, at(2, 12, 2, 22));
  assert.match(finding.message, /declared before the first FROM/);
  // The ENV binds GOPROXY (to an empty value, i.e. the default proxy): arg-out-of-scope speaks for it, not goproxy-unset.
  assert.deepEqual(only(findings, 'goproxy-unset'), []);
  const fixed = assertFixRoundTrip(f, 'arg-out-of-scope');
  assert.equal(
    fixed.dockerfile,
    df('ARG GOPROXY=https://goproxy.cn,direct', 'FROM golang:1.22', 'ARG GOPROXY', 'ENV GOPROXY=${GOPROXY}', 'RUN go mod download'),
  );
  assert.deepEqual(only(analyzeDockerfile(fixed), 'goproxy-unset'), []);
});

test('env-set-after-use: ENV after the download step; fix moves it above', () => {
  const f: Files = {
    dockerfile: df('FROM golang:1.22', 'COPY go.mod go.sum ./', 'RUN go mod download', 'ENV GOPROXY=https://goproxy.cn,direct', 'RUN go build ./...'),
  };
  const [finding] = only(analyzeDockerfile(f), 'env-set-after-use');
  assert.deepEqual(finding.range, at(3, 4, 3, 37));
  assert.match(finding.message, /line 3/);
  const fixed = assertFixRoundTrip(f, 'env-set-after-use');
  assert.equal(
    fixed.dockerfile,
    df('FROM golang:1.22', 'COPY go.mod go.sum ./', 'ENV GOPROXY=https://goproxy.cn,direct', 'RUN go mod download', 'RUN go build ./...'),
  );
});

test('modfiles-copy-order: COPY . . before the first download; fix copies go.mod/go.sum first', () => {
  const f: Files = {
    dockerfile: df('FROM golang:1.22', 'WORKDIR /src', 'COPY . .', 'RUN go mod download && go build -o /app .'),
    goMod: GOMOD_123.replace('1.23.4', '1.22'),
    goSum: '',
  };
  const [finding] = only(analyzeDockerfile(f), 'modfiles-copy-order');
  assert.deepEqual(finding.range, at(2, 0, 2, 8));
  const fixed = assertFixRoundTrip(f, 'modfiles-copy-order');
  assert.equal(
    fixed.dockerfile,
    df('FROM golang:1.22', 'WORKDIR /src', 'COPY go.mod go.sum ./', 'RUN go mod download', 'COPY . .', 'RUN go mod download && go build -o /app .'),
  );
  // Vendored: builds use vendor/ and download nothing (a `go mod download` still would).
  assert.deepEqual(
    only(
      analyzeDockerfile({ ...f, dockerfile: df('FROM golang:1.22', 'WORKDIR /src', 'COPY . .', 'RUN go build -o /app .'), vendorDir: true }),
      'modfiles-copy-order',
    ),
    [],
  );
  assert.equal(only(analyzeDockerfile({ ...f, vendorDir: true }), 'modfiles-copy-order').length, 1);
});

test('mod-cache-mount: hint on download and build steps; follows GOPATH', () => {
  // A build stage (a final stage that only downloads would be a dependency image).
  const f: Files = { dockerfile: df('FROM golang:1.22', 'RUN go mod download', 'FROM scratch'), goMod: GOMOD_122 };
  const [finding] = only(analyzeDockerfile(f), 'mod-cache-mount');
  assert.equal(finding.severity, 'hint');
  assert.deepEqual(finding.range, at(1, 4, 1, 19));
  const fixed = assertFixRoundTrip(f, 'mod-cache-mount');
  assert.equal(fixed.dockerfile, df('FROM golang:1.22', 'RUN --mount=type=cache,target=/go/pkg/mod go mod download', 'FROM scratch'));
  const build = assertFixRoundTrip({ dockerfile: df('FROM golang:1.22', 'ENV GOPATH=/gopath', 'RUN go build ./...'), goMod: GOMOD_122 }, 'mod-cache-mount');
  assert.match(build.dockerfile!, /RUN --mount=type=cache,target=\/gopath\/pkg\/mod --mount=type=cache,target=\/root\/\.cache\/go-build go build/);
  // Without a go.mod in view a build may download nothing: only a fetch by version is sure to.
  assert.deepEqual(only(analyzeDockerfile({ dockerfile: df('FROM golang:1.22', 'RUN go build ./...') }), 'mod-cache-mount'), []);
  assert.equal(
    only(analyzeDockerfile({ dockerfile: df('FROM golang:1.22', 'RUN go install golang.org/x/tools/cmd/stringer@v0.20.0') }), 'mod-cache-mount').length,
    1,
  );
});

test('network-none: a first download with --network=none fails; quiet after an earlier download', () => {
  const [finding] = only(analyzeDockerfile({ dockerfile: df('FROM golang:1.22', 'RUN --network=none go build ./...') }), 'network-none');
  assert.equal(finding.severity, 'error');
  assert.deepEqual(finding.range, at(1, 19, 1, 27));
  assert.deepEqual(
    only(analyzeDockerfile({ dockerfile: df('FROM golang:1.22', 'RUN go mod download', 'RUN --network=none go build ./...') }), 'network-none'),
    [],
  );
});

test('toolchain-download: image older than go.mod with GOTOOLCHAIN=local fails; fix bumps the tag keeping the suffix', () => {
  const f: Files = { dockerfile: df('FROM golang:1.22-alpine', 'RUN go mod download'), goMod: GOMOD_123 };
  const [finding] = only(analyzeDockerfile(f), 'toolchain-download');
  assert.equal(finding.severity, 'error');
  assert.deepEqual(finding.range, at(0, 5, 0, 23));
  assert.match(finding.message, /GOTOOLCHAIN=local/);
  const fixed = assertFixRoundTrip(f, 'toolchain-download');
  assert.equal(fixed.dockerfile, df('FROM golang:1.23.4-alpine', 'RUN go mod download'));
  assert.deepEqual(only(analyzeDockerfile({ ...f, dockerfile: df('FROM golang:1.23', 'RUN go mod download') }), 'toolchain-download'), []);
});

test('toolchain-download: GOTOOLCHAIN=auto downloads through GOPROXY (warning); Go 1.20 cannot parse', () => {
  const auto = only(
    analyzeDockerfile({ dockerfile: df('FROM golang:1.22', 'ENV GOTOOLCHAIN=auto', 'RUN go mod download'), goMod: GOMOD_123 }),
    'toolchain-download',
  );
  assert.equal(auto[0].severity, 'warning');
  assert.match(auto[0].message, /golang\.org\/toolchain@v0\.0\.1-go1\.23\.4/);
  // The floating 1.20 tag runs 1.20.8 or later, which refuses to compile go 1.22+ code; 1.20.5 cannot even parse a three-part version.
  const floating = only(
    analyzeDockerfile({ dockerfile: df('FROM golang:1.20', 'RUN go mod download', 'RUN go build ./cmd/app'), goMod: GOMOD_123 }),
    'toolchain-download',
  );
  assert.equal(floating[0].severity, 'error');
  assert.match(floating[0].message, /This go\.mod declares go 1\.23\.4, so `go build` fails with "example\.com\/app: cannot compile Go 1\.22 code"/);
  assert.deepEqual(only(analyzeDockerfile({ dockerfile: df('FROM golang:1.20', 'RUN go mod download'), goMod: GOMOD_123 }), 'toolchain-download'), []);
  const old = only(analyzeDockerfile({ dockerfile: df('FROM golang:1.20.5', 'RUN go mod download'), goMod: GOMOD_123 }), 'toolchain-download');
  assert.match(old[0].message, /invalid go version '1\.23\.4': must match format 1\.23/);
});

test('toolchain-download: an ARG-parameterised tag is bumped at the ARG default', () => {
  const f: Files = { dockerfile: df('ARG GO_VERSION=1.22', 'FROM golang:${GO_VERSION}-bookworm AS build', 'RUN go mod download'), goMod: GOMOD_123 };
  const fixed = assertFixRoundTrip(f, 'toolchain-download');
  assert.match(fixed.dockerfile!, /^ARG GO_VERSION=1\.23\.4\n/);
});

test('credentials-in-image: COPY .netrc; fix mounts it as a BuildKit secret', () => {
  const f: Files = { dockerfile: df('FROM golang:1.22', 'COPY .netrc /root/.netrc', 'RUN go mod download') };
  const [finding] = only(analyzeDockerfile(f), 'credentials-in-image');
  assert.equal(finding.severity, 'warning');
  assert.deepEqual(finding.range, at(1, 5, 1, 11));
  const fixed = assertFixRoundTrip(f, 'credentials-in-image');
  assert.equal(fixed.dockerfile, df('FROM golang:1.22', 'RUN --mount=type=secret,id=netrc,target=/root/.netrc go mod download'));
});

test('credentials-in-image: netrc written by RUN and token URLs in git config, redacted', () => {
  const findings = only(
    analyzeDockerfile({
      dockerfile: df(
        'FROM golang:1.22',
        'RUN echo "machine git.corp.example.com login ci password hunter2" > ~/.netrc',
        'RUN git config --global url."https://oauth2:glpat-SECRET@gitlab.com/".insteadOf "https://gitlab.com/"',
      ),
    }),
    'credentials-in-image',
  );
  assert.equal(findings.length, 2);
  assert.deepEqual(
    findings.map((x) => x.range.start.line),
    [1, 2],
  );
  assert.ok(findings.every((x) => !x.message.includes('glpat-SECRET')));
  assert.deepEqual(
    only(
      analyzeDockerfile({ dockerfile: df('FROM golang:1.22', 'RUN --mount=type=secret,id=netrc,target=/root/.netrc go mod download') }),
      'credentials-in-image',
    ),
    [],
  );
});

test('gomod-replace-outside-context: ../lib is out of reach of COPY when compose/bake declare the context', () => {
  const goMod = df('module example.com/app', '', 'go 1.22', '', 'replace example.com/lib => ../lib', 'replace example.com/util => ./util');
  const dockerfile = df('FROM golang:1.22', 'COPY . .', 'RUN go build ./...');
  const run = (related: Partial<RelatedFiles>) =>
    only(
      analyze({
        file: { uri: GOMOD_URI, text: goMod },
        kind: 'gomod',
        related: { dockerfiles: [{ uri: DOCKERFILE_URI, text: dockerfile }], ...related },
        settings: { ...DEFAULT_SETTINGS },
        locale: 'en',
      }),
      'gomod-replace-outside-context',
    );
  const findings = run({ contextDir: 'file:///ws', contextDeclared: true });
  assert.equal(findings.length, 1);
  assert.deepEqual(findings[0].range, at(4, 27, 4, 33));
  // The Dockerfile's own folder is only a guess (`docker build -f ws/Dockerfile ..` is common): no claim without a declared context.
  assert.deepEqual(run({}), []);
  assert.deepEqual(run({ contextDir: 'file:///ws', contextDeclared: false }), []);
  assert.deepEqual(only(analyzeGoMod({ goMod, dockerfile }), 'gomod-replace-outside-context'), []);
  // A declared context above the module reaches ../lib.
  assert.deepEqual(run({ contextDir: 'file:///', contextDeclared: true }), []);
  assert.deepEqual(only(analyzeGoMod({ goMod }), 'gomod-replace-outside-context'), [], 'no Dockerfile builds it: no context to check against');
});

test('go steps inside heredocs and sh -c are found with exact positions', () => {
  // goproxy-unset reports on the go step itself; the defaultProxy setting gives it a reason to speak.
  const settings = { defaultProxy: 'https://goproxy.cn,direct' };
  const heredoc = only(analyzeDockerfile({ dockerfile: df('FROM golang:1.22', 'RUN <<EOF', 'set -e', 'go mod download', 'EOF'), settings }), 'goproxy-unset');
  assert.deepEqual(heredoc[0].range, at(3, 0, 3, 15));
  const shc = only(analyzeDockerfile({ dockerfile: df('FROM golang:1.22', "RUN sh -c 'cd /src && go mod download'"), settings }), 'goproxy-unset');
  assert.deepEqual(shc[0].range, at(1, 22, 1, 37));
  const bash = only(
    analyzeDockerfile({ dockerfile: df('FROM golang:1.22', 'RUN apk add git && \\', '    bash -lc "go mod download"'), settings }),
    'goproxy-unset',
  );
  assert.deepEqual(bash[0].range, at(2, 14, 2, 29));
});

test('toolchain-download: before Go 1.21 only a go.mod the image cannot parse fails; a newer `go 1.N` is advisory', () => {
  const run = (goMod: string, image = 'golang:1.19.10') =>
    only(analyzeDockerfile({ dockerfile: df(`FROM ${image}`, 'RUN go mod download'), goMod }), 'toolchain-download');
  assert.deepEqual(run(df('module example.com/app', '', 'go 1.20')), []);
  assert.deepEqual(run(df('module example.com/app', '', 'go 1.22')), []);
  // Go 1.19.13+ (the floating tag) reads 1.21-style files but refuses go 1.22 and later.
  assert.deepEqual(run(df('module example.com/app', '', 'go 1.21.0', '', 'toolchain go1.21.0'), 'golang:1.19'), []);
  assert.deepEqual(run(df('module example.com/app', '', 'go 1.22'), 'golang:1.19'), []);
  const compiled = only(
    analyzeDockerfile({ dockerfile: df('FROM golang:1.19', 'RUN go test ./...'), goMod: df('module example.com/app', '', 'go 1.22') }),
    'toolchain-download',
  );
  assert.match(compiled[0].message, /Go 1\.19: since 1\.19\.13 and 1\.20\.8 .*"example\.com\/app: cannot compile Go 1\.22 code"/);
  const three = run(df('module example.com/app', '', 'go 1.20.3'));
  assert.equal(three.length, 1);
  assert.match(three[0].message, /invalid go version '1\.20\.3': must match format 1\.23/);
  const directive = run(df('module example.com/app', '', 'go 1.20', '', 'toolchain go1.21.0'));
  assert.equal(directive.length, 1);
  assert.match(directive[0].message, /cannot read this go\.mod: "unknown directive: toolchain"\.$/);
});

test('modfiles-copy-order: hint; quiet when the download RUN keeps the module cache on a cache mount', () => {
  const goMod = GOMOD_123.replace('1.23.4', '1.22');
  const [finding] = only(
    analyzeDockerfile({ dockerfile: df('FROM golang:1.22', 'WORKDIR /src', 'COPY . .', 'RUN go build -o /app .'), goMod, goSum: '' }),
    'modfiles-copy-order',
  );
  assert.equal(finding.severity, 'hint');
  const cached = df('FROM golang:1.22', 'WORKDIR /src', 'COPY . .', 'RUN --mount=type=cache,target=/go/pkg/mod/ go build -o /app .');
  assert.deepEqual(only(analyzeDockerfile({ dockerfile: cached, goMod, goSum: '' }), 'modfiles-copy-order'), []);
  // A cache mount elsewhere (the build cache only, or a GOMODCACHE moved away from it) does not count.
  const buildCacheOnly = df('FROM golang:1.22', 'WORKDIR /src', 'COPY . .', 'RUN --mount=type=cache,target=/root/.cache/go-build go build -o /app .');
  assert.equal(only(analyzeDockerfile({ dockerfile: buildCacheOnly, goMod, goSum: '' }), 'modfiles-copy-order').length, 1);
  const moved = df('FROM golang:1.22', 'ENV GOMODCACHE=/cache/mod', 'WORKDIR /src', 'COPY . .', 'RUN --mount=type=cache,target=/go/pkg/mod go build -o /app .');
  assert.equal(only(analyzeDockerfile({ dockerfile: moved, goMod, goSum: '' }), 'modfiles-copy-order').length, 1);
});

test('mod-cache-mount: after modules were downloaded into the image, only GOCACHE is proposed', () => {
  const f: Files = { goMod: GOMOD_122, dockerfile: df('FROM golang:1.22', 'RUN go mod download', 'RUN go build ./...') };
  const findings = only(analyzeDockerfile(f), 'mod-cache-mount');
  assert.deepEqual(
    findings.map((x) => x.range.start.line),
    [1, 2],
  );
  const build = findings[1];
  const fixed = applyFix(f, build.fixes[0]);
  assert.match(fixed.dockerfile!, /RUN --mount=type=cache,target=\/root\/\.cache\/go-build go build/);
  assert.doesNotMatch(fixed.dockerfile!.split('\n')[2], /\/go\/pkg\/mod/);
  // A later `go mod download`-only step needs no GOCACHE: with GOMODCACHE ruled out, nothing to propose.
  // (A final stage that only downloads is a dependency image: a build stage here, so another stage follows.)
  assert.deepEqual(
    only(
      analyzeDockerfile({ goMod: GOMOD_122, dockerfile: df('FROM golang:1.22', 'RUN go mod download', 'RUN go mod verify', 'FROM scratch') }),
      'mod-cache-mount',
    ).map((x) => x.range.start.line),
    [1],
  );
  // Downloaded in a base stage: the same.
  const fromBase = only(
    analyzeDockerfile({ goMod: GOMOD_122, dockerfile: df('FROM golang:1.22 AS deps', 'RUN go mod download', 'FROM deps AS build', 'RUN go build ./...') }),
    'mod-cache-mount',
  );
  const buildFix = applyFix(
    { goMod: GOMOD_122, dockerfile: df('FROM golang:1.22 AS deps', 'RUN go mod download', 'FROM deps AS build', 'RUN go build ./...') },
    fromBase.find((x) => x.range.start.line === 3)!.fixes[0],
  );
  assert.doesNotMatch(buildFix.dockerfile!.split('\n')[3], /\/go\/pkg\/mod/);
  // An earlier download into a cache mount left nothing in the image: GOMODCACHE is still proposed.
  const cachedFirst = only(
    analyzeDockerfile({
      goMod: GOMOD_122,
      dockerfile: df('FROM golang:1.22', 'RUN --mount=type=cache,target=/go/pkg/mod go mod download', 'RUN go build ./...'),
    }),
    'mod-cache-mount',
  );
  assert.match(
    applyFix(
      { goMod: GOMOD_122, dockerfile: df('FROM golang:1.22', 'RUN --mount=type=cache,target=/go/pkg/mod go mod download', 'RUN go build ./...') },
      cachedFirst[0].fixes[0],
    ).dockerfile!,
    /RUN --mount=type=cache,target=\/go\/pkg\/mod --mount=type=cache,target=\/root\/\.cache\/go-build go build/,
  );
});

test('env-set-after-use: build-only GOFLAGS after `go mod`, and after a tool installed by path, are not reported', () => {
  const after = (...lines: string[]) => only(analyzeDockerfile({ dockerfile: df('FROM golang:1.22', ...lines) }), 'env-set-after-use');
  assert.deepEqual(after('RUN go mod download', 'ENV GOFLAGS="-trimpath -ldflags=-s"', 'RUN go build ./...'), []);
  assert.equal(after('RUN go mod download', 'ENV GOFLAGS=-mod=mod', 'RUN go build ./...').length, 1);
  assert.equal(after('RUN go mod download', 'ENV GOFLAGS="-trimpath -modcacherw"', 'RUN go build ./...').length, 1);
  // After a build step, GOFLAGS set later still changes nothing for it: reported.
  assert.equal(after('RUN go build ./...', 'ENV GOFLAGS=-trimpath', 'RUN go build ./...').length, 1);
  assert.deepEqual(after('RUN go install golang.org/x/tools/cmd/goimports@v0.24.0', 'ENV GOPROXY=https://goproxy.cn,direct', 'RUN go mod download'), []);
  assert.deepEqual(after('RUN go get golang.org/x/lint/golint', 'ENV GOPROXY=https://goproxy.cn,direct', 'RUN go mod download'), []);
  assert.equal(after('RUN go get ./...', 'ENV GOPROXY=https://goproxy.cn,direct', 'RUN go build ./...').length, 1);
});

test('env-set-after-use: GO111MODULE=on after a download only where module mode was not already the default', () => {
  const after = (image: string, ...lines: string[]) =>
    only(analyzeDockerfile({ dockerfile: df(`FROM ${image}`, 'COPY . .', ...lines), goMod: GOMOD_122 }), 'env-set-after-use');
  // Firing: on Go 1.15 an unset GO111MODULE is `auto`, so the download ran without the setting.
  const fired = after('golang:1.15', 'RUN go mod download', 'ENV GO111MODULE=on', 'RUN go build -o /app .');
  assert.equal(fired.length, 1);
  assert.match(fired[0].message, /^GO111MODULE=`on` is set after `go mod download` on line 3/);
  // Quiet: on Go 1.26 unset already means `on`; the download ran in module mode all the same.
  assert.deepEqual(after('golang:1.26', 'RUN go mod download', 'ENV GO111MODULE=on', 'RUN go build -o /app .'), []);
  // `off` after the download still changes what the download ran with.
  assert.equal(after('golang:1.26', 'RUN go mod download', 'ENV GO111MODULE=off', 'RUN go build -o /app .').length, 1);
});

test('env-set-after-use: GOPATH or GOMODCACHE set after a module-mode download only when a later go step sees the new place', () => {
  const after = (...lines: string[]) =>
    only(analyzeDockerfile({ dockerfile: df('FROM golang:1.22 AS build', 'COPY . .', ...lines), goMod: GOMOD_122 }), 'env-set-after-use');
  // Firing: the build after it looks for the modules under /root/go and downloads them all again.
  const fired = after('RUN go mod download', 'ENV GOPATH=/root/go', 'RUN go build -o /app .');
  assert.equal(fired.length, 1);
  assert.match(fired[0].message, /^GOPATH=`\/root\/go` is set after `go mod download` on line 3/);
  assert.equal(after('RUN go mod download', 'ENV GOMODCACHE=/cache/mod', 'RUN go build -o /app .').length, 1);
  // So does a later stage built on this one.
  assert.equal(after('RUN go mod download', 'ENV GOPATH=/root/go', 'FROM build AS test', 'RUN go test ./...').length, 1);
  // Quiet: nothing runs go after it (the binary does not read GOPATH): the build did not need it.
  assert.deepEqual(after('RUN go build -o /app .', 'ENV GOPATH=/root/go', 'ENTRYPOINT ["/app"]'), []);
  // GOPROXY set after the download is still reported without a later step: the download ran with another proxy.
  assert.equal(after('RUN go build -o /app .', 'ENV GOPROXY=https://goproxy.cn,direct').length, 1);
});

test('go env -w and RUN prefix values are expanded as the shell does', () => {
  const goMod = df('module example.com/app', '', 'go 1.22', '', 'require git.corp.internal/lib v1.0.0');
  // GOPRIVATE comes from an ARG through `go env -w`: the private module is not sent to the mirror.
  const envW = df(
    'FROM golang:1.22',
    'ARG PRIV=git.corp.internal',
    'ENV GOPROXY=https://goproxy.cn,direct',
    'RUN go env -w GOPRIVATE=$PRIV',
    'RUN go mod download',
  );
  assert.deepEqual(only(analyzeDockerfile({ dockerfile: envW, goMod }), 'private-module-proxied'), []);
  assert.equal(
    only(analyzeDockerfile({ dockerfile: envW.replace('ARG PRIV=git.corp.internal', 'ARG PRIV=git.other.internal'), goMod }), 'private-module-proxied').length,
    1,
  );
  const prefix = df('FROM golang:1.22', 'ARG PRIV=git.corp.internal', 'ENV GOPROXY=https://goproxy.cn,direct', 'RUN GOPRIVATE=${PRIV} go mod download');
  assert.deepEqual(only(analyzeDockerfile({ dockerfile: prefix, goMod }), 'private-module-proxied'), []);
});

test('credentials-in-image: only URLs whose host after the user info looks like a host; an ssh user alone is no secret', () => {
  const run = (line: string) => only(analyzeDockerfile({ dockerfile: df('FROM golang:1.22', line) }), 'credentials-in-image');
  assert.deepEqual(run("RUN sed -i 's@http://.*.debian.org@${MIRROR}@g' /etc/apt/sources.list"), []);
  assert.deepEqual(run('RUN git config --global url."ssh://git@git.corp.example.com/".insteadOf "https://git.corp.example.com/"'), []);
  assert.equal(run('RUN git config --global url."https://ci:${TOKEN}@git.corp.example.com/".insteadOf "https://git.corp.example.com/"').length, 1);
  assert.equal(run('RUN git clone https://ci:tok3n@10.0.0.5/team/repo.git').length, 1);
  assert.equal(run('RUN git clone https://ci:tok3n@${GIT_HOST}/team/repo.git').length, 1);
  assert.equal(run('RUN git clone ssh://git:tok3n@git.corp.example.com/team/repo.git').length, 1);
});

test("toolchain-download: Go 1.18 to 1.20 `go mod tidy` refuses a newer go line, with go's own words", () => {
  const tidy = (image: string, goMod: string, run = 'RUN go mod tidy && go build -o /app .') =>
    only(analyzeDockerfile({ dockerfile: df(`FROM ${image}`, 'WORKDIR /src', 'COPY . .', run), goMod }), 'toolchain-download');
  const GOMOD_121 = df('module example.com/app', '', 'go 1.21', '', 'require github.com/google/uuid v1.6.0');
  // The floating 1.19 tag (1.19.13) reads `go 1.23.4` and tidy refuses it before any compile.
  const floating = tidy('golang:1.19-alpine', GOMOD_123);
  assert.equal(floating.length, 1);
  assert.equal(floating[0].severity, 'error');
  assert.match(floating[0].message, /"go: go\.mod file indicates go 1\.23\.4, but maximum version supported by tidy is 1\.19"/);
  // An older patch with a two-part go line: tidy refuses it too (the compile alone would not have).
  assert.match(tidy('golang:1.18.3', GOMOD_121)[0].message, /maximum version supported by tidy is 1\.18/);
  // Quiet: tidy told the version, no tidy at all (the go line is advisory there), a go line it runs, Go 1.17.
  assert.deepEqual(tidy('golang:1.18.3', GOMOD_121, 'RUN go mod tidy -go=1.18 && go build -o /app .'), []);
  assert.deepEqual(tidy('golang:1.18.3', GOMOD_121, 'RUN go build -o /app .'), []);
  assert.deepEqual(tidy('golang:1.20', df('module example.com/app', '', 'go 1.20')), []);
  assert.deepEqual(tidy('golang:1.17', GOMOD_121), []);
  // A compile before tidy on a backported release fails first, with its own words.
  assert.match(tidy('golang:1.19', GOMOD_123, 'RUN go build -o /app . && go mod tidy')[0].message, /cannot compile Go 1\.22 code/);
  // zh-cn
  const zh = only(
    analyzeDockerfile({ dockerfile: df('FROM golang:1.19', 'COPY . .', 'RUN go mod tidy'), goMod: GOMOD_123, locale: 'zh-cn' }),
    'toolchain-download',
  );
  assert.match(zh[0].message, /拒绝处理比所运行的 Go 更新的模块/);
});
