// The V8 code cache of dist/server.js (server/src/host/codeCacheLoader.ts), with real server processes and a
// real cache directory: written after the first start (0600 in a 0700 directory) and used by the next; corrupt
// caches rejected and rewritten; directories and files others could write (or that are not ours) never read;
// GO_PROXY_DOCTOR_NO_CODE_CACHE and --enable-source-maps turn it off. Every start must still answer initialize
// and publish the same diagnostics, and say what happened in one `code cache: …` log message.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import type { Diagnostic } from 'vscode-languageserver-types';
import { SERVER, startServer, type StartOptions } from '../support/lspClient';

const MAGIC = Buffer.from('GPDCODE2', 'latin1');
const HEADER_BYTES = MAGIC.length + 4;
const CACHE_NAME = /^server-[0-9a-f]{32}\.cache$/;
const URI = 'file:///code-cache/Dockerfile';
const DOCKERFILE = 'FROM golang:1.22\nENV GOPROXY=https://goproxy.cn;direct GOSUMDB=off\nRUN go mod download\n';

interface Session {
  /** The `code cache: …` log message. */
  line: string;
  diagnostics: Diagnostic[];
  stderr: string;
}

const temps: string[] = [];
after(() => {
  for (const t of temps) fs.rmSync(t, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gpd-code-cache-'));
  temps.push(dir);
  return dir;
}

/**
 * The built loader and bundle, copied once: the cache is keyed by the bundle's content, so a rebuild of dist/
 * while this file runs must not change the bundle between one start and the next.
 */
function copyOfServer(): string {
  const dist = path.join(tempDir(), 'dist');
  fs.mkdirSync(dist);
  for (const f of ['server.js', 'server-main.js']) fs.copyFileSync(path.join(path.dirname(SERVER), f), path.join(dist, f));
  return path.join(dist, 'server.js');
}
const server = copyOfServer();

/** The payload's CRC-32, as the file's header holds it. */
function checksum(payload: Buffer): Buffer {
  const sum = Buffer.alloc(4);
  sum.writeUInt32BE(zlib.crc32(payload));
  return sum;
}

/** Starts the built server with the cache in `dir`, diagnoses DOCKERFILE, waits for the code cache's log message. */
async function session(dir: string, extra: NodeJS.ProcessEnv = {}, opts: StartOptions = {}, loader = server): Promise<Session> {
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_OPTIONS: '', GO_PROXY_DOCTOR_NO_CODE_CACHE: '', GO_PROXY_DOCTOR_CACHE_DIR: dir, ...extra };
  const client = await startServer({ ...opts, env, server: loader });
  try {
    client.open(URI, DOCKERFILE);
    const diagnostics = await client.diagnostics(URI, (d) => d.length > 0);
    // A pending write happens ~1.5 s after `initialized`, then the outcome is logged.
    const deadline = Date.now() + 15_000;
    let line: string | undefined;
    while (!(line = client.logs.find((l) => l.startsWith('code cache: '))) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
    assert.ok(line, `no code cache log message; logs: ${JSON.stringify(client.logs)}; stderr: ${client.stderr()}`);
    assert.equal(client.logs.filter((l) => l.startsWith('code cache: ')).length, 1, 'logged once');
    return { line, diagnostics, stderr: client.stderr() };
  } finally {
    await client.close();
  }
}

function cacheFiles(dir: string): string[] {
  return fs.readdirSync(dir).filter((n) => CACHE_NAME.test(n));
}

/** The one cache file in `dir`, checked: 0600, our header, a checksum that matches. */
function theCache(dir: string): { file: string; bytes: Buffer } {
  const names = cacheFiles(dir);
  assert.equal(names.length, 1, `one cache file in ${JSON.stringify(fs.readdirSync(dir))}`);
  const file = path.join(dir, names[0]);
  assert.equal(fs.statSync(file).mode & 0o777, 0o600, 'cache file mode');
  const bytes = fs.readFileSync(file);
  assert.ok(bytes.subarray(0, MAGIC.length).equals(MAGIC), 'header');
  assert.ok(checksum(bytes.subarray(HEADER_BYTES)).equals(bytes.subarray(MAGIC.length, HEADER_BYTES)), 'checksum');
  assert.ok(bytes.length > 100_000, `a cache of the whole bundle, not ${bytes.length} bytes`);
  return { file, bytes };
}

/** A directory holding a valid cache, and the diagnostics of the start that wrote it. */
async function primed(): Promise<{ dir: string; file: string; bytes: Buffer; diagnostics: Diagnostic[] }> {
  const dir = path.join(tempDir(), 'cache');
  const first = await session(dir);
  assert.match(first.line, /^code cache: absent, written /);
  return { dir, ...theCache(dir), diagnostics: first.diagnostics };
}

test('the first start writes a 0600 cache into a new 0700 directory; the next start uses it, with the same diagnostics', async () => {
  const dir = path.join(tempDir(), 'nested', 'cache');
  const first = await session(dir);
  assert.match(first.line, /^code cache: absent, written \(\/.*\/nested\/cache\/server-[0-9a-f]{32}\.cache\)$/);
  assert.ok(
    first.diagnostics.some((d) => d.code === 'goproxy-invalid'),
    JSON.stringify(first.diagnostics),
  );
  assert.equal(fs.statSync(dir).mode & 0o777, 0o700, 'directory mode');
  assert.equal(fs.statSync(path.dirname(dir)).mode & 0o777, 0o700, 'created parents are private too');
  const { file, bytes } = theCache(dir);
  assert.deepEqual(fs.readdirSync(dir), [path.basename(file)], 'no temporary files left');
  assert.equal(first.stderr, '');

  const second = await session(dir);
  assert.equal(second.line, `code cache: used (${file})`);
  assert.deepEqual(second.diagnostics, first.diagnostics);
  assert.ok(fs.readFileSync(file).equals(bytes), 'a used cache is not rewritten');
  assert.equal(second.stderr, '');
});

test('a corrupt cache is rejected, the server works, and the cache is rewritten', async () => {
  const { dir, file, bytes, diagnostics } = await primed();
  const payload = bytes.subarray(HEADER_BYTES);
  const flipped = Buffer.from(bytes);
  flipped[HEADER_BYTES + Math.floor(payload.length * 0.9)] ^= 0xff;
  // Right header and checksum around bytes V8 cannot use: V8 itself must refuse them.
  const junk = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 131 + 7) % 256));
  const wellFormedJunk = Buffer.concat([MAGIC, checksum(junk), junk]);
  const cases: [string, Buffer, RegExp][] = [
    ['garbage bytes', Buffer.from(Array.from({ length: 50_000 }, (_, i) => (i * 7919 + 13) % 256)), /not a cache file/],
    ['truncated to its header', bytes.subarray(0, HEADER_BYTES), /not a cache file/],
    ['one flipped byte in the payload', flipped, /checksum mismatch/],
    ['a payload V8 refuses', wellFormedJunk, /refused by V8/],
  ];
  for (const [name, corrupt, reason] of cases) {
    fs.writeFileSync(file, corrupt, { mode: 0o600 });
    const s = await session(dir);
    assert.match(s.line, /^code cache: rejected, written /, name);
    assert.match(s.line, reason, name);
    assert.deepEqual(s.diagnostics, diagnostics, name);
    assert.equal(s.stderr, '', name);
    const rewritten = theCache(dir);
    assert.equal(rewritten.file, file, name);
    assert.ok(!rewritten.bytes.equals(corrupt), `${name}: rewritten`);
  }
  const after = await session(dir);
  assert.match(after.line, /^code cache: used /);
  assert.deepEqual(after.diagnostics, diagnostics);
});

test('a bundle whose content changed, its length the same, gets a cache of its own', async () => {
  const { dir, file, diagnostics } = await primed();
  const changed = copyOfServer();
  const bundle = path.join(path.dirname(changed), 'server-main.js');
  const text = fs.readFileSync(bundle, 'utf8');
  // The same program: a line break at the end turned into a space.
  assert.ok(text.endsWith('\n'));
  fs.writeFileSync(bundle, `${text.slice(0, -1)} `);
  const s = await session(dir, {}, {}, changed);
  assert.match(s.line, /^code cache: absent, written /);
  assert.ok(!s.line.includes(file), s.line);
  // The same findings (their documentation links name the copy's folder).
  const findings = (ds: Diagnostic[]) => ds.map((d) => [d.code, d.message, d.range]);
  assert.deepEqual(findings(s.diagnostics), findings(diagnostics));
  assert.equal(cacheFiles(dir).length, 2);
  assert.match((await session(dir)).line, /^code cache: used /, 'the first bundle still uses its own');
});

test('a directory others can write is unsafe: its cache is neither read nor replaced', async () => {
  const { dir, file, bytes, diagnostics } = await primed();
  for (const mode of [0o777, 0o770, 0o702]) {
    fs.chmodSync(dir, mode);
    const s = await session(dir);
    assert.match(s.line, new RegExp(`^code cache: unsafe \\(directory writable by group or others \\(mode ${mode.toString(8)}\\)`), s.line);
    assert.deepEqual(s.diagnostics, diagnostics);
    assert.deepEqual(fs.readdirSync(dir), [path.basename(file)], 'nothing written');
    assert.ok(fs.readFileSync(file).equals(bytes));
  }
  fs.chmodSync(dir, 0o700);
  assert.match((await session(dir)).line, /^code cache: used /, 'the same cache in a private directory is used');
});

test('a cache file others can write is not read; it is replaced by a private one', async () => {
  const { dir, file, diagnostics } = await primed();
  fs.chmodSync(file, 0o666);
  const s = await session(dir);
  assert.match(s.line, /^code cache: unsafe, written \(file writable by group or others \(mode 666\)/);
  assert.deepEqual(s.diagnostics, diagnostics);
  assert.equal(theCache(dir).file, file); // 0600 again
  const next = await session(dir);
  assert.match(next.line, /^code cache: used /);
  assert.deepEqual(next.diagnostics, diagnostics);
});

test('a cache file that is a symbolic link is not followed', async () => {
  const { dir, file, bytes } = await primed();
  const elsewhere = path.join(tempDir(), 'target.cache');
  fs.writeFileSync(elsewhere, bytes, { mode: 0o600 });
  fs.unlinkSync(file);
  fs.symlinkSync(elsewhere, file);
  const s = await session(dir);
  assert.match(s.line, /^code cache: unsafe, written \(file is a symbolic link/);
  assert.ok(!fs.lstatSync(file).isSymbolicLink(), 'replaced by a regular file');
  assert.ok(fs.readFileSync(elsewhere).equals(bytes), 'the link target is untouched');
});

test('a directory owned by another user is unsafe', async () => {
  let dir: string;
  if (process.getuid!() === 0) {
    dir = tempDir();
    fs.chownSync(dir, 65534, 65534); // nobody
  } else {
    dir = '/usr'; // root's, and writable only by root
  }
  const s = await session(dir);
  assert.match(s.line, /^code cache: unsafe \(directory owned by uid \d+/);
  assert.equal(cacheFiles(dir).length, 0, 'nothing written');
});

test('GO_PROXY_DOCTOR_NO_CODE_CACHE=1 disables it: nothing read, nothing written', async () => {
  const { dir, file, bytes, diagnostics } = await primed();
  const s = await session(dir, { GO_PROXY_DOCTOR_NO_CODE_CACHE: '1' });
  assert.equal(s.line, 'code cache: disabled (GO_PROXY_DOCTOR_NO_CODE_CACHE)');
  assert.deepEqual(s.diagnostics, diagnostics);
  assert.ok(fs.readFileSync(file).equals(bytes));

  const empty = path.join(tempDir(), 'cache');
  assert.match((await session(empty, { GO_PROXY_DOCTOR_NO_CODE_CACHE: '1' })).line, /^code cache: disabled/);
  assert.ok(!fs.existsSync(empty), 'no directory created');
});

test('with --enable-source-maps the bundle is compiled by the module loader (no cache), and works', async () => {
  const { dir, file, bytes, diagnostics } = await primed();
  const s = await session(dir, {}, { nodeArgs: ['--enable-source-maps'] });
  assert.equal(s.line, 'code cache: disabled (source maps enabled)');
  assert.deepEqual(s.diagnostics, diagnostics);
  assert.deepEqual(cacheFiles(dir), [path.basename(file)]);
  assert.ok(fs.readFileSync(file).equals(bytes));
});
