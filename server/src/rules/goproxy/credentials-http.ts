// goproxy-credentials-http: user info in an http:// proxy URL. The go command refuses to send credentials over
// plain http to any host (cmd/go/internal/web), so every request through the entry fails before it is sent, an
// ordinary error: `|` moves on, `,` stops there.
import { defineRule, type Reporter } from '../rule';
import type { Fix } from '../../core/types';
import { localize } from '../../core/localize';
import { redactCredentials } from '../../core/redact';
import { isLoopbackHost, parseGoProxy, proxyHops, type ProxyHop } from '../../goenv/proxy';
import { globalValueSites, stageValueSites, type ValueSite } from '../../model/sites';
import { judgeStages, stageReports, type StageAnalysis } from '../support/stageReports';
import { replaceValue } from '../../model/edits';
import { GOPROXY_MESSAGES } from './messages';

const GOPROXY: ReadonlySet<string> = new Set(['GOPROXY']);

/** The host of an http:// URL with user info, without port or brackets. */
function hostOf(url: string): string {
  const authority = url.replace(/^http:\/\//i, '').split('/')[0];
  const host = authority.slice(authority.lastIndexOf('@') + 1);
  return host.startsWith('[') ? host.slice(1, host.indexOf(']')) : host.replace(/:[0-9]*$/, '');
}

function consequence(locale: Parameters<typeof localize>[0], hops: ProxyHop[], i: number, fails: boolean): string {
  const hop = hops[i];
  if (fails) return localize(locale, GOPROXY_MESSAGES.credentialsHttpFails);
  if (!hop.possible) return localize(locale, GOPROXY_MESSAGES.credentialsHttpNever);
  const next = hops[i + 1];
  if (hop.entry.separatorAfter === '|' && next) return localize(locale, GOPROXY_MESSAGES.credentialsHttpPipe, redactCredentials(next.entry.raw.trim()));
  return localize(locale, GOPROXY_MESSAGES.credentialsHttpStops);
}

export const goproxyCredentialsHttp = defineRule({
  id: 'goproxy-credentials-http',
  family: 'goproxy',
  severity: 'warning',
  title: {
    en: 'Credentials in an http:// proxy URL: the go command refuses every request through it',
    'zh-cn': 'http:// 代理 URL 中带有凭据：go 命令会拒绝经由它的所有请求',
  },
  check(parsed, ctx, report) {
    judgeSites({ parsed, ctx }, globalValueSites(parsed, GOPROXY), report);
    // A value's own entries decide: nothing besides the stage is read.
    judgeStages(parsed, ctx, credentialsHttpByStage, [ctx.locale], report, (at, st, stageReport) =>
      judgeSites(at, stageValueSites(at.parsed, st, GOPROXY), stageReport),
    );
  },
});

const credentialsHttpByStage = stageReports();

function judgeSites(at: Readonly<StageAnalysis>, sites: ValueSite[], report: Reporter): void {
  const { ctx } = at;
  for (const site of sites) {
    if (site.value === '') continue;
    const list = parseGoProxy(site.value);
    const hops = proxyHops(list.entries);
    // A value go rejects outright, or an entry it cannot parse, is goproxy-invalid's.
    if (list.error || hops.some((h) => h.entry.error?.rejected)) continue;
    const possible = hops.filter((h) => h.possible);
    // Every download through the proxies fails for certain when no entry go may reach can serve.
    const fails = !possible.some((h) => h.entry.kind === 'direct' || (h.entry.kind === 'proxy' && !h.alwaysFails));
    hops.forEach((hop, i) => {
      const e = hop.entry;
      if (e.refusesCredentials === undefined || e.error) return;
      const fixes: Fix[] = [];
      if (site.editable && !isLoopbackHost(hostOf(e.url ?? ''))) {
        const value = site.value.slice(0, e.start) + site.value.slice(e.start, e.end).replace(/^http:\/\//i, 'https://') + site.value.slice(e.end);
        fixes.push({
          title: localize(ctx.locale, GOPROXY_MESSAGES.httpsTitle),
          preferred: true,
          edits: [{ uri: ctx.uri, edits: [replaceValue(site, value, at.parsed.model.lines)] }],
        });
      }
      report({
        range: site.subRange(e.start, e.end),
        severity: fails ? 'error' : 'warning',
        message: localize(
          ctx.locale,
          GOPROXY_MESSAGES.credentialsHttp,
          redactCredentials(e.raw.trim()),
          redactCredentials(e.refusesCredentials),
          consequence(ctx.locale, hops, i, fails),
        ),
        fixes,
      });
    });
  }
}
