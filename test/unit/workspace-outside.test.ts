// Dockerfiles opened outside the workspace folders: the walk never sees them and no file event says when they
// change, so the workspace neither walks its folders again when one is opened nor keeps what it read of one.
// Real temporary folders, removed after each test.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import { Workspace } from '../../server/src/host/workspace';
import { pathToUri } from '../../server/src/core/uri';
import { DEFAULT_SETTINGS } from '../../server/src/core/types';
import { withWorkspace } from '../support/tempWorkspace';

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

const df = (...lines: string[]) => lines.join('\n') + '\n';
const SERVICE = df('FROM golang:1.22', 'WORKDIR /src', 'COPY go.mod go.sum ./', 'RUN go mod download', 'COPY . .', 'RUN go build ./...');

function withOutsideFolder(body: (outside: string) => void): void {
  const outside = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'gpd-outside-')));
  try {
    body(outside);
  } finally {
    fs.rmSync(outside, { recursive: true, force: true });
  }
}

/** A workspace with the editor's open documents in a map, opened and closed as the server does it. */
function editorWorkspace(root: string) {
  const open = new Map<string, string>();
  const ws = new Workspace([root], (uri) => open.get(uri));
  const request = (p: string) => ws.request({ uri: pathToUri(p), text: open.get(pathToUri(p)) ?? '' }, 'dockerfile', { ...DEFAULT_SETTINGS }, 'en');
  return {
    ws,
    openDocument(p: string, text: string) {
      open.set(pathToUri(p), text);
      ws.edited(p);
      ws.opened(p);
      return request(p);
    },
    closeDocument(p: string) {
      open.delete(pathToUri(p));
      ws.edited(p);
    },
    /** A file was written where none was: the event a client that watches files sends. */
    created(p: string) {
      ws.invalidate(p);
    },
  };
}

/** Heap growth (MB) over 40 open/close cycles of 512 KB Dockerfiles in `folder`, each written on disk (with its file event) as opened. */
function heapGrowthOver40(root: string, folder: string): number {
  const editor = editorWorkspace(root);
  editor.openDocument(path.join(folder, 'warm', 'Dockerfile'), SERVICE);
  gc();
  const before = process.memoryUsage().heapUsed;
  for (let i = 0; i < 40; i++) {
    const p = path.join(folder, `c${i}`, 'Dockerfile');
    const text = `# cycle ${i}\n${SERVICE}${'#'.repeat(1 << 19)}\n`;
    fs.mkdirSync(path.dirname(p), { recursive: true });
    fs.writeFileSync(p, text);
    editor.created(p);
    editor.openDocument(p, text);
    editor.closeDocument(p);
  }
  gc();
  return (process.memoryUsage().heapUsed - before) / (1 << 20);
}

test('Dockerfiles opened and closed outside the workspace folders are not kept; inside them, what was read is', () => {
  withWorkspace((root, write) => {
    write('go.mod', df('module example.com/app', '', 'go 1.22'));
    withOutsideFolder((outside) => {
      const grown = heapGrowthOver40(root, outside);
      assert.ok(grown < 5, `40 closed 512 KB Dockerfiles outside the workspace: the heap grew ${grown.toFixed(1)} MB`);
    });
    // The workspace's own files are read once until a file event: those 40 stay (what the quiet case shows).
    const inside = heapGrowthOver40(root, path.join(root, 'svc'));
    assert.ok(inside > 15, `40 closed 512 KB Dockerfiles inside the workspace: the heap grew ${inside.toFixed(1)} MB`);
  });
});

test('a closed Dockerfile outside the workspace is read from disk again; one inside is kept until a file event', () => {
  withWorkspace((root, write) => {
    write('go.mod', df('module example.com/app', '', 'go 1.22'));
    withOutsideFolder((outside) => {
      const editor = editorWorkspace(root);
      for (const [p, kept] of [
        [write('svc/Dockerfile', SERVICE), true],
        [path.join(outside, 'Dockerfile'), false],
      ] as const) {
        fs.writeFileSync(p, SERVICE);
        editor.openDocument(p, SERVICE);
        editor.closeDocument(p);
        assert.equal(editor.ws.buildFileText(p), SERVICE);
        // Changed on disk with no file event.
        fs.writeFileSync(p, df('FROM golang:1.23'));
        assert.equal(editor.ws.buildFileText(p), kept ? SERVICE : df('FROM golang:1.23'), p);
      }
    });
  });
});

test('opening a Dockerfile outside the workspace folders, or an untitled one, does not walk the folders again', () => {
  withWorkspace((root, write) => {
    const a = write('a/Dockerfile', SERVICE);
    withOutsideFolder((outside) => {
      const editor = editorWorkspace(root);
      editor.ws.fileEvents(false);
      assert.deepEqual(editor.ws.dockerfiles(), [a]);
      // Written without a file event: only a walk would find it.
      const b = write('b/Dockerfile', SERVICE);
      const elsewhere = path.join(outside, 'Dockerfile');
      fs.writeFileSync(elsewhere, SERVICE);
      editor.openDocument(elsewhere, SERVICE);
      editor.ws.opened(undefined);
      assert.deepEqual(editor.ws.dockerfiles(), [a], 'the index is kept');
      // Without file events, a file in a workspace folder that the index does not hold may be new: it is looked for.
      editor.openDocument(b, SERVICE);
      assert.deepEqual(editor.ws.dockerfiles().sort(), [a, b].sort());
    });
  });
});

test('an open Dockerfile outside the workspace folders: which go.mod it builds follows its edits', () => {
  withWorkspace((root) => {
    withOutsideFolder((outside) => {
      const goMod = path.join(outside, 'service', 'go.mod');
      fs.mkdirSync(path.dirname(goMod));
      fs.writeFileSync(goMod, df('module example.com/service', '', 'go 1.22'));
      const dockerfile = path.join(outside, 'Dockerfile');
      const copiesService = df('FROM golang:1.22', 'COPY ./service .', 'RUN go build .');
      fs.writeFileSync(dockerfile, copiesService);
      const editor = editorWorkspace(root);
      editor.openDocument(dockerfile, copiesService);
      assert.deepEqual(editor.ws.dockerfilesBuilding(goMod, [dockerfile]), [dockerfile]);
      // Edited to copy the whole context: no module folder is copied, so it builds no go.mod.
      editor.openDocument(dockerfile, df('FROM golang:1.22', 'COPY . .', 'RUN go build ./...'));
      assert.deepEqual(editor.ws.dockerfilesBuilding(goMod, [dockerfile]), []);
      editor.openDocument(dockerfile, copiesService);
      assert.deepEqual(editor.ws.dockerfilesBuilding(goMod, [dockerfile]), [dockerfile]);
    });
  });
});
