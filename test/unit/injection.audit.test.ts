// Shell-injection audit: settings and file contents full of shell metacharacters must never reach a shell.
// (a) buildRunArgs: an argument array with each value as its own element (or only in the env file), the
// `sh -c` script a constant, line breaks refused; (c) the mirror probe of such URLs starts no process at all;
// (d) the server's `go env GOPROXY` is an argument array, and not run at all when the workspace is untrusted.
// (b), real runs against the container engine, is in injection.runtime.audit.test.ts. Every marker check
// proves first that it can fail.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import { buildRunArgs, CONTAINER_SCRIPT, envFileText, PlanError, type RunOptions } from '../../client/src/container/plan';
import { type ContainerPlan, MIRRORS_REQUEST } from '../../server/src/protocol';
import { probeMirror } from '../../client/src/health/probe';
import { SERVER } from '../support/lspClient';

// The real module object (not an import namespace copy), so the process counter below sees every call.
const childProcess = require('node:child_process') as typeof import('node:child_process');

const ID = `${process.pid}-${Date.now().toString(36)}`;
const MARK_PREFIX = `pwned-${ID}-`;
const mark = (tag: string) => `/tmp/${MARK_PREFIX}${tag}`;
/** Each runs `touch <marker>` if a shell ever interprets it. */
const payloads = (tag: string) => [
  `$(touch ${mark(`${tag}1`)})`,
  `\`touch ${mark(`${tag}2`)}\``,
  `x; touch ${mark(`${tag}3`)}; y`,
  `a && touch ${mark(`${tag}4`)} && b`,
  `'"; touch ${mark(`${tag}5`)}; echo "'`,
  `| touch ${mark(`${tag}6`)}`,
];
/** Without white space (image names, networks): `${IFS}` stands in for the space. */
const words = (tag: string) => payloads(tag).map((p) => p.replace(/ /g, '${IFS}'));

const cleanup: string[] = [];
after(() => {
  for (const p of cleanup) fs.rmSync(p, { recursive: true, force: true });
  for (const f of markers()) fs.rmSync(path.join('/tmp', f), { force: true });
});

function markers(): string[] {
  return fs.readdirSync('/tmp').filter((f) => f.startsWith(MARK_PREFIX));
}

test('self-check: the marker check sees a marker file', () => {
  fs.writeFileSync(mark('self'), '');
  assert.deepEqual(markers(), [`${MARK_PREFIX}self`]);
  fs.rmSync(mark('self'));
  assert.deepEqual(markers(), []);
});

const WS = `/tmp/gpd-inj ${ID}/ws $(touch ${mark('ws1')}) ; \`touch ${mark('ws2')}\` && 'q"`;
const OPTS: RunOptions = { runtime: 'docker', network: 'host', timeoutSeconds: 30, name: 'gpd-inj', label: 'gpd.inj=1' };

test('(a) buildRunArgs: every value its own element, env values only in the env file, the script constant', () => {
  const env: Record<string, string> = {};
  payloads('env').forEach((p, i) => (env[['GOPROXY', 'GOPRIVATE', 'GONOPROXY', 'GONOSUMDB', 'GOFLAGS', 'GOAUTH'][i]!] = `https://m.example/${p}`));
  const images = words('img').map((w) => `golang:1.26${w}`);
  const networks = words('net');
  const workFiles = ['go.mod', ...payloads('wf').map((p) => `mod ${p}/go.mod`)];
  const envFile = `/tmp/gpd run $(touch ${mark('ef')})/go.env`;
  const netrc = `/home/u $(touch ${mark('nr')})/.netrc`;
  for (const [i, image] of images.entries()) {
    const plan: ContainerPlan = { moduleDir: WS, image, env, notes: [], workFiles };
    const opts: RunOptions = { ...OPTS, network: networks[i]!, name: `n${words('name')[i]}`, label: `l${words('label')[i]}`, mountNetrc: netrc };
    const args = buildRunArgs(plan, opts, envFile);
    assert.ok(Array.isArray(args) && args.every((a) => typeof a === 'string'));
    const c = args.indexOf('-c');
    assert.equal(args[c - 1], 'sh');
    assert.equal(args[c + 1], CONTAINER_SCRIPT, 'the script is the constant');
    assert.equal(args.filter((a) => a === CONTAINER_SCRIPT).length, 1);
    assert.equal(args[c - 2], image, 'the image is the element before sh -c');
    assert.deepEqual(args.slice(c + 2), ['sh', '35', ...workFiles], 'file names are positional parameters');
    const own: Array<[string, string[]]> = [
      [image, [image]],
      [opts.network!, [opts.network!]],
      [opts.name, [opts.name]],
      [opts.label, [opts.label]],
      [envFile, [envFile]],
      [WS, [`${WS}:/src:ro`]],
      [netrc, [`${netrc}:/root/.netrc:ro`]],
      ...workFiles.slice(1).map((f): [string, string[]] => [f, [f]]),
    ];
    for (const [value, allowed] of own) {
      const holders = args.filter((a) => a.includes(value));
      assert.ok(holders.length >= 1 && holders.every((h) => allowed.includes(h)), `${JSON.stringify(value)} appears as ${JSON.stringify(holders)}`);
    }
    for (const value of Object.values(env)) assert.ok(!args.some((a) => a.includes(value)), `an env value is on the command line: ${value}`);
    assert.equal(
      envFileText(plan),
      Object.entries(env)
        .map(([k, v]) => `${k}=${v}\n`)
        .join(''),
      'env values travel literally in the env file',
    );
    for (const w of [...words('img'), ...payloads('env')]) assert.ok(!CONTAINER_SCRIPT.includes(w));
  }
});

test('(a) line breaks (and other separators) are refused with PlanError wherever they could split a value', () => {
  const plan: ContainerPlan = { moduleDir: WS, image: 'golang:1.26', env: { GOPROXY: 'https://goproxy.cn' }, notes: [] };
  const nl = `x\ntouch ${mark('nl')}`;
  const refused: Array<[string, () => unknown]> = [
    ['env value \\n', () => envFileText({ ...plan, env: { GOPROXY: nl } })],
    ['env value \\r', () => envFileText({ ...plan, env: { GOPRIVATE: `a\rb` } })],
    ['env name', () => envFileText({ ...plan, env: { 'GOPROXY;touch': 'x' } })],
    ['image', () => buildRunArgs({ ...plan, image: `golang:1.26${nl}` }, OPTS, '/tmp/e')],
    ['module dir', () => buildRunArgs({ ...plan, moduleDir: `/tmp/${nl}` }, OPTS, '/tmp/e')],
    ['env file', () => buildRunArgs(plan, OPTS, `/tmp/${nl}`)],
    ['work file', () => buildRunArgs({ ...plan, workFiles: [`go.mod${nl}`] }, OPTS, '/tmp/e')],
    ['network', () => buildRunArgs(plan, { ...OPTS, network: `host${nl}` }, '/tmp/e')],
    ['name', () => buildRunArgs(plan, { ...OPTS, name: `n${nl}` }, '/tmp/e')],
    ['label', () => buildRunArgs(plan, { ...OPTS, label: `l${nl}` }, '/tmp/e')],
    ['netrc', () => buildRunArgs(plan, { ...OPTS, mountNetrc: `/root/${nl}` }, '/tmp/e')],
    ['cache volume', () => buildRunArgs(plan, { ...OPTS, cacheVolume: `v$(touch${'${IFS}'}${mark('cv')})` }, '/tmp/e')],
    ['option-like image', () => buildRunArgs({ ...plan, image: '--privileged' }, OPTS, '/tmp/e')],
    ['option-like work file', () => buildRunArgs({ ...plan, workFiles: ['-rf'] }, OPTS, '/tmp/e')],
  ];
  for (const [what, f] of refused) assert.throws(f, PlanError, what);
  assert.deepEqual(markers(), []);
});

/** Counts every child process this process starts (async ones all go through ChildProcess#spawn). */
function processCounter(): { started: string[]; restore(): void } {
  const started: string[] = [];
  const proto = childProcess.ChildProcess.prototype as unknown as { spawn(o: { file?: string; args?: string[] }): unknown };
  const original = proto.spawn;
  proto.spawn = function (this: unknown, o) {
    started.push(JSON.stringify(o.args ?? o.file));
    return original.call(this, o);
  };
  const mod = childProcess as unknown as Record<string, (...a: unknown[]) => unknown>;
  const sync = ['spawnSync', 'execSync', 'execFileSync'].map((name) => [name, mod[name]!] as const);
  for (const [name, fn] of sync) mod[name] = (...a: unknown[]) => (started.push(`${name} ${JSON.stringify(a[0])}`), fn(...a));
  return {
    started,
    restore() {
      proto.spawn = original;
      for (const [name, fn] of sync) mod[name] = fn;
    },
  };
}

test('(c) probing mirror URLs full of metacharacters starts no process and creates no marker', async () => {
  const seen: string[] = [];
  const server = createServer((req, res) => (seen.push(req.url ?? ''), res.writeHead(404).end('not found')));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const counter = processCounter();
  try {
    // Self-check: the counter sees both kinds of process start.
    childProcess.execFileSync('true');
    await new Promise((resolve) => childProcess.execFile('true', resolve));
    assert.equal(counter.started.length, 2, JSON.stringify(counter.started));
    counter.started.length = 0;
    const urls = [
      ...payloads('pr').map((p) => `http://127.0.0.1:${port}/${p}`),
      `http://u:${words('pu')[0]}@127.0.0.1:${port}/`,
      `http://127.0.0.1:${port}/?q=${payloads('pq')[0]}#${payloads('pq')[1]}`,
      `https://127.0.0.1:${port}/${payloads('ps')[2]}`,
      `http://127.0.0.1 ; touch ${mark('ph')}/`,
      `http://127.0.0.1:${port}/a\ntouch ${mark('pn')}`,
      `$(touch ${mark('pw')})`,
    ];
    for (const url of urls) {
      const r = await probeMirror(url, { timeoutMs: 2000 });
      assert.equal(r.state === 'ok', false, url);
    }
    assert.deepEqual(counter.started, [], 'no process was started by a probe');
    assert.ok(
      seen.some((u) => u.includes('%60touch%20') || u.includes('`touch')),
      `the loopback server got the literal paths: ${seen.join(' ')}`,
    );
  } finally {
    counter.restore();
    server.close();
  }
  assert.deepEqual(markers(), []);
});

async function goEnvRun(trusted: boolean): Promise<{ argv: string[] | undefined; cwd?: string; ws: string; source: string; firstUrl?: string }> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'gpd-inj-'));
  cleanup.push(root);
  const bin = path.join(root, `bin $(touch ${mark('bin')})`);
  const ws = path.join(root, `ws $(touch ${mark('wsd')}) & \`touch ${mark('wsb')}\``);
  const record = path.join(root, 'argv');
  fs.mkdirSync(bin, { recursive: true });
  fs.mkdirSync(ws, { recursive: true });
  const printed = `https://127.0.0.1:9/$(touch\${IFS}${mark('goout')})|direct`;
  fs.writeFileSync(
    path.join(bin, 'go'),
    `#!/bin/sh\npwd > '${record}.cwd'\nfor a in "$@"; do printf '%s\\0' "$a"; done > '${record}'\nprintf '%s\\n' '${printed}'\n`,
    { mode: 0o755 },
  );
  fs.writeFileSync(path.join(ws, 'go.mod'), 'module example.com/x\n\ngo 1.23\n');
  const text = 'FROM golang:1.23\nCOPY go.mod ./\nRUN go mod download\n';
  fs.writeFileSync(path.join(ws, 'Dockerfile'), text);
  const env = { ...process.env, PATH: `${bin}${path.delimiter}/usr/bin${path.delimiter}/bin`, GOPROXY: '', GOFLAGS: '' };
  const proc = childProcess.spawn(process.execPath, [SERVER, '--stdio'], { env, stdio: 'pipe' });
  const conn = createMessageConnection(new StreamMessageReader(proc.stdout), new StreamMessageWriter(proc.stdin));
  conn.listen();
  try {
    const rootUri = pathToFileURL(ws).href;
    await conn.sendRequest('initialize', {
      processId: process.pid,
      rootUri,
      workspaceFolders: [{ uri: rootUri, name: 'ws' }],
      initializationOptions: { trusted, settings: {} },
      capabilities: {},
    });
    conn.sendNotification('initialized', {});
    const uri = pathToFileURL(path.join(ws, 'Dockerfile')).href;
    conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'dockerfile', version: 1, text } });
    const ask = () =>
      conn.sendRequest(MIRRORS_REQUEST.method, { textDocument: { uri }, position: { line: 2, character: 0 } }) as Promise<{
        source: string;
        entries: { url: string }[];
      }>;
    await ask();
    // `go env` runs in the background: wait for it (or, untrusted, long enough that it would have run).
    for (let i = 0; i < (trusted ? 100 : 15) && !fs.existsSync(record); i++) await new Promise((r) => setTimeout(r, 50));
    await new Promise((r) => setTimeout(r, 100));
    const result = await ask();
    const argv = fs.existsSync(record) ? fs.readFileSync(record, 'utf8').split('\0').slice(0, -1) : undefined;
    const cwd = fs.existsSync(`${record}.cwd`) ? fs.readFileSync(`${record}.cwd`, 'utf8').trim() : undefined;
    return { argv, ws, source: result.source, ...(cwd !== undefined ? { cwd } : {}), ...(result.entries[0] ? { firstUrl: result.entries[0].url } : {}) };
  } finally {
    conn.dispose();
    proc.kill();
  }
}

test('(d) the server runs `go env GOPROXY` as an argument array from PATH, and not at all when untrusted', async () => {
  const trusted = await goEnvRun(true);
  assert.deepEqual(trusted.argv, ['env', 'GOPROXY'], 'the fake go on PATH recorded exactly its argv');
  assert.equal(trusted.source, 'go env', 'the value printed by go env is used');
  assert.ok(trusted.cwd && !trusted.cwd.startsWith(trusted.ws), `go env runs outside the workspace (${trusted.cwd})`);
  assert.match(trusted.firstUrl ?? '', /^https:\/\/127\.0\.0\.1:9\/\$\(touch/);
  const untrusted = await goEnvRun(false);
  assert.equal(untrusted.argv, undefined, 'go env must not run in an untrusted workspace');
  assert.equal(untrusted.source, 'default');
  assert.deepEqual(markers(), []);
});
