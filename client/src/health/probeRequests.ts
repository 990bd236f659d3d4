// The HTTP side of a health probe: the probe URL and the credentials the go command would send to a mirror, and the
// one GET of an immutable `.info` (following a few redirects), read up to a cap and checked for the Version asked.
import { STATUS_CODES } from 'node:http';
import { request, type Dispatcher } from 'undici';
import { safeDecode, type ConnectionTrace } from './proxyAgent';
import { fail, type ProbeOutcome } from './probeFailures';

/** One request a probe made, as its result shows it (the URL with credentials shown as `***@`). */
export interface ProbeRequest {
  method: string;
  url: string;
  status?: number;
  error?: string;
}

const MAX_REDIRECTS = 3;

/** The connection trace plus what the probe itself learns from the response. */
export interface ProbeTrace extends ConnectionTrace {
  start: number;
  firstByteMs?: number;
  /** Status and body bytes read (partial ones included) of the latest response. */
  status?: number;
  bodyBytes: number;
}

export interface MirrorTarget {
  url: URL;
  headers: Record<string, string>;
  /** Origin the credentials belong to: they are sent (and shown as `***@`) only there. */
  credentialOrigin?: string;
  secrets: string[];
}

/** The probe URL without user info, plus the basic-auth header the go command would send for it. */
export function parseMirror(baseUrl: string, probePath: string): MirrorTarget | string {
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

/**
 * GETs the `.info` (following up to MAX_REDIRECTS redirects, credentials only to their origin), recording each request
 * in `requests` and what it learns in `trace`; the outcome says whether the answer has the Version asked for.
 */
export async function fetchInfo(
  target: MirrorTarget,
  dispatcher: Dispatcher,
  signal: AbortSignal,
  trace: ProbeTrace,
  maxBody: number,
  requests: ProbeRequest[],
): Promise<ProbeOutcome> {
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
