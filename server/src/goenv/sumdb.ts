// GOSUMDB as the go command reads it (cmd/go/internal/modfetch/sumdb.go dbDial, Go 1.26): `off`, or `KEY [URL]`
// where KEY is a known database name or a verifier key NAME+HASH+KEYDATA. Errors are worded as go words them;
// go reports them only when it first needs the database ("verifying go.mod: invalid GOSUMDB: …").
import { createHash } from 'node:crypto';
import { goParseUrl, goUrlString, hasDefaultPathEncoding } from './goUrl';
import { GO_SPACE } from './proxy';
import { memoize } from '../core/memo';

export interface ParsedGoSumDb {
  /** default: sum.golang.org at its own address (unset, empty, or naming it); off: no checksum database. */
  kind: 'default' | 'off' | 'custom';
  /** The database name go verifies against (`sum.golang.org` for the `sum.golang.google.cn` alias too). */
  name: string;
  /** An explicit address: go uses it directly, bypassing the proxies' /sumdb/ relay. */
  url?: string;
  /** The verifier key. */
  key?: string;
  /** Why go cannot use the value, in go's words. */
  error?: string;
}

export const DEFAULT_GOSUMDB = 'sum.golang.org';

/** modfetch's knownGOSUMDB: names go knows the key of. */
export const KNOWN_GOSUMDB: Readonly<Record<string, string>> = {
  'sum.golang.org': 'sum.golang.org+033de0ae+Ac4zctda0e5eza+HJyk9SxEdh+s3Ux18htTTAD8OuAn8',
};

/** The keys go ships: valid, so their hash is not checked again (that loads node:crypto, about 1.5 ms of a server's start). */
const KNOWN_KEYS = new Set(Object.values(KNOWN_GOSUMDB));

/** The special case in dbDial: an alias reachable inside mainland China. */
export const CHINA_SUMDB_ALIAS = 'sum.golang.google.cn';

/** strings.Fields: split on runs of unicode.IsSpace. */
function fields(s: string): string[] {
  return s.split(new RegExp(`${GO_SPACE.source}+`)).filter((f) => f !== '');
}

function base64Decode(s: string): Uint8Array | undefined {
  // Go's StdEncoding is strict: padding required, no other characters.
  if (s.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(s)) return undefined;
  return new Uint8Array(Buffer.from(s, 'base64'));
}

/** golang.org/x/mod/sumdb/note.NewVerifier: the database name, or go's error text. */
function verifierName(vkey: string): { name: string } | { error: string } {
  const [name, hash16 = '', key64 = ''] = splitPlus(vkey);
  const key = base64Decode(key64);
  const validName = name !== '' && !GO_SPACE.test(name) && !name.includes('+');
  if (hash16.length !== 8 || !/^[0-9A-Fa-f]{8}$/.test(hash16) || !key || !validName || key.length === 0) return { error: 'malformed verifier id' };
  const digest = createHash('sha256').update(name).update('\n').update(key).digest();
  if (digest.readUInt32BE(0) !== parseInt(hash16, 16)) return { error: 'invalid verifier hash' };
  if (key[0] !== 1) return { error: 'unknown verifier algorithm' };
  if (key.length !== 33) return { error: 'malformed verifier id' };
  return { name };
}

/** strings.Cut twice on `+`: name, hash, and the rest (which may itself contain `+`). */
function splitPlus(s: string): [string, string?, string?] {
  const a = s.indexOf('+');
  if (a < 0) return [s];
  const rest = s.slice(a + 1);
  const b = rest.indexOf('+');
  return b < 0 ? [s.slice(0, a), rest] : [s.slice(0, a), rest.slice(0, b), rest.slice(b + 1)];
}

/** What dbDial accepts, plus the address problems that fail the first lookup before any request. */
function checkAddress(raw: string): string | undefined {
  const r = goParseUrl(raw);
  if (!r.url) return `invalid GOSUMDB URL: ${r.error}`;
  const u = r.url;
  const shown = goUrlString(u, true);
  if (u.scheme !== '' && u.scheme !== 'http' && u.scheme !== 'https' && u.scheme !== 'file') return `unsupported scheme: ${shown}/lookup/…`;
  if ((u.scheme === '' || u.scheme === 'http' || u.scheme === 'https') && !u.host && (u.scheme !== '' || u.rawPath.startsWith('/'))) {
    return 'http: no Host in request URL';
  }
  if (u.scheme === 'http' && u.user) return `refusing to pass credentials to insecure URL: ${shown}/lookup/…`;
  return undefined;
}

/** Parses a GOSUMDB value exactly as go does (no trimming: ` off` is not `off`). */
/** Parsed once per distinct value (results are shared: never mutate them). */
export const parseGoSumDb: (value: string) => ParsedGoSumDb = memoize(parseGoSumDbUncached);

function parseGoSumDbUncached(value: string): ParsedGoSumDb {
  if (value === '') return { kind: 'default', name: DEFAULT_GOSUMDB, key: KNOWN_GOSUMDB[DEFAULT_GOSUMDB] };
  if (value === 'off') return { kind: 'off', name: 'off' };
  const f = fields(value === CHINA_SUMDB_ALIAS ? `${DEFAULT_GOSUMDB} https://${CHINA_SUMDB_ALIAS}` : value);
  if (f.length === 0) return { kind: 'custom', name: '', error: 'missing GOSUMDB' };
  const key = KNOWN_GOSUMDB[f[0]] ?? f[0];
  const custom: ParsedGoSumDb = { kind: 'custom', name: f[0].split('+')[0], key, ...(f.length > 1 ? { url: f[1] } : {}) };
  if (f.length > 2) return { ...custom, error: 'invalid GOSUMDB: too many fields' };
  const v = KNOWN_KEYS.has(key) ? { name: key.slice(0, key.indexOf('+')) } : verifierName(key);
  if ('error' in v) return { ...custom, error: `invalid GOSUMDB: ${v.error}` };
  custom.name = v.name;
  // "No funny business in the database name": a host with an optional path, nothing else.
  const direct = goParseUrl(`https://${v.name}`).url;
  const plain =
    direct &&
    direct.host !== '' &&
    !direct.user &&
    !direct.rawQuery &&
    !direct.forceQuery &&
    !direct.rawFragment &&
    !direct.opaque &&
    hasDefaultPathEncoding(direct);
  if (!plain || v.name.endsWith('/')) {
    return { ...custom, error: `invalid sumdb name (must be host[/path]): ${v.name}` };
  }
  if (f.length === 2) {
    const bad = checkAddress(f[1]);
    return bad ? { ...custom, error: bad } : custom;
  }
  return key === KNOWN_GOSUMDB[DEFAULT_GOSUMDB] ? { kind: 'default', name: v.name, key } : custom;
}
