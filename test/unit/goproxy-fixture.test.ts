// Proves the loopback Go module proxy fixture with the real go command: its zips and go.sum hashes are exactly
// what go computes, and each misbehaviour produces the error go prints for it (the shapes the client's failure classes
// read).
import { after, before, describe, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { GREET, HELLO, UPPER, buildList, goSumText, makeModule, writeConsumer } from '../support/goproxy/fixtureModules';
import { escapeModulePath, goSumLines, hash1, unescapeModulePath } from '../support/goproxy/moduleZip';
import { startGoProxy, type Behaviour, type GoProxy, type GoProxyOptions } from '../support/goproxy/server';
import { startConnectRecorder, type ConnectRecorder } from '../support/goproxy/httpsConnectRecorder';
import { goEnv, makeGoRoot, removeGoRoot, runGo, type GoEnvOptions } from '../support/goproxy/runGo';

let root: string;
let recorder: ConnectRecorder;
let dirs = 0;
before(async () => {
  root = await makeGoRoot('gpd-fixture-');
  recorder = await startConnectRecorder();
});
after(async () => {
  await recorder.close();
  await removeGoRoot(root);
});

/** A fresh module cache and work dir per run: a cached module would not be requested again. */
async function go(
  args: string[],
  env: Omit<GoEnvOptions, 'root' | 'recorderUrl'>,
  opts: { timeoutMs?: number; signal?: AbortSignal; consumer?: (typeof HELLO)[] } = {},
) {
  const n = ++dirs;
  const cwd = join(root, 'work', `w${n}`);
  const sum = await writeConsumer(cwd, opts.consumer ?? []);
  const e = goEnv({ root, recorderUrl: recorder.url, GOMODCACHE: join(root, `modcache${n}`), ...env });
  const r = await runGo(args, { cwd, env: e, timeoutMs: opts.timeoutMs ?? 30_000, ...(opts.signal ? { signal: opts.signal } : {}) });
  return { ...r, cwd, sum, out: r.stdout + r.stderr };
}

/** Objects printed by `go mod download -json` (pretty-printed and concatenated). */
function parseJsonStream(s: string): Array<Record<string, string>> {
  return s.trim() ? JSON.parse('[' + s.trim().replace(/\}\s*\{/g, '},{') + ']') : [];
}

describe('module zips and go.sum hashes', () => {
  test('case encoding round-trips and rejects invalid encodings', () => {
    assert.equal(escapeModulePath('github.com/Acme/Upper'), 'github.com/!acme/!upper');
    assert.equal(unescapeModulePath('github.com/!acme/!upper'), 'github.com/Acme/Upper');
    assert.equal(unescapeModulePath('github.com/Acme'), undefined);
    assert.equal(unescapeModulePath('github.com/!'), undefined);
  });

  test('hash1 sorts names in byte order and ignores compression', () => {
    const a = { name: 'b', data: Buffer.from('x') };
    const b = { name: 'B', data: Buffer.from('y') };
    assert.equal(hash1([a, b]), hash1([b, a]));
    assert.match(hash1([a]), /^h1:[A-Za-z0-9+/]{43}=$/);
  });

  test('go downloads the fixtures and writes exactly the go.sum lines we compute', async (t) => {
    const proxy = await proxyFor(t);
    const roots = [GREET, UPPER];
    const r = await go(['mod', 'download', '-json'], { GOPROXY: proxy.url }, { consumer: roots });
    assert.equal(r.code, 0, r.out);
    const objs = parseJsonStream(r.stdout);
    assert.deepEqual(
      objs.map((o) => o.Path).sort(),
      buildList(roots)
        .map((m) => m.path)
        .sort(),
    );
    for (const o of objs) {
      const mod = buildList(roots).find((m) => m.path === o.Path)!;
      const [zipLine, modLine] = goSumLines(mod);
      assert.equal(`${o.Path} ${o.Version} ${o.Sum}`, zipLine);
      assert.equal(`${o.Path} ${o.Version}/go.mod ${o.GoModSum}`, modLine);
    }
    assert.equal(await readFile(join(r.cwd, 'go.sum'), 'utf8'), r.sum, 'go kept our go.sum unchanged');
    const verify = await runGo(['mod', 'verify'], {
      cwd: r.cwd,
      env: goEnv({ root, recorderUrl: recorder.url, GOPROXY: 'off', GOMODCACHE: join(root, `modcache${dirs}`) }),
    });
    assert.equal(verify.code, 0, verify.stderr);
    assert.match(verify.stdout, /all modules verified/);
    assert.ok(
      proxy.requests.some((q) => q.url === '/github.com/%21acme/%21upper/@v/v0.1.0.zip' && q.module === 'github.com/Acme/Upper'),
      'case-encoded path',
    );
  });

  test('go writes the same go.sum itself (no go.sum given), from stored zips too', async (t) => {
    const proxy = await proxyFor(t, { deflate: false });
    const n = ++dirs;
    const cwd = join(root, 'work', `w${n}`);
    await writeConsumer(cwd, [GREET, UPPER], { omitGoSum: true });
    const env = goEnv({ root, recorderUrl: recorder.url, GOPROXY: proxy.url, GOMODCACHE: join(root, `modcache${n}`) });
    const r = await runGo(['list', '-deps', '-f', '{{.ImportPath}}', '.'], { cwd, env });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /github\.com\/Acme\/Upper/);
    // go list records the hashes of what it loaded: every module's go.mod and the zips that provide packages.
    assert.equal(await readFile(join(cwd, 'go.sum'), 'utf8'), goSumText(buildList([GREET, UPPER])));
  });

  test('a wrong go.sum line is a checksum mismatch and SECURITY ERROR', async (t) => {
    const proxy = await proxyFor(t);
    const r0 = await go(['mod', 'download', '-json'], { GOPROXY: proxy.url }, { consumer: [HELLO] });
    assert.equal(r0.code, 0, r0.out);
    const n = ++dirs;
    const cwd = join(root, 'work', `w${n}`);
    await writeConsumer(cwd, [HELLO]);
    const other = makeModule('example.com/hello', 'v1.0.0', {});
    other.files = { ...other.files, 'extra.go': 'package hello\n' };
    await writeFile(join(cwd, 'go.sum'), goSumText([other]));
    const env = goEnv({ root, recorderUrl: recorder.url, GOPROXY: proxy.url, GOMODCACHE: join(root, `modcache${n}`) });
    const r = await runGo(['mod', 'download', '-json'], { cwd, env });
    assert.notEqual(r.code, 0);
    assert.match(r.stdout + r.stderr, /verifying example\.com\/hello@v1\.0\.0: checksum mismatch/);
    assert.match(r.stdout + r.stderr, /SECURITY ERROR/);
  });
});

describe('proxy protocol over HTTP', () => {
  test('list, info, latest, mod, zip, case-encoded paths, sumdb and base path', async (t) => {
    const proxy = await proxyFor(t, { basePath: '/goproxy/', sumdb: ['sum.golang.org'] });
    assert.match(proxy.url, /^http:\/\/127\.0\.0\.1:\d+\/goproxy$/);
    const get = async (p: string) => {
      const res = await fetch(proxy.url + p);
      return { status: res.status, body: Buffer.from(await res.arrayBuffer()) };
    };
    assert.equal((await get('/example.com/hello/@v/list')).body.toString(), 'v1.0.0\nv1.1.0\n');
    assert.deepEqual(JSON.parse((await get('/example.com/hello/@v/v1.0.0.info')).body.toString()), { Version: 'v1.0.0', Time: HELLO.time });
    assert.equal(JSON.parse((await get('/example.com/hello/@latest')).body.toString()).Version, 'v1.1.0');
    assert.equal((await get('/example.com/greet/@v/v1.2.0.mod')).body.toString(), GREET.files['go.mod']);
    const zip = await get('/github.com/!acme/!upper/@v/v0.1.0.zip');
    assert.equal(zip.status, 200);
    assert.equal(zip.body.readUInt32LE(0), 0x04034b50);
    assert.equal((await get('/github.com/Acme/Upper/@v/v0.1.0.info')).status, 404, 'uppercase must be case-encoded');
    assert.equal((await get('/example.com/nope/@v/v1.0.0.info')).status, 404);
    assert.equal((await get('/example.com/hello/@v/v9.9.9.info')).status, 404);
    assert.equal((await get('/sumdb/sum.golang.org/supported')).status, 200);
    assert.equal((await get('/sumdb/sum.golang.google.cn/supported')).status, 404);
    assert.equal((await fetch(proxy.url.replace('/goproxy', '') + '/example.com/hello/@v/list')).status, 404, 'outside the base path');
  });

  test('slowFirstByte, slowBody and requireAuth; the credential is never recorded', async (t) => {
    const proxy = await proxyFor(t, { behaviour: { slowFirstByte: 500 } });
    const url = proxy.url + '/example.com/hello/@v/v1.0.0.info';
    let t0 = Date.now();
    assert.equal((await fetch(url)).status, 200);
    assert.ok(Date.now() - t0 >= 480, 'first byte delayed');
    proxy.setBehaviour({ slowBody: 500 });
    t0 = Date.now();
    const res = await fetch(url);
    const headersAt = Date.now() - t0;
    assert.equal(JSON.parse(await res.text()).Version, 'v1.0.0');
    assert.ok(headersAt < 400 && Date.now() - t0 >= 480, `headers at ${headersAt} ms, body after the delay`);
    proxy.setBehaviour({ requireAuth: { user: 'bob', pass: 's3cret' } });
    const denied = await fetch(url);
    assert.equal(denied.status, 401);
    assert.match(denied.headers.get('www-authenticate') ?? '', /^Basic /);
    const ok = await fetch(url, { headers: { Authorization: 'Basic ' + Buffer.from('bob:s3cret').toString('base64') } });
    assert.equal(ok.status, 200);
    assert.deepEqual(
      proxy.requests.slice(-2).map((q) => [q.auth, q.outcome]),
      [
        [false, 401],
        [true, 200],
      ],
    );
    assert.doesNotMatch(JSON.stringify(proxy.requests), /s3cret|Ym9iOnMzY3JldA/);
  });
});

describe('misbehaviours seen by the go command', () => {
  const cases: Array<[string, Behaviour, RegExp]> = [
    [
      '404',
      'notFound',
      /example\.com\/hello@v1\.0\.0: reading http:\/\/127\.0\.0\.1:\d+\/example\.com\/hello\/@v\/v1\.0\.0\.info: 404 Not Found\n\tserver response: /,
    ],
    ['410', 'gone', /reading http:\/\/127\.0\.0\.1:\d+\/example\.com\/hello\/@v\/v1\.0\.0\.info: 410 Gone/],
    ['500', 'serverError', /reading http:\/\/127\.0\.0\.1:\d+\/\S+\.info: 500 Internal Server Error/],
    ['TCP reset', 'reset', /Get "http:\/\/127\.0\.0\.1:\d+\/\S+\.info": read tcp [\d.:]+->127\.0\.0\.1:\d+: read: connection reset by peer/],
    ['401 without credentials', { requireAuth: { user: 'u', pass: 'p' } }, /reading http:\/\/127\.0\.0\.1:\d+\/\S+\.info: 401 Unauthorized/],
  ];
  for (const [label, behaviour, shape] of cases) {
    test(`${label}: the go error has the documented shape`, async (t) => {
      const proxy = await proxyFor(t, { behaviour });
      const r = await go(['mod', 'download', '-x', '-json', 'example.com/hello@v1.0.0'], { GOPROXY: proxy.url });
      assert.equal(r.code, 1, r.out);
      const [obj] = parseJsonStream(r.stdout);
      assert.match(obj?.Error ?? '', shape);
      assert.match(r.stderr, /# get http:\/\/127\.0\.0\.1:\d+\/example\.com\/hello\/@v\/v1\.0\.0\.info\n/);
      assert.equal(proxy.requests.length, 1, 'one failing .info request, nothing else');
    });
  }

  test('hang: go never gives up by itself; we kill it, and close() ends the hanging connection', async (t) => {
    const proxy = await proxyFor(t, { behaviour: 'hang' });
    const abort = new AbortController();
    const watch = setInterval(() => proxy.requests.length && (clearInterval(watch), setTimeout(() => abort.abort(), 500)), 20);
    const r = await go(['mod', 'download', '-x', '-json', 'example.com/hello@v1.0.0'], { GOPROXY: proxy.url }, { signal: abort.signal, timeoutMs: 2000 });
    clearInterval(watch);
    assert.equal(r.aborted, true, `go was still waiting 500 ms after the request\n${r.out}`);
    assert.deepEqual(
      proxy.requests.map((q) => q.outcome),
      ['hang'],
    );
    const timed = await go(['mod', 'download', '-json', 'example.com/hello@v1.0.0'], { GOPROXY: proxy.url }, { timeoutMs: 300 });
    assert.equal(timed.timedOut, true, 'runGo kills on timeout');
    const t0 = Date.now();
    await proxy.close();
    assert.ok(Date.now() - t0 < 1000, 'close() does not wait for the hanging requests');
  });

  test('per-module behaviour leaves other modules healthy', async (t) => {
    const proxy = await proxyFor(t);
    proxy.setBehaviour('gone', 'example.com/greet');
    const r = await go(['mod', 'download', '-json', 'example.com/hello@v1.0.0', 'example.com/greet@v1.2.0'], { GOPROXY: proxy.url });
    const byPath = new Map(parseJsonStream(r.stdout).map((o) => [o.Path, o]));
    assert.equal(byPath.get('example.com/hello')?.Error, undefined, r.out);
    assert.match(byPath.get('example.com/greet')?.Error ?? '', /410 Gone/);
  });

  test('go refuses to send GOPROXY credentials over plain http (even to loopback)', async (t) => {
    const proxy = await proxyFor(t, { behaviour: { requireAuth: { user: 'u', pass: 'p' } } });
    const r = await go(['mod', 'download', '-json', 'example.com/hello@v1.0.0'], { GOPROXY: proxy.url.replace('http://', 'http://u:p@') });
    assert.match(r.stdout, /refusing to pass credentials to insecure URL: http:\/\/u:xxxxx@127\.0\.0\.1/);
    assert.equal(proxy.requests.length, 0);
  });
});

describe('CONNECT recorder and runGo', () => {
  test('direct fetches become recorded CONNECTs that fail at once; loopback proxies are reached directly', async (t) => {
    const proxy = await proxyFor(t);
    const before = recorder.connects.length;
    const r = await go(['mod', 'download', '-x', '-json', 'git.corp.example.com/team/lib@v1.0.0', 'example.com/hello@v1.0.0'], {
      GOPROXY: proxy.url,
      GOPRIVATE: 'git.corp.example.com',
    });
    assert.ok(r.ms < 10_000, `${r.ms} ms`);
    const objs = new Map(parseJsonStream(r.stdout).map((o) => [o.Path, o]));
    assert.equal(objs.get('example.com/hello')?.Error, undefined, r.out);
    assert.match(
      objs.get('git.corp.example.com/team/lib')?.Error ?? '',
      /unrecognized import path "git\.corp\.example\.com\/team\/lib": https fetch: Get "https:\/\/git\.corp\.example\.com\/team\/lib\?go-get=1": Forbidden/,
    );
    assert.deepEqual(
      recorder.connects.slice(before).map((c) => `${c.method} ${c.target}`),
      ['CONNECT git.corp.example.com:443'],
    );
    assert.ok(proxy.requests.every((q) => q.module === 'example.com/hello'));
  });

  test('runGo insists on an explicit environment', async () => {
    await assert.rejects(runGo(['version'], { cwd: root, env: { PATH: '/usr/bin' } }), /must set HOME, GOPATH/);
    const env = goEnv({ root, recorderUrl: recorder.url, GOPROXY: 'off' });
    assert.equal(env.NO_PROXY, '');
    const v = await runGo(['version'], { cwd: root, env });
    assert.match(v.stdout, /^go version go1\.\d+/);
  });
});

/** A proxy closed when the test ends, even when an assertion fails. */
async function proxyFor(t: TestContext, options: GoProxyOptions = {}): Promise<GoProxy> {
  const proxy = await startGoProxy(options);
  t.after(() => proxy.close());
  return proxy;
}
