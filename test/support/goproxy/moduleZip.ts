// Real Go module zips built in memory, and go.sum hashes computed the way Go's dirhash.Hash1 does,
// so a loopback proxy can serve modules the real go command accepts and verifies.
import { createHash } from 'node:crypto';
import { crc32, deflateRawSync } from 'node:zlib';

export interface ZipEntry {
  name: string;
  data: Buffer;
}

export interface ZipOptions {
  /** Deflate entries (method 8) instead of storing them (method 0). */
  deflate?: boolean;
}

/** A fixed timestamp keeps zips byte-identical between runs. */
const DOS_TIME = (12 << 11) | (0 << 5); // 12:00:00
const DOS_DATE = ((2024 - 1980) << 9) | (1 << 5) | 1; // 2024-01-01

/** A minimal ZIP writer: local headers, data, central directory, end record. No zip64, no extras. */
export function buildZip(entries: readonly ZipEntry[], options: ZipOptions = {}): Buffer {
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name, 'utf8');
    const crc = crc32(entry.data);
    const method = options.deflate ? 8 : 0;
    const body = options.deflate ? deflateRawSync(entry.data) : entry.data;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4); // version needed to extract
    local.writeUInt16LE(0x0800, 6); // flags: names are UTF-8
    local.writeUInt16LE(method, 8);
    local.writeUInt16LE(DOS_TIME, 10);
    local.writeUInt16LE(DOS_DATE, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(entry.data.length, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28); // extra length
    const dir = Buffer.alloc(46);
    dir.writeUInt32LE(0x02014b50, 0);
    dir.writeUInt16LE(20, 4); // version made by
    dir.writeUInt16LE(20, 6);
    dir.writeUInt16LE(0x0800, 8);
    dir.writeUInt16LE(method, 10);
    dir.writeUInt16LE(DOS_TIME, 12);
    dir.writeUInt16LE(DOS_DATE, 14);
    dir.writeUInt32LE(crc, 16);
    dir.writeUInt32LE(body.length, 20);
    dir.writeUInt32LE(entry.data.length, 24);
    dir.writeUInt16LE(name.length, 28);
    // extra, comment, disk number, internal attributes, external attributes: all zero
    dir.writeUInt32LE(offset, 42);
    parts.push(local, name, body);
    central.push(dir, name);
    offset += local.length + name.length + body.length;
  }
  const centralSize = central.reduce((n, b) => n + b.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(centralSize, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...parts, ...central, end]);
}

/** The files of one module version: paths relative to the module root. */
export interface ModuleFiles {
  path: string;
  version: string;
  files: Readonly<Record<string, string>>;
}

/** Entry names as the go command expects them inside a module zip: `module@version/file`. */
function zipEntries(mod: ModuleFiles): ZipEntry[] {
  return Object.keys(mod.files)
    .sort()
    .map((file) => ({ name: `${mod.path}@${mod.version}/${file}`, data: Buffer.from(mod.files[file]!, 'utf8') }));
}

export function moduleZip(mod: ModuleFiles, options: ZipOptions = {}): Buffer {
  return buildZip(zipEntries(mod), options);
}

const sha256 = (data: Buffer | string) => createHash('sha256').update(data).digest();

/** dirhash.Hash1: sha256 over the sorted lines "sha256hex  name\n", base64, prefixed with "h1:". */
export function hash1(files: readonly ZipEntry[]): string {
  const lines = [...files]
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)) // byte order, like Go's sort.Strings
    .map((f) => {
      if (f.name.includes('\n')) throw new Error(`dirhash: filenames with newlines are not supported: ${f.name}`);
      return `${sha256(f.data).toString('hex')}  ${f.name}\n`;
    });
  return 'h1:' + sha256(lines.join('')).toString('base64');
}

/** The zip hash: Hash1 over the zip's entry names (with the `module@version/` prefix). */
export function zipHash(mod: ModuleFiles): string {
  return hash1(zipEntries(mod));
}

/** The go.mod hash: Hash1 over a single file named "go.mod". */
export function goModHash(goMod: string): string {
  return hash1([{ name: 'go.mod', data: Buffer.from(goMod, 'utf8') }]);
}

/** The two go.sum lines of a module version, as `go mod download` writes them. */
export function goSumLines(mod: ModuleFiles): [string, string] {
  const goMod = mod.files['go.mod'];
  if (goMod === undefined) throw new Error(`${mod.path}@${mod.version} has no go.mod`);
  return [`${mod.path} ${mod.version} ${zipHash(mod)}`, `${mod.path} ${mod.version}/go.mod ${goModHash(goMod)}`];
}

/** Case-encoding of module paths and versions in proxy URLs: `A` → `!a` (proxy protocol). */
export function escapeModulePath(path: string): string {
  return path.replace(/[A-Z]/g, (c) => '!' + c.toLowerCase());
}

/** Inverse of escapeModulePath; undefined for an invalid encoding (an uppercase letter or a bad `!`). */
export function unescapeModulePath(escaped: string): string | undefined {
  if (/[A-Z]/.test(escaped)) return undefined;
  let out = '';
  for (let i = 0; i < escaped.length; i++) {
    const c = escaped[i]!;
    if (c !== '!') {
      out += c;
      continue;
    }
    const next = escaped[++i];
    if (next === undefined || !/[a-z]/.test(next)) return undefined;
    out += next.toUpperCase();
  }
  return out;
}
