// What the status bar shows for the monitored mirrors: text, severity and a Markdown tooltip. Pure (no `vscode`):
// the caller passes its translator (vscode.l10n.t), so every message below is a literal the l10n tooling can extract.
import { redactCredentials } from '../../../server/src/core/redact';
import { MAX_MIRRORS, type MirrorState } from './monitor';
import type { ProbeResult } from './probe';
import type { ProbeFailureKind } from './probeFailures';
import type { Translate } from '../translate';

export interface StatusView {
  /** e.g. `$(cloud) goproxy.cn 85 ms`, `$(sync~spin) goproxy.cn`, `$(cloud-offline) goproxy.cn failing`. */
  text: string;
  severity: 'ok' | 'warning' | 'error';
  tooltipMarkdown: string;
}

/** A failure as users say it, short enough for a table cell. */
export function failurePhrase(kind: ProbeFailureKind, t: Translate, status?: number): string {
  switch (kind) {
    case 'dns':
      return t('DNS lookup failed');
    case 'refused':
      return t('connection refused');
    case 'connect-timeout':
      return t('connection timed out');
    case 'tls-handshake':
      return t('TLS handshake failed');
    case 'tls-timeout':
      return t('TLS handshake timed out');
    case 'certificate':
      return t('certificate not trusted');
    case 'http-status':
      return status === undefined ? t('HTTP error') : t('HTTP error {0}', status);
    case 'slow-first-byte':
      return t('no answer in time');
    case 'body-timeout':
      return t('response stalled');
    case 'proxy-auth':
      return t('proxy authentication required');
    case 'reset':
      return t('connection reset');
    case 'too-many-redirects':
      return t('too many redirects');
    case 'bad-response':
      return t('unexpected response');
    case 'other':
      return t('request failed');
  }
}

/** The phrase for a probe result: "not found" is how a 404/410 reads, not as an HTTP error. */
export function resultPhrase(result: ProbeResult, t: Translate): string {
  if (result.state === 'not-found') return t('probe module not found (HTTP {0})', result.status ?? 404);
  return result.failure ? failurePhrase(result.failure.kind, t, result.status) : t('OK');
}

export function stateLabel(state: MirrorState, t: Translate): string {
  if (!state.last) return state.probing ? t('checking…') : t('not checked yet');
  switch (state.last.state) {
    case 'ok':
      return t('OK');
    case 'not-found':
      return t('reachable');
    case 'failing':
      return t('failing');
  }
}

export function formatMs(ms: number, t: Translate): string {
  return ms >= 10_000 ? t('{0} s', Math.round(ms / 1000)) : t('{0} ms', Math.round(ms));
}

export function relativeTime(iso: string, now: number, t: Translate): string {
  const seconds = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  if (!Number.isFinite(seconds)) return '—';
  if (seconds < 60) return t('{0} s ago', seconds);
  if (seconds < 3600) return t('{0} min ago', Math.floor(seconds / 60));
  if (seconds < 86_400) return t('{0} h ago', Math.floor(seconds / 3600));
  return t('{0} d ago', Math.floor(seconds / 86_400));
}

/** The host (and port) of a mirror URL: what fits in a status bar. */
export function mirrorName(url: string): string {
  try {
    return new URL(url).host || url;
  } catch {
    return redactCredentials(url);
  }
}

/** Why `count` mirrors of the list have no health: the list is longer than the monitor probes. */
export function notProbedNote(count: number, t: Translate): string {
  return t('{0} more mirrors not probed: too many mirrors (at most {1} are probed)', count, MAX_MIRRORS);
}

/** `notProbed`: how many of the listed mirrors are beyond MAX_MIRRORS (noted under the tooltip's table). */
export function statusView(states: MirrorState[], t: Translate, now: number = Date.now(), notProbed = 0): StatusView {
  const first = states[0];
  if (!first) {
    return { text: `$(cloud) ${t('no Go mirror')}`, severity: 'ok', tooltipMarkdown: escapeMarkdown(t('No Go module mirror is monitored.')) };
  }
  const failing = (s: MirrorState) => s.last?.state === 'failing';
  const severity = states.every(failing) ? 'error' : failing(first) ? 'warning' : 'ok';
  const name = mirrorName(first.url);
  const text = first.probing
    ? `$(sync~spin) ${name}`
    : !first.last
      ? `$(cloud) ${name}`
      : first.last.state === 'failing'
        ? `$(cloud-offline) ${t('{0} failing', name)}`
        : `$(cloud) ${t('{0} {1}', name, formatMs(first.last.timings.totalMs, t))}`;
  const note = notProbed > 0 ? `\n\n${escapeMarkdown(notProbedNote(notProbed, t))}` : '';
  return { text: redactCredentials(text), severity, tooltipMarkdown: redactCredentials(tooltip(states, t, now) + note) };
}

function tooltip(states: MirrorState[], t: Translate, now: number): string {
  const header = [t('Mirror'), t('State'), t('Latency'), t('Median'), t('Last error'), t('Checked')];
  const rows = states.map((s) => {
    const state = stateLabel(s, t) + (s.probing && s.last ? ` (${t('checking…')})` : '');
    return [
      s.url,
      state,
      s.last && s.last.state !== 'failing' ? formatMs(s.last.timings.totalMs, t) : '—',
      s.medianMs !== undefined ? formatMs(s.medianMs, t) : '—',
      lastError(s, t, now),
      s.last ? relativeTime(s.last.checkedAt, now, t) : '—',
    ];
  });
  const line = (cells: string[]) => `| ${cells.map(escapeMarkdown).join(' | ')} |`;
  return [`**${escapeMarkdown(t('Go module mirrors'))}**`, '', line(header), `|${header.map(() => '---').join('|')}|`, ...rows.map(line)].join('\n');
}

/** The latest failure: the current one, or an earlier one with when it happened. */
function lastError(s: MirrorState, t: Translate, now: number): string {
  if (s.last && s.last.state !== 'ok') return resultPhrase(s.last, t);
  const earlier = [...s.history].reverse().find((r) => r.state === 'failing');
  return earlier ? t('{0} ({1})', resultPhrase(earlier, t), relativeTime(earlier.checkedAt, now, t)) : '—';
}

/**
 * Text shown literally in Markdown: no links, emphasis, HTML or theme icons from a mirror URL or a translation.
 * Redacts first; the escaped `:` also keeps the final redaction pass from turning `\*\*\*@` back into `***@`.
 */
export function escapeMarkdown(text: string): string {
  return redactCredentials(text)
    .replace(/[\r\n]+/g, ' ')
    .replace(/[\\`*_{}[\]<>|~$#!:]/g, (c) => '\\' + c);
}
