// probeMirror and dispatcherFor against real servers on 127.0.0.1: a Go module proxy with misbehaviours, TLS
// servers (self-signed, never finishing the handshake), an HTTP CONNECT proxy, and odd HTTP answers.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { connect, createServer as createNetServer, type AddressInfo, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent } from 'undici';
import { probeMirror, type ProbeOptions, type ProbeResult } from '../../client/src/health/probe';
import { bypassesProxy, closeAll, dispatcherFor, proxyFor, timedConnector } from '../../client/src/health/proxyAgent';
import { makeModule } from '../support/goproxy/fixtureModules';
import { startGoProxy, type GoProxy } from '../support/goproxy/server';

const SLACK_MS = 150;
const INFO = JSON.stringify({ Version: 'v1.6.0', Time: '2024-01-01T12:00:00Z' });
const servers: Server[] = [];
const sockets = new Set<Socket>();
let goproxy: GoProxy;
let tlsDir: string;
let tlsUrl: string; // self-signed certificate for 127.0.0.1; records whether basic auth arrived
let tlsAuth: string[] = [];
let tlsHangUrl: string; // accepts TCP, never answers the ClientHello
let oddUrl: string; // /loop, /hops/N, /huge, /notjson, /wrongversion
let refusedUrl: string;

async function listen(server: Server): Promise<number> {
  servers.push(server);
  // Probes reset connections they give up on: a bare net server would otherwise die of the ECONNRESET.
  server.on('connection', (s: Socket) => (sockets.add(s), s.on('error', () => {}), s.on('close', () => sockets.delete(s))));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

/** An HTTP CONNECT proxy to 127.0.0.1 only; with `auth`, 407 unless Proxy-Authorization matches. */
async function startConnectProxy(auth?: string): Promise<{ url: string; connects: string[] }> {
  const connects: string[] = [];
  const server = createHttpServer((_req, res) => res.writeHead(405).end());
  server.on('connect', (req, client: Socket) => {
    connects.push(req.url ?? '');
    const [host, port] = (req.url ?? '').split(':');
    if (auth && req.headers['proxy-authorization'] !== 'Basic ' + Buffer.from(auth).toString('base64')) {
      return void client.end('HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm="p"\r\nContent-Length: 0\r\n\r\n');
    }
    if (host !== '127.0.0.1') return void client.end('HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n');
    const upstream = connect(Number(port), host, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.pipe(client).pipe(upstream);
    });
    sockets.add(upstream);
    upstream.on('close', () => (sockets.delete(upstream), client.destroy()));
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
  });
  return { url: `http://127.0.0.1:${await listen(server)}`, connects };
}

async function timed(url: string, opts: ProbeOptions): Promise<{ result: ProbeResult; elapsed: number }> {
  const start = performance.now();
  const result = await probeMirror(url, opts);
  return { result, elapsed: performance.now() - start };
}

function assertFailure(result: ProbeResult, kind: string): void {
  assert.equal(result.state, 'failing', JSON.stringify(result));
  assert.equal(result.failure?.kind, kind, JSON.stringify(result));
}

before(async () => {
  goproxy = await startGoProxy({ basePath: '/goproxy' });
  goproxy.addModule(makeModule('github.com/google/uuid', 'v1.6.0'));

  tlsDir = mkdtempSync(join(tmpdir(), 'probe-tls-'));
  const [key, cert] = [join(tlsDir, 'key.pem'), join(tlsDir, 'cert.pem')];
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-keyout',
      key,
      '-out',
      cert,
      '-days',
      '2',
      '-subj',
      '/CN=127.0.0.1',
      '-addext',
      'subjectAltName=IP:127.0.0.1',
    ],
    { stdio: 'ignore' },
  );
  const https = createHttpsServer({ key: readFileSync(key), cert: readFileSync(cert) }, (req, res) => {
    tlsAuth.push(req.headers.authorization ?? '');
    res.writeHead(200, { 'Content-Type': 'application/json' }).end(INFO);
  });
  tlsUrl = `https://127.0.0.1:${await listen(https)}`;

  tlsHangUrl = `https://127.0.0.1:${await listen(createNetServer() as unknown as Server)}`;

  const odd = createHttpServer((req, res) => {
    const path = req.url ?? '';
    const hops = /^\/hops\/(\d+)\//.exec(path);
    if (path.startsWith('/loop/')) return void res.writeHead(302, { Location: path }).end();
    if (hops) {
      const left = Number(hops[1]);
      const next = left > 0 ? path.replace(/^\/hops\/\d+/, `/hops/${left - 1}`) : `${goproxy.url}/github.com/google/uuid/@v/v1.6.0.info`;
      return void res.writeHead(302, { Location: next }).end();
    }
    if (path.startsWith('/notjson/')) return void res.writeHead(200).end('<html>captive portal</html>');
    if (path.startsWith('/wrongversion/')) return void res.writeHead(200).end('{"Version":"v1.5.0"}');
    if (!path.startsWith('/huge/')) return void res.writeHead(404).end();
    res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': String(100 * 1024 * 1024) });
    const chunk = Buffer.alloc(16 * 1024, 'x');
    let sent = 0;
    const pump = () => {
      while (sent < 100 * 1024 * 1024 && !res.destroyed) {
        sent += chunk.length;
        if (!res.write(chunk)) return void res.once('drain', pump);
      }
    };
    pump();
  });
  oddUrl = `http://127.0.0.1:${await listen(odd)}`;

  const closed = createNetServer();
  await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
  refusedUrl = `http://127.0.0.1:${(closed.address() as AddressInfo).port}`;
  await new Promise<void>((resolve) => closed.close(() => resolve()));
});

after(async () => {
  await closeAll();
  for (const s of sockets) s.destroy();
  await Promise.all(servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
  await goproxy.close();
  rmSync(tlsDir, { recursive: true, force: true });
});

describe('probeMirror over plain HTTP', () => {
  test('healthy mirror: ok, with plausible timings and the exact request', async () => {
    goproxy.setBehaviour('healthy');
    const { result, elapsed } = await timed(goproxy.url + '/', { timeoutMs: 2000 });
    assert.equal(result.state, 'ok', JSON.stringify(result));
    assert.equal(result.status, 200);
    assert.equal(result.url, goproxy.url + '/');
    assert.deepEqual(result.requests, [{ method: 'GET', url: `${goproxy.url}/github.com/google/uuid/@v/v1.6.0.info`, status: 200 }]);
    const { dnsMs, connectMs, tlsMs, firstByteMs, totalMs } = result.timings;
    assert.equal(dnsMs, 0, 'an IP address needs no lookup');
    assert.ok(connectMs !== undefined && connectMs >= 0 && connectMs < 500, `connect ${connectMs}`);
    assert.equal(tlsMs, undefined);
    assert.ok(firstByteMs !== undefined && firstByteMs >= connectMs && firstByteMs <= totalMs, `first byte ${firstByteMs}`);
    assert.ok(totalMs > 0 && totalMs <= elapsed + 1, `total ${totalMs} vs ${elapsed}`);
    assert.ok(result.bytes > 0 && result.bytes < 200);
    assert.ok(Math.abs(Date.parse(result.checkedAt) - Date.now()) < 5000);
  });

  test('a host name is looked up, and the lookup is timed; a failing lookup is a DNS failure', async () => {
    const lookup = (_host: string, options: { all?: boolean }, callback: (...args: unknown[]) => void) =>
      setTimeout(() => (options.all ? callback(null, [{ address: '127.0.0.1', family: 4 }]) : callback(null, '127.0.0.1', 4)), 30);
    const resolving = new Agent({ connect: timedConnector({ lookup } as object) });
    const url = goproxy.url.replace('127.0.0.1', 'mirror.test');
    const ok = await probeMirror(url, { timeoutMs: 2000, dispatcher: resolving });
    assert.equal(ok.state, 'ok', JSON.stringify(ok));
    assert.ok(ok.timings.dnsMs! >= 25 && ok.timings.dnsMs! < 500, `dns ${ok.timings.dnsMs}`);
    const failing = new Agent({
      connect: timedConnector({
        lookup: (_h: string, _o: unknown, cb: (e: Error) => void) => cb(Object.assign(new Error('getaddrinfo ENOTFOUND mirror.test'), { code: 'ENOTFOUND' })),
      } as object),
    });
    assertFailure(await probeMirror(url, { timeoutMs: 2000, dispatcher: failing }), 'dns');
    await Promise.all([resolving.destroy(), failing.destroy()]);
  });

  test('credentials in the mirror URL are sent as basic auth and appear nowhere in the result', async () => {
    goproxy.setBehaviour({ requireAuth: { user: 'u', pass: 's3cret' } });
    const withAuth = goproxy.url.replace('http://', 'http://u:s3cret@');
    const ok = await probeMirror(withAuth, { timeoutMs: 2000 });
    assert.equal(ok.state, 'ok', JSON.stringify(ok));
    assert.equal(ok.url, goproxy.url.replace('http://', 'http://***@'));
    assert.ok(ok.requests[0]!.url.startsWith('http://***@127.0.0.1:'));
    const denied = await probeMirror(goproxy.url.replace('http://', 'http://u:wr0ngpass@'), { timeoutMs: 2000 });
    assertFailure(denied, 'http-status');
    assert.equal(denied.status, 401);
    assert.ok(!JSON.stringify([ok, denied]).includes('s3cret') && !JSON.stringify(denied).includes('wr0ngpass'));
    goproxy.setBehaviour('healthy');
  });

  test('404 and 410 mean not found (reachable); 500 is failing', async () => {
    for (const [behaviour, status] of [
      ['notFound', 404],
      ['gone', 410],
    ] as const) {
      goproxy.setBehaviour(behaviour);
      const r = await probeMirror(goproxy.url, { timeoutMs: 2000 });
      assert.equal(r.state, 'not-found', JSON.stringify(r));
      assert.equal(r.status, status);
    }
    goproxy.setBehaviour('serverError');
    const r = await probeMirror(goproxy.url, { timeoutMs: 2000 });
    assertFailure(r, 'http-status');
    assert.equal(r.status, 500);
    assert.match(r.failure!.detail, /500 Internal Server Error/);
    goproxy.setBehaviour('healthy');
  });

  test('slow first byte: the deadline holds, from slowFirstByteMs or from the overall timeout', async () => {
    goproxy.setBehaviour({ slowFirstByte: 3000 });
    const slow = await timed(goproxy.url, { timeoutMs: 2000, slowFirstByteMs: 200 });
    assertFailure(slow.result, 'slow-first-byte');
    assert.ok(slow.elapsed >= 195 && slow.elapsed < 200 + SLACK_MS, `${slow.elapsed} ms`);
    goproxy.setBehaviour('hang');
    const hang = await timed(goproxy.url, { timeoutMs: 300 });
    assertFailure(hang.result, 'slow-first-byte');
    assert.ok(hang.elapsed < 300 + SLACK_MS, `${hang.elapsed} ms`);
    assert.match(hang.result.requests[0]!.error ?? '', /no response headers within 300 ms/);
    goproxy.setBehaviour('healthy');
  });

  test('a body that stops after the headers is a body timeout', async () => {
    goproxy.setBehaviour({ slowBody: 5000 });
    const { result, elapsed } = await timed(goproxy.url, { timeoutMs: 300 });
    assertFailure(result, 'body-timeout');
    assert.equal(result.status, 200);
    assert.ok(result.timings.firstByteMs! < 300 && result.bytes > 0);
    assert.ok(elapsed < 300 + SLACK_MS, `${elapsed} ms`);
    goproxy.setBehaviour('healthy');
  });

  test('connection reset and connection refused', async () => {
    goproxy.setBehaviour('reset');
    assertFailure(await probeMirror(goproxy.url, { timeoutMs: 2000 }), 'reset');
    goproxy.setBehaviour('healthy');
    const refused = await probeMirror(refusedUrl, { timeoutMs: 2000 });
    assertFailure(refused, 'refused');
    assert.match(refused.failure!.detail, /ECONNREFUSED/);
  });

  test('redirects: three are followed, a fourth is too many', async () => {
    const ok = await probeMirror(`${oddUrl}/hops/2`, { timeoutMs: 2000 });
    assert.equal(ok.state, 'ok', JSON.stringify(ok));
    assert.deepEqual(
      ok.requests.map((r) => r.status),
      [302, 302, 302, 200],
    );
    assert.equal(ok.requests[3]!.url, `${goproxy.url}/github.com/google/uuid/@v/v1.6.0.info`);
    const loop = await probeMirror(`${oddUrl}/loop`, { timeoutMs: 2000 });
    assertFailure(loop, 'too-many-redirects');
    assert.equal(loop.requests.length, 4);
  });

  test('a huge body: only 64 KiB are read, quickly, and it is a bad response', async () => {
    const { result, elapsed } = await timed(`${oddUrl}/huge`, { timeoutMs: 5000 });
    assertFailure(result, 'bad-response');
    assert.equal(result.bytes, 64 * 1024);
    assert.ok(elapsed < 1000, `${elapsed} ms`);
  });

  test('not JSON, or the wrong Version, is a bad response', async () => {
    assertFailure(await probeMirror(`${oddUrl}/notjson`, { timeoutMs: 2000 }), 'bad-response');
    const wrong = await probeMirror(`${oddUrl}/wrongversion`, { timeoutMs: 2000 });
    assertFailure(wrong, 'bad-response');
    assert.match(wrong.failure!.detail, /v1\.5\.0/);
  });

  test('a cancelled probe resolves at once; a URL that cannot be probed fails without throwing', async () => {
    goproxy.setBehaviour('hang');
    const abort = new AbortController();
    setTimeout(() => abort.abort(), 50);
    const { result, elapsed } = await timed(goproxy.url, { timeoutMs: 5000, signal: abort.signal });
    assertFailure(result, 'other');
    assert.ok(elapsed < 50 + SLACK_MS, `${elapsed} ms`);
    goproxy.setBehaviour('healthy');
    assertFailure(await probeMirror('file:///go/mod/cache', { timeoutMs: 100 }), 'other');
    assertFailure(await probeMirror('not a url', { timeoutMs: 100 }), 'other');
  });
});

describe('probeMirror over TLS', () => {
  const lenient = () => dispatcherFor(tlsUrl, { strictSSL: false, noProxy: [], env: {} });

  test('a self-signed certificate is a certificate error; accepted when strictSSL is off', async () => {
    const strict = await probeMirror(tlsUrl, { timeoutMs: 2000 });
    assertFailure(strict, 'certificate');
    assert.match(strict.failure!.detail, /self[- ]signed|DEPTH_ZERO/i);
    tlsAuth = [];
    const ok = await probeMirror(tlsUrl.replace('https://', 'https://u:s3cret@'), { timeoutMs: 2000, dispatcher: lenient() });
    assert.equal(ok.state, 'ok', JSON.stringify(ok));
    assert.ok(ok.timings.tlsMs !== undefined && ok.timings.tlsMs > 0 && ok.timings.tlsMs < 1000, `tls ${ok.timings.tlsMs}`);
    assert.deepEqual(tlsAuth, ['Basic ' + Buffer.from('u:s3cret').toString('base64')]);
    assert.ok(!JSON.stringify(ok).includes('s3cret'));
  });

  test('a handshake that never completes is a TLS timeout, and the timeout holds', async () => {
    const { result, elapsed } = await timed(tlsHangUrl, { timeoutMs: 300 });
    assertFailure(result, 'tls-timeout');
    assert.ok(result.timings.connectMs !== undefined && result.timings.tlsMs === undefined);
    assert.ok(elapsed < 300 + SLACK_MS, `${elapsed} ms`);
  });

  test('plain HTTP on an https URL is a TLS handshake failure', async () => {
    assertFailure(await probeMirror(goproxy.url.replace('http://', 'https://'), { timeoutMs: 2000 }), 'tls-handshake');
  });
});

describe('through an HTTP CONNECT proxy (dispatcherFor)', () => {
  test('http.proxy: probes go through the tunnel, TLS included', async () => {
    const proxy = await startConnectProxy();
    const cfg = { httpProxy: proxy.url, strictSSL: false, noProxy: [], env: {} };
    const ok = await probeMirror(goproxy.url, { timeoutMs: 2000, dispatcher: dispatcherFor(goproxy.url, cfg) });
    assert.equal(ok.state, 'ok', JSON.stringify(ok));
    assert.ok(ok.timings.connectMs !== undefined, 'the connection to the proxy is timed');
    const tls = await probeMirror(tlsUrl, { timeoutMs: 2000, dispatcher: dispatcherFor(tlsUrl, cfg) });
    assert.equal(tls.state, 'ok', JSON.stringify(tls));
    assert.ok(tls.timings.tlsMs !== undefined, 'TLS inside the tunnel is timed');
    assert.deepEqual(proxy.connects, [new URL(goproxy.url).host, new URL(tlsUrl).host]);
    const strict = { ...cfg, strictSSL: true };
    assertFailure(await probeMirror(tlsUrl, { timeoutMs: 2000, dispatcher: dispatcherFor(tlsUrl, strict) }), 'certificate');
    const hang = await timed(tlsHangUrl, { timeoutMs: 300, dispatcher: dispatcherFor(tlsHangUrl, cfg) });
    assertFailure(hang.result, 'tls-timeout');
    assert.ok(hang.elapsed < 300 + SLACK_MS, `${hang.elapsed} ms`);
  });

  test('407 from the proxy is proxy-auth; user:pass@ in http.proxy is sent and never shown', async () => {
    const proxy = await startConnectProxy('pu:proxy-pass');
    const without = await probeMirror(goproxy.url, {
      timeoutMs: 2000,
      dispatcher: dispatcherFor(goproxy.url, { httpProxy: proxy.url, strictSSL: true, noProxy: [], env: {} }),
    });
    assertFailure(without, 'proxy-auth');
    const httpProxy = proxy.url.replace('http://', 'http://pu:proxy-pass@');
    const ok = await probeMirror(goproxy.url, {
      timeoutMs: 2000,
      dispatcher: dispatcherFor(goproxy.url, { httpProxy, strictSSL: true, noProxy: [], env: {} }),
    });
    assert.equal(ok.state, 'ok', JSON.stringify(ok));
    assert.ok(!JSON.stringify([without, ok]).includes('proxy-pass'));
  });

  test('HTTPS_PROXY/HTTP_PROXY (either case) from the environment; NO_PROXY and http.noProxy bypass them', async () => {
    const proxy = await startConnectProxy();
    const through = async (target: string, env: NodeJS.ProcessEnv, noProxy: string[] = []) => {
      const before = proxy.connects.length;
      const r = await probeMirror(target, { timeoutMs: 2000, dispatcher: dispatcherFor(target, { strictSSL: false, noProxy, env }) });
      assert.equal(r.state, 'ok', JSON.stringify(r));
      return proxy.connects.length > before;
    };
    assert.equal(await through(goproxy.url, { HTTP_PROXY: proxy.url }), true);
    assert.equal(await through(goproxy.url, { http_proxy: proxy.url }), true);
    assert.equal(await through(tlsUrl, { HTTPS_PROXY: proxy.url }), true);
    assert.equal(await through(goproxy.url, { HTTPS_PROXY: proxy.url }), false, 'HTTPS_PROXY is for https targets');
    assert.equal(await through(goproxy.url, { HTTP_PROXY: proxy.url, NO_PROXY: 'example.com,127.0.0.1' }), false);
    assert.equal(await through(tlsUrl, { https_proxy: proxy.url, no_proxy: '*' }), false);
    assert.equal(await through(goproxy.url, { HTTP_PROXY: proxy.url }, ['127.0.0.1']), false);
  });

  test('proxy choice rules and agent caching', () => {
    const cfg = { strictSSL: true, noProxy: [], env: {} };
    assert.equal(proxyFor('https://goproxy.cn', { ...cfg, httpProxy: 'proxy.corp:3128' }), 'http://proxy.corp:3128');
    assert.equal(proxyFor('https://goproxy.cn', { ...cfg, env: { HTTPS_PROXY: '', https_proxy: 'http://p:1' } }), 'http://p:1');
    const u = new URL('https://mirrors.aliyun.com/goproxy/');
    assert.equal(bypassesProxy(u, 'aliyun.com'), true);
    assert.equal(bypassesProxy(u, '.aliyun.com'), true);
    assert.equal(bypassesProxy(new URL('https://aliyun.com'), '.aliyun.com'), false, 'a leading dot means subdomains only');
    assert.equal(bypassesProxy(u, 'mirrors.aliyun.com:443'), true);
    assert.equal(bypassesProxy(u, 'mirrors.aliyun.com:8443'), false);
    assert.equal(bypassesProxy(u, 'yun.com'), false);
    assert.equal(bypassesProxy(new URL('http://[::1]:80/'), '::1'), true);
    assert.equal(dispatcherFor('https://a.example', cfg), dispatcherFor('https://b.example', cfg));
    assert.notEqual(dispatcherFor('https://a.example', cfg), dispatcherFor('https://a.example', { ...cfg, strictSSL: false }));
  });
});
