// Module path rules (golang.org/x/mod/module): which paths are well-formed, the /vN major-version suffix,
// and whether a version fits it. Error texts are the go command's.
import { goQuote, goQuoteRune } from './goStrings';
import { semverMajor, canonicalModuleVersion } from './modVersions';

type PathKind = 'module' | 'import';

const BAD_WINDOWS_NAMES = new Set(['CON', 'PRN', 'AUX', 'NUL', ...[1, 2, 3, 4, 5, 6, 7, 8, 9].flatMap((n) => [`COM${n}`, `LPT${n}`])]);

function isAsciiAlnum(c: string): boolean {
  return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

function pathCharOK(c: string, kind: PathKind): boolean {
  return isAsciiAlnum(c) || c === '-' || c === '.' || c === '_' || c === '~' || (kind === 'import' && c === '+');
}

function checkElem(elem: string, kind: PathKind): string | undefined {
  if (elem === '') return 'empty path element';
  if (/^\.+$/.test(elem)) return `invalid path element ${goQuote(elem)}`;
  if (elem[0] === '.' && kind === 'module') return 'leading dot in path element';
  if (elem.endsWith('.')) return 'trailing dot in path element';
  for (const c of elem) if (!pathCharOK(c, kind)) return `invalid char ${goQuoteRune(c.codePointAt(0)!)}`;
  const dot = elem.indexOf('.');
  const short = dot < 0 ? elem : elem.slice(0, dot);
  if (BAD_WINDOWS_NAMES.has(short.toUpperCase())) return `${goQuote(short)} disallowed as path element component on Windows`;
  const tilde = short.lastIndexOf('~');
  if (tilde >= 0 && tilde < short.length - 1 && /^[0-9]+$/.test(short.slice(tilde + 1))) return 'trailing tilde and digits in path element';
  return undefined;
}

function checkPathSyntax(path: string, kind: PathKind): string | undefined {
  if (/[\ud800-\udfff]/u.test(path)) return 'invalid UTF-8'; // lone surrogates: what invalid bytes would be
  if (path === '') return 'empty string';
  if (path[0] === '-') return 'leading dash';
  if (path.includes('//')) return 'double slash';
  if (path.endsWith('/')) return 'trailing slash';
  for (const elem of path.split('/')) {
    const err = checkElem(elem, kind);
    if (err) return err;
  }
  return undefined;
}

/** module.CheckPath: the rules for a module path that can be downloaded. The full message, or undefined. */
export function checkModulePath(path: string): string | undefined {
  const reason = modulePathProblem(path);
  return reason === undefined ? undefined : `malformed module path ${goQuote(path)}: ${reason}`;
}

function modulePathProblem(path: string): string | undefined {
  const err = checkPathSyntax(path, 'module');
  if (err) return err;
  const slash = path.indexOf('/');
  const first = slash < 0 ? path : path.slice(0, slash);
  if (first === '') return 'leading slash';
  if (!first.includes('.')) return 'missing dot in first path element';
  if (path[0] === '-') return 'leading dash in first path element';
  for (const c of first) {
    if (!(c === '-' || c === '.' || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z'))) return `invalid char ${goQuoteRune(c.codePointAt(0)!)} in first path element`;
  }
  if (!splitPathVersion(path).ok) return 'invalid version';
  return undefined;
}

/**
 * module.CheckImportPath, worded as the go command words it for the main module's path (label 'module')
 * and for `tool` paths (label 'tool').
 */
export function checkImportPath(path: string, label: 'module' | 'tool'): string | undefined {
  const err = checkPathSyntax(path, 'import');
  return err === undefined ? undefined : `malformed ${label} path ${goQuote(path)}: ${err}`;
}

export interface SplitPath {
  prefix: string;
  /** '/v2', '.v1' (gopkg.in), or '' for v0/v1 paths. */
  pathMajor: string;
  /** False for paths like example.com/x/v1 or example.com/x/v0 that no version can match. */
  ok: boolean;
}

/** module.SplitPathVersion. */
export function splitPathVersion(path: string): SplitPath {
  if (path.startsWith('gopkg.in/')) return splitGopkgIn(path);
  let i = path.length;
  let dot = false;
  while (i > 0 && ((path[i - 1] >= '0' && path[i - 1] <= '9') || path[i - 1] === '.')) {
    if (path[i - 1] === '.') dot = true;
    i--;
  }
  if (i <= 1 || i === path.length || path[i - 1] !== 'v' || path[i - 2] !== '/') return { prefix: path, pathMajor: '', ok: true };
  const prefix = path.slice(0, i - 2);
  const pathMajor = path.slice(i - 2);
  if (dot || pathMajor.length <= 2 || pathMajor[2] === '0' || pathMajor === '/v1') return { prefix: path, pathMajor: '', ok: false };
  return { prefix, pathMajor, ok: true };
}

function splitGopkgIn(path: string): SplitPath {
  let i = path.length;
  if (path.endsWith('-unstable')) i -= '-unstable'.length;
  while (i > 0 && path[i - 1] >= '0' && path[i - 1] <= '9') i--;
  if (i <= 1 || path[i - 1] !== 'v' || path[i - 2] !== '.') return { prefix: path, pathMajor: '', ok: false };
  const prefix = path.slice(0, i - 2);
  const pathMajor = path.slice(i - 2);
  if (pathMajor.length <= 2 || (pathMajor[2] === '0' && pathMajor !== '.v0')) return { prefix: path, pathMajor: '', ok: false };
  return { prefix, pathMajor, ok: true };
}

/** module.CheckPathMajor: `version "v2.0.0" invalid: should be v0 or v1, not v2`, or undefined when v fits. */
export function checkPathMajor(v: string, pathMajor: string): string | undefined {
  let want = pathMajor.startsWith('.v') && pathMajor.endsWith('-unstable') ? pathMajor.slice(0, -'-unstable'.length) : pathMajor;
  if (v.startsWith('v0.0.0-') && want === '.v1') return undefined;
  const major = semverMajor(v);
  if (want === '') {
    if (major === 'v0' || major === 'v1' || (canonicalModuleVersion(v) !== '' && v.endsWith('+incompatible'))) return undefined;
    want = 'v0 or v1';
  } else if (want[0] === '/' || want[0] === '.') {
    if (major === want.slice(1)) return undefined;
    want = want.slice(1);
  }
  return `version ${goQuote(v)} invalid: should be ${want}, not ${major}`;
}

/** modfile.IsDirectoryPath: a replacement that names a directory rather than a module. */
export function isDirectoryPath(p: string): boolean {
  return (
    p === '.' ||
    p === '..' ||
    /^\.\.?[/\\]/.test(p) ||
    p.startsWith('/') ||
    p.startsWith('\\') ||
    /^[A-Za-z]:/.test(p)
  );
}
