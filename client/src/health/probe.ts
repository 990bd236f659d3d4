// One health probe of one Go module mirror: a single cheap GET of an immutable `.info`, timed phase by phase
// and classified the way people describe network trouble. Plain Node (no `vscode`) so tests drive it directly.
import { STATUS_CODES } from 'node:http';
import { Agent, request, type Dispatcher } from 'undici';
import { redactCredentials } from '../../../server/src/core/redact';
import { dropConnection, safeDecode, timedConnector, traceConnections, type ConnectionPhase, type ConnectionTrace } from './proxyAgent';

/**
 * Why one health probe of a mirror failed, by the phase of its one HTTP request (not the same thing as a
 * container run's RunFailureKind, which sorts the go command's own errors).
 */
export type ProbeFailureKind =
  | 'dns'
  | 'refused'
  | 'connect-timeout'
  | 'tls-handshake'
  | 'tls-timeout'
  | 'certificate'
  | 'http-status'
  | 'slow-first-byte'
  | 'body-timeout'
  | 'proxy-auth'
  | 'reset'
  | 'too-many-redirects'
  | 'bad-response'
  | 'other';

/** Milliseconds. Phases are those of the probe's first connection; firstByteMs counts from the probe's start. */
export interface ProbeTimings {
  dnsMs?: number;
  connectMs?: number;
  tlsMs?: number;
  firstByteMs?: number;
  totalMs: number;
}

export interface ProbeRequest {
  method: string;
  url: string;
  status?: number;
  error?: string;
}

export interface ProbeResult {
  /** The mirror base URL as shown (credentials redacted). */
  url: string;
  /** Exact requests made, in order, redacted: `GET https://***@host/path` and the status or error. */
  requests: ProbeRequest[];
  /** not-found: the mirror answered 404/410 for the probe module (reachable; with `,` the go command falls through). */
  state: 'ok' | 'not-found' | 'failing';
  status?: number;
  timings: ProbeTimings;
  failure?: { kind: ProbeFailureKind; detail: string };
  checkedAt: string;
  bytes: number;
}

export interface ProbeOptions {
  timeoutMs: number;
  dispatcher?: Dispatcher;
  signal?: AbortSignal;
  /** Deadline for the first response byte, counted from the probe's start. Default: timeoutMs. */
  slowFirstByteMs?: number;
  maxBodyBytes?: number;
  probePath?: string;
}

/** An old, immutable version of a popular module: every mirror has it cached, so this is cheap everywhere. */
export const DEFAULT_PROBE_PATH = 'github.com/google/uuid/@v/v1.6.0.info';
const DEFAULT_MAX_BODY = 64 * 1024;
const MAX_REDIRECTS = 3;

/** The connection trace plus what the probe itself learns from the response. */
interface ProbeTrace extends ConnectionTrace {
  start: number;
  firstByteMs?: number;
  /** Status and body bytes read (partial ones included) of the latest response. */
  status?: number;
  bodyBytes: number;
}

interface Outcome {
  state: ProbeResult['state'];
  status?: number;
  failure?: ProbeResult['failure'];
}

/** Probes one mirror. Never rejects: every problem becomes a classified failure. */
export async function probeMirror(baseUrl: string, opts: ProbeOptions): Promise<ProbeResult> {
  const start = performance.now();
  const checkedAt = new Date().toISOString();
  const trace: ProbeTrace = { start, phase: 'connect', secureTarget: false, bodyBytes: 0, sockets: new Set() };
  const requests: ProbeRequest[] = [];
  const target = parseMirror(baseUrl, opts.probePath ?? DEFAULT_PROBE_PATH);
  let outcome: Outcome;
  if (typeof target === 'string') {
    outcome = { state: 'failing', failure: { kind: 'other', detail: target } };
  } else {
    const ownAgent = opts.dispatcher ? undefined : new Agent({ connect: timedConnector({ timeout: opts.timeoutMs }) });
    const abort = new AbortController();
    const timers: NodeJS.Timeout[] = [];
    let onCancel = () => {};
    outcome = await new Promise<Outcome>((resolve) => {
      // The deadlines resolve the probe themselves: undici only notices an abort once a connection exists.
      const deadline = (ms: number, firstByteOnly: boolean) =>
        timers.push(setTimeout(() => (firstByteOnly && trace.phase === 'body') || resolve(timeoutOutcome(trace, ms)), ms));
      deadline(opts.timeoutMs, false);
      if (opts.slowFirstByteMs !== undefined && opts.slowFirstByteMs < opts.timeoutMs) deadline(opts.slowFirstByteMs, true);
      onCancel = () => resolve(fail('other', 'probe cancelled'));
      if (opts.signal?.aborted) onCancel();
      opts.signal?.addEventListener('abort', onCancel, { once: true });
      const dispatcher = opts.dispatcher ?? ownAgent!;
      const maxBody = opts.maxBodyBytes ?? DEFAULT_MAX_BODY;
      traceConnections(trace, () => fetchInfo(target, dispatcher, abort.signal, trace, maxBody, requests)).then(resolve, (err: unknown) =>
        resolve({ state: 'failing', failure: classifyError(err, trace.phase) }),
      );
    });
    for (const timer of timers) clearTimeout(timer);
    opts.signal?.removeEventListener('abort', onCancel);
    // Sockets first: a request aborted while its socket is open is re-queued by undici, which connects again for it.
    trace.finished = true;
    for (const socket of trace.sockets) dropConnection(socket);
    abort.abort();
    void ownAgent?.destroy().catch(() => {});
  }
  const last = requests[requests.length - 1];
  if (last && last.status === undefined && outcome.failure) last.error = outcome.failure.detail;
  const secrets = typeof target === 'string' ? [] : target.secrets;
  // Known secrets first, longest first: redacting first would split a password containing '@' (`p@ss`) and leave
  // its tail, which no longer matches the secret, in the text.
  const known = [...secrets].sort((a, b) => b.length - a.length);
  const scrub = (text: string) => redactCredentials(known.reduce((s, secret) => s.split(secret).join('***'), text));
  const timings: ProbeTimings = { totalMs: performance.now() - start };
  for (const key of ['dnsMs', 'connectMs', 'tlsMs', 'firstByteMs'] as const) if (trace[key] !== undefined) timings[key] = trace[key];
  return {
    url: scrub(baseUrl),
    requests: requests.map((r) => ({ ...r, url: scrub(r.url), ...(r.error !== undefined ? { error: scrub(r.error) } : {}) })),
    state: outcome.state,
    ...(outcome.status !== undefined ? { status: outcome.status } : {}),
    timings,
    ...(outcome.failure ? { failure: { kind: outcome.failure.kind, detail: scrub(outcome.failure.detail) } } : {}),
    checkedAt,
    bytes: trace.bodyBytes,
  };
}

interface MirrorTarget {
  url: URL;
  headers: Record<string, string>;
  /** Origin the credentials belong to: they are sent (and shown as `***@`) only there. */
  credentialOrigin?: string;
  secrets: string[];
}

/** The probe URL without user info, plus the basic-auth header the go command would send for it. */
function parseMirror(baseUrl: string, probePath: string): MirrorTarget | string {
  let url: URL;
  try {
    url = new URL(baseUrl.trim());
  } catch {
    return 'invalid mirror URL';
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return `unsupported scheme ${url.protocol} (only http and https can be probed)`;
  const headers: Record<string, string> = { 'user-agent': 'go-proxy-doctor (health probe)', accept: 'application/json', 'accept-encoding': 'identity' };
  const user = safeDecode(url.username);
  const pass = safeDecode(url.password);
  const hasCredentials = url.username !== '' || url.password !== '';
  if (hasCredentials) headers.authorization = 'Basic ' + Buffer.from(`${user}:${pass}`).toString('base64');
  // Scrubbing a one-letter user name everywhere would mangle the report; real tokens are long.
  // The Authorization value itself too (base64 of user:pass): a server may echo it back in an error.
  const basic = hasCredentials ? Buffer.from(`${user}:${pass}`).toString('base64') : '';
  const secrets = [url.password, pass, url.username, user, basic].filter((s) => s.length >= 4);
  url.username = '';
  url.password = '';
  url.pathname = url.pathname.replace(/\/+$/, '') + '/' + probePath.replace(/^\/+/, '');
  url.search = '';
  url.hash = '';
  return { url, headers, secrets, ...(hasCredentials ? { credentialOrigin: url.origin } : {}) };
}

function shownUrl(url: URL, target: MirrorTarget): string {
  return target.credentialOrigin === url.origin ? `${url.protocol}//***@${url.host}${url.pathname}${url.search}` : url.href;
}

async function fetchInfo(
  target: MirrorTarget,
  dispatcher: Dispatcher,
  signal: AbortSignal,
  trace: ProbeTrace,
  maxBody: number,
  requests: ProbeRequest[],
): Promise<Outcome> {
  let url = target.url;
  for (let hop = 0; ; hop++) {
    const entry: ProbeRequest = { method: 'GET', url: shownUrl(url, target) };
    requests.push(entry);
    trace.secureTarget = url.protocol === 'https:';
    const headers = { ...target.headers };
    if (url.origin !== target.credentialOrigin) delete headers.authorization;
    // reset: a fresh connection per probe, so DNS/TCP/TLS are measured each time and no idle socket stays behind.
    const res = await request(url, { dispatcher, method: 'GET', headers, signal, reset: true, headersTimeout: 0, bodyTimeout: 0 });
    trace.firstByteMs ??= performance.now() - trace.start;
    trace.phase = 'body';
    entry.status = trace.status = res.statusCode;
    const location = res.headers.location;
    if (res.statusCode >= 300 && res.statusCode < 400 && typeof location === 'string') {
      discard(res.body);
      if (hop >= MAX_REDIRECTS) return fail('too-many-redirects', `more than ${MAX_REDIRECTS} redirects (the last to ${location})`, res.statusCode);
      url = new URL(location, url);
      continue;
    }
    trace.bodyBytes = 0;
    const body = await readCapped(res.body, maxBody, trace);
    const status = `HTTP ${res.statusCode} ${STATUS_CODES[res.statusCode] ?? ''}`.trim();
    const excerpt = body.text.split('\n', 1)[0]!.slice(0, 200);
    if (res.statusCode === 407) return fail('proxy-auth', `${status} from the HTTP proxy`, res.statusCode);
    if (res.statusCode === 404 || res.statusCode === 410) {
      return { state: 'not-found', status: res.statusCode, failure: { kind: 'http-status', detail: `${status}: ${excerpt}` } };
    }
    if (res.statusCode !== 200) return fail('http-status', excerpt ? `${status}: ${excerpt}` : status, res.statusCode);
    const expected = /\/@v\/(.+)\.info$/.exec(url.pathname)?.[1];
    const version = parseVersion(body.text);
    if (version === undefined) {
      const why = body.truncated ? `body larger than ${maxBody} bytes` : 'body is not JSON with a Version';
      return fail('bad-response', `${status} but ${why}`, 200);
    }
    if (expected !== undefined && version !== decodeURIComponent(expected)) return fail('bad-response', `Version is ${version}, expected ${expected}`, 200);
    return { state: 'ok', status: 200 };
  }
}

function fail(kind: ProbeFailureKind, detail: string, status?: number): Outcome {
  return { state: 'failing', failure: { kind, detail }, ...(status !== undefined ? { status } : {}) };
}

/** Reads at most `max` bytes, then stops (destroying the stream closes the connection). */
async function readCapped(body: Dispatcher.ResponseData['body'], max: number, trace: ProbeTrace): Promise<{ text: string; truncated: boolean }> {
  const chunks: Buffer[] = [];
  for await (const chunk of body as AsyncIterable<Buffer>) {
    const take = Math.min(chunk.length, max - trace.bodyBytes);
    chunks.push(chunk.subarray(0, take));
    trace.bodyBytes += take;
    if (trace.bodyBytes >= max) {
      discard(body);
      return { text: Buffer.concat(chunks).toString('utf8'), truncated: true };
    }
  }
  return { text: Buffer.concat(chunks).toString('utf8'), truncated: false };
}

function parseVersion(text: string): string | undefined {
  try {
    const info: unknown = JSON.parse(text);
    const version = info && typeof info === 'object' ? (info as { Version?: unknown }).Version : undefined;
    return typeof version === 'string' ? version : undefined;
  } catch {
    return undefined;
  }
}

/** Stops reading a body; undici then closes the connection. */
function discard(body: Dispatcher.ResponseData['body']): void {
  body.on('error', () => {}).destroy();
}

/** A deadline hit: what the probe was waiting for says what went wrong. */
const TIMEOUTS: Record<ConnectionPhase, [ProbeFailureKind, string]> = {
  dns: ['dns', 'DNS lookup did not finish'],
  connect: ['connect-timeout', 'TCP connect did not finish'],
  proxy: ['connect-timeout', 'the HTTP proxy did not answer CONNECT'],
  tls: ['tls-timeout', 'TLS handshake did not finish'],
  'first-byte': ['slow-first-byte', 'no response headers'],
  body: ['body-timeout', 'response body did not finish'],
};

function timeoutOutcome(trace: ProbeTrace, ms: number): Outcome {
  const [kind, what] = TIMEOUTS[trace.phase];
  return fail(kind, `${what} within ${ms} ms`, trace.phase === 'body' ? trace.status : undefined);
}

type ErrorLike = Error & { code?: string; cause?: unknown };
const DNS_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_FAIL', 'EAI_NODATA', 'EAI_NONAME']);
const CERTIFICATE_CODE = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER|ALTNAME/;

/** Maps an error (and its causes) to what users call it; `phase` tells a TLS reset from a mid-response one. */
function classifyError(err: unknown, phase: ConnectionPhase): NonNullable<ProbeResult['failure']> {
  const chain: ErrorLike[] = [];
  for (let e: unknown = err; e instanceof Error && chain.length < 5; e = (e as ErrorLike).cause) chain.push(e as ErrorLike);
  const codes = chain.map((e) => String(e.code ?? ''));
  const detail = chain.map((e) => (e.code && !e.message.includes(e.code) ? `${e.code}: ${e.message}` : e.message)).join(' ← ') || String(err);
  const has = (test: (code: string) => boolean) => codes.some(test);
  const proxyStatus = /Proxy response \((\d{3})\)|Proxy Authentication Required \((\d{3})\)/.exec(detail);
  const kind: ProbeFailureKind = has((c) => DNS_CODES.has(c))
    ? 'dns'
    : has((c) => c === 'ECONNREFUSED')
      ? 'refused'
      : has((c) => CERTIFICATE_CODE.test(c))
        ? 'certificate'
        : proxyStatus
          ? (proxyStatus[1] ?? proxyStatus[2]) === '407'
            ? 'proxy-auth'
            : 'other'
          : has((c) => c === 'UND_ERR_HEADERS_TIMEOUT')
            ? 'slow-first-byte'
            : has((c) => c === 'UND_ERR_BODY_TIMEOUT')
              ? 'body-timeout'
              : has((c) => c === 'UND_ERR_CONNECT_TIMEOUT' || c === 'ETIMEDOUT')
                ? phase === 'tls'
                  ? 'tls-timeout'
                  : 'connect-timeout'
                : phase === 'tls' || has((c) => c.startsWith('ERR_SSL') || c === 'EPROTO' || c.startsWith('ERR_TLS'))
                  ? 'tls-handshake'
                  : has((c) => c === 'ECONNRESET' || c === 'EPIPE' || c === 'UND_ERR_SOCKET')
                    ? 'reset'
                    : 'other';
  return { kind, detail };
}
