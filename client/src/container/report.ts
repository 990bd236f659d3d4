// From parsed go output to the report the command shows: totals, per-host request figures and each failure
// with its cause and fix; and its Markdown rendering. Every string in it has been through redactCredentials.
import { redactCredentials } from '../../../server/src/core/redact';
import { cancelled, classifyGoFailure, classifyRuntimeFailure, runtimeMissing, timedOut, type RunFailureKind } from './failures';
import type { Translate } from '../translate';
import type { Locale } from '../../../server/src/core/types';
import type { GoLogEvent } from './goLog';

export interface HostStats {
  host: string;
  requests: number;
  /** Requests answered with an error status, failed in transport, or never answered. */
  failures: number;
  /** Median duration of the answered requests, as go measured them; null when none finished. */
  medianMs: number | null;
  /** Bytes of the files fetched from this host, when known (null when nothing was measured). */
  bytes: number | null;
}

export interface ReportFailure {
  module?: string;
  version?: string;
  kind: RunFailureKind;
  cause: string;
  fix: string;
  raw: string;
}

export type RunOutcome = 'success' | 'failed' | 'timeout' | 'cancelled' | 'runtime-error';

export interface RunReport {
  ok: boolean;
  outcome: RunOutcome;
  exitCode: number | null;
  totalMs: number;
  modules: { ok: number; failed: number; total?: number };
  hosts: HostStats[];
  failures: ReportFailure[];
}

export interface RunEnd {
  exitCode: number | null;
  totalMs: number;
  /** Our timeout fired (seconds allowed). */
  timeoutSeconds?: number;
  cancelled?: boolean;
  /** The runtime binary was not found. */
  runtimeMissing?: boolean;
  /** What the runtime CLI itself printed (its own errors, not go's). */
  runtimeStderr?: string;
  image: string;
  runtime: string;
}

interface HostAccumulator {
  requests: number;
  failures: number;
  durations: number[];
  bytes: number | null;
}

const median = (xs: number[]): number | null => {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

export class ReportBuilder {
  private readonly hosts = new Map<string, HostAccumulator>();
  private readonly open = new Map<string, { host: string; count: number }>();
  private readonly okModules = new Set<string>();
  private readonly failedModules = new Set<string>();
  /** Modules whose zip arrived: progress, since -json prints its objects only at the end. */
  private readonly zipped = new Set<string>();
  private readonly failures: ReportFailure[] = [];
  private readonly otherLines: string[] = [];
  private lastHost: string | undefined;

  /** @param locale the language of the go failures' texts (the analysis core's); `t` translates the rest. */
  constructor(
    private readonly t: Translate,
    private readonly totalModules?: number,
    private readonly locale: Locale = 'en',
  ) {}

  private host(name: string): HostAccumulator {
    let h = this.hosts.get(name);
    if (!h) this.hosts.set(name, (h = { requests: 0, failures: 0, durations: [], bytes: null }));
    return h;
  }

  add(e: GoLogEvent): void {
    switch (e.type) {
      case 'request-started': {
        this.host(e.host).requests++;
        const o = this.open.get(e.url);
        this.open.set(e.url, { host: e.host, count: (o?.count ?? 0) + 1 });
        this.lastHost = e.host;
        break;
      }
      case 'request-finished': {
        const h = this.host(e.host);
        const o = this.open.get(e.url);
        if (o && o.count > 1) o.count--;
        else if (o) this.open.delete(e.url);
        else h.requests++; // a finish without a start line: still a request
        if (e.seconds !== undefined) h.durations.push(e.seconds * 1000);
        const ok = e.error === undefined && e.status !== undefined && e.status < 400;
        if (!ok) h.failures++;
        const zip = /\/(.+)\/@v\/([^/]+)\.zip$/.exec(e.path);
        if (ok && zip) this.zipped.add(`${zip[1]}@${zip[2]}`);
        break;
      }
      case 'request-bytes': {
        const h = this.host(e.host);
        h.bytes = (h.bytes ?? 0) + e.bytes;
        break;
      }
      case 'module': {
        const key = `${e.path}@${e.version ?? ''}`;
        if (e.error === undefined) {
          this.okModules.add(key);
          break;
        }
        this.failedModules.add(key);
        this.addFailure(e.error, e.path, e.version);
        break;
      }
      case 'go-error': {
        if (e.module !== undefined) this.failedModules.add(`${e.module}@${e.version ?? ''}`);
        this.addFailure(e.message, e.module, e.version);
        break;
      }
      case 'line':
        this.otherLines.push(e.text);
        if (this.otherLines.length > 20) this.otherLines.shift();
        break;
      case 'go-info':
        break;
    }
  }

  private addFailure(rawMessage: string, module?: string, version?: string): void {
    const raw = redactCredentials(rawMessage);
    // go repeats the module error of a JSON object in a `go:` line on some paths: keep one.
    if (this.failures.some((f) => f.raw === raw || (module !== undefined && f.module === module && f.version === version && raw.includes(f.raw)))) return;
    const c = classifyGoFailure(raw, this.locale, module !== undefined ? { module } : {});
    this.failures.push({ ...(module !== undefined ? { module } : {}), ...(version !== undefined ? { version } : {}), ...c, raw });
  }

  /** For onProgress: modules fetched so far, the expected total, and the host asked last. */
  progress(): { done: number; total?: number; host?: string } {
    // Zips count while go works; the JSON objects (printed at the end) settle the final figure.
    const done = Math.max(this.zipped.size, this.okModules.size);
    return { done, ...(this.totalModules !== undefined ? { total: this.totalModules } : {}), ...(this.lastHost !== undefined ? { host: this.lastHost } : {}) };
  }

  /** Hosts with requests still waiting for an answer. */
  waitingOn(): string[] {
    return [...new Set([...this.open.values()].map((o) => o.host))];
  }

  finish(end: RunEnd): RunReport {
    const t = this.t;
    const failures = [...this.failures];
    let outcome: RunOutcome;
    const push = (c: { kind: RunFailureKind; cause: string; fix: string }, raw: string) => failures.unshift({ ...c, raw: redactCredentials(raw) });
    if (end.runtimeMissing) {
      outcome = 'runtime-error';
      push(runtimeMissing(t, end.runtime), `${end.runtime}: not found on PATH`);
    } else if (end.cancelled) {
      outcome = 'cancelled';
      push(cancelled(t), '');
    } else if (end.timeoutSeconds !== undefined) {
      outcome = 'timeout';
      push(timedOut(t, end.timeoutSeconds, this.waitingOn()), this.otherLines.slice(-5).join('\n'));
    } else {
      const runtimeProblem =
        end.exitCode === 125 || end.exitCode === null ? classifyRuntimeFailure(end.runtimeStderr ?? '', t, end.image, end.runtime) : undefined;
      if (runtimeProblem) {
        outcome = 'runtime-error';
        push(runtimeProblem, (end.runtimeStderr ?? '').trim());
      } else if (end.exitCode === 0 && failures.length === 0) {
        outcome = 'success';
      } else {
        outcome = 'failed';
        if (failures.length === 0) {
          const raw = [...this.otherLines.slice(-10), (end.runtimeStderr ?? '').trim()].filter(Boolean).join('\n');
          failures.push({ ...classifyGoFailure(raw || `exit status ${end.exitCode}`, this.locale), raw: redactCredentials(raw) });
        }
      }
    }
    // Requests never answered count as failures of their host.
    const waiting = new Map<string, number>();
    for (const o of this.open.values()) waiting.set(o.host, (waiting.get(o.host) ?? 0) + o.count);
    const hosts: HostStats[] = [...this.hosts.entries()].map(([host, h]) => ({
      host: redactCredentials(host),
      requests: h.requests,
      failures: h.failures + (waiting.get(host) ?? 0),
      medianMs: median(h.durations),
      bytes: h.bytes,
    }));
    const total = this.totalModules;
    return {
      ok: outcome === 'success',
      outcome,
      exitCode: end.exitCode,
      totalMs: Math.round(end.totalMs),
      modules: { ok: this.okModules.size, failed: this.failedModules.size, ...(total !== undefined ? { total } : {}) },
      hosts,
      failures,
    };
  }
}

/** Builds the report of a complete capture (tests, or output collected elsewhere). */
export function buildReport(events: readonly GoLogEvent[], end: RunEnd, t: Translate, totalModules?: number, locale: Locale = 'en'): RunReport {
  const builder = new ReportBuilder(t, totalModules, locale);
  for (const e of events) builder.add(e);
  return builder.finish(end);
}

const formatBytes = (n: number | null) =>
  n === null ? '—' : n < 1024 ? `${n} B` : n < 1024 * 1024 ? `${(n / 1024).toFixed(1)} KiB` : `${(n / 1024 / 1024).toFixed(1)} MiB`;
const formatMs = (n: number | null) => (n === null ? '—' : n < 1000 ? `${Math.round(n)} ms` : `${(n / 1000).toFixed(2)} s`);
/** Table cells must not break the row. */
const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

export function renderMarkdown(report: RunReport, t: Translate): string {
  const out: string[] = [];
  const title: Record<RunOutcome, string> = {
    success: t('Go proxy test in container: all modules downloaded'),
    failed: t('Go proxy test in container: failed'),
    timeout: t('Go proxy test in container: timed out'),
    cancelled: t('Go proxy test in container: cancelled'),
    'runtime-error': t('Go proxy test in container: the container could not run'),
  };
  out.push(`## ${title[report.outcome]}`, '');
  const time = formatMs(report.totalMs);
  const exit = report.exitCode ?? '—';
  out.push(
    report.modules.total !== undefined
      ? t('Modules: {0} of {1} downloaded, {2} failed. Time: {3}. Exit code: {4}.', report.modules.ok, report.modules.total, report.modules.failed, time, exit)
      : t('Modules: {0} downloaded, {1} failed. Time: {2}. Exit code: {3}.', report.modules.ok, report.modules.failed, time, exit),
    '',
  );
  if (report.hosts.length > 0) {
    out.push(`| ${t('Host')} | ${t('Requests')} | ${t('Failures')} | ${t('Median')} | ${t('Bytes')} |`, '|---|---:|---:|---:|---:|');
    for (const h of report.hosts) out.push(`| ${cell(h.host)} | ${h.requests} | ${h.failures} | ${formatMs(h.medianMs)} | ${formatBytes(h.bytes)} |`);
    out.push('');
  }
  if (report.failures.length > 0) {
    out.push(`### ${t('Failures')}`, '');
    report.failures.forEach((f, i) => {
      const what = f.module !== undefined ? ` — \`${f.module}${f.version !== undefined ? '@' + f.version : ''}\`` : '';
      out.push(`${i + 1}. **${f.kind}**${what}`, `   - ${t('Cause: {0}', f.cause)}`, `   - ${t('Fix: {0}', f.fix)}`);
      if (f.raw.trim() !== '') {
        const fence = f.raw.includes('```') ? '~~~~' : '```';
        out.push('', `   ${fence}text`, ...f.raw.split('\n').map((l) => `   ${l}`), `   ${fence}`);
      }
      out.push('');
    });
  }
  return redactCredentials(out.join('\n'));
}
