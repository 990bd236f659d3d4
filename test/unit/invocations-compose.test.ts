// Compose files as compose loads them: YAML anchors, aliases and merge keys (a value reached through an alias is
// placed where the anchor writes it, once), `extends` in the same file or another, and the override file merged
// over the project's file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BuildArgValue, BuildInvocation } from '../../server/src/core/buildArgs';
import { composeInvocations } from '../../server/src/invocations/compose';
import { invocationsIn } from '../../server/src/invocations';
import { analyze } from '../../server/src/analysis';
import { DEFAULT_SETTINGS } from '../../server/src/core/types';
import { withWorkspace } from '../support/tempWorkspace';
import { DOCKERFILE_URI, GOMOD_URI, only } from '../support/analysisHarness';
import * as fs from 'node:fs';

const lines = (...l: string[]) => l.join('\n') + '\n';
const values = (inv: BuildInvocation) => Object.fromEntries(Object.entries(inv.args).map(([k, v]) => [k, v.known ? v.value : undefined]));
const byLabel = (invs: BuildInvocation[]) => Object.fromEntries(invs.map((i) => [i.label, i]));
/** The line and text a value's range covers. */
function written(text: string, v: BuildArgValue): [number, string] {
  const { start, end } = v.at!.range;
  assert.equal(start.line, end.line);
  return [start.line, text.split('\n')[start.line].slice(start.character, end.character)];
}

const ANCHORS = lines(
  'x-common: &common',
  '  context: .',
  '  args: &args',
  '    GOPROXY: &proxy "https://goproxy.cn;direct"',
  '    GOFLAGS: -mod=mod',
  'services:',
  '  merged:',
  '    build:',
  '      <<: *common',
  '      target: prod',
  '  whole:',
  '    build: *common',
  '  aliased-args:',
  '    build:',
  '      context: .',
  '      args: *args',
  '  merged-args:',
  '    build:',
  '      context: .',
  '      args:',
  '        <<: *args',
  '        GOFLAGS: -mod=vendor',
  '        OTHER: *proxy',
  '  own:',
  '    build:',
  '      context: .',
  '      args:',
  '        GOPROXY: https://goproxy.io,direct',
);

test('compose anchors: `<<: *x` in build and in args, `build: *x`, `args: *x`: values placed where the anchor writes them', () => {
  const invs = byLabel(composeInvocations('/repo/compose.yaml', ANCHORS, 'compose.yaml', new Map()));
  assert.deepEqual(Object.keys(invs), [
    'compose.yaml service merged',
    'compose.yaml service whole',
    'compose.yaml service aliased-args',
    'compose.yaml service merged-args',
    'compose.yaml service own',
  ]);
  assert.equal(invs['compose.yaml service merged'].target, 'prod');
  assert.equal(fileURLToPath(invs['compose.yaml service whole'].context), '/repo');
  for (const label of ['merged', 'whole', 'aliased-args', 'merged-args']) {
    const inv = invs[`compose.yaml service ${label}`];
    assert.equal(inv.args.GOPROXY.value, 'https://goproxy.cn;direct', label);
    // Every service's GOPROXY is the one value on line 4, not a copy per service.
    assert.deepEqual(written(ANCHORS, inv.args.GOPROXY), [3, 'https://goproxy.cn;direct'], label);
  }
  const mergedArgs = invs['compose.yaml service merged-args'];
  // A key the map writes itself wins over the merged one, and stays where it is written.
  assert.deepEqual(values(mergedArgs), { GOFLAGS: '-mod=vendor', OTHER: 'https://goproxy.cn;direct', GOPROXY: 'https://goproxy.cn;direct' });
  assert.deepEqual(written(ANCHORS, mergedArgs.args.GOFLAGS), [21, '-mod=vendor']);
  assert.deepEqual(written(ANCHORS, mergedArgs.args.OTHER), [3, 'https://goproxy.cn;direct']);
  // Quiet counterpart: a service that does not use the anchor does not get its value.
  assert.deepEqual(values(invs['compose.yaml service own']), { GOPROXY: 'https://goproxy.io,direct' });
  assert.deepEqual(written(ANCHORS, invs['compose.yaml service own'].args.GOPROXY), [27, 'https://goproxy.io,direct']);
});

test('compose anchors: a wrong value shared through an alias is reported once, at the anchor, for every service using it', () => {
  const dockerfile = lines('FROM golang:1.22', 'ARG GOPROXY', 'ARG GOFLAGS', 'RUN go mod download');
  const goMod = lines('module example.com/app', '', 'go 1.22', '', 'require github.com/pkg/errors v0.9.1');
  const run = (text: string) =>
    analyze({
      file: { uri: DOCKERFILE_URI, text: dockerfile },
      kind: 'dockerfile',
      related: {
        goMod: { uri: GOMOD_URI, text: goMod },
        invocations: composeInvocations(fileURLToPath(DOCKERFILE_URI).replace(/Dockerfile$/, 'compose.yaml'), text, 'compose.yaml', new Map()),
      },
      settings: DEFAULT_SETTINGS,
      locale: 'en',
    });
  const invalid = only(run(ANCHORS), 'goproxy-invalid');
  assert.equal(invalid.length, 1);
  assert.match(invalid[0].uri, /compose\.yaml$/);
  assert.deepEqual(invalid[0].range.start, { line: 3, character: 21 });
  // Quiet: the anchor writes a valid list.
  assert.deepEqual(only(run(ANCHORS.replace('goproxy.cn;direct', 'goproxy.cn,direct')), 'goproxy-invalid'), []);
});

test('compose extends: a service over the one it extends, in the same file and in another file (paths from that file)', () => {
  withWorkspace((root, write) => {
    write(
      'common/base.yaml',
      lines(
        'services:',
        '  go:',
        '    build:',
        '      context: ..',
        '      dockerfile: build/Dockerfile',
        '      args:',
        '        GOPROXY: https://goproxy.cn;direct',
        '        GOPRIVATE: git.acme.internal',
      ),
    );
    const text = lines(
      'services:',
      '  base:',
      '    build:',
      '      context: ./svc',
      '      args:',
      '        GOPROXY: https://goproxy.io,direct',
      '        GOFLAGS: -mod=mod',
      '  api:',
      '    extends: base',
      '    build:',
      '      target: api',
      '      args:',
      '        GOFLAGS: -mod=vendor',
      '  worker:',
      '    extends:',
      '      file: common/base.yaml',
      '      service: go',
      '    build:',
      '      args:',
      '        GOPRIVATE: git.example.org',
      '  missing:',
      '    extends:',
      '      file: nowhere.yaml',
      '      service: go',
      '    build: .',
    );
    const file = write('compose.yaml', text);
    const invs = byLabel(invocationsIn(file, text, root, (p) => (fs.existsSync(p) ? fs.readFileSync(p, 'utf8') : undefined)));
    // A service extending what cannot be read may get any argument from it: left out.
    assert.deepEqual(Object.keys(invs), ['compose.yaml service base', 'compose.yaml service api', 'compose.yaml service worker']);
    const api = invs['compose.yaml service api'];
    assert.equal(fileURLToPath(api.context), path.join(root, 'svc'));
    assert.equal(api.target, 'api');
    assert.deepEqual(values(api), { GOPROXY: 'https://goproxy.io,direct', GOFLAGS: '-mod=vendor' });
    assert.deepEqual(written(text, api.args.GOPROXY), [5, 'https://goproxy.io,direct']);
    const worker = invs['compose.yaml service worker'];
    assert.equal(fileURLToPath(worker.context), root);
    assert.equal(fileURLToPath(worker.dockerfile), path.join(root, 'build/Dockerfile'));
    assert.deepEqual(values(worker), { GOPROXY: 'https://goproxy.cn;direct', GOPRIVATE: 'git.example.org' });
    assert.equal(worker.args.GOPROXY.at!.uri, `file://${path.join(root, 'common/base.yaml')}`);
    assert.equal(worker.args.GOPROXY.at!.range.start.line, 6);
    assert.equal(worker.args.GOPRIVATE.at!.uri, `file://${file}`);
    // Quiet: the extended service keeps its own values.
    assert.deepEqual(values(invs['compose.yaml service base']), { GOPROXY: 'https://goproxy.io,direct', GOFLAGS: '-mod=mod' });
  });
});

test('compose override: compose.override.yml merges into the project file, args by name; the override alone is not read twice', () => {
  withWorkspace((root, write) => {
    const base = lines(
      'services:',
      '  api:',
      '    build:',
      '      context: .',
      '      args:',
      '        GOPROXY: https://goproxy.io,direct',
      '        GOFLAGS: -mod=mod',
      '  db:',
      '    image: postgres',
    );
    const override = lines(
      'services:',
      '  api:',
      '    build:',
      '      target: dev',
      '      args:',
      '        GOPROXY: "https://goproxy.cn;direct"',
      '  dev:',
      '    build: ./dev',
      '  db:',
      '    environment: [X=1]',
    );
    const baseFile = write('docker-compose.yml', base);
    const overrideFile = write('docker-compose.override.yml', override);
    const read = (p: string) => (fs.existsSync(p) ? fs.readFileSync(p, 'utf8') : undefined);
    const invs = byLabel(invocationsIn(baseFile, base, root, read));
    assert.deepEqual(Object.keys(invs), ['docker-compose.yml + docker-compose.override.yml service api', 'docker-compose.override.yml service dev']);
    const api = invs['docker-compose.yml + docker-compose.override.yml service api'];
    assert.equal(api.target, 'dev');
    assert.deepEqual(values(api), { GOPROXY: 'https://goproxy.cn;direct', GOFLAGS: '-mod=mod' });
    assert.equal(api.args.GOPROXY.at!.uri, `file://${overrideFile}`);
    assert.deepEqual(written(override, api.args.GOPROXY), [5, 'https://goproxy.cn;direct']);
    assert.equal(api.args.GOFLAGS.at!.uri, `file://${baseFile}`);
    assert.equal(fileURLToPath(invs['docker-compose.override.yml service dev'].context), path.join(root, 'dev'));
    assert.deepEqual(invocationsIn(overrideFile, override, root, read), []);
    // Quiet counterparts: without the override the base's values stand; an override with no project file is read alone.
    fs.rmSync(overrideFile);
    assert.deepEqual(values(invocationsIn(baseFile, base, root, read)[0]), { GOPROXY: 'https://goproxy.io,direct', GOFLAGS: '-mod=mod' });
    write('docker-compose.override.yml', override);
    fs.rmSync(baseFile);
    assert.deepEqual(
      invocationsIn(overrideFile, override, root, read).map((i) => i.label),
      ['docker-compose.override.yml service api', 'docker-compose.override.yml service dev'],
    );
  });
});

test('compose override: only the project file compose picks gets the override; `!reset` and `!override` as compose reads them', () => {
  withWorkspace((root, write) => {
    const read = (p: string) => (fs.existsSync(p) ? fs.readFileSync(p, 'utf8') : undefined);
    const base = lines(
      'services:',
      '  api:',
      '    build:',
      '      context: .',
      '      target: prod',
      '      args:',
      '        GOPROXY: https://goproxy.io,direct',
      '        GOFLAGS: -mod=mod',
    );
    const project = write('compose.yaml', base);
    const other = write('docker-compose.yml', base);
    write(
      'compose.override.yaml',
      lines('services:', '  api:', '    build:', '      target: !reset null', '      args: !override', '        GOPRIVATE: git.acme.internal'),
    );
    const [api] = invocationsIn(project, base, root, read);
    assert.equal(api.target, undefined);
    assert.deepEqual(values(api), { GOPRIVATE: 'git.acme.internal' });
    // docker-compose.yml is not the file compose picks here (compose.yaml is): it runs only with -f, alone.
    const [alone] = invocationsIn(other, base, root, read);
    assert.equal(alone.label, 'docker-compose.yml service api');
    assert.deepEqual(values(alone), { GOPROXY: 'https://goproxy.io,direct', GOFLAGS: '-mod=mod' });
    write('compose.override.yaml', lines('services:', '  api:', '    build: !reset null'));
    assert.deepEqual(invocationsIn(project, base, root, read), []);
  });
});
