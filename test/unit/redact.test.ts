// redactCredentials is the one function every shown string goes through: each shape of credential it must
// hide, what it must leave alone (so messages stay useful), and agreement with go's own URL parsing (our
// net/url model, itself checked against the real go command in test/gocmd).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hasCredentials, redactCredentials, stripUserinfo } from '../../server/src/core/redact';
import { goParseUrl } from '../../server/src/goenv/goUrl';
import { parseGoProxy } from '../../server/src/goenv/proxy';

const cases: Array<[string, string, string]> = [
  ['URL user info', 'GOPROXY=https://bob:s3cret@athens.corp/x,direct', 'GOPROXY=https://***@athens.corp/x,direct'],
  ['password with @ (user info ends at the LAST @)', 'https://alice:p4ss@w0rd@host/x', 'https://***@host/x'],
  ['password with " (go rejects it, but quotes it)', 'https://alice:p"ss@host', 'https://***@host'],
  [
    "go's own error for it",
    'parse "http://alice:p\\"ss@127.0.0.1:80": net/url: invalid userinfo',
    'parse "http://***@127.0.0.1:80": net/url: invalid userinfo',
  ],
  ['scheme-less entry in a list', 'alice:T0KEN@host,direct', '***@host,direct'],
  ['scheme-less after | and with @ in the password', 'https://a.example|alice:p@ss@host', 'https://a.example|***@host'],
  ['scheme-less after KEY=', 'GOPROXY=alice:T0KEN@host', 'GOPROXY=***@host'],
  ['scheme-less, quoted', 'ENV GOPROXY="alice:T0KEN@host"', 'ENV GOPROXY="***@host"'],
  ['scheme-less with " in the password', '`alice:p"ss@host`', '`***@host`'],
  ['scheme-less, JSON-escaped quote', '"text":"GOPROXY=\\"alice:p\\"ss@host\\""', '"text":"GOPROXY=\\"***@host\\""'],
  ['JSON value', '{"defaultProxy":"alice:T0KEN@host","x":1}', '{"defaultProxy":"***@host","x":1}'],
  ['GOPRIVATE pattern with user info', 'GOPRIVATE=alice:T0KEN@git.corp/team,github.com/acme', 'GOPRIVATE=***@git.corp/team,github.com/acme'],
  ['image reference with user info', 'FROM alice:T0KEN@registry.corp/golang:1.23', 'FROM ***@registry.corp/golang:1.23'],
  ['base64 password ending in =', 'alice:dG9rZW4=@host', '***@host'],
  ['user-only token, scheme-less', 'ghp_abcdefghijklmnopqrstuvwxyz0123456789@github.com', '***@github.com'],
  ['GitHub token in a path', 'replace x => ../ghp_abcdefghijklmnopqrstuvwxyz0123456789/mod', 'replace x => ../ghp_***/mod'],
  ['fine-grained GitHub token', 'github_pat_11ABCDEFG0123456789_abcdefghijklmnop', 'github_pat_***'],
  ['GitLab, Slack, AWS', 'use ./glpat-AbCdEf1234567890xyz_/m xoxb-1234-5678-abcdef AKIAABCDEFGHIJKLMNOP', 'use ./glpat-***/m xoxb-*** AKIA***'],
  ['GOFLAGS -ldflags=-X=name=value', 'GOFLAGS=-ldflags=-X=main.token=abc123 -mod=mod', 'GOFLAGS=-ldflags=-X=main.token=*** -mod=mod'],
  ['-ldflags "-X name=value"', 'go build -ldflags "-X main.apiKey=abc123 -s" .', 'go build -ldflags "-X main.apiKey=*** -s" .'],
  ['quoted secret value', "-X main.Password='a b' -s", '-X main.Password=*** -s'],
];

for (const [shape, input, expected] of cases) {
  test(`redacts: ${shape}`, () => {
    assert.equal(redactCredentials(input), expected);
    assert.equal(redactCredentials(expected), expected, 'redacting twice changes nothing');
    assert.ok(hasCredentials(input));
  });
}

const untouched = [
  'go get github.com/google/uuid@v1.6.0',
  'golang:1.23@sha256:0123456789abcdef',
  'git@github.com:org/repo.git',
  'bob@example.com',
  'https://proxy.golang.org/github.com/x/@v/v1.0.0.info',
  'RUN --mount=type=secret,id=netrc,target=/root/.netrc go mod download',
  'docker build --secret id=netrc,src=$HOME/.netrc',
  'ARG GITHUB_TOKEN=${GITHUB_TOKEN}',
  'https://***@host',
  '模块 `example.com/m@v1.0.0`（代理）',
];
for (const text of untouched) {
  test(`leaves alone: ${text}`, () => {
    assert.equal(redactCredentials(text), text);
    assert.equal(hasCredentials(text), false);
  });
}

test("agrees with go's URL parsing: what is left after ***@ is the host go contacts", () => {
  for (const url of [
    'https://alice:p4ss@w0rd@athens.corp:8443/x',
    'http://a@b@c@127.0.0.1:3000',
    'https://tok@host',
    'https://alice:p;ss=$x@host?q#f',
    'https://alice:p%40ss@host',
  ]) {
    const parsed = goParseUrl(url);
    assert.ok(parsed.url?.user, url);
    const shown = redactCredentials(url);
    assert.equal(new RegExp(`^https?://\\*\\*\\*@([^/?#]*)`).exec(shown)?.[1], parsed.url.host, `${url} → ${shown}`);
    assert.ok(!shown.includes(parsed.url.user.password ?? '\0') && !shown.includes(parsed.url.user.username), shown);
  }
});

test('scheme-less GOPROXY entries: the URL go uses (https:// implied) carries the same user info we redact', () => {
  const value = 'alice:T0KEN@athens.corp,bob:p@ss@127.0.0.1:8080|direct';
  const entries = parseGoProxy(value).entries.filter((e) => e.kind === 'proxy');
  assert.deepEqual(
    entries.map((e) => e.url),
    ['https://alice:T0KEN@athens.corp', 'https://bob:p@ss@127.0.0.1:8080'],
  );
  assert.ok(entries.every((e) => e.hasCredentials));
  assert.equal(redactCredentials(value), '***@athens.corp,***@127.0.0.1:8080|direct');
});

test('stripUserinfo: what a fix may write (no user info; scheme-less entries get the https:// go implies)', () => {
  assert.equal(stripUserinfo('https://alice:p4ss@w0rd@host,direct'), 'https://host,direct');
  assert.equal(stripUserinfo('alice:T0KEN@host|https://ci:x@other/p,direct'), 'https://host|https://other/p,direct');
  assert.equal(stripUserinfo('https://goproxy.cn,direct'), 'https://goproxy.cn,direct');
  assert.equal(stripUserinfo('alice:T0KEN@registry.corp/golang:1.23', ''), 'registry.corp/golang:1.23');
  assert.equal(stripUserinfo('golang:1.23@sha256:0123', ''), 'golang:1.23@sha256:0123');
});
