// Indirect go steps: `RUN make build`, `./build.sh`, `mage`, `task`, shown to run go by the tool's file in the build
// context, by Go variables given to the tool, or by a Go stage whose output a later stage copies; and `xx-go`, which
// is go. Each evidence kind fires toolchain-download and has a quiet counterpart differing in that one fact.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeDockerfile, only, type Files } from '../support/analysisHarness';
import { goInvocation } from '../../server/src/goenv/goCommand';
import { Makefile } from '../../server/src/syntax/makefile';
import { taskfileRun } from '../../server/src/goenv/buildFileCommands';
import { magefileRun } from '../../server/src/goenv/magefile';
import { stageToolInvocations } from '../../server/src/model/indirectSteps';
import { parseDockerfileFile } from '../../server/src/model/parsedDockerfile';
import type { ShellCommand } from '../../server/src/syntax/dockerfileModel';

const df = (...lines: string[]) => lines.join('\n') + '\n';
const GOMOD_122 = df('module example.com/app', '', 'go 1.22');
const GOMOD_123 = df('module example.com/app', '', 'go 1.23', '', 'require github.com/google/uuid v1.6.0');
const MAKEFILE = df(
  'GO ?= go',
  'BIN := app',
  '',
  'all: build',
  '',
  'build: generate',
  '\t@$(GO) build -o $(BIN) ./cmd/app',
  '',
  'generate:',
  '\t$(GO) generate ./...',
  '',
  'image:',
  '\tdocker build -t app .',
);
const toolchain = (f: Files) => only(analyzeDockerfile(f), 'toolchain-download');
/** A Dockerfile that copies the context to /src and runs `run` there. */
const build = (image: string, run: string, ...after: string[]) => df(`FROM ${image}`, 'WORKDIR /src', 'COPY . .', `RUN ${run}`, ...after);

test('xx-go is go: `xx-go build` is a go step', () => {
  const words = (...w: string[]) =>
    ({
      prefixAssignments: [],
      words: w.map((text) => ({ text, range: undefined as never, subRange: () => undefined as never })),
      range: undefined as never,
      inHeredoc: false,
      redirections: [],
      guards: [],
    }) as ShellCommand;
  assert.equal(goInvocation(words('xx-go', 'build', '-o', '/app', '.'))?.subcommand, 'build');
  assert.equal(goInvocation(words('/usr/bin/xx-go', 'mod', 'download'))?.subcommand, 'mod download');
  assert.equal(goInvocation(words('xx-gox', 'build')), undefined);
  const [finding] = toolchain({ dockerfile: build('golang:1.19', 'xx-go build -o /app .'), goMod: GOMOD_122 });
  assert.equal(finding.severity, 'error');
  assert.match(finding.message, /so `xx-go build` fails with "example\.com\/app: cannot compile Go 1\.22 code"\.$/);
  // `xx-go --wrap` sets the wrapper up and compiles nothing.
  assert.deepEqual(toolchain({ dockerfile: build('golang:1.19', 'xx-go --wrap'), goMod: GOMOD_122 }), []);
});

test('Makefile evidence: the target named runs go build (through its prerequisites and $(GO)); a target without go is quiet', () => {
  const f: Files = { dockerfile: build('golang:1.19', 'make build'), goMod: GOMOD_122, scripts: { Makefile: MAKEFILE } };
  const [finding] = toolchain(f);
  assert.equal(finding.severity, 'error');
  assert.match(
    finding.message,
    /so `make build` fails with "example\.com\/app: cannot compile Go 1\.22 code"\. `make build` runs `go build` \(Makefile line 7\)\.$/,
  );
  // The default goal (`all`, the first target) leads to build too.
  assert.match(toolchain({ ...f, dockerfile: build('golang:1.19', 'make') })[0].message, /`make` runs `go build` \(Makefile line 7\)/);
  // `make image` runs docker, not go: the Makefile shows all it does, so not even the copied-out stage speaks for it.
  assert.deepEqual(toolchain({ ...f, dockerfile: build('golang:1.19 AS b', 'make image', 'FROM scratch', 'COPY --from=b /src/app /app') }), []);
  // A target that only installs tools by version builds other modules, never this go.mod's.
  assert.deepEqual(
    toolchain({
      ...f,
      dockerfile: build('golang:1.21', 'make tools'),
      goMod: GOMOD_123,
      scripts: { Makefile: df('tools:', '\tgo install golang.org/x/tools/cmd/stringer@v0.20.0') },
    }),
    [],
  );
  // A target that only generates code compiles nothing: no "cannot compile" claim.
  assert.deepEqual(toolchain({ ...f, dockerfile: build('golang:1.19', 'make generate') }), []);
});

test('Makefile evidence, GOTOOLCHAIN=local: golang:1.21 with go 1.23 fails inside make; with GOTOOLCHAIN=auto it downloads', () => {
  const f: Files = { dockerfile: build('golang:1.21', 'make'), goMod: GOMOD_123, scripts: { Makefile: MAKEFILE } };
  const [finding] = toolchain(f);
  assert.equal(finding.severity, 'error');
  assert.match(finding.message, /GOTOOLCHAIN=local\)"\. `make` runs `go build` \(Makefile line 7\)\.$/);
  assert.equal(toolchain({ ...f, scripts: { Makefile: df('all:', '\techo nothing to build') } }).length, 0);
  // The RUN gives the tool GOTOOLCHAIN=auto: a warning that every build downloads the toolchain.
  const auto = toolchain({ ...f, dockerfile: build('golang:1.21', 'GOTOOLCHAIN=auto make') });
  assert.equal(auto[0].severity, 'warning');
  assert.match(auto[0].message, /downloads golang\.org\/toolchain@v0\.0\.1-go1\.23/);
  // The Makefile sets GOTOOLCHAIN itself: what go runs with is decided there, out of view.
  assert.deepEqual(toolchain({ ...f, scripts: { Makefile: 'export GOTOOLCHAIN := go1.23.0\n' + MAKEFILE } }), []);
  // Only reading it (`go env GOTOOLCHAIN` in a recipe) sets nothing: go still runs with the image's local toolchain.
  assert.equal(toolchain({ ...f, scripts: { Makefile: MAKEFILE + df('info:', '\t@echo "toolchain $$(go env GOTOOLCHAIN)"') } }).length, 1);
});

test('Makefile evidence: a go.mod with a toolchain line fails inside make on an image that predates toolchain management', () => {
  const withToolchain = df('module example.com/app', '', 'go 1.21', '', 'toolchain go1.21.5', '', 'require github.com/google/uuid v1.6.0');
  const f: Files = { dockerfile: build('golang:1.19.5', 'make build'), goMod: withToolchain, scripts: { Makefile: MAKEFILE } };
  const [finding] = toolchain(f);
  assert.equal(finding.severity, 'error');
  assert.match(finding.message, /cannot read this go\.mod: "unknown directive: toolchain"\. `make build` runs `go build` \(Makefile line 7\)\.$/);
  // Counterpart: an image that reads the toolchain line.
  assert.deepEqual(toolchain({ ...f, dockerfile: build('golang:1.21.5', 'make build') }), []);
});

test('inline evidence: Go variables given to make mean it runs go; a bare make with no Makefile in view is quiet', () => {
  const [finding] = toolchain({ dockerfile: build('golang:1.21', 'GOPROXY=https://goproxy.cn,direct make build'), goMod: GOMOD_123 });
  assert.equal(finding.severity, 'error');
  assert.match(finding.message, /`make build` is given Go's own variables \(GOPROXY\): it runs go\.$/);
  // `make GOOS=linux build` (a make variable reaches the recipes' environment) and `env CGO_ENABLED=0 make`.
  assert.match(
    toolchain({ dockerfile: build('golang:1.19', 'make GOOS=linux GOARCH=amd64 build'), goMod: GOMOD_122 })[0].message,
    /so `make build` fails .* \(GOOS, GOARCH\)/,
  );
  assert.equal(toolchain({ dockerfile: build('golang:1.21', 'env CGO_ENABLED=0 make'), goMod: GOMOD_123 }).length, 1);
  assert.deepEqual(toolchain({ dockerfile: build('golang:1.21', 'make build'), goMod: GOMOD_123 }), []);
  // GOPROXY alone says go runs, not that it compiles: no "cannot compile" claim on Go 1.19.
  assert.deepEqual(toolchain({ dockerfile: build('golang:1.19', 'GOPROXY=https://goproxy.cn make build'), goMod: GOMOD_122 }), []);
  // Where go puts binaries says go runs, not that it builds this module (`go install tool@v` ignores go.mod).
  assert.deepEqual(toolchain({ dockerfile: build('golang:1.21', 'GOBIN=/usr/local/bin make build'), goMod: GOMOD_123 }), []);
  // A target named for other work (installing tools by version, the web UI): go may run, but not on this go.mod.
  assert.deepEqual(toolchain({ dockerfile: build('golang:1.21', 'GOPROXY=https://goproxy.cn make install-tools'), goMod: GOMOD_123 }), []);
  // make working on sources that did not come from the context (a clone): not this go.mod's build.
  assert.deepEqual(
    toolchain({
      dockerfile: df('FROM golang:1.21', 'RUN git clone https://example.com/x /x', 'WORKDIR /x', 'RUN GOPROXY=https://goproxy.cn make'),
      goMod: GOMOD_123,
    }),
    [],
  );
});

test('stage evidence: a Go stage with no go command whose output a later stage copies; not copied out is quiet', () => {
  const copied = build('golang:1.21 AS builder', 'make', 'FROM alpine', 'COPY --from=builder /src/app /usr/local/bin/app');
  const [finding] = toolchain({ dockerfile: copied, goMod: GOMOD_123 });
  assert.equal(finding.severity, 'error');
  assert.match(finding.message, /The stage only builds Go and its output is copied by stage `1`: `make` runs go\.$/);
  // By index too.
  assert.equal(toolchain({ dockerfile: copied.replace('--from=builder', '--from=0'), goMod: GOMOD_123 }).length, 1);
  assert.deepEqual(toolchain({ dockerfile: build('golang:1.21 AS builder', 'make', 'FROM alpine', 'COPY app /usr/local/bin/app'), goMod: GOMOD_123 }), []);
  // The one command is named for other work: the stage's output may be a tool installed by version.
  assert.deepEqual(toolchain({ dockerfile: copied.replace('RUN make', 'RUN ./scripts/install-tools.sh'), goMod: GOMOD_123 }), []);
  assert.equal(toolchain({ dockerfile: copied.replace('RUN make', 'RUN ./scripts/build.sh'), goMod: GOMOD_123 }).length, 1);
  // Two build-tool commands: which one runs go is not known.
  assert.deepEqual(toolchain({ dockerfile: copied.replace('RUN make', 'RUN make web && make'), goMod: GOMOD_123 }), []);
  // A stage that is not a Go one (no Go image, no Go installed).
  assert.deepEqual(toolchain({ dockerfile: copied.replace('golang:1.21', 'node:20'), goMod: GOMOD_123 }), []);
});

test('script evidence: ./scripts/build.sh after COPY . . runs go build; a script without go is quiet', () => {
  const f: Files = {
    dockerfile: build('golang:1.19', './scripts/build.sh'),
    goMod: GOMOD_122,
    scripts: { 'scripts/build.sh': df('#!/bin/sh', 'set -e', 'CGO_ENABLED=0 \\', '  go build -o /app .') },
  };
  assert.match(toolchain(f)[0].message, /`\.\/scripts\/build\.sh` runs `go build` \(scripts\/build\.sh line 4\)\.$/);
  assert.deepEqual(toolchain({ ...f, scripts: { 'scripts/build.sh': df('#!/bin/sh', 'cp prebuilt/app /app') } }), []);
  // `sh scripts/build.sh` and a script a Makefile recipe runs.
  assert.equal(toolchain({ ...f, dockerfile: build('golang:1.19', 'sh scripts/build.sh') }).length, 1);
  const viaMake = toolchain({ ...f, dockerfile: build('golang:1.19', 'make'), scripts: { ...f.scripts, Makefile: df('all:', '\t./scripts/build.sh') } });
  assert.match(viaMake[0].message, /`make` runs `go build` \(scripts\/build\.sh line 4\)/);
});

test('zh-cn: the evidence sentence is translated', () => {
  const [finding] = toolchain({ dockerfile: build('golang:1.19', 'make build'), goMod: GOMOD_122, scripts: { Makefile: MAKEFILE }, locale: 'zh-cn' });
  assert.match(finding.message, /`make build` 会运行 `go build`（Makefile 第 7 行）。$/);
  const [stage] = toolchain({
    dockerfile: build('golang:1.21 AS b', 'make', 'FROM scratch', 'COPY --from=b /src/app /app'),
    goMod: GOMOD_123,
    locale: 'zh-cn',
  });
  assert.match(stage.message, /该阶段只用于构建 Go，其产物由阶段 `1` 复制：`make` 会运行 go。$/);
});

test('Makefile reading: variables, .DEFAULT_GOAL, includes, sub-makes, pattern rules; what cannot be followed stays open', () => {
  const read = (text: string, inc: Record<string, string> = {}) =>
    new Makefile({ path: 'Makefile', text }, (n) => (inc[n] !== undefined ? { path: n, text: inc[n] } : undefined));
  const go = (m: Makefile, ...goals: string[]) => m.recipesOf(goals).lines.map((l) => `${l.path}:${l.line} ${l.text}`);
  assert.deepEqual(go(read(df('GOCMD=go', 'GOBUILD=$(GOCMD) build', 'x:', '\t$(GOBUILD) -o $@ .'))), ['Makefile:4 go build -o x .']);
  assert.deepEqual(go(read(df('.DEFAULT_GOAL := b', 'a:', '\techo a', 'b:', '\techo b'))), ['Makefile:5 echo b']);
  assert.deepEqual(go(read(df('include build.mk', 'all: bin'), { 'build.mk': df('bin:', '\tgo build ./...') })), ['build.mk:2 go build ./...']);
  assert.deepEqual(go(read(df('all:', '\t$(MAKE) bin', 'bin:', '\tgo build'))), ['Makefile:2 make bin', 'Makefile:4 go build']);
  assert.deepEqual(go(read(df('build: bin/app', 'bin/%:', '\tgo build -o $@ ./cmd/$*')), 'build'), ['Makefile:3 go build -o bin/app ./cmd/app']);
  assert.equal(read(df('all:', '\t$(MAKE) -C sub')).recipesOf([]).open, true);
  assert.equal(read(df('all:', '\tcd sub && make')).recipesOf([]).open, true);
  assert.equal(read(df('all:', '\techo')).recipesOf(['missing']).open, true);
  assert.equal(read(df('all:', '\techo')).recipesOf([]).open, false);
});

test('Taskfile and magefile: the target and what it depends on', () => {
  const taskfile = df(
    'version: "3"',
    'tasks:',
    '  default:',
    '    deps: [gen]',
    '    cmds:',
    '      - task: build',
    '  gen:',
    '    cmds:',
    '      - echo gen',
    '  build:',
    '    cmds:',
    '      - cmd: go build -o bin/app .',
    '  lint:',
    '    cmds:',
    '      - golangci-lint run',
  );
  assert.deepEqual(
    taskfileRun({ path: 'Taskfile.yml', text: taskfile }, []).go.map((g) => `${g.text} ${g.line}`),
    ['go build 12'],
  );
  const lint = taskfileRun({ path: 'Taskfile.yml', text: taskfile }, ['lint']);
  assert.deepEqual([lint.go, lint.open], [[], false]);
  const magefile = df(
    '//go:build mage',
    'package main',
    '',
    'var Default = Build',
    '',
    'func Build() error {',
    '\tmg.Deps(Generate)',
    '\treturn sh.RunV(mg.GoCmd(), "build", "./...")',
    '}',
    '',
    'func Generate() error {',
    '\treturn sh.Run("go", "generate", "./...")',
    '}',
  );
  assert.deepEqual(
    magefileRun([{ path: 'magefile.go', text: magefile }], []).go.map((g) => `${g.text} ${g.line}`),
    ['go build 8', 'go generate 12'],
  );
  assert.deepEqual(
    magefileRun([{ path: 'magefile.go', text: magefile }], ['generate']).go.map((g) => g.text),
    ['go generate'],
  );
  // Through the analysis: `task build` with the Taskfile in view.
  const found = toolchain({ dockerfile: build('golang:1.19', 'task build'), goMod: GOMOD_122, scripts: { 'Taskfile.yml': taskfile } });
  assert.match(found[0].message, /`task build` runs `go build` \(Taskfile\.yml line 12\)/);
  assert.deepEqual(toolchain({ dockerfile: build('golang:1.19', 'task lint'), goMod: GOMOD_122, scripts: { 'Taskfile.yml': taskfile } }), []);
});

test('the files a tool reads are found through WORKDIR, cd and the COPY that brought them, and only there', () => {
  const files = (...lines: string[]) =>
    stageToolInvocations(parseDockerfileFile({ uri: 'file:///ws/Dockerfile', text: df(...lines) }))
      .flat()
      .map((i) => i.files);
  assert.deepEqual(files('FROM golang:1.22', 'WORKDIR /src', 'COPY . .', 'RUN ./scripts/build.sh'), [['scripts/build.sh']]);
  assert.deepEqual(files('FROM golang:1.22', 'COPY . /src', 'RUN cd /src/sub && make'), [['sub/GNUmakefile', 'sub/makefile', 'sub/Makefile']]);
  assert.deepEqual(files('FROM golang:1.22', 'WORKDIR /src', 'COPY build/ ./', 'RUN make -f ci.mk'), [['build/ci.mk']]);
  assert.deepEqual(
    files('FROM golang:1.22', 'ENV SRC=/go/src/app', 'WORKDIR $SRC', 'COPY hack/build.sh /usr/local/bin/', 'COPY . .', 'RUN /usr/local/bin/build.sh && ./x.sh'),
    [['hack/build.sh'], ['x.sh']],
  );
  // A WORKDIR with a variable the Dockerfile does not set: the same folder for the COPY and the RUN, no other.
  assert.deepEqual(files('FROM ${IMAGE}', 'WORKDIR $GOPATH/src/app', 'COPY . .', 'RUN make'), [['GNUmakefile', 'makefile', 'Makefile']]);
  assert.deepEqual(files('FROM ${IMAGE}', 'COPY . /src', 'WORKDIR $GOPATH/src/app', 'RUN make'), [[]]);
  // Copied from another stage, cloned, or in a folder no COPY reached: nothing claimed.
  assert.deepEqual(files('FROM golang:1.22', 'WORKDIR /src', 'COPY --from=deps /src /src', 'RUN ./build.sh'), [[]]);
  assert.deepEqual(files('FROM golang:1.22', 'RUN git clone https://example.com/x /x && cd /x && ./build.sh'), [[]]);
  assert.deepEqual(files('FROM golang:1.22', 'COPY . /src', 'RUN cd /other && make'), [[]]);
  // A script found through PATH by its bare name.
  assert.deepEqual(files('FROM golang:1.22', 'COPY . .', 'RUN build.sh'), [[]]);
});

const order = (f: Files) => only(analyzeDockerfile(f), 'modfiles-copy-order');
const GOMOD = df('module example.com/app', '', 'go 1.22', '', 'require github.com/google/uuid v1.6.0');

test('a `cd` through a variable ENV or an ARG with a default sets is followed; one whose value is not known is not', () => {
  const files = (...lines: string[]) =>
    stageToolInvocations(parseDockerfileFile({ uri: 'file:///ws/Dockerfile', text: df(...lines) }))
      .flat()
      .map((i) => i.files);
  const makefiles = (dir: string) => ['GNUmakefile', 'makefile', 'Makefile'].map((n) => `${dir}${n}`);
  assert.deepEqual(files('FROM golang:1.22', 'ENV SRC=example.com/app', 'COPY . /go/src/${SRC}', 'RUN cd /go/src/${SRC} && make install'), [makefiles('')]);
  assert.deepEqual(files('FROM golang:1.22', 'ARG SRC=/src', 'ENV SUB=$SRC/cmd', 'COPY . /src', 'RUN cd $SUB && make'), [makefiles('cmd/')]);
  // An ARG without a default is the build's to give; a value the RUN sets first, or a sourced script, may be another.
  assert.deepEqual(files('FROM golang:1.22', 'ARG SRC', 'COPY . /go/src/app', 'RUN cd /go/src/${SRC} && make'), [[]]);
  assert.deepEqual(files('FROM golang:1.22', 'ENV SRC=app', 'COPY . /go/src/app', 'RUN SRC=other; cd /go/src/${SRC} && make'), [[]]);
  assert.deepEqual(files('FROM golang:1.22', 'ENV SRC=app', 'COPY . /go/src/app', 'RUN export SRC=other && cd /go/src/${SRC} && make'), [[]]);
  assert.deepEqual(files('FROM golang:1.22', 'ENV SRC=app', 'COPY . /go/src/app', 'RUN . ./env.sh && cd /go/src/${SRC} && make'), [[], []]);
  // Through the analysis: the Makefile's `go install` is the stage's first download, after the whole context.
  const digger = (env: string): Files => ({
    dockerfile: df(
      'FROM golang:1.22 AS b',
      env,
      'COPY . /go/src/${SRC}',
      'RUN cd /go/src/${SRC} && make install',
      'FROM scratch',
      'COPY --from=b /go/bin/app /app',
    ),
    goMod: GOMOD,
    scripts: { Makefile: df('install:', '\tgo install ./cmd/app') },
  });
  assert.match(order(digger('ENV SRC=example.com/app'))[0].message, /`make install` runs `go install` \(Makefile line 2\)\.$/);
  assert.deepEqual(order(digger('ARG SRC')), []);
});

test('mage: flags before the target, any case of its name, go named by a variable or mg.GoCmd() through a wrapper', () => {
  const magefile = df(
    '//go:build mage',
    'package main',
    '',
    '// allow user to override go executable by running as GOEXE=xxx',
    'var goexe = "go"',
    '',
    'func init() {',
    '\tif exe := os.Getenv("GOEXE"); exe != "" {',
    '\t\tgoexe = exe',
    '\t}',
    '}',
    '',
    'func Build() error {',
    '\treturn runWith(flagEnv(), goexe, "build", "-o", "app", ".")',
    '}',
    '',
    'func Lint() error {',
    '\treturn sh.Run("golangci-lint", "run")',
    '}',
    '',
    'func Fetch() error {',
    '\tgocmd := mg.GoCmd()',
    '\treturn sh.RunWith(nil,',
    '\t\tgocmd, "mod", "download")',
    '}',
    '',
    'func runWith(env map[string]string, cmd string, args ...string) error {',
    '\treturn sh.RunWith(env, cmd, args...)',
    '}',
  );
  const run = (...targets: string[]) => magefileRun([{ path: 'magefile.go', text: magefile }], targets).go.map((g) => `${g.text} ${g.line}`);
  assert.deepEqual(run('build'), ['go build 14']);
  assert.deepEqual(run('Build'), ['go build 14']);
  assert.deepEqual(run('fetch'), ['go mod download 24']);
  assert.deepEqual(run('lint'), []);
  // A variable given another literal anywhere is not known to be go.
  assert.deepEqual(magefileRun([{ path: 'magefile.go', text: magefile.replace('goexe = exe', 'goexe = "go1.21.0"') }], ['build']).go, []);
  // Through the analysis: `mage -v build` and `mage -d . Build` after the whole context.
  const mage = (runLine: string, text = magefile): Files => ({
    dockerfile: df('FROM golang:1.22 AS b', 'WORKDIR /src', 'COPY ./ .', `RUN ${runLine}`, 'FROM scratch', 'COPY --from=b /src/app /app'),
    goMod: GOMOD,
    scripts: { 'magefile.go': text },
  });
  assert.match(order(mage('mage -v build'))[0].message, /`mage -v build` runs `go build` \(magefile\.go line 14\)\.$/);
  assert.equal(order(mage('mage -d . -v Build')).length, 1);
  assert.deepEqual(order(mage('mage -v lint')), []);
  // `mage -l` lists the targets and runs none.
  assert.deepEqual(order(mage('mage -l')), []);
  assert.deepEqual(order(mage('mage -v build', magefile.replace('var goexe = "go"', 'var goexe = "gotip"'))), []);
});

test('a make goal the shell computes: evidence when every target of its shape runs go, none when one does not', () => {
  const makefile = df(
    'GO_EXE = go',
    '.PHONY: build-linux-amd64 build-linux-arm64 build-linux',
    'build-linux: build-linux-amd64 build-linux-arm64',
    'build-linux-amd64:',
    '\tGOOS=linux GOARCH=amd64 $(GO_EXE) build -o bin/linux/amd64/app .',
    'build-linux-arm64:',
    '\tGOOS=linux GOARCH=arm64 $(GO_EXE) build -o bin/linux/arm64/app .',
    'lint:',
    '\tgolangci-lint run',
  );
  const oras = (runLine: string, text = makefile): Files => ({
    dockerfile: df(
      'FROM golang:1.22 AS b',
      'ARG TARGETPLATFORM',
      'ENV PKG /app',
      'ADD . ${PKG}',
      'WORKDIR ${PKG}',
      `RUN ${runLine}`,
      'FROM scratch',
      'COPY --from=b /app/bin /bin',
    ),
    goMod: GOMOD,
    scripts: { Makefile: text },
  });
  const [finding] = order(oras('make "build-$(echo $TARGETPLATFORM | tr / -)"'));
  assert.match(
    finding.message,
    /`make build-\$\(echo \$TARGETPLATFORM \| tr \/ -\)` names its goal through the shell, and every Makefile target it can name \(`build-\*`\) runs go: `build-linux` runs `go build` \(Makefile line 5\)\.$/,
  );
  // A literal end works as well as a start; a pattern rule of that shape counts as its targets.
  assert.equal(order(oras('make "$(uname -m)-bin"', df('%-bin:', '\tGOARCH=$* go build -o bin/$* .'))).length, 1);
  // One target of the shape runs no go: which one runs is not known, so the Makefile shows nothing.
  assert.deepEqual(order(oras('make "build-$(echo $TARGETPLATFORM | tr / -)"', makefile + df('build-docs:', '\tmkdocs build'))), []);
  // No literal start or end: any target may be the one.
  assert.deepEqual(order(oras('make "$(echo $TARGETPLATFORM | tr / -)"')), []);
  // No target of the shape: make fails, nothing runs.
  assert.deepEqual(order(oras('make "release-$(uname -m)"')), []);
  // zh-cn
  const [zh] = only(analyzeDockerfile({ ...oras('make "build-$(echo $TARGETPLATFORM | tr / -)"'), locale: 'zh-cn' }), 'modfiles-copy-order');
  assert.match(
    zh.message,
    /的目标由 shell 计算得出，而它可能指向的每个 Makefile 目标（`build-\*`）都会运行 go：`build-linux` 会运行 `go build`（Makefile 第 5 行）。$/,
  );
});
