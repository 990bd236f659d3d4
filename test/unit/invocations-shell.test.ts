// `docker build` command lines read from the folder they really run in: a `cd` before them (in a script, a Makefile
// recipe, a workflow run step or a GitLab script), `-f` forms, and standard input that gives no context.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import type { BuildInvocation } from '../../server/src/core/buildArgs';
import { makefileInvocations, shellScriptInvocations } from '../../server/src/invocations/scripts';
import { workflowInvocations } from '../../server/src/invocations/workflow';
import { gitlabInvocations } from '../../server/src/invocations/gitlab';

const lines = (...l: string[]) => l.join('\n') + '\n';
const paths = (inv: BuildInvocation) => [fileURLToPath(inv.context), fileURLToPath(inv.dockerfile)];
const script = (...l: string[]) => shellScriptInvocations('/repo/scripts/build.sh', lines(...l), 'scripts/build.sh', '/repo').map(paths);

test('cd before docker build: `&&`, `;`, a subshell, pushd/popd, and the script folder `$(dirname "$0")`', () => {
  assert.deepEqual(script('cd svc && docker build -f build/Dockerfile .'), [['/repo/svc', '/repo/svc/build/Dockerfile']]);
  assert.deepEqual(script('cd svc; docker build .'), [['/repo/svc', '/repo/svc/Dockerfile']]);
  // The subshell's cd ends with it: the second build runs from the root again.
  assert.deepEqual(script('(cd svc && docker build .)', 'docker build -f svc/Dockerfile .'), [
    ['/repo/svc', '/repo/svc/Dockerfile'],
    ['/repo', '/repo/svc/Dockerfile'],
  ]);
  assert.deepEqual(script('cd a', 'cd ../b || exit 1', 'docker build .'), [['/repo/b', '/repo/b/Dockerfile']]);
  assert.deepEqual(script('pushd svc', 'docker build .', 'popd', 'docker build app'), [
    ['/repo/svc', '/repo/svc/Dockerfile'],
    ['/repo/app', '/repo/app/Dockerfile'],
  ]);
  assert.deepEqual(script('cd "$(dirname "$0")/.."', 'docker build ./app'), [['/repo/app', '/repo/app/Dockerfile']]);
  // Quiet: without the cd the same line builds the root's Dockerfile.
  assert.deepEqual(script('docker build .'), [['/repo', '/repo/Dockerfile']]);
});

test('cd to an unknown folder, or only under a condition, leaves the build unplaced; a cd in a pipeline moves nothing', () => {
  assert.deepEqual(script('cd "$SERVICE_DIR"', 'docker build .'), []);
  assert.deepEqual(script('[ -d svc ] && cd svc', 'docker build .'), []);
  assert.deepEqual(script('if [ -n "$X" ]; then cd svc; fi', 'docker build .'), []);
  assert.deepEqual(script('cd', 'docker build .'), []);
  assert.deepEqual(script('cd svc | true', 'docker build .'), [['/repo', '/repo/Dockerfile']]);
  // An absolute folder is known whatever came before.
  assert.deepEqual(script('cd "$X"', 'cd /repo/app', 'docker build .'), [['/repo/app', '/repo/app/Dockerfile']]);
});

test('docker build -f forms: --file=path, -fpath; `-` as the context (standard input) or the Dockerfile builds nothing here', () => {
  assert.deepEqual(script('docker build --file=deploy/Dockerfile .'), [['/repo', '/repo/deploy/Dockerfile']]);
  assert.deepEqual(script('docker build -fdeploy/Dockerfile svc'), [['/repo/svc', '/repo/deploy/Dockerfile']]);
  assert.deepEqual(script('docker build - < context.tar.gz'), []);
  assert.deepEqual(script('docker build -f deploy/Dockerfile - < context.tar'), []);
  assert.deepEqual(script('docker build -f - . < Dockerfile'), []);
});

test('Makefile: `cd dir && $(DOCKER) build` in one recipe line; the next line starts in the Makefile folder again', () => {
  const text = lines(
    'DOCKER ?= docker',
    'PROXY := https://goproxy.cn;direct',
    'image:',
    '\tcd svc && $(DOCKER) build --build-arg GOPROXY=$(PROXY) -f build/Dockerfile .',
    '\t$(DOCKER) build .',
    'unknown:',
    '\t$(ENGINE) build .',
  );
  const invs = makefileInvocations('/repo/Makefile', text, 'Makefile');
  assert.deepEqual(invs.map(paths), [
    ['/repo/svc', '/repo/svc/build/Dockerfile'],
    ['/repo', '/repo/Dockerfile'],
  ]);
  assert.equal(invs[0].args.GOPROXY.value, 'https://goproxy.cn;direct');
  // Quiet: `make -C svc` runs the Makefile of svc in svc, which is how it is read already.
  assert.deepEqual(makefileInvocations('/repo/svc/Makefile', lines('image:', '\tdocker build .'), 'svc/Makefile').map(paths), [
    ['/repo/svc', '/repo/svc/Dockerfile'],
  ]);
});

test('workflow run step: cd inside the step from its working-directory; $GITHUB_WORKSPACE and github.workspace are the root', () => {
  const text = lines(
    'jobs:',
    '  b:',
    '    steps:',
    '      - working-directory: deploy',
    '        run: cd ../svc && docker build -f Dockerfile.ci .',
    '      - run: docker build -f $GITHUB_WORKSPACE/deploy/Dockerfile ${{ github.workspace }}/app',
    '      - run: docker build .',
  );
  assert.deepEqual(workflowInvocations('/repo/.github/workflows/ci.yml', text, 'ci.yml', '/repo').map(paths), [
    ['/repo/svc', '/repo/svc/Dockerfile.ci'],
    ['/repo/app', '/repo/deploy/Dockerfile'],
    ['/repo', '/repo/Dockerfile'],
  ]);
});

test('GitLab: a cd in one script line stays for the lines after it (one shell); $CI_PROJECT_DIR is the root', () => {
  const text = lines(
    'build:',
    '  before_script:',
    '    - cd services/api',
    '  script:',
    '    - docker build -t api .',
    '    - cd $CI_PROJECT_DIR',
    '    - docker build -f $CI_PROJECT_DIR/web/Dockerfile web',
    'other:',
    '  script:',
    '    - docker build .',
  );
  assert.deepEqual(gitlabInvocations('/repo/.gitlab-ci.yml', text, '.gitlab-ci.yml').map(paths), [
    ['/repo/services/api', '/repo/services/api/Dockerfile'],
    ['/repo/web', '/repo/web/Dockerfile'],
    // Quiet: another job starts in the root.
    ['/repo', '/repo/Dockerfile'],
  ]);
});

test('Makefile `--build-arg GOPROXY=$(GOPROXY)`: the value is placed where the Makefile assigns it; a variable assigned twice stays unknown at the word', () => {
  const text = lines('GOPROXY ?= off', 'IMAGE := app', '', 'image:', '\tdocker build --build-arg GOPROXY=$(GOPROXY) --build-arg GOFLAGS=${IMAGE}x .');
  const [inv] = makefileInvocations('/repo/Makefile', text, 'Makefile');
  assert.deepEqual(inv.args.GOPROXY, {
    value: 'off',
    known: true,
    at: { uri: 'file:///repo/Makefile', range: { start: { line: 0, character: 11 }, end: { line: 0, character: 14 } } },
    // Where the recipe passes it: whether the build argument is consumed is said there.
    passedAt: { uri: 'file:///repo/Makefile', range: { start: { line: 4, character: 34 }, end: { line: 4, character: 44 } } },
  });
  // Not a lone reference: known, but written in the recipe.
  assert.equal(inv.args.GOFLAGS.value, 'appx');
  assert.equal(inv.args.GOFLAGS.at?.range.start.line, 4);
  // Quiet: assigned twice with different values, make's value is not known here; the place is the recipe word.
  const twice = makefileInvocations(
    '/repo/Makefile',
    lines('GOPROXY = off', 'GOPROXY = direct', 'image:', '\tdocker build --build-arg GOPROXY=$(GOPROXY) .'),
    'Makefile',
  )[0];
  assert.equal(twice.args.GOPROXY.known, false);
  assert.equal(twice.args.GOPROXY.at?.range.start.line, 3);
});

test('Makefile value in quotes: make substitutes it as written, the recipe shell removes the quotes', () => {
  const arg = (assign: string, recipe = '\tdocker build --build-arg GOPROXY=$(GOPROXY) .') =>
    makefileInvocations('/repo/Makefile', lines(assign, '', 'image:', recipe), 'Makefile')[0].args.GOPROXY;
  // `GOPROXY="https://goproxy.cn,direct"`: docker gets the URL list, placed where the Makefile writes it (quotes included).
  assert.deepEqual(arg('GOPROXY="https://goproxy.cn,direct"'), {
    value: 'https://goproxy.cn,direct',
    known: true,
    at: { uri: 'file:///repo/Makefile', range: { start: { line: 0, character: 8 }, end: { line: 0, character: 35 } } },
    passedAt: { uri: 'file:///repo/Makefile', range: { start: { line: 3, character: 34 }, end: { line: 3, character: 44 } } },
  });
  assert.equal(arg("GOPROXY := 'https://goproxy.cn,direct'").value, 'https://goproxy.cn,direct');
  assert.equal(arg('GOPROXY="https://goproxy.cn,direct"', '\tdocker build --build-arg GOPROXY="$(GOPROXY)" .').value, 'https://goproxy.cn,direct');
  // Quiet: a quoted value with white space (the shell splits it unless the reference is quoted too), or an open quote.
  assert.equal(arg('GOPROXY="https://a https://b"').known, false);
  assert.equal(arg('GOPROXY="https://goproxy.cn').known, false);
  // Without quotes the value is taken as written, as before.
  assert.equal(arg('GOPROXY=https://goproxy.cn,direct').value, 'https://goproxy.cn,direct');
});
