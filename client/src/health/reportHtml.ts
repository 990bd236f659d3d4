// The mirror health report as one static HTML page for a webview: no scripts at all, a strict CSP, inline SVG
// charts drawn with presentation attributes and CSS classes only (inline style attributes would break the CSP).
import { redactCredentials } from '../../../server/src/core/redact';
import type { MirrorState } from './monitor';
import type { ProbeResult } from './probe';
import { formatMs, notProbedNote, relativeTime, resultPhrase, stateLabel } from './statusView';
import type { Translate } from '../translate';

const CHART_WIDTH = 600;
const CHART_HEIGHT = 120;
const CHART_PADDING = 8;

/** `notProbed`: mirrors of the list beyond what the monitor probes (display URLs), listed after the others. */
export function reportHtml(states: MirrorState[], t: Translate, nonce: string, cspSource: string, notProbed: string[] = []): string {
  const now = Date.now();
  const csp = `default-src 'none'; style-src ${cspSource} 'nonce-${nonce}'; img-src ${cspSource} data:;`;
  const sections = states.length === 0 ? `<p>${text(t('No Go module mirror is monitored.'))}</p>` : states.map((s) => mirrorSection(s, t, now)).join('\n');
  const skipped =
    notProbed.length === 0
      ? ''
      : `\n<section>\n<p>${text(notProbedNote(notProbed.length, t))}</p>\n<ul>${notProbed.map((u) => `<li><code>${text(u)}</code></li>`).join('')}</ul>\n</section>`;
  const body = sections + skipped;
  return `<!DOCTYPE html>
<html>
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${attr(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${text(t('Go module mirror health'))}</title>
<style nonce="${attr(nonce)}">
body { font-family: var(--vscode-font-family); color: var(--vscode-foreground); padding: 0 1em 2em; }
section { margin-bottom: 2em; }
h2 { font-size: 1.2em; word-break: break-all; }
table { border-collapse: collapse; margin: 0.5em 0; }
th, td { text-align: left; padding: 2px 8px; border-bottom: 1px solid var(--vscode-panel-border, #8884); vertical-align: top; }
code { font-family: var(--vscode-editor-font-family); word-break: break-all; }
.chart { width: 100%; max-width: ${CHART_WIDTH}px; height: auto; background: var(--vscode-editor-background); }
.latency { fill: none; stroke: var(--vscode-charts-blue, #3794ff); stroke-width: 1.5; }
.point { fill: var(--vscode-charts-blue, #3794ff); }
.failure { fill: var(--vscode-charts-red, #f14c4c); }
.axis { stroke: var(--vscode-panel-border, #8888); stroke-width: 1; }
.label { fill: var(--vscode-descriptionForeground, #888); font-size: 10px; }
.failing { color: var(--vscode-errorForeground, #f14c4c); }
</style>
</head>
<body>
<h1>${text(t('Go module mirror health'))}</h1>
${body}
</body>
</html>
`;
}

function mirrorSection(s: MirrorState, t: Translate, now: number): string {
  const last = s.last;
  const summary = [
    `${text(t('State'))}: <span class="${last?.state === 'failing' ? 'failing' : ''}">${text(stateLabel(s, t))}</span>`,
    last && last.state !== 'failing' ? `${text(t('Latency'))}: ${text(formatMs(last.timings.totalMs, t))}` : '',
    s.medianMs !== undefined ? `${text(t('Median'))}: ${text(formatMs(s.medianMs, t))}` : '',
    last ? `${text(t('Checked'))}: ${text(relativeTime(last.checkedAt, now, t))}` : '',
    s.consecutiveFailures > 0 ? text(t('{0} failures in a row', s.consecutiveFailures)) : '',
  ].filter(Boolean);
  return `<section>
<h2>${text(s.url)}</h2>
<p>${summary.join(' · ')}</p>
${latencyChart(s.history, t)}
<h3>${text(t('Errors'))}</h3>
${errorTable(s.history, t)}
<h3>${text(t('Requests'))}</h3>
${requestTable(s.history, t)}
</section>`;
}

/** Latency of each answered probe over time as a polyline; failed probes as red marks along the top. */
function latencyChart(history: ProbeResult[], t: Translate): string {
  if (history.length === 0) return `<p>${text(t('No probe yet.'))}</p>`;
  const times = history.map((r) => Date.parse(r.checkedAt)).map((ms, i) => (Number.isFinite(ms) ? ms : i));
  const first = Math.min(...times);
  const span = Math.max(1, Math.max(...times) - first);
  const answered = history.map((r, i) => ({ r, i })).filter(({ r }) => r.state !== 'failing');
  const maxMs = Math.max(1, ...answered.map(({ r }) => r.timings.totalMs));
  const plotWidth = CHART_WIDTH - 2 * CHART_PADDING;
  const plotHeight = CHART_HEIGHT - 2 * CHART_PADDING - 12;
  const x = (i: number) => round(CHART_PADDING + (history.length === 1 ? plotWidth / 2 : ((times[i]! - first) / span) * plotWidth));
  const y = (ms: number) => round(CHART_PADDING + 12 + plotHeight - (ms / maxMs) * plotHeight);
  const tip = (r: ProbeResult) =>
    `<title>${text(`${r.checkedAt} — ${resultPhrase(r, t)}${r.state !== 'failing' ? `, ${formatMs(r.timings.totalMs, t)}` : ''}`)}</title>`;
  const points = answered.map(({ r, i }) => `${x(i)},${y(r.timings.totalMs)}`).join(' ');
  const dots = answered.map(({ r, i }) => `<circle class="point" cx="${x(i)}" cy="${y(r.timings.totalMs)}" r="2">${tip(r)}</circle>`);
  const failures = history
    .map((r, i) => ({ r, i }))
    .filter(({ r }) => r.state === 'failing')
    .map(({ r, i }) => `<rect class="failure" x="${x(i) - 2}" y="${CHART_PADDING}" width="4" height="10">${tip(r)}</rect>`);
  const baseline = CHART_HEIGHT - CHART_PADDING;
  return `<svg class="chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${CHART_WIDTH} ${CHART_HEIGHT}" role="img" aria-label="${attr(t('Latency over time'))}">
<line class="axis" x1="${CHART_PADDING}" y1="${baseline}" x2="${CHART_WIDTH - CHART_PADDING}" y2="${baseline}"/>
<text class="label" x="${CHART_WIDTH - CHART_PADDING}" y="${CHART_PADDING + 20}" text-anchor="end">${text(formatMs(maxMs, t))}</text>
${answered.length > 1 ? `<polyline class="latency" points="${points}"/>` : ''}
${dots.join('\n')}
${failures.join('\n')}
</svg>`;
}

function errorTable(history: ProbeResult[], t: Translate): string {
  const errors = history.filter((r) => r.state !== 'ok').reverse();
  if (errors.length === 0) return `<p>${text(t('No errors.'))}</p>`;
  const rows = errors.map((r) => row([r.checkedAt, resultPhrase(r, t), r.failure?.detail ?? '']));
  return `<table><thead>${row([t('Time'), t('Error'), t('Detail')], 'th')}</thead><tbody>\n${rows.join('\n')}\n</tbody></table>`;
}

/** The exact requests of each probe, newest first. */
function requestTable(history: ProbeResult[], t: Translate): string {
  if (history.length === 0) return `<p>${text(t('No probe yet.'))}</p>`;
  const rows = [...history]
    .reverse()
    .flatMap((r) =>
      r.requests.map((q, n) => row([n === 0 ? r.checkedAt : '', `${q.method} ${q.url}`, q.status !== undefined ? String(q.status) : (q.error ?? '')], 'td', 1)),
    );
  return `<table><thead>${row([t('Time'), t('Request'), t('Result')], 'th')}</thead><tbody>\n${rows.join('\n')}\n</tbody></table>`;
}

/** A table row; `codeColumn` is rendered in a <code> element. */
function row(cells: string[], tag: 'td' | 'th' = 'td', codeColumn = -1): string {
  return `<tr>${cells.map((c, i) => `<${tag}>${i === codeColumn ? `<code>${text(c)}</code>` : text(c)}</${tag}>`).join('')}</tr>`;
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}

/** Every string on the page passes here: credentials redacted, then HTML-escaped. */
function text(s: string): string {
  return redactCredentials(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** For double-quoted attributes: quotes inside the CSP (`'none'`) stay readable. */
function attr(s: string): string {
  return redactCredentials(s).replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
}
