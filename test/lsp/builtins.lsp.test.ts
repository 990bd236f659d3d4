// Which Node built-ins the built server loads, and when. Loading one takes 0.5-2 ms, and a built-in first loaded on
// the way of the first document (as the \`performance\` global's was) delays the first diagnostics a user waits for;
// one loaded while the server is idle does not.
// node:crypto and node:child_process load when the server first uses them (scripts/build.mjs stands them in): a
// plain Dockerfile never needs them. Preloads record what the server's code requires and what Node has loaded.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startServer } from '../support/lspClient';
import { MIRRORS_REQUEST } from '../../server/src/protocol';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gpd-lazy-builtins-'));
after(() => fs.rmSync(dir, { recursive: true, force: true }));

const preload = path.join(dir, 'record-requires.js');
fs.writeFileSync(
  preload,
  `const Module = require('node:module');
const fs = require('node:fs');
const load = Module._load;
Module._load = function (request, ...rest) {
  if (/^(node:)?(crypto|child_process)$/.test(request)) fs.appendFileSync(process.env.GPD_REQUIRES_LOG, request.replace(/^node:/, '') + '\\n');
  return load.call(this, request, ...rest);
};
`,
);

const snapshots = path.join(dir, 'snapshot-loaded.js');
fs.writeFileSync(
  snapshots,
  `const net = require('node:net');
const fs = require('node:fs');
const emit = net.Socket.prototype.emit;
const write = net.Socket.prototype.write;
const loaded = {};
net.Socket.prototype.emit = function (event, ...rest) {
  if (event === 'data' && String(rest[0]).includes('"textDocument/didOpen"')) loaded.open ??= process.moduleLoadList.length;
  return emit.call(this, event, ...rest);
};
net.Socket.prototype.write = function (data, ...rest) {
  if (String(data).includes('"textDocument/publishDiagnostics"')) loaded.diagnostics ??= process.moduleLoadList.length;
  return write.call(this, data, ...rest);
};
process.on('exit', () => fs.writeFileSync(process.env.GPD_LOADED_LOG, JSON.stringify(loaded.open === undefined || loaded.diagnostics === undefined ? ['not seen'] : process.moduleLoadList.slice(loaded.open, loaded.diagnostics))));
`,
);

test('the first document loads no built-in on its way in and out', async () => {
  const log = path.join(dir, 'loaded.json');
  // A fresh cache directory: the server has a code cache to write once it is idle, which times it.
  const cacheDir = fs.mkdtempSync(path.join(dir, 'cache-'));
  const client = await startServer({
    nodeArgs: ['--require', snapshots],
    env: { ...process.env, NODE_OPTIONS: '', GPD_LOADED_LOG: log, GO_PROXY_DOCTOR_CACHE_DIR: cacheDir, GO_PROXY_DOCTOR_NO_CODE_CACHE: '' },
  });
  const uri = 'file:///first/Dockerfile';
  try {
    client.open(uri, 'FROM golang:1.26 AS build\nENV GOPROXY=https://goproxy.cn;direct GOSUMDB=off\nCOPY go.mod go.sum ./\nRUN go mod download\n');
    await client.diagnostics(uri, (d) => d.length > 0);
  } finally {
    await client.close();
  }
  assert.deepEqual(JSON.parse(fs.readFileSync(log, 'utf8')), []);
});

test('a plain Dockerfile needs neither; a GOSUMDB verifier key loads crypto, `go env` child_process', async () => {
  const log = path.join(dir, 'requires.log');
  fs.writeFileSync(log, '');
  const required = () => [...new Set(fs.readFileSync(log, 'utf8').split('\n').filter(Boolean))].sort();
  const client = await startServer({
    nodeArgs: ['--require', preload],
    env: { ...process.env, NODE_OPTIONS: '', GPD_REQUIRES_LOG: log, GO_PROXY_DOCTOR_NO_CODE_CACHE: '1' },
  });
  try {
    const plain = 'file:///lazy/plain/Dockerfile';
    client.open(plain, 'FROM golang:1.26\nENV GOPROXY=https://goproxy.cn;direct GOSUMDB=sum.golang.org\nRUN go mod download\n');
    const found = await client.diagnostics(plain, (d) => d.length > 0);
    assert.ok(
      found.some((d) => d.code === 'goproxy-invalid'),
      JSON.stringify(found),
    );
    assert.deepEqual(required(), [], 'loaded at start or by a plain analysis');

    // The known key with its hash changed: go checks the hash, which takes SHA-256.
    const keyed = 'file:///lazy/keyed/Dockerfile';
    const badKey = 'sum.golang.org+033de0af+Ac4zctda0e5eza+HJyk9SxEdh+s3Ux18htTTAD8OuAn8';
    client.open(keyed, `FROM golang:1.26\nENV GOSUMDB="${badKey}"\nCOPY go.mod go.sum ./\nRUN go mod download\n`);
    const invalid = await client.diagnostics(keyed, (d) => d.some((x) => x.code === 'gosumdb-invalid'));
    assert.match(invalid.find((d) => d.code === 'gosumdb-invalid')!.message, /invalid verifier hash/);
    assert.deepEqual(required(), ['crypto']);

    // No GOPROXY in the document and no mirrors in the settings: the mirrors come from the machine's `go env`.
    const bare = 'file:///lazy/bare/Dockerfile';
    client.open(bare, 'FROM golang:1.26\nRUN go mod download\n');
    await client.diagnostics(bare);
    await client.conn.sendRequest(MIRRORS_REQUEST.method, { textDocument: { uri: bare } });
    const deadline = Date.now() + 10_000;
    while (!required().includes('child_process') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
    assert.deepEqual(required(), ['child_process', 'crypto']);
    assert.equal(client.stderr(), '');
  } finally {
    await client.close();
  }
});
