// The readers of the ways a workspace builds a Dockerfile: compose, GitHub workflows, GitLab CI, Makefiles, shell
// scripts and bake JSON, each giving context, Dockerfile, target and build args with the place of each value.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BuildArgValue, BuildInvocation } from '../../server/src/core/buildArgs';
import { composeInvocations } from '../../server/src/invocations/compose';
import { workflowInvocations } from '../../server/src/invocations/workflow';
import { gitlabInvocations } from '../../server/src/invocations/gitlab';
import { makefileInvocations, shellScriptInvocations } from '../../server/src/invocations/scripts';
import { bakeJsonInvocations } from '../../server/src/invocations/bake';
import { interpolate, parseDotEnv } from '../../server/src/invocations/interpolate';
import { Workspace } from '../../server/src/host/workspace';
import { pathToUri } from '../../server/src/core/uri';
import { withWorkspace } from '../support/tempWorkspace';
import { DEFAULT_SETTINGS } from '../../server/src/core/types';

const lines = (...l: string[]) => l.join('\n') + '\n';
const paths = (inv: BuildInvocation) => ({ context: fileURLToPath(inv.context), dockerfile: fileURLToPath(inv.dockerfile) });
const values = (inv: BuildInvocation) => Object.fromEntries(Object.entries(inv.args).map(([k, v]) => [k, v.known ? v.value : undefined]));
/** The text a value's range covers in the file it was read from. */
function written(text: string, v: BuildArgValue): string {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  const { start, end } = v.at!.range;
  return text.slice(starts[start.line] + start.character, starts[end.line] + end.character);
}

test('compose interpolation: .env values, defaults with and without a colon, $$, unknown without either', () => {
  const env = parseDotEnv(lines('# comment', 'export PROXY="https://goproxy.cn,direct"', 'EMPTY=', 'PLAIN=abc # trailing'));
  assert.equal(interpolate('${PROXY}', env), 'https://goproxy.cn,direct');
  assert.equal(interpolate('$PLAIN-x', env), 'abc-x');
  assert.equal(interpolate('${EMPTY:-fallback}', env), 'fallback');
  assert.equal(interpolate('${EMPTY-fallback}', env), '');
  assert.equal(interpolate('${UNSET-off}', env), 'off');
  assert.equal(interpolate('${UNSET:-${PLAIN}}', env), 'abc');
  assert.equal(interpolate('$$HOME', env), '$HOME');
  assert.equal(interpolate('${UNSET}', env), undefined);
  assert.equal(interpolate('${UNSET:?required}', env), undefined);
});

test('compose: args as a map and as a list, interpolated from .env, with the place of each value', () => {
  const text = lines(
    'services:',
    '  api:',
    '    build:',
    '      context: ./api',
    '      dockerfile: build/Dockerfile',
    '      target: prod',
    '      args:',
    '        GOPROXY: "https://goproxy.cn;direct"',
    '        GOPRIVATE: ${PRIVATE:-git.acme.internal}',
    '        TOKEN: ${TOKEN}',
    '        FROM_ENV:',
    '  worker:',
    '    build:',
    '      context: .',
    '      args:',
    '        - GOPROXY=${PROXY}',
    '        - "GOFLAGS=-mod=mod"',
    '        - GONOSUMDB',
    '  db:',
    '    image: postgres',
  );
  const [api, worker, ...rest] = composeInvocations('/repo/compose.yaml', text, 'compose.yaml', new Map([['PROXY', 'https://proxy.example']]));
  assert.equal(rest.length, 0);
  assert.equal(api.label, 'compose.yaml service api');
  assert.equal(api.kind, 'compose');
  assert.deepEqual(paths(api), { context: '/repo/api', dockerfile: '/repo/api/build/Dockerfile' });
  assert.equal(api.target, 'prod');
  assert.deepEqual(values(api), { GOPROXY: 'https://goproxy.cn;direct', GOPRIVATE: 'git.acme.internal', TOKEN: undefined, FROM_ENV: undefined });
  assert.equal(written(text, api.args.GOPROXY), 'https://goproxy.cn;direct');
  assert.equal(api.args.GOPROXY.at!.range.start.line, 7);
  assert.equal(written(text, api.args.GOPRIVATE), '${PRIVATE:-git.acme.internal}');
  assert.deepEqual(paths(worker), { context: '/repo', dockerfile: '/repo/Dockerfile' });
  assert.equal(worker.target, undefined);
  assert.deepEqual(values(worker), { GOPROXY: 'https://proxy.example', GOFLAGS: '-mod=mod', GONOSUMDB: undefined });
  assert.equal(written(text, worker.args.GOPROXY), '${PROXY}');
  assert.equal(written(text, worker.args.GOFLAGS), '-mod=mod');
});

test('compose: an inline Dockerfile, a Git context or an unknown context builds no file of the workspace', () => {
  const text = lines(
    'services:',
    '  inline:',
    '    build:',
    '      context: .',
    '      dockerfile_inline: "FROM scratch"',
    '  remote:',
    '    build: https://github.com/acme/app.git',
    '  unknown:',
    '    build: ${APP_DIR}',
    '  known:',
    '    build: ${APP_DIR:-./app}',
  );
  const invs = composeInvocations('/repo/docker-compose.yml', text, 'docker-compose.yml', new Map());
  assert.deepEqual(
    invs.map((i) => i.label),
    ['docker-compose.yml service known'],
  );
  assert.deepEqual(composeInvocations('/repo/compose.yaml', 'services: [', 'compose.yaml', new Map()), []);
});

test('workflow: build-push-action with context, file, target and build-args; expressions other than the matrix are unknown', () => {
  const text = lines(
    'jobs:',
    '  image:',
    '    runs-on: ubuntu-latest',
    '    strategy:',
    '      matrix:',
    '        df: [build/Dockerfile, build/alpine.Dockerfile]',
    '    steps:',
    '      - uses: actions/checkout@v4',
    '      - uses: docker/build-push-action@v6',
    '        with:',
    '          context: .',
    '          file: ${{ matrix.df }}',
    '          target: release',
    '          build-args: |',
    '            GOPROXY=https://goproxy.io,direct',
    '            VERSION=${{ github.ref_name }}',
    '            GOPRIVATE',
  );
  const invs = workflowInvocations('/repo/.github/workflows/ci.yml', text, '.github/workflows/ci.yml', '/repo');
  assert.deepEqual(invs.map(paths), [
    { context: '/repo', dockerfile: '/repo/build/Dockerfile' },
    { context: '/repo', dockerfile: '/repo/build/alpine.Dockerfile' },
  ]);
  const [first] = invs;
  assert.equal(first.label, '.github/workflows/ci.yml job image');
  assert.equal(first.target, 'release');
  assert.deepEqual(values(first), { GOPROXY: 'https://goproxy.io,direct', VERSION: undefined, GOPRIVATE: undefined });
  assert.equal(written(text, first.args.GOPROXY), 'https://goproxy.io,direct');
  assert.equal(first.args.GOPROXY.at!.range.start.line, 14);
  assert.equal(written(text, first.args.VERSION), '${{ github.ref_name }}');
  // A file named by an expression the reader cannot evaluate is no Dockerfile it can name.
  const unknown = text.replace('${{ matrix.df }}', '${{ inputs.dockerfile }}');
  assert.deepEqual(workflowInvocations('/repo/.github/workflows/ci.yml', unknown, 'ci.yml', '/repo'), []);
});

test('workflow: docker build lines in run steps, with continuations, --build-arg forms and working-directory', () => {
  const text = lines(
    'jobs:',
    '  build:',
    '    steps:',
    '      - run: |',
    '          echo start',
    '          docker buildx build \\',
    '            --build-arg GOPROXY=https://goproxy.cn,direct \\',
    '            --build-arg=GOFLAGS=-mod=mod --build-arg TOKEN \\',
    '            -f deploy/Dockerfile --target app -t img:${{ github.sha }} .',
    '      - working-directory: svc',
    '        run: podman build --build-arg V=$VERSION .',
    '      - run: docker run --rm img go version',
  );
  const [first, second, ...rest] = workflowInvocations('/repo/.github/workflows/ci.yml', text, '.github/workflows/ci.yml', '/repo');
  assert.equal(rest.length, 0);
  assert.deepEqual(paths(first), { context: '/repo', dockerfile: '/repo/deploy/Dockerfile' });
  assert.equal(first.target, 'app');
  assert.deepEqual(values(first), { GOPROXY: 'https://goproxy.cn,direct', GOFLAGS: '-mod=mod', TOKEN: undefined });
  assert.equal(written(text, first.args.GOPROXY), 'https://goproxy.cn,direct');
  assert.equal(first.args.GOPROXY.at!.range.start.line, 6);
  assert.equal(written(text, first.args.GOFLAGS), '-mod=mod');
  assert.deepEqual(paths(second), { context: '/repo/svc', dockerfile: '/repo/svc/Dockerfile' });
  assert.deepEqual(values(second), { V: undefined });
});

test('GitLab CI: script and before_script docker build lines, $VAR from literal variables', () => {
  const text = lines(
    'variables:',
    '  PROXY: https://goproxy.cn,direct',
    'stages: [build]',
    '.template:',
    '  script:',
    '    - docker build -f hidden/Dockerfile .',
    'image-build:',
    '  stage: build',
    '  variables:',
    '    DF: build/Dockerfile',
    '  before_script:',
    '    - docker login -u x -p $CI_REGISTRY_PASSWORD',
    '  script:',
    '    - docker build --build-arg GOPROXY=$PROXY --build-arg COMMIT=$CI_COMMIT_SHA -f $DF .',
  );
  const invs = gitlabInvocations('/repo/.gitlab-ci.yml', text, '.gitlab-ci.yml');
  assert.equal(invs.length, 1);
  assert.equal(invs[0].label, '.gitlab-ci.yml job image-build');
  assert.equal(invs[0].kind, 'gitlab');
  assert.deepEqual(paths(invs[0]), { context: '/repo', dockerfile: '/repo/build/Dockerfile' });
  assert.deepEqual(values(invs[0]), { GOPROXY: 'https://goproxy.cn,direct', COMMIT: undefined });
  // The value is the one `variables:` writes: placed there.
  assert.equal(written(text, invs[0].args.GOPROXY), 'https://goproxy.cn,direct');
  assert.equal(invs[0].args.GOPROXY.at!.range.start.line, 1);
});

test('Makefile: docker build recipes in the Makefile folder, $(X) known only when assigned literally once', () => {
  const text = lines(
    'PROXY := https://goproxy.cn,direct',
    'VERSION ?= $(shell git describe)',
    'TWICE = a',
    'TWICE = b',
    '',
    'image:',
    '\t@docker build \\',
    '\t\t--build-arg GOPROXY=$(PROXY) --build-arg VERSION=$(VERSION) \\',
    '\t\t--build-arg T=${TWICE} --build-arg HOME=$$HOME \\',
    '\t\t-f build/Dockerfile ..',
    '',
    'test:',
    '\tgo test ./...',
  );
  const invs = makefileInvocations('/repo/svc/Makefile', text, 'svc/Makefile');
  assert.equal(invs.length, 1);
  assert.equal(invs[0].label, 'svc/Makefile line 7');
  assert.deepEqual(paths(invs[0]), { context: '/repo', dockerfile: '/repo/svc/build/Dockerfile' });
  assert.deepEqual(values(invs[0]), { GOPROXY: 'https://goproxy.cn,direct', VERSION: undefined, T: undefined, HOME: undefined });
  // The value is written where the Makefile assigns PROXY; the build passes it in the recipe.
  assert.equal(written(text, invs[0].args.GOPROXY), 'https://goproxy.cn,direct');
  assert.equal(written(text, { ...invs[0].args.GOPROXY, at: invs[0].args.GOPROXY.passedAt }), '$(PROXY)');
  assert.equal(invs[0].args.GOPROXY.passedAt!.range.start.line, 7);
  // A context from a variable make cannot give is no build we can place.
  assert.deepEqual(makefileInvocations('/repo/Makefile', lines('image:', '\tdocker build -t x $(DIR)'), 'Makefile'), []);
});

test('Makefile: a build is found whether its recipe writes the word build or only the variable that starts it does', () => {
  const text = lines(
    'DOCKER_BUILD = docker build',
    'DOCKER = podman',
    'lint:',
    '\tgolangci-lint run ./... && echo $(DOCKER)',
    'a:',
    '\tdocker build --build-arg GOPROXY=https://a.example -t a ./a',
    'b:',
    '\t$(DOCKER_BUILD) -t b ./b',
    'c:',
    '\t$(DOCKER) build --build-arg GOPROXY=https://c.example -t c ./c',
    'd:',
    '\tcd d && \\',
    '\t  $(DOCKER_BUILD) -t d .',
  );
  const invs = makefileInvocations('/repo/Makefile', text, 'Makefile');
  assert.deepEqual(
    invs.map((inv) => [inv.label, values(inv).GOPROXY, paths(inv).context]),
    [
      ['Makefile line 6', 'https://a.example', '/repo/a'],
      ['Makefile line 8', undefined, '/repo/b'],
      ['Makefile line 10', 'https://c.example', '/repo/c'],
      ['Makefile line 12', undefined, '/repo/d'],
    ],
  );
});

test('shell script: docker build with a quoted value and a variable, from the repository root', () => {
  const text = lines('#!/bin/sh', 'set -e', 'sudo docker build --build-arg "GOPROXY=https://goproxy.cn,direct" --build-arg TAG="$TAG" -t app:"$TAG" ./app');
  const invs = shellScriptInvocations('/repo/scripts/build.sh', text, 'scripts/build.sh', '/repo');
  assert.equal(invs.length, 1);
  assert.equal(invs[0].label, 'scripts/build.sh line 3');
  assert.deepEqual(paths(invs[0]), { context: '/repo/app', dockerfile: '/repo/app/Dockerfile' });
  assert.deepEqual(values(invs[0]), { GOPROXY: 'https://goproxy.cn,direct', TAG: undefined });
  assert.equal(written(text, invs[0].args.GOPROXY), 'https://goproxy.cn,direct');
  // Not a build: docker run, docker buildx bake, docker build from standard input.
  assert.deepEqual(
    shellScriptInvocations('/repo/x.sh', lines('docker run --rm app build', 'docker buildx bake', 'docker build - < Dockerfile'), 'x.sh', '/repo'),
    [],
  );
});

test('bake JSON: targets with inherits and variables, each arg value placed in the file', () => {
  const text = JSON.stringify(
    {
      variable: { PROXY: { default: 'https://goproxy.cn,direct' }, SECRET: {} },
      group: { default: { targets: ['api'] } },
      target: {
        _common: { context: 'svc', args: { GOPROXY: '${PROXY}', GOFLAGS: '-mod=mod' } },
        api: { inherits: ['_common'], dockerfile: 'build/Dockerfile', target: 'prod', args: { GOFLAGS: '-mod=vendor', TOKEN: '${SECRET}', LITERAL: '$HOME' } },
      },
    },
    null,
    2,
  );
  const invs = bakeJsonInvocations('/repo/docker-bake.json', text, 'docker-bake.json');
  const api = invs.find((i) => i.label === 'docker-bake.json target api')!;
  assert.deepEqual(paths(api), { context: '/repo/svc', dockerfile: '/repo/svc/build/Dockerfile' });
  assert.equal(api.target, 'prod');
  assert.deepEqual(values(api), { GOPROXY: 'https://goproxy.cn,direct', GOFLAGS: '-mod=vendor', TOKEN: undefined, LITERAL: '$HOME' });
  // The inherited value is written in the parent target.
  assert.equal(written(text, api.args.GOPROXY), '${PROXY}');
  assert.equal(written(text, api.args.GOFLAGS), '-mod=vendor');
  const common = invs.find((i) => i.label === 'docker-bake.json target _common')!;
  assert.deepEqual(values(common), { GOPROXY: 'https://goproxy.cn,direct', GOFLAGS: '-mod=mod' });
});

test('bake JSON: a matrix target has no single value for the names its matrix sets; dockerfile-inline builds no file', () => {
  const text = JSON.stringify({
    variable: { GOPROXY: { default: 'https://goproxy.cn,direct' } },
    target: {
      m: { matrix: { GOPROXY: ['https://a.example', 'https://b.example'] }, args: { GOPROXY: '${GOPROXY}' } },
      plain: { args: { GOPROXY: '${GOPROXY}' } },
      inline: { 'dockerfile-inline': 'FROM scratch' },
    },
  });
  const invs = bakeJsonInvocations('/repo/docker-bake.json', text, 'docker-bake.json');
  assert.deepEqual(
    invs.map((i) => i.label),
    ['docker-bake.json target m', 'docker-bake.json target plain'],
  );
  assert.deepEqual(values(invs[0]), { GOPROXY: undefined });
  assert.deepEqual(values(invs[1]), { GOPROXY: 'https://goproxy.cn,direct' });
});

test('workspace: a Dockerfile request carries the invocations that build it, and a workflow declares its context', () => {
  withWorkspace((root, write) => {
    write('go.mod', 'module example.com/app\n\ngo 1.22\n');
    const dockerfile = write('build/Dockerfile', 'FROM golang:1.22\nARG GOPROXY\nCOPY . .\nRUN go build ./...\n');
    const other = write('other/Dockerfile', 'FROM golang:1.22\n');
    write('compose.yaml', 'services:\n  app:\n    build:\n      context: .\n      dockerfile: build/Dockerfile\n      args:\n        GOPROXY: ${PROXY}\n');
    write('.env', 'PROXY=https://goproxy.cn,direct\n');
    write('.github/workflows/ci.yml', 'jobs:\n  b:\n    steps:\n      - uses: docker/build-push-action@v6\n        with:\n          file: build/Dockerfile\n');
    write('scripts/build.sh', 'docker build -f build/Dockerfile --build-arg GOPROXY=off .\n');
    const ws = new Workspace([root]);
    const req = ws.request({ uri: pathToUri(dockerfile), text: fs.readFileSync(dockerfile, 'utf8') }, 'dockerfile', DEFAULT_SETTINGS, 'en');
    const invs = req.related.invocations!;
    assert.deepEqual(invs.map((i) => i.label).sort(), ['.github/workflows/ci.yml job b', 'compose.yaml service app', 'scripts/build.sh line 1']);
    assert.equal(invs.find((i) => i.kind === 'compose')!.args.GOPROXY.value, 'https://goproxy.cn,direct');
    assert.equal(req.related.contextDir, pathToUri(root));
    assert.equal(req.related.contextDeclared, true);
    assert.equal(req.related.goMod?.uri, pathToUri(path.join(root, 'go.mod')));
    const quiet = ws.request({ uri: pathToUri(other), text: 'FROM golang:1.22\n' }, 'dockerfile', DEFAULT_SETTINGS, 'en');
    assert.deepEqual(quiet.related.invocations, []);
    assert.equal(quiet.related.contextDeclared, false);
    // Only the workflow declares build/Dockerfile's context (the script's folder is unknown): still the root.
    fs.rmSync(path.join(root, 'compose.yaml'));
    ws.invalidate(path.join(root, 'compose.yaml'));
    const viaWorkflow = ws.request({ uri: pathToUri(dockerfile), text: fs.readFileSync(dockerfile, 'utf8') }, 'dockerfile', DEFAULT_SETTINGS, 'en');
    assert.equal(viaWorkflow.related.contextDir, pathToUri(root));
    assert.equal(viaWorkflow.related.contextDeclared, true);
    fs.rmSync(path.join(root, '.github'), { recursive: true });
    ws.invalidate(path.join(root, '.github', 'workflows', 'ci.yml'));
    const viaScript = ws.request({ uri: pathToUri(dockerfile), text: fs.readFileSync(dockerfile, 'utf8') }, 'dockerfile', DEFAULT_SETTINGS, 'en');
    assert.deepEqual(
      viaScript.related.invocations!.map((i) => i.kind),
      ['script'],
    );
    assert.equal(viaScript.related.contextDeclared, false);
  });
});
