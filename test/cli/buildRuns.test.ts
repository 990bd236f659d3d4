// A value that compose.yaml passes to a Dockerfile's ARG and that is wrong there is printed under compose.yaml.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { df, run, tempDir } from './support';

const DOCKERFILE = df('FROM golang:1.22', 'ARG GOPROXY', 'WORKDIR /src', 'COPY go.mod ./', 'RUN go mod download');
const GO_MOD = 'module example.com/app\n\ngo 1.22\n\nrequire github.com/pkg/errors v0.9.1\n';
const composeWith = (api: string) =>
  [
    'services:',
    '  api:',
    '    build:',
    '      context: .',
    '      args:',
    `        GOPROXY: "${api}"`,
    '  worker:',
    '    build:',
    '      context: .',
    '      args:',
    '        GOPROXY: https://goproxy.cn,direct',
    '',
  ].join('\n');

interface JsonFinding {
  file: string;
  line: number;
  column: number;
  rule: string;
  message: string;
}

test('a `;` in a compose service GOPROXY is printed under compose.yaml, at the value, naming the service (text and JSON)', (t) => {
  const dir = tempDir(t, { Dockerfile: DOCKERFILE, 'go.mod': GO_MOD, 'compose.yaml': composeWith('https://goproxy.cn;direct') });
  const json = run(['--format', 'json', '.'], dir);
  assert.equal(json.code, 1, json.stderr);
  const found = (JSON.parse(json.stdout) as JsonFinding[]).filter((f) => f.rule === 'goproxy-invalid');
  assert.deepEqual(
    found.map((f) => [f.file, f.line, f.column]),
    [['compose.yaml', 6, 19]],
  );
  assert.match(found[0].message, /\(with the build args of compose\.yaml service api\)$/);
  const text = run(['--no-color', '.'], dir);
  assert.equal(text.code, 1);
  assert.match(
    text.stdout,
    /^compose\.yaml\n {2}6:19 {2}error {4}`;` is not a GOPROXY separator.*\(with the build args of compose\.yaml service api\) {2}goproxy-invalid$/m,
  );
  assert.doesNotMatch(text.stdout, /^Dockerfile$/m);
  const sarif = JSON.parse(run(['--format', 'sarif', '.'], dir).stdout) as {
    runs: { results: { ruleId: string; locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }[];
  };
  const uris = sarif.runs[0].results.filter((r) => r.ruleId === 'goproxy-invalid').map((r) => r.locations[0].physicalLocation.artifactLocation.uri);
  assert.deepEqual(uris, ['compose.yaml']);
});

test('valid compose values: nothing under compose.yaml, and the Dockerfile is not told GOPROXY is unset', (t) => {
  const dir = tempDir(t, { Dockerfile: DOCKERFILE, 'go.mod': GO_MOD, 'compose.yaml': composeWith('https://goproxy.io,direct') });
  const r = run(['--format', 'json', '.'], dir);
  assert.equal(r.code, 0, r.stdout);
  const found = JSON.parse(r.stdout) as JsonFinding[];
  assert.ok(!found.some((f) => f.file === 'compose.yaml'), r.stdout);
  assert.ok(!found.some((f) => f.rule === 'goproxy-unset' || f.rule === 'goproxy-invalid'), r.stdout);
});

test('two Dockerfiles built with the same written value print it once', (t) => {
  // Bake target b inherits a's args: one written value reaches both Dockerfiles.
  const bake = JSON.stringify(
    { target: { a: { context: 'a', args: { GOPROXY: 'https://goproxy.cn;direct' } }, b: { inherits: ['a'], context: 'b' } } },
    null,
    2,
  );
  const dir = tempDir(t, { 'a/Dockerfile': DOCKERFILE, 'a/go.mod': GO_MOD, 'b/Dockerfile': DOCKERFILE, 'b/go.mod': GO_MOD, 'docker-bake.json': bake });
  const r = run(['--format', 'json', '.'], dir);
  assert.equal(r.code, 1, r.stderr);
  const found = (JSON.parse(r.stdout) as JsonFinding[]).filter((f) => f.rule === 'goproxy-invalid');
  assert.deepEqual(
    found.map((f) => [f.file, f.line]),
    [['docker-bake.json', 6]],
  );
  // Quiet: the text summary counts the files scanned, not the file the finding is printed under.
  assert.match(run(['--no-color', '.'], dir).stdout, /^1 problem \(1 error/m);
});

test('a compose build argument the Dockerfile never declares is printed under compose.yaml at its value (build-arg-unused)', (t) => {
  const compose = [
    'services:',
    '  api:',
    '    build:',
    '      context: .',
    '      args:',
    '        GOPROXY: https://goproxy.cn,direct',
    '        GOFLAGS: -mod=mod',
    '        HTTP_PROXY: http://proxy:3128',
    '',
  ].join('\n');
  const dir = tempDir(t, { Dockerfile: DOCKERFILE, 'go.mod': GO_MOD, 'compose.yaml': compose });
  const r = run(['--format', 'json', '.'], dir);
  const found = (JSON.parse(r.stdout) as JsonFinding[]).filter((f) => f.rule === 'build-arg-unused');
  assert.deepEqual(
    found.map((f) => [f.file, f.line, f.column]),
    [['compose.yaml', 7, 18]],
  );
  assert.match(found[0].message, /^The build argument GOFLAGS \(compose\.yaml service api\) is not consumed: no ARG GOFLAGS in `Dockerfile` declares it/);
  // Quiet: the Dockerfile declares it.
  const declared = tempDir(t, {
    Dockerfile: df('FROM golang:1.22', 'ARG GOPROXY', 'ARG GOFLAGS', 'COPY go.mod ./', 'RUN go mod download'),
    'go.mod': GO_MOD,
    'compose.yaml': compose,
  });
  assert.ok(!(JSON.parse(run(['--format', 'json', '.'], declared).stdout) as JsonFinding[]).some((f) => f.rule === 'build-arg-unused'));
});

test('a `;` that docker-bake.hcl passes as GOPROXY (through a variable default) is printed under docker-bake.hcl at the value', (t) => {
  const bake = (proxy: string) =>
    ['variable "PROXY" {', `  default = "${proxy}"`, '}', '', 'target "api" {', '  args = {', '    GOPROXY = "${PROXY}"', '  }', '}', ''].join('\n');
  const dir = tempDir(t, { Dockerfile: DOCKERFILE, 'go.mod': GO_MOD, 'docker-bake.hcl': bake('https://goproxy.cn;direct') });
  const json = run(['--format', 'json', '.'], dir);
  assert.equal(json.code, 1, json.stderr);
  const found = (JSON.parse(json.stdout) as JsonFinding[]).filter((f) => f.rule === 'goproxy-invalid');
  assert.deepEqual(
    found.map((f) => [f.file, f.line, f.column]),
    [['docker-bake.hcl', 2, 14]],
  );
  assert.match(found[0].message, /Value: `https:\/\/goproxy\.cn;direct`/);
  assert.match(run(['--no-color', '.'], dir).stdout, /^docker-bake\.hcl\n {2}2:14 {2}error {4}`;` is not a GOPROXY separator/m);
  // Quiet: a valid default; nothing under docker-bake.hcl, and the Dockerfile's ARG GOPROXY is not called unset.
  const valid = tempDir(t, { Dockerfile: DOCKERFILE, 'go.mod': GO_MOD, 'docker-bake.hcl': bake('https://goproxy.cn,direct') });
  const quiet = run(['--format', 'json', '.'], valid);
  assert.equal(quiet.code, 0, quiet.stdout + quiet.stderr);
  assert.deepEqual(
    (JSON.parse(quiet.stdout) as JsonFinding[]).filter((f) => f.file === 'docker-bake.hcl' || f.rule === 'goproxy-unset'),
    [],
  );
});

const invalidUnder = (dir: string) =>
  (JSON.parse(run(['--format', 'json', '.'], dir).stdout) as JsonFinding[]).filter((f) => f.rule === 'goproxy-invalid').map((f) => [f.file, f.line, f.column]);

test('a `;` written once under a YAML anchor and used by two services building two Dockerfiles is printed once, at the anchor', (t) => {
  const compose = [
    'x-args: &args',
    '  GOPROXY: "https://goproxy.cn;direct"',
    'services:',
    '  a:',
    '    build: {context: a, args: *args}',
    '  b:',
    '    build:',
    '      context: b',
    '      args:',
    '        <<: *args',
    '',
  ].join('\n');
  const dir = tempDir(t, { 'a/Dockerfile': DOCKERFILE, 'a/go.mod': GO_MOD, 'b/Dockerfile': DOCKERFILE, 'b/go.mod': GO_MOD, 'compose.yaml': compose });
  assert.deepEqual(invalidUnder(dir), [['compose.yaml', 2, 13]]);
  // Quiet: the anchor writes a valid list.
  const fine = tempDir(t, {
    'a/Dockerfile': DOCKERFILE,
    'a/go.mod': GO_MOD,
    'b/Dockerfile': DOCKERFILE,
    'b/go.mod': GO_MOD,
    'compose.yaml': compose.replace(';', ','),
  });
  assert.deepEqual(invalidUnder(fine), []);
});

test('docker-compose.override.yml: its value replaces the base one and is printed under the override file', (t) => {
  const override = ['services:', '  api:', '    build:', '      args:', '        GOPROXY: "https://goproxy.cn;direct"', ''].join('\n');
  const dir = tempDir(t, {
    Dockerfile: DOCKERFILE,
    'go.mod': GO_MOD,
    'docker-compose.yml': composeWith('https://goproxy.io,direct'),
    'docker-compose.override.yml': override,
  });
  assert.deepEqual(invalidUnder(dir), [['docker-compose.override.yml', 5, 19]]);
  // Quiet: without the override the base's valid value stands.
  const base = tempDir(t, { Dockerfile: DOCKERFILE, 'go.mod': GO_MOD, 'docker-compose.yml': composeWith('https://goproxy.io,direct') });
  assert.deepEqual(invalidUnder(base), []);
});

test('GitLab `--build-arg GOPROXY=$GOPROXY` with `variables: GOPROXY` is printed at the variables value', (t) => {
  const ci = [
    'variables:',
    '  GOPROXY: "https://goproxy.cn;direct"',
    '.docker:',
    '  script:',
    '    - docker build --build-arg GOPROXY=$GOPROXY .',
    'image-build:',
    '  extends: .docker',
    '',
  ].join('\n');
  const dir = tempDir(t, { Dockerfile: DOCKERFILE, 'go.mod': GO_MOD, '.gitlab-ci.yml': ci });
  assert.deepEqual(invalidUnder(dir), [['.gitlab-ci.yml', 2, 13]]);
  // Quiet: a variable the file does not set is a CI variable, unknown.
  const unknown = tempDir(t, { Dockerfile: DOCKERFILE, 'go.mod': GO_MOD, '.gitlab-ci.yml': ci.replace(/\$GOPROXY/, '$CI_GOPROXY') });
  assert.deepEqual(invalidUnder(unknown), []);
});
