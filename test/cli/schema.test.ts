// The JSON and SARIF output keep their documented shapes across versions: real CLI output, on the examples and on a
// workspace with every severity, a non-UTF-8 file name and a finding in a compose file, is validated against the
// JSON Schemas in docs/schemas/ (with ajv, the JSON Schema validator most JavaScript tools use).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import { df, run, tempDir } from './support';

const ROOT = path.resolve(__dirname, '..', '..');
const EXAMPLES = path.join(ROOT, 'examples');
const schema = (name: string) => JSON.parse(fs.readFileSync(path.join(ROOT, 'docs', 'schemas', name), 'utf8')) as object;
const ajv = new Ajv2020({ allErrors: true, strict: true });
const validFindings = ajv.compile(schema('findings.schema.json'));
const validSarif = ajv.compile(schema('sarif.schema.json'));

const GO_MOD = df('module example.com/app', '', 'go 1.22', '', 'require github.com/google/uuid v1.6.0');
const WIDE = {
  'go.mod': GO_MOD,
  'go.sum': '',
  Dockerfile: df('FROM golang:1.22', 'ARG GOPROXY', 'ENV GO111MODULE=on', 'WORKDIR /src', 'COPY go.mod go.sum ./', 'RUN go mod download'),
  'compose.yaml': df('services:', '  api:', '    build:', '      context: .', '      args:', '        GOPROXY: "https://goproxy.cn;direct"'),
  'api/Dockerfile': df('FROM golang:1.22', 'ENV GOPROXY=direct,https://ci:tok@goproxy.cn', 'RUN go mod download'),
};

function check(validate: ReturnType<typeof ajv.compile>, value: unknown, what: string): void {
  assert.ok(validate(value), `${what} does not match its schema: ${ajv.errorsText(validate.errors, { separator: '\n' })}`);
}

test('--format json matches docs/schemas/findings.schema.json', (t) => {
  const dir = tempDir(t, WIDE);
  fs.writeFileSync(
    Buffer.concat([Buffer.from(dir + path.sep), Buffer.from([0x62, 0xff]), Buffer.from('.Dockerfile')]),
    df('FROM golang:1.22', 'ENV GOPROXY=https://goproxy.cn;direct', 'RUN go mod download'),
  );
  for (const [cwd, name] of [
    [EXAMPLES, 'examples/'],
    [dir, 'the wide workspace'],
  ]) {
    const r = run(['--format', 'json'], cwd);
    const findings = JSON.parse(r.stdout) as { severity: string; file: string; line: number; column: number; endLine: number; endColumn: number }[];
    check(validFindings, findings, `JSON of ${name}`);
    // What a schema cannot say: a range ends at or after its start.
    for (const f of findings) assert.ok(f.endLine > f.line || (f.endLine === f.line && f.endColumn >= f.column), JSON.stringify(f));
  }
  const wide = JSON.parse(run(['--format', 'json'], dir).stdout) as { severity: string; file: string }[];
  // The fixture covers what the schema allows: several severities, a compose file, a file name that is not UTF-8.
  assert.ok(new Set(wide.map((f) => f.severity)).size >= 3, JSON.stringify(wide.map((f) => f.severity)));
  assert.ok(wide.some((f) => f.file === 'compose.yaml'));
  assert.ok(wide.some((f) => f.file === 'b\\xff.Dockerfile'));
  // A finding with a field the schema does not know fails: the schema is strict, so a new field is a deliberate change.
  assert.equal(validFindings([{ ...wide[0], fix: 'x' }]), false);
  assert.equal(validFindings([{ ...wide[0], severity: 'fatal' }]), false);
});

test('--format sarif matches docs/schemas/sarif.schema.json, in both locales', (t) => {
  const dir = tempDir(t, WIDE);
  for (const [cwd, name] of [
    [EXAMPLES, 'examples/'],
    [dir, 'the wide workspace'],
  ]) {
    for (const locale of ['en', 'zh-cn']) {
      const r = run(['--format', 'sarif', '--locale', locale], cwd);
      const sarif = JSON.parse(r.stdout) as { runs: { tool: { driver: { rules: { id: string }[] } }; results: { ruleId: string; ruleIndex: number }[] }[] };
      check(validSarif, sarif, `SARIF of ${name} (${locale})`);
      const { rules } = sarif.runs[0].tool.driver;
      assert.ok(sarif.runs[0].results.length > 0);
      for (const result of sarif.runs[0].results) assert.equal(rules[result.ruleIndex].id, result.ruleId);
      // The schema is strict: another version, or a result without its location, fails it.
      assert.equal(validSarif({ ...sarif, version: '2.2.0' }), false);
      const [result] = sarif.runs[0].results;
      assert.equal(validSarif({ ...sarif, runs: [{ ...sarif.runs[0], results: [{ ...result, locations: [] }] }] }), false);
    }
  }
});
