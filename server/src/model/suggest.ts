// Which mirror a quick fix proposes: the user's setting, else the fastest mirror measured healthy, else a
// sensible default for the user's language (most Simplified Chinese readers are behind networks where
// proxy.golang.org is slow or blocked).
import type { AnalysisSettings, Locale, TextEdit } from '../core/types';
import { KNOWN_MIRRORS } from '../goenv/knownMirrors';
import { hasCredentials, stripUserinfo } from '../core/redact';
import type { RunInstruction } from '../syntax/dockerfileModel';
import { addRunFlag } from './edits';

/** Where a download step reads proxy credentials from instead of the Dockerfile (a BuildKit secret, never a layer). */
export const NETRC_SECRET_MOUNT = '--mount=type=secret,id=netrc,target=/root/.netrc';

const DEFAULT_BY_LOCALE: Record<Locale, string> = {
  en: 'https://proxy.golang.org,direct',
  'zh-cn': 'https://goproxy.cn,direct',
};

function stripSlash(url: string): string {
  return url.replace(/\/+$/, '');
}

/** Healthy mirrors, fastest first (URLs as the client reported them, credentials redacted). */
export function healthyMirrors(settings: AnalysisSettings): string[] {
  return settings.health
    .filter((h) => h.ok && !hasCredentials(h.url))
    .sort((a, b) => (a.latencyMs ?? Infinity) - (b.latencyMs ?? Infinity))
    .map((h) => stripSlash(h.url));
}

export function isMeasuredUnhealthy(settings: AnalysisSettings, url: string): { error?: string } | undefined {
  const h = settings.health.find((m) => stripSlash(m.url) === stripSlash(url));
  return h && !h.ok ? { error: h.error } : undefined;
}

/**
 * The GOPROXY value a fix proposes. Fixes write into a Dockerfile, which ends up in an image and in version
 * control: a `user:token@` from the settings is left out (netrcMountEdits lets the download steps authenticate).
 */
export function proposedGoProxy(settings: AnalysisSettings, locale: Locale): string {
  if (settings.defaultProxy.trim()) return stripUserinfo(settings.defaultProxy.trim());
  const fastest = healthyMirrors(settings)[0];
  if (fastest) return `${fastest},direct`;
  return DEFAULT_BY_LOCALE[locale];
}

/** A replacement for one failing mirror: the fastest healthy one, else a known mirror not known to fail. */
export function replacementMirror(settings: AnalysisSettings, locale: Locale, failing: string): string | undefined {
  const healthy = healthyMirrors(settings).filter((u) => u !== stripSlash(failing));
  if (healthy[0]) return healthy[0];
  const preferred = locale === 'zh-cn' ? KNOWN_MIRRORS.filter((m) => m.region === 'cn') : KNOWN_MIRRORS.filter((m) => m.region === 'global');
  return preferred.map((m) => stripSlash(m.url)).find((u) => u !== stripSlash(failing) && !isMeasuredUnhealthy(settings, u));
}

/** Whether proposedGoProxy dropped credentials from the settings (the proxy then needs them from ~/.netrc). */
export function proposalDroppedCredentials(settings: AnalysisSettings): boolean {
  return settings.defaultProxy.trim() !== '' && stripUserinfo(settings.defaultProxy.trim()) !== settings.defaultProxy.trim();
}

/** The secret mount on each download step that has none yet, so `docker build --secret id=netrc,…` supplies the login. */
export function netrcMountEdits(runs: Iterable<RunInstruction>): TextEdit[] {
  const edits: TextEdit[] = [];
  for (const run of new Set(runs)) {
    if (!run.mounts.some((m) => m.type === 'secret' && (m.id === 'netrc' || m.target?.endsWith('.netrc')))) edits.push(addRunFlag(run, NETRC_SECRET_MOUNT));
  }
  return edits;
}

/** Go 1.11 and 1.12 take GOPROXY as one URL (or `direct`, `off`): lists and fallbacks came with Go 1.13. */
export function takesProxyList(v: { major: number; minor: number } | undefined): boolean {
  return !v || v.major !== 1 || v.minor >= 13;
}

/** What a fix writes for an image without GOPROXY lists: the first proxy of the value, alone (undefined: none). */
export function singleProxy(value: string): string | undefined {
  const first = value
    .split(/[,|]/)
    .map((e) => e.trim())
    .find((e) => e !== '');
  if (first === undefined || first === 'direct' || first === 'off') return undefined;
  // Go 1.12 parses the value as a URL and needs its scheme (Go 1.13 added the implicit https://).
  return /^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(first) ? first : `https://${first}`;
}
