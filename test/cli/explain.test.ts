// `go-proxy-doctor explain`: the built CLI on the real build logs of test/fixtures/buildlogs, as a process: exit
// codes, the JSON shape, standard input, the Dockerfile it finds by itself, both languages, and no credentials.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { run, tempDir } from './support';

const FIXTURES = path.resolve(__dirname, '..', 'fixtures', 'buildlogs');
const fixture = (name: string) => path.join(FIXTURES, name);
const KEYS = new Set(['class', 'message', 'fix', 'module', 'host', 'logLine', 'file', 'line']);

test('a failure found: exit 1, the Dockerfile line and the environment at that step', () => {
  const r = run(['explain', '--no-color', fixture('buildkit-plain-refused.log'), '--dockerfile', fixture('buildkit-plain-refused.Dockerfile')], FIXTURES);
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stdout, /^buildkit-plain-refused\.Dockerfile:6 {2}connection-refused {2}\(log line 34, \[build 4\/6\] RUN go mod download\)$/m);
  assert.match(r.stdout, /GOPROXY=http:\/\/127\.0\.0\.1:9 \(ENV, line 3\)/);
  assert.match(r.stdout, /^1 Go module failure found\.$/m);
});

test('JSON: an array of { class, message, fix, module?, host?, logLine, file?, line? }', () => {
  const r = run(['explain', '--format', 'json', fixture('podman-gone-private.log'), '--dockerfile', fixture('podman-gone-private.Dockerfile')], FIXTURES);
  assert.equal(r.code, 1, r.stderr);
  const out = JSON.parse(r.stdout) as Array<Record<string, unknown>>;
  assert.equal(out.length, 1);
  for (const key of Object.keys(out[0]!)) assert.ok(KEYS.has(key), key);
  assert.equal(out[0]!.class, 'not-found-private');
  assert.equal(out[0]!.module, 'git.corp.example/team/lib');
  assert.match(String(out[0]!.host), /^127\.0\.0\.1:\d+$/);
  assert.equal(out[0]!.logLine, 9);
  assert.equal(out[0]!.file, 'podman-gone-private.Dockerfile');
  assert.equal(out[0]!.line, 5);
  assert.match(String(out[0]!.fix), /Add git\.corp\.example to GOPRIVATE \(line 3\)/);
});

test('every fixture log: the exit status says whether a Go module failure was found', () => {
  for (const file of fs.readdirSync(FIXTURES).filter((f) => f.endsWith('.log'))) {
    const r = run(['explain', '--format', 'json', fixture(file)], FIXTURES);
    const found = JSON.parse(r.stdout) as unknown[];
    const quiet = file === 'buildkit-plain-ok.log' || file === 'podman-build-fails.log';
    assert.equal(r.code, quiet ? 0 : 1, file);
    assert.equal(found.length, quiet ? 0 : 1, file);
  }
});

test('standard input, and the Dockerfile the log names found in the working directory', (t) => {
  const dir = tempDir(t, { Dockerfile: fs.readFileSync(fixture('legacy-not-found.Dockerfile'), 'utf8') });
  const input = fs.readFileSync(fixture('gitlab-legacy.log'), 'utf8');
  const r = run(['explain', '-', '--format', 'json'], dir, {}, { input });
  assert.equal(r.code, 1, r.stderr);
  const [e] = JSON.parse(r.stdout) as Array<Record<string, unknown>>;
  assert.equal(e!.class, 'not-found');
  assert.equal(e!.file, 'Dockerfile');
  assert.equal(e!.line, 6);
  assert.equal(e!.logLine, 30);
  const none = run(['explain'], dir, {}, { input: 'Step 1/1 : FROM scratch\n' });
  assert.equal(none.code, 0);
  assert.match(none.stdout, /No Go module failure found in this log\./);
});

test('Simplified Chinese', () => {
  const r = run(
    ['explain', '--locale', 'zh-cn', fixture('buildkit-plain-refused.log'), '--dockerfile', fixture('buildkit-plain-refused.Dockerfile')],
    FIXTURES,
  );
  assert.equal(r.code, 1);
  assert.match(r.stdout, /在此步骤（第 6 行，阶段 build）/);
  assert.match(r.stdout, /修复：/);
  assert.match(r.stdout, /发现 1 个 Go 模块失败。/);
});

test('credentials in the log or the Dockerfile never reach the output', () => {
  for (const format of ['text', 'json']) {
    const r = run(['explain', '--format', format, fixture('legacy-credentials.log'), '--dockerfile', fixture('legacy-credentials.Dockerfile')], FIXTURES);
    assert.equal(r.code, 1);
    assert.doesNotMatch(r.stdout + r.stderr, /capture-secret/);
    assert.match(r.stdout, /\*\*\*@127\.0\.0\.1/);
  }
});

test('usage errors and unreadable files: exit 2', () => {
  for (const args of [['--format', 'sarif'], ['--locale', 'fr'], ['--dockerfile'], ['--bogus'], ['a.log', 'b.log']]) {
    const r = run(['explain', ...args], FIXTURES);
    assert.equal(r.code, 2, args.join(' '));
    assert.match(r.stderr, /usage: go-proxy-doctor explain/);
  }
  assert.equal(run(['explain', 'no-such.log'], FIXTURES).code, 2);
  assert.equal(run(['explain', fixture('buildkit-plain-refused.log'), '--dockerfile', 'no-such.Dockerfile'], FIXTURES).code, 2);
  const help = run(['explain', '--help'], FIXTURES);
  assert.equal(help.code, 0);
  assert.match(help.stdout, /usage: go-proxy-doctor explain/);
});
