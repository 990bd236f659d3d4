// Loads the HCL parser of invocations/hclParser.ts: tree-sitter's runtime and its HCL grammar, compiled to
// WebAssembly and read from disk. Loading is asynchronous and holds WebAssembly memory, so it is done once, and only
// by a caller that has a docker-bake.hcl to read (the CLI before it analyses, the language server before its first
// analysis or when such a file appears).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { useHclParser } from '../invocations/hclParser';

const RUNTIME_WASM = 'web-tree-sitter.wasm';
const GRAMMAR_WASM = 'tree-sitter-hcl.wasm';

let loading: Promise<void> | undefined;

/**
 * A WebAssembly file: next to the bundle (the build copies both into dist/), else in the package that ships it
 * (running from the sources, as the tests do).
 */
function wasmPath(name: string, pkg: string): string {
  const bundled = path.join(__dirname, name);
  return fs.existsSync(bundled) ? bundled : require.resolve(`${pkg}/${name}`);
}

/** Loads the parser (once; later calls share the first load). Rejects when the WebAssembly files cannot be loaded. */
export function loadHclParser(): Promise<void> {
  loading ??= (async () => {
    // Required here, not imported: only a workspace with a docker-bake.hcl pays for initialising it.
    const { Parser: TreeSitter, Language } = require('web-tree-sitter') as typeof import('web-tree-sitter');
    await TreeSitter.init({ locateFile: (name: string) => (name === RUNTIME_WASM ? wasmPath(RUNTIME_WASM, 'web-tree-sitter') : name) });
    // Given as bytes: loading from a path makes web-tree-sitter import `fs/promises` dynamically, which the language
    // server's bundle, compiled with vm.Script for its code cache (codeCacheLoader.ts), cannot do.
    const language = await Language.load(fs.readFileSync(wasmPath(GRAMMAR_WASM, '@tree-sitter-grammars/tree-sitter-hcl')));
    const p = new TreeSitter();
    p.setLanguage(language);
    useHclParser(p);
  })();
  // A failed load may be tried again (a file restored, say) rather than keep its error for good.
  loading.catch(() => (loading = undefined));
  return loading;
}
