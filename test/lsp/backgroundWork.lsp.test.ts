// Background analysis yields to requests, over stdio against the built server with raw frames (so the order in
// which the server sent its messages is exactly what is asserted; no wall-clock thresholds): with 400 Dockerfiles
// and 100 go.mod files opened at once, and again after a settings change, a hover is answered while diagnostics
// are still pending; work for superseded versions is dropped; `$/cancelRequest` cancels a request; the documents
// opened with `initialized` are published before the server's own start-up work.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { makeWorkspace } from '../support/lspClient';
import { startRaw, type RawMessage, type RawServer } from '../support/rawLsp';
import { MIRRORS_REQUEST } from '../../server/src/protocol';

const REQUEST_CANCELLED = -32800;

const dockerfile = (i: number, k: number) =>
  [
    `FROM golang:1.2${k} AS build`,
    `ENV GOPROXY=https://goproxy.cn;direct GOPRIVATE=git.corp${i}.example`,
    'WORKDIR /src',
    'COPY . .',
    'RUN go mod download && go build ./...',
    '',
  ].join('\n');
const gomod = (i: number) =>
  `module git.corp${i}.example/app\n\ngo 1.22\n\nrequire (\n\tgithub.com/google/uuid v1.6.0\n\tgit.corp${(i + 1) % 100}.example/lib v1.0.0\n)\n`;

/** 100 modules, each with a go.mod and 4 Dockerfiles that build it: 500 documents. */
function workspace(): { dir: string; docs: { uri: string; languageId: string; text: string }[] } {
  const files: Record<string, string> = {};
  for (let i = 0; i < 100; i++) {
    files[`m${i}/go.mod`] = gomod(i);
    for (let k = 0; k < 4; k++) files[`m${i}/${k === 0 ? 'Dockerfile' : `Dockerfile.v${k}`}`] = dockerfile(i, k);
  }
  const dir = makeWorkspace(files);
  const docs = Object.entries(files).map(([name, text]) => ({
    uri: `file://${path.join(dir, name)}`,
    languageId: name.endsWith('go.mod') ? 'go.mod' : 'dockerfile',
    text,
  }));
  return { dir, docs };
}

const isPublish = (m: RawMessage) => m.method === 'textDocument/publishDiagnostics';
const publishedUris = (ms: RawMessage[]) => new Set(ms.filter(isPublish).map((m) => (m.params as { uri: string }).uri));

async function startIn(dir: string): Promise<RawServer> {
  const server = startRaw();
  const init = await server.initialize({ rootUri: `file://${dir}`, workspaceFolders: [{ uri: `file://${dir}`, name: 'ws' }] });
  assert.ok(init.result, JSON.stringify(init));
  server.notify('initialized', {});
  return server;
}

test('400 Dockerfiles + 100 go.mod opened at once: a hover is answered before the background analyses end, and after a settings change too', async () => {
  const { dir, docs } = workspace();
  const server = await startIn(dir);
  try {
    const target = docs[docs.length - 2]; // a Dockerfile opened among the last
    assert.equal(target.languageId, 'dockerfile');
    server.send(...docs.map((d) => ({ method: 'textDocument/didOpen', params: { textDocument: { ...d, version: 1 } } })), {
      id: 'hover-1',
      method: 'textDocument/hover',
      params: { textDocument: { uri: target.uri }, position: { line: 1, character: 6 } },
    });
    const hover = await server.response('hover-1', 30_000);
    assert.match(JSON.stringify(hover.result), /GOPROXY/, JSON.stringify(hover));
    const at = server.received.indexOf(hover);
    const before = publishedUris(server.received.slice(0, at)).size;
    assert.ok(before < docs.length, `the hover waited for all ${docs.length} analyses (${before} published before it)`);
    // Every document is diagnosed in the end.
    await server.until((r) => publishedUris(r).size === docs.length, 120_000);

    // A settings change re-checks every document in the background; once the first result under the new settings
    // is out (a Dockerfile without goproxy-invalid, now switched off), a hover still goes ahead of the rest.
    const mark = server.received.length;
    server.notify('workspace/didChangeConfiguration', { settings: { goProxyDoctor: { rules: { disabled: ['goproxy-invalid'] } } } });
    const underNewSettings = (m: RawMessage) => {
      const p = m.params as { uri: string; diagnostics: { code: string }[] };
      return isPublish(m) && !p.uri.endsWith('go.mod') && !p.diagnostics.some((d) => d.code === 'goproxy-invalid');
    };
    await server.until((r) => r.slice(mark).some(underNewSettings), 30_000);
    assert.equal(docs[1].languageId, 'dockerfile');
    server.send({ id: 'hover-2', method: 'textDocument/hover', params: { textDocument: { uri: docs[1].uri }, position: { line: 1, character: 6 } } });
    const hover2 = await server.response('hover-2', 30_000);
    assert.match(JSON.stringify(hover2.result), /GOPROXY/);
    const republished = new Set(
      server.received
        .slice(mark, server.received.indexOf(hover2))
        .filter(underNewSettings)
        .map((m) => (m.params as { uri: string }).uri),
    ).size;
    assert.ok(republished < 400, `the hover waited for all 400 Dockerfiles' re-analyses (${republished} before it)`);
    await server.until(
      (r) =>
        new Set(
          r
            .slice(mark)
            .filter(underNewSettings)
            .map((m) => (m.params as { uri: string }).uri),
        ).size === 400,
      120_000,
    );
    assert.equal(server.proc.exitCode, null);
  } finally {
    await server.kill();
  }
});

test("the documents a client opens right behind `initialized` are published before the server's own start-up work", async () => {
  const dir = makeWorkspace({ 'go.mod': gomod(1) });
  const server = startRaw();
  try {
    // A client that has the server pull its settings and watch files: `initialized` makes it ask for both, and log.
    const init = await server.initialize({
      rootUri: `file://${dir}`,
      workspaceFolders: [{ uri: `file://${dir}`, name: 'ws' }],
      capabilities: { workspace: { configuration: true, didChangeWatchedFiles: { dynamicRegistration: true } } },
    });
    assert.ok(init.result, JSON.stringify(init));
    const uri = `file://${dir}/Dockerfile`;
    // As editors do, the open editors' documents come right behind `initialized` (here in the same write).
    server.send(
      { method: 'initialized', params: {} },
      { method: 'textDocument/didOpen', params: { textDocument: { uri, languageId: 'dockerfile', version: 1, text: dockerfile(1, 2) } } },
    );
    const own = (m: RawMessage) => m.method === 'workspace/configuration' || m.method === 'client/registerCapability' || m.method === 'window/logMessage';
    await server.until((r) => r.some((m) => isPublish(m) && (m.params as { uri: string }).uri === uri) && r.some(own), 10_000);
    const order = server.received.filter((m) => isPublish(m) || own(m)).map((m) => m.method);
    assert.equal(order[0], 'textDocument/publishDiagnostics', order.join(', '));
    // The start-up work still ran: the settings were asked for and the file watcher registered.
    await server.until((r) => r.some((m) => m.method === 'workspace/configuration') && r.some((m) => m.method === 'client/registerCapability'), 10_000);
  } finally {
    await server.kill();
  }
});

test('a document edited right after it was opened is analysed only at its latest version', async () => {
  const server = await startIn(makeWorkspace({}));
  try {
    const uri = 'file:///superseded/Dockerfile';
    const text = (v: number) => `FROM golang:1.22\nENV GOPROXY=https://goproxy.cn;v${v}\n`;
    server.send(
      { method: 'textDocument/didOpen', params: { textDocument: { uri, languageId: 'dockerfile', version: 1, text: text(1) } } },
      ...[2, 3, 4, 5].map((v) => ({ method: 'textDocument/didChange', params: { textDocument: { uri, version: v }, contentChanges: [{ text: text(v) }] } })),
    );
    await server.until((r) => r.some((m) => isPublish(m) && (m.params as { version?: number }).version === 5), 10_000);
    const versions = server.received.filter(isPublish).map((m) => (m.params as { version?: number }).version);
    assert.deepEqual(versions, [5], 'versions 1–4 were superseded before their analysis ran');
  } finally {
    await server.kill();
  }
});

test('$/cancelRequest cancels a request: it is answered with RequestCancelled (-32800)', async () => {
  const server = await startIn(makeWorkspace({}));
  try {
    const uri = 'file:///cancel/Dockerfile';
    const position = { line: 1, character: 6 };
    server.notify('textDocument/didOpen', {
      textDocument: { uri, languageId: 'dockerfile', version: 1, text: 'FROM golang:1.22\nENV GOPROXY=https://goproxy.cn\n' },
    });
    for (const method of ['textDocument/hover', 'textDocument/completion', 'textDocument/codeLens', MIRRORS_REQUEST.method]) {
      const id = `c-${method}`;
      server.send({ id, method, params: { textDocument: { uri }, position } }, { method: '$/cancelRequest', params: { id } });
      const r = await server.response(id);
      assert.equal(r.error?.code, REQUEST_CANCELLED, `${method}: ${JSON.stringify(r)}`);
    }
    // Not cancelled: answered.
    const ok = await server.request('textDocument/hover', { textDocument: { uri }, position });
    assert.match(JSON.stringify(ok.result), /GOPROXY/);
  } finally {
    await server.kill();
  }
});
