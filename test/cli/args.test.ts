// Argument parsing: `--` ends options; an option without its value says so.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BAD_DOCKERFILE, df, run, tempDir } from './support';

test('-- ends options: later arguments are paths even if they start with -', (t) => {
  const dir = tempDir(t, { '--help': BAD_DOCKERFILE, '-x.Dockerfile': BAD_DOCKERFILE });
  const r = run(['--format', 'json', '--', '--help', '-x.Dockerfile'], dir);
  assert.equal(r.code, 1, r.stderr);
  const files = new Set((JSON.parse(r.stdout) as { file: string }[]).map((f) => f.file));
  assert.deepEqual([...files].sort(), ['--help', '-x.Dockerfile']);
});

test('--format and --locale without a value say "needs a value" (en and zh-cn)', (t) => {
  const dir = tempDir(t, { Dockerfile: BAD_DOCKERFILE });
  for (const [args, message] of [
    [['--format'], '--format needs a value'],
    [['--locale'], '--locale needs a value'],
    [['--format', '--no-color'], '--format needs a value'],
    [['--locale='], '--locale needs a value'],
  ] as const) {
    const r = run([...args], dir);
    assert.equal(r.code, 2, args.join(' '));
    assert.equal(r.stderr.split('\n')[0], message, args.join(' '));
    assert.equal(r.stdout, '');
  }
  const zh = run(['--format'], dir, { LANG: 'zh_CN.UTF-8' });
  assert.equal(zh.stderr.split('\n')[0], '--format 需要一个值');
});

// --build-arg, as `docker build` takes it: NAME=VALUE (repeatable, also as --build-arg=NAME=VALUE), or NAME alone for
// the value of the CLI's environment (nothing when the environment does not set it).
const ARG_DOCKERFILE = df('FROM golang:1.22', 'ARG GOPROXY', 'RUN go mod download');
const rulesOf = (stdout: string) => (JSON.parse(stdout) as { rule: string; message: string }[]).map((f) => f.rule);

test('--build-arg NAME=VALUE and --build-arg=NAME=VALUE give the ARG its value: a `;` in it is an error', (t) => {
  const dir = tempDir(t, { Dockerfile: ARG_DOCKERFILE });
  const quiet = run(['--format', 'json'], dir);
  assert.equal(quiet.code, 0, quiet.stderr);
  assert.ok(!rulesOf(quiet.stdout).includes('goproxy-invalid'));
  for (const args of [['--build-arg', 'GOPROXY=https://goproxy.cn;direct'], ['--build-arg=GOPROXY=https://goproxy.cn;direct']]) {
    const r = run(['--format', 'json', ...args], dir);
    assert.equal(r.code, 1, args.join(' '));
    const f = (JSON.parse(r.stdout) as { rule: string; message: string }[]).find((x) => x.rule === 'goproxy-invalid');
    assert.ok(f, args.join(' '));
    assert.match(f.message, /build argument GOPROXY \(command line\)/);
  }
  // The last value of a name wins.
  const last = run(['--format', 'json', '--build-arg', 'GOPROXY=https://goproxy.cn;direct', '--build-arg', 'GOPROXY=https://goproxy.cn,direct'], dir);
  assert.equal(last.code, 0, last.stdout);
});

test('--build-arg NAME takes the value from the environment, and passes nothing when it is not set', (t) => {
  const dir = tempDir(t, { Dockerfile: ARG_DOCKERFILE });
  const fromEnv = run(['--format', 'json', '--build-arg', 'GOPROXY'], dir, { GOPROXY: 'https://goproxy.cn;direct' });
  assert.equal(fromEnv.code, 1);
  assert.ok(rulesOf(fromEnv.stdout).includes('goproxy-invalid'));
  const unset = run(['--format', 'json', '--build-arg', 'GOPROXY'], dir);
  assert.equal(unset.code, 0, unset.stdout);
  assert.deepEqual(
    rulesOf(unset.stdout).filter((r) => r.startsWith('goproxy') || r.startsWith('build-arg')),
    [],
  );
});

test('--build-arg over goProxyDoctor.buildArgs of .vscode/settings.json, name by name', (t) => {
  const dir = tempDir(t, {
    Dockerfile: ARG_DOCKERFILE,
    '.vscode/settings.json': JSON.stringify({ 'goProxyDoctor.buildArgs': { GOPROXY: 'https://goproxy.cn;direct', GONOSUMDB: 'x' } }),
  });
  const settings = run(['--format', 'json'], dir);
  assert.equal(settings.code, 1);
  const f = JSON.parse(settings.stdout) as { rule: string; message: string }[];
  assert.match(f.find((x) => x.rule === 'goproxy-invalid')!.message, /build argument GOPROXY \(setting goProxyDoctor\.buildArgs\)/);
  assert.match(f.find((x) => x.rule === 'build-arg-unused')!.message, /build argument GONOSUMDB \(setting goProxyDoctor\.buildArgs\) is not consumed/);
  const over = run(['--format', 'json', '--build-arg', 'GOPROXY=https://goproxy.cn,direct'], dir);
  assert.equal(over.code, 0, over.stdout);
});

test('--build-arg without a name or value is a usage error (exit 2) that never repeats the value', (t) => {
  const dir = tempDir(t, { Dockerfile: ARG_DOCKERFILE });
  for (const args of [['--build-arg'], ['--build-arg='], ['--build-arg', '--no-color']]) {
    const r = run(args, dir);
    assert.equal(r.code, 2, args.join(' '));
    assert.equal(r.stderr.split('\n')[0], '--build-arg needs a value', args.join(' '));
  }
  const r = run(['--build-arg', '=https://ci:S3CRET@x'], dir);
  assert.equal(r.code, 2);
  assert.equal(r.stderr.split('\n')[0], '--build-arg needs a name: NAME=VALUE, or NAME to take the value from the environment');
  assert.doesNotMatch(r.stderr, /S3CRET/);
  assert.match(r.stderr, /\[--build-arg NAME\[=VALUE\]\]\.\.\./);
  const zh = run(['--build-arg', '=x'], dir, { LANG: 'zh_CN.UTF-8' });
  assert.equal(zh.stderr.split('\n')[0], '--build-arg 需要一个名称：NAME=VALUE，或只写 NAME 以从环境变量取值');
});
