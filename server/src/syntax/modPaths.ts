// Module path rules (golang.org/x/mod/module): which paths are well-formed, the /vN major-version suffix,
// and whether a version fits it. Error texts are the go command's.
import { goQuote, goQuoteRune } from '../core/goStrings';
import { semverMajor, canonicalModuleVersion } from './modVersions';

type PathKind = 'module' | 'import';

const BAD_WINDOWS_NAMES = new Set(['CON', 'PRN', 'AUX', 'NUL', ...[1, 2, 3, 4, 5, 6, 7, 8, 9].flatMap((n) => [`COM${n}`, `LPT${n}`])]);

// Characters allowed in path elements, by kind: ASCII letters and digits, - . _ ~ (and + in import paths).
const MODULE_PATH_CHARS = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const ch = String.fromCharCode(c);
  if (/[A-Za-z0-9._~-]/.test(ch)) MODULE_PATH_CHARS[c] = 1;
}

function pathCharOK(c: number, kind: PathKind): boolean {
  return c < 128 && (MODULE_PATH_CHARS[c] === 1 || (kind === 'import' && c === 0x2b));
}

/** module's checkElem, for path.slice(start, end). */
function checkElem(path: string, start: number, end: number, kind: PathKind): string | undefined {
  if (start === end) return 'empty path element';
  let dots = 0;
  let tilde = -1;
  let firstDot = -1;
  for (let i = start; i < end; i++) {
    const c = path.charCodeAt(i);
    if (c === 0x2e) {
      dots++;
      if (firstDot < 0) firstDot = i;
    } else if (c === 0x7e && firstDot < 0) tilde = i;
  }
  if (dots === end - start) return `invalid path element ${goQuote(path.slice(start, end))}`;
  if (path.charCodeAt(start) === 0x2e && kind === 'module') return 'leading dot in path element';
  if (path.charCodeAt(end - 1) === 0x2e) return 'trailing dot in path element';
  for (let i = start; i < end; i++) {
    const c = path.charCodeAt(i);
    if (!pathCharOK(c, kind)) return `invalid char ${goQuoteRune(path.codePointAt(i)!)}`;
  }
  // The part before the first dot may not be a Windows device name, nor end in ~digits (a short file name).
  const shortEnd = firstDot < 0 ? end : firstDot;
  const short = path.slice(start, shortEnd);
  if ((short.length === 3 || short.length === 4) && BAD_WINDOWS_NAMES.has(short.toUpperCase()))
    return `${goQuote(short)} disallowed as path element component on Windows`;
  if (tilde >= 0 && tilde < shortEnd - 1 && /^[0-9]+$/.test(path.slice(tilde + 1, shortEnd))) return 'trailing tilde and digits in path element';
  return undefined;
}

function checkPathSyntax(path: string, kind: PathKind): string | undefined {
  if (/[\ud800-\udfff]/u.test(path)) return 'invalid UTF-8'; // lone surrogates stand for invalid bytes
  if (path === '') return 'empty string';
  if (path[0] === '-') return 'leading dash';
  if (path.includes('//')) return 'double slash';
  if (path.endsWith('/')) return 'trailing slash';
  let start = 0;
  for (let i = 0; i <= path.length; i++) {
    if (i < path.length && path.charCodeAt(i) !== 0x2f) continue;
    const err = checkElem(path, start, i, kind);
    if (err) return err;
    start = i + 1;
  }
  return undefined;
}

// Paths that certainly pass module.CheckPath (as most do) are recognised at once: a lower-case host with a
// dot, then elements of letters, digits, - and _ joined by single dots, none a Windows device name.
const anyCase = (w: string) => w.replace(/[a-z]/g, (c) => `[${c}${c.toUpperCase()}]`);
const NOT_DEVICE = `(?!(?:${['con', 'prn', 'aux', 'nul', 'com[1-9]', 'lpt[1-9]'].map((w) => anyCase(w.replace(/\[1-9\]/, '')) + (w.includes('[') ? '[1-9]' : '')).join('|')})(?:[./]|$))`;
const PLAIN_MODULE_PATH = new RegExp(`^(?!-)${NOT_DEVICE}[a-z0-9-]+(?:\\.[a-z0-9-]+)+(?:/${NOT_DEVICE}[A-Za-z0-9_-]+(?:\\.[A-Za-z0-9_-]+)*)*$`);

/** module.CheckPath: the rules for a module path that can be downloaded. The full message, or undefined. */
export function checkModulePath(path: string): string | undefined {
  if (PLAIN_MODULE_PATH.test(path) && splitPathVersion(path).ok) return undefined;
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
    if (!(c === '-' || c === '.' || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z')))
      return `invalid char ${goQuoteRune(c.codePointAt(0)!)} in first path element`;
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
  return p === '.' || p === '..' || /^\.\.?[/\\]/.test(p) || p.startsWith('/') || p.startsWith('\\') || /^[A-Za-z]:/.test(p);
}
