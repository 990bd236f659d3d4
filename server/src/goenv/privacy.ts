// Names that cannot be public: a module path whose host is an IP address, localhost, a single label or a reserved
// internal suffix cannot be fetched by a public proxy. Any other host proves nothing by itself: whether a module
// on it is private takes evidence from the build (goenv/privacyEvidence.ts).
import { ipv6Bytes, isIPv4Literal } from './goUrl';
import { matchesPatternList } from './patterns';
import { memoize } from '../core/memo';

export type PrivateReason = 'ip' | 'localhost' | 'single-label' | 'private-suffix' | 'user-pattern';

/** Names for networks that are not the internet (RFC 6762, RFC 8375, RFC 2606, ICANN's .internal, and common practice). */
export const PRIVATE_SUFFIXES: readonly string[] = [
  '.internal',
  '.local',
  '.lan',
  '.corp',
  '.intranet',
  '.home.arpa',
  '.localhost',
  '.localdomain',
  '.test',
  '.example',
  '.invalid',
];

/**
 * Hosts that serve public modules, and the vanity hosts of popular ones. A subdomain of one counts as public
 * (unless it has a private suffix). Only hovers and completions use it: an unlisted host is not evidence.
 */
export const PUBLIC_MODULE_HOSTS: ReadonlySet<string> = new Set([
  // Code hosting
  'github.com',
  'gitlab.com',
  'bitbucket.org',
  'codeberg.org',
  'gitea.com',
  'gitee.com',
  'git.sr.ht',
  'hg.sr.ht',
  'launchpad.net',
  'dev.azure.com',
  'notabug.org',
  'framagit.org',
  'salsa.debian.org',
  'gitlab.gnome.org',
  'gitlab.freedesktop.org',
  'googlesource.com',
  'git.apache.org',
  // Go's own
  'golang.org',
  'google.golang.org',
  'go.googlesource.com',
  'cloud.google.com',
  'go.opencensus.io',
  'contrib.go.opencensus.io',
  'go.opentelemetry.io',
  'golang.zx2c4.com',
  'git.zx2c4.com',
  // Vanity hosts of widely used modules
  'gopkg.in',
  'go.uber.org',
  'k8s.io',
  'sigs.k8s.io',
  'go.etcd.io',
  'gorm.io',
  'gotest.tools',
  'honnef.co',
  'mvdan.cc',
  'rsc.io',
  'modernc.org',
  'filippo.io',
  'gocloud.dev',
  'go.mongodb.org',
  'dario.cat',
  'go.step.sm',
  'gioui.org',
  'lukechampine.com',
  'nhooyr.io',
  'connectrpc.com',
  'buf.build',
  'entgo.io',
  'ariga.io',
  'tailscale.com',
  'go4.org',
  'inet.af',
  'go.temporal.io',
  'go.elastic.co',
  'go.mozilla.org',
  'go.starlark.net',
  'go.yaml.in',
  'go.einride.tech',
  'go.mau.fi',
  'go.k6.io',
  'go.chromium.org',
  'go.skia.org',
  'go.podman.io',
  'go.bug.st',
  'go.lsp.dev',
  'cel.dev',
  'cuelang.org',
  'cuelabs.dev',
  'helm.sh',
  'istio.io',
  'knative.dev',
  'gvisor.dev',
  'oras.land',
  'vitess.io',
  'tags.cncf.io',
  'kubevirt.io',
  'open-cluster-management.io',
  'dagger.io',
  'fyne.io',
  'gonum.org',
  'gocv.io',
  'storj.io',
  'zombiezen.com',
  'howett.net',
  'mellium.im',
  'pgregory.net',
  'moul.io',
  'gobot.io',
  'goa.design',
  'code.gitea.io',
  'code.cloudfoundry.org',
  'sourcegraph.com',
  'bazil.org',
  'software.sslmate.com',
  'src.elv.sh',
  'layeh.com',
  'go.abhg.dev',
  'go.jetify.com',
]);

/** Top-level directories of the standard library (module path `std`/`cmd` and their packages). */
const STD_ROOTS = new Set([
  'std',
  'cmd',
  'archive',
  'bufio',
  'builtin',
  'bytes',
  'cmp',
  'compress',
  'container',
  'context',
  'crypto',
  'database',
  'debug',
  'embed',
  'encoding',
  'errors',
  'expvar',
  'flag',
  'fmt',
  'go',
  'hash',
  'html',
  'image',
  'index',
  'internal',
  'io',
  'iter',
  'log',
  'maps',
  'math',
  'mime',
  'net',
  'os',
  'path',
  'plugin',
  'reflect',
  'regexp',
  'runtime',
  'slices',
  'sort',
  'strconv',
  'strings',
  'structs',
  'sync',
  'syscall',
  'testing',
  'text',
  'time',
  'unicode',
  'unique',
  'unsafe',
  'weak',
  'vendor',
]);

/** The host of a module path: its first element, lower-cased, without brackets or a port. */
export function moduleHost(modulePath: string): { host: string; bracketed: boolean } {
  const first = modulePath.split('/')[0].toLowerCase();
  if (first.startsWith('[')) {
    const close = first.indexOf(']');
    return { host: first.slice(1, close < 0 ? undefined : close), bracketed: true };
  }
  return { host: first.replace(/:\d*$/, ''), bracketed: false };
}

/** Whether the module path's host is a known public code host or the vanity host of a known public module. */
export function isKnownPublicHost(modulePath: string): boolean {
  return isPublicHost(moduleHost(modulePath).host);
}

function isPublicHost(host: string): boolean {
  for (let h = host; h.includes('.'); h = h.slice(h.indexOf('.') + 1)) if (PUBLIC_MODULE_HOSTS.has(h)) return true;
  return false;
}

/** Why a module path cannot be public, or undefined when nothing in its name says so. */
const reasonCache = memoize((key: string) => {
  const at = key.indexOf('\u0000');
  return privateReasonUncached(key.slice(at + 1), key.slice(0, at) === '' ? [] : key.slice(0, at).split('\u0001')) ?? null;
}, 8192);

/** Why a module path looks private, or undefined (memoised per path and user patterns). */
export function privateReason(modulePath: string, userPatterns: string[]): PrivateReason | undefined {
  if (userPatterns.length === 0) return nameFacts(modulePath).reason;
  return reasonCache(`${userPatterns.join('\u0001')}\u0000${modulePath}`) ?? undefined;
}

/** What a module path's name alone says: its host, why it cannot be public, whether go fetches it at all. */
export interface NameFacts {
  /** The host, lower-cased (moduleHost). */
  host: string;
  /** Why the name cannot be public, without user patterns. */
  reason?: Exclude<PrivateReason, 'user-pattern'>;
  /** The standard library or the toolchain: never fetched as a module. */
  builtin: boolean;
}

// Every analysis of every document asks about the same required modules: their name facts are kept per path.
const nameFactsCache = memoize((modulePath: string): NameFacts => {
  const reason = privateReasonUncached(modulePath, []) as NameFacts['reason'];
  const builtin = reason === undefined && privateReasonUncached(modulePath, ['*']) === undefined;
  return { host: moduleHost(modulePath).host, ...(reason ? { reason } : {}), builtin };
}, 65536);

export function nameFacts(modulePath: string): NameFacts {
  return nameFactsCache(modulePath);
}

function privateReasonUncached(modulePath: string, userPatterns: string[]): PrivateReason | undefined {
  const first = modulePath.split('/')[0];
  if (modulePath === 'golang.org/toolchain' || modulePath.startsWith('golang.org/toolchain/')) return undefined;
  if (!first.includes('.') && STD_ROOTS.has(first)) return undefined;
  if (userPatterns.length > 0 && matchesPatternList(userPatterns.join(','), modulePath)) return 'user-pattern';
  const { host, bracketed } = moduleHost(modulePath);
  if (isIPv4Literal(host) || (bracketed && ipv6Bytes(host.replace(/%.*$/, '')))) return 'ip';
  if (host === 'localhost') return 'localhost';
  if (!host.includes('.')) return 'single-label';
  if (PRIVATE_SUFFIXES.some((s) => host.endsWith(s))) return 'private-suffix';
  return undefined;
}
