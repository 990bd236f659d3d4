// The platforms a build is for, as each source writes them: `--platform a,b` on a docker build line, compose's and
// bake's `platforms` lists, build-push-action's `platforms` input. A value that cannot be known gives none.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { composeInvocations } from '../../server/src/invocations/compose';
import { workflowInvocations } from '../../server/src/invocations/workflow';
import { makefileInvocations } from '../../server/src/invocations/scripts';
import { bakeJsonInvocations } from '../../server/src/invocations/bake';
import { bakeHclInvocations } from '../../server/src/invocations/bakeHcl';
import { loadHclParser } from '../../server/src/host/hclParserLoader';

before(() => loadHclParser());

const lines = (...l: string[]) => l.join('\n') + '\n';

test('docker build lines: --platform with a space or `=`, a comma list; a variable left unknown gives no platforms', () => {
  const text = lines(
    'multi:',
    '\tdocker buildx build --platform linux/amd64,linux/arm64 -t app .',
    'one:',
    '\tdocker build --platform=linux/arm64 .',
    'unknown:',
    '\tdocker buildx build --platform $$PLATFORMS .',
    'none:',
    '\tdocker build .',
  );
  const invs = makefileInvocations('/repo/Makefile', text, 'Makefile');
  assert.deepEqual(
    invs.map((i) => i.platforms),
    [['linux/amd64', 'linux/arm64'], ['linux/arm64'], undefined, undefined],
  );
});

test('build-push-action: platforms as a comma list or a block; an expression gives none', () => {
  const step = (platforms: string[]) =>
    lines(
      'jobs:',
      '  image:',
      '    runs-on: ubuntu-latest',
      '    steps:',
      '      - uses: docker/build-push-action@v6',
      '        with:',
      '          context: .',
      ...platforms,
    );
  const read = (text: string) => workflowInvocations('/repo/.github/workflows/ci.yml', text, 'ci.yml', '/repo')[0]?.platforms;
  assert.deepEqual(read(step(['          platforms: linux/amd64,linux/arm64'])), ['linux/amd64', 'linux/arm64']);
  assert.deepEqual(read(step(['          platforms: |', '            linux/amd64', '            linux/arm64'])), ['linux/amd64', 'linux/arm64']);
  assert.equal(read(step(['          platforms: ${{ matrix.platform }}'])), undefined);
  assert.equal(read(step([])), undefined);
});

test('compose and bake: `platforms` lists, inherited in bake', () => {
  const compose = lines(
    'services:',
    '  api:',
    '    build:',
    '      context: .',
    '      platforms:',
    '        - linux/amd64',
    '        - linux/arm64',
    '  worker:',
    '    build: .',
  );
  const [api, worker] = composeInvocations('/repo/compose.yaml', compose, 'compose.yaml', new Map());
  assert.deepEqual(api.platforms, ['linux/amd64', 'linux/arm64']);
  assert.equal(worker.platforms, undefined);

  const json = JSON.stringify({ target: { _common: { platforms: ['linux/amd64', 'linux/arm64'] }, api: { inherits: ['_common'] }, solo: {} } });
  const byJson = bakeJsonInvocations('/repo/docker-bake.json', json, 'docker-bake.json');
  assert.deepEqual(byJson.find((i) => i.label.endsWith('target api'))!.platforms, ['linux/amd64', 'linux/arm64']);
  assert.equal(byJson.find((i) => i.label.endsWith('target solo'))!.platforms, undefined);

  const hcl = lines('target "api" {', '  platforms = ["linux/amd64", "linux/riscv64"]', '}', 'target "local" {', '  platforms = [PLATFORM]', '}');
  const byHcl = bakeHclInvocations('/repo/docker-bake.hcl', hcl, 'docker-bake.hcl');
  assert.deepEqual(byHcl.find((i) => i.label.endsWith('target api'))!.platforms, ['linux/amd64', 'linux/riscv64']);
  assert.equal(byHcl.find((i) => i.label.endsWith('target local'))!.platforms, undefined);
});
