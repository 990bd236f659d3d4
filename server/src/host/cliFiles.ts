// Finding and reading the CLI's input files. Paths are Buffers from the named roots down, so a file name that is not
// UTF-8 is still found and read; whatever cannot be read is returned as an Unreadable, never skipped in silence.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { DocumentKind } from '../core/request';
import type { Localized } from '../core/localize';
import { documentKind } from './fileKinds';
import { SKIPPED_FOLDERS } from './skippedFolders';
import { NO_THROW_IF_MISSING } from './dependencyFiles';

/** The largest file the CLI reads (the same limit as dependencies the analysis reads). */
export const MAX_FILE_BYTES = 8 * 1024 * 1024;
/** Folders deeper than this below a named folder are reported as skipped (a bound on pathological trees). */
export const MAX_DEPTH = 32;

export type Reason = 'missing' | 'loop' | 'brokenLink' | 'denied' | 'notDir' | 'isDir' | 'notRegular' | 'tooLarge' | 'tooDeep' | 'other';

export const REASONS: Record<Reason, Localized<[string]>> = {
  missing: { en: () => 'no such file or directory', 'zh-cn': () => '文件或目录不存在' },
  loop: { en: () => 'symlink loop', 'zh-cn': () => '符号链接循环' },
  brokenLink: { en: () => 'broken symlink (its target does not exist)', 'zh-cn': () => '符号链接已失效（目标不存在）' },
  denied: { en: () => 'permission denied', 'zh-cn': () => '权限不足' },
  notDir: { en: () => 'a folder in the path is a file', 'zh-cn': () => '路径中的某一级文件夹实际是文件' },
  isDir: { en: () => 'is a folder, not a file', 'zh-cn': () => '是文件夹而不是文件' },
  notRegular: { en: () => 'not a regular file (FIFO, device or socket)', 'zh-cn': () => '不是普通文件（FIFO、设备或套接字）' },
  tooLarge: { en: () => 'larger than 8 MiB', 'zh-cn': () => '超过 8 MiB' },
  tooDeep: { en: () => `more than ${MAX_DEPTH} folders deep, not scanned`, 'zh-cn': () => `文件夹层级超过 ${MAX_DEPTH} 层，未扫描` },
  other: { en: (code) => `error ${code}`, 'zh-cn': (code) => `错误 ${code}` },
};

/** A path as the CLI knows it: the real bytes, how it is shown, and the lossy string the analysis and URIs use. */
export interface Entry {
  real: Buffer;
  /** Relative to the working directory, `/` separators, bytes that are not UTF-8 as `\xNN`. */
  shown: string;
  /** `shown` percent-encoded from the real bytes (SARIF artifact URIs). */
  uri: string;
  /** Absolute path as a string (bytes that are not UTF-8 become U+FFFD; only for URIs and related-file lookups). */
  lossy: string;
}

export interface Target extends Entry {
  kind: DocumentKind;
}

export interface Unreadable {
  shown: string;
  reason: Reason;
  /** The errno code for `other`. */
  code?: string;
}

export interface Collected {
  files: Target[];
  unreadable: Unreadable[];
  /** Folders the analysis may look in for related files (named folders, or the folder of a named file). */
  roots: string[];
}

function validUtf8Length(b: Buffer, i: number): number {
  const c = b[i];
  const cont = (j: number, lo = 0x80, hi = 0xbf) => j < b.length && b[j] >= lo && b[j] <= hi;
  if (c < 0x80) return 1;
  if (c >= 0xc2 && c <= 0xdf) return cont(i + 1) ? 2 : 0;
  if (c >= 0xe0 && c <= 0xef) {
    const [lo, hi] = c === 0xe0 ? [0xa0, 0xbf] : c === 0xed ? [0x80, 0x9f] : [0x80, 0xbf];
    return cont(i + 1, lo, hi) && cont(i + 2) ? 3 : 0;
  }
  if (c >= 0xf0 && c <= 0xf4) {
    const [lo, hi] = c === 0xf0 ? [0x90, 0xbf] : c === 0xf4 ? [0x80, 0x8f] : [0x80, 0xbf];
    return cont(i + 1, lo, hi) && cont(i + 2) && cont(i + 3) ? 4 : 0;
  }
  return 0;
}

/** A file name's bytes as text: UTF-8 where valid, `\xNN` for each byte that is not. */
export function showBytes(b: Buffer): string {
  let out = '';
  for (let i = 0; i < b.length;) {
    const n = validUtf8Length(b, i);
    out += n ? b.toString('utf8', i, i + n) : `\\x${b[i].toString(16).padStart(2, '0')}`;
    i += n || 1;
  }
  return out;
}

const UNRESERVED = /[A-Za-z0-9\-_.!~*'()]/;
function uriBytes(b: Buffer): string {
  return [...b].map((c) => (UNRESERVED.test(String.fromCharCode(c)) ? String.fromCharCode(c) : `%${c.toString(16).toUpperCase().padStart(2, '0')}`)).join('');
}

function child(dir: Entry, name: Buffer): Entry {
  const join = (a: string, b: string) => (a ? `${a}/${b}` : b);
  return {
    real: Buffer.concat([dir.real, Buffer.from(path.sep), name]),
    shown: join(dir.shown, showBytes(name)),
    uri: join(dir.uri, uriBytes(name)),
    lossy: path.join(dir.lossy, name.toString('utf8')),
  };
}

function root(abs: string, cwd: string): Entry {
  const rel = path.relative(cwd, abs).split(path.sep).join('/');
  return { real: Buffer.from(abs), shown: rel, uri: rel.split('/').map(encodeURIComponent).join('/'), lossy: abs };
}

export function reasonOf(err: unknown, p?: Buffer | string): Pick<Unreadable, 'reason' | 'code'> {
  const code = (err as NodeJS.ErrnoException).code ?? 'UNKNOWN';
  switch (code) {
    case 'ENOENT':
      // lstat succeeds only if the name exists: then it is a symlink whose target does not.
      try {
        if (p !== undefined && fs.lstatSync(p).isSymbolicLink()) return { reason: 'brokenLink' };
      } catch {}
      return { reason: 'missing' };
    case 'ELOOP':
      return { reason: 'loop' };
    case 'EACCES':
    case 'EPERM':
      return { reason: 'denied' };
    case 'ENOTDIR':
      return { reason: 'notDir' };
    case 'EISDIR':
      return { reason: 'isDir' };
    case 'ENXIO': // opening a socket
      return { reason: 'notRegular' };
  }
  return { reason: 'other', code };
}

/** Collects the files under the named paths (a named file is taken whatever its name), in a stable order. */
export function collect(args: string[], cwd: string): Collected {
  const out: Collected = { files: [], unreadable: [], roots: [] };
  const seen = new Set<string>();
  const add = (e: Entry, kind: DocumentKind) => {
    const key = e.real.toString('latin1');
    if (!seen.has(key)) (seen.add(key), out.files.push({ ...e, kind }));
  };
  const walk = (dir: Entry, depth: number) => {
    let entries: fs.Dirent<Buffer>[];
    try {
      entries = fs.readdirSync(dir.real, { withFileTypes: true, encoding: 'buffer' });
    } catch (err) {
      out.unreadable.push({ shown: `${dir.shown || '.'}/`, ...reasonOf(err, dir.real) });
      return;
    }
    const named = entries.map((d) => ({ d, name: d.name.toString('utf8') }));
    named.sort((a, b) => a.name.localeCompare(b.name) || Buffer.compare(a.d.name, b.d.name));
    for (const { d, name } of named) {
      const e = child(dir, d.name);
      if (d.isDirectory()) {
        if (SKIPPED_FOLDERS.has(name)) continue;
        if (depth + 1 > MAX_DEPTH) out.unreadable.push({ shown: `${e.shown}/`, reason: 'tooDeep' });
        else walk(e, depth + 1);
        continue;
      }
      // Symlinks to folders are not followed (no cycles, no leaving the tree); symlinks to files are.
      if (d.isSymbolicLink() && isFollowedDirectory(e.real)) continue;
      // Anything else with a Dockerfile or go.mod name: readRegular() reports it if it is not a readable file.
      const kind = documentKind(name);
      if (kind) add(e, kind);
    }
  };
  for (const arg of args) {
    const abs = path.resolve(cwd, arg);
    const e = root(abs, cwd);
    let st: fs.Stats;
    try {
      st = fs.statSync(abs);
    } catch (err) {
      out.unreadable.push({ shown: e.shown || arg, ...reasonOf(err, abs) });
      continue;
    }
    out.roots.push(st.isDirectory() ? abs : path.dirname(abs));
    if (st.isDirectory()) walk(e, 0);
    else add({ ...e, shown: e.shown || path.basename(abs) }, documentKind(abs) ?? 'dockerfile');
  }
  return out;
}

function isFollowedDirectory(p: Buffer): boolean {
  try {
    return fs.statSync(p, NO_THROW_IF_MISSING)?.isDirectory() ?? false;
  } catch {
    return false;
  }
}

/**
 * The text of a regular file of at most MAX_FILE_BYTES. stat first, so a FIFO or device is not even opened (opening
 * some devices has effects); then O_NONBLOCK and fstat on the descriptor, in case the path was swapped in between.
 */
export function readRegular(p: Buffer | string): { text: string } | Pick<Unreadable, 'reason' | 'code'> {
  let fd: number;
  try {
    const st = fs.statSync(p);
    if (st.isDirectory()) return { reason: 'isDir' };
    if (!st.isFile()) return { reason: 'notRegular' };
    fd = fs.openSync(p, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0) | (fs.constants.O_NOCTTY ?? 0));
  } catch (err) {
    return reasonOf(err, p);
  }
  try {
    const st = fs.fstatSync(fd);
    if (st.isDirectory()) return { reason: 'isDir' };
    if (!st.isFile()) return { reason: 'notRegular' };
    if (st.size > MAX_FILE_BYTES) return { reason: 'tooLarge' };
    // Read to the end, not to st.size: the file may have grown since fstat.
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.allocUnsafe(Math.min(Math.max(st.size + 1, 4096), 1 << 20));
      const n = fs.readSync(fd, chunk, 0, chunk.length, null);
      if (n === 0) break;
      chunks.push(chunk.subarray(0, n));
      if ((total += n) > MAX_FILE_BYTES) return { reason: 'tooLarge' };
    }
    return { text: Buffer.concat(chunks, total).toString('utf8') };
  } catch (err) {
    return reasonOf(err, p);
  } finally {
    fs.closeSync(fd);
  }
}

/** Standard input as text ('' when it cannot be read, e.g. closed). */
export function readStdin(): string {
  try {
    return fs.readFileSync(0, 'utf8');
  } catch {
    return '';
  }
}

/** Whether the path is a regular file (following symbolic links). */
export function isRegularFile(p: string): boolean {
  try {
    return fs.statSync(p, NO_THROW_IF_MISSING)?.isFile() ?? false;
  } catch {
    return false;
  }
}
