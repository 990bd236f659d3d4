// The server under hostile input: 10 MB documents, binary garbage, unterminated heredocs, CRLF and BOM,
// requests for unopened documents and out-of-range positions. It must answer every time, and every
// published range must lie inside its document.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Diagnostic, Hover, MarkupContent } from 'vscode-languageserver-types';
import { startServer } from '../support/lspClient';
import { LineIndex } from '../../server/src/core/text';

function assertInside(diags: Diagnostic[], text: string) {
  const index = new LineIndex(text);
  for (const d of diags) {
    for (const p of [d.range.start, d.range.end]) {
      assert.ok(p.line < index.lineCount && p.character <= index.line(p.line).length, `${d.code} at ${JSON.stringify(p)} is outside the document`);
    }
  }
}

async function hoverStillWorks(client: Awaited<ReturnType<typeof startServer>>) {
  const uri = 'file:///probe/Dockerfile';
  client.open(uri, 'FROM golang:1.22\nENV GOPROXY=https://goproxy.cn,direct\n');
  await client.diagnostics(uri);
  const hover = (await client.conn.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 1, character: 6 } })) as Hover;
  assert.match((hover.contents as MarkupContent).value, /\*\*GOPROXY\*\*/);
}

test('a 10 MB Dockerfile is diagnosed within a bounded time and the server stays responsive', async () => {
  const client = await startServer();
  try {
    const block = 'FROM golang:1.22 AS s\nENV GOPROXY=https://goproxy.cn;direct\nCOPY . .\nRUN go mod download && go build ./...\n';
    const text = block.repeat(Math.ceil((10 * 1024 * 1024) / block.length));
    const uri = 'file:///big/Dockerfile';
    const started = Date.now();
    client.open(uri, text);
    const diags = await client.diagnostics(uri, (d) => d.length > 0, 60_000);
    const ms = Date.now() - started;
    assert.ok(ms < 60_000, `took ${ms} ms`);
    assertInside(diags, text);
    await hoverStillWorks(client);
  } finally {
    await client.close();
  }
});

test('binary garbage, unterminated heredocs, CRLF+BOM and lone CRs: no crash, ranges inside', async () => {
  const client = await startServer();
  try {
    const garbage = Buffer.from(Array.from({ length: 200_000 }, (_, i) => (i * 7919 + 13) % 256)).toString('latin1');
    const docs: [string, string, string][] = [
      ['file:///g/Dockerfile', garbage, 'dockerfile'],
      ['file:///g/go.mod', garbage, 'go.mod'],
      ['file:///h/Dockerfile', 'FROM golang:1.22\nRUN <<EOF\ngo env -w GOPROXY=https://a;b\ngo mod download\n', 'dockerfile'],
      ['file:///c/Dockerfile', '\uFEFFFROM golang:1.22\r\nENV GOPROXY=direct,\\\r\n  https://goproxy.cn\r\nRUN go mod download\r', 'dockerfile'],
      ['file:///r/Dockerfile', 'FROM golang:1.22\rENV GOSUMDB=off\rRUN go get x\r', 'dockerfile'],
      ['file:///q/go.mod', 'module x\n\ngo 1.22\nrequire (\n\t"unterminated v1\n', 'go.mod'],
    ];
    for (const [uri, text, lang] of docs) {
      client.open(uri, text, lang);
      assertInside(await client.diagnostics(uri, () => true, 20_000), text);
    }
    await hoverStillWorks(client);
  } finally {
    await client.close();
  }
});

test('requests for unopened documents and out-of-range positions get empty answers, not errors', async () => {
  const client = await startServer();
  try {
    const none = 'file:///never/opened/Dockerfile';
    assert.equal(await client.conn.sendRequest('textDocument/hover', { textDocument: { uri: none }, position: { line: 0, character: 0 } }), null);
    assert.deepEqual(await client.conn.sendRequest('textDocument/completion', { textDocument: { uri: none }, position: { line: 0, character: 0 } }), []);
    assert.deepEqual(
      await client.conn.sendRequest('textDocument/codeAction', {
        textDocument: { uri: none },
        range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
        context: { diagnostics: [] },
      }),
      [],
    );
    const uri = 'file:///small/Dockerfile';
    client.open(uri, 'FROM golang:1.22\n');
    await client.diagnostics(uri);
    for (const position of [
      { line: 999, character: 0 },
      { line: 0, character: 999 },
      { line: -1, character: -5 },
    ]) {
      await client.conn.sendRequest('textDocument/hover', { textDocument: { uri }, position });
      await client.conn.sendRequest('textDocument/completion', { textDocument: { uri }, position });
    }
    await hoverStillWorks(client);
  } finally {
    await client.close();
  }
});

test('malformed JSON-RPC frames and unknown methods: the server answers errors and keeps serving', async () => {
  const client = await startServer();
  try {
    // Broken frames straight onto stdin: a body that is not JSON, a wrong Content-Length, a header without a body.
    client.proc.stdin.write('Content-Length: 12\r\n\r\n{not json!!}');
    client.proc.stdin.write('Content-Length: 5\r\n\r\n{"a":');
    client.proc.stdin.write('Content-Length: 2\r\n\r\n{}');
    await assert.rejects(client.conn.sendRequest('goProxyDoctor/noSuchMethod', {}), /Unhandled method|not found/i);
    await assert.rejects(
      client.conn.sendRequest('textDocument/hover', { nonsense: true }),
      (e: { code?: number }) => e.code === -32602,
      'bad params get InvalidParams',
    );
    client.conn.sendNotification('textDocument/didOpen', { textDocument: null });
    client.conn.sendNotification('textDocument/didChange', { textDocument: { uri: 'file:///never/Dockerfile', version: 3 }, contentChanges: [{ text: 'x' }] });
    await hoverStillWorks(client);
    assert.equal(client.proc.exitCode, null, 'the server is still running');
  } finally {
    await client.close();
  }
});

test('a didChange storm (1,000 edits in a second) is coalesced and the server stays responsive', async () => {
  const client = await startServer();
  try {
    const uri = 'file:///storm/Dockerfile';
    const base = 'FROM golang:1.22 AS build\nENV GOPROXY=https://goproxy.cn,direct\n' + 'COPY . .\nRUN go build ./...\n'.repeat(200);
    client.open(uri, base);
    await client.diagnostics(uri);
    const before = client.publishCount(uri);
    const started = Date.now();
    for (let v = 2; v <= 1001; v++) {
      client.change(uri, v, base.replace('goproxy.cn,direct', `goproxy.cn,direct${v % 2 ? ';x' : ''}`));
      if (v % 50 === 0) await new Promise((r) => setTimeout(r, 45));
    }
    const sendMs = Date.now() - started;
    // While the storm settles, requests are still answered promptly.
    const t0 = Date.now();
    await client.conn.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 1, character: 6 } });
    const hoverMs = Date.now() - t0;
    // The last version (1001: with the `;x` error) ends up diagnosed.
    const last = await client.diagnostics(uri, (d) => d.some((x) => x.code === 'goproxy-invalid'), 10_000);
    assert.ok(last.length > 0);
    assert.ok(sendMs < 5000, `sending took ${sendMs} ms`);
    assert.ok(hoverMs < 1000, `hover took ${hoverMs} ms during the storm`);
    const published = client.publishCount(uri) - before;
    assert.ok(published < 100, `published ${published} times for 1,000 edits: edits must be coalesced`);
    await hoverStillWorks(client);
  } finally {
    await client.close();
  }
});
