// The workspace keeps what it read between requests and forgets it piece by piece, as the server is told files were
// opened, edited, closed, written, created or deleted (documentSync.ts). Over random sequences of such events, every
// request it makes equals the request of a workspace made fresh at that point, over the same disk and editor texts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import fc from 'fast-check';
import { Workspace } from '../../server/src/host/workspace';
import { documentKind, isBuildConfigName } from '../../server/src/host/fileKinds';
import { pathToUri } from '../../server/src/core/uri';
import { DEFAULT_SETTINGS } from '../../server/src/core/types';
import type { DocumentKind } from '../../server/src/core/request';

const lines = (...l: string[]) => l.join('\n') + '\n';
const composeBuilding = (dir: string, proxy: string) =>
  lines('services:', '  api:', '    build:', `      context: ${dir}`, '      args:', `        GOPROXY: ${proxy}`, '        GOFLAGS: -mod=mod');

/** Each file and the texts it may have (`undefined`: absent). */
const VARIANTS: Record<string, (string | undefined)[]> = {
  'a/Dockerfile': [
    lines('FROM golang:1.22', 'ARG GOPROXY', 'COPY go.mod go.sum ./', 'RUN go mod download'),
    lines('FROM golang:1.23', 'ARG GOPROXY', 'ENV GOPRIVATE=git.corp.example.com', 'COPY . .', 'RUN go build ./...'),
    undefined,
  ],
  'b/Dockerfile': [
    lines('FROM golang:1.22', 'COPY go.work go.mod ./', 'COPY a/go.mod a/', 'RUN go mod download'),
    lines('FROM golang:1.21', 'COPY . .'),
    undefined,
  ],
  Dockerfile: [
    lines('FROM golang:1.22', 'COPY go.work ./', 'COPY a/go.mod a/', 'COPY b/go.mod b/', 'RUN go mod download'),
    lines('FROM golang:1.22', 'COPY . .'),
    undefined,
  ],
  'b/build.Dockerfile': [lines('FROM golang:1.22', 'COPY go.mod ./', 'RUN go mod download'), undefined],
  '.devcontainer/Dockerfile': [lines('FROM golang:1.22', 'COPY go.mod ./', 'RUN go mod download'), undefined],
  'a/compose.yaml': [composeBuilding('.', '${PROXY}'), composeBuilding('.', 'https://goproxy.cn,direct'), undefined],
  'compose.yaml': [composeBuilding('./b', 'https://proxy.golang.org'), lines('services:', '  b:', '    build: ./b'), undefined],
  'a/.env': ['PROXY=https://env.example\n', 'PROXY=https://env2.example,direct\n', undefined],
  'a/go.mod': [lines('module example.com/a', '', 'go 1.22'), lines('module git.corp.example.com/a', '', 'go 1.23.4'), undefined],
  'go.mod': [lines('module example.com/root', '', 'go 1.22'), undefined],
  'go.work': [lines('go 1.22', '', 'use ./a'), lines('go 1.22', '', 'use (', '\t./a', '\t./b', ')'), undefined],
  'b/go.mod': [lines('module example.com/b', '', 'go 1.22'), undefined],
};
const FILES = Object.keys(VARIANTS);
/** What an editor opens: every file the server analyses or reads for builds (not .env). */
const OPENABLE = FILES.filter((f) => !f.endsWith('.env'));

type Op =
  | { kind: 'disk'; file: string; variant: number }
  | { kind: 'open'; file: string; variant: number }
  | { kind: 'edit'; file: string; variant: number }
  | { kind: 'close'; file: string };

const variant = fc.nat({ max: 2 });
const OP: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('disk' as const), file: fc.constantFrom(...FILES), variant }),
  fc.record({ kind: fc.constant('open' as const), file: fc.constantFrom(...OPENABLE), variant }),
  fc.record({ kind: fc.constant('edit' as const), file: fc.constantFrom(...OPENABLE), variant }),
  fc.record({ kind: fc.constant('close' as const), file: fc.constantFrom(...OPENABLE) }),
);

const textOf = (file: string, v: number) => VARIANTS[file][v % VARIANTS[file].length];

function run(ops: Op[]): void {
  const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'gpd-ws-events-')));
  try {
    const abs = (f: string) => path.join(root, f);
    const onDisk = (f: string) => fs.existsSync(abs(f));
    const writeDisk = (f: string, text: string | undefined) => {
      if (text === undefined) fs.rmSync(abs(f), { force: true });
      else (fs.mkdirSync(path.dirname(abs(f)), { recursive: true }), fs.writeFileSync(abs(f), text));
    };
    for (const f of FILES) writeDisk(f, textOf(f, 0));
    const open = new Map<string, string>();
    const openText = (uri: string) => open.get(uri);
    const ws = new Workspace([root], openText);
    ws.fileEvents(true);
    const kindOf = (f: string): DocumentKind | undefined => documentKind(abs(f));
    // What documentSync.ts tells the workspace.
    const readForBuilds = (f: string) => isBuildConfigName(path.basename(f));
    const editorChanged = (f: string, opened: boolean) => {
      ws.edited(abs(f));
      if (!kindOf(f)) {
        if (readForBuilds(f)) ws.textChanged(abs(f));
      } else if (opened) ws.opened(abs(f));
    };
    const requestsOf = (w: Workspace) => {
      const openDockerfiles = FILES.filter((f) => open.has(pathToUri(abs(f))) && kindOf(f) === 'dockerfile').map(abs);
      return FILES.filter((f) => kindOf(f) && (open.has(pathToUri(abs(f))) || onDisk(f))).map((f) => {
        const uri = pathToUri(abs(f));
        const text = open.get(uri) ?? fs.readFileSync(abs(f), 'utf8');
        return [f, JSON.stringify(w.request({ uri, text }, kindOf(f)!, { ...DEFAULT_SETTINGS }, 'en', openDockerfiles))];
      });
    };
    requestsOf(ws);
    for (const [k, op] of ops.entries()) {
      const uri = pathToUri(abs(op.file));
      if (op.kind === 'disk') {
        const before = onDisk(op.file);
        writeDisk(op.file, textOf(op.file, op.variant));
        const after = onDisk(op.file);
        if (!before && !after) continue;
        if (before && after) ws.written(abs(op.file));
        else ws.invalidate(abs(op.file));
      } else if (op.kind === 'open') {
        if (open.has(uri)) continue;
        open.set(uri, textOf(op.file, op.variant) ?? '');
        editorChanged(op.file, true);
      } else if (op.kind === 'edit') {
        if (!open.has(uri)) continue;
        open.set(uri, textOf(op.file, op.variant) ?? '');
        editorChanged(op.file, false);
      } else {
        if (!open.delete(uri)) continue;
        ws.closed(abs(op.file));
        if (!kindOf(op.file) && readForBuilds(op.file)) ws.textChanged(abs(op.file));
      }
      const fresh = new Workspace([root], openText);
      fresh.fileEvents(true);
      assert.deepEqual(requestsOf(ws), requestsOf(fresh), `after event ${k}: ${JSON.stringify(ops.slice(0, k + 1))}`);
    }
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}

test('after any sequence of editor and file events, every request equals a fresh workspace’s', () => {
  fc.assert(
    fc.property(fc.array(OP, { minLength: 5, maxLength: 25 }), (ops) => run(ops)),
    { numRuns: 60 },
  );
});
