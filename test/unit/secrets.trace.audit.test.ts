// Credential audit of the LSP trace: everything the language server and the client say to each other (the
// document texts, the settings, every answer) as the "Go Proxy Doctor" output channel would log it with
// trace on, passed through the client's RedactingOutputChannel. The wire itself carries the credentials (the
// client must send documents as they are); the channel must not show a single one.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import type * as vscode from 'vscode';
import { makeWorkspace, startServer } from '../support/lspClient';
import { LeakScanner } from '../support/leaks';
import { DOCKERFILE, GOMOD, GOWORK, SECRET, SETTINGS, shapeNeedles } from '../support/secretShapes';
import { RedactingOutputChannel } from '../../client/src/redactingChannel';
import { CONTAINER_PLAN_REQUEST, MIRRORS_REQUEST } from '../../server/src/protocol';

const dir = makeWorkspace({ Dockerfile: DOCKERFILE, 'go.mod': GOMOD, 'go.work': GOWORK });
after(() => fs.rmSync(dir, { recursive: true, force: true }));

/** An output channel that keeps what reached it (what the user would see in the Output view). */
function recordingChannel(): { channel: vscode.OutputChannel; shown: string[] } {
  const shown: string[] = [];
  const channel = {
    name: 'Go Proxy Doctor',
    append: (v: string) => shown.push(v),
    appendLine: (v: string) => shown.push(v),
    replace: (v: string) => shown.push(v),
  };
  return { channel: channel as unknown as vscode.OutputChannel, shown };
}

/** The JSON-RPC messages of a byte stream (Content-Length framed). */
function frames(wire: string): Array<Record<string, unknown>> {
  const out: Array<Record<string, unknown>> = [];
  let rest = Buffer.from(wire, 'utf8');
  for (;;) {
    const head = rest.indexOf('\r\n\r\n');
    if (head < 0) return out;
    const length = Number(/Content-Length: (\d+)/i.exec(rest.subarray(0, head).toString())?.[1] ?? NaN);
    if (!(rest.length >= head + 4 + length)) return out;
    out.push(JSON.parse(rest.subarray(head + 4, head + 4 + length).toString('utf8')));
    rest = rest.subarray(head + 4 + length);
  }
}

/** One message as vscode-languageclient's trace (verbose) writes it. */
function traceLines(direction: 'Sending' | 'Received', m: Record<string, unknown>): string {
  const what = m.method
    ? `${m.id !== undefined ? 'request' : 'notification'} '${m.method}${m.id !== undefined ? ` - (${m.id})` : ''}'`
    : `response '(${m.id})'`;
  const body = 'params' in m ? `Params: ${JSON.stringify(m.params, null, 4)}` : `Result: ${JSON.stringify(m.result ?? m.error ?? null, null, 4)}`;
  return `[Trace - 12:00:00] ${direction} ${what}.\n${body}\n\n`;
}

test('LSP trace through the client channel: the wire carries every shape, the Output view none', async () => {
  const leaks = new LeakScanner([{ secret: SECRET, user: 'ci' }, ...shapeNeedles()]);
  const c = await startServer({ rootDir: dir, settings: SETTINGS, resolveEdits: true });
  let sent = '';
  let received = '';
  const write = c.proc.stdin.write.bind(c.proc.stdin) as (chunk: string | Uint8Array, ...rest: unknown[]) => boolean;
  c.proc.stdin.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => (
    (sent += Buffer.from(chunk).toString('utf8')),
    write(chunk, ...rest)
  )) as typeof c.proc.stdin.write;
  c.proc.stdout.on('data', (b: Buffer) => (received += b.toString('utf8')));
  try {
    const docs = [
      { uri: `file://${dir}/Dockerfile`, text: DOCKERFILE, lang: 'dockerfile' },
      { uri: `file://${dir}/go.mod`, text: GOMOD, lang: 'go.mod' },
      { uri: `file://${dir}/go.work`, text: GOWORK, lang: 'go.work' },
    ];
    for (const d of docs) c.open(d.uri, d.text, d.lang);
    const diags = await c.diagnostics(docs[0]!.uri, (d) => d.some((x) => x.code === 'goproxy-credentials'));
    await c.diagnostics(docs[1]!.uri, (d) => d.length > 0);
    for (const d of docs) {
      for (let line = 0; line < d.text.split('\n').length; line++) {
        await c.conn.sendRequest('textDocument/hover', { textDocument: { uri: d.uri }, position: { line, character: 14 } });
        await c.conn.sendRequest(CONTAINER_PLAN_REQUEST.method, { textDocument: { uri: d.uri }, position: { line, character: 0 } });
      }
      await c.conn.sendRequest(MIRRORS_REQUEST.method, { textDocument: { uri: d.uri } });
    }
    const all = { start: { line: 0, character: 0 }, end: { line: 99, character: 0 } };
    await c.conn.sendRequest('textDocument/codeAction', { textDocument: { uri: docs[0]!.uri }, range: all, context: { diagnostics: diags } });
  } finally {
    await c.close();
  }
  // The settings went out with initialize, before the tap: the trace logs them like any request.
  const trace = [traceLines('Sending', { method: 'initialize', id: 0, params: { initializationOptions: { settings: SETTINGS } } })];
  for (const m of frames(sent)) trace.push(traceLines('Sending', m));
  for (const m of frames(received)) trace.push(traceLines('Received', m));
  const raw = trace.join('');
  for (const n of shapeNeedles()) assert.ok(raw.includes(JSON.stringify(n.secret).slice(1, -1)), `the wire carries ${n.shape} (else this test proves nothing)`);
  const { channel, shown } = recordingChannel();
  const out = new RedactingOutputChannel(channel);
  trace.forEach((t, i) => (i % 2 ? out.append(t) : out.appendLine(t)));
  out.replace(trace.slice(0, 3).join(''));
  shown.forEach((s, i) => leaks.scan(`Output view, write ${i}`, s));
  assert.match(shown.join(''), /athens2\.corp\.example/, 'hosts stay readable');
  leaks.assertNone();
});
