// Go's net/url (Go 1.26) as far as the go command applies it to GOPROXY and GOSUMDB values: url.Parse with
// its exact error texts, and URL.String/Redacted, which the go command prints in its own error messages.
// Go works on bytes; JS strings are UTF-16, so non-ASCII characters are treated as Go treats bytes >= 0x80.
import { goQuote } from '../core/goStrings';

export interface GoUrl {
  scheme: string; // lower-cased, as url.Parse stores it
  opaque: string;
  user?: { username: string; password?: string }; // still percent-encoded, as written
  host: string; // as written (percent-encoded); '' when absent
  rawPath: string;
  rawQuery: string;
  forceQuery: boolean;
  rawFragment: string;
  omitHost: boolean; // `scheme:/path`: a path but no `//` authority
}

/** `url` when parsing succeeded; else `error` in go's words, `exact` false when our text may differ from go's. */
export type GoUrlResult = { url: GoUrl; error?: undefined } | { url?: undefined; error: string; exact: boolean };

type Mode = 'path' | 'host' | 'zone' | 'userinfo' | 'fragment';

const ALNUM = /[A-Za-z0-9]/;

/** net/url's shouldEscape for one ASCII character (non-ASCII is always escaped). */
function shouldEscape(c: string, mode: Mode): boolean {
  if (c.charCodeAt(0) >= 0x80) return true;
  if (ALNUM.test(c)) return false;
  if ((mode === 'host' || mode === 'zone') && `!$&'()*+,;=:[]<>"`.includes(c)) return false;
  if ('-_.~'.includes(c)) return false;
  if ('$&+,/:;=?@'.includes(c)) {
    if (mode === 'path') return c === '?';
    if (mode === 'userinfo') return '@/?:'.includes(c);
    if (mode === 'fragment') return false;
  }
  if (mode === 'fragment' && '!()*'.includes(c)) return false;
  return true;
}

const isHex = (c: string | undefined) => c !== undefined && /^[0-9A-Fa-f]$/.test(c);

/** An error in go's words; `exact` false when our text may differ from go's. */
interface Problem {
  msg: string;
  exact: boolean;
}

const problem = (msg: string): Problem => ({ msg, exact: true });

/** Go quotes three bytes from the `%`; with non-ASCII among them it may cut a character, which we do not reproduce. */
function escapeError(s: string): Problem {
  return { msg: `invalid URL escape ${goQuote(s)}`, exact: !/[^\x00-\x7f]/.test(s) };
}

/** net/url's unescape validation: the first bad escape or bad host character, as go words it. */
function checkEscapes(s: string, mode: Mode): Problem | undefined {
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === '%') {
      if (!isHex(s[i + 1]) || !isHex(s[i + 2])) return escapeError(s.slice(i, i + 3));
      const v = parseInt(s.slice(i + 1, i + 3), 16);
      // In a host only non-ASCII bytes may be escaped (and %25, the IPv6 zone separator).
      if (mode === 'host' && v < 0x80 && s.slice(i, i + 3) !== '%25') return escapeError(s.slice(i, i + 3));
      if (mode === 'zone' && s.slice(i, i + 3) !== '%25' && v !== 0x20 && shouldEscape(String.fromCharCode(v), 'host')) return escapeError(s.slice(i, i + 3));
      i += 2;
    } else if ((mode === 'host' || mode === 'zone') && c.charCodeAt(0) < 0x80 && shouldEscape(c, mode)) {
      return problem(`invalid character ${goQuote(c)} in host name`);
    }
  }
  return undefined;
}

const validOptionalPort = (p: string) => p === '' || /^:[0-9]*$/.test(p);

function parseHost(scheme: string, host: string): Problem | undefined {
  const open = host.lastIndexOf('[');
  if (open > 0) return problem('invalid IP-literal');
  if (open === 0) {
    const close = host.lastIndexOf(']');
    if (close < 0) return problem("missing ']' in host");
    const colonPort = host.slice(close + 1);
    if (!validOptionalPort(colonPort)) return problem(`invalid port ${goQuote(colonPort)} after host`);
    const name = host.slice(1, close);
    const zone = name.indexOf('%25');
    const bad = zone >= 0 ? (checkEscapes(name.slice(0, zone), 'host') ?? checkEscapes(name.slice(zone), 'zone')) : checkEscapes(name, 'host');
    if (bad) return bad;
    const addr = parseAddr(decodeEscapes(name));
    return addr === 'v4' ? problem('invalid IP-literal') : addr;
  }
  let i = host.indexOf(':');
  if (i >= 0) {
    // Go 1.26 rejects a second colon in http(s) hosts (urlstrictcolons); other schemes take the last one.
    if (scheme !== 'http' && scheme !== 'https') i = host.lastIndexOf(':');
    const colonPort = host.slice(i);
    if (!validOptionalPort(colonPort)) return problem(`invalid port ${goQuote(colonPort)} after host`);
  }
  return checkEscapes(host, 'host');
}

const OCTET = '(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';
const IPV4 = new RegExp(`^${OCTET}(\\.${OCTET}){3}$`);

/** A dotted-quad IPv4 address as Go's parsers accept it (no leading zeros). */
export function isIPv4Literal(s: string): boolean {
  return IPV4.test(s);
}

/** The 16 bytes of an IPv6 address (no zone), or undefined when it is not one. */
export function ipv6Bytes(s: string): number[] | undefined {
  if (!/^[0-9A-Fa-f:.]+$/.test(s) || !s.includes(':')) return undefined;
  const halves = s.split('::');
  if (halves.length > 2) return undefined;
  const words = (p: string): number[] | undefined => {
    const out: number[] = [];
    const groups = p === '' ? [] : p.split(':');
    for (let k = 0; k < groups.length; k++) {
      const g = groups[k];
      if (k === groups.length - 1 && IPV4.test(g)) {
        const [a, b, c, d] = g.split('.').map(Number);
        out.push((a << 8) | b, (c << 8) | d);
      } else if (/^[0-9A-Fa-f]{1,4}$/.test(g)) out.push(parseInt(g, 16));
      else return undefined;
    }
    return out;
  };
  const head = words(halves[0]);
  const tail = halves.length === 2 ? words(halves[1]) : [];
  if (!head || !tail) return undefined;
  const fill = 8 - head.length - tail.length;
  if (halves.length === 2 ? fill < 1 : fill !== 0) return undefined;
  return [...head, ...Array<number>(fill).fill(0), ...tail].flatMap((w) => [w >> 8, w & 0xff]);
}

/** netip.ParseAddr on a bracketed host: 'v4' for an IPv4 address (not allowed in brackets), else its error. */
function parseAddr(s: string): Problem | 'v4' | undefined {
  const fail = (msg: string, exact = true): Problem => ({ msg: `invalid host: ParseAddr(${goQuote(s)}): ${msg}`, exact });
  const first = s.search(/[.:%]/);
  if (first < 0) return fail('unable to parse IP');
  if (s[first] === '%') return fail('missing IPv6 address');
  // netip has many more specific messages than we reproduce.
  if (s[first] === '.') return IPV4.test(s) ? 'v4' : fail('unable to parse IP', false);
  const pct = s.indexOf('%');
  if (pct >= 0 && pct === s.length - 1) return fail('zone must be a non-empty string');
  return ipv6Bytes(pct >= 0 ? s.slice(0, pct) : s) ? undefined : fail('unable to parse IP', false);
}

const validUserinfo = (s: string) => /^[A-Za-z0-9\-._:~!$&'()*+,;=%@]*$/.test(s);

/** Go's url.Parse. */
export function goParseUrl(raw: string): GoUrlResult {
  const hash = raw.indexOf('#');
  const u = hash >= 0 ? raw.slice(0, hash) : raw;
  const fail = (p: Problem): GoUrlResult => ({ error: `parse ${goQuote(u)}: ${p.msg}`, exact: p.exact });
  if (/[\x00-\x1f\x7f]/.test(u)) return fail(problem('net/url: invalid control character in URL'));
  const url: GoUrl = { scheme: '', opaque: '', host: '', rawPath: '', rawQuery: '', forceQuery: false, rawFragment: '', omitHost: false };
  let rest = u;
  if (u !== '*') {
    const m = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(u);
    if (u.startsWith(':')) return fail(problem('missing protocol scheme'));
    if (m) {
      url.scheme = m[1].toLowerCase();
      rest = u.slice(m[0].length);
    }
    if (rest.endsWith('?') && rest.indexOf('?') === rest.length - 1) {
      url.forceQuery = true;
      rest = rest.slice(0, -1);
    } else if (rest.includes('?')) {
      url.rawQuery = rest.slice(rest.indexOf('?') + 1);
      rest = rest.slice(0, rest.indexOf('?'));
    }
    if (!rest.startsWith('/')) {
      if (url.scheme) {
        url.opaque = rest;
        return withFragment(url, raw, hash);
      }
      if (rest.split('/')[0].includes(':')) return fail(problem('first path segment in URL cannot contain colon'));
    }
    if ((url.scheme || !rest.startsWith('///')) && rest.startsWith('//')) {
      let authority = rest.slice(2);
      const slash = authority.indexOf('/');
      rest = slash >= 0 ? authority.slice(slash) : '';
      if (slash >= 0) authority = authority.slice(0, slash);
      const at = authority.lastIndexOf('@');
      const hostErr = parseHost(url.scheme, authority.slice(at + 1));
      if (hostErr) return fail(hostErr);
      url.host = authority.slice(at + 1);
      if (at >= 0) {
        const info = authority.slice(0, at);
        // Go checks runes: a non-ASCII character in the user info is invalid.
        if (!validUserinfo(info)) return fail(problem('net/url: invalid userinfo'));
        const colon = info.indexOf(':');
        const username = colon >= 0 ? info.slice(0, colon) : info;
        const password = colon >= 0 ? info.slice(colon + 1) : undefined;
        const bad = checkEscapes(username, 'userinfo') ?? (password !== undefined ? checkEscapes(password, 'userinfo') : undefined);
        if (bad) return fail(bad);
        url.user = { username, password };
      }
    } else if (url.scheme && rest.startsWith('/')) {
      url.omitHost = true;
    }
  }
  const badPath = checkEscapes(rest, 'path');
  if (badPath) return fail(badPath);
  url.rawPath = rest;
  return withFragment(url, raw, hash);
}

function withFragment(url: GoUrl, raw: string, hash: number): GoUrlResult {
  if (hash < 0) return { url };
  const frag = raw.slice(hash + 1);
  const bad = checkEscapes(frag, 'fragment');
  if (bad) return { error: `parse ${goQuote(raw)}: ${bad.msg}`, exact: bad.exact };
  url.rawFragment = frag;
  return { url };
}

const encoder = new TextEncoder();

/** Percent-decodes a valid escaped string to its bytes (as Go's unescape does). */
function decodeBytes(s: string): number[] {
  const b = encoder.encode(s);
  const hex = (x: number | undefined) => x !== undefined && isHex(String.fromCharCode(x));
  const out: number[] = [];
  for (let i = 0; i < b.length; i++) {
    if (b[i] === 0x25 && hex(b[i + 1]) && hex(b[i + 2])) {
      out.push(parseInt(String.fromCharCode(b[i + 1], b[i + 2]), 16));
      i += 2;
    } else out.push(b[i]);
  }
  return out;
}

function decodeEscapes(s: string): string {
  return new TextDecoder().decode(new Uint8Array(decodeBytes(s)));
}

function escapeBytes(bytes: number[], mode: Mode): string {
  return bytes
    .map((b) => (b < 0x80 && !shouldEscape(String.fromCharCode(b), mode) ? String.fromCharCode(b) : `%${b.toString(16).toUpperCase().padStart(2, '0')}`))
    .join('');
}

/** Go's validEncoded: the raw form can be printed as it is. */
function validEncoded(s: string, mode: Mode): boolean {
  return [...s].every((c) => `!$&'()*+,;=:@[]%`.includes(c) || !shouldEscape(c, mode));
}

/** How String prints a component: as written when that is a valid encoding (paths, fragments), else re-escaped. */
function reencode(raw: string, mode: Mode): string {
  return mode !== 'host' && mode !== 'userinfo' && validEncoded(raw, mode) ? raw : escapeBytes(decodeBytes(raw), mode);
}

/** URL.String, or URL.Redacted (password shown as xxxxx) when `redact`. */
export function goUrlString(u: GoUrl, redact = false): string {
  let out = u.scheme ? `${u.scheme}:` : '';
  if (u.opaque) out += u.opaque;
  else {
    if ((u.scheme || u.host || u.user) && !(u.omitHost && !u.host && !u.user)) {
      if (u.host || u.rawPath || u.user) out += '//';
      if (u.user) {
        const pw = u.user.password === undefined ? '' : `:${redact ? 'xxxxx' : reencode(u.user.password, 'userinfo')}`;
        out += `${reencode(u.user.username, 'userinfo')}${pw}@`;
      }
      if (u.host) out += reencode(u.host, 'host');
    }
    const path = reencode(u.rawPath, 'path');
    if (path && !path.startsWith('/') && u.host) out += '/';
    if (out === '' && path.split('/')[0].includes(':')) out += './';
    out += path;
  }
  if (u.forceQuery || u.rawQuery) out += `?${u.rawQuery}`;
  if (u.rawFragment) out += `#${reencode(u.rawFragment, 'fragment')}`;
  return out;
}

/** url.URL.RawPath would be empty: the path is written exactly as net/url would encode it. */
export function hasDefaultPathEncoding(u: GoUrl): boolean {
  return escapeBytes(decodeBytes(u.rawPath), 'path') === u.rawPath;
}
