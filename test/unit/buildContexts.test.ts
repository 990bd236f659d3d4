// Build contexts from compose and bake files, and the go.mod a Dockerfile builds through them.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildContextDirs, declaredBuildContexts } from '../../server/src/host/buildContexts';
import { composeInvocations } from '../../server/src/invocations/compose';
import { bakeJsonInvocations } from '../../server/src/invocations/bake';
import { bakeHclInvocations } from '../../server/src/invocations/bakeHcl';
import { loadHclParser } from '../../server/src/host/hclParserLoader';
import { Workspace } from '../../server/src/host/workspace';
import { pathToUri } from '../../server/src/core/uri';
import { analyze } from '../../server/src/analysis';
import { DEFAULT_SETTINGS } from '../../server/src/core/types';
import { makeWorkspace } from '../support/lspClient';

before(() => loadHclParser());

const contexts = (invs: { context: string; dockerfile: string }[]) =>
  invs.map((i) => ({ context: fileURLToPath(i.context), dockerfile: fileURLToPath(i.dockerfile) }));

test('compose: short and long build forms, inline maps, comments', () => {
  const text = [
    'services:',
    '  api:',
    '    build: ./api   # short form',
    '  worker:',
    '    build:',
    '      context: .',
    '      dockerfile: deploy/worker.Dockerfile',
    '    image: worker',
    '  web:',
    '    build: { context: ./web, dockerfile: Containerfile }',
  ].join('\n');
  assert.deepEqual(contexts(composeInvocations('/repo/docker-compose.yml', text, 'docker-compose.yml', new Map())), [
    { context: '/repo/api', dockerfile: '/repo/api/Dockerfile' },
    { context: '/repo', dockerfile: '/repo/deploy/worker.Dockerfile' },
    { context: '/repo/web', dockerfile: '/repo/web/Containerfile' },
  ]);
});

test('bake: targets of the HCL form and of the JSON form', () => {
  const hcl = 'group "default" { targets = ["app"] }\ntarget "app" {\n  context = "."\n  dockerfile = "build/Dockerfile"\n}\n';
  assert.deepEqual(contexts(bakeHclInvocations('/repo/docker-bake.hcl', hcl, 'docker-bake.hcl')), [{ context: '/repo', dockerfile: '/repo/build/Dockerfile' }]);
  const json = JSON.stringify({ target: { app: { context: 'svc', dockerfile: 'Dockerfile.prod' } } });
  assert.deepEqual(contexts(bakeJsonInvocations('/repo/docker-bake.json', json, 'docker-bake.json')), [
    { context: '/repo/svc', dockerfile: '/repo/svc/Dockerfile.prod' },
  ]);
});

test('a Dockerfile built from the repository root by compose sees the root go.mod and its replace targets', () => {
  const dir = makeWorkspace({
    'docker-compose.yml': 'services:\n  app:\n    build:\n      context: .\n      dockerfile: build/Dockerfile\n',
    'build/Dockerfile': 'FROM golang:1.22\nCOPY . .\nRUN go build ./...\n',
    'go.mod': 'module example.com/app\n\ngo 1.22\n\nrequire example.com/lib v1.0.0\n\nreplace example.com/lib => ./lib\n',
    'lib/go.mod': 'module example.com/lib\n\ngo 1.22\n',
  });
  const ws = new Workspace([dir]);
  const dockerfile = path.join(dir, 'build', 'Dockerfile');
  const related = ws.moduleFilesFor(dockerfile);
  assert.equal(related.goMod?.uri, pathToUri(path.join(dir, 'go.mod')));
  assert.equal(related.contextDir, pathToUri(dir));
  // The replace target ./lib is inside the compose context (the root), so nothing is reported on go.mod.
  const goModUri = pathToUri(path.join(dir, 'go.mod'));
  const req = ws.request({ uri: goModUri, text: ws.read(path.join(dir, 'go.mod'))! }, 'gomod', DEFAULT_SETTINGS, 'en');
  assert.deepEqual(
    req.related.dockerfiles?.map((d) => d.uri),
    [pathToUri(dockerfile)],
  );
  assert.deepEqual(
    analyze(req).filter((f) => f.rule === 'gomod-replace-outside-context'),
    [],
  );
});

test('without compose, the Dockerfile folder is only a guessed context: ../ replace targets are not reported', () => {
  const dir = makeWorkspace({
    'svc/Dockerfile': 'FROM golang:1.22\nCOPY . .\nRUN go build ./...\n',
    'svc/go.mod': 'module example.com/svc\n\ngo 1.22\n\nrequire example.com/lib v1.0.0\n\nreplace example.com/lib => ../lib\n',
  });
  const ws = new Workspace([dir]);
  const dockerfile = path.join(dir, 'svc', 'Dockerfile');
  // The folder stays the fallback context, but nothing declares it.
  assert.deepEqual(buildContextDirs(ws, dockerfile), [path.join(dir, 'svc')]);
  assert.deepEqual(declaredBuildContexts(ws, dockerfile), []);
  const goMod = path.join(dir, 'svc', 'go.mod');
  const req = ws.request({ uri: pathToUri(goMod), text: ws.read(goMod)! }, 'gomod', DEFAULT_SETTINGS, 'en');
  assert.deepEqual(
    req.related.dockerfiles?.map((d) => d.uri),
    [pathToUri(dockerfile)],
  );
  assert.equal(req.related.contextDeclared, false);
  assert.deepEqual(
    analyze(req).filter((f) => f.rule === 'gomod-replace-outside-context'),
    [],
  );
});

test('a compose file that declares a subfolder as the context: ../ replace targets are outside', () => {
  const dir = makeWorkspace({
    'docker-compose.yml': 'services:\n  svc:\n    build: ./svc\n',
    'svc/Dockerfile': 'FROM golang:1.22\nCOPY . .\nRUN go build ./...\n',
    'svc/go.mod': 'module example.com/svc\n\ngo 1.22\n\nrequire example.com/lib v1.0.0\n\nreplace example.com/lib => ../lib\n',
  });
  const ws = new Workspace([dir]);
  const dockerfile = path.join(dir, 'svc', 'Dockerfile');
  assert.deepEqual(declaredBuildContexts(ws, dockerfile), [path.join(dir, 'svc')]);
  const goMod = path.join(dir, 'svc', 'go.mod');
  const req = ws.request({ uri: pathToUri(goMod), text: ws.read(goMod)! }, 'gomod', DEFAULT_SETTINGS, 'en');
  assert.equal(req.related.contextDeclared, true);
  const outside = analyze(req).filter((f) => f.rule === 'gomod-replace-outside-context');
  assert.equal(outside.length, 1);
  assert.equal(outside[0].range.start.line, 6);
});
