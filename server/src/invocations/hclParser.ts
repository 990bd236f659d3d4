// HCL, as docker-bake.hcl is written, parsed by tree-sitter's HCL grammar compiled to WebAssembly. The host loads
// the parser from its files (host/hclParserLoader.ts) once, and only when there is a docker-bake.hcl to read;
// parsing is synchronous after that. Until it is loaded, nothing is parsed.
import type { Node, Parser } from 'web-tree-sitter';

export type { Node as HclNode } from 'web-tree-sitter';

let parser: Parser | undefined;

/** Installs the parser the host has loaded. */
export function useHclParser(p: Parser): void {
  parser = p;
}

export function hclParserLoaded(): boolean {
  return parser !== undefined;
}

/**
 * Reads an HCL text: `read` gets the root of its syntax tree, which lives only during the call. Undefined when the
 * parser is not loaded, or when the text has a syntax error (the tool that reads the file would refuse it too).
 */
export function readHcl<T>(text: string, read: (root: Node) => T): T | undefined {
  if (!parser) return undefined;
  const tree = parser.parse(text);
  if (!tree) return undefined;
  try {
    return tree.rootNode.hasError ? undefined : read(tree.rootNode);
  } finally {
    tree.delete();
  }
}
