// Which module paths cannot be public by their name alone (goenv/privacy), and why.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PRIVATE_SUFFIXES, PUBLIC_MODULE_HOSTS, privateReason, type PrivateReason } from '../../server/src/goenv/privacy';

test('reasons, strongest evidence first', () => {
  const cases: [string, PrivateReason | undefined][] = [
    ['github.com/google/uuid', undefined],
    ['golang.org/x/mod', undefined],
    ['google.golang.org/grpc', undefined],
    ['go.uber.org/zap', undefined],
    ['k8s.io/client-go', undefined],
    ['sigs.k8s.io/yaml', undefined],
    ['gopkg.in/yaml.v3', undefined],
    ['chromium.googlesource.com/x', undefined], // a subdomain of a public host
    ['10.0.0.1/team/lib', 'ip'],
    ['192.168.1.20:8080/lib', 'ip'],
    ['[::1]/lib', 'ip'],
    ['[fd00::1]/lib', 'ip'],
    ['localhost/lib', 'localhost'],
    ['LOCALHOST/lib', 'localhost'],
    ['example/app', 'single-label'],
    ['gitlab/team/lib', 'single-label'],
    ['mycorp', 'single-label'],
    ['gitlab.acme.internal/team/lib', 'private-suffix'],
    ['git.corp/x', 'private-suffix'],
    ['nas.local/x', 'private-suffix'],
    ['git.lan/x', 'private-suffix'],
    ['src.intranet/x', 'private-suffix'],
    ['git.home.arpa/x', 'private-suffix'],
    ['GIT.ACME.INTERNAL/x', 'private-suffix'],
    ['github.com.internal/x', 'private-suffix'], // a private suffix beats a public-looking name
    ['git.build.test/x', 'private-suffix'], // RFC 2606 reserved names
    ['corp.example/x', 'private-suffix'],
    ['nothing.invalid/x', 'private-suffix'],
    ['dev.localhost/x', 'private-suffix'],
    ['box.localdomain/x', 'private-suffix'],
    // A host we do not recognise is no evidence by itself (public vanity paths are everywhere).
    ['git.acme-corp.com/team/lib', undefined],
    ['example.com/x', undefined],
    ['notgithub.com/x', undefined],
    ['example.test.com/x', undefined], // a reserved suffix must end the name
  ];
  for (const [path, reason] of cases) assert.equal(privateReason(path, []), reason, path);
});

test('the standard library and the toolchain module are never private', () => {
  for (const p of ['fmt', 'net/http', 'crypto/tls', 'std', 'cmd', 'go/ast', 'golang.org/toolchain', 'internal/abi']) {
    assert.equal(privateReason(p, ['*', '*/*']), undefined, p);
  }
});

test('user patterns (GOPRIVATE syntax) win over the heuristics', () => {
  assert.equal(privateReason('github.com/acme/secret', ['github.com/acme']), 'user-pattern');
  assert.equal(privateReason('github.com/acmeco/x', ['github.com/acme']), undefined);
  assert.equal(privateReason('gitlab.acme.internal/x', ['*.internal']), 'user-pattern');
  assert.equal(privateReason('git.acme-corp.com/x', ['other.example.com', '*.acme-corp.com']), 'user-pattern');
  assert.equal(privateReason('github.com/acme/x', [' github.com/acme']), undefined, 'patterns are matched as go matches them: untrimmed');
});

test('the public host list is generous and well-formed', () => {
  assert.ok(PUBLIC_MODULE_HOSTS.size >= 60);
  for (const h of PUBLIC_MODULE_HOSTS) {
    assert.match(h, /^[a-z0-9.-]+\.[a-z]+$/, h);
    assert.ok(!PRIVATE_SUFFIXES.some((s) => h.endsWith(s)), h);
  }
  for (const h of [
    'github.com',
    'gitlab.com',
    'bitbucket.org',
    'codeberg.org',
    'gitee.com',
    'git.sr.ht',
    'golang.org',
    'cloud.google.com',
    'go.opentelemetry.io',
    'gorm.io',
    'tailscale.com',
    'connectrpc.com',
    'golang.zx2c4.com',
  ]) {
    assert.ok(PUBLIC_MODULE_HOSTS.has(h), h);
  }
});
