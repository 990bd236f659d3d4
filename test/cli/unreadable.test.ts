// Input that cannot be read is reported on stderr with the reason and exits 2; nothing is dropped in silence.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { BAD_DOCKERFILE, df, run, tempDir, write } from './support';

const CLEAN = df('FROM golang:1.22');

test('a symlinked Dockerfile is followed and checked', (t) => {
  const dir = tempDir(t, { 'templates/go.txt': BAD_DOCKERFILE });
  fs.symlinkSync(path.join('templates', 'go.txt'), path.join(dir, 'Dockerfile'));
  const r = run([], dir);
  assert.match(r.stdout, /^Dockerfile$/m);
  assert.match(r.stdout, /goproxy-invalid/);
  assert.equal(r.code, 1, r.stderr);
});

test('symlink loops and broken symlinks are reported as such, found in a folder or named', (t) => {
  const dir = tempDir(t, { 'ok/Dockerfile': BAD_DOCKERFILE });
  fs.symlinkSync('Dockerfile.loop', path.join(dir, 'ok', 'Dockerfile.loop'));
  fs.symlinkSync('missing.txt', path.join(dir, 'ok', 'Dockerfile.broken'));
  const walked = run(['ok'], dir);
  assert.match(walked.stderr, /^cannot read ok\/Dockerfile\.loop: symlink loop$/m);
  assert.match(walked.stderr, /^cannot read ok\/Dockerfile\.broken: broken symlink/m);
  assert.match(walked.stdout, /goproxy-invalid/, 'the readable file is still checked');
  assert.equal(walked.code, 2, 'unreadable input wins over error findings');
  const named = run(['ok/Dockerfile.loop'], dir);
  assert.match(named.stderr, /^cannot read ok\/Dockerfile\.loop: symlink loop$/m);
  assert.doesNotMatch(named.stderr, /no such file/);
  assert.equal(named.code, 2);
});

test('a path through a file (ENOTDIR) and a missing path say what is wrong', (t) => {
  const dir = tempDir(t, { Dockerfile: CLEAN });
  const r = run(['Dockerfile/x', 'nope'], dir);
  assert.match(r.stderr, /^cannot read Dockerfile\/x: a folder in the path is a file$/m);
  assert.match(r.stderr, /^cannot read nope: no such file or directory$/m);
  assert.equal(r.code, 2);
});

test('a file over 8 MiB is reported, not skipped', (t) => {
  const dir = tempDir(t, { 'small/Dockerfile': CLEAN, 'big/Dockerfile': CLEAN });
  fs.truncateSync(path.join(dir, 'big', 'Dockerfile'), 8 * 1024 * 1024 + 1);
  const r = run([], dir);
  assert.match(r.stderr, /^cannot read big\/Dockerfile: larger than 8 MiB$/m);
  assert.match(r.stdout, /^No problems in 1 file\.$/m);
  assert.equal(r.code, 2);
  // Exactly 8 MiB is still read.
  fs.truncateSync(path.join(dir, 'big', 'Dockerfile'), 8 * 1024 * 1024);
  const edge = run([], dir);
  assert.equal(edge.stderr, '');
  assert.equal(edge.code, 0, edge.stdout);
});

test('folders 32 deep are scanned; deeper ones are reported as not scanned', (t) => {
  const deep = (n: number) => Array.from({ length: n }, (_, i) => `d${i + 1}`).join('/');
  const dir = tempDir(t, { [`${deep(32)}/Dockerfile`]: BAD_DOCKERFILE, [`${deep(33)}/Dockerfile`]: CLEAN });
  const r = run([], dir);
  assert.match(r.stdout, new RegExp(`^${deep(32)}/Dockerfile$`, 'm'));
  assert.match(r.stderr, new RegExp(`^cannot read ${deep(33)}/: more than 32 folders deep, not scanned$`, 'm'));
  assert.equal(r.code, 2);
});

test('files and folders without read permission are reported (run as an unprivileged user when root)', (t) => {
  const dir = tempDir(t, { Dockerfile: CLEAN, 'private/Dockerfile': CLEAN, 'ok/Dockerfile': BAD_DOCKERFILE });
  fs.chmodSync(dir, 0o755); // mkdtemp makes it 0700: the unprivileged user must be able to enter it
  fs.chmodSync(path.join(dir, 'Dockerfile'), 0);
  fs.chmodSync(path.join(dir, 'private'), 0);
  // Root reads anything; the CLI must then run as someone else for permissions to mean anything.
  const asUser = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
  const r = run([], dir, {}, asUser);
  assert.match(r.stderr, /^cannot read Dockerfile: permission denied$/m);
  assert.match(r.stderr, /^cannot read private\/: permission denied$/m);
  assert.match(r.stdout, /^ok\/Dockerfile$/m);
  assert.equal(r.code, 2);
});

test('a file name that is not UTF-8 is read and shown with \\xNN', (t) => {
  const dir = tempDir(t);
  write(dir, Buffer.concat([Buffer.from('Dockerfile.'), Buffer.from([0xff, 0xfe])]), BAD_DOCKERFILE);
  const r = run([], dir);
  assert.match(r.stdout, /^Dockerfile\.\\xff\\xfe$/m);
  assert.match(r.stdout, /goproxy-invalid/);
  assert.equal(r.code, 1, r.stderr);
  const sarif = JSON.parse(run(['--format', 'sarif'], dir).stdout);
  assert.equal(sarif.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri, 'Dockerfile.%FF%FE', 'SARIF names the real bytes');
});

test('.vscode/settings.json that is a folder is reported clearly', (t) => {
  const dir = tempDir(t, { Dockerfile: CLEAN });
  fs.mkdirSync(path.join(dir, '.vscode', 'settings.json'), { recursive: true });
  const r = run([], dir);
  assert.match(r.stderr, /^ignoring \.vscode\/settings\.json: is a folder, not a file$/m);
  assert.equal(r.code, 2);
  const zh = run(['--locale', 'zh-cn'], dir);
  assert.match(zh.stderr, /^忽略 \.vscode\/settings\.json：是文件夹而不是文件$/m);
});
