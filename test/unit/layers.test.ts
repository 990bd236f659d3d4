// The layers of the server, checked on the imports of its source files: the analysis (core, syntax, goenv, rules,
// services, explain) reads only the texts it is given, so it imports neither the host (server/src/host: files,
// processes) nor the file system, child processes or the LSP transport; nothing outside host/ reads files or runs
// processes; and core/ is the ground floor, importing nothing of the project outside itself.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';

const SRC = path.join(__dirname, '..', '..', 'server', 'src');
const ANALYSIS_DIRS = ['core', 'syntax', 'goenv', 'rules', 'services', 'explain'];
const HOST_DIR = path.join(SRC, 'host');

/**
 * The module specifiers a TypeScript source imports: static imports and re-exports (statements starting a line, so
 * comments are not read as imports), `import '…'`, and `require('…')` / `import('…')` anywhere.
 */
function importsOf(source: string): string[] {
  const found: string[] = [];
  for (const m of source.matchAll(/^[ \t]*(?:import|export)\b[^;'"]*?\bfrom\s*['"]([^'"]+)['"]/gm)) found.push(m[1]);
  for (const m of source.matchAll(/^[ \t]*import\s*['"]([^'"]+)['"]/gm)) found.push(m[1]);
  for (const m of source.matchAll(/\b(?:require|import)\s*\(\s*['"]([^'"]+)['"]\s*\)/g)) found.push(m[1]);
  return found;
}

/** A module that reads or writes files or runs processes. */
function touchesMachine(spec: string): boolean {
  const bare = spec.replace(/^node:/, '');
  return bare === 'fs' || bare.startsWith('fs/') || bare === 'child_process';
}

/** Why the analysis may not import this module (resolved from `file`), or undefined when it may. */
function forbiddenForAnalysis(file: string, spec: string): string | undefined {
  if (spec.startsWith('.')) {
    const target = path.resolve(path.dirname(file), spec);
    return target === HOST_DIR || target.startsWith(HOST_DIR + path.sep) ? 'the host (server/src/host) touches the machine' : undefined;
  }
  if (touchesMachine(spec)) return 'the file system and processes are the host’s';
  // The transport, not the protocol's data types (vscode-languageserver-types and -textdocument are plain data).
  if (spec === 'vscode-languageserver' || spec.startsWith('vscode-languageserver/')) return 'the LSP transport is the server’s';
  if (spec === 'vscode') return 'VS Code is the client’s';
  return undefined;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) return sourceFiles(p);
    return p.endsWith('.ts') ? [p] : [];
  });
}

const shown = (p: string) => path.relative(SRC, p).split(path.sep).join('/');

test('layers: the import scanner sees static, type-only, multi-line, side-effect and dynamic imports, not comments', () => {
  const source = [
    "import * as fs from 'node:fs';",
    "import type { A } from '../core/a';",
    'import {',
    '  b,',
    "} from '../host/workspace';",
    "export { c } from './c';",
    "import 'side-effect';",
    "const cp = require('child_process');",
    "// an import from 'commented-out' is no import",
    " * import { x } from 'in-a-doc-comment';",
  ].join('\n');
  assert.deepEqual(importsOf(source).sort(), ['../core/a', '../host/workspace', './c', 'child_process', 'node:fs', 'side-effect'].sort());
});

test('layers: forbidden for the analysis are host/, the file system, processes and the LSP transport; data types are not', () => {
  const file = path.join(SRC, 'rules', 'gomod.ts');
  for (const spec of ['../host/workspace', '../host', 'node:fs', 'fs/promises', 'node:child_process', 'vscode-languageserver/node', 'vscode-languageserver']) {
    assert.ok(forbiddenForAnalysis(file, spec), `${spec} should be forbidden`);
  }
  for (const spec of ['../core/uri', '../syntax/gomod', 'node:path', 'node:url', 'vscode-languageserver-types', '../hostile']) {
    assert.equal(forbiddenForAnalysis(file, spec), undefined, `${spec} should be allowed`);
  }
});

test('layers: core, syntax, goenv, rules, services and explain import neither the host, the file system, processes nor the LSP transport', () => {
  const violations: string[] = [];
  let scanned = 0;
  for (const dir of ANALYSIS_DIRS) {
    for (const file of sourceFiles(path.join(SRC, dir))) {
      scanned++;
      for (const spec of importsOf(readFileSync(file, 'utf8'))) {
        const why = forbiddenForAnalysis(file, spec);
        if (why) violations.push(`${shown(file)} imports ${spec}: ${why}`);
      }
    }
  }
  assert.ok(scanned > 50, `only ${scanned} analysis files found: the scan looks in the wrong place`);
  assert.deepEqual(violations, [], 'the analysis gets file contents through the AnalysisRequest, which the host fills in');
});

test('layers: only host/ touches the file system and runs processes', () => {
  const violations: string[] = [];
  for (const file of sourceFiles(SRC)) {
    if (file.startsWith(HOST_DIR + path.sep)) continue;
    for (const spec of importsOf(readFileSync(file, 'utf8'))) if (touchesMachine(spec)) violations.push(`${shown(file)} imports ${spec}`);
  }
  assert.deepEqual(violations, [], 'reading files and running processes belong in server/src/host; the rest gets their results');
});

test('layers: core/ imports nothing of the project outside core/', () => {
  const found = new Set<string>();
  const coreDir = path.join(SRC, 'core');
  for (const file of sourceFiles(coreDir)) {
    for (const spec of importsOf(readFileSync(file, 'utf8'))) {
      if (!spec.startsWith('.')) continue;
      const target = path.resolve(path.dirname(file), spec);
      if (target.startsWith(coreDir + path.sep)) continue;
      found.add(`${shown(file)} -> ${shown(target)}`);
    }
  }
  assert.deepEqual([...found], [], 'core/ is the ground floor: move what it needs into core/, or the caller passes it in');
});
