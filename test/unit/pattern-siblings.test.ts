// pattern-invalid on patterns that match none of the build's modules while a sibling form would.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeDockerfile, assertFixRoundTrip, at, only } from '../support/analysisHarness';

const df = (...lines: string[]) => lines.join('\n') + '\n';
const goMod = (...requires: string[]) => df('module example.com/app', '', 'go 1.22', '', ...requires.map((r) => `require ${r} v1.0.0`));
const run = (value: string, mod: string | undefined, name = 'GOPRIVATE') =>
  only(analyzeDockerfile({ dockerfile: df('FROM golang:1.22', `ENV ${name}=${value}`, 'RUN go mod download'), goMod: mod }), 'pattern-invalid');

test('pattern-invalid: `/*` that misses the module itself; warning at the pattern, fix drops the `/*`', () => {
  const f = {
    dockerfile: df('FROM golang:1.22', 'ENV GOPRIVATE=example.net/x,github.com/acme/svc/*', 'RUN go mod download'),
    goMod: goMod('github.com/acme/svc'),
  };
  const [finding] = only(analyzeDockerfile(f), 'pattern-invalid');
  assert.equal(finding.severity, 'warning');
  assert.deepEqual(finding.range, at(1, 28, 1, 49));
  assert.equal(
    finding.message,
    '`github.com/acme/svc/*` in GOPRIVATE matches none of the modules this build requires (a trailing `/*` needs one more path element), so it does not make `github.com/acme/svc` private (kept from GOPROXY and the checksum database). `github.com/acme/svc` would match it.',
  );
  const fixed = assertFixRoundTrip(f, 'pattern-invalid');
  assert.match(fixed.dockerfile!, /^ENV GOPRIVATE=example\.net\/x,github\.com\/acme\/svc$/m);
});

test('pattern-invalid: `/...` and an extra element name their reasons; the effect follows the variable', () => {
  assert.match(run('corp.example.com/team/...', goMod('corp.example.com/team'))[0].message, /`\.\.\.` is no wildcard here/);
  const [extra] = run('corp.example.com/team/lib', goMod('corp.example.com/team'), 'GONOSUMDB');
  assert.match(
    extra.message,
    /more path elements than the module path, and a pattern matches only paths at least as long\), so it does not keep `corp\.example\.com\/team` from the checksum database\. `corp\.example\.com\/team` would match it\.$/,
  );
  assert.match(run('corp.example.com/x/*', goMod('corp.example.com/x'), 'GONOPROXY')[0].message, /it does not keep `corp\.example\.com\/x` from GOPROXY\./);
});

test('pattern-invalid: quiet with no go.mod, a pattern that matches, a module the list already covers, a bare public host, GOINSECURE', () => {
  assert.deepEqual(run('github.com/acme/svc/*', undefined), []);
  assert.deepEqual(run('github.com/acme/*', goMod('github.com/acme/svc')), []);
  assert.deepEqual(run('github.com/acme/svc/*,github.com/acme', goMod('github.com/acme/svc')), []);
  // Dropping to `github.com` would make every GitHub module private: never what a pattern meant.
  assert.deepEqual(run('github.com/acme', goMod('github.com/other/lib')), []);
  assert.deepEqual(run('github.com/acme/svc/*', goMod('github.com/acme/svc'), 'GOINSECURE'), []);
  // Adding an element never makes a pattern match more; a module beside the pattern's is another module.
  assert.deepEqual(run('corp.example.com/team', goMod('corp.example.com/other')), []);
  assert.deepEqual(run('corp.example.com/team/lib', goMod('corp.example.com/team/util')), []);
});
