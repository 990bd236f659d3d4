// Public Go module mirrors we can name in messages and propose in fixes: proxies open to anyone that serve every public
// module, with who runs them and where they are meant to be used from.
// URLs are canonical: lower-case scheme and host, no trailing slash (go ignores one: it trims it before adding paths).
import { impliedProxyUrl } from './proxy';
import { memoize } from '../core/memo';

export interface KnownMirror {
  url: string;
  name: string;
  operator: string;
  /** cn: run for and hosted in mainland China; global: reachable and meant for everyone else. */
  region: 'cn' | 'global';
  /** Answers `<url>/sumdb/sum.golang.org/supported` with 200, so go reaches the checksum database through it. */
  relaysSumdb: boolean;
}

/** Global mirrors first (the default proxy first), then mainland-China ones (goproxy.cn first). */
export const KNOWN_MIRRORS: readonly KnownMirror[] = [
  { url: 'https://proxy.golang.org', name: 'Go module mirror', operator: 'Google', region: 'global', relaysSumdb: true },
  // Not documented to relay the checksum database: relaysSumdb false means "do not count on it".
  { url: 'https://goproxy.io', name: 'GOPROXY.IO', operator: 'goproxy.io', region: 'global', relaysSumdb: false },
  { url: 'https://goproxy.cn', name: 'Goproxy China', operator: 'Qiniu', region: 'cn', relaysSumdb: true },
  { url: 'https://mirrors.aliyun.com/goproxy', name: 'Alibaba Cloud Go mirror', operator: 'Alibaba Cloud', region: 'cn', relaysSumdb: false },
  { url: 'https://mirrors.cloud.tencent.com/go', name: 'Tencent Cloud Go mirror', operator: 'Tencent Cloud', region: 'cn', relaysSumdb: false },
  { url: 'https://repo.huaweicloud.com/repository/goproxy', name: 'Huawei Cloud Go mirror', operator: 'Huawei Cloud', region: 'cn', relaysSumdb: false },
  { url: 'https://proxy.golang.com.cn', name: 'GOPROXY.IO China', operator: 'goproxy.io', region: 'cn', relaysSumdb: false },
];

/**
 * The canonical form of a mirror URL: implicit https:// added as go adds it, scheme and host lower-cased,
 * trailing slashes removed. Anything else (path case, credentials) is kept.
 */
export function normalizeMirrorUrl(url: string): string {
  const full = impliedProxyUrl(url.trim());
  const m = /^([A-Za-z][A-Za-z0-9+.-]*:\/\/)([^/]*)(.*)$/.exec(full);
  const lowered = m ? m[1].toLowerCase() + lowerHost(m[2]) + m[3] : full;
  return lowered.replace(/\/+$/, '');
}

/** Lower-cases the host of an authority, not its user info. */
function lowerHost(authority: string): string {
  const at = authority.lastIndexOf('@');
  return authority.slice(0, at + 1) + authority.slice(at + 1).toLowerCase();
}

/** The known mirror a GOPROXY entry or URL names (user info ignored), if any. */
export function findKnownMirror(url: string): KnownMirror | undefined {
  return knownMirrorCache(url) ?? undefined;
}

const knownMirrorCache = memoize((url: string) => {
  const wanted = normalizeMirrorUrl(url).replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/@]*@/, '$1');
  return KNOWN_MIRRORS.find((m) => m.url === wanted) ?? null;
});
