// How the real go command reads user info in GOPROXY, so that our redaction hides exactly what go sends: a
// password containing '@' (user info ends at the LAST '@' of the authority), a scheme-less `user:pass@host`
// entry (go prepends https://), and a '"' in the password (url.Parse rejects it, and go prints the raw URL).
// A loopback recorder in front of the test proxy notes the Host and the decoded Authorization go sent.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, request } from 'node:http';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { goEnv, makeGoRoot, removeGoRoot, runGo, type GoResult } from '../support/goproxy/runGo';
import { startGoProxy, type GoProxy } from '../support/goproxy/server';
import { startConnectRecorder, type ConnectRecorder } from '../support/goproxy/httpsConnectRecorder';
import { listenOnLoopback } from '../support/loopback';
import { startTlsFront, type TlsFront } from '../container/support';
import { redactCredentials } from '../../server/src/core/redact';
import { parseGoProxy } from '../../server/src/goenv/proxy';

interface Seen {
  host: string;
  user: string;
  pass: string;
}

const PASS = 'p4ss@w0rd';
let root: string;
let goproxy: GoProxy;
let connects: ConnectRecorder;
let tls: TlsFront;
let front: { port: number; seen: Seen[]; close(): Promise<void> };
let n = 0;

/** Records Host and Basic credentials of each request, then forwards it to the test proxy. */
async function recordingFront(target: number): Promise<typeof front> {
  const seen: Seen[] = [];
  const server = createServer((req, res) => {
    const basic = Buffer.from((req.headers.authorization ?? '').replace(/^Basic /, ''), 'base64').toString('utf8');
    const colon = basic.indexOf(':');
    seen.push({ host: req.headers.host ?? '', user: colon < 0 ? basic : basic.slice(0, colon), pass: colon < 0 ? '' : basic.slice(colon + 1) });
    const up = request(
      { host: '127.0.0.1', port: target, path: req.url, method: req.method, headers: req.headers },
      (r) => (res.writeHead(r.statusCode ?? 502, r.headers), r.pipe(res)),
    );
    up.on('error', () => res.destroy());
    req.pipe(up);
  });
  const l = await listenOnLoopback(server);
  return { port: l.port, seen, close: l.close };
}

before(async () => {
  root = await makeGoRoot('gpd-gocmd-userinfo-');
  goproxy = await startGoProxy({ behaviour: { requireAuth: { user: 'alice', pass: PASS } } });
  front = await recordingFront(goproxy.port);
  tls = await startTlsFront(front.port);
  connects = await startConnectRecorder();
  await writeFile(join(root, 'ca.pem'), tls.certPem);
});
after(async () => {
  await Promise.all([front?.close(), tls?.close(), goproxy?.close(), connects?.close()]);
  await removeGoRoot(root);
});

async function download(GOPROXY: string): Promise<GoResult> {
  front.seen.length = 0;
  const env = goEnv({ root, recorderUrl: connects.url, GOPROXY, GOMODCACHE: join(root, `modcache-${++n}`), extra: { SSL_CERT_FILE: join(root, 'ca.pem') } });
  return runGo(['mod', 'download', '-json', 'example.com/hello@v1.0.0'], { cwd: join(root, 'work'), env, timeoutMs: 60_000 });
}

/** go's error for the module (the -json output's Error field). */
const goError = (r: GoResult) => (JSON.parse(r.stdout) as { Error?: string }).Error ?? '';

test("a password with '@': go sends user alice, password p4ss@w0rd, to the host after the LAST '@'", async () => {
  const value = `https://alice:${PASS}@127.0.0.1:${tls.port}`;
  const r = await download(value);
  assert.equal(r.code, 0, r.stdout + r.stderr);
  assert.ok(front.seen.length > 0);
  for (const s of front.seen) assert.deepEqual(s, { host: `127.0.0.1:${tls.port}`, user: 'alice', pass: PASS });
  assert.deepEqual(connects.hosts(), [], 'no other host (such as w0rd) was contacted');
  // Our model and our redaction read it the same way.
  assert.equal(parseGoProxy(value).entries[0]!.url, value);
  assert.equal(redactCredentials(value), `https://***@127.0.0.1:${tls.port}`);
});

test('over http go sends no credentials at all (loopback too), and names the same host with the password as xxxxx', async () => {
  const value = `http://alice:${PASS}@127.0.0.1:${front.port}`;
  const r = await download(value);
  assert.notEqual(r.code, 0);
  assert.equal(front.seen.length, 0);
  assert.match(goError(r), new RegExp(`refusing to pass credentials to insecure URL: http://alice:xxxxx@127\\.0\\.0\\.1:${front.port}/`));
  assert.equal(redactCredentials(value), `http://***@127.0.0.1:${front.port}`);
});

test('a scheme-less entry: go adds https:// and sends the user info (again up to the last @)', async () => {
  const value = `alice:${PASS}@127.0.0.1:${tls.port},direct`;
  const r = await download(value);
  assert.equal(r.code, 0, r.stdout + r.stderr);
  assert.ok(front.seen.length > 0, 'the request came through the TLS front: go spoke https');
  for (const s of front.seen) assert.deepEqual(s, { host: `127.0.0.1:${tls.port}`, user: 'alice', pass: PASS });
  assert.deepEqual(connects.hosts(), []);
  const entry = parseGoProxy(value).entries[0]!;
  assert.equal(entry.url, `https://alice:${PASS}@127.0.0.1:${tls.port}`);
  assert.ok(entry.hasCredentials);
  assert.equal(redactCredentials(value), `***@127.0.0.1:${tls.port},direct`);
});

test("a '\"' in the password: go rejects the URL before any request, and its message quotes the password", async () => {
  const value = `http://alice:p"ss@127.0.0.1:${front.port}`;
  const r = await download(value);
  assert.notEqual(r.code, 0);
  assert.equal(front.seen.length, 0, 'nothing was sent');
  const output = goError(r);
  assert.ok(output.includes('net/url: invalid userinfo'), output);
  assert.ok(output.includes('p\\"ss'), `go prints the password itself (escaped): ${output}`);
  // Our model predicts go's exact words; shown through redaction, the password is gone.
  const goMessage = parseGoProxy(value).entries[0]!.error?.goMessage ?? '';
  assert.ok(output.includes(goMessage) && goMessage !== '', `model: ${goMessage}\ngo: ${output}`);
  assert.ok(!redactCredentials(goMessage).includes('p\\"ss') && !redactCredentials(output).includes('ss@'), redactCredentials(output));
});
