// Caching hints (mod-cache-mount, modfiles-copy-order) and the step facts behind them claim only what the
// Dockerfile shows: where Go and its caches are, which steps run, which ones are module downloads at all.
// Every test pairs a case that fires with a quiet counterpart that differs in the one fact under test.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze } from '../../server/src/analysis';
import type { AnalysisRequest } from '../../server/src/core/request';
import { DEFAULT_SETTINGS, type Finding } from '../../server/src/core/types';
import { analyzeDockerfile, at, DOCKERFILE_URI, GOMOD_URI, only, type Files } from '../support/analysisHarness';

const df = (...lines: string[]) => lines.join('\n') + '\n';
const GOMOD = df('module example.com/app', '', 'go 1.22', '', 'require github.com/google/uuid v1.6.0');

// A final stage that only downloads modules is a dependency image (its modules are its content, so no cache mount
// is proposed there). Fixtures here are build stages: an empty final stage follows them unless a test is about the
// final stage itself (`final: true`).
const asBuildStage = (f: Files): Files => ({ ...f, dockerfile: `${f.dockerfile ?? ''}FROM scratch\n` });
const cacheHints = (f: Files, final = false) => only(analyzeDockerfile(final ? f : asBuildStage(f)), 'mod-cache-mount');
const orderHints = (f: Files) => only(analyzeDockerfile(asBuildStage(f)), 'modfiles-copy-order');
const startLines = (findings: Finding[]) => findings.map((x) => x.range.start.line);
/** The cache targets a mod-cache-mount message names (`… no BuildKit cache mount for A, B: …`). */
const targetsOf = (finding: Finding) =>
  /cache mount for (.+?): when/.exec(finding.message)?.[1].split(', ') ?? assert.fail(`no targets in: ${finding.message}`);

test('mod-cache-mount: /go/pkg/mod in golang images, /root/go/pkg/mod where the Dockerfile installs Go, quiet on an opaque base image', () => {
  const withModFiles = (from: string, ...setup: string[]): Files => ({
    dockerfile: df(`FROM ${from}`, ...setup, 'COPY go.mod go.sum ./', 'RUN go mod download'),
    goMod: GOMOD,
  });
  // Official image: GOPATH=/go.
  const official = cacheHints(withModFiles('golang:1.22'));
  assert.equal(official.length, 1);
  assert.deepEqual(official[0].range, at(2, 4, 2, 19));
  assert.deepEqual(targetsOf(official[0]), ['/go/pkg/mod']);
  // Go installed by the Dockerfile: GOPATH is $HOME/go, root's home.
  const installs: [string, string][] = [
    ['alpine:3.20', 'RUN apk add go'],
    ['ubuntu:22.04', 'RUN apt-get update && apt-get install -y golang'],
    ['fedora:40', 'RUN dnf install -y golang'],
    ['ubuntu:22.04', 'RUN curl -fsSL https://go.dev/dl/go1.22.5.linux-amd64.tar.gz | tar -C /usr/local -xz'],
  ];
  for (const [from, install] of installs) {
    const found = cacheHints(withModFiles(from, install));
    assert.equal(found.length, 1, `${from} + ${install}`);
    assert.deepEqual(found[0].range, at(3, 4, 3, 19), `${from} + ${install}`);
    assert.deepEqual(targetsOf(found[0]), ['/root/go/pkg/mod'], `${from} + ${install}`);
  }
  // A base image we cannot see into: its GOPATH is unknown, nothing to propose.
  assert.deepEqual(cacheHints(withModFiles('ubuntu:22.04')), []);
  // … unless the Dockerfile itself says where the module cache is.
  const gopath = cacheHints(withModFiles('ubuntu:22.04', 'ENV GOPATH=/gopath'));
  assert.deepEqual(gopath.map(targetsOf), [['/gopath/pkg/mod']]);
  const modcache = cacheHints(withModFiles('ubuntu:22.04', 'ENV GOMODCACHE=/cache/mod'));
  assert.deepEqual(modcache.map(targetsOf), [['/cache/mod']]);
});

test('image: `apt-get install -y libfoo && go build` is no Go install (the package list ends at &&)', () => {
  const quiet: Files = { dockerfile: df('FROM ubuntu:22.04', 'COPY go.mod go.sum ./', 'RUN apt-get install -y libfoo && go build .'), goMod: GOMOD };
  assert.deepEqual(cacheHints(quiet), []);
  // Firing counterpart: golang in the same package list is a Go install.
  const fires = cacheHints({ ...quiet, dockerfile: df('FROM ubuntu:22.04', 'COPY go.mod go.sum ./', 'RUN apt-get install -y libfoo golang && go build .') });
  assert.equal(fires.length, 1);
  assert.deepEqual(fires[0].range, at(2, 40, 2, 48));
  assert.deepEqual(targetsOf(fires[0]), ['/root/go/pkg/mod', '/root/.cache/go-build']);
});

test('mod-cache-mount: a cache mount on a parent covers GOCACHE; `go build -a` and `go list -m all` get no GOCACHE proposal', () => {
  const run = (line: string) => cacheHints({ dockerfile: df('FROM golang:1.22', 'COPY go.mod go.sum ./', line), goMod: GOMOD });
  // Parent of /root/.cache/go-build mounted: nothing missing.
  assert.deepEqual(run('RUN --mount=type=cache,target=/go/pkg/mod --mount=type=cache,target=/root/.cache go build .'), []);
  // Counterpart: without it the build cache is proposed.
  const noParent = run('RUN --mount=type=cache,target=/go/pkg/mod go build .');
  assert.equal(noParent.length, 1);
  assert.deepEqual(targetsOf(noParent[0]), ['/root/.cache/go-build']);
  assert.match(noParent[0].message, /every package is compiled/);
  // -a rebuilds everything and `list -m` compiles nothing: only the module cache.
  const all = run('RUN go build -a .');
  assert.deepEqual(all.map(targetsOf), [['/go/pkg/mod']]);
  assert.match(all[0].message, /every module is fetched from scratch/);
  assert.deepEqual(run('RUN go list -m all').map(targetsOf), [['/go/pkg/mod']]);
  // Counterpart: a plain build gets both.
  assert.deepEqual(run('RUN go build .').map(targetsOf), [['/go/pkg/mod', '/root/.cache/go-build']]);
});

test('mod-cache-mount: only the last build RUN of a stage gets the GOCACHE proposal, not an earlier warm-up', () => {
  const warmup = 'RUN --mount=type=cache,target=/go/pkg/mod go install ./...';
  const build = 'RUN --mount=type=cache,target=/go/pkg/mod go build -o /app .';
  const both = cacheHints({ dockerfile: df('FROM golang:1.22', 'COPY go.mod go.sum ./', warmup, 'COPY . .', build), goMod: GOMOD });
  assert.deepEqual(startLines(both), [4]);
  assert.deepEqual(targetsOf(both[0]), ['/root/.cache/go-build']);
  // Counterpart: the same install, when it is the stage's last build, gets it.
  const alone = cacheHints({ dockerfile: df('FROM golang:1.22', 'COPY go.mod go.sum ./', warmup), goMod: GOMOD });
  assert.deepEqual(startLines(alone), [2]);
  assert.deepEqual(alone[0].range, at(2, 42, 2, 52));
  assert.deepEqual(targetsOf(alone[0]), ['/root/.cache/go-build']);
});

test('mod-cache-mount: stages that keep their caches on purpose get no hint', () => {
  const warm = ['FROM golang:1.22 AS warm', 'COPY go.mod go.sum ./', 'RUN go mod download'];
  const final = ['FROM golang:1.22', 'COPY . .', 'RUN --mount=type=cache,target=/root/.cache/go-build go build -o /app .'];
  // A later stage copies the module cache out of `warm`.
  const copiedOut = cacheHints({ dockerfile: df(...warm, final[0], 'COPY --from=warm /go/pkg/mod /go/pkg/mod', ...final.slice(1)), goMod: GOMOD });
  assert.ok(!startLines(copiedOut).includes(2), 'the warm stage keeps its modules for the COPY --from');
  const notCopied = cacheHints({ dockerfile: df(...warm, ...final), goMod: GOMOD });
  assert.ok(startLines(notCopied).includes(2));
  assert.deepEqual(targetsOf(notCopied.find((x) => x.range.start.line === 2)!), ['/go/pkg/mod']);

  const single = ['FROM golang:1.22', 'COPY go.mod go.sum ./', 'RUN go mod download'];
  // The stage opens its caches to every user.
  assert.deepEqual(cacheHints({ dockerfile: df(...single, 'RUN chmod -R 777 /go /root/.cache'), goMod: GOMOD }), []);
  // A final image whose command is a shell: a development image that runs Go later.
  const build = ['COPY . .', 'RUN go build -o /app .'];
  assert.deepEqual(startLines(cacheHints({ dockerfile: df(...single, ...build, 'CMD ["/bin/bash"]'), goMod: GOMOD }, true)), []);
  // A final image that only downloads: a dependency image, whose modules are its content.
  assert.deepEqual(cacheHints({ dockerfile: df(...single), goMod: GOMOD }, true), []);
  // Counterparts: the same stage followed by others, or building with an application command.
  assert.deepEqual(startLines(cacheHints({ dockerfile: df(...single), goMod: GOMOD })), [2]);
  assert.deepEqual(startLines(cacheHints({ dockerfile: df(...single, ...build, 'CMD ["/app"]'), goMod: GOMOD }, true)), [2, 4]);
  assert.deepEqual(startLines(cacheHints({ dockerfile: df(...single, 'RUN chmod 755 /app'), goMod: GOMOD })), [2]);
});

test('a go command under a shell condition gets neither mod-cache-mount nor modfiles-copy-order', () => {
  const f = (line: string): Files => ({ dockerfile: df('FROM golang:1.22', 'COPY . .', line), goMod: GOMOD });
  for (const line of ['RUN if [ ! -f app ]; then go build .; fi', 'RUN test -f app || go build .']) {
    const findings = analyzeDockerfile(f(line));
    assert.deepEqual(only(findings, 'mod-cache-mount'), [], line);
    assert.deepEqual(only(findings, 'modfiles-copy-order'), [], line);
  }
  // Counterpart: the unconditional build gets both.
  const findings = analyzeDockerfile(f('RUN go build .'));
  assert.deepEqual(startLines(only(findings, 'mod-cache-mount')), [2]);
  assert.deepEqual(
    only(findings, 'modfiles-copy-order').map((x) => x.range),
    [at(1, 0, 1, 8)],
  );
  // `cd x && go build` is a sequence, not a condition.
  assert.deepEqual(startLines(only(analyzeDockerfile(f('RUN cd /src && go build .')), 'mod-cache-mount')), [2]);
});

test('modfiles-copy-order: fires only with a go.mod in view, a download that reads it, and an image it can see into', () => {
  const fires = orderHints({ dockerfile: df('FROM golang:1.22', 'COPY . .', 'RUN go build'), goMod: GOMOD });
  assert.equal(fires.length, 1);
  assert.deepEqual(fires[0].range, at(1, 0, 1, 8));
  assert.match(fires[0].message, /`go build` \(line 3\) runs after this COPY of the whole context/);
  // No go.mod in view: a build may download nothing.
  assert.deepEqual(orderHints({ dockerfile: df('FROM golang:1.22', 'COPY . .', 'RUN go build') }), []);
  // The first download is a fetch by version: it ignores go.mod.
  assert.deepEqual(orderHints({ dockerfile: df('FROM golang:1.22', 'COPY . .', 'RUN go install tool@v1.2.3'), goMod: GOMOD }), []);
  // A base image we cannot see into may already hold the modules.
  assert.deepEqual(orderHints({ dockerfile: df('FROM ubuntu:22.04', 'COPY . .', 'RUN go build'), goMod: GOMOD }), []);
});

test('mod-cache-mount: without a go.mod only a fetch by version is hinted; `go mod download` of a vendored module is not', () => {
  const versioned = cacheHints({ dockerfile: df('FROM golang:1.22', 'RUN go install example.com/x@v1') });
  assert.equal(versioned.length, 1);
  assert.deepEqual(versioned[0].range, at(1, 4, 1, 14));
  assert.match(versioned[0].message, /^`go install` has no BuildKit cache mount for \/go\/pkg\/mod/);
  assert.deepEqual(cacheHints({ dockerfile: df('FROM golang:1.22', 'RUN go build .') }), []);
  assert.deepEqual(cacheHints({ dockerfile: df('FROM golang:1.22', 'RUN go install example.com/x') }), []);

  const download: Files = { dockerfile: df('FROM golang:1.22', 'COPY go.mod go.sum ./', 'RUN go mod download'), goMod: GOMOD };
  assert.deepEqual(cacheHints({ ...download, vendorDir: true }), []);
  assert.deepEqual(startLines(cacheHints({ ...download, vendorDir: false })), [2]);
});

test('mod-cache-mount: a module cache seeded before the step means no /go/pkg/mod proposal on the later download', () => {
  const deps = ['FROM golang:1.22 AS deps', 'COPY go.mod go.sum ./', 'RUN go mod download'];
  const seeded = cacheHints({
    dockerfile: df(...deps, 'FROM golang:1.22', 'COPY --from=deps /go/pkg/mod /go/pkg/mod', 'COPY go.mod go.sum ./', 'RUN go mod download'),
    goMod: GOMOD,
  });
  assert.deepEqual(seeded, []);
  const unseeded = cacheHints({ dockerfile: df(...deps, 'FROM golang:1.22', 'COPY go.mod go.sum ./', 'RUN go mod download'), goMod: GOMOD });
  // (Nothing copies out of `deps` now, so its own download is hinted too.)
  assert.deepEqual(startLines(unseeded), [2, 5]);
  assert.deepEqual(targetsOf(unseeded[1]), ['/go/pkg/mod']);

  // A make target or a script run after go.mod came in may have downloaded the modules.
  const after = (script: string) => cacheHints({ dockerfile: df('FROM golang:1.22', 'COPY go.mod go.sum ./', script, 'RUN go mod download'), goMod: GOMOD });
  assert.deepEqual(after('RUN make deps'), []);
  assert.deepEqual(after('RUN ./hack/deps.sh'), []);
  // Counterparts: the same script before go.mod is in the image, or a command that cannot fetch modules.
  const before = cacheHints({ dockerfile: df('FROM golang:1.22', 'RUN make deps', 'COPY go.mod go.sum ./', 'RUN go mod download'), goMod: GOMOD });
  assert.deepEqual(startLines(before), [3]);
  assert.deepEqual(targetsOf(before[0]), ['/go/pkg/mod']);
  assert.deepEqual(startLines(after('RUN echo ready')), [3]);
});

test("module mode follows the image's Go: older images download nothing through GOPROXY without a go.mod", () => {
  const goMod = df('module example.com/app', '', 'go 1.13', '', 'require git.corp.internal/lib v1.0.0');
  const settings = { privatePatterns: ['git.corp.internal'] };
  const run = (...lines: string[]) => analyzeDockerfile(asBuildStage({ dockerfile: df(...lines), goMod, settings }));
  const moduleRules = (findings: Finding[]) => findings.filter((x) => ['mod-cache-mount', 'private-module-proxied', 'private-module-sumdb'].includes(x.rule));

  // Go 1.13, no go.mod copied yet: `go get` is a GOPATH fetch.
  assert.deepEqual(moduleRules(run('FROM golang:1.13', 'RUN go get git.corp.internal/lib')), []);
  // With go.mod copied first it is a module download.
  const modFirst = run('FROM golang:1.13', 'COPY go.mod go.sum ./', 'RUN go get git.corp.internal/lib');
  assert.deepEqual(startLines(only(modFirst, 'mod-cache-mount')), [2]);
  assert.deepEqual(startLines(only(modFirst, 'private-module-proxied')), [2]);
  assert.match(only(modFirst, 'private-module-proxied')[0].message, /git\.corp\.internal\/lib/);
  // GO111MODULE=on: module mode without a go.mod.
  assert.deepEqual(startLines(only(run('FROM golang:1.13', 'ENV GO111MODULE=on', 'RUN go get git.corp.internal/lib'), 'mod-cache-mount')), [2]);

  // Go 1.12 inside GOPATH/src stays in GOPATH mode, go.mod or not; outside it uses the go.mod.
  assert.deepEqual(moduleRules(run('FROM golang:1.12', 'WORKDIR /go/src/app', 'COPY go.mod go.sum ./', 'RUN go mod download')), []);
  assert.deepEqual(startLines(only(run('FROM golang:1.12', 'WORKDIR /src/app', 'COPY go.mod go.sum ./', 'RUN go mod download'), 'mod-cache-mount')), [3]);
  // Go 1.10 has no modules.
  assert.deepEqual(moduleRules(run('FROM golang:1.10', 'COPY go.mod go.sum ./', 'RUN go mod download')), []);

  // dep fills GOPATH: the stage's build is a GOPATH build.
  const dep = analyzeDockerfile({ dockerfile: df('FROM golang:1.22', 'COPY . .', 'RUN dep ensure', 'RUN go build .'), goMod: GOMOD });
  assert.deepEqual(only(dep, 'mod-cache-mount'), []);
  assert.deepEqual(only(dep, 'modfiles-copy-order'), []);
  assert.deepEqual(
    startLines(only(analyzeDockerfile({ dockerfile: df('FROM golang:1.22', 'COPY . .', 'RUN go build .'), goMod: GOMOD }), 'mod-cache-mount')),
    [2],
  );

  // Go installed by apk (version unknown, may predate 1.16): no go.mod in the image before the build, no claim.
  assert.deepEqual(cacheHints({ dockerfile: df('FROM alpine:3.20', 'RUN apk add go', 'RUN go build .'), goMod: GOMOD }), []);
  const apkWithMod = cacheHints({ dockerfile: df('FROM alpine:3.20', 'RUN apk add go', 'COPY go.mod go.sum ./', 'RUN go build .'), goMod: GOMOD });
  assert.deepEqual(startLines(apkWithMod), [3]);
  // GO111MODULE=on decides it whatever the image, and whatever else the stage runs.
  assert.deepEqual(startLines(cacheHints({ dockerfile: df('FROM alpine:3.20', 'RUN apk add go', 'ENV GO111MODULE=on', 'RUN go build .'), goMod: GOMOD })), [3]);
  assert.deepEqual(
    startLines(cacheHints({ dockerfile: df('FROM golang:1.22', 'ENV GO111MODULE=on', 'COPY . .', 'RUN dep ensure', 'RUN go build .'), goMod: GOMOD })),
    [4],
  );
});

test('go111module-off: only where a go command of the Dockerfile runs with it', () => {
  const fires = only(analyzeDockerfile({ dockerfile: df('FROM golang:1.22', 'ENV GO111MODULE=off', 'RUN go build .') }), 'go111module-off');
  assert.equal(fires.length, 1);
  assert.equal(fires[0].severity, 'information');
  assert.deepEqual(fires[0].range, at(1, 4, 1, 19));
  assert.match(fires[0].message, /GOPATH mode/);
  // A script may set GO111MODULE again for its own go commands.
  assert.deepEqual(only(analyzeDockerfile({ dockerfile: df('FROM golang:1.22', 'ENV GO111MODULE=off', 'RUN ./build.sh') }), 'go111module-off'), []);
});

function requestWith(dockerfile: string, missingCopySources?: string[]): AnalysisRequest {
  return {
    file: { uri: DOCKERFILE_URI, text: dockerfile },
    kind: 'dockerfile',
    related: { goMod: { uri: GOMOD_URI, text: GOMOD }, missingCopySources },
    settings: { ...DEFAULT_SETTINGS },
    locale: 'en',
  };
}

test('mayBeUnreachable: a vendor/ folder or module cache the context lacks (made before the build, or the build stops there) keeps the hints quiet; other missing files do not', () => {
  const caching = (findings: Finding[]) => findings.filter((x) => x.rule === 'mod-cache-mount' || x.rule === 'modfiles-copy-order');
  const vendored = df('FROM golang:1.22', 'COPY vendor/ ./vendor/', 'COPY . .', 'RUN go build .');
  assert.deepEqual(caching(analyze(requestWith(vendored, ['vendor/']))), []);
  // Counterparts: nothing missing, or a missing file that cannot hold modules (generated, secret, not checked out).
  const fires = caching(analyze(requestWith(vendored)));
  assert.deepEqual(
    fires.map((x) => `${x.rule}@${x.range.start.line}`),
    ['modfiles-copy-order@2', 'mod-cache-mount@3'],
  );
  const config = df('FROM golang:1.22', 'COPY config.yaml ./', 'COPY . .', 'RUN go build .');
  assert.equal(caching(analyze(requestWith(config, ['config.yaml']))).length, 2);
  // A missing module cache after the step does not stop it.
  const later = df('FROM golang:1.22', 'COPY . .', 'RUN go build .', 'COPY pkg/mod /go/pkg/mod');
  assert.deepEqual(startLines(only(analyze(requestWith(later, ['pkg/mod'])), 'mod-cache-mount')), [2]);
});

test('mayBeUnreachable: `cd $GOPATH/src/…` in module mode (Go 1.16+) finds nothing there unless the Dockerfile put it there', () => {
  const cd = 'RUN cd $GOPATH/src/github.com/x/y && go install ./cmd/y';
  assert.deepEqual(cacheHints({ dockerfile: df('FROM golang:1.16', cd), goMod: GOMOD }), []);
  assert.deepEqual(cacheHints({ dockerfile: df('FROM golang:1.22', cd), goMod: GOMOD }), []);
  // Counterpart: the sources were copied there first.
  const copied = cacheHints({ dockerfile: df('FROM golang:1.22', 'COPY . /go/src/github.com/x/y', cd), goMod: GOMOD });
  assert.deepEqual(
    copied.map((x) => x.range),
    [at(2, 37, 2, 47)],
  );
  assert.match(copied[0].message, /^`go install` has no BuildKit cache mount/);
  // And the same install without the cd.
  assert.deepEqual(startLines(cacheHints({ dockerfile: df('FROM golang:1.16', 'RUN go install ./cmd/y'), goMod: GOMOD })), [1]);
});

test('mod-cache-mount: no hint on a Windows stage (--platform=windows/amd64)', () => {
  const stage = (platform: string) =>
    cacheHints({ dockerfile: df(`FROM --platform=${platform} golang:1.22`, 'COPY go.mod go.sum ./', 'RUN go mod download'), goMod: GOMOD });
  assert.deepEqual(stage('windows/amd64'), []);
  assert.deepEqual(startLines(stage('linux/amd64')), [2]);
});

test('Go before 1.11 has no modules, GO111MODULE=on or not', () => {
  const f = (image: string) => ({ dockerfile: df(`FROM ${image}`, 'ENV GO111MODULE=on', 'COPY go.mod go.sum ./', 'RUN go mod download'), goMod: GOMOD });
  assert.deepEqual(cacheHints(f('golang:1.10')), []);
  assert.deepEqual(startLines(cacheHints(f('golang:1.11'))), [3]);
});

test('modfiles-copy-order: quiet when the module cache comes from another stage', () => {
  const seeded = df(
    'FROM golang:1.22 AS deps',
    'COPY go.mod go.sum ./',
    'RUN go mod download',
    'FROM golang:1.22',
    'COPY --from=deps /go/pkg/mod /go/pkg/mod',
    'COPY . .',
    'RUN go build -o /app .',
  );
  assert.deepEqual(orderHints({ dockerfile: seeded, goMod: GOMOD }), []);
  const unseeded = df('FROM golang:1.22', 'COPY . .', 'RUN go build -o /app .');
  assert.deepEqual(startLines(orderHints({ dockerfile: unseeded, goMod: GOMOD })), [1]);
});

test('a module-cache mount on a download also goes on the go steps after it, in its stage and the stages built on it', () => {
  const dockerfile = df(
    'FROM golang:1.22 AS deps',
    'COPY go.mod go.sum ./',
    'RUN go mod download',
    'COPY . .',
    'RUN go build -o /app .',
    'FROM deps AS test',
    'RUN go test ./...',
  );
  const [download] = cacheHints({ dockerfile, goMod: GOMOD }).filter((f) => f.range.start.line === 2);
  const texts = download.fixes[0].edits[0].edits.map((e) => `${e.range.start.line}:${e.newText.trim()}`);
  assert.deepEqual(texts, ['2:--mount=type=cache,target=/go/pkg/mod', '4:--mount=type=cache,target=/go/pkg/mod', '6:--mount=type=cache,target=/go/pkg/mod']);
});
