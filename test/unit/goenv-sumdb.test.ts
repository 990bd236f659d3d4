// GOSUMDB parsing (goenv/sumdb). The errors are the texts Go 1.26 printed after "verifying go.mod: " for the same
// values (test/gocmd/goenv.gocmd.test.ts checks them against the real go command).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { CHINA_SUMDB_ALIAS, DEFAULT_GOSUMDB, KNOWN_GOSUMDB, parseGoSumDb, type ParsedGoSumDb } from '../../server/src/goenv/sumdb';

const GO_KEY = 'sum.golang.org+033de0ae+Ac4zctda0e5eza+HJyk9SxEdh+s3Ux18htTTAD8OuAn8';

/** A well-formed verifier key for `name` and `key` (by default the Ed25519 algorithm byte and 32 key bytes), with the matching hash. */
function verifierKey(name: string, key = Buffer.from([1, ...Array(32).fill(7)])): string {
  const hash = createHash('sha256').update(`${name}\n`).update(key).digest().readUInt32BE(0);
  return `${name}+${hash.toString(16).padStart(8, '0')}+${key.toString('base64')}`;
}

test('default, off and the known names', () => {
  assert.equal(DEFAULT_GOSUMDB, 'sum.golang.org');
  assert.equal(KNOWN_GOSUMDB['sum.golang.org'], GO_KEY);
  assert.deepEqual(parseGoSumDb(''), { kind: 'default', name: 'sum.golang.org', key: GO_KEY });
  assert.deepEqual(parseGoSumDb('sum.golang.org'), { kind: 'default', name: 'sum.golang.org', key: GO_KEY });
  assert.deepEqual(parseGoSumDb(GO_KEY), { kind: 'default', name: 'sum.golang.org', key: GO_KEY });
  assert.deepEqual(parseGoSumDb('off'), { kind: 'off', name: 'off' });
  // The known key is taken as valid without checking its hash again: its hash matches, and a changed one does not.
  assert.equal(verifierKey('sum.golang.org', Buffer.from(GO_KEY.split('+').slice(2).join('+'), 'base64')), GO_KEY);
  assert.equal(parseGoSumDb(GO_KEY.replace('+033de0ae+', '+033de0af+')).error, 'invalid GOSUMDB: invalid verifier hash');
  // The China alias is the same database at another address.
  assert.equal(CHINA_SUMDB_ALIAS, 'sum.golang.google.cn');
  assert.deepEqual(parseGoSumDb('sum.golang.google.cn'), { kind: 'custom', name: 'sum.golang.org', key: GO_KEY, url: 'https://sum.golang.google.cn' });
});

test('NAME URL: a known database through another address', () => {
  assert.deepEqual(parseGoSumDb('sum.golang.org https://goproxy.cn/sumdb/sum.golang.org'), {
    kind: 'custom',
    name: 'sum.golang.org',
    key: GO_KEY,
    url: 'https://goproxy.cn/sumdb/sum.golang.org',
  });
  assert.equal(parseGoSumDb(`${GO_KEY} http://127.0.0.1:3000`).error, undefined);
  assert.equal(parseGoSumDb('sum.golang.org\thttp://127.0.0.1:1').error, undefined, 'fields are split on any white space');
  assert.equal(parseGoSumDb(' sum.golang.org').error, undefined);
  assert.equal(parseGoSumDb('sum.golang.org sumdb.example.com').error, undefined, 'go fetches a scheme-less address over https');
  assert.equal(parseGoSumDb('sum.golang.org file:///srv/sumdb').error, undefined);
});

test('custom databases by verifier key', () => {
  const key = verifierKey('sum.example.com');
  assert.deepEqual(parseGoSumDb(key), { kind: 'custom', name: 'sum.example.com', key });
  assert.deepEqual(parseGoSumDb(`${key} https://sum.example.com/db`), { kind: 'custom', name: 'sum.example.com', key, url: 'https://sum.example.com/db' });
  assert.equal(parseGoSumDb(verifierKey('sum.example.com/sub/path')).error, undefined);
});

test('errors, worded as go words them', () => {
  const err = (v: string) => parseGoSumDb(v).error;
  const cases: [string, string][] = [
    ['a b c d', 'invalid GOSUMDB: too many fields'],
    ['a b c', 'invalid GOSUMDB: too many fields'],
    ['sum.golang.org http://127.0.0.1:1 x', 'invalid GOSUMDB: too many fields'],
    ['foo', 'invalid GOSUMDB: malformed verifier id'],
    ['foo http://127.0.0.1:1', 'invalid GOSUMDB: malformed verifier id'],
    ['sum.golang.google.cn http://127.0.0.1:1', 'invalid GOSUMDB: malformed verifier id'],
    [' off', 'invalid GOSUMDB: malformed verifier id'],
    ['off ', 'invalid GOSUMDB: malformed verifier id'],
    ['OFF', 'invalid GOSUMDB: malformed verifier id'],
    ['  ', 'missing GOSUMDB'],
    ['x+00000000+AQ==', 'invalid GOSUMDB: invalid verifier hash'],
    ['sum.golang.org+033de0af+Ac4zctda0e5eza+HJyk9SxEdh+s3Ux18htTTAD8OuAn8', 'invalid GOSUMDB: invalid verifier hash'],
    ['x+0000000+AQ==', 'invalid GOSUMDB: malformed verifier id'],
    ['x+00000000+AQ=', 'invalid GOSUMDB: malformed verifier id'],
    [verifierKey('x', Buffer.from([2, ...Array(32).fill(7)])), 'invalid GOSUMDB: unknown verifier algorithm'],
    [verifierKey('x', Buffer.from([1, ...Array(31).fill(7)])), 'invalid GOSUMDB: malformed verifier id'],
    [verifierKey('sum.example.com/'), 'invalid sumdb name (must be host[/path]): sum.example.com/'],
    [verifierKey('u@sum.example.com'), 'invalid sumdb name (must be host[/path]): u@sum.example.com'],
    [verifierKey('sum.example.com?x'), 'invalid sumdb name (must be host[/path]): sum.example.com?x'],
    ['sum.golang.org http://%zz', 'invalid GOSUMDB URL: parse "http://%zz": invalid URL escape "%zz"'],
    ['sum.golang.org 127.0.0.1:1', 'invalid GOSUMDB URL: parse "127.0.0.1:1": first path segment in URL cannot contain colon'],
    // Accepted by dbDial; the first lookup then fails before any request.
    ['sum.golang.org ftp://127.0.0.1:1', 'unsupported scheme: ftp://127.0.0.1:1/lookup/…'],
    ['sum.golang.org /tmp/x', 'http: no Host in request URL'],
    ['sum.golang.org https://', 'http: no Host in request URL'],
    ['sum.golang.org http://u:p@127.0.0.1:1', 'refusing to pass credentials to insecure URL: http://u:xxxxx@127.0.0.1:1/lookup/…'],
  ];
  for (const [v, e] of cases) assert.equal(err(v), e, JSON.stringify(v));
});

test('errors keep what could be read', () => {
  const r: ParsedGoSumDb = parseGoSumDb('a b c d');
  assert.deepEqual([r.kind, r.name, r.url], ['custom', 'a', 'b']);
  assert.equal(parseGoSumDb('sum.golang.org http://%zz').name, 'sum.golang.org');
});
