// The .vsix that `npm run package` builds (npm run test:e2e builds it first): small, and holding only what runs.
// Its entries are read from the zip's central directory, parsed here (no unzip tool, no zlib).
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { PROJECT_ROOT, VSIX } from './processes';

const MAX_BYTES = 1_000_000;

interface ZipEntry {
  name: string;
  compressedSize: number;
  size: number;
}

/** Entries of a zip file from its central directory (no zip64: a .vsix of this size never needs it). */
function zipEntries(zip: Buffer): ZipEntry[] {
  // End of central directory: 22 bytes plus a comment of at most 65535 bytes, at the very end.
  let eocd = -1;
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 22 - 0xffff); i--) {
    if (zip.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  assert.ok(eocd >= 0, 'no end-of-central-directory record: not a zip file');
  const count = zip.readUInt16LE(eocd + 10);
  const size = zip.readUInt32LE(eocd + 12);
  const offset = zip.readUInt32LE(eocd + 16);
  assert.ok(count !== 0xffff && offset !== 0xffffffff, 'zip64 archive: unexpected for a .vsix this small');
  assert.ok(offset + size <= eocd, 'central directory overlaps its end record');
  const entries: ZipEntry[] = [];
  let p = offset;
  for (let n = 0; n < count; n++) {
    assert.equal(zip.readUInt32LE(p), 0x02014b50, `central directory entry ${n} has a bad signature`);
    const nameLength = zip.readUInt16LE(p + 28);
    const extraLength = zip.readUInt16LE(p + 30);
    const commentLength = zip.readUInt16LE(p + 32);
    // Bit 11: UTF-8 names; otherwise CP437, which is ASCII for the names we expect.
    const name = zip.toString((zip.readUInt16LE(p + 8) & 0x0800) !== 0 ? 'utf8' : 'latin1', p + 46, p + 46 + nameLength);
    entries.push({ name, compressedSize: zip.readUInt32LE(p + 20), size: zip.readUInt32LE(p + 24) });
    p += 46 + nameLength + extraLength + commentLength;
  }
  assert.equal(p, offset + size, 'central directory size does not match its entries');
  return entries;
}

test('package: the .vsix is at most 1 MB and contains exactly what runs', () => {
  assert.ok(existsSync(VSIX), `${VSIX} is missing: run \`npm run package\` (npm run test:e2e does it first)`);
  const bytes = statSync(VSIX).size;
  assert.ok(bytes <= MAX_BYTES, `${VSIX} is ${bytes} bytes, more than ${MAX_BYTES}`);

  const entries = zipEntries(readFileSync(VSIX));
  const names = entries.map((e) => e.name).filter((n) => !n.endsWith('/'));
  assert.equal(new Set(names).size, names.length, `duplicate entries: ${JSON.stringify(names)}`);

  const pkg = JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')) as {
    main: string;
    icon?: string;
    bin?: Record<string, string>;
    l10n?: string;
    contributes: { grammars?: Array<{ path: string }> };
  };
  const inExtension = (rel: string) => `extension/${rel.replace(/^\.\//, '')}`;
  const grammars = (pkg.contributes.grammars ?? []).map((g) => inExtension(g.path));
  const l10nDir = pkg.l10n ? join(PROJECT_ROOT, pkg.l10n) : undefined;
  const bundles =
    l10nDir && existsSync(l10nDir)
      ? readdirSync(l10nDir)
          // VS Code reads bundle.l10n.<locale>.json; the docs locale files are bundled into dist/ and stay out.
          .filter((f) => /^bundle\.l10n\.[a-z-]+\.json$/.test(f))
          .map((f) => inExtension(`${pkg.l10n}/${f}`))
      : [];

  const required = [
    '[Content_Types].xml',
    'extension.vsixmanifest',
    'extension/package.json',
    'extension/package.nls.json',
    'extension/package.nls.zh-cn.json',
    'extension/dist/client.js',
    'extension/dist/server.js',
    'extension/dist/server-main.js',
    'extension/dist/cli.js',
    // The HCL parser the server and the CLI load for docker-bake.hcl: its runtime and grammar.
    'extension/dist/web-tree-sitter.wasm',
    'extension/dist/tree-sitter-hcl.wasm',
    inExtension(pkg.main),
    ...Object.values(pkg.bin ?? {}).map(inExtension),
    ...grammars,
    ...bundles,
    // The Marketplace icon, only when package.json declares one (.vscodeignore lets icon.png through).
    ...(pkg.icon ? [inExtension(pkg.icon)] : []),
  ];
  for (const r of required) assert.ok(names.includes(r), `${r} missing from the .vsix: ${JSON.stringify(names)}`);
  assert.equal(names.filter((n) => /^extension\/readme(\.md)?$/i.test(n)).length, 1, `one README: ${JSON.stringify(names)}`);
  assert.equal(names.filter((n) => /^extension\/license(\.txt|\.md)?$/i.test(n)).length, 1, `one LICENSE: ${JSON.stringify(names)}`);

  // Everything else is something that does not run: say which, and why it matters.
  const allowed = [
    /^\[Content_Types\]\.xml$/,
    /^extension\.vsixmanifest$/,
    /^extension\/package(\.nls(\.[a-z-]+)?)?\.json$/,
    /^extension\/dist\/(client|server|server-main|cli)\.js$/,
    /^extension\/dist\/(web-tree-sitter|tree-sitter-hcl)\.wasm$/,
    /^extension\/syntaxes\/[^/]+\.json$/,
    /^extension\/l10n\/bundle\.l10n\.[a-z-]+\.json$/,
    /^extension\/readme(\.md)?$/i,
    /^extension\/license(\.txt|\.md)?$/i,
  ];
  const unexpected = names.filter((n) => !allowed.some((re) => re.test(n)) && !(pkg.icon && n === inExtension(pkg.icon)));
  assert.deepEqual(unexpected, [], 'files that do not run are packaged');
  const forbidden = names.filter((n) => /\.map$|\.tsx?$|(^|\/)node_modules\/|(^|\/)test\/|\.test\.|(^|\/)src\//.test(n));
  assert.deepEqual(forbidden, [], 'source maps, sources, tests or node_modules are packaged');
  // Each syntax and l10n file is one the extension uses.
  assert.deepEqual(names.filter((n) => n.startsWith('extension/syntaxes/')).sort(), [...grammars].sort(), 'syntaxes/ holds exactly the contributed grammars');
  assert.deepEqual(names.filter((n) => n.startsWith('extension/l10n/')).sort(), [...bundles].sort(), 'l10n/ holds exactly the project bundles');

  // The bundles are real (not stubs); entries are compressed, so the size check above is not the whole story.
  const sizeOf = (n: string) => entries.find((e) => e.name === n)!.size;
  for (const f of ['client', 'server-main', 'cli'])
    assert.ok(sizeOf(`extension/dist/${f}.js`) > 10_000, `dist/${f}.js is only ${sizeOf(`extension/dist/${f}.js`)} bytes`);
  // dist/server.js is the code-cache loader of dist/server-main.js: small, and not a second copy of the server.
  const loader = sizeOf('extension/dist/server.js');
  assert.ok(loader > 1_000 && loader < 50_000, `dist/server.js (the loader) is ${loader} bytes`);
});
