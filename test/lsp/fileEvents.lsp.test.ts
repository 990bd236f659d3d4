// What the server keeps of files on disk, and how it hears they changed: the VS Code client watches them itself; a
// client that can watch for the server is asked to; with neither, module files are looked at again on every read.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { makeWorkspace, startServer } from '../support/lspClient';
import { WATCHED_FILES_GLOB } from '../../server/src/protocol';

const df = (...lines: string[]) => lines.join('\n') + '\n';
const DOCKERFILE = df('FROM golang:1.22', 'WORKDIR /src', 'COPY go.mod go.sum ./', 'RUN go mod download');
const goMod = (go: string) => df('module example.com/app', '', `go ${go}`, '', 'require github.com/google/uuid v1.6.0');
const toolchainError = (d: { code?: unknown }[]) => d.some((x) => x.code === 'toolchain-download');

/** Until the server has done its start-up work (it logs its heap limit once it has registered what it registers). */
async function startUpDone(logs: string[]): Promise<void> {
  for (let i = 0; i < 500 && !logs.some((l) => l.startsWith('JavaScript heap:')); i++) await new Promise((r) => setTimeout(r, 10));
  assert.ok(
    logs.some((l) => l.startsWith('JavaScript heap:')),
    `the server logged its heap limit: ${JSON.stringify(logs)}`,
  );
}

test('a client that can watch files for the server is asked to, for the files the server keeps', async () => {
  const dir = makeWorkspace({ 'go.mod': goMod('1.21'), 'go.sum': '' });
  const client = await startServer({ rootDir: dir, registersWatchers: true });
  try {
    const uri = `file://${dir}/Dockerfile`;
    client.open(uri, DOCKERFILE);
    await client.diagnostics(uri);
    const watch = await client.registered('workspace/didChangeWatchedFiles');
    assert.deepEqual(watch.registerOptions, { watchers: [{ globPattern: WATCHED_FILES_GLOB }] });
    for (const name of ['go.mod', 'go.sum', 'go.work', 'vendor/modules.txt', 'compose.yaml', 'docker-bake.hcl', 'Makefile', '.env'])
      assert.ok(WATCHED_FILES_GLOB.includes(name.split('/').pop()!), name);
    // Once told, the server reads the go.mod again: go 1.23.4 needs a newer Go than golang:1.22.
    fs.writeFileSync(path.join(dir, 'go.mod'), goMod('1.23.4'));
    client.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: `file://${dir}/go.mod`, type: 2 }] });
    await client.diagnostics(uri, toolchainError);
  } finally {
    await client.close();
  }
});

test('the VS Code client watches the files itself: the server registers no watcher', async () => {
  const dir = makeWorkspace({ 'go.mod': goMod('1.21'), 'go.sum': '' });
  const client = await startServer({ rootDir: dir, registersWatchers: true, watchesFiles: true });
  try {
    const uri = `file://${dir}/Dockerfile`;
    client.open(uri, DOCKERFILE);
    await client.diagnostics(uri);
    await startUpDone(client.logs);
    assert.equal(client.registrations.filter((r) => r.method === 'workspace/didChangeWatchedFiles').length, 0);
  } finally {
    await client.close();
  }
});

test('a client that cannot watch files: a go.mod changed on disk is read again, with no file event', async () => {
  const dir = makeWorkspace({ 'go.mod': goMod('1.21'), 'go.sum': '' });
  const client = await startServer({ rootDir: dir });
  try {
    const uri = `file://${dir}/Dockerfile`;
    client.open(uri, DOCKERFILE);
    assert.equal(toolchainError(await client.diagnostics(uri)), false);
    fs.writeFileSync(path.join(dir, 'go.mod'), goMod('1.23.4'));
    // The size changes with the text; the next analysis (after an edit of the Dockerfile) sees the new go.mod.
    client.change(uri, 2, DOCKERFILE + '# edited\n');
    await client.diagnostics(uri, toolchainError);
  } finally {
    await client.close();
  }
});

/** Resolves once `count()` passes `from`, or rejects after `ms`. */
async function countPasses(count: () => number, from: number, ms = 5000): Promise<void> {
  for (const end = Date.now() + ms; count() <= from; await new Promise((r) => setTimeout(r, 10)))
    if (Date.now() > end) throw new Error(`still ${count()} after ${ms} ms`);
}

test('saving an open Dockerfile (its write event) re-checks nothing; writing a closed one re-checks the open documents', async () => {
  const dir = makeWorkspace({ 'go.mod': goMod('1.21'), 'go.sum': '', 'a/Dockerfile': DOCKERFILE, 'b/Dockerfile': DOCKERFILE, 'c/Dockerfile': DOCKERFILE });
  const client = await startServer({ rootDir: dir, watchesFiles: true });
  try {
    const [a, b] = ['a', 'b'].map((f) => `file://${dir}/${f}/Dockerfile`);
    client.open(a, DOCKERFILE);
    client.open(b, DOCKERFILE);
    await client.diagnostics(a);
    await client.diagnostics(b);
    const before = [a, b].map((u) => client.publishCount(u));
    // The editor saved a: what it wrote is the text every analysis already reads from the editor.
    client.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: a, type: 2 }] });
    await new Promise((r) => setTimeout(r, 400));
    assert.deepEqual(
      [a, b].map((u) => client.publishCount(u)),
      before,
    );
    // c is closed: its text on disk is evidence for the open Dockerfiles, which are checked again.
    fs.writeFileSync(path.join(dir, 'c', 'Dockerfile'), DOCKERFILE + 'ENV GOPRIVATE=git.corp.example.com\n');
    client.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: `file://${dir}/c/Dockerfile`, type: 2 }] });
    await countPasses(() => client.publishCount(b), before[1]);
    await countPasses(() => client.publishCount(a), before[0]);
  } finally {
    await client.close();
  }
});
