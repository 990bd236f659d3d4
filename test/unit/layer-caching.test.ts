// Cache mounts and layer order as BuildKit runs them: a mount on a parent folder covers what is under it, steps after
// a download do not fetch the modules again, tool installs by version fetch other modules (one finding per stage),
// what the final image runs stays in it, and every way of copying the whole context counts as one.
// Each case that fires has a quiet counterpart differing in the one fact under test.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Finding } from '../../server/src/core/types';
import { analyzeDockerfile, applyFix, assertFixRoundTrip, only, type Files } from '../support/analysisHarness';

const df = (...lines: string[]) => lines.join('\n') + '\n';
const GOMOD = df('module example.com/app', '', 'go 1.22', '', 'require github.com/google/uuid v1.6.0');
/** A build stage whose binary a scratch stage takes: the caches are not the image's content. */
const build = (...lines: string[]): Files => ({
  dockerfile: df('FROM golang:1.22 AS build', ...lines, 'FROM scratch', 'COPY --from=build /app /app'),
  goMod: GOMOD,
});
const cacheHints = (f: Files) => only(analyzeDockerfile(f), 'mod-cache-mount');
const orderHints = (f: Files) => only(analyzeDockerfile(f), 'modfiles-copy-order');
const lines = (found: Finding[]) => found.map((x) => x.range.start.line + 1);
const targetsOf = (finding: Finding) =>
  /cache mount for (.+?): when/.exec(finding.message)?.[1].split(', ') ?? assert.fail(`no targets in: ${finding.message}`);

const WITH_MODS = ['WORKDIR /src', 'COPY go.mod go.sum ./', 'RUN --mount=type=cache,target=/go/pkg/mod go mod download', 'COPY . .'];

test('mod-cache-mount: a mount on a parent folder covers the build cache under it', () => {
  const parent = build(...WITH_MODS, 'RUN --mount=type=cache,target=/go/pkg/mod --mount=type=cache,target=/root/.cache go build -o /app .');
  assert.deepEqual(cacheHints(parent), []);
  const sibling = build(...WITH_MODS, 'RUN --mount=type=cache,target=/go/pkg/mod --mount=type=cache,target=/root/.cache/other go build -o /app .');
  assert.deepEqual(cacheHints(sibling).map(targetsOf), [['/root/.cache/go-build']]);
  // /go covers both caches of the official image.
  assert.deepEqual(
    cacheHints(
      build(
        'WORKDIR /src',
        'COPY go.mod go.sum ./',
        'RUN --mount=type=cache,target=/go go mod download',
        'COPY . .',
        'RUN --mount=type=cache,target=/go --mount=type=cache,target=/root/.cache go build -o /app .',
      ),
    ),
    [],
  );
});

test('mod-cache-mount: follows USER, HOME and the GOCACHE/GOMODCACHE the stage sets', () => {
  const asUser = (cacheTarget: string) =>
    build(
      'RUN useradd -m app',
      'USER app',
      'WORKDIR /home/app/src',
      'COPY go.mod go.sum ./',
      'RUN --mount=type=cache,target=/go/pkg/mod go mod download',
      'COPY . .',
      `RUN --mount=type=cache,target=/go/pkg/mod --mount=type=cache,target=${cacheTarget} go build -o /app .`,
    );
  assert.deepEqual(cacheHints(asUser('/home/app/.cache')), []);
  assert.deepEqual(cacheHints(asUser('/root/.cache')).map(targetsOf), [['/home/app/.cache/go-build']]);
  // The home the user is created with, by name or by uid; a uid nobody was created with has HOME=/.
  const created = (useradd: string, user: string) =>
    build(useradd, `USER ${user}`, 'WORKDIR /tmp/src', ...WITH_MODS.slice(1), 'RUN --mount=type=cache,target=/go/pkg/mod go build -o /app .');
  assert.deepEqual(cacheHints(created('RUN useradd -d /srv/app -m app', 'app')).map(targetsOf), [['/srv/app/.cache/go-build']]);
  assert.deepEqual(cacheHints(created('RUN useradd -m app', 'app')).map(targetsOf), [['/home/app/.cache/go-build']]);
  assert.deepEqual(cacheHints(created('RUN adduser -D -h /srv/app app', 'app')).map(targetsOf), [['/srv/app/.cache/go-build']]);
  assert.deepEqual(cacheHints(created('RUN useradd -m -u 1001 app', '1001')).map(targetsOf), [['/home/app/.cache/go-build']]);
  assert.deepEqual(cacheHints(created('RUN useradd -m -u 1001 app', '1002')).map(targetsOf), [['/.cache/go-build']]);
  const home = (cacheTarget: string) =>
    build('ENV HOME=/home/x', ...WITH_MODS, `RUN --mount=type=cache,target=/go/pkg/mod --mount=type=cache,target=${cacheTarget} go build -o /app .`);
  assert.deepEqual(cacheHints(home('/home/x/.cache')), []);
  assert.deepEqual(cacheHints(home('/root/.cache')).map(targetsOf), [['/home/x/.cache/go-build']]);
  const own = (target: string) =>
    build(
      'ENV GOCACHE=/cache/build GOMODCACHE=/cache/mod',
      'COPY go.mod go.sum ./',
      `RUN --mount=type=cache,target=${target} go mod download`,
      'COPY . .',
      `RUN --mount=type=cache,target=${target} go build -o /app .`,
    );
  assert.deepEqual(cacheHints(own('/cache')), []);
  // The download's mount on /go/pkg/mod misses GOMODCACHE=/cache/mod: reported on the mount; the build needs only GOCACHE.
  const moved = cacheHints(own('/go/pkg/mod'));
  assert.match(moved[0].message, /^The cache mount on `\/go\/pkg\/mod` is not where `go mod download` keeps its modules \(`\/cache\/mod`/);
  assert.deepEqual(moved.slice(1).map(targetsOf), [['/cache/build']]);
  // GOPATH set in the stage moves the module cache: a mount on the new GOPATH covers it, one on /go does not.
  const gopath = (target: string) =>
    build('ENV GOPATH=/opt/go', 'WORKDIR /src', 'COPY go.mod go.sum ./', `RUN --mount=type=cache,target=${target} go mod download`);
  assert.deepEqual(cacheHints(gopath('/opt/go')), []);
  assert.deepEqual(cacheHints(gopath('/go')).map(targetsOf), [['/opt/go/pkg/mod']]);
});

test("mod-cache-mount: the official image's places only on the official image and its mirrors, not on a Docker Hub user's golang", () => {
  const on = (image: string): Files => ({
    dockerfile: df(`FROM ${image}`, 'WORKDIR /app', 'COPY . .', 'RUN go build -o /bin/app .', 'CMD ["/bin/app"]'),
    goMod: GOMOD,
  });
  // Firing: the official image, a per-architecture repository and a registry's mirror keep GOPATH=/go.
  for (const image of ['golang:1.22', 's390x/golang:1.14', 'docker.io/library/golang:1.22', 'mirror.example.com/proxy/golang:1.22'])
    assert.deepEqual(cacheHints(on(image)).map(targetsOf), [['/go/pkg/mod', '/root/.cache/go-build']], image);
  // Quiet: `nimmis/golang` sets GOPATH=/gopath; a Docker Hub user's image keeps its places out of view.
  for (const image of ['nimmis/golang', 'docker.io/nimmis/golang:1.15', 'acme/golang:1.22']) assert.deepEqual(cacheHints(on(image)), [], image);
  // Its GOPATH set by the Dockerfile is known again.
  const set = cacheHints({
    ...on('nimmis/golang'),
    dockerfile: df('FROM nimmis/golang', 'ENV GOPATH=/gopath', 'WORKDIR /app', 'COPY . .', 'RUN go build -o /bin/app .'),
  });
  assert.equal(targetsOf(set[0])[0], '/gopath/pkg/mod');
});

test('mod-cache-mount: a step after go mod download in the stage gets at most the build cache, never "every module is fetched"', () => {
  const after = cacheHints(build('WORKDIR /src', 'COPY go.mod go.sum ./', 'RUN go mod download', 'COPY . .', 'RUN go build -o /app .'));
  assert.deepEqual(lines(after), [4, 6]);
  assert.deepEqual(targetsOf(after[1]), ['/root/.cache/go-build']);
  assert.doesNotMatch(after[1].message, /every module is fetched/);
  const zh = only(
    analyzeDockerfile({ ...build('WORKDIR /src', 'COPY go.mod go.sum ./', 'RUN go mod download', 'COPY . .', 'RUN go build -o /app .'), locale: 'zh-cn' }),
    'mod-cache-mount',
  );
  assert.match(zh[1].message, /该层重建时，所有包都要重新编译。$/);
  assert.doesNotMatch(zh[1].message, /模块/);
  // Without the earlier download the same build fetches every module.
  const alone = cacheHints(build('WORKDIR /src', 'COPY . .', 'RUN go build -o /app .'));
  assert.deepEqual(alone.map(targetsOf), [['/go/pkg/mod', '/root/.cache/go-build']]);
  assert.match(alone[0].message, /every module is fetched/);
  // Only the build cache missing: the finding names the step that compiles, not a `go mod tidy` before it.
  const tidy = cacheHints(build('WORKDIR /src', 'COPY go.mod go.sum ./', 'RUN go mod download', 'COPY . .', 'RUN go mod tidy && go build -o /app .'));
  assert.deepEqual(lines(tidy), [4, 6]);
  assert.match(tidy[1].message, /^`go build` has no BuildKit cache mount for \/root\/\.cache\/go-build: when this layer is rebuilt, every package is compiled/);
  assert.equal(tidy[1].range.start.character, 'RUN go mod tidy && '.length);
  // Counterpart: with the module cache missing too, the first download (`go mod tidy`) is named.
  const tidyAlone = cacheHints(build('WORKDIR /src', 'COPY . .', 'RUN go mod tidy && go build -o /app .'));
  assert.match(tidyAlone[0].message, /^`go mod tidy` has no BuildKit cache mount for \/go\/pkg\/mod, \/root\/\.cache\/go-build/);
  assert.equal(tidyAlone[0].range.start.character, 'RUN '.length);
});

test('mod-cache-mount: one finding per stage for tool installs by version, whose fix mounts the caches on each', () => {
  const tools = build(
    'RUN go install golang.org/x/tools/cmd/goimports@v0.20.0',
    'RUN go install honnef.co/go/tools/cmd/staticcheck@v0.4.7',
    'RUN go install github.com/golangci/golangci-lint/cmd/golangci-lint@v1.58.0',
    'WORKDIR /src',
    'COPY go.mod go.sum ./',
    'RUN --mount=type=cache,target=/go/pkg/mod go mod download',
  );
  const found = cacheHints(tools);
  assert.deepEqual(lines(found), [2]);
  assert.match(found[0].message, /here and on lines 3, 4 install tools by version/);
  assert.deepEqual(targetsOf(found[0]), ['/go/pkg/mod', '/root/.cache/go-build']);
  const fixed = applyFix(tools, found[0].fixes[0]);
  assert.equal(
    (fixed.dockerfile!.match(/--mount=type=cache,target=\/go\/pkg\/mod --mount=type=cache,target=\/root\/.cache\/go-build go install/g) ?? []).length,
    3,
  );
  assert.deepEqual(cacheHints(fixed), []);
  // A single tool install keeps the one-step message.
  const one = cacheHints(build('RUN go install golang.org/x/tools/cmd/goimports@v0.20.0'));
  assert.equal(one.length, 1);
  assert.match(one[0].message, /^`go install` has no BuildKit cache mount/);
});

test('mod-cache-mount: a tool install after go mod download still fetches its own modules', () => {
  const found = cacheHints(build('WORKDIR /src', 'COPY go.mod go.sum ./', 'RUN go mod download', 'RUN go install golang.org/x/tools/cmd/goimports@v0.20.0'));
  assert.deepEqual(lines(found), [4, 5]);
  assert.deepEqual(targetsOf(found[1]), ['/go/pkg/mod', '/root/.cache/go-build']);
  // The module's own build after the download: the build cache only.
  const own = cacheHints(build('WORKDIR /src', 'COPY go.mod go.sum ./', 'RUN go mod download', 'COPY . .', 'RUN go install ./cmd/app'));
  assert.deepEqual(targetsOf(own[1]), ['/root/.cache/go-build']);
});

test('mod-cache-mount: quiet where the final image runs what it installed, or runs go', () => {
  const final = (command: string): Files => ({ dockerfile: df('FROM golang:1.22', 'RUN go install github.com/air-verse/air@v1.52.0', command), goMod: GOMOD });
  assert.deepEqual(cacheHints(final('ENTRYPOINT ["air"]')), []);
  assert.deepEqual(cacheHints(final('CMD air -c .air.toml')), []);
  // A final image with a command that installs tools by version is a tool image: they are its content.
  assert.deepEqual(cacheHints(final('ENTRYPOINT ["protoc"]')), []);
  // With no command the tools are for the build (a CI image): the hint stands.
  assert.equal(cacheHints(final('LABEL purpose=ci')).length, 1);
  // A go get by path whose binary the command does not run: the hint stands.
  const byPath = (command: string): Files => ({
    dockerfile: df('FROM golang:1.22', 'COPY go.mod go.sum ./', 'RUN go get github.com/x/tool', 'RUN go build -o other .', command),
    goMod: GOMOD,
  });
  assert.deepEqual(lines(cacheHints(byPath('CMD ["tool"]'))), [4]);
  assert.deepEqual(lines(cacheHints(byPath('CMD ["./other"]'))), [3, 4]);
  const runsGo = (command: string): Files => ({
    dockerfile: df('FROM golang:1.22', 'WORKDIR /src', 'COPY go.mod go.sum ./', 'RUN go mod download', 'COPY . .', 'RUN go build -o app .', command),
    goMod: GOMOD,
  });
  assert.deepEqual(cacheHints(runsGo('CMD ["go", "run", "."]')), []);
  assert.equal(cacheHints(runsGo('CMD ["./app"]')).length, 2);
});

test('modfiles-copy-order: COPY / /app, COPY ./ . and ADD . /src are whole-context copies', () => {
  for (const copy of ['COPY / /app', 'COPY ./ .', 'ADD . /src', 'COPY . .']) {
    const found = orderHints(build('WORKDIR /app', copy, 'RUN go build -o /app .'));
    assert.deepEqual(lines(found), [3], copy);
  }
  assert.deepEqual(orderHints(build('WORKDIR /app', 'COPY ./cmd ./cmd', 'RUN go build -o /app ./cmd')), []);
  // The fix copies a local replace's directory with the module files (`go mod download` needs it).
  const replacing: Files = { ...build('WORKDIR /app', 'COPY . .', 'RUN go build -o /app .'), goMod: `${GOMOD}replace example.com/lib => ./libs/lib\n` };
  assert.match(
    assertFixRoundTrip(replacing, 'modfiles-copy-order').dockerfile!,
    /COPY go\.mod \.\/\nCOPY libs\/lib \.\/libs\/lib\nRUN go mod download\nCOPY \. \./,
  );
});

test('modfiles-copy-order: the fix copies the module files into a folder (trailing /) and downloads where go.mod lands', () => {
  const fixed = (...lines: string[]) => assertFixRoundTrip({ ...build(...lines), goSum: '' }, 'modfiles-copy-order').dockerfile!;
  // The whole context goes to /src before WORKDIR /src: the download changes into /src first (in /go it finds no go.mod).
  assert.match(
    fixed('COPY . /src', 'WORKDIR /src', 'RUN go build -o /app .'),
    /\nCOPY go\.mod go\.sum \/src\/\nRUN cd \/src && go mod download\nCOPY \. \/src\n/,
  );
  // Counterpart: WORKDIR /src first, the download runs there as it is.
  assert.match(fixed('WORKDIR /src', 'COPY . /src', 'RUN go build -o /app .'), /\nCOPY go\.mod go\.sum \/src\/\nRUN go mod download\nCOPY \. \/src\n/);
  assert.match(fixed('WORKDIR /src', 'COPY . .', 'RUN go build -o /app .'), /\nCOPY go\.mod go\.sum \.\/\nRUN go mod download\nCOPY \. \.\n/);
  // A relative destination, and one through a variable: the shell reads them as COPY did.
  assert.match(fixed('WORKDIR /w', 'COPY . app', 'RUN cd app && go build -o /app .'), /\nCOPY go\.mod go\.sum app\/\nRUN cd app && go mod download\n/);
  assert.match(
    fixed('ENV PKG=/go/src/x', 'COPY . ${PKG}', 'WORKDIR ${PKG}', 'RUN go build -o /app .'),
    /\nCOPY go\.mod go\.sum \$\{PKG\}\/\nRUN cd \$\{PKG\} && go mod download\n/,
  );
  assert.match(
    fixed('ENV PKG=/go/src/x', 'WORKDIR /go/src/x', 'COPY . ${PKG}', 'RUN go build -o /app .'),
    /\nCOPY go\.mod go\.sum \$\{PKG\}\/\nRUN go mod download\n/,
  );
  // go.mod copied on its own to a folder the download does not start in: the added download changes into it.
  assert.match(
    fixed('COPY go.mod go.sum /src/', 'COPY . /src/', 'WORKDIR /src', 'RUN go build -o /app .'),
    /\nCOPY go\.mod go\.sum \/src\/\nRUN cd \/src && go mod download\nCOPY \. \/src\/\n/,
  );
  assert.match(
    fixed('WORKDIR /src', 'COPY go.mod go.sum /src/', 'COPY . /src/', 'RUN go build -o /app .'),
    /\nCOPY go\.mod go\.sum \/src\/\nRUN go mod download\nCOPY \. \/src\/\n/,
  );
  // `COPY go.mod go.mod` names the file: its folder is the working directory.
  assert.match(
    fixed('WORKDIR /w', 'COPY go.mod go.mod', 'COPY go.sum go.sum', 'COPY . .', 'RUN go build -o /app .'),
    /\nCOPY go\.sum go\.sum\nRUN go mod download\nCOPY \. \.\n/,
  );
});

test('modfiles-copy-order: go install x@v and go run x@v ignore the module, so the build after them is the first download', () => {
  for (const tool of ['RUN go install github.com/magefile/mage@v1.15.0', 'RUN go run github.com/magefile/mage@v1.15.0 -h']) {
    const found = orderHints(build('WORKDIR /src', tool, 'COPY . .', 'RUN go build -o /app .'));
    assert.deepEqual(lines(found), [4], tool);
    assert.match(found[0].message, /`go build` \(line 5\)/);
  }
  // The module files and a download first: quiet.
  assert.deepEqual(
    orderHints(
      build(
        'WORKDIR /src',
        'RUN go install github.com/magefile/mage@v1.15.0',
        'COPY go.mod go.sum ./',
        'RUN go mod download',
        'COPY . .',
        'RUN go build -o /app .',
      ),
    ),
    [],
  );
});

test('goproxy-off and mod-cache-mount: go install x@v and go run x@v download, judged by the module they name', () => {
  const PRIVATE_ONLY = df('module example.com/app', '', 'go 1.22', '', 'require git.corp.example/lib v1.0.0');
  const off = (env: string, cmd: string) =>
    analyzeDockerfile({ ...build(`ENV ${env}`, 'WORKDIR /src', 'COPY go.mod go.sum ./', cmd), goMod: PRIVATE_ONLY }).filter(
      (x) => x.rule === 'goproxy-off' || x.rule === 'mod-cache-mount',
    );
  for (const cmd of ['RUN go install github.com/x/tool@v1.2.3', 'RUN go run github.com/x/tool@v1.2.3']) {
    // go.mod's only requirement is private (fetched directly), but the tool goes through GOPROXY=off.
    const found = off('GOPROXY=off GOPRIVATE=git.corp.example', cmd);
    assert.deepEqual(
      found.map((x) => `${x.rule}@${x.range.start.line + 1}`),
      ['goproxy-off@5', 'mod-cache-mount@5'],
      cmd,
    );
    assert.match(found[0].message, /GOPROXY=off forbids every download: it fails with "module lookup disabled by GOPROXY=off"\. Set a mirror\.$/);
    // Counterpart: the tool's own path is private too, so go fetches it directly.
    assert.deepEqual(
      off('GOPROXY=off GOPRIVATE=git.corp.example,github.com/x', cmd).map((x) => x.rule),
      ['mod-cache-mount'],
      cmd,
    );
  }
  // The module's own download keeps the vendoring advice.
  const own = off('GOPROXY=off', 'RUN go mod download');
  assert.match(own[0].message, /Vendor the modules \(go mod vendor, -mod=vendor\) or set a mirror\.$/);
  const zh = analyzeDockerfile({ ...build('ENV GOPROXY=off', 'RUN go install github.com/x/tool@v1.2.3'), locale: 'zh-cn' });
  assert.match(only(zh, 'goproxy-off')[0].message, /请设置镜像。$/);
});

test('modfiles-copy-order: go.mod copied first with no download before the sources: the fix adds go mod download after it', () => {
  const noDownload = build('WORKDIR /src', 'COPY go.mod go.sum ./', 'COPY . .', 'RUN go build -o /app .');
  const found = orderHints(noDownload);
  assert.deepEqual(lines(found), [3]);
  assert.match(found[0].message, /no step downloads the modules before the sources are copied \(line 4\): `go build` \(line 5\)/);
  const fixed = assertFixRoundTrip(noDownload, 'modfiles-copy-order');
  assert.match(fixed.dockerfile!, /COPY go\.mod go\.sum \.\/\nRUN go mod download\nCOPY \. \./);
  // Sources copied folder by folder after the module files: the same.
  const folders = build('WORKDIR /src', 'COPY go.mod .', 'COPY go.sum .', 'COPY cmd cmd', 'COPY internal internal', 'RUN go build -o /app ./cmd/app');
  assert.deepEqual(lines(orderHints(folders)), [4]);
  assert.match(orderHints(folders)[0].message, /before the sources are copied \(line 5\)/);
  assert.match(assertFixRoundTrip(folders, 'modfiles-copy-order').dockerfile!, /COPY go\.sum \.\nRUN go mod download\nCOPY cmd cmd/);
  // A key or config put outside the working directory is not sources: no source edit re-runs the download.
  assert.deepEqual(
    orderHints(
      build('WORKDIR /src', 'COPY go.mod go.sum ./', 'COPY deploy/app.yaml /etc/app/app.yaml', 'RUN go mod download', 'COPY . .', 'RUN go build -o /app .'),
    ),
    [],
  );
  assert.deepEqual(lines(orderHints(build('WORKDIR /src', 'COPY go.mod go.sum ./', 'COPY internal /src/internal', 'RUN go mod download'))), [3]);
  // No source copied between the module files and the build (they came with go.mod): nothing to reorder.
  assert.deepEqual(orderHints(build('WORKDIR /src', 'COPY go.mod main.go ./', 'RUN go build -o /app .')), []);
  // A local replace's directory copied before the download is a module file: quiet. Left to come with the sources,
  // the inserted download would fail without it: quiet too.
  const replacing: Files = {
    ...build('WORKDIR /src', 'COPY go.mod go.sum ./', 'COPY staging/ ./staging/', 'RUN go mod download', 'ADD . app', 'RUN cd app && go build -o /app .'),
    goMod: `${GOMOD}replace example.com/lib => ./staging/lib\n`,
  };
  assert.deepEqual(orderHints(replacing), []);
  assert.deepEqual(orderHints({ ...build('WORKDIR /src', 'COPY go.mod go.sum ./', 'COPY . .', 'RUN go build -o /app .'), goMod: replacing.goMod }), []);
  // …and with them copied after the module files, the download goes after them.
  const afterReplace: Files = {
    ...build('WORKDIR /src', 'COPY go.mod go.sum ./', 'COPY staging/ ./staging/', 'COPY . .', 'RUN go build -o /app .'),
    goMod: replacing.goMod,
  };
  assert.deepEqual(lines(orderHints(afterReplace)), [4]);
  assert.match(assertFixRoundTrip(afterReplace, 'modfiles-copy-order').dockerfile!, /COPY staging\/ \.\/staging\/\nRUN go mod download\nCOPY \. \./);
  // `COPY go.* ./` brings the module files too.
  assert.match(
    orderHints(build('WORKDIR /src', 'COPY go.* ./', 'COPY . .', 'RUN go build -o /app .'))[0].message,
    /go\.mod\/go\.sum come in on their own here/,
  );
  // go.mod/go.sum copied together with a Go source (`main.go`): the message names it, since editing it reruns the COPY.
  const withMain = orderHints(build('WORKDIR /src', 'COPY go.mod go.sum main.go ./', 'COPY internal internal', 'RUN go build -o /app .'));
  assert.deepEqual(lines(withMain), [3]);
  assert.match(
    withMain[0].message,
    /^go\.mod\/go\.sum come in here with `main\.go`, but no step downloads the modules before the rest of the sources are copied \(line 4\)/,
  );
  assert.match(
    orderHints(build('WORKDIR /src', 'COPY go.mod go.sum ./', 'COPY internal internal', 'RUN go build -o /app .'))[0].message,
    /come in on their own here/,
  );
  // The fix keeps the build's secret mount (a private module needs it to download).
  const secret = build('WORKDIR /src', 'COPY go.mod go.sum ./', 'COPY . .', 'RUN --mount=type=secret,id=netrc,target=/root/.netrc go build -o /app .');
  assert.match(
    applyFix(secret, orderHints(secret)[0].fixes[0]).dockerfile!,
    /COPY go\.mod go\.sum \.\/\nRUN --mount=type=secret,id=netrc,target=\/root\/\.netrc go mod download\n/,
  );
  // Quiet: a download, make or a script between the module files and the sources; a cache mount on the build;
  // --network=none (the build fails instead, network-none says so).
  for (const between of ['RUN go mod download', 'RUN make deps', 'RUN ./scripts/deps.sh']) {
    assert.deepEqual(orderHints(build('WORKDIR /src', 'COPY go.mod go.sum ./', between, 'COPY . .', 'RUN go build -o /app .')), [], between);
  }
  assert.deepEqual(orderHints(build('WORKDIR /src', 'COPY go.mod go.sum ./', 'COPY . .', 'RUN --mount=type=cache,target=/go/pkg/mod go build -o /app .')), []);
  assert.deepEqual(orderHints(build('WORKDIR /src', 'COPY go.mod go.sum ./', 'COPY . .', 'RUN --network=none go build -o /app .')), []);
});

test('modfiles-copy-order and mod-cache-mount speak Chinese too', () => {
  const zh = analyzeDockerfile({
    ...build('WORKDIR /src', 'COPY go.mod go.sum ./', 'COPY . .', 'RUN go build -o /app .', 'RUN go install a.example/x@v1', 'RUN go install a.example/y@v1'),
    locale: 'zh-cn',
  });
  const order = only(zh, 'modfiles-copy-order')[0];
  assert.match(order.message, /在复制源码（第 4 行）之前没有下载模块的步骤/);
  assert.match(order.fixes[0].title, /go mod download/);
  assert.ok(only(zh, 'mod-cache-mount').some((x) => /以及第 7 行按版本安装工具/.test(x.message)));
});

test('caching hints follow make into its Makefile: the build tool is the first download, and the message says what it rests on', () => {
  const MAKEFILE = df('build:', '\tgo build -o /app ./cmd/app', '', 'docs:', '\tmkdocs build');
  const viaMake = (target: string, scripts: Record<string, string> = { Makefile: MAKEFILE }): Files => ({
    ...build('WORKDIR /src', 'COPY . .', `RUN make ${target}`),
    scripts,
  });
  const fired = analyzeDockerfile(viaMake('build'));
  const order = only(fired, 'modfiles-copy-order');
  assert.deepEqual(lines(order), [3]);
  assert.match(order[0].message, /`make build` \(line 4\) runs after this COPY of the whole context.*`make build` runs `go build` \(Makefile line 2\)\./);
  const cache = only(fired, 'mod-cache-mount');
  assert.deepEqual(cache.map(targetsOf), [['/go/pkg/mod', '/root/.cache/go-build']]);
  assert.match(cache[0].message, /runs `go build` \(Makefile line 2\)/);
  assertFixRoundTrip(viaMake('build'), 'mod-cache-mount');
  // The target runs no go, or no Makefile is in view: quiet.
  assert.deepEqual(only(analyzeDockerfile(viaMake('docs')), 'modfiles-copy-order'), []);
  assert.deepEqual(only(analyzeDockerfile(viaMake('build', {})), 'mod-cache-mount'), []);
  // The modules came in an earlier layer: no order finding, and make (the stage's last build) gets only the build cache.
  const downloaded: Files = {
    ...build('WORKDIR /src', 'COPY go.mod go.sum ./', 'RUN go mod download', 'COPY . .', 'RUN make build'),
    scripts: { Makefile: MAKEFILE },
  };
  assert.deepEqual(only(analyzeDockerfile(downloaded), 'modfiles-copy-order'), []);
  assert.deepEqual(lines(only(analyzeDockerfile(downloaded), 'mod-cache-mount')), [4, 6]);
  // A final image with a command: what make installs may be what it runs.
  const final: Files = {
    dockerfile: df('FROM golang:1.22', 'WORKDIR /src', 'COPY . .', 'RUN make build', 'ENTRYPOINT ["/app"]'),
    goMod: GOMOD,
    scripts: { Makefile: MAKEFILE },
  };
  assert.deepEqual(only(analyzeDockerfile(final), 'mod-cache-mount'), []);
  // Go variables given to make are evidence too, and the message says so.
  const inline = only(
    analyzeDockerfile({ ...build('WORKDIR /src', 'COPY . .', 'RUN GOPROXY=https://goproxy.cn make build'), scripts: {} }),
    'modfiles-copy-order',
  );
  assert.match(inline[0].message, /is given Go's own variables \(GOPROXY\): it runs go\./);
});

test("mod-cache-mount: a build tool shown to compile after a go build is the stage's last build, so the earlier go build gets no build-cache hint", () => {
  const MAKEFILE = df('build:', '\tgo build -o /app ./cmd/app', '', 'docs:', '\tmkdocs build');
  // The modules come in a layer of their own (line 4): the go build on line 6 can only lack the build cache.
  const steps = (last: string): Files => ({
    ...build('WORKDIR /src', 'COPY go.mod go.sum ./', 'RUN go mod download', 'COPY . .', 'RUN go build -o /gen ./cmd/gen', last),
    scripts: { Makefile: MAKEFILE },
  });
  const onBuild = (f: Files) => cacheHints(f).filter((x) => x.range.start.line === 5);
  // Firing: `make docs` runs no go, so the go build on line 6 is the last build of the stage.
  assert.deepEqual(onBuild(steps('RUN make docs')).map(targetsOf), [['/root/.cache/go-build']]);
  // Quiet: `make build` runs `go build` (Makefile line 2) after it; the generator's build is not the one to cache.
  assert.deepEqual(onBuild(steps('RUN make build')), []);
});

test("mod-cache-mount: a build tool that is the stage's last build after `go mod download` gets the build-cache half only", () => {
  const after = (makefile: string, ...tail: string[]): Files => ({
    ...build('WORKDIR /src', 'COPY go.mod go.sum ./', 'RUN go mod download', 'COPY . .', 'RUN make build', ...tail),
    scripts: { Makefile: makefile },
  });
  const onMake = (f: Files) => cacheHints(f).filter((x) => x.range.start.line === 5);
  // Firing: make's go build reads the build cache, and nothing after it builds.
  const fired = onMake(after(df('build:', '\tgo build -o /app ./cmd/app')));
  assert.deepEqual(fired.map(targetsOf), [['/root/.cache/go-build']]);
  assert.match(
    fired[0].message,
    /^`make build` has no BuildKit cache mount for \/root\/\.cache\/go-build: .*every package is compiled from scratch\. `make build` runs `go build` \(Makefile line 2\)\.$/,
  );
  assert.doesNotMatch(fired[0].message, /every module/);
  const fixed = applyFix(after(df('build:', '\tgo build -o /app ./cmd/app')), fired[0].fixes[0]);
  assert.equal(fixed.dockerfile!.split('\n')[5], 'RUN --mount=type=cache,target=/root/.cache/go-build make build');
  assert.deepEqual(onMake(fixed), []);
  // Quiet: a go build after make is the stage's last build.
  assert.deepEqual(onMake(after(df('build:', '\tgo build -o /app ./cmd/app'), 'RUN go build -o /tool ./cmd/tool')), []);
  // Quiet: `-a` rebuilds every package whatever the cache holds, and `go clean -cache` empties it.
  assert.deepEqual(onMake(after(df('build:', '\tgo build -a -o /app ./cmd/app'))), []);
  assert.deepEqual(onMake(after(df('build:', '\tgo clean -cache', '\tgo build -o /app ./cmd/app'))), []);
});

test("mod-cache-mount: a build file that only reads GOPATH or sets it to go's own value leaves the caches where the image puts them", () => {
  const viaMake = (assignment: string): Files => ({
    ...build('WORKDIR /src', 'COPY . .', 'RUN make build'),
    scripts: { Makefile: df(assignment, '', 'build:', '\tgo build -o $(GOPATH)/bin/app ./cmd/app') },
  });
  // Firing: `GOPATH := $(shell go env GOPATH)` and reads of $(GOPATH) move nothing.
  assert.deepEqual(cacheHints(viaMake('GOPATH := $(shell go env GOPATH)')).map(targetsOf), [['/go/pkg/mod', '/root/.cache/go-build']]);
  // Quiet: the Makefile moves GOPATH, so where the modules go is decided out of view.
  assert.deepEqual(cacheHints(viaMake('GOPATH := /work/gopath')), []);
  assert.deepEqual(cacheHints(viaMake('export GOMODCACHE=/cache/mod')), []);
});

test('mod-cache-mount: a cache mount meant for a Go cache the stage moved elsewhere is reported on the mount, with a fix that points it there', () => {
  const run = 'RUN --mount=type=cache,target=/go/pkg/mod --mount=type=cache,target=/.cache/go-build go build -mod=vendor -o /app .';
  const files = (gocache: string, mountRun = run): Files => ({
    dockerfile: df('FROM golang:1.26', 'WORKDIR /src', 'COPY . .', `ENV GOCACHE=${gocache}`, mountRun),
    goMod: GOMOD,
    vendorDir: true,
  });
  // Firing: GOCACHE is /.cache, so the mount on /.cache/go-build is a folder go never writes to (a vendored build too).
  const fired = cacheHints(files('/.cache'));
  assert.equal(fired.length, 1);
  assert.deepEqual(fired[0].range.start, { line: 4, character: 42 });
  assert.match(
    fired[0].message,
    /^The cache mount on `\/\.cache\/go-build` is not where `go build` keeps its build cache \(`\/\.cache`, after GOCACHE=`\/\.cache` on line 4\)/,
  );
  const fixed = applyFix(files('/.cache'), fired[0].fixes[0]);
  assert.match(fixed.dockerfile!, /--mount=type=cache,target=\/\.cache go build/);
  assert.deepEqual(cacheHints(fixed), []);
  // Quiet: the stage's GOCACHE is the mounted folder.
  assert.deepEqual(cacheHints(files('/.cache/go-build')), []);
  // The module cache: GOPATH moved to /gopath, a mount on /go/pkg/mod misses it; on /gopath/pkg/mod it does not.
  const modules = (mount: string): Files => ({
    dockerfile: df('FROM golang:1.26', 'ENV GOPATH=/gopath', 'WORKDIR /src', 'COPY go.mod go.sum ./', `RUN --mount=type=cache,target=${mount} go mod download`),
    goMod: GOMOD,
  });
  assert.match(
    cacheHints(modules('/go/pkg/mod'))[0].message,
    /^The cache mount on `\/go\/pkg\/mod` is not where `go mod download` keeps its modules \(`\/gopath\/pkg\/mod`, after GOPATH=`\/gopath` on line 2\)/,
  );
  assert.deepEqual(cacheHints(modules('/gopath/pkg/mod')), []);
});

test("modfiles-copy-order: the build tool's own file copied before it downloads is not the sources", () => {
  const MAKEFILE = df('include mk/go.mk', '', 'deps:', '\tgo mod download', '', 'build:', '\tgo build -o /app ./cmd/app');
  const steps = (...copies: string[]): Files => ({
    ...build('WORKDIR /src', 'COPY go.mod .', 'COPY go.sum .', ...copies, 'RUN make deps', 'COPY . .', 'RUN make build'),
    scripts: { Makefile: MAKEFILE, 'mk/go.mk': df('GOFLAGS ?= -trimpath') },
  });
  // Firing: a source folder comes in between the module files and `make deps`, so a source edit reruns the download.
  const fired = orderHints(steps('COPY Makefile .', 'COPY internal internal'));
  assert.deepEqual(lines(fired), [4]);
  assert.match(fired[0].message, /before the sources are copied \(line 6\): `make deps` \(line 7\)/);
  // Quiet: `COPY Makefile .` (and the file it includes) only brings what `make deps` reads; the sources come after.
  assert.deepEqual(orderHints(steps('COPY Makefile .')), []);
  assert.deepEqual(orderHints(steps('COPY Makefile .', 'COPY mk/go.mk mk/')), []);
  // So does the script a RUN downloads with.
  const script = (copy: string): Files => ({
    ...build('WORKDIR /src', 'COPY go.mod go.sum ./', copy, 'RUN ./scripts/deps.sh', 'COPY . .', 'RUN go build -o /app .'),
    scripts: { 'scripts/deps.sh': df('#!/bin/sh', 'go mod download') },
  });
  assert.deepEqual(orderHints(script('COPY scripts/deps.sh scripts/')), []);
  assert.deepEqual(lines(orderHints(script('COPY scripts scripts'))), [3]);
});

test('caching hints stay on a step whose unknown build argument is not one the caches depend on, and stay off when it is', () => {
  const unknown = (name: string) => ({ [name]: { value: '', known: false, source: 'makefile' as const, label: 'Makefile line 3' } });
  const dockerfile = df(
    'FROM golang:1.22 AS build',
    'ARG GOPROXY',
    'ARG GOMODCACHE',
    'WORKDIR /src',
    'COPY go.mod go.sum ./',
    'RUN go mod download',
    'FROM scratch',
  );
  // `--build-arg GOPROXY=$(GOPROXY)`: the proxy is unknown, where the module cache is is not.
  const proxyUnknown = analyzeDockerfile({ dockerfile, goMod: GOMOD, buildArgs: unknown('GOPROXY') });
  assert.deepEqual(lines(only(proxyUnknown, 'mod-cache-mount')), [6]);
  assert.deepEqual(
    proxyUnknown.filter((x) => x.rule.startsWith('goproxy')),
    [],
  );
  // The module cache's place itself unknown: nothing to propose.
  assert.deepEqual(only(analyzeDockerfile({ dockerfile, goMod: GOMOD, buildArgs: unknown('GOMODCACHE') }), 'mod-cache-mount'), []);
});
