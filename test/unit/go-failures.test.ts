// The analysis core's classifier of go failure messages (goenv/failures): every kind on a message the real go
// command printed (test/fixtures/buildlogs, test/fixtures/golog), the facts it reads from it, and the nearest
// message of another kind beside each, so a pattern that grew too wide shows; causes and fixes in both languages.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { classifyGoFailure, describeGoFailure, GO_FAILURE_KINDS, type GoFailureKind } from '../../server/src/goenv/failures';

/** One real message per kind (ports and temp paths as captured), with the facts the explanation needs. */
const REAL: Array<[GoFailureKind, string, Record<string, string>?]> = [
  [
    'dns',
    'go: example.com/greet@v1.2.0: Get "http://proxy.gpd-test.invalid/example.com/greet/@v/v1.2.0.mod": dial tcp: lookup proxy.gpd-test.invalid on 10.255.255.53:53: no such host',
    { name: 'proxy.gpd-test.invalid', module: 'example.com/greet' },
  ],
  [
    'tcp-dial-timeout',
    'go: example.com/hello@v1.0.0: Get "http://127.0.0.1:33859/example.com/hello/@v/v1.0.0.mod": dial tcp 127.0.0.1:33859: i/o timeout',
    { host: '127.0.0.1:33859' },
  ],
  [
    'connection-refused',
    'go: example.com/hello@v1.0.0: Get "http://127.0.0.1:9/example.com/hello/@v/v1.0.0.mod": dial tcp 127.0.0.1:9: connect: connection refused',
    { host: '127.0.0.1:9' },
  ],
  [
    'connection-reset',
    'go: example.com/hello@v1.0.0: Get "http://127.0.0.1:44411/example.com/hello/@v/v1.0.0.mod": read tcp 127.0.0.1:47036->127.0.0.1:44411: read: connection reset by peer',
  ],
  ['tls-handshake-timeout', 'go: example.com/hello@v1.0.0: Get "https://127.0.0.1:37085/example.com/hello/@v/v1.0.0.mod": net/http: TLS handshake timeout'],
  [
    'tls-error',
    'go: example.com/hello@v1.0.0: Get "https://127.0.0.1:34999/example.com/hello/@v/v1.0.0.mod": tls: failed to verify certificate: x509: certificate signed by unknown authority',
  ],
  [
    'context-deadline',
    'go: example.com/hello@v1.0.0: Get "https://goproxy.example.net/x": context deadline exceeded (Client.Timeout exceeded while awaiting headers)',
  ],
  [
    'not-found-private',
    'go: git.corp.example/team/lib@v1.0.0: reading http://127.0.0.1:43239/git.corp.example/team/lib/@v/v1.0.0.mod: 410 Gone\n\tserver response: gone: /git.corp.example/team/lib/@v/v1.0.0.mod',
    { module: 'git.corp.example/team/lib', status: '410' },
  ],
  [
    'not-found',
    'go: example.com/hello@v1.0.0: reading http://127.0.0.1:38941/example.com/hello/@v/v1.0.0.mod: 404 Not Found\n\tserver response: not found',
    { status: '404' },
  ],
  [
    'proxy-auth',
    'go: example.com/hello@v1.0.0: reading http://127.0.0.1:42553/example.com/hello/@v/v1.0.0.mod: 401 Unauthorized\n\tserver response: unauthorized',
  ],
  [
    'insecure-credentials',
    'go: example.com/hello@v1.0.0: refusing to pass credentials to insecure URL: http://gpd:xxxxx@127.0.0.1:42619/example.com/hello/@v/v1.0.0.mod',
  ],
  [
    'server-error',
    'go: example.com/hello@v1.0.0: reading http://127.0.0.1:36173/example.com/hello/@v/v1.0.0.mod: 500 Internal Server Error',
    { status: '500' },
  ],
  [
    'sumdb-unreachable',
    'go: example.com/hello@v1.0.0: verifying go.mod: example.com/hello@v1.0.0/go.mod: Get "http://127.0.0.1:9/lookup/example.com/hello@v1.0.0": dial tcp 127.0.0.1:9: connect: connection refused',
  ],
  ['proxy-off', 'go: example.com/hello@v1.0.0: module lookup disabled by GOPROXY=off'],
  [
    'invalid-proxy',
    'go: example.com/hello@v1.0.0: invalid proxy URL scheme (must be https, http, file): ftp://127.0.0.1:9',
    { detail: 'invalid proxy URL scheme (must be https, http, file): ftp://127.0.0.1:9' },
  ],
  ['invalid-goflags', 'go: parsing $GOFLAGS: non-flag "mod=mod"'],
  [
    'invalid-gosumdb',
    'go: example.com/hello@v1.0.0: verifying go.mod: invalid GOSUMDB: malformed verifier id',
    { detail: 'invalid GOSUMDB: malformed verifier id' },
  ],
  [
    'unrecognized-import-path',
    'go: git.corp.example/team/lib@v1.0.0: unrecognized import path "git.corp.example/team/lib": https fetch: Get "https://git.corp.example/team/lib?go-get=1": dial tcp 127.0.0.1:443: connect: connection refused',
    { host: 'git.corp.example', reason: 'dial tcp 127.0.0.1:443: connect: connection refused' },
  ],
  [
    'vcs-auth',
    "go: 127.0.0.1/team/lib@v1.0.0: reading 127.0.0.1/team/lib/go.mod at revision v1.0.0: git ls-remote -q --end-of-options http://127.0.0.1:41923/team/lib.git in /tmp/x: exit status 128:\n\tfatal: could not read Username for 'http://127.0.0.1:41923': terminal prompts disabled",
  ],
  [
    'git-fetch',
    "go: 127.0.0.1/team/lib@v1.0.0: reading 127.0.0.1/team/lib/go.mod at revision v1.0.0: git ls-remote -q --end-of-options http://127.0.0.1:40345/team/lib.git in /tmp/x: exit status 128:\n\tremote: not found\n\tfatal: repository 'http://127.0.0.1:40345/team/lib.git/' not found",
    { module: '127.0.0.1/team/lib', reason: "repository 'http://127.0.0.1:40345/team/lib.git/' not found" },
  ],
  [
    'ssh-host-key',
    'go: 127.0.0.1/team/lib@v1.0.0: reading 127.0.0.1/team/lib/go.mod at revision v1.0.0: git ls-remote -q --end-of-options ssh://git@127.0.0.1:37025/team/lib.git in /tmp/x: exit status 128:\n\tHost key verification failed.\n\tfatal: Could not read from remote repository.',
  ],
  ['go-too-old', 'go: go.mod requires go >= 1.99.0 (running go 1.26.8; GOTOOLCHAIN=local)', { goVersion: '1.99.0', running: '1.26.8' }],
  ['toolchain-download', 'go: download go1.99.0 for linux/amd64: toolchain not available', { goVersion: '1.99.0' }],
  [
    'missing-go-sum',
    'main.go:4:2: missing go.sum entry for module providing package example.com/hello (imported by example.com/consumer); to add:\n\tgo get example.com/consumer',
    { module: 'example.com/hello' },
  ],
  [
    'checksum-mismatch',
    'verifying example.com/hello@v1.0.0: checksum mismatch\n\tdownloaded: h1:m9RW\n\tgo.sum:     h1:AAAA\n\nSECURITY ERROR',
    { module: 'example.com/hello' },
  ],
  ['no-space', 'go: writing go.mod cache: write /tmp/x/mod/cache/download/example.com/hello/@v/v1.0.0.mod594371197.tmp: no space left on device'],
  ['go-missing', '/bin/sh: go: not found'],
  [
    'other',
    'go: example.com/hello@v1.0.0: something the go command never said before',
    { detail: 'example.com/hello@v1.0.0: something the go command never said before' },
  ],
];

test('every kind has a real message that classifies as it, with the facts the explanation needs', () => {
  assert.deepEqual([...new Set(REAL.map(([k]) => k))].sort(), [...GO_FAILURE_KINDS].sort());
  for (const [kind, message, facts] of REAL) {
    const f = classifyGoFailure(message);
    assert.equal(f.kind, kind, message);
    for (const [key, value] of Object.entries(facts ?? {})) assert.equal((f as unknown as Record<string, string>)[key], value, `${kind}.${key}`);
  }
});

test('Go 1.19 reading a newer go.mod: both shapes are go-too-old, with the version the go.mod asks for', () => {
  const version = classifyGoFailure("go: errors parsing go.mod:\n/tmp/w/go.mod:3: invalid go version '1.21.0': must match format 1.23");
  assert.equal(version.kind, 'go-too-old');
  assert.equal(version.goVersion, '1.21.0');
  assert.equal(classifyGoFailure('go: errors parsing go.mod:\n/tmp/w/go.mod:7: unknown directive: toolchain').kind, 'go-too-old');
});

test('the fact that decides, against its nearest neighbour', () => {
  const kind = (m: string) => classifyGoFailure(m).kind;
  // GOTOOLCHAIN=local forbids the switch; auto tried it and the download failed.
  assert.equal(kind('go: go.mod requires go >= 1.99.0 (running go 1.26.8; GOTOOLCHAIN=local)'), 'go-too-old');
  assert.equal(kind('go: go.mod requires go >= 1.99.0 (running go 1.26.8; GOTOOLCHAIN=auto)'), 'toolchain-download');
  // A company host answering 404 is private; a vanity path of a public module is not.
  assert.equal(kind('go: git.acme.com/x/y@v1.0.0: reading https://proxy.golang.org/git.acme.com/x/y/@v/v1.0.0.mod: 404 Not Found'), 'not-found-private');
  assert.equal(kind('go: example.com/x/y@v1.0.0: reading https://proxy.golang.org/example.com/x/y/@v/v1.0.0.mod: 404 Not Found'), 'not-found');
  // git's exit 128 is about credentials, the host key, or anything else.
  const git = 'go: h.example/a@v1.0.0: git ls-remote -q origin in /tmp/x: exit status 128:\n\t';
  assert.equal(kind(git + "fatal: could not read Username for 'https://h.example': terminal prompts disabled"), 'vcs-auth');
  assert.equal(kind(git + 'Host key verification failed.'), 'ssh-host-key');
  assert.equal(kind(git + "fatal: unable to access 'https://h.example/a/': Could not resolve host: h.example"), 'git-fetch');
  // The checksum database's 404 means "private", not "unreachable".
  const sumdb404 = classifyGoFailure(
    'go: h.example/a@v1.0.0: verifying module: h.example/a@v1.0.0: reading https://sum.golang.org/lookup/h.example/a@v1.0.0: 404 Not Found',
  );
  assert.equal(sumdb404.kind, 'sumdb-unreachable');
  assert.match(describeGoFailure(sumdb404, 'en').fix, /GONOSUMDB/);
  // A refused proxy and a refused module server (direct) are told apart.
  assert.equal(kind('go: a.example/b@v1.0.0: Get "https://a.example/b?go-get=1": dial tcp 127.0.0.1:443: connect: connection refused'), 'connection-refused');
  assert.equal(
    kind(
      'go: a.example/b@v1.0.0: unrecognized import path "a.example/b": https fetch: Get "https://a.example/b?go-get=1": dial tcp 127.0.0.1:443: connect: connection refused',
    ),
    'unrecognized-import-path',
  );
  // A progress line is not a failure message; a rejected GOFLAGS is.
  assert.equal(kind('go: parsing $GOFLAGS: unknown flag -foo'), 'invalid-goflags');
});

test('causes and fixes exist in both languages, filled in, without credentials', () => {
  for (const [, message] of REAL) {
    const f = classifyGoFailure(message.replace('gpd:xxxxx@', 'gpd:real-token@'));
    const en = describeGoFailure(f, 'en');
    const zh = describeGoFailure(f, 'zh-cn');
    for (const text of [en.cause, en.fix, zh.cause, zh.fix]) {
      assert.ok(text.length > 10 && !/undefined|\{\d\}/.test(text), `${f.kind}: ${text}`);
      assert.doesNotMatch(text, /real-token/);
    }
    assert.match(zh.cause + zh.fix, /[\u4e00-\u9fff]/, f.kind);
    assert.notEqual(en.fix, zh.fix);
  }
});
