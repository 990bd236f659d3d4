// The code cache files of the start-up loader (host/codeCacheLoader.ts): where they live, whether they may be
// trusted, and how they are read and written. A code cache is executable code: it is only read from, and written
// to, a directory and file owned by this user and writable by nobody else. A file is MAGIC, crc32(payload),
// payload: V8 checks versions and flags, but not the integrity of the payload. CRC-32 (zlib's) rather than a
// cryptographic hash: it guards against corruption, not an attacker (the ownership checks do that), and loading
// node:crypto took about 1.5 ms of every start.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as zlib from 'node:zlib';

const MAGIC = Buffer.from('GPDCODE2', 'latin1');
/** Part of the cache key: a new layout never reads an old file. */
export const CACHE_FORMAT = MAGIC.toString('latin1');
const HEADER_BYTES = MAGIC.length + 4;
const MAX_CACHE_BYTES = 64 * 1024 * 1024;
/** Cache files kept in the directory (other runtimes or versions of the extension share it). */
const MAX_CACHE_FILES = 4;
const CACHE_NAME = /^server-[0-9a-f]{32}\.cache$/;
const TEMP_NAME = /^\.server-[0-9a-f]{32}\.cache\.\d+\.[0-9a-f]{8}\.tmp$/;

/** zlib's CRC-32, which Node has since 20.15 and 22.2; without it there is no code cache. */
const crc32 = (zlib as { crc32?: (data: string | Uint8Array, value?: number) => number }).crc32;
export const CHECKSUMS_AVAILABLE = typeof crc32 === 'function';

const hex8 = (n: number): string => (n >>> 0).toString(16).padStart(8, '0');

/**
 * The cache file's key (32 hex digits): the runtime's description, the bundle's CRC-32 and its length. V8 itself
 * checks the source's length only, so the key must change with the bundle's content.
 */
export function cacheKey(runtime: string, bundle: Uint8Array): string {
  return hex8(crc32!(runtime)) + hex8(crc32!(bundle)) + bundle.length.toString(16).padStart(16, '0');
}

export function errorCode(err: unknown): string {
  return (err as NodeJS.ErrnoException)?.code ?? (err as Error)?.message ?? String(err);
}

export function cacheDirectory(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.GO_PROXY_DOCTOR_CACHE_DIR) return path.resolve(env.GO_PROXY_DOCTOR_CACHE_DIR);
  const xdg = env.XDG_CACHE_HOME;
  if (xdg && path.isAbsolute(xdg)) return path.join(xdg, 'go-proxy-doctor');
  try {
    const home = os.homedir();
    return home ? path.join(home, '.cache', 'go-proxy-doctor') : undefined;
  } catch {
    return undefined;
  }
}

/** Why `st` must not be trusted with executable code; undefined when it is ours and only we can write it. */
function unsafeReason(st: fs.Stats, what: string): string | undefined {
  const uid = process.getuid?.();
  if (process.platform === 'win32' || uid === undefined) return undefined;
  if (st.uid !== uid) return `${what} owned by uid ${st.uid}`;
  if (st.mode & 0o022) return `${what} writable by group or others (mode ${(st.mode & 0o777).toString(8)})`;
  return undefined;
}

/** The directory's state: usable, not there yet, or not to be used. */
export function checkDirectory(dir: string): { ok: true } | { ok: false; status: 'absent' | 'unsafe'; reason?: string } {
  let st: fs.Stats;
  try {
    st = fs.statSync(dir);
  } catch (err) {
    const code = errorCode(err);
    return { ok: false, status: 'absent', reason: code === 'ENOENT' ? undefined : `directory: ${code}` };
  }
  if (!st.isDirectory()) return { ok: false, status: 'unsafe', reason: 'not a directory' };
  const why = unsafeReason(st, 'directory');
  return why ? { ok: false, status: 'unsafe', reason: why } : { ok: true };
}

type ReadResult = { data: Buffer } | { status: 'absent' | 'rejected' | 'unsafe'; reason?: string };

export function readCache(file: string): ReadResult {
  let fd: number;
  try {
    // No symlinks; O_NONBLOCK so that a FIFO cannot hang the start (fstat then refuses it).
    fd = fs.openSync(file, fs.constants.O_RDONLY | (fs.constants.O_NOFOLLOW ?? 0) | (fs.constants.O_NONBLOCK ?? 0));
  } catch (err) {
    const code = errorCode(err);
    if (code === 'ENOENT') return { status: 'absent' };
    if (code === 'ELOOP') return { status: 'unsafe', reason: 'file is a symbolic link' };
    return { status: 'absent', reason: `unreadable: ${code}` };
  }
  try {
    const st = fs.fstatSync(fd);
    if (!st.isFile()) return { status: 'unsafe', reason: 'not a regular file' };
    const why = unsafeReason(st, 'file');
    if (why) return { status: 'unsafe', reason: why };
    if (st.size > MAX_CACHE_BYTES) return { status: 'rejected', reason: 'too large' };
    const buf = fs.readFileSync(fd);
    if (buf.length <= HEADER_BYTES || !buf.subarray(0, MAGIC.length).equals(MAGIC)) return { status: 'rejected', reason: 'not a cache file' };
    const data = buf.subarray(HEADER_BYTES);
    if (crc32!(data) !== buf.readUInt32BE(MAGIC.length)) return { status: 'rejected', reason: 'checksum mismatch' };
    return { data };
  } catch (err) {
    return { status: 'absent', reason: `unreadable: ${errorCode(err)}` };
  } finally {
    fs.closeSync(fd);
  }
}

/** Writes `data` to `file` atomically (a 0600 temporary file renamed over it), in a 0700 directory. */
export function writeCache(dir: string, file: string, data: Buffer): void {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const check = checkDirectory(dir);
  if (!check.ok) throw new Error(check.reason ?? check.status);
  // Unique enough: the file is created exclusively ('wx'), and a clash only skips this write.
  const temp = path.join(dir, `.${path.basename(file)}.${process.pid}.${hex8(Math.random() * 0x1_0000_0000)}.tmp`);
  const fd = fs.openSync(temp, 'wx', 0o600);
  try {
    try {
      fs.fchmodSync(fd, 0o600);
      const sum = Buffer.alloc(4);
      sum.writeUInt32BE(crc32!(data));
      fs.writeFileSync(fd, Buffer.concat([MAGIC, sum, data]));
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(temp, file);
  } catch (err) {
    try {
      fs.unlinkSync(temp);
    } catch {
      /* gone already */
    }
    throw err;
  }
  prune(dir, path.basename(file));
}

/** Keeps the newest few cache files and drops temporary files left by a crash. */
function prune(dir: string, keep: string): void {
  try {
    const now = Date.now();
    const caches: { file: string; mtime: number }[] = [];
    for (const name of fs.readdirSync(dir)) {
      const file = path.join(dir, name);
      try {
        if (CACHE_NAME.test(name) && name !== keep) caches.push({ file, mtime: fs.lstatSync(file).mtimeMs });
        else if (TEMP_NAME.test(name) && now - fs.lstatSync(file).mtimeMs > 3_600_000) fs.unlinkSync(file);
      } catch {
        /* raced with another server */
      }
    }
    caches.sort((a, b) => b.mtime - a.mtime);
    for (const c of caches.slice(MAX_CACHE_FILES - 1)) {
      try {
        fs.unlinkSync(c.file);
      } catch {
        /* raced with another server */
      }
    }
  } catch {
    /* best effort */
  }
}
