// The Go environment in effect for a go command, computed from the variables that are set the way the go command
// computes its defaults (cmd/go/internal/cfg, Go 1.26; each default checked against `go env`), and how that
// environment routes one module: which proxies, or direct, and whether the checksum database is consulted.
import { DEFAULT_GOPROXY, parseGoProxy, proxyHops, type ProxyEntry, type ProxyHop } from './proxy';
import { firstMatchingPattern } from './patterns';
import { DEFAULT_GOSUMDB, parseGoSumDb, type ParsedGoSumDb } from './sumdb';
import { detached, memoize } from '../core/memo';
import { goQuote } from '../core/goStrings';
import { GO_VARIABLES } from './variables';

/** Every variable resolveGoEnv reads: an environment needs only these looked up, however many others it sets. */
export const RESOLVE_INPUTS: readonly string[] = [...GO_VARIABLES, 'HOME', 'XDG_CACHE_HOME', 'XDG_CONFIG_HOME'];

export interface ResolvedGoEnv {
  GOPROXY: string;
  GOPRIVATE: string;
  GONOPROXY: string;
  GONOSUMDB: string;
  GOSUMDB: string;
  GOINSECURE: string;
  GOFLAGS: string;
  GO111MODULE: string;
  GOTOOLCHAIN: string;
  GOAUTH: string;
  GOVCS: string;
  GOPATH: string;
  GOMODCACHE: string;
  GOCACHE: string;
  GOWORK: string;
  /** The go env file `go env -w` writes ('' when go cannot locate one). */
  GOENV: string;
  /** Names that were set to a non-empty value in the input. */
  explicit: ReadonlySet<string>;
}

/** What the base image provides when the Dockerfile does not set it. */
export interface ImageDefaults {
  GOPATH: string;
  HOME: string;
  GOTOOLCHAIN?: string;
}

/** The official golang images: ENV GOPATH=/go and GOTOOLCHAIN=local, running as root. */
export const OFFICIAL_IMAGE_DEFAULTS: ImageDefaults = { GOPATH: '/go', HOME: '/root', GOTOOLCHAIN: 'local' };

/** Docker Hub namespaces that hold the official image: `library` and the per-architecture repositories. */
const OFFICIAL_HUB_NAMESPACES = /^(library|amd64|arm32v5|arm32v6|arm32v7|arm64v8|i386|mips64le|ppc64le|riscv64|s390x|windows-amd64|winamd64)$/i;
const DOCKER_HUB_HOST = /^(docker\.io|index\.docker\.io|registry-1\.docker\.io)$/i;

/**
 * An image reference to the official golang image or a mirror of it: `golang:1.22`, `docker.io/library/golang`,
 * `s390x/golang`, a registry's copy (`mirror.example.com/proxy/golang`, `${REGISTRY}/golang`). A repository of a Docker
 * Hub user (`nimmis/golang`) is another image, whose environment (GOPATH, HOME) is its own.
 */
export function isOfficialGolangImage(ref: string): boolean {
  const name = ref
    .trim()
    .split('@')[0]
    .replace(/:[^/]*$/, '');
  const parts = name.split('/');
  if (parts.pop()?.toLowerCase() !== 'golang') return false;
  if (parts.length === 0) return true;
  const host = parts[0];
  // The first element names a registry when it has a dot, a port or is localhost (as Docker reads it), or is a variable.
  if (/[.:$]/.test(host) || host === 'localhost')
    return !DOCKER_HUB_HOST.test(host) || parts.length === 1 || OFFICIAL_HUB_NAMESPACES.test(parts.slice(1).join('/'));
  return OFFICIAL_HUB_NAMESPACES.test(parts.join('/'));
}

/** filepath.Join on Unix of two paths: joined and cleaned (memoised: the same few directories recur for every step). */
function joinPath(dir: string, rest: string): string {
  return joinedPaths(`${dir}\0${rest}`);
}

// `rest` is always one of our constants (no NUL); `dir` comes from the Dockerfile and may hold anything.
const joinedPaths = memoize((key: string) => {
  const cut = key.lastIndexOf('\0');
  return cleanJoin(key.slice(0, cut), key.slice(cut + 1));
}, 256);

function cleanJoin(...parts: string[]): string {
  const joined = parts.filter((p) => p !== '').join('/');
  if (joined === '') return '';
  const out: string[] = [];
  for (const seg of joined.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..' && out.length > 0 && out[out.length - 1] !== '..') out.pop();
    else if (seg !== '..' || !joined.startsWith('/')) out.push(seg);
  }
  const path = (joined.startsWith('/') ? '/' : '') + out.join('/');
  return path === '' ? '.' : path;
}

/** os.UserCacheDir / os.UserConfigDir on Unix: the XDG variable when absolute, else under $HOME; '' on error. */
function userDir(xdg: string, home: string, under: string): string {
  if (xdg !== '') return xdg.startsWith('/') ? xdg : '';
  return home !== '' ? `${home}/${under}` : '';
}

/** The effective environment. Empty values count as unset, as in go (an empty GOPROXY means the default). */
export function resolveGoEnv(set: ReadonlyMap<string, string>, defaults: ImageDefaults = OFFICIAL_IMAGE_DEFAULTS): ResolvedGoEnv {
  // Every go step of every stage has its own environment map, and most hold the same few values: one result per
  // distinct input, shared (a resolved environment is never changed).
  let key = `${defaults.GOPATH}\u0000${defaults.HOME}\u0000${defaults.GOTOOLCHAIN ?? ''}`;
  set.forEach((value, name) => (key += `\u0000${name}=${value}`));
  let hit = resolvedByInput.get(key);
  if (!hit) {
    if (resolvedByInput.size >= 4096) resolvedByInput.clear();
    // Its values are copies: a value may be a view into a document, which the cache would otherwise keep.
    const values = new Map<string, string>();
    set.forEach((value, name) => values.set(name, detached(value)));
    resolvedByInput.set(key, (hit = resolveGoEnvUncached(values, defaults)));
  }
  return hit;
}

const resolvedByInput = new Map<string, ResolvedGoEnv>();

function resolveGoEnvUncached(set: ReadonlyMap<string, string>, defaults: ImageDefaults): ResolvedGoEnv {
  const get = (name: string) => set.get(name) ?? '';
  const explicit = new Set<string>();
  set.forEach((value, name) => {
    if (value !== '') explicit.add(name);
  });
  const home = get('HOME') || defaults.HOME;
  const gopath = get('GOPATH') || defaults.GOPATH || (home ? joinPath(home, 'go') : '');
  const firstGopath = gopath.split(':')[0];
  const cacheDir = userDir(get('XDG_CACHE_HOME'), home, '.cache');
  const configDir = userDir(get('XDG_CONFIG_HOME'), home, '.config');
  // GOCACHE must be absolute: go turns anything else, and a default it cannot compute, into "off".
  const setCache = get('GOCACHE');
  const gocache = setCache ? (setCache.startsWith('/') ? setCache : 'off') : cacheDir ? joinPath(cacheDir, 'go-build') : 'off';
  const goprivate = get('GOPRIVATE');
  return {
    GOPROXY: get('GOPROXY') || DEFAULT_GOPROXY,
    GOPRIVATE: goprivate,
    GONOPROXY: get('GONOPROXY') || goprivate,
    GONOSUMDB: get('GONOSUMDB') || goprivate,
    GOSUMDB: get('GOSUMDB') || DEFAULT_GOSUMDB,
    GOINSECURE: get('GOINSECURE'),
    GOFLAGS: get('GOFLAGS'),
    GO111MODULE: get('GO111MODULE'),
    GOTOOLCHAIN: get('GOTOOLCHAIN') || defaults.GOTOOLCHAIN || 'auto',
    GOAUTH: get('GOAUTH') || 'netrc',
    GOVCS: get('GOVCS'),
    GOPATH: gopath,
    GOMODCACHE: get('GOMODCACHE') || (firstGopath ? joinPath(firstGopath, 'pkg/mod') : ''),
    GOCACHE: gocache,
    GOWORK: get('GOWORK'),
    GOENV: get('GOENV') || (configDir ? joinPath(configDir, 'go/env') : ''),
    explicit,
  };
}

export interface ModuleRoute {
  via: 'proxy' | 'direct' | 'off';
  /** Reachable proxy entries tried, in order (empty when direct/off). */
  proxies: ProxyEntry[];
  /** The proxies are followed by `direct` (only for via 'proxy'). */
  fallsBackToDirect: boolean;
  checksum: 'sumdb' | 'nosumdb' | 'off';
  /** The checksum database consulted (when checksum is 'sumdb'). */
  sumdb?: ParsedGoSumDb;
  /** The pattern that routed it direct (GONOPROXY, or GOPRIVATE as its default), else the one that excluded it from the database. */
  decidedBy?: { variable: 'GONOPROXY' | 'GOPRIVATE' | 'GONOSUMDB'; pattern: string };
  /** go refuses the GOPROXY value itself: every download fails, direct ones included, with this message. */
  error?: string;
  /** go's walk through the list (only for via 'proxy'): which entries it may reach, and on what. */
  hops: ProxyHop[];
  /** Every entry go may reach fails before sending anything: the download fails, naming this one (TryProxies reports the last proxy error). */
  failure?: ProxyHop;
}

const TOOLCHAIN_MODULE = 'golang.org/toolchain';

/** How the go command fetches and verifies one module (cmd/go/internal/modfetch lookup, TryProxies, useSumDB). */
/** The parts of GOPROXY every route needs, computed once per environment. */
interface ProxyList {
  reachable: ProxyEntry[];
  hops: ProxyHop[];
  failure?: ProxyHop;
  proxies: ProxyEntry[];
  stop?: ProxyEntry;
  error?: string;
}
const proxyLists = new WeakMap<ResolvedGoEnv, ProxyList>();

function proxyListOf(env: ResolvedGoEnv): ProxyList {
  let list = proxyLists.get(env);
  if (list) return list;
  const parsed = parseGoProxy(env.GOPROXY || DEFAULT_GOPROXY);
  const reachable = parsed.entries.filter((e) => e.reachable);
  const rejected = reachable.find((e) => e.error?.rejected);
  const error = parsed.error ?? (rejected ? (rejected.error?.goMessage ?? `invalid GOPROXY entry ${goQuote(rejected.raw.trim())}`) : undefined);
  const hops = proxyHops(parsed.entries);
  const possible = hops.filter((h) => h.possible);
  const serves = possible.some((h) => h.entry.kind === 'direct' || (h.entry.kind === 'proxy' && !h.alwaysFails));
  const failure = serves ? undefined : possible.filter((h) => h.alwaysFails).pop();
  list = { reachable, hops, failure, proxies: reachable.filter((e) => e.kind === 'proxy'), stop: reachable.find((e) => e.kind !== 'proxy'), error };
  proxyLists.set(env, list);
  return list;
}

/** How the go command fetches and verifies a module under this environment. */
export function routeModule(modulePath: string, env: ResolvedGoEnv): ModuleRoute {
  const { proxies, stop, error, hops, failure } = proxyListOf(env);
  const by = (name: 'GONOPROXY' | 'GONOSUMDB') => (env.explicit.has(name) ? name : 'GOPRIVATE');

  // A GONOPROXY match is fetched directly whatever GOPROXY says, even `off` (go tries its "noproxy" entry first).
  const noProxy = firstMatchingPattern(env.GONOPROXY, modulePath);
  const via: ModuleRoute['via'] = noProxy !== undefined ? 'direct' : proxies.length > 0 ? 'proxy' : stop?.kind === 'direct' ? 'direct' : 'off';
  const route: ModuleRoute = {
    via,
    proxies: via === 'proxy' ? proxies : [],
    fallsBackToDirect: via === 'proxy' && stop?.kind === 'direct',
    checksum: 'sumdb',
    hops: via === 'proxy' ? hops : [],
  };
  if (via === 'proxy' && failure) route.failure = failure;
  if (noProxy !== undefined) route.decidedBy = { variable: by('GONOPROXY'), pattern: noProxy };
  if (error !== undefined) route.error = error;

  // Toolchains cannot be listed in go.sum: go always checks them against the database (except from a lone file:// proxy).
  const toolchain = modulePath === TOOLCHAIN_MODULE && !(env.GOPROXY.startsWith('file://') && !/[,|]/.test(env.GOPROXY));
  const noSumDb = toolchain ? undefined : firstMatchingPattern(env.GONOSUMDB, modulePath);
  if (!toolchain && env.GOSUMDB === 'off') route.checksum = 'off';
  else if (noSumDb !== undefined) {
    route.checksum = 'nosumdb';
    route.decidedBy ??= { variable: by('GONOSUMDB'), pattern: noSumDb };
  } else route.sumdb = parseGoSumDb(env.GOSUMDB);
  return route;
}

export interface GoFlag {
  /** The flag name as written, dashes included (`-mod`, `--insecure`); a word that is no flag as it is. */
  flag: string;
  value?: string;
  /** Offsets of the whole word (quotes included) in the GOFLAGS value. */
  start: number;
  end: number;
}

const isFlagSpace = (c: string) => c === ' ' || c === '\t' || c === '\n' || c === '\r';

/**
 * GOFLAGS as the go command splits and checks it (cmd/internal/quoted.Split, base.InitGOFLAGS): words separated by
 * white space, a word may be wrapped in '…' or "…". Every word is listed, flag or not, so that fixes can rebuild the
 * value; `error` is go's message for the first malformed word (unknown flag names are not checked: that needs go's
 * own flag tables).
 */
export function parseGoFlags(value: string): { flags: GoFlag[]; error?: string } {
  const flags: GoFlag[] = [];
  let error: string | undefined;
  let i = 0;
  while (i < value.length) {
    while (i < value.length && isFlagSpace(value[i])) i++;
    if (i >= value.length) break;
    const start = i;
    let word: string;
    const quote = value[i];
    if (quote === '"' || quote === "'") {
      const close = value.indexOf(quote, i + 1);
      word = value.slice(i + 1, close < 0 ? undefined : close);
      i = close < 0 ? value.length : close + 1;
      if (close < 0) error ??= `go: parsing $GOFLAGS: unterminated ${quote} string`;
    } else {
      while (i < value.length && !isFlagSpace(value[i])) i++;
      word = value.slice(start, i);
    }
    if (!word.startsWith('-') || word === '-' || word === '--' || /^(---|-=|--=)/.test(word)) {
      error ??= `go: parsing $GOFLAGS: non-flag ${goQuote(word)}`;
    }
    const eq = word.indexOf('=');
    flags.push(eq < 0 ? { flag: word, start, end: i } : { flag: word.slice(0, eq), value: word.slice(eq + 1), start, end: i });
  }
  return error === undefined ? { flags } : { flags, error };
}

/** The words of a GOFLAGS value (see parseGoFlags). */
export function goflagsList(value: string): GoFlag[] {
  return parseGoFlags(value).flags;
}
