// Which mirror a quick fix proposes: the user's setting, else the fastest mirror measured healthy, else a
// sensible default for the user's language (most Simplified Chinese readers are behind networks where
// proxy.golang.org is slow or blocked).
import type { AnalysisSettings, Locale } from '../../core/types';
import { KNOWN_MIRRORS } from '../../goenv/knownMirrors';

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
    .filter((h) => h.ok && !h.url.includes('***@'))
    .sort((a, b) => (a.latencyMs ?? Infinity) - (b.latencyMs ?? Infinity))
    .map((h) => stripSlash(h.url));
}

export function isMeasuredUnhealthy(settings: AnalysisSettings, url: string): { error?: string } | undefined {
  const h = settings.health.find((m) => stripSlash(m.url) === stripSlash(url));
  return h && !h.ok ? { error: h.error } : undefined;
}

/** The GOPROXY value a fix proposes. */
export function proposedGoProxy(settings: AnalysisSettings, locale: Locale): string {
  if (settings.defaultProxy.trim()) return settings.defaultProxy.trim();
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
