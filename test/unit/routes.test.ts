// The route model (routeModule's hops) as the findings and the hovers use it: private paths reaching a public mirror
// through a fallback, credentials over http, and hovers that never contradict the findings for the same files.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeDockerfile, analyzeGoMod, assertFixRoundTrip, at, only, type Files } from '../support/analysisHarness';
import { routeViews } from '../support/routeViews';
import type { Finding } from '../../server/src/core/types';

const df = (...lines: string[]) => lines.join('\n') + '\n';
const PRIVATE = 'gitlab.acme.internal/team/lib';
const GOMOD = df('module example.com/app', '', 'go 1.22', '', 'require (', '\tgithub.com/google/uuid v1.6.0', `\t${PRIVATE} v1.2.0`, ')');
const build = (goproxy: string, ...more: string[]): Files => ({
  dockerfile: df('FROM golang:1.22', `ENV GOPROXY="${goproxy}"`, ...more, 'COPY go.mod go.sum ./', 'RUN go mod download'),
  goMod: GOMOD,
});

// ---- 1. private-module-proxied follows the list ---------------------------------------------------------------

test('private-module-proxied: a company proxy first, the public mirror after `,`: reached on 404/410', () => {
  const f = build('https://athens.corp.example.com,https://proxy.golang.org,direct');
  const [finding, ...more] = only(analyzeDockerfile(f), 'private-module-proxied');
  assert.equal(more.length, 0);
  assert.equal(finding?.severity, 'warning');
  assert.deepEqual(finding.range, at(3, 4, 3, 19));
  assert.match(
    finding.message,
    /asks the public proxy `https:\/\/proxy\.golang\.org` \(whenever `https:\/\/athens\.corp\.example\.com` answers 404\/410 for it: `,` moves on\) for `gitlab\.acme\.internal\/team\/lib`/,
  );
  // The fix still keeps it away from every proxy.
  const fixed = assertFixRoundTrip(f, 'private-module-proxied');
  assert.match(fixed.dockerfile!, /GOPRIVATE=gitlab\.acme\.internal/);
  // The go.mod side says the same, on the require line.
  const [gomod] = only(analyzeGoMod(f), 'gomod-private-module');
  assert.match(gomod!.message, /asks the public proxy `https:\/\/proxy\.golang\.org` \(whenever `https:\/\/athens\.corp\.example\.com` answers 404\/410/);
});

test('private-module-proxied: after `|` the public mirror gets it on any error; the first entry stays the plain case', () => {
  const [pipe] = only(analyzeDockerfile(build('https://athens.corp.example.com|https://goproxy.cn')), 'private-module-proxied');
  assert.match(pipe!.message, /`https:\/\/goproxy\.cn` \(whenever `https:\/\/athens\.corp\.example\.com` fails for it in any way: `\|` moves on\)/);
  const [first] = only(analyzeDockerfile(build('https://goproxy.cn,direct')), 'private-module-proxied');
  assert.match(first!.message, /asks the public proxy `https:\/\/goproxy\.cn` for/);
  // A company proxy only: nothing public is asked.
  assert.deepEqual(only(analyzeDockerfile(build('https://athens.corp.example.com,direct')), 'private-module-proxied'), []);
  // Behind an entry go refuses (credentials over http) with `,`, go never gets to the mirror.
  assert.deepEqual(only(analyzeDockerfile(build('http://ci:tok@athens.corp.example.com,https://proxy.golang.org')), 'private-module-proxied'), []);
  const [afterRefused] = only(analyzeDockerfile(build('http://ci:tok@athens.corp.example.com|https://proxy.golang.org')), 'private-module-proxied');
  assert.ok(afterRefused);
  assert.ok(!afterRefused.message.includes('tok'));
});

test('private-module-proxied: the module route hover names the public mirror that receives the path', () => {
  const v = routeViews('https://athens.corp.example.com,https://proxy.golang.org,direct', [PRIVATE, 'github.com/google/uuid']);
  const hover = v.moduleHovers.get(PRIVATE)!;
  assert.match(
    hover,
    /Downloaded through `https:\/\/athens\.corp\.example\.com`, then `https:\/\/proxy\.golang\.org` after 404\/410, then `direct` after 404\/410\./,
  );
  assert.match(hover, /its path reaches the public mirror `https:\/\/proxy\.golang\.org` \(private-module-proxied\)/);
  assert.doesNotMatch(v.moduleHovers.get('github.com/google/uuid')!, /private-module-proxied/);
});

// ---- 2. goproxy-credentials-http ------------------------------------------------------------------------------

test('goproxy-credentials-http: error when nothing after it can serve, warning when `|` moves on; never the credential', () => {
  const alone = only(analyzeDockerfile(build('http://ci:s3cret@127.0.0.1:3000,direct')), 'goproxy-credentials-http');
  assert.equal(alone.length, 1);
  assert.equal(alone[0]!.severity, 'error');
  assert.deepEqual(alone[0]!.range, at(1, 13, 1, 44));
  assert.match(alone[0]!.message, /"refusing to pass credentials to insecure URL: http:\/\/\*\*\*@127\.0\.0\.1:3000\/…"/);
  assert.deepEqual(alone[0]!.fixes, [], 'no https:// fix for loopback');
  const pipe = only(analyzeDockerfile(build('http://ci:s3cret@athens.corp.example.com|https://goproxy.cn,direct')), 'goproxy-credentials-http');
  assert.equal(pipe[0]!.severity, 'warning');
  assert.match(pipe[0]!.message, /go moves on to `https:\/\/goproxy\.cn` \(`\|`\): this entry never works/);
  const later = only(analyzeDockerfile(build('https://athens.corp.example.com,http://ci:s3cret@nexus.corp.example.com')), 'goproxy-credentials-http');
  assert.equal(later[0]!.severity, 'warning', 'the first entry can serve: the build may pass');
  const zh = only(analyzeDockerfile({ ...build('http://ci:s3cret@127.0.0.1:3000'), locale: 'zh-cn' }), 'goproxy-credentials-http');
  assert.match(zh[0]!.message, /go 命令从不通过明文 http 发送凭据/);
  for (const f of [...alone, ...pipe, ...later, ...zh]) assert.ok(!/s3cret|\bci\b/.test(f.message), f.message);
  // An empty user info is user info too; without any, nothing to say.
  assert.equal(only(analyzeDockerfile(build('http://@127.0.0.1:3000')), 'goproxy-credentials-http').length, 1);
  assert.deepEqual(only(analyzeDockerfile(build('http://127.0.0.1:3000,direct')), 'goproxy-credentials-http'), []);
  assert.deepEqual(only(analyzeDockerfile(build('https://ci:s3cret@athens.corp.example.com')), 'goproxy-credentials-http'), []);
});

test('goproxy-credentials-http: https:// fix for a remote host; goproxy-insecure leaves it alone (nothing is sent)', () => {
  const f = build('http://ci:s3cret@athens.corp.example.com,direct');
  assert.deepEqual(only(analyzeDockerfile(f), 'goproxy-insecure'), []);
  const fixed = assertFixRoundTrip(f, 'goproxy-credentials-http');
  assert.match(fixed.dockerfile!, /ENV GOPROXY="https:\/\/ci:s3cret@athens\.corp\.example\.com,direct"/);
});

// ---- 11. Hovers agree with findings ---------------------------------------------------------------------------

/** A finding that says every download through this GOPROXY fails. */
const failing = (f: Finding) => f.severity === 'error' && ['goproxy-invalid', 'goproxy-credentials-http', 'goproxy-off'].includes(f.rule);
const FAILS = /Not downloaded|Not downloadable/;
const ROUTE = /Downloaded through|Fetched directly/;

const VALUES = [
  'https://goproxy.cn,direct',
  'https://athens.corp.example.com,https://proxy.golang.org,direct',
  'https://goproxy.cn|https://proxy.golang.org|direct',
  'http://127.0.0.1:3000,drect',
  'ftp://mirror.example.com,direct',
  ' , ',
  'off',
  'direct',
  'http://ci:tok@127.0.0.1:3000,direct',
  'http://ci:tok@127.0.0.1:3000|https://goproxy.cn,direct',
  'http://ci:tok@athens.corp.example.com',
  'https://goproxy.cn,http://ci:tok@athens.corp.example.com',
  'https://goproxy.cn;direct',
  'http:///nohost,direct',
];

test('hovers agree with findings: no route shown for a value the findings call failing, and no failure they do not report', () => {
  for (const value of VALUES) {
    for (const env of [{}, { GOPRIVATE: 'gitlab.acme.internal' }] as Record<string, string>[]) {
      const v = routeViews(value, [PRIVATE, 'github.com/google/uuid'], env);
      const errors = v.findings.filter(failing);
      const label = `GOPROXY=${JSON.stringify(value)} ${JSON.stringify(env)}`;
      for (const [mod, hover] of v.moduleHovers) {
        const fails = FAILS.test(hover);
        const direct = /Fetched directly/.test(hover);
        // A GONOPROXY module skips the proxies: only a value go rejects outright fails it too.
        const expected = direct ? false : errors.length > 0;
        assert.equal(
          fails,
          direct ? false : expected,
          `${label}: ${mod} hover ${fails ? 'says it fails' : 'shows a route'}, findings: ${JSON.stringify(errors.map((f) => f.message))}\n${hover}`,
        );
        assert.equal(ROUTE.test(hover), !fails, `${label}: ${mod}\n${hover}`);
        // The failure the hover quotes is the one a finding quotes.
        for (const q of [...hover.matchAll(/`([^`]+)`/g)].map((m) => m[1]!.replace(/…$/, '')).filter((q) => fails && q.length > 12)) {
          if (/^(GOPROXY|off)/.test(q)) continue;
          assert.ok(
            errors.some((f) => f.message.includes(q)),
            `${label}: the hover's ${q} is in no finding`,
          );
        }
      }
      // The GOPROXY hover's list of modules says the same.
      assert.equal(
        FAILS.test(v.valueHover),
        errors.some((f) => f.rule !== 'goproxy-off'),
        `${label}: value hover\n${v.valueHover}`,
      );
    }
  }
});
