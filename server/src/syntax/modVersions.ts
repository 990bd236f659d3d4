// Module versions (semantic versions as golang.org/x/mod/semver reads them) and Go language/toolchain
// versions (as go/version and cmd/go's gover read them).
import { memoize } from '../core/memo';

interface Semver {
  major: string;
  minor: string;
  patch: string;
  /** '.0.0' or '.0' when the version was written in the v1 / v1.2 shorthand. */
  short: string;
  prerelease: string;
  build: string;
}

/** A decimal without a needless leading zero, at the start of s. */
function leadingInt(s: string): [digits: string, rest: string] | undefined {
  let i = 0;
  while (i < s.length && s.charCodeAt(i) >= 48 && s.charCodeAt(i) <= 57) i++;
  if (i === 0 || (s[0] === '0' && i > 1)) return undefined;
  return [s.slice(0, i), s.slice(i)];
}

// vMAJOR[.MINOR[.PATCH[-prerelease][+build]]], numbers without needless leading zeros.
const SEMVER = /^v(0|[1-9][0-9]*)(?:\.(0|[1-9][0-9]*)(?:\.(0|[1-9][0-9]*)(-[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?(\+[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?)?)?$/;

/** vX.Y.Z with nothing after: most versions in go.mod files, recognised without parsing. */
const PLAIN_RELEASE = /^v(?:0|[1-9][0-9]*)\.(?:0|[1-9][0-9]*)\.(?:0|[1-9][0-9]*)$/;

function parseSemver(v: string): Semver | undefined {
  const m = SEMVER.exec(v);
  if (!m) return undefined;
  const [, major, minor, patch, prerelease = '', build = ''] = m;
  // A numeric prerelease identifier may not have a leading zero (v1.0.0-01 is invalid).
  if (
    prerelease &&
    prerelease
      .slice(1)
      .split('.')
      .some((id) => /^0[0-9]+$/.test(id))
  )
    return undefined;
  if (minor === undefined) return { major, minor: '0', patch: '0', short: '.0.0', prerelease, build };
  if (patch === undefined) return { major, minor, patch: '0', short: '.0', prerelease, build };
  return { major, minor, patch, short: '', prerelease, build };
}

/** semver.IsValid: v1, v1.2, v1.2.3, v1.2.3-pre, v1.2.3+build. */
export function isValidSemver(v: string): boolean {
  return parseSemver(v) !== undefined;
}

/** semver.Major: 'v2' for 'v2.1.0', '' when invalid. */
export function semverMajor(v: string): string {
  if (PLAIN_RELEASE.test(v)) return v.slice(0, v.indexOf('.'));
  const p = parseSemver(v);
  return p ? 'v' + p.major : '';
}

/** module.CanonicalVersion: the full vX.Y.Z form, build metadata dropped except +incompatible; '' when invalid. */
export function canonicalModuleVersion(v: string): string {
  if (PLAIN_RELEASE.test(v)) return v;
  const p = parseSemver(v);
  if (!p) return '';
  const base = p.build ? v.slice(0, v.length - p.build.length) : v + p.short;
  return p.build === '+incompatible' ? base + '+incompatible' : base;
}

/** Whether v is a module version as go.mod must spell it: canonical semver, pseudo-versions and +incompatible included. */
export function isValidModuleVersion(v: string): boolean {
  return v !== '' && canonicalModuleVersion(v) === v;
}

const PSEUDO_VERSION = /^v[0-9]+\.(0\.0-|\d+\.\d+-([^+]*\.)?0\.)\d{14}-[A-Za-z0-9]+(\+[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?$/;

/** module.IsPseudoVersion: v0.0.0-20240101120000-abcdefabcdef, v1.2.4-0.20240101120000-abcdefabcdef, v1.2.3-pre.0.2024…. */
export function isPseudoVersion(v: string): boolean {
  return (v.match(/-/g)?.length ?? 0) >= 2 && isValidSemver(v) && PSEUDO_VERSION.test(v);
}

/** The `go` directive's format (modfile.GoVersionRE): 1.21, 1.21.0, 1.21rc1. */
export const GO_DIRECTIVE_VERSION = /^([1-9][0-9]*)\.(0|[1-9][0-9]*)(\.(0|[1-9][0-9]*))?([a-z]+[0-9]+)?$/;

/** The `toolchain` directive's format (modfile.ToolchainRE). */
export const TOOLCHAIN_NAME = /^default$|^go1($|\.)/;

interface GoVersion {
  major: string;
  minor: string;
  patch: string;
  kind: string; // '', 'alpha', 'beta', 'rc'
  pre: string;
}

const INVALID_GO_VERSION: GoVersion = { major: '', minor: '', patch: '', kind: '', pre: '' };

/**
 * gover.Parse: 1, 1.21, 1.21.3, 1.21rc1. Before 1.21, "1.N" means 1.N.0; from 1.21 on it is the language version,
 * below 1.N.0. Kept per string (never changed by callers): every stage compares its image's Go with go.mod's on
 * every keystroke.
 */
const parseGoVersion = memoize(parseGoVersionOf);

function parseGoVersionOf(x: string): GoVersion {
  const major = leadingInt(x);
  if (!major) return INVALID_GO_VERSION;
  const v: GoVersion = { major: major[0], minor: '', patch: '', kind: '', pre: '' };
  let rest = major[1];
  if (rest === '') return { ...v, minor: '0', patch: '0' };
  if (rest[0] !== '.') return INVALID_GO_VERSION;
  const minor = leadingInt(rest.slice(1));
  if (!minor) return INVALID_GO_VERSION;
  v.minor = minor[0];
  rest = minor[1];
  if (rest === '') {
    if (compareDecimals(v.minor, '21') < 0) v.patch = '0';
    return v;
  }
  if (rest[0] === '.') {
    const patch = leadingInt(rest.slice(1));
    if (!patch || patch[1] !== '') return INVALID_GO_VERSION;
    v.patch = patch[0];
    return v;
  }
  const m = /^([a-z]+)(.*)$/.exec(rest);
  if (!m) return INVALID_GO_VERSION;
  v.kind = m[1];
  if (m[2] === '') return v;
  const pre = leadingInt(m[2]);
  if (!pre || pre[1] !== '') return INVALID_GO_VERSION;
  v.pre = pre[0];
  return v;
}

/** Compares decimal strings of any length; '' sorts first. */
function compareDecimals(x: string, y: string): number {
  if (x === y) return 0;
  if (x.length !== y.length) return x.length < y.length ? -1 : 1;
  return x < y ? -1 : 1;
}

/** A Go version without its 'go' prefix and any '-custom' or '+auto' suffix. */
function bareGoVersion(v: string): string {
  const s = v.startsWith('go') ? v.slice(2) : v;
  const cut = s.search(/[-+]/);
  return cut < 0 ? s : s.slice(0, cut);
}

/** gover.IsValid: a bare Go version (1, 1.21, 1.21.3, 1.21rc1), without the 'go' prefix. */
export function isValidGoVersion(v: string): boolean {
  return parseGoVersion(v) !== INVALID_GO_VERSION;
}

/**
 * Compares Go language/toolchain versions like go/version.Compare: 1.21 < 1.21rc1 < 1.21.0 < 1.21.1.
 * '1.21' and 'go1.21' are both accepted; an invalid version sorts before every valid one.
 */
export function compareGoVersions(a: string, b: string): number {
  const x = parseGoVersion(bareGoVersion(a));
  const y = parseGoVersion(bareGoVersion(b));
  return (
    compareDecimals(x.major, y.major) ||
    compareDecimals(x.minor, y.minor) ||
    compareDecimals(x.patch, y.patch) ||
    (x.kind === y.kind ? 0 : x.kind < y.kind ? -1 : 1) ||
    compareDecimals(x.pre, y.pre)
  );
}
