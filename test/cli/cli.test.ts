// The command-line front end, run as CI runs it: node dist/cli.js as a real process.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { df, run, tempDir } from './support';

const EXAMPLES = path.resolve(__dirname, '..', '..', 'examples');

test('examples/: text output grouped by file, exit 1 on errors', () => {
  const r = run([], EXAMPLES);
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stdout, /^Dockerfile$/m);
  assert.match(r.stdout, /^services\/api\/Dockerfile$/m);
  assert.match(r.stdout, /goproxy-unreachable-entry/);
  assert.match(r.stdout, /credentials-in-image/);
  assert.match(r.stdout, /\d+ problems \(\d+ errors?, \d+ warnings?, \d+ other\)/);
  assert.doesNotMatch(r.stdout, /\u001b\[/, 'no colours when stdout is not a TTY');
});

test('JSON: 1-based positions and the documented fields', (t) => {
  const dir = tempDir(t, { Dockerfile: df('FROM golang:1.22', 'ENV GOPROXY=https://goproxy.cn;direct', 'RUN go mod download') });
  const r = run(['--format', 'json'], dir);
  assert.equal(r.code, 1);
  const findings = JSON.parse(r.stdout) as Record<string, unknown>[];
  const invalid = findings.find((f) => f.rule === 'goproxy-invalid');
  assert.deepEqual(invalid, {
    file: 'Dockerfile',
    line: 2,
    column: 13,
    endLine: 2,
    endColumn: 38,
    severity: 'error',
    rule: 'goproxy-invalid',
    message: invalid!.message,
  });
  assert.deepEqual(Object.keys(findings[0]).sort(), ['column', 'endColumn', 'endLine', 'file', 'line', 'message', 'rule', 'severity']);
});

test('SARIF 2.1.0 with rules and locations', () => {
  const r = run(['--format=sarif', '.'], EXAMPLES);
  const sarif = JSON.parse(r.stdout);
  assert.equal(sarif.version, '2.1.0');
  const run0 = sarif.runs[0];
  assert.equal(run0.tool.driver.name, 'go-proxy-doctor');
  assert.ok(run0.tool.driver.rules.some((x: { id: string }) => x.id === 'goproxy-credentials'));
  const result = run0.results.find((x: { ruleId: string }) => x.ruleId === 'goproxy-unreachable-entry');
  assert.equal(result.locations[0].physicalLocation.artifactLocation.uri, 'services/api/Dockerfile');
  assert.equal(result.locations[0].physicalLocation.region.startLine, 5);
  assert.equal(run0.tool.driver.rules[result.ruleIndex].id, 'goproxy-unreachable-entry');
});

test('--locale zh-cn; clean workspace exits 0; usage errors exit 2', (t) => {
  const zh = run(['--locale', 'zh-cn'], EXAMPLES);
  assert.match(zh.stdout, /共 \d+ 个问题/);
  const clean = tempDir(t, {
    Dockerfile: df(
      'FROM golang:1.22',
      'ENV GOPROXY=https://goproxy.cn,direct',
      'WORKDIR /src',
      'COPY go.mod go.sum ./',
      'RUN --mount=type=cache,target=/go/pkg/mod go mod download',
    ),
    'go.mod': df('module example.com/x', '', 'go 1.22'),
    'go.sum': '',
  });
  const ok = run([], clean);
  assert.equal(ok.code, 0, ok.stdout);
  assert.match(ok.stdout, /No problems in 2 files/);
  assert.equal(run(['--format', 'xml'], clean).code, 2);
  assert.equal(run(['--bogus'], clean).code, 2);
  assert.equal(run(['does-not-exist'], clean).code, 2);
});

test('reads goProxyDoctor settings from .vscode/settings.json (JSONC)', (t) => {
  const dir = tempDir(t, {
    Dockerfile: df('FROM golang:1.22', 'ENV GOPROXY=https://goproxy.cn;direct', 'RUN go mod download'),
    '.vscode/settings.json': '{\n  // switch the error off\n  "goProxyDoctor.rules.disabled": ["goproxy-invalid",],\n}\n',
  });
  const r = run(['--format', 'json'], dir);
  const findings = JSON.parse(r.stdout) as { rule: string }[];
  assert.ok(!findings.some((f) => f.rule === 'goproxy-invalid'));
});

test('credentials never reach the output in any format', (t) => {
  const dir = tempDir(t, { Dockerfile: df('FROM golang:1.22', 'ENV GOPROXY=https://ci:tok-3x4mpl3@athens.example.com,direct', 'RUN go mod download') });
  for (const format of ['text', 'json', 'sarif']) {
    const r = run(['--format', format], dir);
    assert.ok(r.stdout.includes('athens.example.com'), format);
    assert.ok(!r.stdout.includes('tok-3x4mpl3') && !r.stderr.includes('tok-3x4mpl3'), `credential in ${format} output`);
  }
});

test('the CLI reads the Makefile a RUN runs from the build context: a toolchain error that rests on it says so', (t) => {
  const files = { 'go.mod': df('module example.com/app', '', 'go 1.23'), Dockerfile: df('FROM golang:1.21', 'WORKDIR /src', 'COPY . .', 'RUN make build') };
  const withMakefile = tempDir(t, { ...files, Makefile: df('build:', '\tgo build -o app .') });
  const r = run(['--format', 'json'], withMakefile);
  assert.equal(r.code, 1, r.stderr);
  const [finding] = (JSON.parse(r.stdout) as { rule: string; message: string }[]).filter((f) => f.rule === 'toolchain-download');
  assert.match(finding.message, /`make build` runs `go build` \(Makefile line 2\)\.$/);
  // The same Dockerfile with a Makefile whose target runs no go: nothing to report.
  const noGo = tempDir(t, { ...files, Makefile: df('build:', '\tcp prebuilt/app app') });
  assert.equal(run(['--format', 'json'], noGo).stdout.includes('toolchain-download'), false);
});
