// CI files as their runners compose them: GitLab's `extends`, `variables`, `default:` and `include: local`, GitHub's
// matrix `include`/`exclude` and `env` at workflow, job and step level, each known value placed where it is written.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import type { BuildArgValue, BuildInvocation } from '../../server/src/core/buildArgs';
import { gitlabInvocations } from '../../server/src/invocations/gitlab';
import { workflowInvocations } from '../../server/src/invocations/workflow';
import { composeInvocations } from '../../server/src/invocations/compose';
import { withWorkspace } from '../support/tempWorkspace';

const lines = (...l: string[]) => l.join('\n') + '\n';
const values = (inv: BuildInvocation) => Object.fromEntries(Object.entries(inv.args).map(([k, v]) => [k, v.known ? v.value : undefined]));
/** [line, text] a value's range covers in `text`. */
function written(text: string, v: BuildArgValue): [number, string] {
  const { start, end } = v.at!.range;
  return [start.line, text.split('\n')[start.line].slice(start.character, end.character)];
}
const BUILD = 'docker build --build-arg GOPROXY=$GOPROXY --build-arg GOPRIVATE=${GOPRIVATE} --build-arg TOKEN=$CI_JOB_TOKEN .';

test('GitLab variables: top-level and per job; `$X` takes the literal value, placed at the `variables` value', () => {
  const text = lines(
    'variables:',
    '  GOPROXY: "https://goproxy.cn;direct"',
    '  GOPRIVATE: git.acme.internal',
    'job-global:',
    '  script:',
    `    - ${BUILD}`,
    'job-own:',
    '  variables:',
    '    GOPROXY:',
    '      value: https://goproxy.io,direct',
    '      description: the proxy',
    '  script:',
    `    - ${BUILD}`,
    'job-exports:',
    '  script:',
    '    - export GOPROXY=https://other.example',
    `    - ${BUILD}`,
  );
  const [global, own, exports] = gitlabInvocations('/repo/.gitlab-ci.yml', text, '.gitlab-ci.yml');
  assert.deepEqual(values(global), { GOPROXY: 'https://goproxy.cn;direct', GOPRIVATE: 'git.acme.internal', TOKEN: undefined });
  assert.deepEqual(written(text, global.args.GOPROXY), [1, 'https://goproxy.cn;direct']);
  assert.deepEqual(written(text, global.args.GOPRIVATE), [2, 'git.acme.internal']);
  // A predefined variable is unknown, placed in the script.
  assert.deepEqual(written(text, global.args.TOKEN), [5, '$CI_JOB_TOKEN']);
  assert.deepEqual(values(own), { GOPROXY: 'https://goproxy.io,direct', GOPRIVATE: 'git.acme.internal', TOKEN: undefined });
  assert.deepEqual(written(text, own.args.GOPROXY), [9, 'https://goproxy.io,direct']);
  // Quiet: the script sets the variable itself, so the file's value is not what the build gets.
  assert.deepEqual(values(exports), { GOPROXY: undefined, GOPRIVATE: 'git.acme.internal', TOKEN: undefined });
});

test('GitLab extends: several parents in order, hashes merged deeply, lists replaced; default: before_script; inherit', () => {
  const text = lines(
    'default:',
    '  before_script:',
    '    - cd app',
    '.vars:',
    '  variables:',
    '    GOPROXY: https://goproxy.cn;direct',
    '    GOPRIVATE: git.acme.internal',
    '.docker:',
    '  variables:',
    '    GOPROXY: https://goproxy.io,direct',
    '  script:',
    `    - ${BUILD}`,
    'build-image:',
    '  extends: [.vars, .docker]',
    '  variables:',
    '    GOPRIVATE: git.example.org',
    'plain:',
    '  extends: .vars',
    '  inherit:',
    '    default: false',
    '  script:',
    `    - ${BUILD}`,
    'lost:',
    '  extends: .from-a-template',
    '  script:',
    `    - ${BUILD}`,
  );
  const invs = gitlabInvocations('/repo/.gitlab-ci.yml', text, '.gitlab-ci.yml');
  assert.deepEqual(
    invs.map((i) => i.label),
    ['.gitlab-ci.yml job build-image', '.gitlab-ci.yml job plain'],
  );
  const [image, plain] = invs;
  // The later parent wins, the job wins over both; default's before_script moved the build into app/.
  assert.deepEqual(values(image), { GOPROXY: 'https://goproxy.io,direct', GOPRIVATE: 'git.example.org', TOKEN: undefined });
  assert.deepEqual(written(text, image.args.GOPROXY), [9, 'https://goproxy.io,direct']);
  assert.equal(image.context, 'file:///repo/app');
  // Quiet counterpart: `inherit: default: false` keeps default's cd out; .vars alone gives the `;` value.
  assert.equal(plain.context, 'file:///repo');
  assert.deepEqual(values(plain), { GOPROXY: 'https://goproxy.cn;direct', GOPRIVATE: 'git.acme.internal', TOKEN: undefined });
  assert.deepEqual(written(text, plain.args.GOPROXY), [5, 'https://goproxy.cn;direct']);
});

test('GitLab include local: variables and hidden jobs of an included file, placed in it; the including file wins', () => {
  withWorkspace((_root, write) => {
    const shared = write(
      'ci/shared.yml',
      lines('variables:', '  GOPROXY: https://goproxy.cn;direct', '  GOPRIVATE: git.acme.internal', '.build:', '  script:', `    - ${BUILD}`),
    );
    const text = lines('include:', '  - local: /ci/shared.yml', 'variables:', '  GOPRIVATE: git.example.org', 'build-image:', '  extends: .build');
    const file = write('.gitlab-ci.yml', text);
    const read = (p: string) => (fs.existsSync(p) ? fs.readFileSync(p, 'utf8') : undefined);
    const [image, ...rest] = gitlabInvocations(file, text, '.gitlab-ci.yml', read);
    assert.equal(rest.length, 0);
    assert.deepEqual(values(image), { GOPROXY: 'https://goproxy.cn;direct', GOPRIVATE: 'git.example.org', TOKEN: undefined });
    assert.equal(image.args.GOPROXY.at!.uri, `file://${shared}`);
    assert.deepEqual(written(fs.readFileSync(shared, 'utf8'), image.args.GOPROXY), [1, 'https://goproxy.cn;direct']);
    assert.equal(image.args.GOPRIVATE.at!.uri, `file://${file}`);
    assert.equal(image.uri, `file://${file}`);
    // Quiet: a remote include may set anything: only what the file itself writes is known.
    const remote = lines(
      'include:',
      '  - remote: https://example.com/ci.yml',
      '  - local: ci/shared.yml',
      'variables:',
      '  GOPRIVATE: git.example.org',
      'build-image:',
      '  script:',
      `    - ${BUILD}`,
    );
    const [withRemote] = gitlabInvocations(file, remote, '.gitlab-ci.yml', read);
    assert.deepEqual(values(withRemote), { GOPROXY: undefined, GOPRIVATE: 'git.example.org', TOKEN: undefined });
    // A job extending a hidden job no file here defines is left out.
    assert.deepEqual(
      gitlabInvocations(file, lines('include:', '  - template: Docker.gitlab-ci.yml', 'build-image:', '  extends: .docker-build'), '.gitlab-ci.yml', read),
      [],
    );
  });
});

test('GitLab anchors: `<<: *job` and `- *script` lists are read through the alias', () => {
  const text = lines(
    '.vars: &vars',
    '  GOPROXY: https://goproxy.cn;direct',
    '.script: &build',
    `  - ${BUILD}`,
    'build-image:',
    '  variables:',
    '    <<: *vars',
    '  script:',
    '    - *build',
  );
  const [image] = gitlabInvocations('/repo/.gitlab-ci.yml', text, '.gitlab-ci.yml');
  assert.equal(image.args.GOPROXY.value, 'https://goproxy.cn;direct');
  assert.deepEqual(written(text, image.args.GOPROXY), [1, 'https://goproxy.cn;direct']);
});

const MATRIX = lines(
  'env:',
  '  GOPRIVATE: git.acme.internal',
  'jobs:',
  '  image:',
  '    strategy:',
  '      matrix:',
  '        os: [alpine, debian]',
  '        proxy: ["https://goproxy.cn,direct", "https://goproxy.io;direct"]',
  '        exclude:',
  '          - os: debian',
  '            proxy: "https://goproxy.io;direct"',
  '        include:',
  '          - os: alpine',
  '            file: build/alpine.Dockerfile',
  '          - os: windows',
  '            proxy: off',
  '    steps:',
  '      - uses: docker/build-push-action@v6',
  '        with:',
  "          file: ${{ matrix.file || 'Dockerfile' }}",
  '          build-args: |',
  '            GOPROXY=${{ matrix.proxy }}',
  '            GOPRIVATE=${{ env.GOPRIVATE }}',
  '            OS=${{ matrix.os }}',
  '            TOKEN=${{ secrets.TOKEN }}',
);

test('workflow matrix: exclude removes combinations, include extends matching ones or adds its own; values placed in the matrix', () => {
  const text = MATRIX.replace("${{ matrix.file || 'Dockerfile' }}", 'Dockerfile');
  const invs = workflowInvocations('/repo/.github/workflows/ci.yml', text, 'ci.yml', '/repo');
  assert.deepEqual(invs.map(values), [
    { GOPROXY: 'https://goproxy.cn,direct', GOPRIVATE: 'git.acme.internal', OS: 'alpine', TOKEN: undefined },
    { GOPROXY: 'https://goproxy.io;direct', GOPRIVATE: 'git.acme.internal', OS: 'alpine', TOKEN: undefined },
    { GOPROXY: 'https://goproxy.cn,direct', GOPRIVATE: 'git.acme.internal', OS: 'debian', TOKEN: undefined },
    { GOPROXY: 'off', GOPRIVATE: 'git.acme.internal', OS: 'windows', TOKEN: undefined },
  ]);
  assert.deepEqual(written(text, invs[1].args.GOPROXY), [7, 'https://goproxy.io;direct']);
  assert.deepEqual(written(text, invs[3].args.GOPROXY), [15, 'off']);
  assert.deepEqual(written(text, invs[0].args.GOPRIVATE), [1, 'git.acme.internal']);
  assert.deepEqual(written(text, invs[0].args.TOKEN), [24, '${{ secrets.TOKEN }}']);
  // Quiet: an expression the reader cannot evaluate names no Dockerfile.
  assert.deepEqual(workflowInvocations('/repo/.github/workflows/ci.yml', MATRIX, 'ci.yml', '/repo'), []);
});

test('workflow env: step over job over workflow, `$X` in run lines too; a value set in the script or via $GITHUB_ENV is unknown', () => {
  const text = lines(
    'env:',
    '  GOPROXY: https://proxy.golang.org',
    '  GOFLAGS: -mod=mod',
    'jobs:',
    '  b:',
    '    env:',
    '      GOPROXY: https://goproxy.cn;direct',
    '    steps:',
    '      - run: docker build --build-arg GOPROXY=$GOPROXY --build-arg GOFLAGS="${GOFLAGS}" .',
    '      - env:',
    '          GOPROXY: https://goproxy.io,direct',
    '        run: docker build --build-arg GOPROXY=${{ env.GOPROXY }} -f a/Dockerfile .',
    '      - run: |',
    '          GOPROXY=https://x.example',
    '          docker build --build-arg GOPROXY=$GOPROXY -f b/Dockerfile .',
    '      - run: echo "GOFLAGS=-mod=vendor" >> "$GITHUB_ENV"',
    '      - run: docker build --build-arg GOFLAGS=$GOFLAGS -f c/Dockerfile .',
  );
  const [job, step, assigned, exported] = workflowInvocations('/repo/.github/workflows/ci.yml', text, 'ci.yml', '/repo');
  assert.deepEqual(values(job), { GOPROXY: 'https://goproxy.cn;direct', GOFLAGS: '-mod=mod' });
  assert.deepEqual(written(text, job.args.GOPROXY), [6, 'https://goproxy.cn;direct']);
  assert.deepEqual(written(text, job.args.GOFLAGS), [2, '-mod=mod']);
  assert.deepEqual(values(step), { GOPROXY: 'https://goproxy.io,direct' });
  assert.deepEqual(written(text, step.args.GOPROXY), [10, 'https://goproxy.io,direct']);
  assert.deepEqual(values(assigned), { GOPROXY: undefined });
  assert.deepEqual(values(exported), { GOFLAGS: undefined });
});

test('hostile YAML: aliases of aliases (merge keys, nested script lists, matrix lists) are read in bounded time', () => {
  let maps = 'x0: &a0 {GOPROXY: "https://goproxy.cn;direct"}\n';
  let lists = 'l0: &l0 [docker build .]\n';
  for (let i = 1; i < 20; i++) {
    maps += `x${i}: &a${i}\n  <<: [${Array(10)
      .fill(`*a${i - 1}`)
      .join(', ')}]\n  K${i}: v\n`;
    lists += `l${i}: &l${i} [${Array(10)
      .fill(`*l${i - 1}`)
      .join(', ')}]\n`;
  }
  const started = Date.now();
  const compose = composeInvocations(
    '/repo/compose.yaml',
    `${maps}services:\n  s:\n    build:\n      context: .\n      args: *a19\n`,
    'compose.yaml',
    new Map(),
  );
  assert.equal(compose[0].args.GOPROXY.value, 'https://goproxy.cn;direct');
  assert.equal(Object.keys(compose[0].args).length, 20);
  const gitlab = gitlabInvocations('/repo/.gitlab-ci.yml', `${maps}${lists}job:\n  variables: *a19\n  script: *l19\n`, '.gitlab-ci.yml');
  // The script's lines are cut at a bound; the ones read are read.
  assert.ok(gitlab.length > 0 && gitlab.length <= 2000, String(gitlab.length));
  const workflow = `${maps}${lists}jobs:\n  j:\n    env: *a19\n    strategy:\n      matrix:\n        x: *l19\n        y: *l19\n    steps: [{run: "docker build --build-arg GOPROXY=$GOPROXY ."}]\n`;
  assert.equal(workflowInvocations('/repo/.github/workflows/ci.yml', workflow, 'ci.yml', '/repo')[0].args.GOPROXY.value, 'https://goproxy.cn;direct');
  assert.ok(Date.now() - started < 5000, `${Date.now() - started} ms`);
});
