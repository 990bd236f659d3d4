// The custom protocol with the VS Code client (server/src/protocol): the mirrors request, the health
// notification and its effects, the container plan, the mirror edit and a go.mod's requirements, over a real
// stdio connection.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CodeAction, Hover, MarkupContent, TextEdit } from 'vscode-languageserver-types';
import { makeWorkspace, startServer } from '../support/lspClient';
import { applyEdits } from '../support/analysisHarness';
import {
  CONTAINER_PLAN_REQUEST,
  HEALTH_NOTIFICATION,
  MIRRORS_REQUEST,
  MIRROR_EDIT_REQUEST,
  REQUIREMENTS_REQUEST,
  type GoModRequirement,
} from '../../server/src/protocol';

const df = (...lines: string[]) => lines.join('\n') + '\n';
const GOMOD = df('module example.com/app', '', 'go 1.23.4', '', 'require github.com/google/uuid v1.6.0');

test('mirrors: the stage under the cursor, credentials redacted for display but kept for probing; fallbacks by separator', async () => {
  const dir = makeWorkspace({ 'go.mod': GOMOD });
  const client = await startServer({ rootDir: dir, settings: { mirrors: ['https://mirror.settings.example'] } });
  try {
    const uri = `file://${dir}/Dockerfile`;
    client.open(
      uri,
      df(
        'FROM golang:1.23 AS a',
        'ENV GOPROXY=https://u:s3cret@athens.corp.example|https://goproxy.cn,direct',
        'RUN go mod download',
        'FROM golang:1.23 AS b',
        'RUN go build ./...',
      ),
    );
    await client.diagnostics(uri);
    const a = (await client.conn.sendRequest(MIRRORS_REQUEST.method, { textDocument: { uri }, position: { line: 2, character: 0 } })) as Record<
      string,
      unknown
    >;
    assert.deepEqual(a, {
      source: 'dockerfile',
      dockerfile: uri,
      stage: 'a',
      entries: [
        { url: 'https://***@athens.corp.example', probeUrl: 'https://u:s3cret@athens.corp.example', kind: 'proxy', fallback: 'anyError' },
        { url: 'https://goproxy.cn', probeUrl: 'https://goproxy.cn', kind: 'proxy', fallback: 'notFound' },
        { url: 'direct', kind: 'direct', fallback: null },
      ],
    });
    // Stage b sets nothing: the setting's mirrors apply.
    const b = (await client.conn.sendRequest(MIRRORS_REQUEST.method, { textDocument: { uri }, position: { line: 4, character: 0 } })) as {
      source: string;
      entries: { url: string }[];
    };
    assert.equal(b.source, 'settings');
    assert.deepEqual(
      b.entries.map((e) => e.url),
      ['https://mirror.settings.example'],
    );
    // go.mod: the Dockerfile that builds it.
    const mod = (await client.conn.sendRequest(MIRRORS_REQUEST.method, { textDocument: { uri: `file://${dir}/go.mod` } })) as { source: string };
    assert.equal(mod.source, 'dockerfile');
  } finally {
    await client.close();
  }
});

test('health: failing mirror → goproxy-unhealthy, default failing → goproxy-unset warning, hover shows health, fixes propose the fastest', async () => {
  const client = await startServer();
  try {
    const uri = 'file:///h/Dockerfile';
    client.open(
      uri,
      df('FROM golang:1.23 AS a', 'ENV GOPROXY=https://goproxy.cn,direct', 'RUN go mod download', 'FROM golang:1.23 AS b', 'RUN go build ./...'),
    );
    await client.diagnostics(uri);
    const now = new Date().toISOString();
    client.conn.sendNotification(HEALTH_NOTIFICATION.method, {
      mirrors: [
        { url: 'https://goproxy.cn', ok: false, error: 'TCP connect timeout', checkedAt: now },
        { url: 'https://proxy.golang.org', ok: false, error: 'DNS failure', checkedAt: now },
        { url: 'https://mirrors.aliyun.com/goproxy', ok: true, latencyMs: 40, checkedAt: now },
        { url: 'https://goproxy.io', ok: true, latencyMs: 90, checkedAt: now },
      ],
    });
    const diags = await client.diagnostics(uri, (d) => d.some((x) => x.code === 'goproxy-unhealthy'));
    const unhealthy = diags.find((d) => d.code === 'goproxy-unhealthy')!;
    assert.match(unhealthy.message, /TCP connect timeout/);
    const unset = diags.find((d) => d.code === 'goproxy-unset')!;
    assert.equal(unset.severity, 2, 'warning when the default proxy fails from here');
    const actions = (await client.conn.sendRequest('textDocument/codeAction', {
      textDocument: { uri },
      range: unset.range,
      context: { diagnostics: [unset] },
    })) as CodeAction[];
    assert.match(actions.find((a) => a.diagnostics?.[0].code === 'goproxy-unset')!.title, /mirrors\.aliyun\.com\/goproxy,direct/);
    const hover = (await client.conn.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 1, character: 20 } })) as Hover;
    assert.match((hover.contents as MarkupContent).value, /❌ TCP connect timeout/);
  } finally {
    await client.close();
  }
});

test('containerPlan: module dir, image and the Go environment of the stage; mirrorEdit puts a mirror first', async () => {
  const dir = makeWorkspace({ 'go.mod': GOMOD, 'go.sum': '' });
  const client = await startServer({ rootDir: dir });
  try {
    const uri = `file://${dir}/Dockerfile`;
    const text = df(
      'ARG GO=1.23.4',
      'FROM golang:${GO}-alpine AS build',
      'ARG GO',
      'ENV GOPROXY=https://goproxy.cn|https://proxy.golang.org,direct GOPRIVATE=git.corp.example',
      'RUN go mod download',
    );
    client.open(uri, text);
    await client.diagnostics(uri);
    const plan = (await client.conn.sendRequest(CONTAINER_PLAN_REQUEST.method, { textDocument: { uri }, position: { line: 4, character: 0 } })) as Record<
      string,
      unknown
    >;
    assert.equal(plan.moduleDir, dir);
    assert.equal(plan.image, 'golang:1.23.4-alpine');
    assert.deepEqual(plan.env, { GOPROXY: 'https://goproxy.cn|https://proxy.golang.org,direct', GOPRIVATE: 'git.corp.example' });
    assert.equal(plan.stage, 'build');
    assert.deepEqual(plan.modules, ['github.com/google/uuid']);
    assert.ok(
      (plan.notes as string[]).some((n) => /GOSUMDB/.test(n)),
      'says which variables keep the image defaults',
    );
    const fromGoMod = (await client.conn.sendRequest(CONTAINER_PLAN_REQUEST.method, { textDocument: { uri: `file://${dir}/go.mod` } })) as Record<
      string,
      unknown
    >;
    assert.equal(fromGoMod.image, 'golang:1.23.4-alpine');
    const edit = (await client.conn.sendRequest(MIRROR_EDIT_REQUEST.method, {
      textDocument: { uri },
      position: { line: 4, character: 0 },
      mirror: 'https://mirrors.aliyun.com/goproxy',
    })) as { changes: Record<string, TextEdit[]> };
    const fixed = applyEdits(text, edit.changes[uri]);
    assert.match(fixed, /ENV GOPROXY=https:\/\/mirrors\.aliyun\.com\/goproxy,https:\/\/goproxy\.cn\|https:\/\/proxy\.golang\.org,direct GOPRIVATE/);
    assert.equal(
      await client.conn.sendRequest(MIRROR_EDIT_REQUEST.method, { textDocument: { uri }, mirror: 'https://***@x.example' }),
      null,
      'never writes a redacted URL',
    );
  } finally {
    await client.close();
  }
});

test('requirements: the require lines of a go.mod with the exact range of each module path, from the open document first', async () => {
  const onDisk = df(
    'module example.com/app',
    '',
    'go 1.23.4',
    '',
    'require github.com/google/uuid v1.6.0',
    '',
    'require (',
    '\t"golang.org/x/text" v0.14.0 // indirect',
    '\t// example.com/gone v1.0.0',
    ')',
    '',
    'replace example.com/old v1.0.0 => example.com/new v1.1.0',
  );
  const dir = makeWorkspace({ 'go.mod': onDisk, Dockerfile: df('FROM golang:1.23', 'RUN go mod download') });
  const client = await startServer({ rootDir: dir });
  try {
    const uri = `file://${dir}/go.mod`;
    const ask = async (u: string) => (await client.conn.sendRequest(REQUIREMENTS_REQUEST.method, { textDocument: { uri: u } })) as GoModRequirement[] | null;
    const range = (line: number, start: number, end: number) => ({ start: { line, character: start }, end: { line, character: end } });
    // Read from disk: a commented-out line and a replace are no requirements; a quoted path's range keeps its quotes.
    assert.deepEqual(await ask(uri), [
      { path: 'github.com/google/uuid', version: 'v1.6.0', range: range(4, 8, 30) },
      { path: 'golang.org/x/text', version: 'v0.14.0', range: range(7, 1, 20) },
    ]);
    // Open with unsaved edits: the document, not the file.
    client.open(uri, df('module example.com/app', '', 'go 1.23.4', '', '', 'require github.com/google/uuid v1.6.0'), 'go.mod');
    assert.deepEqual(await ask(uri), [{ path: 'github.com/google/uuid', version: 'v1.6.0', range: range(5, 8, 30) }]);
    assert.equal(await ask(`file://${dir}/Dockerfile`), null, 'a Dockerfile has no requirements');
    assert.equal(await ask(`file://${dir}/sub/go.mod`), null, 'a go.mod that is not there');
  } finally {
    await client.close();
  }
});
