// The LSP 3.17 lifecycle, with raw JSON-RPC frames (the client library would not send these): requests before
// `initialize` get ServerNotInitialized (-32002) and notifications then are dropped; a second `initialize` fails;
// after `shutdown`, requests get InvalidRequest (-32600); a request without params gets InvalidParams (-32602).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startRaw, type RawMessage } from '../support/rawLsp';
import { CONTAINER_PLAN_REQUEST, MIRRORS_REQUEST } from '../../server/src/protocol';

const SERVER_NOT_INITIALIZED = -32002;
const INVALID_REQUEST = -32600;
const INVALID_PARAMS = -32602;
const DOC = 'file:///life/Dockerfile';
const hoverParams = { textDocument: { uri: DOC }, position: { line: 1, character: 6 } };
const openParams = { textDocument: { uri: DOC, languageId: 'dockerfile', version: 1, text: 'FROM golang:1.22\nENV GOPROXY=https://goproxy.cn;direct\n' } };

function errorCode(m: RawMessage): number | undefined {
  return m.error?.code;
}

test('before initialize: requests get -32002, notifications are dropped; then initialize works once', async () => {
  const server = startRaw();
  try {
    for (const method of ['textDocument/hover', 'textDocument/codeLens', MIRRORS_REQUEST.method, 'shutdown', 'no/suchMethod']) {
      const r = await server.request(method, method === 'shutdown' ? undefined : hoverParams);
      assert.equal(errorCode(r), SERVER_NOT_INITIALIZED, `${method}: ${JSON.stringify(r)}`);
    }
    server.notify('textDocument/didOpen', openParams);
    const init = await server.initialize();
    assert.ok(init.result && !init.error, JSON.stringify(init));
    server.notify('initialized', {});
    // The didOpen before initialize was dropped: the document is not open, so nothing is published for it.
    const hover = await server.request('textDocument/hover', hoverParams);
    assert.equal(hover.result, null, JSON.stringify(hover));
    assert.ok(!server.received.some((m) => m.method === 'textDocument/publishDiagnostics' && (m.params as { uri: string }).uri === DOC));
    const again = await server.initialize();
    assert.ok(again.error, `a second initialize must fail: ${JSON.stringify(again)}`);
    assert.equal(errorCode(again), INVALID_REQUEST);
  } finally {
    await server.kill();
  }
});

test('after shutdown: requests get -32600 (a second shutdown too); exit then ends the server with 0', async () => {
  const server = startRaw();
  try {
    await server.initialize();
    server.notify('initialized', {});
    server.notify('textDocument/didOpen', openParams);
    const before = await server.request('textDocument/hover', hoverParams);
    assert.ok(before.result, JSON.stringify(before));
    const down = await server.request('shutdown');
    assert.equal(down.error, undefined, JSON.stringify(down));
    for (const method of ['textDocument/hover', 'textDocument/completion', CONTAINER_PLAN_REQUEST.method, 'shutdown', 'no/suchMethod']) {
      const r = await server.request(method, method === 'shutdown' ? undefined : hoverParams);
      assert.equal(errorCode(r), INVALID_REQUEST, `${method}: ${JSON.stringify(r)}`);
    }
    const exited = new Promise<number | null>((resolve) => server.proc.once('exit', (code) => resolve(code)));
    server.notify('exit');
    assert.equal(await exited, 0);
  } finally {
    await server.kill();
  }
});

test('requests without params or with non-object params get -32602, and the server keeps serving', async () => {
  const server = startRaw();
  try {
    await server.initialize();
    server.notify('initialized', {});
    server.notify('textDocument/didOpen', openParams);
    for (const [method, params] of [
      ['textDocument/hover', undefined],
      ['textDocument/hover', 'file:///life/Dockerfile'],
      ['textDocument/hover', null],
      ['textDocument/codeLens', null],
      ['textDocument/completion', [{ textDocument: { uri: DOC } }, { line: 0, character: 0 }]],
      ['textDocument/completion', { textDocument: 7, position: { line: 0, character: 0 } }],
      ['textDocument/codeAction', { textDocument: { uri: DOC } }],
      [MIRRORS_REQUEST.method, undefined],
      ['codeAction/resolve', null],
    ] as [string, unknown][]) {
      const r = await server.request(method, params);
      assert.equal(errorCode(r), INVALID_PARAMS, `${method} ${JSON.stringify(params)}: ${JSON.stringify(r)}`);
    }
    const hover = await server.request('textDocument/hover', hoverParams);
    assert.ok(hover.result, JSON.stringify(hover));
    assert.equal(server.proc.exitCode, null);
  } finally {
    await server.kill();
  }
});

test('initialize with malformed params is refused with -32602, and a well-formed one then succeeds', async () => {
  const server = startRaw();
  try {
    const bad = await server.request('initialize', { processId: process.pid, rootUri: 5, capabilities: {} });
    assert.equal(errorCode(bad), INVALID_PARAMS, JSON.stringify(bad));
    const bad2 = await server.request('initialize', { processId: process.pid, workspaceFolders: [{ uri: null, name: 'x' }], capabilities: {} });
    assert.equal(errorCode(bad2), INVALID_PARAMS, JSON.stringify(bad2));
    const good = await server.initialize();
    assert.ok(good.result, JSON.stringify(good));
  } finally {
    await server.kill();
  }
});
