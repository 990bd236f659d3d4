// docker-bake.hcl read with the HCL parser: targets with context, dockerfile, target, args and inherits, `${NAME}`
// from variable defaults, each value placed in the file; a value the file alone cannot tell is not judged, and a
// wrong one is reported in docker-bake.hcl at the value.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { analyze } from '../../server/src/analysis';
import type { BuildArgValue, BuildInvocation } from '../../server/src/core/buildArgs';
import { DEFAULT_SETTINGS, type Finding } from '../../server/src/core/types';
import { bakeHclInvocations } from '../../server/src/invocations/bakeHcl';
import { loadHclParser } from '../../server/src/host/hclParserLoader';
import { Workspace } from '../../server/src/host/workspace';
import { pathToUri } from '../../server/src/core/uri';
import { at, only, DOCKERFILE_URI, GOMOD_URI } from '../support/analysisHarness';
import { withWorkspace } from '../support/tempWorkspace';

before(() => loadHclParser());

const BAKE_URI = 'file:///ws/docker-bake.hcl';
const lines = (...l: string[]) => l.join('\n') + '\n';
const WITH_DEPS = lines('module example.com/app', '', 'go 1.22', '', 'require github.com/pkg/errors v0.9.1');
const ARG_PROXY = lines('FROM golang:1.22', 'ARG GOPROXY', 'RUN go mod download');

const read = (text: string) => bakeHclInvocations('/ws/docker-bake.hcl', text, 'docker-bake.hcl');
const byName = (invs: BuildInvocation[], name: string) => invs.find((i) => i.label === `docker-bake.hcl target ${name}`)!;
const values = (inv: BuildInvocation) => Object.fromEntries(Object.entries(inv.args).map(([k, v]) => [k, v.known ? v.value : undefined]));
const paths = (inv: BuildInvocation) => ({ context: fileURLToPath(inv.context), dockerfile: fileURLToPath(inv.dockerfile) });

/** The text a value's range covers in the file it was read from. */
function written(text: string, v: BuildArgValue): string {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  const { start, end } = v.at!.range;
  return text.slice(starts[start.line] + start.character, starts[end.line] + end.character);
}

function analyzeBuilt(dockerfile: string, invocations: BuildInvocation[]): Finding[] {
  return analyze({
    file: { uri: DOCKERFILE_URI, text: dockerfile },
    kind: 'dockerfile',
    related: { goMod: { uri: GOMOD_URI, text: WITH_DEPS }, invocations },
    settings: DEFAULT_SETTINGS,
    locale: 'en',
  });
}

const BAKE = lines(
  '# comment',
  'variable "GOPROXY" {',
  '  default = "https://goproxy.cn,direct"',
  '}',
  'variable "TAG" {}',
  'REGISTRY = "registry.acme.internal"',
  '',
  'group "default" {',
  '  targets = ["api"]',
  '}',
  '',
  'target "_common" {',
  '  context = "svc"',
  '  args = {',
  '    GOPROXY = "${GOPROXY}"',
  '    GOFLAGS = "-mod=mod"',
  '  }',
  '}',
  '',
  'target "api" {',
  '  inherits = ["_common"]',
  '  dockerfile = "build/Dockerfile"',
  '  target = "build"',
  '  args = {',
  '    GOFLAGS = "-mod=vendor"',
  '    "GOPRIVATE" = "${REGISTRY}/*"',
  '    VERSION = "v${TAG}"',
  '    NUMBER = 3',
  '  }',
  '}',
);

test('bake HCL: args as a map, inherited and overridden, variables interpolated, each value placed in the file', () => {
  const invs = read(BAKE);
  assert.deepEqual(
    invs.map((i) => i.label),
    ['docker-bake.hcl target _common', 'docker-bake.hcl target api'],
  );
  const api = byName(invs, 'api');
  assert.deepEqual(paths(api), { context: '/ws/svc', dockerfile: '/ws/svc/build/Dockerfile' });
  assert.equal(api.target, 'build');
  assert.equal(api.kind, 'bake');
  assert.equal(api.uri, BAKE_URI);
  // The parent's GOPROXY through the variable's default; the child's GOFLAGS over the parent's; a variable without
  // a default is unknown (bake takes it from the environment).
  assert.deepEqual(values(api), {
    GOPROXY: 'https://goproxy.cn,direct',
    GOFLAGS: '-mod=vendor',
    GOPRIVATE: 'registry.acme.internal/*',
    VERSION: undefined,
    NUMBER: '3',
  });
  // Written at the variable's default; passed where the target names it.
  assert.equal(written(BAKE, api.args.GOPROXY), 'https://goproxy.cn,direct');
  assert.equal(written(BAKE, { ...api.args.GOPROXY, at: api.args.GOPROXY.passedAt }), '${GOPROXY}');
  assert.equal(api.args.GOPROXY.at!.uri, BAKE_URI);
  assert.equal(written(BAKE, api.args.GOFLAGS), '-mod=vendor');
  assert.equal(written(BAKE, api.args.VERSION), 'v${TAG}');
  assert.equal(written(BAKE, api.args.NUMBER), '3');
  // The parent alone: its own values, its context, the default Dockerfile and the last stage.
  const common = byName(invs, '_common');
  assert.deepEqual(values(common), { GOPROXY: 'https://goproxy.cn,direct', GOFLAGS: '-mod=mod' });
  assert.deepEqual(paths(common), { context: '/ws/svc', dockerfile: '/ws/svc/Dockerfile' });
  assert.equal(common.target, undefined);
});

test('bake HCL: what the file alone cannot tell is unknown; escapes, numbers and nested variables are evaluated', () => {
  const text = lines(
    'variable "BASE" { default = "https://goproxy.cn" }',
    'variable "PROXY" { default = "${BASE},direct" }',
    'variable "LOOP" { default = "${LOOP}" }',
    'variable "NOTHING" { default = null }',
    'target "t" {',
    '  args = {',
    '    NESTED = "${PROXY}"',
    '    ESCAPED = "a\\"b\\u00e9 $${NOT} %%{x}"',
    '    BOOL = true',
    '    FUNCTION = lower("X")',
    '    CONDITIONAL = BASE != "" ? "a" : "b"',
    '    UNDEFINED = "${NOWHERE}"',
    '    CYCLE = LOOP',
    '    NULL_DEFAULT = NOTHING',
    '    HEREDOC = <<EOT',
    'x',
    'EOT',
    '    DIRECTIVE = "%{ if true }x%{ endif }"',
    '    NULL = null',
    '  }',
    '}',
  );
  const [t] = read(text);
  assert.deepEqual(values(t), {
    NESTED: 'https://goproxy.cn,direct',
    ESCAPED: 'a"bé ${NOT} %{x}',
    BOOL: 'true',
    FUNCTION: undefined,
    CONDITIONAL: undefined,
    UNDEFINED: undefined,
    CYCLE: undefined,
    NULL_DEFAULT: undefined,
    HEREDOC: undefined,
    DIRECTIVE: undefined,
    NULL: undefined,
  });
  // An unknown value keeps what is written (a build argument is still passed), except null or a variable whose
  // default is null, which pass none unless the environment sets the variable.
  assert.equal(t.args.FUNCTION.value, 'lower("X")');
  assert.equal(written(text, t.args.FUNCTION), 'lower("X")');
  assert.equal(t.args.NULL.value, '');
  assert.equal(t.args.NULL_DEFAULT.value, '');
  assert.equal(t.args.UNDEFINED.value, '${NOWHERE}');
});

test('bake HCL: a matrix target has no single value for the names its matrix sets', () => {
  const text = lines(
    'variable "GOPROXY" { default = "https://goproxy.cn;direct" }',
    'target "m" {',
    '  matrix = { GOPROXY = ["https://a.example", "https://b.example"] }',
    '  name = "m-${index(GOPROXY, 0)}"',
    '  args = { GOPROXY = GOPROXY }',
    '}',
    'target "plain" {',
    '  args = { GOPROXY = GOPROXY }',
    '}',
  );
  const invs = read(text);
  assert.deepEqual(values(byName(invs, 'm')), { GOPROXY: undefined });
  // Quiet counterpart: without a matrix the global variable's default is the value.
  assert.deepEqual(values(byName(invs, 'plain')), { GOPROXY: 'https://goproxy.cn;direct' });
});

test('bake HCL: a remote or unknown context, an inline Dockerfile and a file that does not parse build nothing we can see', () => {
  const text = lines(
    'variable "CTX" {}',
    'target "remote" { context = "https://github.com/acme/app.git" }',
    'target "unknown" { context = "${CTX}" }',
    'target "inline" { dockerfile-inline = "FROM scratch" }',
    'target "local" { context = "." }',
  );
  assert.deepEqual(
    read(text).map((i) => i.label),
    ['docker-bake.hcl target local'],
  );
  assert.deepEqual(read('target "broken" {\n  context = \n'), []);
});

test('bake HCL: a `;` in GOPROXY is reported in docker-bake.hcl at the value (CRLF, text before it on the line), naming the target', () => {
  const text = [
    'target "api" {',
    '  args = { "é" = "x", GOPROXY = "https://goproxy.cn;direct" }',
    '}',
    'target "worker" {',
    '  args = { GOPROXY = "https://goproxy.io,direct" }',
    '}',
    '',
  ].join('\r\n');
  const invalid = only(analyzeBuilt(ARG_PROXY, read(text)), 'goproxy-invalid');
  assert.equal(invalid.length, 1);
  assert.equal(invalid[0].uri, BAKE_URI);
  const c = '  args = { "é" = "x", GOPROXY = "'.length;
  assert.deepEqual(invalid[0].range, at(1, c, 1, c + 'https://goproxy.cn;direct'.length));
  assert.match(invalid[0].message, /`;` is not a GOPROXY separator/);
  assert.ok(invalid[0].message.endsWith(' (with the build args of docker-bake.hcl target api)'), invalid[0].message);
  assert.deepEqual(invalid[0].fixes, []);
  // Quiet: a valid list.
  assert.deepEqual(only(analyzeBuilt(ARG_PROXY, read(text.replace(';', ','))), 'goproxy-invalid'), []);
});

test('bake HCL: a `;` in a variable default reaches the arg that interpolates it, and is reported at the default; an unknown variable is not judged', () => {
  const text = lines(
    'variable "PROXY" { default = "https://goproxy.cn;direct" }',
    'variable "FROM_ENV" {}',
    'target "a" {',
    '  args = { GOPROXY = "${PROXY}" }',
    '}',
  );
  const invalid = only(analyzeBuilt(ARG_PROXY, read(text)), 'goproxy-invalid');
  assert.equal(invalid.length, 1);
  assert.equal(invalid[0].uri, BAKE_URI);
  assert.deepEqual(invalid[0].range, at(0, 30, 0, 55));
  // A value built around the variable is written at the arg.
  const around = only(analyzeBuilt(ARG_PROXY, read(text.replace('"${PROXY}"', '"${PROXY}|off"'))), 'goproxy-invalid');
  assert.deepEqual(
    around.map((f) => f.range),
    [at(3, 22, 3, 34)],
  );
  // Quiet: a variable with no default is set by whoever runs bake; nothing is judged, and GOPROXY is not called unset.
  const unknown = analyzeBuilt(ARG_PROXY, read(text.replace('"${PROXY}"', '"${FROM_ENV}"')));
  assert.deepEqual(only(unknown, 'goproxy-invalid'), []);
  assert.deepEqual(only(unknown, 'goproxy-unset'), []);
});

test('bake HCL: `target = "build"` is the stage built: its ARG takes the value; without it the last stage does not', () => {
  const dockerfile = lines('FROM golang:1.22 AS build', 'ARG GOPROXY', 'RUN go mod download', 'FROM alpine:3.20 AS final', 'RUN echo done');
  const bake = (target: string) => lines('target "app" {', target, '  args = { GOPROXY = "https://goproxy.cn;direct" }', '}');
  assert.equal(read(bake('  target = "build"'))[0].target, 'build');
  const built = analyzeBuilt(dockerfile, read(bake('  target = "build"')));
  assert.deepEqual(only(built, 'build-arg-unused'), []);
  assert.equal(only(built, 'goproxy-invalid').length, 1);
  assert.equal(only(built, 'goproxy-invalid')[0].uri, BAKE_URI);
  // Without it the last stage is built: the build stage never runs, so GOPROXY reaches no ARG (reported at the value).
  const last = only(analyzeBuilt(dockerfile, read(bake(''))), 'build-arg-unused');
  assert.equal(last.length, 1);
  assert.equal(last[0].uri, BAKE_URI);
  assert.deepEqual(last[0].range, at(2, 22, 2, 47));
  assert.match(
    last[0].message,
    /^The build argument GOPROXY \(docker-bake\.hcl target app\) is not consumed: only stages of `Dockerfile` that building its last stage does not run declare ARG GOPROXY/,
  );
});

test('workspace: a docker-bake.hcl target builds a Dockerfile in a sub-folder with that folder as its context', () => {
  withWorkspace((root, write) => {
    write(
      'docker-bake.hcl',
      lines('target "api" {', '  context = "services/api"', '  dockerfile = "deploy/Dockerfile"', '  args = { GOPROXY = "https://goproxy.cn,direct" }', '}'),
    );
    write('services/api/go.mod', 'module example.com/api\n\ngo 1.22\n');
    const dockerfile = write('services/api/deploy/Dockerfile', ARG_PROXY);
    const other = write('services/web/Dockerfile', ARG_PROXY);
    const ws = new Workspace([root]);
    assert.ok(ws.hasBakeHcl());
    const req = ws.request({ uri: pathToUri(dockerfile), text: fs.readFileSync(dockerfile, 'utf8') }, 'dockerfile', DEFAULT_SETTINGS, 'en');
    assert.deepEqual(
      req.related.invocations!.map((i) => i.label),
      ['docker-bake.hcl target api'],
    );
    assert.equal(req.related.invocations![0].args.GOPROXY.value, 'https://goproxy.cn,direct');
    assert.equal(req.related.contextDir, pathToUri(path.join(root, 'services', 'api')));
    assert.equal(req.related.contextDeclared, true);
    assert.equal(req.related.goMod?.uri, pathToUri(path.join(root, 'services', 'api', 'go.mod')));
    // Quiet: a Dockerfile no target names keeps its own folder, undeclared.
    const quiet = ws.request({ uri: pathToUri(other), text: ARG_PROXY }, 'dockerfile', DEFAULT_SETTINGS, 'en');
    assert.deepEqual(quiet.related.invocations, []);
    assert.equal(quiet.related.contextDeclared, false);
    // Quiet: a workspace without a docker-bake.hcl does not need the parser.
    fs.rmSync(path.join(root, 'docker-bake.hcl'));
    ws.invalidate(path.join(root, 'docker-bake.hcl'));
    assert.equal(ws.hasBakeHcl(), false);
  });
});

test('build-arg-unused: an arg several targets inherit from one place is one finding there, naming those targets', () => {
  const parent = lines('target "_common" {', '  args = { GO_VERSION = "1.24" }', '}');
  const children = ['dev', 'release', 'arm'].map((t) => lines(`target "${t}" {`, '  inherits = ["_common"]', '}')).join('');
  const inherited = only(analyzeBuilt(ARG_PROXY, read(parent + children)), 'build-arg-unused');
  assert.equal(inherited.length, 1);
  assert.equal(inherited[0].uri, BAKE_URI);
  assert.deepEqual(inherited[0].range, at(1, 25, 1, 29));
  assert.match(
    inherited[0].message,
    /^The build argument GO_VERSION \(docker-bake\.hcl target _common, docker-bake\.hcl target dev and 2 more\) is not consumed: no ARG GO_VERSION in `Dockerfile` declares it/,
  );
  // Written in each target: one finding at each place, each naming its own target.
  const own = lines('target "dev" {', '  args = { GO_VERSION = "1.24" }', '}', 'target "release" {', '  args = { GO_VERSION = "1.24" }', '}');
  const separate = only(analyzeBuilt(ARG_PROXY, read(own)), 'build-arg-unused');
  assert.deepEqual(
    separate.map((f) => f.range.start.line),
    [1, 4],
  );
  assert.match(separate[1].message, /^The build argument GO_VERSION \(docker-bake\.hcl target release\) is not consumed/);
});
