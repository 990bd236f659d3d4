// File URIs and paths: the conversions that skip the URL parser for plain paths give what the parser gives, for
// paths and URIs made of the characters that decide it (dots and slashes, characters a URL encodes, `%`).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath, pathToFileURL } from 'node:url';
import fc from 'fast-check';
import { pathToUri, uriToPath } from '../../server/src/core/uri';

const CHARS = ['a', 'Z', '0', '.', '.', '/', '/', '-', '_', '+', '=', ',', '@', '~', '%', '%2F', ' ', '#', '?', ':', 'é', '\\', '\n'];
const tail = fc.array(fc.constantFrom(...CHARS), { maxLength: 14 }).map((cs) => cs.join(''));

// Counted per run, so the memo of one run never answers for another.
let run = 0;

test('pathToUri gives what pathToFileURL gives, for any absolute path', () => {
  fc.assert(
    fc.property(tail, (t) => {
      const p = `/r${++run}/${t}`;
      assert.equal(pathToUri(p), pathToFileURL(p).toString());
    }),
    { numRuns: 2000 },
  );
});

test('uriToPath gives what fileURLToPath gives, or nothing where it throws', () => {
  fc.assert(
    fc.property(fc.constantFrom('file:///', 'file://', 'file:////', 'file://host/'), tail, (scheme, t) => {
      const uri = `${scheme}r${++run}/${t}`;
      let want: string | undefined;
      try {
        want = fileURLToPath(uri);
      } catch {
        want = undefined;
      }
      assert.equal(uriToPath(uri), want);
    }),
    { numRuns: 2000 },
  );
});

test('a plain path and its URI convert both ways without a change', () => {
  for (const p of ['/', '/srv/app/Dockerfile', '/home/dev/svc-1/compose.override.yaml', '/a/.env', '/a/b/']) {
    assert.equal(pathToUri(p), pathToFileURL(p).toString());
    assert.equal(uriToPath(pathToUri(p)), fileURLToPath(pathToUri(p)));
  }
});
