// Parameters of the wrong shape, over stdio against the built server: a document whose uri is not a string must be
// refused (with a logged reason, in the client's language) instead of taking the server down from a timer later;
// malformed request parameters get InvalidParams; positions past the end of a line or file are moved inside it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CompletionItem, Hover, MarkupContent, Range, TextEdit } from 'vscode-languageserver-types';
import { startServer, type LspClient } from '../support/lspClient';
import { startRaw } from '../support/rawLsp';
import { LineIndex } from '../../server/src/core/text';
import {
  CONTAINER_PLAN_REQUEST,
  HEALTH_NOTIFICATION,
  MIRRORS_REQUEST,
  MIRROR_EDIT_REQUEST,
  PRIVATE_EDIT_REQUEST,
  REQUIREMENTS_REQUEST,
} from '../../server/src/protocol';

const INVALID_PARAMS = -32602;
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function hoverStillWorks(client: LspClient) {
  const uri = 'file:///probe/Dockerfile';
  client.open(uri, 'FROM golang:1.22\nENV GOPROXY=https://goproxy.cn,direct\n');
  await client.diagnostics(uri);
  const hover = (await client.conn.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 1, character: 6 } })) as Hover;
  assert.match((hover.contents as MarkupContent).value, /\*\*GOPROXY\*\*/);
  assert.equal(client.proc.exitCode, null, 'the server is still running');
}

/** Every event that makes the server look at all open documents again, after the bad didOpen. */
function touchEverything(client: LspClient) {
  client.conn.sendNotification('workspace/didChangeConfiguration', { settings: { goProxyDoctor: { mirrors: ['https://goproxy.cn'] } } });
  client.conn.sendNotification(HEALTH_NOTIFICATION.method, {
    mirrors: [{ url: 'https://goproxy.cn', ok: true, latencyMs: 5, checkedAt: new Date().toISOString() }],
  });
  client.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: 'file:///w/go.mod', type: 2 }] });
}

for (const [label, uri] of [
  ['null', null],
  ['a number', 42],
  ['malformed percent-encoding', 'file:///w/%E0%A4%A/Dockerfile'],
] as const) {
  test(`didOpen whose uri is ${label}, then settings, health and watched-file changes: refused and logged, no exit`, async () => {
    const client = await startServer();
    try {
      client.conn.sendNotification('textDocument/didOpen', {
        textDocument: { uri, languageId: 'dockerfile', version: 1, text: 'FROM golang:1.22\nRUN go mod download\n' },
      });
      touchEverything(client);
      // Past the server's debounce (60–400 ms): the timers that used to throw have fired by then.
      await pause(600);
      touchEverything(client);
      await pause(600);
      await hoverStillWorks(client);
      assert.ok(
        client.logs.some((l) => /Refused textDocument\/didOpen: textDocument\.uri/.test(l)),
        `a logged reason; logs: ${client.logs.join('\n')}`,
      );
    } finally {
      await client.close();
    }
  });
}

test('refusals are logged in the client language (zh-cn)', async () => {
  const client = await startServer({ locale: 'zh-CN' });
  try {
    client.conn.sendNotification('textDocument/didOpen', { textDocument: { uri: null, languageId: 'dockerfile', version: 1, text: '' } });
    await hoverStillWorks(client);
    assert.ok(
      client.logs.some((l) => l.includes('已拒绝 textDocument/didOpen') && l.includes('textDocument.uri 必须是字符串')),
      client.logs.join('\n'),
    );
  } finally {
    await client.close();
  }
});

test('malformed document notifications are refused, the documents that were fine stay as they were', async () => {
  const client = await startServer();
  try {
    const uri = 'file:///n/Dockerfile';
    client.open(uri, 'FROM golang:1.22\nENV GOPROXY=https://goproxy.cn;direct\n');
    await client.diagnostics(uri, (d) => d.some((x) => x.code === 'goproxy-invalid'));
    const bad: [string, unknown][] = [
      ['textDocument/didOpen', { textDocument: { uri: 'file:///n2/Dockerfile', languageId: 'dockerfile', version: 'one', text: 'FROM x' } }],
      ['textDocument/didOpen', { textDocument: { uri: 'file:///n3/Dockerfile', languageId: 'dockerfile', version: 1, text: 7 } }],
      ['textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ range: { start: { line: 'a' } }, text: 'x' }] }],
      ['textDocument/didChange', { textDocument: { uri, version: null }, contentChanges: [{ text: 'FROM scratch\n' }] }],
      ['textDocument/didChange', { textDocument: { uri }, contentChanges: 'FROM scratch' }],
      ['textDocument/didSave', { textDocument: { uri: 5 } }],
      ['textDocument/didClose', { textDocument: [uri] }],
      ['textDocument/didClose', null],
      ['workspace/didChangeWatchedFiles', { changes: [{ uri: null, type: 1 }] }],
      [HEALTH_NOTIFICATION.method, { mirrors: 'all fine' }],
      [HEALTH_NOTIFICATION.method, null],
    ];
    for (const [method, params] of bad) client.conn.sendNotification(method, params);
    await hoverStillWorks(client);
    for (const [method] of bad)
      assert.ok(
        client.logs.some((l) => l.startsWith(`Refused ${method}:`)),
        `${method} refused; logs: ${client.logs.join('\n')}`,
      );
    // The document is still open, at version 1: a hover on it answers from its text.
    const hover = (await client.conn.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 1, character: 6 } })) as Hover;
    assert.match((hover.contents as MarkupContent).value, /goproxy\.cn/);
  } finally {
    await client.close();
  }
});

test('malformed request parameters get InvalidParams (-32602) from every request handler', async () => {
  const client = await startServer();
  try {
    const uri = 'file:///p/Dockerfile';
    client.open(uri, 'FROM golang:1.22\nENV GOPROXY=https://goproxy.cn;direct\nRUN go mod download\n');
    await client.diagnostics(uri);
    const zero = { line: 0, character: 0 };
    const cases: [string, unknown][] = [
      ['textDocument/hover', { textDocument: { uri } }],
      ['textDocument/hover', { textDocument: uri, position: zero }],
      ['textDocument/hover', { textDocument: { uri }, position: { line: 1.5, character: 0 } }],
      ['textDocument/completion', { textDocument: { uri }, position: { line: '1', character: 0 } }],
      ['textDocument/completion', { textDocument: null, position: zero }],
      ['textDocument/codeAction', { textDocument: { uri }, range: { start: zero }, context: { diagnostics: [] } }],
      ['textDocument/codeAction', { textDocument: { uri }, range: { start: zero, end: zero } }],
      ['textDocument/codeLens', { textDocument: { uri: 12 } }],
      ['codeAction/resolve', { title: 3 }],
      [MIRRORS_REQUEST.method, { textDocument: 'file:///p/Dockerfile' }],
      [MIRRORS_REQUEST.method, { textDocument: { uri }, position: 'end' }],
      [CONTAINER_PLAN_REQUEST.method, {}],
      [MIRROR_EDIT_REQUEST.method, { textDocument: { uri }, mirror: ['https://goproxy.cn'] }],
      [PRIVATE_EDIT_REQUEST.method, { textDocument: { uri } }],
      [REQUIREMENTS_REQUEST.method, { textDocument: { uri: 42 } }],
    ];
    for (const [method, params] of cases) {
      await assert.rejects(client.conn.sendRequest(method, params), (e: { code?: number; message?: string }) => {
        assert.equal(e.code, INVALID_PARAMS, `${method} ${JSON.stringify(params)}: ${e.message}`);
        return true;
      });
    }
    await hoverStillWorks(client);
  } finally {
    await client.close();
  }
});

function assertInside(range: Range, index: LineIndex, what: string) {
  for (const p of [range.start, range.end]) {
    assert.ok(
      p.line >= 0 && p.line < index.lineCount && p.character >= 0 && p.character <= index.lineLength(p.line),
      `${what}: ${JSON.stringify(range)} lies outside the document`,
    );
  }
}

test('completion and hover past the end of a line or of the file answer with ranges inside the document', async () => {
  const client = await startServer();
  try {
    const uri = 'file:///eol/Dockerfile';
    const text = 'FROM golang:1.22\nENV GOPROXY=\n';
    const index = new LineIndex(text);
    client.open(uri, text);
    await client.diagnostics(uri);
    let items = 0;
    for (const position of [
      { line: 1, character: 100 },
      { line: 1, character: 12 },
      { line: 40, character: 3 },
      { line: 0, character: 1000 },
    ]) {
      const list = (await client.conn.sendRequest('textDocument/completion', { textDocument: { uri }, position })) as CompletionItem[];
      for (const item of list) {
        items++;
        const edit = item.textEdit as TextEdit | undefined;
        if (edit) assertInside(edit.range, index, `completion ${item.label} at ${JSON.stringify(position)}`);
        for (const e of item.additionalTextEdits ?? []) assertInside(e.range, index, `additional edit of ${item.label}`);
      }
      const hover = (await client.conn.sendRequest('textDocument/hover', { textDocument: { uri }, position })) as Hover | null;
      if (hover?.range) assertInside(hover.range, index, `hover at ${JSON.stringify(position)}`);
    }
    assert.ok(items > 0, 'completions were offered (past the end of line 1 is the end of `ENV GOPROXY=`)');
    const past = (await client.conn.sendRequest('textDocument/completion', {
      textDocument: { uri },
      position: { line: 1, character: 100 },
    })) as CompletionItem[];
    assert.ok(
      past.some((i) => /goproxy\.cn/.test(i.label)),
      'past the end of the line completes as at its end: mirrors inside GOPROXY',
    );
  } finally {
    await client.close();
  }
});

test('workspace folder events: a malformed one is refused and logged, a well-formed one is taken', async () => {
  const server = startRaw();
  try {
    const init = await server.initialize({ capabilities: { workspace: { workspaceFolders: true } } });
    assert.ok(init.result, JSON.stringify(init));
    server.notify('initialized', {});
    server.notify('workspace/didChangeWorkspaceFolders', { event: { added: [{ uri: null, name: 'x' }], removed: [] } });
    server.notify('workspace/didChangeWorkspaceFolders', null);
    server.notify('workspace/didChangeWorkspaceFolders', { event: { added: [{ uri: 'file:///tmp/ws-added', name: 'ws' }], removed: [] } });
    // A request answered after both notifications: they have been handled by then.
    await server.request('textDocument/hover', { textDocument: { uri: 'file:///none/Dockerfile' }, position: { line: 0, character: 0 } });
    const refusals = server.logs().filter((l) => l.startsWith('Refused workspace/didChangeWorkspaceFolders'));
    assert.equal(refusals.length, 2, server.logs().join('\n'));
    assert.match(refusals[0], /event\.added\[0\]\.uri must be a string/);
    assert.match(refusals[1], /params must be an object \(got null\)/);
    assert.equal(server.proc.exitCode, null);
  } finally {
    await server.kill();
  }
});

test('quick fixes over a whole CR-only document with more findings than are published: only the published ones, edits inside', async () => {
  const client = await startServer();
  try {
    const uri = 'file:///many/Dockerfile';
    const lines: string[] = ['FROM golang:1.22'];
    while (lines.length < 9000) lines.push('ENV GOPROXY=https://goproxy.cn;direct', 'ENV GO111MODULE=on');
    const text = lines.join('\r');
    const index = new LineIndex(text);
    client.open(uri, text);
    const published = await client.diagnostics(uri, (d) => d.length > 0, 30_000);
    assert.equal(published.length, 2000, 'publishing is capped at 2,000 diagnostics');
    const key = (d: { code?: unknown; range: Range }) => `${String(d.code)}@${JSON.stringify(d.range)}`;
    const shown = new Set(published.map(key));
    const whole = { start: { line: 0, character: 0 }, end: { line: index.lineCount, character: 0 } };
    const actions = (await client.conn.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: whole, context: { diagnostics: [] } })) as {
      diagnostics: { code?: unknown; range: Range }[];
      edit?: { changes: Record<string, TextEdit[]> };
    }[];
    assert.ok(actions.length > 0);
    for (const a of actions) {
      for (const d of a.diagnostics) assert.ok(shown.has(key(d)), `an action for a diagnostic that was never published: ${key(d)}`);
      for (const e of a.edit?.changes[uri] ?? []) assertInside(e.range, index, 'quick-fix edit');
    }
  } finally {
    await client.close();
  }
});
