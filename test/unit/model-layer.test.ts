// The domain model (server/src/model/) sits between the Go environment and the rules: it may build on core/,
// syntax/ and goenv/ (and itself), never on the layers that use it (rules/, services/, lsp/, host/) nor
// on the file system, so that hovers, rules and the client's view read the same pure facts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import ts from 'typescript';

const ROOT = path.resolve(__dirname, '../..');
const MODEL_DIR = path.join(ROOT, 'server/src/model');
/** Where model/ may reach inside the server. */
const MODEL_MAY_REACH = ['core', 'syntax', 'goenv', 'model'].map((d) => `server/src/${d}/`);
/** Packages that touch the machine. */
const MACHINE_PACKAGES = /^(node:)?(fs|fs\/promises|child_process)$/;

const rel = (p: string) => path.relative(ROOT, p).split(path.sep).join('/');

function modelFiles(): string[] {
  return fs
    .readdirSync(MODEL_DIR, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts'))
    .map((f) => path.join(MODEL_DIR, f));
}

/** Every import of a file (type-only, dynamic and require() included): project files resolved, packages as named. */
function imports(file: string): { spec: string; target: string }[] {
  const { importedFiles } = ts.preProcessFile(fs.readFileSync(file, 'utf8'), true, true);
  return importedFiles.map(({ fileName: spec }) => {
    if (!spec.startsWith('.')) return { spec, target: spec };
    const base = path.resolve(path.dirname(file), spec);
    const found = [`${base}.ts`, path.join(base, 'index.ts'), base].find((c) => fs.existsSync(c) && fs.statSync(c).isFile());
    assert.ok(found, `${rel(file)} imports ${spec}, which does not resolve`);
    return { spec, target: rel(found) };
  });
}

/** Why an import is out of bounds for model/, or undefined when it is allowed. */
function modelImportProblem(target: string): string | undefined {
  if (MACHINE_PACKAGES.test(target)) return 'touches the file system or runs processes';
  if (!target.startsWith('server/') && !target.startsWith('client/')) return undefined; // another package
  return MODEL_MAY_REACH.some((d) => target.startsWith(d)) ? undefined : 'is above model/ (or outside core/, syntax/, goenv/)';
}

test('model/ imports only core/, syntax/, goenv/ and itself, and nothing that touches the machine', () => {
  const files = modelFiles();
  assert.ok(files.length >= 10, 'the model sources were found');
  const bad = files.flatMap((f) =>
    imports(f).flatMap(({ spec, target }) => {
      const why = modelImportProblem(target);
      return why ? [`${rel(f)} → ${spec}: ${why}`] : [];
    }),
  );
  assert.deepEqual(bad, [], 'imports out of bounds for model/');
});

test('the boundary check tells an upward or file-system import from an allowed one', () => {
  for (const t of [
    'server/src/rules/arg.ts',
    'server/src/services/hover.ts',
    'server/src/lsp/diagnostics.ts',
    'server/src/lsp/gate.ts',
    'server/src/host/workspace.ts',
    'server/src/workspace.ts',
    'node:fs',
    'fs',
    'node:fs/promises',
  ]) {
    assert.ok(modelImportProblem(t), `${t} is refused`);
  }
  for (const t of [
    'server/src/core/text.ts',
    'server/src/syntax/dockerfileModel.ts',
    'server/src/goenv/effective.ts',
    'server/src/model/steps.ts',
    'node:path',
    'vscode-languageserver-types',
  ]) {
    assert.equal(modelImportProblem(t), undefined, `${t} is allowed`);
  }
});
