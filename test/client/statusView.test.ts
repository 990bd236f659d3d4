// statusView: status bar text, severity and the Markdown tooltip, from monitor snapshots.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { MirrorState } from '../../client/src/health/monitor';
import type { ProbeResult } from '../../client/src/health/probe';
import type { ProbeFailureKind } from '../../client/src/health/probeFailures';
import { escapeMarkdown, failurePhrase, relativeTime, statusView } from '../../client/src/health/statusView';
import { englishT, type Translate } from '../../client/src/translate';

const NOW = Date.parse('2025-03-01T12:00:00Z');
/** The identity translator VS Code uses without a bundle: fills `{n}` placeholders. */
const t = englishT;

function result(state: ProbeResult['state'], totalMs: number, secondsAgo = 12, kind?: ProbeFailureKind, status?: number): ProbeResult {
  return {
    url: 'x',
    requests: [],
    state,
    ...(status !== undefined ? { status } : {}),
    timings: { totalMs },
    ...(kind ? { failure: { kind, detail: `detail of ${kind}` } } : {}),
    checkedAt: new Date(NOW - secondsAgo * 1000).toISOString(),
    bytes: 0,
  };
}

function mirror(url: string, history: ProbeResult[], extra: Partial<MirrorState> = {}): MirrorState {
  const failures = history.length - 1 - history.map((r) => r.state).lastIndexOf('ok');
  return { url, history, last: history.at(-1), consecutiveFailures: Math.max(0, failures), probing: false, ...extra };
}

const healthy = mirror('https://goproxy.cn', [result('ok', 90), result('ok', 85.4)], { medianMs: 87.7 });
const failing = mirror('https://proxy.golang.org', [result('ok', 200, 300), result('failing', 5000, 12, 'connect-timeout')]);

test('ok: the first mirror with its latency', () => {
  const view = statusView([healthy, failing], t, NOW);
  assert.equal(view.text, '$(cloud) goproxy.cn 85 ms');
  assert.equal(view.severity, 'ok');
});

test('warning when the first mirror fails, error when all do', () => {
  const warning = statusView([failing, healthy], t, NOW);
  assert.equal(warning.text, '$(cloud-offline) proxy.golang.org failing');
  assert.equal(warning.severity, 'warning');
  const other = mirror('https://goproxy.io', [result('failing', 10, 5, 'dns')]);
  assert.equal(statusView([failing, other], t, NOW).severity, 'error');
});

test('probing and never checked', () => {
  assert.equal(statusView([{ ...healthy, probing: true }], t, NOW).text, '$(sync~spin) goproxy.cn');
  const fresh: MirrorState = { url: 'https://goproxy.cn', history: [], consecutiveFailures: 0, probing: false };
  const view = statusView([fresh], t, NOW);
  assert.equal(view.text, '$(cloud) goproxy.cn');
  assert.equal(view.severity, 'ok');
  assert.match(view.tooltipMarkdown, /not checked yet/);
  assert.equal(statusView([], t, NOW).severity, 'ok');
});

test('a mirror answering 404 for the probe module is reachable, not failing', () => {
  const notFound = mirror('https://athens.corp', [result('not-found', 30, 3, 'http-status', 404)]);
  const view = statusView([notFound], t, NOW);
  assert.equal(view.severity, 'ok');
  assert.equal(view.text, '$(cloud) athens.corp 30 ms');
  assert.match(view.tooltipMarkdown, /probe module not found \(HTTP 404\)/);
});

test('tooltip: a Markdown table with state, latency, median, last error in words, and when', () => {
  const md = statusView([healthy, failing], t, NOW).tooltipMarkdown;
  const lines = md.split('\n');
  assert.equal(lines[0], '**Go module mirrors**');
  assert.equal(lines[2], '| Mirror | State | Latency | Median | Last error | Checked |');
  assert.equal(lines[3], '|---|---|---|---|---|---|');
  assert.equal(lines[4], '| https\\://goproxy.cn | OK | 85 ms | 88 ms | — | 12 s ago |');
  assert.equal(lines[5], '| https\\://proxy.golang.org | failing | — | — | connection timed out | 12 s ago |');
});

test('an earlier failure shows with its age after recovery', () => {
  const recovered = mirror('https://goproxy.io', [result('failing', 1, 600, 'reset'), result('ok', 40, 5)]);
  assert.match(statusView([recovered], t, NOW).tooltipMarkdown, /connection reset \(10 min ago\)/);
});

test('every failure kind has a phrase, through the translator', () => {
  const kinds: ProbeFailureKind[] = [
    'dns',
    'refused',
    'connect-timeout',
    'tls-handshake',
    'tls-timeout',
    'certificate',
    'http-status',
    'slow-first-byte',
    'body-timeout',
    'proxy-auth',
    'reset',
    'too-many-redirects',
    'bad-response',
    'other',
  ];
  const phrases = kinds.map((k) => failurePhrase(k, t));
  assert.equal(new Set(phrases).size, kinds.length);
  assert.equal(failurePhrase('http-status', t, 503), 'HTTP error 503');
  const upper: Translate = (m, ...a) => t(m, ...a).toUpperCase();
  assert.equal(failurePhrase('dns', upper), 'DNS LOOKUP FAILED');
  assert.equal(statusView([failing], upper, NOW).text, '$(cloud-offline) PROXY.GOLANG.ORG FAILING');
});

test('relative times', () => {
  const ago = (s: number) => relativeTime(new Date(NOW - s * 1000).toISOString(), NOW, t);
  assert.deepEqual([ago(0), ago(59), ago(61), ago(7200), ago(200_000)], ['0 s ago', '59 s ago', '1 min ago', '2 h ago', '2 d ago']);
  assert.equal(relativeTime('garbage', NOW, t), '—');
});

test('credentials are redacted and Markdown in URLs is inert', () => {
  const leaky = mirror('https://user:s3cret@athens.corp/|[x](javascript:alert(1))', [result('failing', 1, 1, 'proxy-auth')]);
  const leakyT: Translate = (m, ...a) => t(m, ...a) + ' https://bob:hunter22@evil.example';
  const view = statusView([leaky], leakyT, NOW);
  const all = view.text + view.tooltipMarkdown;
  assert.ok(!all.includes('s3cret') && !all.includes('hunter22'), all);
  assert.ok(view.tooltipMarkdown.includes('https\\://\\*\\*\\*@athens.corp/\\|\\[x\\](javascript\\:alert(1))'), view.tooltipMarkdown);
  assert.equal(view.text.startsWith('$(cloud-offline) athens.corp'), true);
  assert.equal(escapeMarkdown('a|b\nc $(icon) <b>'), 'a\\|b c \\$(icon) \\<b\\>');
});

test('mirrors beyond the probing cap are noted under the table, in words, not as rows', () => {
  const view = statusView([healthy], t, NOW, 968);
  assert.match(view.tooltipMarkdown, /968 more mirrors not probed\\: too many mirrors \(at most 32 are probed\)$/);
  assert.equal(view.tooltipMarkdown.split('\n').filter((l) => l.startsWith('| ')).length, 2, 'header and the one probed mirror');
  assert.doesNotMatch(statusView([healthy], t, NOW).tooltipMarkdown, /not probed/);
});
