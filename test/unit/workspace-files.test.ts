// The workspace's answers about build files that are not there: a file the walk would have listed and did not is
// absent without a look at the disk (compose override files are looked for in every service folder), until a file
// event says one came; what the walk could not tell is a file (a symbolic link) is still looked at.
// Real temporary folders, removed after each test.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createRequire } from 'node:module';
import { Workspace } from '../../server/src/host/workspace';
import { pathToUri } from '../../server/src/core/uri';
import { withWorkspace } from '../support/tempWorkspace';
import { DEFAULT_SETTINGS } from '../../server/src/core/types';

const DOCKERFILE = 'FROM golang:1.22\nARG GOPROXY\nRUN go mod download\n';
const COMPOSE = 'services:\n  app:\n    build:\n      context: .\n      args:\n        GOPROXY: https://goproxy.cn,direct\n';
const OVERRIDE = 'services:\n  app:\n    build:\n      args:\n        GOPROXY: https://goproxy.io,direct\n';

/** A service folder: go.mod, the Dockerfile and a compose file that builds it; the Dockerfile's path. */
function service(write: (rel: string, text: string) => string, compose = COMPOSE): string {
  write('go.mod', 'module example.com/app\n\ngo 1.22\n');
  write('compose.yaml', compose);
  return write('Dockerfile', DOCKERFILE);
}

/** The GOPROXY the Dockerfile's compose builds pass. */
function composeProxy(ws: Workspace, dockerfile: string): string | undefined {
  const r = ws.request({ uri: pathToUri(dockerfile), text: DOCKERFILE }, 'dockerfile', { ...DEFAULT_SETTINGS }, 'en');
  const invocations = r.related.invocations ?? [];
  assert.equal(invocations.length, 1, 'the compose file builds the Dockerfile');
  return invocations[0].args.GOPROXY?.value;
}

// The module object itself: the namespace a module imports reads its functions from it.
const nodeFs = createRequire(__filename)('node:fs') as typeof fs;

/** The paths fs.statSync is asked about while `body` runs. */
function statted(body: () => void): string[] {
  const seen: string[] = [];
  const original = nodeFs.statSync;
  (nodeFs as { statSync: unknown }).statSync = function (this: unknown, p: fs.PathLike, ...rest: unknown[]) {
    seen.push(String(p));
    return (original as (...a: unknown[]) => unknown).call(this, p, ...rest);
  };
  try {
    body();
  } finally {
    (nodeFs as { statSync: unknown }).statSync = original;
  }
  return seen;
}

test('a compose override file or .env the walk did not find is absent without a stat; an override that comes with its file event is read', () => {
  withWorkspace((root, write) => {
    const dockerfile = service(write);
    const ws = new Workspace([root]);
    const seen = statted(() => assert.equal(composeProxy(ws, dockerfile), 'https://goproxy.cn,direct'));
    const looked = seen.filter((p) => /override|\.env$/.test(path.basename(p)));
    assert.deepEqual(looked, [], 'no override file and no .env is looked for on disk');
    // A missing file the walk does not list (a go.work beside the go.mod) is still looked for: the spy sees stats.
    assert.ok(seen.includes(path.join(root, 'go.work')), `the spy saw: ${seen.join(', ')}`);

    const override = write('compose.override.yaml', OVERRIDE);
    ws.invalidate(override);
    assert.equal(composeProxy(ws, dockerfile), 'https://goproxy.io,direct', 'the file event walks the folders again');
  });
});

test('a .env beside a compose file that comes with its file event is read for the values the compose file interpolates', () => {
  withWorkspace((root, write) => {
    const dockerfile = service(write, COMPOSE.replace('https://goproxy.cn,direct', '${MIRROR:-https://goproxy.cn,direct}'));
    const ws = new Workspace([root]);
    assert.equal(composeProxy(ws, dockerfile), 'https://goproxy.cn,direct');
    const env = write('.env', 'MIRROR=https://goproxy.io,direct\n');
    ws.invalidate(env);
    assert.equal(composeProxy(ws, dockerfile), 'https://goproxy.io,direct');
    write('.env', 'MIRROR=https://mirrors.example.com/goproxy/\n');
    ws.written(env);
    assert.equal(composeProxy(ws, dockerfile), 'https://mirrors.example.com/goproxy/', 'a .env saved is read again');
  });
});

test('a compose override file that is a symbolic link is read (the walk cannot tell it is a file)', () => {
  withWorkspace((root, write) => {
    const dockerfile = service(write);
    const target = write('shared/override.txt', OVERRIDE);
    fs.symlinkSync(target, path.join(root, 'compose.override.yaml'));
    assert.equal(composeProxy(new Workspace([root]), dockerfile), 'https://goproxy.io,direct');
  });
});

test('a compose file extends one in a folder that is a symbolic link (the walk does not enter it): that file is read', () => {
  withWorkspace((root, write) => {
    const dockerfile = service(
      write,
      'services:\n  app:\n    extends:\n      file: shared/compose.base.yaml\n      service: base\n    build:\n      context: .\n',
    );
    write('real/compose.base.yaml', 'services:\n  base:\n    build:\n      args:\n        GOPROXY: https://goproxy.io,direct\n');
    fs.symlinkSync(path.join(root, 'real'), path.join(root, 'shared'));
    assert.equal(composeProxy(new Workspace([root]), dockerfile), 'https://goproxy.io,direct');
  });
});
