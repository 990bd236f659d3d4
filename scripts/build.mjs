// Bundles the client, the language server and the CLI with esbuild. The server is two bundles: dist/server-main.js
// (the server) and dist/server.js, a small loader that compiles it with a V8 code cache
// (server/src/host/codeCacheLoader.ts). The HCL parser's WebAssembly (tree-sitter's runtime and its HCL grammar) is
// copied beside the bundles, where server/src/host/hclParserLoader.ts finds it.
//
// In the server bundle, node:crypto and node:child_process load when first used instead of at start: the server
// needs them only for rare work (a GOSUMDB verifier key, `go env`, a random pipe name), and loading them took about
// 2 ms of every start.
import * as esbuild from 'esbuild';
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, join } from 'node:path';

const require = createRequire(import.meta.url);
const production = process.argv.includes('--production');
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  legalComments: 'none',
};

const LAZY_BUILTINS = /^(node:)?(crypto|child_process)$/;

/** A module standing for a Node built-in that is required on first use. */
function lazyBuiltinModule(name, importedAsEsm) {
  const load = `let real; const load = () => (real ??= require('node:${name}'));`;
  // A library's require() gets an object that loads the built-in when a property is first read.
  if (!importedAsEsm) return `${load}\nmodule.exports = new Proxy({}, { get: (_, key) => load()[key], has: (_, key) => key in load() });`;
  // The bundle's own imports get functions that forward (esbuild would copy every property of a CommonJS object,
  // loading it at once); an import of anything else fails the build.
  const functions = Object.entries(require(`node:${name}`)).filter(([, v]) => typeof v === 'function');
  return [load, ...functions.map(([key]) => `export function ${key}(...args) { return load().${key}(...args); }`)].join('\n');
}

const lazyBuiltins = {
  name: 'lazy-builtins',
  setup(build) {
    build.onResolve({ filter: LAZY_BUILTINS }, (args) =>
      // The stand-in's own require is of the real built-in. A stand-in per built-in and kind of import.
      args.namespace === 'lazy-builtin'
        ? { path: args.path, external: true }
        : { path: `${args.path.replace(/^node:/, '')}.${args.kind === 'import-statement' ? 'esm' : 'cjs'}`, namespace: 'lazy-builtin' },
    );
    build.onLoad({ filter: /.*/, namespace: 'lazy-builtin' }, (args) => {
      const [name, kind] = args.path.split('.');
      return { contents: lazyBuiltinModule(name, kind === 'esm'), loader: 'js' };
    });
  },
};

await Promise.all([
  esbuild.build({ ...common, entryPoints: ['client/src/extension.ts'], outfile: 'dist/client.js', external: ['vscode'] }),
  esbuild.build({ ...common, entryPoints: ['server/src/server.ts'], outfile: 'dist/server-main.js', plugins: [lazyBuiltins] }),
  // The two programs are also the npm package's bins (go-proxy-doctor-lsp, go-proxy-doctor): run by their #! line.
  esbuild.build({ ...common, entryPoints: ['server/src/host/codeCacheLoader.ts'], outfile: 'dist/server.js', banner: { js: '#!/usr/bin/env node' } }),
  esbuild.build({ ...common, entryPoints: ['server/src/cli.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } }),
]);

mkdirSync('dist', { recursive: true });
for (const wasm of ['web-tree-sitter/web-tree-sitter.wasm', '@tree-sitter-grammars/tree-sitter-hcl/tree-sitter-hcl.wasm']) {
  copyFileSync(require.resolve(wasm), join('dist', basename(wasm)));
}

// The shipped bundles must be ASCII: V8 keeps the source of a script that holds any other character at two bytes
// per character, for as long as the program runs (the server's 955 KB would take 1.9 MB). esbuild escapes strings
// but not every regular expression literal: write such characters as \u escapes in the sources.
if (production) {
  for (const file of ['dist/server-main.js', 'dist/server.js', 'dist/cli.js', 'dist/client.js']) {
    const text = readFileSync(file, 'latin1');
    const at = text.search(/[^\x00-\x7f]/);
    if (at >= 0) throw new Error(`${file} is not ASCII at offset ${at}: …${readFileSync(file, 'utf8').slice(Math.max(0, at - 40), at + 10)}…`);
  }
}
