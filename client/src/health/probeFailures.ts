// Why a health probe of a mirror failed, classified the way people describe network trouble: by the phase a deadline
// hit, or by the codes of the error (and its causes) the one HTTP request ended with.
import type { ConnectionPhase } from './proxyAgent';

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

export interface ProbeFailure {
  kind: ProbeFailureKind;
  detail: string;
}

/** How a probe ended, before its texts are redacted. */
export interface ProbeOutcome {
  /** As in the probe's result (not-found: the mirror answered 404/410, so it is reachable). */
  state: 'ok' | 'not-found' | 'failing';
  status?: number;
  failure?: ProbeFailure;
}

/** A failed probe: what kind of failure, its detail, and the HTTP status when one came. */
export function fail(kind: ProbeFailureKind, detail: string, status?: number): ProbeOutcome {
  return { state: 'failing', failure: { kind, detail }, ...(status !== undefined ? { status } : {}) };
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

/** The failure a deadline of `ms` makes, by the phase the probe was in when it hit. */
export function timeoutOutcome(trace: { phase: ConnectionPhase; status?: number }, ms: number): ProbeOutcome {
  const [kind, what] = TIMEOUTS[trace.phase];
  return fail(kind, `${what} within ${ms} ms`, trace.phase === 'body' ? trace.status : undefined);
}

type ErrorLike = Error & { code?: string; cause?: unknown };
const DNS_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_FAIL', 'EAI_NODATA', 'EAI_NONAME']);
const CERTIFICATE_CODE = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER|ALTNAME/;

/** Maps an error (and its causes) to what users call it; `phase` tells a TLS reset from a mid-response one. */
export function classifyError(err: unknown, phase: ConnectionPhase): ProbeFailure {
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
