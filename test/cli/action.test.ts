// The GitHub Action: action/run.mjs run as its composite step runs it (the step's env: of action.yml, with the
// inputs put in), on fixtures, with a temporary GITHUB_STEP_SUMMARY, GITHUB_OUTPUT and RUNNER_TEMP. It checks the
// job summary table, the step outputs, the SARIF file and the exit status that fails the step.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { BAD_DOCKERFILE, CLI, df, tempDir } from './support';

const ROOT = path.resolve(__dirname, '..', '..');
const RUN = path.join(ROOT, 'action', 'run.mjs');

interface ActionYaml {
  inputs: Record<string, { description: string; default?: string }>;
  outputs: Record<string, { value: string }>;
  runs: { using: string; steps: { id?: string; run?: string; uses?: string; if?: string; env?: Record<string, string>; with?: Record<string, string> }[] };
}
const ACTION = parse(fs.readFileSync(path.join(ROOT, 'action.yml'), 'utf8')) as ActionYaml;
const STEP = ACTION.runs.steps.find((s) => s.id === 'check')!;

interface ActionRun {
  code: number | null;
  log: string;
  stderr: string;
  summary: string;
  outputs: Record<string, string>;
}

/** GITHUB_OUTPUT's `name<<DELIMITER` … `DELIMITER` records. */
function readOutputs(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const m = /^([\w-]+)<<(\S+)$/.exec(lines[i]);
    assert.ok(m || lines[i] === '', `GITHUB_OUTPUT line ${i + 1} is not a delimited record: ${lines[i]}`);
    if (!m) continue;
    const end = lines.indexOf(m[2], i + 1);
    assert.ok(end > i, `no closing delimiter for ${m[1]}`);
    out[m[1]] = lines.slice(i + 1, end).join('\n');
    i = end;
  }
  return out;
}

/**
 * Runs the action's step in `cwd` (the workspace) with these inputs: the env: of action.yml's step, each
 * `${{ inputs.x }}` replaced by the input or its default, as Actions does for a composite action.
 */
function runAction(t: TestContext, cwd: string, inputs: Record<string, string> = {}, extraEnv: Record<string, string> = {}, script = RUN): ActionRun {
  for (const name of Object.keys(inputs)) assert.ok(name in ACTION.inputs, `action.yml has no input ${name}`);
  const runner = tempDir(t);
  const summaryFile = path.join(runner, 'summary.md');
  const outputFile = path.join(runner, 'output');
  fs.writeFileSync(summaryFile, '');
  fs.writeFileSync(outputFile, '');
  const stepEnv = Object.fromEntries(
    Object.entries(STEP.env ?? {}).map(([k, v]) => [
      k,
      v.replace(/\$\{\{\s*inputs\.([\w-]+)\s*\}\}/g, (_, name: string) => inputs[name] ?? ACTION.inputs[name]?.default ?? ''),
    ]),
  );
  const env = {
    PATH: process.env.PATH ?? '',
    LANG: 'C',
    GITHUB_STEP_SUMMARY: summaryFile,
    GITHUB_OUTPUT: outputFile,
    RUNNER_TEMP: path.join(runner, 'temp'),
    ...stepEnv,
    ...extraEnv,
  };
  const r = spawnSync(process.execPath, [script], { cwd, env, encoding: 'utf8' });
  if (r.error) throw r.error;
  return {
    code: r.status,
    log: r.stdout,
    stderr: r.stderr,
    summary: fs.readFileSync(summaryFile, 'utf8'),
    outputs: readOutputs(fs.readFileSync(outputFile, 'utf8')),
  };
}

/** The summary table's body rows, split into cells at the unescaped `|`. */
function rows(summary: string): string[][] {
  return summary
    .split('\n')
    .filter((l) => l.startsWith('| ') && !/^\| (Severity|严重性) \|/.test(l))
    .map((l) =>
      l
        .slice(2, -2)
        .split(/(?<!\\) \| /)
        .map((c) => c.trim()),
    );
}

const GO_MOD = df('module example.com/app', '', 'go 1.22', '', 'require github.com/google/uuid v1.6.0');
const WARNING_DOCKERFILE = df(
  'FROM golang:1.22',
  'ENV GOPROXY=direct,https://goproxy.cn',
  'WORKDIR /src',
  'COPY go.mod go.sum ./',
  'RUN --mount=type=cache,target=/go/pkg/mod go mod download',
);
const ARG_DOCKERFILE = df('FROM golang:1.22', 'ARG GOPROXY', 'ARG GOPRIVATE', 'RUN go mod download');

test('action.yml: a composite action whose step passes every input to run.mjs, and uploads SARIF even after a failed check', () => {
  assert.equal(ACTION.runs.using, 'composite');
  assert.match(STEP.run!, /node "\$GITHUB_ACTION_PATH\/action\/run\.mjs"/);
  const source = fs.readFileSync(RUN, 'utf8');
  for (const name of Object.keys(ACTION.inputs)) {
    const envName = `INPUT_${name.toUpperCase().replace(/-/g, '_')}`;
    assert.equal(STEP.env?.[envName], `\${{ inputs.${name} }}`, `input ${name} reaches the step as ${envName}`);
    assert.ok(source.includes(`input('${name}'`) || source.includes(`booleanInput('${name}'`), `run.mjs reads the input ${name}`);
  }
  for (const name of ['paths', 'format', 'fail-on', 'build-args', 'locale', 'upload-sarif']) assert.ok(name in ACTION.inputs, `input ${name}`);
  assert.equal(ACTION.inputs['fail-on'].default, 'error');
  const upload = ACTION.runs.steps.find((s) => s.uses?.startsWith('github/codeql-action/upload-sarif@'));
  assert.ok(upload, 'the SARIF upload step');
  assert.match(upload.if!, /always\(\)/, 'the upload runs after a failed check too');
  assert.match(upload.if!, /inputs\.upload-sarif == 'true'/);
  assert.equal(upload.with?.sarif_file, '${{ steps.check.outputs.sarif-file }}');
  for (const [name, output] of Object.entries(ACTION.outputs)) assert.equal(output.value, `\${{ steps.check.outputs.${name} }}`);
});

test('an error fails the step (exit 1): coloured findings in the log, a summary table, the counts as outputs', (t) => {
  const dir = tempDir(t, { Dockerfile: BAD_DOCKERFILE });
  const r = runAction(t, dir);
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.log, /goproxy-invalid/);
  assert.match(r.log, /\u001b\[31merror/, 'the log is coloured');
  assert.match(r.summary, /^### Go Proxy Doctor$/m);
  assert.match(r.summary, /^1 problem: 1 error, 0 warnings, 0 other\.$/m);
  assert.match(r.summary, /^This step fails on a finding of severity error or above\.$/m);
  assert.match(r.summary, /^\| Severity \| Rule \| Location \| Message \|$/m);
  const [row, ...more] = rows(r.summary);
  assert.deepEqual(more, []);
  // The message holds a `|` (GOPROXY's separator): escaped, it stays inside its cell.
  assert.equal(row.length, 4, JSON.stringify(row));
  assert.deepEqual(row.slice(0, 3), ['error', '`goproxy-invalid`', 'Dockerfile:2:13']);
  assert.match(row[3], /^`;` is not a GOPROXY separator: .*`\\\|`/);
  assert.deepEqual(r.outputs, { findings: '1', errors: '1', warnings: '0', 'exit-code': '1' });
});

test('fail-on: a warning passes by default, fails with fail-on warning; fail-on never passes an error', (t) => {
  const warning = tempDir(t, { Dockerfile: WARNING_DOCKERFILE, 'go.mod': GO_MOD, 'go.sum': '' });
  const byDefault = runAction(t, warning);
  assert.equal(byDefault.code, 0, byDefault.stderr);
  assert.deepEqual(
    rows(byDefault.summary).map((c) => c.slice(0, 2)),
    [['warning', '`goproxy-unreachable-entry`']],
  );
  assert.equal(byDefault.outputs['exit-code'], '0');
  const strict = runAction(t, warning, { 'fail-on': 'warning' });
  assert.equal(strict.code, 1);
  assert.match(strict.summary, /fails on a finding of severity warning or above/);
  const never = runAction(t, tempDir(t, { Dockerfile: BAD_DOCKERFILE }), { 'fail-on': 'never' });
  assert.equal(never.code, 0);
  assert.match(never.summary, /Findings do not fail this step \(fail-on: never\)\./);
  assert.equal(never.outputs.errors, '1');
});

test('a clean workspace passes with "No problems" and no table', (t) => {
  const dir = tempDir(t, {
    Dockerfile: df('FROM golang:1.22', 'ENV GOPROXY=https://goproxy.cn,direct', 'RUN --mount=type=cache,target=/go/pkg/mod go mod download'),
  });
  const r = runAction(t, dir);
  assert.equal(r.code, 0, r.log + r.stderr);
  assert.match(r.summary, /^No problems in `\.`\.$/m);
  assert.deepEqual(rows(r.summary), []);
  assert.equal(r.outputs.findings, '0');
});

test('upload-sarif writes SARIF under RUNNER_TEMP and names it in the outputs; sarif-file chooses the place', (t) => {
  const dir = tempDir(t, { Dockerfile: BAD_DOCKERFILE });
  const r = runAction(t, dir, { 'upload-sarif': 'true' });
  assert.equal(r.code, 1);
  const file = r.outputs['sarif-file'];
  assert.ok(file && fs.existsSync(file), `sarif-file output: ${file}`);
  const sarif = JSON.parse(fs.readFileSync(file, 'utf8')) as { version: string; runs: { results: { ruleId: string; locations: unknown[] }[] }[] };
  assert.equal(sarif.version, '2.1.0');
  assert.deepEqual(
    sarif.runs[0].results.map((x) => x.ruleId),
    ['goproxy-invalid'],
  );
  const named = runAction(t, dir, { 'sarif-file': 'reports/gpd.sarif' });
  assert.equal(named.outputs['sarif-file'], path.join(dir, 'reports', 'gpd.sarif'));
  assert.ok(fs.existsSync(path.join(dir, 'reports', 'gpd.sarif')));
  // Neither asked: no SARIF file.
  assert.equal(runAction(t, dir).outputs['sarif-file'], undefined);
});

test('build-args: one NAME=VALUE a line reaches the ARGs; a credential in a value appears nowhere', (t) => {
  const dir = tempDir(t, { Dockerfile: ARG_DOCKERFILE });
  assert.equal(runAction(t, dir).code, 0);
  const r = runAction(t, dir, { 'build-args': 'GOPROXY=https://ci:s3cr3t-tok@goproxy.example.com;direct\n\nGOPRIVATE=git.acme.internal\n' });
  assert.equal(r.code, 1, r.log + r.stderr);
  const [row] = rows(r.summary).filter((c) => c[1] === '`goproxy-invalid`');
  assert.match(row[3], /build argument GOPROXY \(command line\)/);
  for (const text of [r.log, r.stderr, r.summary, JSON.stringify(r.outputs)]) assert.ok(!text.includes('s3cr3t-tok'), 'the credential leaked');
});

test('paths: only the named folders are checked; locale zh-cn: the summary and the messages in Chinese', (t) => {
  const dir = tempDir(t, { 'api/Dockerfile': BAD_DOCKERFILE, 'worker/Dockerfile': BAD_DOCKERFILE, 'tools/Dockerfile': BAD_DOCKERFILE });
  const r = runAction(t, dir, { paths: 'api\nworker', locale: 'zh-cn' });
  assert.equal(r.code, 1);
  assert.deepEqual(
    rows(r.summary).map((c) => c[2]),
    ['api/Dockerfile:2:13', 'worker/Dockerfile:2:13'],
  );
  assert.match(r.summary, /^\| 严重性 \| 规则 \| 位置 \| 消息 \|$/m);
  assert.match(r.summary, /^共 2 个问题：2 个错误，0 个警告，0 个其他。$/m);
  assert.match(rows(r.summary)[0][3], /不是 GOPROXY 的分隔符/);
});

test('inputs as Actions passes them to a JavaScript action (INPUT_FAIL-ON) are read too', (t) => {
  const warning = tempDir(t, { Dockerfile: WARNING_DOCKERFILE, 'go.mod': GO_MOD, 'go.sum': '' });
  assert.equal(runAction(t, warning, {}, { 'INPUT_FAIL-ON': 'warning', INPUT_FAIL_ON: '' }).code, 1);
});

test('a location links to the line at the commit being checked when the job names the repository', (t) => {
  const dir = tempDir(t, { Dockerfile: BAD_DOCKERFILE });
  const github = { GITHUB_SERVER_URL: 'https://github.example', GITHUB_REPOSITORY: 'acme/app', GITHUB_SHA: 'abc123', GITHUB_WORKSPACE: dir };
  const [row] = rows(runAction(t, dir, {}, github).summary);
  assert.equal(row[2], '[Dockerfile:2:13](https://github.example/acme/app/blob/abc123/Dockerfile#L2)');
  // Run elsewhere than the workspace, the paths are not the repository's: no link.
  const [plain] = rows(runAction(t, dir, {}, { ...github, GITHUB_WORKSPACE: path.dirname(dir) }).summary);
  assert.equal(plain[2], 'Dockerfile:2:13');
});

test('a bad input stops the step with exit 2 and says why, in the log and the summary', (t) => {
  const dir = tempDir(t, { Dockerfile: BAD_DOCKERFILE });
  const failOn = runAction(t, dir, { 'fail-on': 'fatal' });
  assert.equal(failOn.code, 2);
  assert.match(failOn.stderr, /unknown --fail-on "fatal" \(error, warning, information or never\)/);
  assert.match(failOn.summary, /The check did not run to the end: unknown --fail-on "fatal"/);
  assert.equal(failOn.outputs['exit-code'], '2');
  const format = runAction(t, dir, { format: 'xml' });
  assert.equal(format.code, 2);
  assert.match(format.stderr, /unknown --format "xml"/);
  const upload = runAction(t, dir, { 'upload-sarif': 'yes' });
  assert.equal(upload.code, 2);
  assert.match(upload.stderr, /input upload-sarif must be true or false, not "yes"/);
  const missing = runAction(t, dir, { paths: 'nowhere' });
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /cannot read nowhere/);
});

test('without the CLI beside it (an unbuilt checkout), the step fails with exit 2 saying what to do', (t) => {
  assert.ok(fs.existsSync(CLI), 'the built CLI');
  const copy = tempDir(t, { 'action/run.mjs': fs.readFileSync(RUN, 'utf8') });
  const r = runAction(t, tempDir(t, { Dockerfile: BAD_DOCKERFILE }), {}, {}, path.join(copy, 'action', 'run.mjs'));
  assert.equal(r.code, 2);
  assert.match(r.stderr, /CLI is missing at .*dist\/cli\.js: use the action from a release .* or run npm run build first/);
});
