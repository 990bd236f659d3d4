// Bundles the client, the language server and the CLI with esbuild. The server is two bundles: dist/server-main.js
// (the server) and dist/server.js, a small loader that compiles it with a V8 code cache
// (server/src/host/codeCacheLoader.ts). The HCL parser's WebAssembly (tree-sitter's runtime and its HCL grammar) is
// copied beside the bundles, where server/src/host/hclParserLoader.ts finds it.
import * as esbuild from 'esbuild';
import { copyFileSync, mkdirSync } from 'node:fs';
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

await Promise.all([
  esbuild.build({ ...common, entryPoints: ['client/src/extension.ts'], outfile: 'dist/client.js', external: ['vscode'] }),
  esbuild.build({ ...common, entryPoints: ['server/src/server.ts'], outfile: 'dist/server-main.js' }),
  // The two programs are also the npm package's bins (go-proxy-doctor-lsp, go-proxy-doctor): run by their #! line.
  esbuild.build({ ...common, entryPoints: ['server/src/host/codeCacheLoader.ts'], outfile: 'dist/server.js', banner: { js: '#!/usr/bin/env node' } }),
  esbuild.build({ ...common, entryPoints: ['server/src/cli.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } }),
]);

mkdirSync('dist', { recursive: true });
for (const wasm of ['web-tree-sitter/web-tree-sitter.wasm', '@tree-sitter-grammars/tree-sitter-hcl/tree-sitter-hcl.wasm']) {
  copyFileSync(require.resolve(wasm), join('dist', basename(wasm)));
}
