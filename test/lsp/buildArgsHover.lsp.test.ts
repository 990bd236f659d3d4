// Hovers and completions over a real connection see the workspace's builds: a compose.yaml on disk passes GOPROXY,
// and the hover on the Dockerfile's ARG shows that value under the service's label (updated as compose.yaml is edited).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CompletionItem, Hover, MarkupContent } from 'vscode-languageserver-types';
import { makeWorkspace, startServer } from '../support/lspClient';

const lines = (...l: string[]) => l.join('\n') + '\n';
const GOMOD = lines('module example.com/app', '', 'go 1.22', '', 'require github.com/google/uuid v1.6.0');
const COMPOSE = lines(
  'services:',
  '  api:',
  '    build:',
  '      context: .',
  '      args:',
  '        GOPROXY: "https://goproxy.cn,direct"',
  '  worker:',
  '    build:',
  '      context: .',
);

test('hover on ARG GOPROXY shows the value compose.yaml passes, per service; completion offers it', async () => {
  const dir = makeWorkspace({ 'go.mod': GOMOD, 'compose.yaml': COMPOSE });
  const client = await startServer({ rootDir: dir });
  try {
    const uri = `file://${dir}/Dockerfile`;
    const composeUri = `file://${dir}/compose.yaml`;
    client.open(uri, lines('FROM golang:1.22', 'ARG GOPROXY', 'RUN go mod download'));
    await client.diagnostics(uri);
    const hoverAt = async (line: number, character: number) =>
      ((await client.conn.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line, character } })) as Hover | null)?.contents as
        MarkupContent | undefined;
    const onArg = (await hoverAt(1, 6))!.value;
    assert.match(onArg, /- compose\.yaml service api: `https:\/\/goproxy\.cn,direct`/);
    assert.match(onArg, /- compose\.yaml service worker: not passed \(`ARG` on line 2 has no default\)/);
    assert.match((await hoverAt(2, 8))!.value, /\*\*GOPROXY\*\* by build:\n- compose\.yaml service api: `https:\/\/goproxy\.cn,direct`/);
    // Edited in the editor: the hover follows the open compose.yaml.
    client.open(composeUri, COMPOSE, 'dockercompose');
    client.change(composeUri, 2, COMPOSE.replace('goproxy.cn,direct', 'goproxy.io,direct'));
    assert.match((await hoverAt(1, 6))!.value, /- compose\.yaml service api: `https:\/\/goproxy\.io,direct`/);
    // Completion in a new ARG value offers what the service passes.
    client.change(uri, 2, lines('FROM golang:1.22', 'ARG GOPROXY=', 'RUN go mod download'));
    const items = (await client.conn.sendRequest('textDocument/completion', {
      textDocument: { uri },
      position: { line: 1, character: 12 },
    })) as CompletionItem[];
    assert.deepEqual(
      items.filter((i) => i.detail?.startsWith('passed by')).map((i) => i.label),
      ['https://goproxy.io,direct'],
    );
  } finally {
    await client.close();
  }
});

test('hover on ARG GOPROXY with no build in the workspace: set only by --build-arg, no build passes it', async () => {
  const dir = makeWorkspace({ 'go.mod': GOMOD });
  const client = await startServer({ rootDir: dir });
  try {
    const uri = `file://${dir}/Dockerfile`;
    client.open(uri, lines('FROM golang:1.22', 'ARG GOPROXY', 'RUN go mod download'));
    await client.diagnostics(uri);
    const h = (await client.conn.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 1, character: 6 } })) as Hover;
    const text = (h.contents as MarkupContent).value;
    assert.match(text, /set only by `--build-arg` \(`ARG` on line 2 has no default\); no build passes it here/);
    assert.doesNotMatch(text, /by build/);
  } finally {
    await client.close();
  }
});
