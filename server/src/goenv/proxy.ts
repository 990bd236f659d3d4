// GOPROXY as the go command reads it (cmd/go/internal/modfetch/proxy.go, Go 1.26): a list split on `,` and `|`,
// entries trimmed, empty ones skipped, `off`/`direct` ending the list, implicit https:// for host-like entries,
// and every URL checked the way newProxyRepo checks it.
import { hasCredentials as textHasCredentials } from '../core/redact';
import { goParseUrl, goUrlString, ipv6Bytes, isIPv4Literal, type GoUrl } from './goUrl';
import { memoize } from '../core/memo';

export const DEFAULT_GOPROXY = 'https://proxy.golang.org,direct';

export type ProxyEntryKind = 'proxy' | 'direct' | 'off';
export type ProxyErrorCode = 'semicolon' | 'whitespace' | 'missing-scheme' | 'bad-scheme' | 'bad-url';

export interface ProxyEntry {
  /** The entry exactly as between separators (may have surrounding white space). */
  raw: string;
  /** Offsets into the value of the trimmed entry. */
  start: number;
  end: number;
  kind: ProxyEntryKind;
  /** For proxies: the URL the go command uses (implicit https:// added, as go does). */
  url?: string;
  separatorAfter: ',' | '|' | null;
  /** False for entries after direct/off: go ignores them silently (and never validates them). */
  reachable: boolean;
  /** http:// to a host that is not loopback (127.0.0.0/8, ::1, localhost). */
  insecure: boolean;
  /** User info in the URL (sent as HTTP basic auth). */
  hasCredentials: boolean;
  /**
   * goMessage: the go command's own words, when we can reproduce them exactly. rejected: go refuses the whole
   * GOPROXY value for this entry before any request (every download fails, direct ones included); otherwise go
   * accepts it and requests through it go wrong. lookupFails: (not rejected) every request through it fails inside
   * go or at the host lookup, before any server can answer (no host; `;` in the host name); otherwise what a server
   * makes of the odd URL (a space or `;` in its path) decides.
   */
  error?: { code: ProxyErrorCode; goMessage?: string; rejected: boolean; lookupFails?: boolean };
  /**
   * An http:// URL with user info (any, even an empty `@`): go refuses every request through it, for every host
   * (loopback included, GOINSECURE or not), before sending anything. go's message up to the module path
   * (`refusing to pass credentials to insecure URL: http://user:xxxxx@host/`); it still names the user.
   */
  refusesCredentials?: string;
}

export interface ParsedGoProxy {
  entries: ProxyEntry[];
  /** A non-empty value with no entries at all (`,` or ` `): go fails every download with this message. */
  error?: string;
}

export const EMPTY_LIST_MESSAGE = 'GOPROXY list is not the empty string, but contains no entries';

/** unicode.IsSpace, which strings.TrimSpace trims. */
export const GO_SPACE = /[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]/;

export function isGoSpace(c: string): boolean {
  return GO_SPACE.test(c);
}

/** strings.TrimSpace, with the offsets of what is left. */
export function goTrimSpace(s: string): { text: string; start: number; end: number } {
  let start = 0;
  let end = s.length;
  while (start < end && GO_SPACE.test(s[start])) start++;
  while (end > start && GO_SPACE.test(s[end - 1])) end--;
  return { text: s.slice(start, end), start, end };
}

/** The URL go fetches from: `https://` is implied for entries with `.`, `:` or `/` that are not URLs or absolute paths. */
export function impliedProxyUrl(entry: string): string {
  return /[.:/]/.test(entry) && !entry.includes(':/') && !entry.startsWith('/') ? `https://${entry}` : entry;
}

function hostname(u: GoUrl): string {
  const host = u.host.startsWith('[') ? u.host.slice(1, u.host.lastIndexOf(']')) : u.host.replace(/:[0-9]*$/, '');
  return host.replace(/%25.*$/, '').toLowerCase();
}

/** Loopback as the net package sees it: localhost, 127.0.0.0/8, ::1 (and ::ffff:127.x). */
export function isLoopbackHost(host: string): boolean {
  const h = host.toLowerCase();
  if (h === 'localhost') return true;
  if (isIPv4Literal(h)) return h.startsWith('127.');
  const b = ipv6Bytes(h);
  if (!b) return false;
  const zeros = (n: number) => b.slice(0, n).every((x) => x === 0);
  if (zeros(15) && b[15] === 1) return true;
  return zeros(10) && b[10] === 0xff && b[11] === 0xff && b[12] === 127;
}

type EntryError = NonNullable<ProxyEntry['error']>;

function withMessage(e: EntryError, goMessage: string | undefined): EntryError {
  return goMessage === undefined ? e : Object.assign({}, e, { goMessage });
}

/** What newProxyRepo (and the HTTP client right after it) says about one URL; undefined when go accepts it. */
function checkUrl(url: string): EntryError | undefined {
  const r = goParseUrl(url);
  if (!r.url) return withMessage({ code: 'bad-url', rejected: true }, r.exact ? r.error : undefined);
  const u = r.url;
  const shown = goUrlString(u, true);
  switch (u.scheme) {
    case 'http':
    case 'https':
      // Accepted by newProxyRepo, but the first request fails before any network traffic.
      if (!u.host && !u.opaque) return { code: 'bad-url', goMessage: 'http: no Host in request URL', rejected: false };
      return undefined;
    case 'file':
      if (u.opaque || u.user || u.host || u.omitHost || u.forceQuery || u.rawQuery || u.rawFragment) {
        return { code: 'bad-url', goMessage: `invalid file:// proxy URL with non-path elements: ${shown}`, rejected: true };
      }
      return undefined;
    case '':
      return { code: 'missing-scheme', goMessage: `invalid proxy URL missing scheme: ${shown}`, rejected: true };
    default:
      return { code: 'bad-scheme', goMessage: `invalid proxy URL scheme (must be https, http, file): ${shown}`, rejected: true };
  }
}

function proxyEntry(raw: string, offset: number, separatorAfter: ProxyEntry['separatorAfter'], reachable: boolean): ProxyEntry {
  const t = goTrimSpace(raw);
  const text = t.text;
  const base = { raw, start: offset + t.start, end: offset + t.end, separatorAfter, reachable };
  if (text === 'off' || text === 'direct') return Object.assign(base, { kind: text as ProxyEntryKind, insecure: false, hasCredentials: false });
  const url = impliedProxyUrl(text);
  const parsed = goParseUrl(url);
  const u = parsed.url;
  const entry: ProxyEntry = {
    ...base,
    kind: 'proxy',
    url,
    insecure: !!u && u.scheme === 'http' && !!u.host && !isLoopbackHost(hostname(u)),
    hasCredentials: u ? !!u.user && (u.user.username !== '' || u.user.password !== undefined) : textHasCredentials(url),
  };
  if (u && u.scheme === 'http' && u.user && u.host) {
    // go joins the module path to the base path without its trailing slashes (modfetch newProxyRepo).
    entry.refusesCredentials = `refusing to pass credentials to insecure URL: ${goUrlString({ ...u, rawQuery: '', forceQuery: false, rawFragment: '' }, true).replace(/\/+$/, '')}/`;
  }
  // go never looks at entries after direct/off, so it cannot reject them.
  if (!reachable) return entry;
  const goError = checkUrl(url);
  // `;` and inner white space come first: they are what the user got wrong, whatever go then says.
  const code: ProxyErrorCode | undefined = text.includes(';') ? 'semicolon' : [...text].some(isGoSpace) ? 'whitespace' : goError?.code;
  if (!code) return entry;
  const rejected = goError?.rejected ?? false;
  // No DNS name holds `;` (a space in a host is a parse error): a host with one is never reached.
  const lookupFails = !rejected && (goError !== undefined || (!!u && u.host.includes(';')));
  entry.error = withMessage(rejected ? { code, rejected } : { code, rejected, lookupFails }, goError?.goMessage);
  return entry;
}

/** Parses a GOPROXY value. '' gives no entries (callers substitute DEFAULT_GOPROXY, as go does for an unset or empty value). */
/** Parsed once per distinct value (results are shared: never mutate them). */
export const parseGoProxy: (value: string) => ParsedGoProxy = memoize(parseGoProxyUncached);

function parseGoProxyUncached(value: string): ParsedGoProxy {
  const entries: ProxyEntry[] = [];
  let reachable = true;
  let at = 0;
  while (at <= value.length) {
    const rel = value.slice(at).search(/[,|]/);
    const stop = rel < 0 ? value.length : at + rel;
    const raw = value.slice(at, stop);
    const sep = rel < 0 ? null : (value[stop] as ',' | '|');
    if (goTrimSpace(raw).text !== '') {
      const e = proxyEntry(raw, at, sep, reachable);
      entries.push(e);
      if (e.kind !== 'proxy') reachable = false;
    }
    if (rel < 0) break;
    at = stop + 1;
  }
  return value !== '' && entries.length === 0 ? { entries, error: EMPTY_LIST_MESSAGE } : { entries };
}

/**
 * One step of go's walk through the list for a module (modfetch TryProxies): a reachable proxy entry, or the
 * `direct`/`off` that ends the list.
 */
export interface ProxyHop {
  entry: ProxyEntry;
  /** What the entry before must do for go to come here: nothing (the first), answer 404/410 (`,`), fail at all (`|`). */
  after: 'start' | 'notFound' | 'error';
  /** Some answer of the entries before brings go here (a `,` after an entry that always fails ends the walk). */
  possible: boolean;
  /**
   * go fails on this proxy before a request leaves (credentials over http, an entry it accepts but cannot use):
   * the module path never arrives there, the entry never serves, and its error is no "not found" (a `,` stops).
   */
  alwaysFails?: { goMessage?: string };
}

/** The hops of a parsed list, in go's order (entries after `direct`/`off` are never walked). */
export function proxyHops(entries: readonly ProxyEntry[]): ProxyHop[] {
  const hops: ProxyHop[] = [];
  for (const entry of entries) {
    if (!entry.reachable) break;
    const prev = hops[hops.length - 1];
    const after: ProxyHop['after'] = !prev ? 'start' : prev.entry.separatorAfter === '|' ? 'error' : 'notFound';
    // Any proxy that sends the request can answer 404/410; one that always fails first cannot.
    const possible = !prev || (prev.possible && (after === 'error' || !prev.alwaysFails));
    const hop: ProxyHop = { entry, after, possible };
    if (entry.kind === 'proxy' && (entry.refusesCredentials !== undefined || entry.error)) {
      hop.alwaysFails = { goMessage: entry.error?.goMessage ?? entry.refusesCredentials };
    }
    hops.push(hop);
  }
  return hops;
}
