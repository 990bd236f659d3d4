// The checks the go command makes when it loads a go.mod or go.work that parsed: the module declaration,
// godebug settings, replacements, tool paths, workspace directories, and the paths of required modules.
// Each stops where the go command stops; a few depend on the Go release running and are left out
// (unknown godebug keys, a go line newer than the toolchain).
import * as path from 'node:path';
import type { Range } from '../core/types';
import type { GoModFile, GoModGodebug, GoModReplace, ModError } from './gomod';
import { goQuote } from '../core/goStrings';
import { isValidGoVersion } from './modVersions';
import { checkImportPath, checkModulePath } from './modPaths';

const ORIGIN: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

/** cmd/go's checks on a godebug setting that do not depend on the Go release running. */
function godebugProblem(g: GoModGodebug): string | undefined {
  if (/[ \t]/.test(g.key)) return 'key contains space';
  if (/[ \t]/.test(g.value)) return 'value contains space';
  if (g.key.includes(',')) return 'key contains comma';
  if (g.value.includes(',')) return 'value contains comma';
  if (g.key === 'default' && (!g.value.startsWith('go') || !isValidGoVersion(g.value.slice(2)))) return 'value for default= must be goVERSION';
  return undefined;
}

const moduleVersion = (p: string, v?: string) => (v ? `${p}@${v}` : p);

/** Two replacements of the same module (and version) by different targets. */
function conflictingReplacement(replaces: GoModReplace[]): ModError | undefined {
  const seen = new Map<string, string>();
  for (const r of replaces) {
    const old = moduleVersion(r.oldPath, r.oldVersion);
    const target = moduleVersion(r.newPath, r.newVersion);
    const prev = seen.get(old);
    if (prev !== undefined && prev !== target) return { range: r.range, message: `conflicting replacements for ${old}:\n\t${prev}\n\t${target}` };
    seen.set(old, target);
  }
  return undefined;
}

/** Loading a go.mod: errors in the order the go command meets them. */
export function moduleLoadErrors(file: GoModFile, moduleSeen: boolean, hadSyntaxError: boolean): ModError[] {
  const out: ModError[] = [];
  const mod = file.module;
  // An unfinished module line is already a syntax error: do not pile this on top.
  if (!moduleSeen && !hadSyntaxError)
    out.push({ range: ORIGIN, message: 'missing module declaration. To specify the module path:\n\tgo mod edit -module=example.com/mod' });
  if (!moduleSeen || !mod) return out.concat(requiredPathErrors(file));
  if (mod.path === 'go' || mod.path === 'toolchain') {
    out.push({ range: mod.pathRange, message: `invalid module path: ${goQuote(mod.path)}` });
    return out.concat(requiredPathErrors(file));
  }
  for (const g of file.godebugs) {
    const problem = godebugProblem(g);
    if (problem) out.push({ range: g.range, message: problem });
  }
  const conflict = out.length === 0 ? conflictingReplacement(file.replaces) : undefined;
  if (conflict) out.push(conflict);
  const malformed = out.length === 0 ? checkImportPath(mod.path, 'module') : undefined;
  if (malformed) out.push({ range: mod.pathRange, message: malformed });
  const badTool = out.length === 0 ? file.tools.find((t) => checkImportPath(t.path, 'tool')) : undefined;
  if (badTool) out.push({ range: badTool.pathRange, message: checkImportPath(badTool.path, 'tool')! });
  return out.concat(requiredPathErrors(file));
}

/** Downloading a required module checks its path; a replacement makes any path acceptable. */
function requiredPathErrors(file: GoModFile): ModError[] {
  const replaced = new Set(file.replaces.map((r) => moduleVersion(r.oldPath, r.oldVersion)));
  const out: ModError[] = [];
  for (const r of file.requires) {
    if (replaced.size > 0 && (replaced.has(r.path) || replaced.has(moduleVersion(r.path, r.version)))) continue;
    const malformed = checkModulePath(r.path);
    if (malformed) out.push({ range: r.pathRange, message: malformed });
  }
  return out;
}

/** Loading a go.work (workDir: its directory, to resolve `use` paths; undefined when unknown). */
export function workspaceLoadErrors(file: GoModFile, workDir: string | undefined): ModError[] {
  const seen = new Set<string>();
  for (const u of file.uses) {
    if (workDir === undefined) break;
    // Relative directories are joined to the workspace's (and so cleaned); absolute ones are taken as written.
    const root = path.isAbsolute(u.path) ? u.path : path.resolve(workDir, u.path);
    if (seen.has(root)) return [{ range: u.pathRange, message: `path ${root} appears multiple times in workspace` }];
    seen.add(root);
  }
  for (const g of file.godebugs) {
    const problem = godebugProblem(g);
    if (problem) return [{ range: g.range, message: problem }];
  }
  const conflict = conflictingReplacement(file.replaces);
  return conflict ? [conflict] : [];
}
