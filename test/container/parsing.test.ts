// goLog, failures and report on real `go mod download -x -json` output captured from Go 1.26 (in the test
// image, through our container script) and Go 1.19 (Debian's), see test/fixtures/golog/capture.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GoLogParser, parseGoLog, type GoLogEvent } from '../../client/src/container/goLog';
import { classifyGoFailure, classifyRuntimeFailure, looksPrivate, type RunFailureKind } from '../../client/src/container/failures';
import { englishT } from '../../client/src/translate';
import { buildReport, renderMarkdown, type RunEnd } from '../../client/src/container/report';
import type { CapturedRun } from '../fixtures/golog/capture';

const DIR = join(__dirname, '..', 'fixtures', 'golog');
const captures: CapturedRun[] = readdirSync(DIR)
  .filter((f) => f.endsWith('.json'))
  .sort()
  .map((f) => JSON.parse(readFileSync(join(DIR, f), 'utf8')) as CapturedRun);
const byName = (scenario: string, go: 'go1.26' | 'go1.19') => {
  const c = captures.find((x) => x.scenario === scenario && x.go.startsWith(go));
  assert.ok(c, `missing fixture ${scenario}.${go}.json (run test/fixtures/golog/capture.ts)`);
  return c;
};
const end = (c: CapturedRun, extra: Partial<RunEnd> = {}): RunEnd => ({
  exitCode: c.exitCode,
  totalMs: 100,
  image: 'golang:1.26',
  runtime: 'docker',
  ...extra,
});
const reportOf = (c: CapturedRun, extra: Partial<RunEnd> = {}, total?: number) => buildReport(parseGoLog(c.stdout, c.stderr), end(c, extra), englishT, total);

test('fixtures of both Go versions are present', () => {
  assert.ok(captures.filter((c) => c.go.startsWith('go1.26')).length >= 15);
  assert.ok(captures.filter((c) => c.go.startsWith('go1.19')).length >= 15);
});

test('every `# get` line becomes a request event, nothing is lost or invented', () => {
  for (const c of captures) {
    const events = parseGoLog(c.stdout, c.stderr);
    const gets = c.stderr.split('\n').filter((l) => l.startsWith('# get '));
    const requests = events.filter((e) => e.type === 'request-started' || e.type === 'request-finished');
    assert.equal(requests.length, gets.length, `${c.scenario} ${c.go}`);
    const objects = (c.stdout.match(/^\{$/gm) ?? []).length;
    assert.equal(events.filter((e) => e.type === 'module').length, objects, `${c.scenario} ${c.go}: JSON objects`);
  }
});

test('request events carry host, path, status and go-measured seconds', () => {
  const events = parseGoLog('', byName('healthy', 'go1.26').stderr);
  const finished = events.filter((e) => e.type === 'request-finished');
  assert.equal(finished.length, 9);
  for (const e of finished) {
    assert.match(e.host, /^127\.0\.0\.1:\d+$/);
    assert.equal(e.status, 200);
    assert.equal(e.statusText, 'OK');
    assert.ok(e.seconds !== undefined && e.seconds >= 0 && e.seconds < 5);
  }
  assert.ok(finished.some((e) => e.path === '/github.com/%21acme/%21upper/@v/v0.1.0.zip'));
  const bytes = events.filter((e) => e.type === 'request-bytes');
  assert.equal(bytes.length, 9, 'sizes of .info, .mod and .zip of three modules');
  assert.ok(bytes.some((e) => e.path.endsWith('/%21upper/@v/v0.1.0.zip') && e.bytes > 100));
});

test('the parser is streaming: any chunking gives the same events', () => {
  for (const c of [byName('healthy', 'go1.26'), byName('checksum-mismatch', 'go1.26'), byName('sumdb-unreachable-zip', 'go1.19')]) {
    const whole = parseGoLog(c.stdout, c.stderr);
    for (const size of [1, 2, 7, 64]) {
      const events: GoLogEvent[] = [];
      const p = new GoLogParser((e) => events.push(e));
      for (let i = 0; i < c.stderr.length; i += size) p.pushStderr(c.stderr.slice(i, i + size));
      for (let i = 0; i < c.stdout.length; i += size) p.pushStdout(c.stdout.slice(i, i + size));
      p.end();
      assert.deepEqual(events, whole, `${c.scenario} in chunks of ${size}`);
    }
  }
});

test('compact one-line JSON (other tools, future versions) parses too', () => {
  const events = parseGoLog('{"Path":"a.example/x","Version":"v1.0.0"}\n{"Path":"b.example/y","Version":"v2.0.0","Error":"b: {weird} \\"quoted\\""}\n', '');
  assert.deepEqual(events, [
    { type: 'module', path: 'a.example/x', version: 'v1.0.0' },
    { type: 'module', path: 'b.example/y', version: 'v2.0.0', error: 'b: {weird} "quoted"' },
  ]);
});

const EXPECTED: Record<string, { kind: RunFailureKind; module?: string }> = {
  'not-found': { kind: 'not-found' },
  'server-error': { kind: 'server-error' },
  reset: { kind: 'connection-reset' },
  'auth-missing': { kind: 'proxy-auth' },
  'auth-ok': { kind: 'insecure-credentials' },
  'proxy-off': { kind: 'proxy-off' },
  refused: { kind: 'connection-refused' },
  dns: { kind: 'dns' },
  'private-gone': { kind: 'not-found-private', module: 'git.corp.internal/x' },
  'checksum-mismatch': { kind: 'checksum-mismatch', module: 'example.com/hello' },
  'sumdb-unreachable': { kind: 'sumdb-unreachable' },
  'sumdb-unreachable-zip': { kind: 'sumdb-unreachable' },
  toolchain: { kind: 'toolchain-download' },
};
/** Go 1.19 cannot switch toolchains: it cannot even parse the newer go line. */
const EXPECTED_GO119: Record<string, { kind: RunFailureKind; module?: string }> = { toolchain: { kind: 'go-too-old' } };

for (const go of ['go1.26', 'go1.19'] as const) {
  test(`each captured failure of ${go} is classified`, () => {
    for (const [scenario, want] of Object.entries({ ...EXPECTED, ...(go === 'go1.19' ? EXPECTED_GO119 : {}) })) {
      const report = reportOf(byName(scenario, go));
      assert.equal(report.ok, false, scenario);
      assert.equal(report.outcome, 'failed', scenario);
      assert.ok(report.failures.length >= 1, scenario);
      for (const f of report.failures) {
        assert.equal(f.kind, want.kind, `${scenario} ${go}: ${f.raw}`);
        assert.ok(f.cause.length > 10 && f.fix.length > 10 && !/\{\d\}/.test(f.cause + f.fix), `${scenario}: texts filled in`);
      }
      if (want.module) assert.equal(report.failures[0]!.module, want.module, scenario);
    }
  });

  test(`healthy run of ${go}: exact figures`, () => {
    const report = reportOf(byName('healthy', go), {}, 3);
    assert.equal(report.ok, true);
    assert.deepEqual(report.modules, { ok: 3, failed: 0, total: 3 });
    assert.equal(report.hosts.length, 1);
    assert.equal(report.hosts[0]!.requests, 9);
    assert.equal(report.hosts[0]!.failures, 0);
    assert.ok(report.hosts[0]!.medianMs !== null && report.hosts[0]!.medianMs < 1000);
    // Sizes come from our container script, so only the image run knows them.
    if (go === 'go1.26') assert.ok(report.hosts[0]!.bytes !== null && report.hosts[0]!.bytes > 1000);
    else assert.equal(report.hosts[0]!.bytes, null);
    assert.deepEqual(report.failures, []);
  });
}

test('the checksum mismatch block is one failure with its details', () => {
  const report = reportOf(byName('checksum-mismatch', 'go1.26'), {}, 2);
  assert.equal(report.failures.length, 1);
  const f = report.failures[0]!;
  assert.equal(f.version, 'v1.0.0');
  assert.match(f.raw, /downloaded: h1:/);
  assert.match(f.raw, /SECURITY ERROR/);
  assert.deepEqual(report.modules, { ok: 0, failed: 1, total: 2 });
});

test('JSON module errors count per module', () => {
  const report = reportOf(byName('sumdb-unreachable-zip', 'go1.26'));
  assert.deepEqual(report.modules, { ok: 0, failed: 2 });
  assert.deepEqual(report.failures.map((f) => f.module).sort(), ['example.com/greet', 'example.com/hello']);
  const sumdbHost = report.hosts.find((h) => h.host === '127.0.0.1:9');
  assert.deepEqual(sumdbHost && { requests: sumdbHost.requests, failures: sumdbHost.failures }, { requests: 2, failures: 2 });
});

test('private 410: the fix names the GOPRIVATE pattern', () => {
  const f = reportOf(byName('private-gone', 'go1.26')).failures[0]!;
  assert.match(f.fix, /GOPRIVATE/);
  assert.match(f.fix, /git\.corp\.internal/);
  assert.match(f.cause, /410/);
});

test('a hang ends in our timeout, naming the host that never answered', () => {
  const c = byName('hang', 'go1.26');
  const report = reportOf(c, { timeoutSeconds: 3 });
  assert.equal(report.outcome, 'timeout');
  assert.equal(report.failures[0]!.kind, 'timeout');
  const host = /http:\/\/([^/]+)\//.exec(c.stderr)![1]!;
  assert.match(report.failures[0]!.cause, new RegExp(host.replace(/\./g, '\\.')));
  assert.deepEqual(
    report.hosts.map((h) => [h.host, h.requests, h.failures]),
    [[host, 2, 2]],
  );
  assert.equal(reportOf(c, { cancelled: true }).failures[0]!.kind, 'cancelled');
});

test('credentials never reach the report or its Markdown', () => {
  const c = byName('auth-ok', 'go1.26');
  const secretish = c.stderr.replace(/xxxxx/g, 'capture-secret');
  const events = parseGoLog('', secretish);
  const report = buildReport(events, end(c), englishT);
  const text = JSON.stringify(events) + JSON.stringify(report) + renderMarkdown(report, englishT);
  assert.doesNotMatch(text, /capture-secret|gpd:/);
  assert.match(text, /http:\/\/\*\*\*@127\.0\.0\.1/);
});

test('failure shapes go prints that loopback cannot produce', () => {
  const cases: Array<[string, RunFailureKind]> = [
    ['example.com/m@v1.0.0: Get "https://proxy.golang.org/example.com/m/@v/v1.0.0.mod": dial tcp 142.250.72.17:443: i/o timeout', 'tcp-dial-timeout'],
    ['example.com/m@v1.0.0: Get "https://proxy.golang.org/example.com/m/@v/v1.0.0.mod": net/http: TLS handshake timeout', 'tls-handshake-timeout'],
    [
      'example.com/m@v1.0.0: Get "https://goproxy.io/example.com/m/@v/v1.0.0.mod": context deadline exceeded (Client.Timeout exceeded while awaiting headers)',
      'context-deadline',
    ],
    ['example.com/m@v1.0.0: Get "https://mirror.local/example.com/m/@v/list": x509: certificate signed by unknown authority', 'tls-error'],
    ['example.com/m@v1.0.0: Get "https://127.0.0.1:3000/x": tls: first record does not look like a TLS handshake', 'tls-error'],
    [
      "git.corp.example.com/a/b@v1.2.3: git ls-remote -q origin in /go/pkg/mod/cache/vcs/abc: exit status 128:\n\tfatal: could not read Username for 'https://git.corp.example.com': terminal prompts disabled",
      'vcs-auth',
    ],
    [
      'git.corp.example.com/a/b@v1.2.3: verifying module: git.corp.example.com/a/b@v1.2.3: reading https://sum.golang.org/lookup/git.corp.example.com/a/b@v1.2.3: 404 Not Found\n\tserver response: not found',
      'sumdb-unreachable',
    ],
    ['example.com/m@v1.0.0: invalid proxy URL missing scheme: goproxy', 'invalid-proxy'],
    ['go.mod requires go >= 1.99.0 (running go 1.26.8; GOTOOLCHAIN=local)', 'go-too-old'],
    ['example.com/m@v1.0.0: Get "https://proxy.golang.org/x": dial tcp: lookup proxy.golang.org on 10.0.0.53:53: server misbehaving', 'dns'],
  ];
  for (const [message, kind] of cases) assert.equal(classifyGoFailure(message, 'en').kind, kind, message);
  assert.match(classifyGoFailure(cases[6]![0], 'en').fix, /GONOSUMDB/);
});

test('runtime failures are told apart from go failures', () => {
  const kind = (stderr: string) => classifyRuntimeFailure(stderr, englishT, 'golang:1.26', 'docker')?.kind;
  assert.equal(kind('docker: Error response from daemon: No such image: x:1.'), 'image-pull');
  assert.equal(
    kind(
      "Unable to find image 'x:1' locally\ndocker: Error response from daemon: pull access denied for x, repository does not exist or may require 'docker login'",
    ),
    'image-pull',
  );
  assert.equal(kind('docker: Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?'), 'daemon-down');
  assert.equal(kind('docker: permission denied while trying to connect to the Docker daemon socket at unix:///var/run/docker.sock'), 'permission-denied');
  assert.equal(kind('go: example.com/m@v1: reading x: 404 Not Found'), undefined);
});

test('looksPrivate: company hosts yes, public hosts no', () => {
  for (const p of ['git.corp.internal/x', 'gitlab.acme.corp/a/b', 'code.company.local/x', 'mycompany/lib', 'git.acme-inc.com/team/svc'])
    assert.ok(looksPrivate(p), p);
  for (const p of ['github.com/acme/x', 'golang.org/x/net', 'example.com/hello', 'go.uber.org/zap', 'gopkg.in/yaml.v3']) assert.ok(!looksPrivate(p), p);
});

test('the translator receives English source strings with placeholders; go failures are in the locale asked for', () => {
  const seen: string[] = [];
  const t = (m: string, ...args: Array<string | number>) => (seen.push(m), englishT(m, ...args));
  const c = byName('private-gone', 'go1.26');
  const report = buildReport(parseGoLog('', c.stderr), end(c), t);
  renderMarkdown(report, t);
  assert.ok(seen.includes('Cause: {0}'));
  assert.ok(
    seen.every((m) => !/127\.0\.0\.1|git\.corp/.test(m)),
    'values go in arguments, never in the source string',
  );
  assert.match(report.failures[0]!.cause, /a public proxy cannot see a private module/);
  const zh = buildReport(parseGoLog('', c.stderr), end(c), t, undefined, 'zh-cn');
  assert.match(zh.failures[0]!.cause, /公共代理看不到私有模块/);
  assert.equal(zh.failures[0]!.kind, report.failures[0]!.kind);
});

test('Markdown: figures, table and fenced raw output', () => {
  const md = renderMarkdown(reportOf(byName('private-gone', 'go1.26'), {}, 2), englishT);
  assert.match(md, /^## Go proxy test in container: failed/);
  assert.match(md, /Modules: [01]( of \d+)? downloaded/);
  assert.match(md, /\| Host \| Requests \| Failures \| Median \| Bytes \|/);
  assert.match(md, /1\. \*\*not-found-private\*\* — `git\.corp\.internal\/x@v1\.0\.0`/);
  assert.match(md, /```text\n {3}git\.corp\.internal\/x@v1\.0\.0: reading/);
});
