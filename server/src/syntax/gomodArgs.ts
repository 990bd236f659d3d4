// Reading directive arguments the way golang.org/x/mod/modfile and cmd/go read them: quoted strings,
// module versions and retract intervals, with the go command's error texts.
import { goQuote, goUnquote } from '../core/goStrings';
import { canonicalModuleVersion, isValidGoVersion } from './modVersions';
import { checkModulePath, checkPathMajor, splitPathVersion } from './modPaths';
import type { ModToken } from './gomodLexer';

export type Read<T> = { value: T; majorChecked?: boolean } | { error: string; blamesPath?: boolean };

/** modfile's parseString: a "quoted" Go string or a bare word; other quotes are not allowed. */
export function unquoteArg(raw: string): Read<string> {
  if (raw.startsWith('"')) {
    const v = goUnquote(raw);
    return v === undefined ? { error: 'invalid syntax' } : { value: v };
  }
  if (/["'`]/.test(raw)) return { error: 'unquoted string cannot contain quote' };
  return { value: raw };
}

/** "require example.com/x: ", or "retract: " when there is no path (modfile.Error's directive prefix). */
export function directivePrefix(verb: string, modPath: string): string {
  return modPath !== '' ? `${verb} ${modPath}: ` : `${verb}: `;
}

/** module.InvalidVersionError inside modfile.Error: `require example.com/x: version "v1" invalid: why`. */
function invalidVersion(verb: string, modPath: string, version: string, why: string): string {
  return `${directivePrefix(verb, modPath)}version ${goQuote(version)} invalid: ${why}`;
}

/**
 * How a version is checked:
 * - 'unquote': only unquoted (what modfile does first for retract);
 * - 'canonical': must be semver, v1.2 read as v1.2.0 (modfile without a fixer: `go mod edit`, go.work);
 * - 'resolve': as the go command's builds check go.mod: the module path must allow versions and a canonical
 *   version must fit its major version. A non-canonical one the go command looks up on the proxy (after
 *   checking the path); offline it is read as 'canonical' reads it;
 * - 'resolveRetract': the same for retract, whose non-canonical versions the offline reading leaves alone.
 */
export type VersionCheck = 'unquote' | 'canonical' | 'resolve' | 'resolveRetract';

export function readVersion(verb: string, modPath: string, tok: ModToken, check: VersionCheck): Read<string> {
  const s = unquoteArg(tok.text);
  if ('error' in s) return { error: invalidVersion(verb, modPath, tok.text, s.error) };
  const v = s.value;
  if (check === 'unquote') return s;
  if (check === 'resolve' || check === 'resolveRetract') {
    const split = splitPathVersion(modPath);
    if (!split.ok) return { error: invalidVersion(verb, modPath, v, `malformed module path ${goQuote(modPath)}`), blamesPath: true };
    if (v !== '' && canonicalModuleVersion(v) === v) {
      const mismatch = checkPathMajor(v, split.pathMajor);
      return mismatch ? { error: directivePrefix(verb, modPath) + mismatch } : { value: v, majorChecked: true };
    }
    // A lookup: the go command checks the path before it asks any proxy.
    if (modPath === 'std' || modPath === 'cmd')
      return { error: `can't query specific version (${goQuote(v)}) of standard-library module ${goQuote(modPath)}`, blamesPath: true };
    if (modPath === 'go' || modPath === 'toolchain') {
      // The go command's own pseudo-modules: their versions are Go versions.
      return isValidGoVersion(v.replace(/^go/, '')) ? s : { error: `invalid ${modPath} version ${v}` };
    }
    const malformed = checkModulePath(modPath);
    if (malformed) return { error: malformed, blamesPath: true };
    if (check === 'resolveRetract') return s;
  }
  const canonical = canonicalModuleVersion(v);
  if (canonical === '') return { error: invalidVersion(verb, modPath, v, 'must be of the form v1.2.3') };
  return { value: canonical };
}

export interface Interval {
  low: string;
  high: string;
  /** The version tokens: one for `retract v1.0.0`, two for `retract [v1.0.0, v1.1.0]`. */
  versionTokens: ModToken[];
  /** How many arguments the interval used. */
  used: number;
}

/** modfile's parseVersionInterval: `v1.2.3` or `[v1.0.0, v1.2.0]`. */
export function readInterval(verb: string, modPath: string, args: ModToken[], check: VersionCheck): Read<Interval> {
  if (args.length === 0 || args[0].text === '(') return { error: "expected '[' or version" };
  if (args[0].text !== '[') {
    const v = readVersion(verb, modPath, args[0], check);
    return 'error' in v ? v : { value: { low: v.value, high: v.value, versionTokens: [args[0]], used: 1 } };
  }
  if (args.length < 2) return { error: "expected version after '['" };
  const low = readVersion(verb, modPath, args[1], check);
  if ('error' in low) return low;
  if (args.length < 3 || args[2].text !== ',') return { error: "expected ',' after version" };
  if (args.length < 4) return { error: "expected version after ','" };
  const high = readVersion(verb, modPath, args[3], check);
  if ('error' in high) return high;
  if (args.length < 5 || args[4].text !== ']') return { error: "expected ']' after version" };
  return { value: { low: low.value, high: high.value, versionTokens: [args[1], args[3]], used: 5 } };
}
