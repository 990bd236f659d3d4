// reportHtml: a static page with a strict CSP, no scripts, an SVG latency chart, errors and exact requests.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { MirrorState } from '../../client/src/health/monitor';
import type { ProbeResult } from '../../client/src/health/probe';
import type { ProbeFailureKind } from '../../client/src/health/probeFailures';
import { reportHtml } from '../../client/src/health/reportHtml';
import { englishT, type Translate } from '../../client/src/translate';

const t = englishT;
const NONCE = 'bm9uY2Vub25jZQ==';
const CSP_SOURCE = 'https://*.vscode-cdn.net';

function probe(minute: number, state: ProbeResult['state'], totalMs: number, kind?: ProbeFailureKind, url = 'https://***@athens.corp/x'): ProbeResult {
  return {
    url,
    requests: [{ method: 'GET', url: `${url}/github.com/google/uuid/@v/v1.6.0.info`, ...(kind ? { error: `${kind} error <b>` } : { status: 200 }) }],
    state,
    ...(kind ? { failure: { kind, detail: `ECONNRESET & <script>alert(1)</script>` } } : { status: 200 }),
    timings: { totalMs },
    checkedAt: new Date(Date.UTC(2025, 2, 1, 12, minute)).toISOString(),
    bytes: 50,
  };
}

const history = [probe(0, 'ok', 80), probe(1, 'ok', 120), probe(2, 'failing', 5000, 'reset'), probe(3, 'ok', 100)];
const states: MirrorState[] = [
  { url: 'https://***@athens.corp/x', history, last: history.at(-1), medianMs: 100, consecutiveFailures: 0, probing: false },
  { url: 'https://goproxy.cn', history: [], consecutiveFailures: 0, probing: true },
];

test('a complete page with a strict CSP and no scripts', () => {
  const html = reportHtml(states, t, NONCE, CSP_SOURCE);
  assert.match(html, /^<!DOCTYPE html>/);
  assert.match(html, /<\/html>\s*$/);
  const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)?.[1];
  assert.equal(csp, `default-src 'none'; style-src ${CSP_SOURCE} 'nonce-${NONCE}'; img-src ${CSP_SOURCE} data:;`);
  assert.doesNotMatch(html, /<script/i);
  assert.doesNotMatch(html, /\son[a-z]+=/i, 'no inline event handlers');
  assert.doesNotMatch(html, /\sstyle="/, 'no inline style attributes (the CSP would block them)');
  assert.equal([...html.matchAll(/<style nonce="([^"]+)">/g)].map((m) => m[1]).join(), NONCE);
});

test('a latency chart per mirror: a polyline of answered probes and a red mark per failure', () => {
  const html = reportHtml(states, t, NONCE, CSP_SOURCE);
  const svg = /<svg[\s\S]*?<\/svg>/.exec(html)?.[0] ?? '';
  const points = /<polyline class="latency" points="([^"]+)"/.exec(svg)?.[1]?.split(' ') ?? [];
  assert.equal(points.length, 3);
  const [xs, ys] = [points.map((p) => Number(p.split(',')[0])), points.map((p) => Number(p.split(',')[1]))];
  assert.ok(xs[0]! < xs[1]! && xs[1]! < xs[2]!, 'time runs left to right');
  assert.ok(ys[1]! < ys[2]! && ys[2]! < ys[0]!, 'higher latency is drawn higher: 120 > 100 > 80 ms');
  assert.equal((svg.match(/class="failure"/g) ?? []).length, 1);
  assert.match(svg, /<text[^>]*>120 ms<\/text>/);
  assert.match(html, /No probe yet\./, 'the mirror without results says so');
});

test('error history and the exact requests, escaped', () => {
  const html = reportHtml(states, t, NONCE, CSP_SOURCE);
  assert.match(html, /connection reset/);
  assert.match(html, /ECONNRESET &#38; &#60;script&#62;alert\(1\)&#60;\/script&#62;/);
  assert.match(html, /reset error &#60;b&#62;/);
  const requestRows = html.match(/<code>GET https:\/\/\*\*\*@athens\.corp\/x\/github\.com\/google\/uuid\/@v\/v1\.6\.0\.info<\/code>/g) ?? [];
  assert.equal(requestRows.length, 4);
  assert.ok(html.indexOf('2025-03-01T12:03:00.000Z') < html.lastIndexOf('2025-03-01T12:00:00.000Z'), 'newest first');
});

test('credentials are redacted even if they reach the report, and every text is escaped', () => {
  const leaky = probe(0, 'failing', 10, 'proxy-auth', 'https://bob:hunter22@corp.example');
  const evilT: Translate = (m, ...a) => t(m, ...a) + '<img src=x>';
  const html = reportHtml(
    [{ url: 'https://bob:hunter22@corp.example/"><i>', history: [leaky], last: leaky, consecutiveFailures: 1, probing: false }],
    evilT,
    NONCE,
    CSP_SOURCE,
  );
  assert.ok(!html.includes('hunter22'));
  assert.ok(!html.includes('<img') && !html.includes('<i>'));
  assert.match(html, /https:\/\/\*\*\*@corp\.example\/&#34;&#62;&#60;i&#62;/);
  assert.match(reportHtml([], t, NONCE, CSP_SOURCE), /No Go module mirror is monitored\./);
});

test('mirrors not probed (too many) are listed after the others, redacted and escaped', () => {
  const notProbed = ['https://***@m32.example/<b>', 'https://m33.example'];
  const html = reportHtml(states, t, NONCE, CSP_SOURCE, notProbed);
  assert.ok(html.includes('<p>2 more mirrors not probed: too many mirrors (at most 32 are probed)</p>'), html);
  assert.ok(html.includes('<li><code>https://***@m32.example/&#60;b&#62;</code></li><li><code>https://m33.example</code></li>'), html);
  assert.ok(html.indexOf('not probed') > html.lastIndexOf('<h2>'), 'after the probed mirrors');
  assert.ok(!reportHtml(states, t, NONCE, CSP_SOURCE).includes('not probed'));
});
