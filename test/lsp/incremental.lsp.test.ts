// The server re-analyses an edited Dockerfile with the previous analysis at hand, reusing what the edit did not
// touch. Over a real stdio connection: after every kind of edit (a ranged change inside a line, a line inserted,
// a FROM removed so two stages merge, a new escape directive), the diagnostics it publishes are exactly those a
// fresh server publishes for the same text, and hovers answer as a fresh server does.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Diagnostic } from 'vscode-languageserver-types';
import { startServer, type LspClient } from '../support/lspClient';
import { largeDockerfile } from '../bench/documents';

const URI = 'file:///incremental/Dockerfile';

/** The text with `remove` lines at line `at` replaced by `insert`. */
function spliced(text: string, at: number, remove: number, ...insert: string[]): string {
  const lines = text.split('\n');
  lines.splice(at, remove, ...insert);
  return lines.join('\n');
}

/** Two servers: one with the 400-stage Dockerfile open and its first diagnostics in, to edit; one to compare with. */
async function withEditedAndFresh(body: (edited: LspClient, fresh: LspClient, text: string) => Promise<void>): Promise<void> {
  const edited = await startServer();
  const fresh = await startServer();
  try {
    const text = largeDockerfile(400);
    edited.open(URI, text, 'dockerfile', 1);
    await edited.diagnostics(URI, (d) => d.length > 0);
    await body(edited, fresh, text);
  } finally {
    await edited.close();
    await fresh.close();
  }
}

test('edits to a large Dockerfile: every publish equals a fresh analysis of the same text', () =>
  withEditedAndFresh(async (edited, fresh, opened) => {
    let text = opened;
    let version = 1;

    const expectSame = async (label: string) => {
      const uri = `file:///fresh/${version}/Dockerfile`;
      fresh.open(uri, text);
      const expected = await fresh.diagnostics(uri);
      assert.ok(expected.length > 0, `${label}: the fresh server found nothing to compare with`);
      const same = (d: Diagnostic[]) => JSON.stringify(d) === JSON.stringify(expected);
      const got = await edited.diagnostics(URI, same, 5000).catch(() => edited.latest(URI));
      assert.deepEqual(got, expected, `${label}: incremental diagnostics differ from a fresh analysis`);
      // Hovers read the reused parse too: one on a GOPROXY far below the edits, one on the global GOPROXY.
      const lines = text.split('\n');
      const far = lines.findIndex((l, i) => i > 300 && l.startsWith('ENV GOPROXY='));
      const globalProxy = lines.findIndex((l) => l.startsWith('ARG GOPROXY='));
      for (const position of [
        { line: far, character: 6 },
        { line: globalProxy, character: 6 },
      ]) {
        const hover = (u: string, c: typeof edited) => c.conn.sendRequest('textDocument/hover', { textDocument: { uri: u }, position });
        const want = await hover(uri, fresh);
        assert.ok(want, `${label}: the fresh server has no hover at ${JSON.stringify(position)} to compare with`);
        assert.deepEqual(await hover(URI, edited), want, `${label}: hover at ${JSON.stringify(position)} differs from a fresh analysis`);
      }
    };

    // 1. A ranged change inside one line (the kind of edit typing makes): a `;` in the global GOPROXY default,
    //    which every stage takes over.
    const lines = text.split('\n');
    const at = lines.findIndex((l) => l.startsWith('ARG GOPROXY='));
    const col = lines[at].indexOf(',');
    lines[at] = lines[at].slice(0, col) + ';' + lines[at].slice(col + 1);
    text = lines.join('\n');
    edited.conn.sendNotification('textDocument/didChange', {
      textDocument: { uri: URI, version: ++version },
      contentChanges: [{ range: { start: { line: at, character: col }, end: { line: at, character: col + 1 } }, text: ';' }],
    });
    await expectSame('a character replaced');

    // 2. A line inserted in the middle: everything below moves down.
    const insertAt = text.split('\n').findIndex((l, i) => i > 250 && l === 'WORKDIR /src');
    text = spliced(text, insertAt, 0, 'ENV GOFLAGS=-insecure');
    edited.change(URI, ++version, text);
    await expectSame('a line inserted');

    // 3. A FROM removed: two stages become one, and later stage indices shift.
    const fromAt = text.split('\n').findIndex((l, i) => i > 100 && l.startsWith('FROM '));
    text = spliced(text, fromAt, 1);
    edited.change(URI, ++version, text);
    await expectSame('a FROM removed');

    // 4. An escape directive: every instruction is read differently.
    text = '# escape=`\n' + text;
    edited.change(URI, ++version, text);
    await expectSame('an escape directive added');

    // 5. Back to the first text, in one change.
    text = largeDockerfile(400);
    edited.change(URI, ++version, text);
    await expectSame('the original text again');
  }));

test('a burst of keystrokes: publishes only go forward, fewer than the keys, and the last is the final text, as a fresh analysis of it', () =>
  withEditedAndFresh(async (edited, fresh, first) => {
    let text = first;
    let version = 1;
    const opened = edited.publishCount(URI);
    // Twelve keys in one burst, each a character typed into the global GOPROXY default.
    const at = text.split('\n').findIndex((l) => l.startsWith('ARG GOPROXY='));
    const keys = 12;
    for (let k = 0; k < keys; k++) {
      const lines = text.split('\n');
      lines[at] = `${lines[at]};`;
      text = lines.join('\n');
      edited.conn.sendNotification('textDocument/didChange', {
        textDocument: { uri: URI, version: ++version },
        contentChanges: [{ range: { start: { line: at, character: lines[at].length - 1 }, end: { line: at, character: lines[at].length - 1 } }, text: ';' }],
      });
    }
    const last = version;
    await edited.diagnostics(URI, () => edited.publishedVersions(URI).at(-1) === last, 10_000);
    const versions = edited.publishedVersions(URI);
    for (let i = 1; i < versions.length; i++) assert.ok(versions[i]! > versions[i - 1]!, `published versions go forward: ${versions.join(', ')}`);
    assert.ok(edited.publishCount(URI) - opened < keys, `the burst is coalesced: ${versions.join(', ')}`);
    fresh.open('file:///fresh/Dockerfile', text);
    assert.deepEqual(edited.latest(URI), await fresh.diagnostics('file:///fresh/Dockerfile'), 'the final text, as a fresh analysis of it');
  }));
