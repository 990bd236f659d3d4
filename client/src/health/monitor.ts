// The probing schedule and the health state per mirror. Plain Node with injectable probe and clock, so tests run
// it with short intervals against fake or loopback mirrors.
import { redactCredentials } from '../../../server/src/core/redact';
import { probeMirror, type ProbeResult } from './probe';

export interface MonitoredMirror {
  /** Display URL (credentials redacted); identifies the mirror. */
  url: string;
  /** Real URL, credentials included: kept in memory only, handed to the probe. */
  probeUrl: string;
}

export interface MirrorState {
  url: string;
  /** Newest last, at most HISTORY_LIMIT. */
  history: ProbeResult[];
  last?: ProbeResult;
  /** Median total time of the recent successful probes. */
  medianMs?: number;
  consecutiveFailures: number;
  /** Epoch ms (per the monitor's clock) of the next scheduled probe. */
  nextProbeAt?: number;
  probing: boolean;
}

export type ProbeFunction = (probeUrl: string, signal: AbortSignal) => Promise<ProbeResult>;

export interface HealthMonitorOptions {
  intervalMs: number;
  timeoutMs: number;
  probe?: ProbeFunction;
  now?: () => number;
  /** Cap of the backoff of a failing mirror, as a multiple of the interval. Default 8. */
  maxBackoffFactor?: number;
}

/**
 * At most this many mirrors are probed (the first ones, in GOPROXY order: those the go command tries first);
 * the rest are reported as not probed. A GOPROXY of a thousand entries must not cost a thousand connections.
 */
export const MAX_MIRRORS = 32;
/** At most this many probes run at once; the others wait their turn (their timeout starts when they run). */
export const MAX_CONCURRENT_PROBES = 8;
const HISTORY_LIMIT = 50;
/** How many of the latest successes the median covers: recent enough to follow a change of network. */
const MEDIAN_WINDOW = 20;

interface Tracked {
  mirror: MonitoredMirror;
  state: MirrorState;
  timer?: NodeJS.Timeout;
  /** When the last probe ended, per the monitor's clock. */
  checkedAt?: number;
  inFlight?: { abort: AbortController; done: Promise<void> };
}

export class HealthMonitor {
  private intervalMs: number;
  private timeoutMs: number;
  private readonly probe: ProbeFunction;
  private readonly now: () => number;
  private readonly maxBackoffFactor: number;
  private tracked: Tracked[] = [];
  /** Display URLs of the mirrors beyond MAX_MIRRORS. */
  private skipped: string[] = [];
  private running = 0;
  /** Probes waiting for a slot, first come first served. */
  private readonly queue: (() => void)[] = [];
  private focused = true;
  private disposed = false;
  private readonly listeners = new Set<() => void>();

  constructor(opts: HealthMonitorOptions) {
    this.intervalMs = opts.intervalMs;
    this.timeoutMs = opts.timeoutMs;
    this.probe = opts.probe ?? ((probeUrl, signal) => probeMirror(probeUrl, { timeoutMs: this.timeoutMs, signal }));
    this.now = opts.now ?? Date.now;
    this.maxBackoffFactor = opts.maxBackoffFactor ?? 8;
  }

  /** Replaces the monitored list. New mirrors (or a changed probe URL) are probed at once; the others keep their state. */
  setMirrors(mirrors: MonitoredMirror[]): void {
    if (this.disposed) return;
    const previous = new Map(this.tracked.map((t) => [t.mirror.url, t]));
    const next: Tracked[] = [];
    const fresh: Tracked[] = [];
    const seen = new Set<string>();
    const unique = mirrors.filter((m) => !seen.has(m.url) && seen.add(m.url)); // listed twice: probe once
    this.skipped = unique.slice(MAX_MIRRORS).map((m) => m.url);
    for (const mirror of unique.slice(0, MAX_MIRRORS)) {
      const kept = previous.get(mirror.url);
      if (kept && kept.mirror.probeUrl === mirror.probeUrl) {
        previous.delete(mirror.url);
        next.push(kept);
        continue;
      }
      const tracked: Tracked = { mirror, state: { url: mirror.url, history: [], consecutiveFailures: 0, probing: false } };
      next.push(tracked);
      fresh.push(tracked);
    }
    for (const gone of previous.values()) this.stop(gone);
    this.tracked = next;
    // Unfocused, a new mirror is only marked due: it is probed on focus.
    for (const t of fresh) {
      if (this.focused) void this.probeOne(t);
      else this.scheduleAt(t, this.now());
    }
    this.emit();
  }

  /** While unfocused nothing is probed; on focus, every probe that fell due runs at once. */
  setFocused(focused: boolean): void {
    if (this.disposed || focused === this.focused) return;
    this.focused = focused;
    for (const t of this.tracked) {
      if (t.inFlight) continue;
      const dueAt = t.state.nextProbeAt ?? this.now();
      if (!focused) clearTimeout(t.timer);
      else if (dueAt <= this.now()) void this.probeOne(t);
      else this.scheduleAt(t, dueAt);
    }
  }

  /** Probes every mirror now, MAX_CONCURRENT_PROBES at a time (joining probes already running); resolves when all are done. */
  async recheckNow(): Promise<void> {
    await Promise.all(this.tracked.map((t) => this.probeOne(t)));
  }

  configure(opts: { intervalMs?: number; timeoutMs?: number }): void {
    if (opts.timeoutMs !== undefined) this.timeoutMs = opts.timeoutMs;
    if (opts.intervalMs === undefined || opts.intervalMs === this.intervalMs) return;
    this.intervalMs = opts.intervalMs;
    // Re-plan from each mirror's last check with the new interval.
    for (const t of this.tracked) {
      if (t.inFlight) continue;
      this.scheduleAt(t, (t.checkedAt ?? this.now()) + this.delayFor(t.state.consecutiveFailures));
    }
    this.emit();
  }

  /** Mirrors of the list not probed because it is longer than MAX_MIRRORS (display URLs, in list order). */
  notProbed(): string[] {
    return [...this.skipped];
  }

  /** Copies of the states, in list order. */
  snapshot(): MirrorState[] {
    return this.tracked.map((t) => ({ ...t.state, history: [...t.state.history] }));
  }

  onDidChange(listener: () => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => void this.listeners.delete(listener) };
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const t of this.tracked) this.stop(t);
    this.tracked = [];
    this.skipped = [];
    this.listeners.clear();
  }

  /** interval × 2^failures, capped at maxBackoffFactor × interval. */
  private delayFor(consecutiveFailures: number): number {
    return this.intervalMs * Math.min(2 ** consecutiveFailures, this.maxBackoffFactor);
  }

  private probeOne(t: Tracked): Promise<void> {
    if (t.inFlight) return t.inFlight.done;
    if (this.disposed) return Promise.resolve();
    clearTimeout(t.timer);
    t.timer = undefined;
    const abort = new AbortController();
    t.state.probing = true;
    // An injected probe that throws (even synchronously, e.g. on a bad proxy setting) is a failed check, not a crash.
    // Cancelled while waiting for a slot: it is skipped when its turn comes.
    const done = this.limited(() => (abort.signal.aborted ? Promise.resolve(undefined) : this.probe(t.mirror.probeUrl, abort.signal)))
      .catch((err: unknown) => failedProbe(t.mirror.url, err))
      .then((result) => {
        t.inFlight = undefined;
        t.state.probing = false;
        if (abort.signal.aborted || !result) return; // removed or disposed meanwhile: the result belongs to nobody
        this.record(t.state, result);
        t.checkedAt = this.now();
        this.scheduleAt(t, t.checkedAt + this.delayFor(t.state.consecutiveFailures));
        this.emit();
      });
    t.inFlight = { abort, done };
    this.emit();
    return done;
  }

  /** Runs `task` at once (synchronously) if fewer than MAX_CONCURRENT_PROBES run, else when one of them ends. */
  private limited<T>(task: () => Promise<T>): Promise<T> {
    return new Promise<T>((resolve) => {
      const start = () => {
        this.running++;
        const result = new Promise<T>((run) => run(task()));
        const next = () => {
          this.running--;
          this.queue.shift()?.();
        };
        result.then(next, next);
        resolve(result);
      };
      if (this.running < MAX_CONCURRENT_PROBES) start();
      else this.queue.push(start);
    });
  }

  private record(state: MirrorState, result: ProbeResult): void {
    state.history.push(result);
    if (state.history.length > HISTORY_LIMIT) state.history.splice(0, state.history.length - HISTORY_LIMIT);
    state.last = result;
    state.consecutiveFailures = result.state === 'failing' ? state.consecutiveFailures + 1 : 0;
    const recent = state.history
      .filter((r) => r.state === 'ok')
      .slice(-MEDIAN_WINDOW)
      .map((r) => r.timings.totalMs);
    const median = medianOf(recent);
    if (median === undefined) delete state.medianMs;
    else state.medianMs = median;
  }

  /** Records when the probe is due; arms a timer only while focused (no wake-ups in the background). */
  private scheduleAt(t: Tracked, at: number): void {
    clearTimeout(t.timer);
    t.timer = undefined;
    t.state.nextProbeAt = at;
    if (!this.focused || this.disposed) return;
    t.timer = setTimeout(() => void this.probeOne(t), Math.max(0, at - this.now()));
    t.timer.unref();
  }

  private stop(t: Tracked): void {
    clearTimeout(t.timer);
    t.timer = undefined;
    t.inFlight?.abort.abort();
  }

  private emit(): void {
    for (const listener of [...this.listeners]) {
      try {
        listener();
      } catch {
        /* a broken listener must not stop the schedule */
      }
    }
  }
}

function medianOf(values: number[]): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function failedProbe(url: string, err: unknown): ProbeResult {
  return {
    url,
    requests: [],
    state: 'failing',
    timings: { totalMs: 0 },
    failure: { kind: 'other', detail: redactCredentials(err instanceof Error ? err.message : String(err)) },
    checkedAt: new Date().toISOString(),
    bytes: 0,
  };
}
