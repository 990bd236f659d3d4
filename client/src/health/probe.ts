// One health probe of one Go module mirror: a single cheap GET of an immutable `.info`, timed phase by phase
// and classified the way people describe network trouble. Plain Node (no `vscode`) so tests drive it directly.
// The request is in probeRequests.ts, the classification of failures in probeFailures.ts.
import { Agent, type Dispatcher } from 'undici';
import { redactCredentials } from '../../../server/src/core/redact';
import { dropConnection, timedConnector, traceConnections } from './proxyAgent';
import { classifyError, fail, timeoutOutcome, type ProbeFailure, type ProbeOutcome } from './probeFailures';
import { fetchInfo, parseMirror, type ProbeRequest, type ProbeTrace } from './probeRequests';

/** Milliseconds. Phases are those of the probe's first connection; firstByteMs counts from the probe's start. */
export interface ProbeTimings {
  dnsMs?: number;
  connectMs?: number;
  tlsMs?: number;
  firstByteMs?: number;
  totalMs: number;
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
  failure?: ProbeFailure;
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

/** Probes one mirror. Never rejects: every problem becomes a classified failure. */
export async function probeMirror(baseUrl: string, opts: ProbeOptions): Promise<ProbeResult> {
  const start = performance.now();
  const checkedAt = new Date().toISOString();
  const trace: ProbeTrace = { start, phase: 'connect', secureTarget: false, bodyBytes: 0, sockets: new Set() };
  const requests: ProbeRequest[] = [];
  const target = parseMirror(baseUrl, opts.probePath ?? DEFAULT_PROBE_PATH);
  let outcome: ProbeOutcome;
  if (typeof target === 'string') {
    outcome = { state: 'failing', failure: { kind: 'other', detail: target } };
  } else {
    const ownAgent = opts.dispatcher ? undefined : new Agent({ connect: timedConnector({ timeout: opts.timeoutMs }) });
    const abort = new AbortController();
    const timers: NodeJS.Timeout[] = [];
    let onCancel = () => {};
    outcome = await new Promise<ProbeOutcome>((resolve) => {
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
