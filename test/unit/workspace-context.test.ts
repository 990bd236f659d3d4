// What the workspace puts in a Dockerfile's request: the go.mod its build reaches (not a guess above its folder),
// the Dockerfiles that build a go.mod, the COPY sources its context lacks, and the other build files.
// Real temporary folders, removed after each test.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Workspace } from '../../server/src/host/workspace';
import { pathToUri } from '../../server/src/core/uri';
import { withWorkspace } from '../support/tempWorkspace';
import { missingCopySources } from '../../server/src/host/copySources';
import { analyze, analyzeContext } from '../../server/src/analysis';
import { AnalysisContext } from '../../server/src/model/context';
import { forgetRequestParse, requestParse } from '../../server/src/host/buildScripts';
import type { AnalysisRequest } from '../../server/src/core/request';
import { DEFAULT_SETTINGS } from '../../server/src/core/types';

const df = (...lines: string[]) => lines.join('\n') + '\n';
const GOMOD = df('module example.com/app', '', 'go 1.22', '', 'require github.com/google/uuid v1.6.0');

function requestFor(ws: Workspace, dockerfilePath: string): AnalysisRequest {
  return ws.request({ uri: pathToUri(dockerfilePath), text: fs.readFileSync(dockerfilePath, 'utf8') }, 'dockerfile', { ...DEFAULT_SETTINGS }, 'en');
}

const WHOLE_CONTEXT = df('FROM golang:1.22', 'COPY . .', 'RUN go build .');
const MOD_FILES_FIRST = df('FROM golang:1.22', 'COPY go.mod go.sum ./', 'RUN go mod download', 'COPY . .', 'RUN go build .');

test('moduleFilesFor: a Dockerfile in a sub-folder reaches the repo-root go.mod only when its build shows it does', () => {
  withWorkspace((root, write) => {
    const goModUri = pathToUri(write('go.mod', GOMOD));
    const goSumUri = pathToUri(write('go.sum', ''));
    // `COPY . .` from build/: the context may well be build/ itself; the root go.mod is only a guess.
    const sub = write('build/Dockerfile', WHOLE_CONTEXT);
    const guess = requestFor(new Workspace([root]), sub).related;
    assert.equal(guess.goMod, undefined);
    assert.equal(guess.goSum, undefined);
    assert.equal(guess.contextDir, pathToUri(path.join(root, 'build')));
    assert.equal(guess.contextDeclared, false);
    // The Dockerfile copies go.mod itself: its context holds one, the nearest above.
    write('build/Dockerfile', MOD_FILES_FIRST);
    const copies = requestFor(new Workspace([root]), sub).related;
    assert.equal(copies.goMod?.uri, goModUri);
    assert.equal(copies.goMod?.text, GOMOD);
    assert.equal(copies.goSum?.uri, goSumUri);
  });
});

test('moduleFilesFor: a Dockerfile next to its go.mod always gets it', () => {
  withWorkspace((root, write) => {
    const goModUri = pathToUri(write('go.mod', GOMOD));
    for (const text of [WHOLE_CONTEXT, MOD_FILES_FIRST, df('FROM golang:1.22', 'RUN go build .')]) {
      const p = write('Dockerfile', text);
      assert.equal(requestFor(new Workspace([root]), p).related.goMod?.uri, goModUri, text);
    }
  });
});

test('moduleFilesFor: a compose file building build/Dockerfile with `context: .` makes it reach the root go.mod', () => {
  withWorkspace((root, write) => {
    const goModUri = pathToUri(write('go.mod', GOMOD));
    const sub = write('build/Dockerfile', WHOLE_CONTEXT);
    assert.equal(requestFor(new Workspace([root]), sub).related.goMod, undefined);
    write('compose.yaml', df('services:', '  app:', '    build:', '      context: .', '      dockerfile: build/Dockerfile'));
    const related = requestFor(new Workspace([root]), sub).related;
    assert.equal(related.goMod?.uri, goModUri);
    assert.equal(related.contextDir, pathToUri(root));
    assert.equal(related.contextDeclared, true);
    assert.deepEqual(related.missingCopySources, []);
  });
});

test('dockerfilesBuilding: agrees with moduleFilesFor on which Dockerfiles build the root go.mod', () => {
  withWorkspace((root, write) => {
    const goMod = write('go.mod', GOMOD);
    const guess = write('build/Dockerfile', WHOLE_CONTEXT);
    const copies = write('deploy/Dockerfile', MOD_FILES_FIRST);
    const beside = write('Dockerfile', WHOLE_CONTEXT);
    const ws = new Workspace([root]);
    assert.deepEqual(ws.dockerfilesBuilding(goMod).sort(), [beside, copies].sort());
    assert.ok(!ws.dockerfilesBuilding(goMod).includes(guess));
    // And its siblings, as the request of one of them lists them.
    assert.deepEqual(requestFor(ws, beside).related.siblingDockerfiles?.(), [pathToUri(copies)]);
    // Declared by compose, build/Dockerfile builds it too.
    write('compose.yaml', df('services:', '  app:', '    build:', '      context: .', '      dockerfile: build/Dockerfile'));
    const declared = new Workspace([root]);
    assert.ok(declared.dockerfilesBuilding(goMod).includes(guess));
  });
});

test("a Dockerfile's request works out the Dockerfiles building its go.mod when first asked, once", () => {
  withWorkspace((root, write) => {
    write('go.mod', GOMOD);
    const beside = write('Dockerfile', WHOLE_CONTEXT);
    const copies = write('deploy/Dockerfile', MOD_FILES_FIRST);
    const ws = new Workspace([root]);
    const related = requestFor(ws, beside).related;
    // Nothing was worked out with the request: a Dockerfile that came after it is among them when they are asked.
    const later = write('tools/Dockerfile', MOD_FILES_FIRST);
    ws.invalidate(later);
    assert.deepEqual(related.siblingDockerfiles?.(), [pathToUri(copies), pathToUri(later)]);
    // Kept from then on: the same list, for the analysis that asked.
    const first = related.siblingDockerfiles?.();
    assert.equal(related.siblingDockerfiles?.(), first);
  });
});

test('dockerfilesBuilding: every module file gets the Dockerfiles whose requests name it, each once', () => {
  withWorkspace((root, write) => {
    const mods = ['go.mod', 'a/go.mod', 'b/go.mod', 'c/go.mod'].map((m) => write(m, df(`module example.com/${path.dirname(m)}`, '', 'go 1.22')));
    // The root go.work uses the root module itself and a/, so the root Dockerfile reaches the root go.mod both ways.
    const work = write('go.work', df('go 1.22', '', 'use (', '\t.', '\t./a', ')'));
    const dockerfiles = [
      write('Dockerfile', df('FROM golang:1.22', 'COPY go.work go.mod ./', 'COPY a/go.mod a/', 'RUN go mod download')),
      write('a/Dockerfile', MOD_FILES_FIRST),
      write('b/Dockerfile', MOD_FILES_FIRST),
      write('b/Dockerfile.dev', MOD_FILES_FIRST),
      write('c/build/Dockerfile', WHOLE_CONTEXT),
    ];
    const ws = new Workspace([root]);
    // What each Dockerfile's own request says it builds: its go.mod, or its go.work and the modules that uses.
    const builds = new Map(
      dockerfiles.map((d) => {
        const r = requestFor(ws, d).related;
        const files = [r.goMod?.uri, r.goWork?.uri, ...(r.workModules ?? []).map((m) => m.uri)].filter((u): u is string => !!u);
        return [d, new Set(files)];
      }),
    );
    for (const m of [...mods, work]) {
      const expected = dockerfiles.filter((d) => builds.get(d)!.has(pathToUri(m)));
      assert.deepEqual([...ws.dockerfilesBuilding(m)].sort(), [...expected].sort(), m);
      assert.equal(new Set(ws.dockerfilesBuilding(m)).size, ws.dockerfilesBuilding(m).length, `${m}: listed once`);
    }
    assert.deepEqual([...ws.dockerfilesBuilding(mods[0])].sort(), [dockerfiles[0]]);
    assert.deepEqual([...ws.dockerfilesBuilding(mods[2])].sort(), [dockerfiles[2], dockerfiles[3]].sort());
    assert.deepEqual(ws.dockerfilesBuilding(mods[3]), []);
  });
});

test('missingCopySources: plain names and last-part globs that match nothing in the context, nothing else', () => {
  withWorkspace((root, write) => {
    write('go.mod', GOMOD);
    write('go.sum', '');
    write('lib/there/go.mod', GOMOD);
    const ws = new Workspace([root]);
    const missing = (...copies: string[]) => missingCopySources(df('FROM golang:1.22', ...copies), root);
    assert.deepEqual(missing('COPY lib/nothere/go.* ./', 'COPY missing.txt .'), ['lib/nothere/go.*', 'missing.txt']);
    // Named by a COPY in every stage, a missing source is listed once.
    assert.deepEqual(missing('COPY vendor ./vendor', 'FROM golang:1.22', 'COPY vendor ./vendor', 'COPY missing.txt .'), ['vendor', 'missing.txt']);
    assert.deepEqual(
      missing(
        'COPY go.* ./',
        'COPY . .',
        'COPY --from=x /a /b',
        'COPY --from=x app/bin /usr/local/bin/',
        'COPY ${ARG}/x .',
        'COPY lib/there/go.* ./lib/there/',
      ),
      [],
    );
    // The request carries them, computed against the Dockerfile's context.
    const p = write('Dockerfile', df('FROM golang:1.22', 'COPY missing.txt .', 'COPY go.* ./', 'COPY . .', 'RUN go build .'));
    assert.deepEqual(requestFor(ws, p).related.missingCopySources, ['missing.txt']);
  });
});

test("buildFiles: the workspace's other Dockerfiles, CI workflows and Makefiles, not node_modules/vendor, not the Dockerfile itself", () => {
  withWorkspace((root, write) => {
    write('go.mod', GOMOD);
    const self = write('Dockerfile', WHOLE_CONTEXT);
    const other = write('tools/Dockerfile', df('FROM golang:1.22'));
    const ci = write('.github/workflows/ci.yml', df('on: push'));
    const make = write('Makefile', df('all:', '\tgo build ./...'));
    write('node_modules/pkg/Dockerfile', df('FROM node:20'));
    write('node_modules/pkg/Makefile', df('all:'));
    write('vendor/example.com/lib/Dockerfile', df('FROM alpine'));
    write('vendor/example.com/lib/Makefile', df('all:'));
    const uris = (requestFor(new Workspace([root]), self).related.buildFiles ?? []).map((f) => f.uri).sort();
    assert.deepEqual(uris, [other, ci, make].map(pathToUri).sort());
    // Each with its text.
    const files = requestFor(new Workspace([root]), self).related.buildFiles ?? [];
    assert.equal(files.find((f) => f.uri === pathToUri(make))?.text, df('all:', '\tgo build ./...'));
  });
});

test('a sub-folder Dockerfile that copies the root go.mod reads its COPY sources from the root: its hints stay', () => {
  withWorkspace((root, write) => {
    write('go.mod', GOMOD);
    write('go.sum', '');
    const sub = write('build/Dockerfile', MOD_FILES_FIRST);
    const ws = new Workspace([root]);
    const req = requestFor(ws, sub);
    assert.deepEqual(req.related.missingCopySources, []);
    assert.deepEqual(
      analyze(req)
        .filter((f) => f.rule === 'mod-cache-mount')
        .map((f) => f.range.start.line),
      [2, 4],
    );
  });
});

test('file events refresh what the workspace keeps between requests: a go.mod created later is found once announced', () => {
  withWorkspace((root, write) => {
    const sub = write('build/Dockerfile', MOD_FILES_FIRST);
    const ws = new Workspace([root]);
    assert.equal(requestFor(ws, sub).related.goMod, undefined);
    const goMod = write('go.mod', GOMOD);
    ws.invalidate(goMod);
    assert.equal(requestFor(ws, sub).related.goMod?.uri, pathToUri(goMod));
    // A changed build file is read again once its event arrives.
    const ci = write('.gitlab-ci.yml', 'variables:\n  GOPRIVATE: git.a.example\n');
    ws.invalidate(ci);
    assert.ok(requestFor(ws, sub).related.buildFiles?.some((f) => f.text.includes('git.a.example')));
    write('.gitlab-ci.yml', 'variables:\n  GOPRIVATE: git.b.example\n');
    ws.invalidate(ci);
    assert.ok(requestFor(ws, sub).related.buildFiles?.some((f) => f.text.includes('git.b.example')));
  });
});

test('opening a Dockerfile the index holds reads its text again, not the whole workspace; without file events a new one is looked for', () => {
  withWorkspace((root, write) => {
    const a = write('a/Dockerfile', MOD_FILES_FIRST);
    const ws = new Workspace([root]);
    ws.fileEvents(false);
    assert.deepEqual(ws.dockerfiles(), [a]);
    // Written without a file event: the index does not know it yet.
    const b = write('b/Dockerfile', MOD_FILES_FIRST);
    ws.opened(a);
    assert.deepEqual(ws.dockerfiles(), [a], 'a known file opened: the index is kept');
    // Its text is read again, though: the editor may have written it before opening it.
    const otherFiles = () => ws.request({ uri: pathToUri(b), text: MOD_FILES_FIRST }, 'dockerfile', { ...DEFAULT_SETTINGS }, 'en').related.buildFiles ?? [];
    assert.ok(otherFiles().some((f) => f.uri === pathToUri(a) && f.text.includes('golang:1.22')));
    write('a/Dockerfile', df('FROM golang:1.23', 'COPY go.mod ./', 'RUN go mod download'));
    ws.opened(a);
    assert.ok(otherFiles().some((f) => f.uri === pathToUri(a) && f.text.includes('golang:1.23')));
    ws.opened(b);
    assert.deepEqual(ws.dockerfiles().sort(), [a, b].sort(), 'an unknown file opened: the workspace is looked at again');
  });
});

test("the workspace's list of build files is read again only for the files whose text may have changed", () => {
  withWorkspace((root, write) => {
    const dockerfiles = Array.from({ length: 20 }, (_, i) => write(`s${i}/Dockerfile`, MOD_FILES_FIRST));
    write('compose.yaml', 'services:\n  a:\n    build: ./s0\n');
    const [a, b] = dockerfiles;
    const open = new Map<string, string>();
    let asked: string[] = [];
    const ws = new Workspace([root], (uri) => (asked.push(uri), open.get(uri)));
    ws.fileEvents(true);
    const first = ws.buildFiles([]);
    assert.equal(first.length, 21);
    asked = [];
    open.set(pathToUri(a), MOD_FILES_FIRST);
    ws.edited(a);
    ws.opened(a);
    assert.equal(ws.buildFiles([]), first, 'opened with the text on disk: the same list');
    assert.deepEqual(asked, [pathToUri(a)], 'only the opened file is looked at');
    open.set(pathToUri(a), `${MOD_FILES_FIRST}# typed\n`);
    ws.edited(a);
    const typed = ws.buildFiles([]);
    assert.notEqual(typed, first);
    assert.ok(typed.some((f) => f.uri === pathToUri(a) && f.text.endsWith('# typed\n')));
    open.delete(pathToUri(a));
    ws.closed(a);
    assert.deepEqual(ws.buildFiles([]), first, 'closed: the text on disk again');
    write('s1/Dockerfile', WHOLE_CONTEXT);
    ws.written(b);
    assert.ok(
      ws.buildFiles([]).some((f) => f.uri === pathToUri(b) && f.text === WHOLE_CONTEXT),
      'written on disk: read again',
    );
  });
});

test('a build file whose text comes or goes (one too large to read, opened in the editor) joins or leaves the list', () => {
  withWorkspace((root, write) => {
    write('a/Dockerfile', MOD_FILES_FIRST);
    const big = write('b/Dockerfile', `${MOD_FILES_FIRST}${'# padding\n'.repeat(120_000)}`);
    const open = new Map<string, string>();
    const ws = new Workspace([root], (uri) => open.get(uri));
    ws.fileEvents(true);
    assert.deepEqual(
      ws.buildFiles([]).map((f) => f.uri),
      [pathToUri(path.join(root, 'a/Dockerfile'))],
      'too large to read: left out',
    );
    open.set(pathToUri(big), WHOLE_CONTEXT);
    ws.edited(big);
    ws.opened(big);
    assert.ok(
      ws.buildFiles([]).some((f) => f.uri === pathToUri(big) && f.text === WHOLE_CONTEXT),
      'opened: its text is in the list',
    );
    open.delete(pathToUri(big));
    ws.closed(big);
    assert.equal(ws.buildFiles([]).length, 1, 'closed: too large again');
  });
});

test('opening a file no walk lists, or any file the index lacks while file events come, does not walk the workspace again', () => {
  withWorkspace((root, write) => {
    const a = write('a/Dockerfile', MOD_FILES_FIRST);
    const quiet = new Workspace([root]);
    quiet.fileEvents(false);
    assert.deepEqual(quiet.dockerfiles(), [a]);
    // Written without a file event: only a new walk would find it.
    const b = write('b/Dockerfile', MOD_FILES_FIRST);
    for (const skipped of ['.devcontainer/Dockerfile', 'testdata/Dockerfile', 'vendor/x/Dockerfile', 'dist/Dockerfile', 'a/notes.txt', 'deep/sh/run.sh'])
      quiet.opened(write(skipped, MOD_FILES_FIRST));
    assert.deepEqual(quiet.dockerfiles(), [a], 'files the walk never lists: the index is kept');
    quiet.opened(write('.github/workflows/ci.yml', 'on: push\n'));
    assert.deepEqual(quiet.dockerfiles().sort(), [a, b].sort(), 'a workflow the walk lists: looked at again');

    // With file events, a new file is announced by its own event: opening it walks nothing.
    const watched = new Workspace([root]);
    watched.fileEvents(true);
    const before = watched.dockerfiles();
    const c = write('c/Dockerfile', MOD_FILES_FIRST);
    watched.opened(c);
    assert.deepEqual(watched.dockerfiles(), before, 'opened before its event: the index is kept');
    watched.invalidate(c);
    assert.ok(watched.dockerfiles().includes(c), 'its event came: the workspace is looked at again');
  });
});

test('a file written on disk is read again without walking the workspace; one a walk would list but did not is looked for', () => {
  withWorkspace((root, write) => {
    const a = write('a/Dockerfile', MOD_FILES_FIRST);
    const ci = write('.gitlab-ci.yml', 'variables:\n  GOPRIVATE: git.a.example\n');
    const ws = new Workspace([root]);
    ws.fileEvents(true);
    const other = write('other/Dockerfile', MOD_FILES_FIRST);
    const evidence = () => ws.request({ uri: pathToUri(other), text: MOD_FILES_FIRST }, 'dockerfile', { ...DEFAULT_SETTINGS }, 'en').related.buildFiles ?? [];
    assert.deepEqual(ws.dockerfiles().sort(), [a, other].sort());
    assert.ok(evidence().some((f) => f.text.includes('git.a.example')));
    // Came without an event of its own: only a walk would find it.
    const b = write('b/Dockerfile', MOD_FILES_FIRST);
    write('a/Dockerfile', df('FROM golang:1.23', 'COPY go.mod ./', 'RUN go mod download'));
    ws.written(a);
    write('.gitlab-ci.yml', 'variables:\n  GOPRIVATE: git.b.example\n');
    ws.written(ci);
    ws.written(write('deploy/app.yaml', 'kind: Deployment\n'));
    assert.deepEqual(ws.dockerfiles().sort(), [a, other].sort(), 'written files: the index is kept');
    assert.ok(
      evidence().some((f) => f.uri === pathToUri(a) && f.text.includes('golang:1.23')),
      'the Dockerfile written is read again',
    );
    assert.ok(
      evidence().some((f) => f.text.includes('git.b.example')),
      'the CI file written is read again',
    );
    assert.ok(!evidence().some((f) => f.text.includes('git.a.example')));
    // A write event for a file the walk would list but the index lacks: it may be new.
    ws.written(b);
    assert.deepEqual(ws.dockerfiles().sort(), [a, b, other].sort());
  });
});

test('a workspace too large to list whole is not walked again for a file its walk left out', () => {
  withWorkspace((root, write) => {
    for (let i = 0; i < 201; i++) write(`s${i}/compose.yaml`, 'services: {}\n');
    const ws = new Workspace([root]);
    ws.fileEvents(false);
    assert.equal(ws.buildConfigFiles().length, 200);
    const left = ws.buildConfigFiles();
    const a = write('new/Dockerfile', MOD_FILES_FIRST);
    ws.opened(a);
    assert.deepEqual(ws.buildConfigFiles(), left);
    assert.deepEqual(ws.dockerfiles(), [], 'the index from before the file came is kept');
  });
});

test('buildScripts: the Makefile, the files it includes, the scripts it and the RUN name reach the request, through WORKDIR and COPY', () => {
  withWorkspace((root, write) => {
    write('go.mod', df('module example.com/app', '', 'go 1.22'));
    const makefile = write('Makefile', df('include build.mk', 'build:', '\t./hack/gen.sh', '\tgo build -o app .'));
    write('build.mk', df('GOFLAGS ?= -trimpath'));
    write('hack/gen.sh', df('#!/bin/sh', 'go generate ./...'));
    write('scripts/build.sh', df('#!/bin/sh', 'go build ./cmd/tool'));
    write('scripts/other.sh', df('#!/bin/sh', 'echo not run'));
    write('big/Makefile', 'x'.repeat(1024 * 1024 + 1));
    const p = write('Dockerfile', df('FROM golang:1.19', 'WORKDIR /src', 'COPY . .', 'RUN make build && ./scripts/build.sh', 'RUN make -C big'));
    const ws = new Workspace([root]);
    const req = requestFor(ws, p);
    const scripts = req.related.buildScripts ?? [];
    assert.deepEqual(scripts.map((s) => s.contextPath).sort(), ['Makefile', 'build.mk', 'hack/gen.sh', 'scripts/build.sh']);
    assert.equal(scripts.find((s) => s.contextPath === 'Makefile')?.uri, pathToUri(makefile));
    assert.equal(scripts.find((s) => s.contextPath === 'scripts/build.sh')?.text, df('#!/bin/sh', 'go build ./cmd/tool'));
    // The analysis reads the Makefile it was given.
    const [finding] = analyze(req).filter((f) => f.rule === 'toolchain-download');
    assert.match(finding.message, /`make build` runs `go build` \(Makefile line 4\)/);
    // An edit to the Makefile is seen once its file event arrives.
    write('Makefile', df('build:', '\tdocker build .'));
    ws.invalidate(makefile);
    const [after] = analyze(requestFor(ws, p)).filter((f) => f.rule === 'toolchain-download');
    assert.match(after.message, /so `\.\/scripts\/build\.sh` fails .* `\.\/scripts\/build\.sh` runs `go build` \(scripts\/build\.sh line 2\)\.$/);
  });
});

test("the analysis takes the parse the workspace made to find the build files a Dockerfile's RUN commands read", () => {
  withWorkspace((root, write) => {
    write('go.mod', df('module example.com/app', '', 'go 1.22'));
    write('Makefile', df('build:', '\tgo build -o app .'));
    const p = write('Dockerfile', df('FROM golang:1.19', 'ENV GOPROXY=https://goproxy.cn', 'WORKDIR /src', 'COPY . .', 'RUN make build'));
    const req = requestFor(new Workspace([root]), p);
    assert.deepEqual(
      (req.related.buildScripts ?? []).map((s) => s.contextPath),
      ['Makefile'],
    );
    const parsed = requestParse(req.file);
    assert.ok(parsed, 'the workspace parsed the Dockerfile for its request');
    const given = new AnalysisContext(req, undefined, parsed);
    assert.equal(given.dockerfile, parsed, 'the analysis does not parse the text again');
    // What the analysis finds with it is what it finds parsing the text itself.
    const findings = (c: AnalysisContext) => JSON.parse(JSON.stringify(analyzeContext(c))) as unknown;
    assert.deepEqual(findings(given), findings(new AnalysisContext(req)));
    // A parse of another text, or with other options (a vendor folder), is not taken.
    assert.notEqual(new AnalysisContext({ ...req, related: { ...req.related, vendorDir: true } }, undefined, parsed).dockerfile, parsed);
    assert.equal(requestParse({ uri: req.file.uri, text: `${req.file.text}# edited\n` }), undefined);
    // Closing the document lets its parse go.
    forgetRequestParse(req.file.uri);
    assert.equal(requestParse(req.file), undefined);
  });
});

test('buildScripts: nothing is read where the COPY does not say the file came from the context', () => {
  withWorkspace((root, write) => {
    write('go.mod', GOMOD);
    write('Makefile', df('all:', '\tgo build'));
    write('build.sh', df('go build'));
    const p = write(
      'Dockerfile',
      df('FROM golang:1.22 AS deps', 'FROM golang:1.22', 'WORKDIR /src', 'COPY --from=deps /src /src', 'RUN make && ./build.sh', 'RUN cd /elsewhere && make'),
    );
    assert.deepEqual(requestFor(new Workspace([root]), p).related.buildScripts, []);
  });
});

test('moduleFilesFor: the one module folder a Dockerfile copies (`COPY ./service .`) gives the go.mod; two, or none, give none', () => {
  withWorkspace((root, write) => {
    const goModUri = pathToUri(write('service/go.mod', GOMOD));
    write('service/go.sum', '');
    write('web/package.json', '{}');
    const dockerfile = (...copies: string[]) =>
      df('FROM golang:1.22 AS build', 'WORKDIR /build', ...copies, 'RUN go build -o /app .', 'FROM scratch', 'COPY --from=build /app /app');
    const p = write('Dockerfile', dockerfile('COPY ./service .'));
    const req = requestFor(new Workspace([root]), p);
    assert.equal(req.related.goMod?.uri, goModUri);
    // The analysis reads that COPY as the whole module: the copy-order hint names the folder and its fix copies the
    // module files from there.
    const order = analyze(req).filter((x) => x.rule === 'modfiles-copy-order');
    assert.equal(order.length, 1);
    assert.match(order[0].message, /runs after this COPY of the whole module folder `service`/);
    const fixText = (order[0].fixes[0].edits[0].edits[0] as { newText: string }).newText;
    assert.match(fixText, /^COPY service\/go\.mod service\/go\.sum \.\/\nRUN go mod download\n$/);
    // A folder without go.mod, or two module folders: no guess.
    write('Dockerfile', dockerfile('COPY ./web .'));
    assert.equal(requestFor(new Workspace([root]), p).related.goMod, undefined);
    write('other/go.mod', GOMOD.replace('example.com/app', 'example.com/other'));
    write('Dockerfile', dockerfile('COPY ./service ./service', 'COPY other other'));
    assert.equal(requestFor(new Workspace([root]), p).related.goMod, undefined);
  });
});

test('dockerfilesBuilding follows an edit of an open Dockerfile that changes the go.mod its build reaches, and is kept otherwise', () => {
  withWorkspace((root, write) => {
    const goMod = write('go.mod', GOMOD);
    const sub = write('build/Dockerfile', WHOLE_CONTEXT);
    let open: string | undefined;
    const ws = new Workspace([root], (uri) => (uri === pathToUri(sub) ? open : undefined));
    // `COPY . .` in build/: the root go.mod is only a guess, so this Dockerfile does not build it.
    assert.deepEqual(ws.dockerfilesBuilding(goMod), []);
    // Opened and edited to copy go.mod first: its build now reaches the root go.mod.
    open = MOD_FILES_FIRST;
    ws.edited(sub);
    assert.deepEqual(ws.dockerfilesBuilding(goMod), [sub]);
    // An edit that changes nothing of that is kept (the same array), and one that undoes it is followed.
    open = MOD_FILES_FIRST + '# a comment\n';
    const before = ws.dockerfilesBuilding(goMod);
    ws.edited(sub);
    assert.equal(ws.dockerfilesBuilding(goMod), before);
    open = WHOLE_CONTEXT;
    ws.edited(sub);
    assert.deepEqual(ws.dockerfilesBuilding(goMod), []);
  });
});

test("a go.work's use lines, edited or written on disk, change which Dockerfiles build a module", () => {
  withWorkspace((root, write) => {
    const work = write('go.work', df('go 1.22', '', 'use ./a'));
    write('a/go.mod', df('module example.com/a', '', 'go 1.22'));
    const bMod = write('b/go.mod', df('module example.com/b', '', 'go 1.22'));
    const dockerfile = write('Dockerfile', df('FROM golang:1.22', 'COPY go.work ./', 'COPY a/go.mod a/', 'COPY b/go.mod b/', 'RUN go mod download'));
    const open = new Map<string, string>();
    const ws = new Workspace([root], (uri) => open.get(uri));
    ws.fileEvents(true);
    assert.deepEqual(ws.dockerfilesBuilding(bMod), []);
    // Written on disk: its event says so.
    write('go.work', df('go 1.22', '', 'use (', '\t./a', '\t./b', ')'));
    ws.written(work);
    assert.deepEqual(ws.dockerfilesBuilding(bMod), [dockerfile]);
    // Edited in the editor.
    open.set(pathToUri(work), df('go 1.22', '', 'use ./a'));
    ws.edited(work);
    assert.deepEqual(ws.dockerfilesBuilding(bMod), []);
  });
});
