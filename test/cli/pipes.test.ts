// Pipes and special files: a reader that goes away early, FIFOs and devices where files are expected.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { BAD_DOCKERFILE, CLI, df, run, tempDir } from './support';

/** Only a guard: a run that blocks is killed after this and the test fails on the signal. */
const HANG_GUARD_MS = 60_000;

test('a reader that closes stdout after the first chunk: no EPIPE trace, the usual exit status', async (t) => {
  const dir = tempDir(t);
  for (let i = 0; i < 3000; i++) {
    fs.mkdirSync(path.join(dir, `d${i}`));
    fs.writeFileSync(path.join(dir, `d${i}`, 'Dockerfile'), BAD_DOCKERFILE);
  }
  for (const format of ['text', 'json', 'sarif']) {
    const child = spawn(process.execPath, [CLI, '--format', format], {
      cwd: dir,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { PATH: process.env.PATH ?? '', LANG: 'C' },
    });
    let stderr = '';
    let first = 0;
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    // The whole report is far larger than a pipe buffer, so the CLI is still writing when the read end goes away.
    child.stdout.once('data', (c: Buffer) => {
      first = c.length;
      child.stdout.destroy();
    });
    const [code, signal] = (await once(child, 'close')) as [number | null, NodeJS.Signals | null];
    assert.ok(first > 0, `${format}: some output arrived`);
    assert.equal(stderr, '', `${format}: nothing on stderr`);
    assert.equal(signal, null, format);
    assert.equal(code, 1, `${format}: exit 1 as for any run with errors`);
  }
});

test('the same 3,000-file report is larger than a pipe buffer (so the test above does close a pipe mid-write)', (t) => {
  const dir = tempDir(t);
  for (let i = 0; i < 3000; i++) fs.writeFileSync(path.join(dir, `${i}.Dockerfile`), BAD_DOCKERFILE);
  const r = run(['--format', 'json'], dir, {}, { maxBuffer: 64 * 1024 * 1024 });
  assert.equal(r.code, 1);
  assert.ok(r.stdout.length > 1024 * 1024, `${r.stdout.length} bytes`);
});

test('a reader that closes stderr early: the report still ends normally, with exit 2', async (t) => {
  const dir = tempDir(t);
  // 3,000 broken symlinks: about 200 KB of "cannot read" lines, far more than a pipe buffer.
  for (let i = 0; i < 3000; i++) fs.symlinkSync('missing', path.join(dir, `${i}.Dockerfile`));
  const child = spawn(process.execPath, [CLI], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'], env: { PATH: process.env.PATH ?? '', LANG: 'C' } });
  let stdout = '';
  child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
  child.stderr.once('data', () => child.stderr.destroy());
  const [code, signal] = (await once(child, 'close')) as [number | null, NodeJS.Signals | null];
  assert.equal(signal, null);
  assert.match(stdout, /^3000 paths could not be read/m);
  assert.equal(code, 2, 'exit 2 for unreadable input, not a crash');
});

function mkfifo(p: string): void {
  execFileSync('mkfifo', [p]);
}

test('a FIFO as .vscode/settings.json is reported, not waited on', (t) => {
  const dir = tempDir(t, { Dockerfile: BAD_DOCKERFILE });
  fs.mkdirSync(path.join(dir, '.vscode'));
  mkfifo(path.join(dir, '.vscode', 'settings.json'));
  const r = run([], dir, {}, { timeout: HANG_GUARD_MS });
  assert.equal(r.signal, null, 'the CLI blocked on the FIFO');
  assert.match(r.stderr, /^ignoring \.vscode\/settings\.json: not a regular file/m);
  assert.match(r.stdout, /goproxy-invalid/, 'the Dockerfile is still checked');
  assert.equal(r.code, 2);
});

test('a FIFO or /dev/zero named on the command line, or a FIFO with a Dockerfile name in a folder: reported, exit 2', (t) => {
  const dir = tempDir(t, { 'ok/Dockerfile': df('FROM golang:1.22') });
  mkfifo(path.join(dir, 'pipe'));
  mkfifo(path.join(dir, 'ok', 'Dockerfile.fifo'));
  const named = run(['pipe', '/dev/zero'], dir, {}, { timeout: HANG_GUARD_MS });
  assert.equal(named.signal, null);
  assert.match(named.stderr, /^cannot read pipe: not a regular file/m);
  assert.match(named.stderr, /^cannot read \S*dev\/zero: not a regular file/m);
  assert.equal(named.code, 2);
  const walked = run(['ok'], dir, {}, { timeout: HANG_GUARD_MS });
  assert.equal(walked.signal, null);
  assert.match(walked.stderr, /^cannot read ok\/Dockerfile\.fifo: not a regular file/m);
  assert.match(walked.stdout, /^No problems in 1 file\.$/m);
  assert.match(walked.stdout, /^1 path could not be read/m);
  assert.equal(walked.code, 2);
});

test('zh-cn: the same reports in Simplified Chinese', (t) => {
  const dir = tempDir(t);
  mkfifo(path.join(dir, 'Dockerfile'));
  const r = run(['--locale', 'zh-cn'], dir, {}, { timeout: HANG_GUARD_MS });
  assert.match(r.stderr, /^无法读取 Dockerfile：不是普通文件/m);
  assert.match(r.stdout, /1 个路径无法读取/);
  assert.equal(r.code, 2);
});
