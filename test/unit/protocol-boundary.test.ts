// The client–server boundary: the client reaches into the server only for the protocol module and the pure
// core/ and goenv/ modules, and a custom method name is written in the protocol module alone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import ts from 'typescript';
import { CUSTOM_METHODS } from '../../server/src/protocol';

const ROOT = path.resolve(__dirname, '../..');
const PROTOCOL_DIR = path.join(ROOT, 'server/src/protocol');
/** What the client may import from the server side (and what those modules may import in turn). */
const CLIENT_MAY_REACH = ['server/src/protocol/', 'server/src/core/', 'server/src/goenv/'];

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' || e.name === 'fixtures' ? [] : sourceFiles(p);
    return /\.(ts|mjs|js)$/.test(e.name) ? [p] : [];
  });
}

const rel = (p: string) => path.relative(ROOT, p).split(path.sep).join('/');

/** The project files a source file imports (type-only, dynamic and require() included); packages are left out. */
function projectImports(file: string): string[] {
  const { importedFiles } = ts.preProcessFile(fs.readFileSync(file, 'utf8'), true, true);
  return importedFiles
    .map((i) => i.fileName)
    .filter((spec) => spec.startsWith('.'))
    .map((spec) => {
      const base = path.resolve(path.dirname(file), spec);
      const found = [`${base}.ts`, path.join(base, 'index.ts'), base].find((c) => fs.existsSync(c) && fs.statSync(c).isFile());
      assert.ok(found, `${rel(file)} imports ${spec}, which does not resolve`);
      return found;
    });
}

const allowedForClient = (file: string) => !rel(file).startsWith('server/') || CLIENT_MAY_REACH.some((dir) => rel(file).startsWith(dir));

test('the client imports from the server only the protocol module, core/ and goenv/', () => {
  const clientFiles = sourceFiles(path.join(ROOT, 'client/src'));
  assert.ok(clientFiles.length > 10, 'the client sources were found');
  const direct = clientFiles.flatMap((f) =>
    projectImports(f)
      .filter((i) => !allowedForClient(i))
      .map((i) => `${rel(f)} → ${rel(i)}`),
  );
  assert.deepEqual(direct, [], 'client imports of server internals');
});

test('what the client imports from the server imports nothing else of the server either', () => {
  const via = new Map<string, string>();
  const queue = sourceFiles(path.join(ROOT, 'client/src'));
  for (const f of queue) via.set(f, rel(f));
  while (queue.length > 0) {
    const file = queue.pop()!;
    for (const i of projectImports(file)) {
      if (via.has(i)) continue;
      via.set(i, `${via.get(file)} → ${rel(i)}`);
      queue.push(i);
    }
  }
  const reached = [...via.keys()].filter((f) => rel(f).startsWith('server/'));
  assert.ok(
    reached.some((f) => f.startsWith(PROTOCOL_DIR)),
    'the client reaches the protocol module',
  );
  assert.deepEqual(
    reached.filter((f) => !allowedForClient(f)).map((f) => via.get(f)),
    [],
    'server internals the client pulls in',
  );
});

test('the protocol module imports nothing but core/ (types) and the LSP type definitions', () => {
  for (const file of sourceFiles(PROTOCOL_DIR)) {
    const text = fs.readFileSync(file, 'utf8');
    const specs = ts.preProcessFile(text, true, true).importedFiles.map((i) => i.fileName);
    for (const spec of specs)
      assert.ok(spec === 'vscode-languageserver-types' || spec.startsWith('../core/') || spec.startsWith('./'), `${rel(file)} imports ${spec}`);
    // Types only: loading the protocol runs no code of the server.
    assert.deepEqual(
      text.split('\n').filter((l) => /^import (?!type )/.test(l)),
      [],
      `${rel(file)} has value imports`,
    );
  }
});

test('a custom method name is spelled only in the protocol module', () => {
  assert.ok(CUSTOM_METHODS.length >= 6);
  assert.equal(new Set(CUSTOM_METHODS).size, CUSTOM_METHODS.length, 'method names are unique');
  for (const m of CUSTOM_METHODS) assert.match(m, /^goProxyDoctor\/[a-zA-Z]+$/);
  const offenders: string[] = [];
  // In the sources, anything in the extension's method namespace.
  for (const file of [...sourceFiles(path.join(ROOT, 'server/src')), ...sourceFiles(path.join(ROOT, 'client/src'))]) {
    if (file.startsWith(PROTOCOL_DIR + path.sep)) continue;
    fs.readFileSync(file, 'utf8')
      .split('\n')
      .forEach((line, i) => {
        if (line.includes('goProxyDoctor/')) offenders.push(`${rel(file)}:${i + 1}: ${line.trim()}`);
      });
  }
  // In the tests, the names of real methods (a test may send an unknown one on purpose).
  for (const file of sourceFiles(path.join(ROOT, 'test'))) {
    fs.readFileSync(file, 'utf8')
      .split('\n')
      .forEach((line, i) => {
        if (CUSTOM_METHODS.some((m) => line.includes(m))) offenders.push(`${rel(file)}:${i + 1}: ${line.trim()}`);
      });
  }
  assert.deepEqual(offenders, [], 'custom method names written outside server/src/protocol');
});
