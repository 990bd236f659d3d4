// The Docker build context of a Dockerfile: its own folder, unless the workspace builds it with another context —
// a compose service, a bake target, a GitHub workflow, a GitLab CI job or a Makefile recipe (read by
// server/src/invocations). docker-bake.hcl is read here with a small line scanner for its targets' `context` and
// `dockerfile` only: no HCL parser small enough for the extension exists.
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BuildArgSourceKind, BuildInvocation } from './core/buildArgs';

interface FileReader {
  read(p: string): string | undefined;
  findNamed(names: string[]): string[];
  invocationsOf(dockerfilePath: string): BuildInvocation[];
}

const BAKE_HCL_FILES = ['docker-bake.hcl'];
/** Sources whose folder is known: a script may be run from anywhere, so its context is no declaration. */
const DECLARING: ReadonlySet<BuildArgSourceKind> = new Set(['compose', 'bake', 'workflow', 'gitlab', 'makefile']);

export interface BuildTarget {
  /** Absolute context directory. */
  context: string;
  /** Absolute Dockerfile path. */
  dockerfile: string;
}

/** `target "x" { context = "." dockerfile = "build/Dockerfile" }` blocks of a docker-bake.hcl. */
export function bakeHclTargets(file: string, text: string): BuildTarget[] {
  const base = path.dirname(file);
  const out: BuildTarget[] = [];
  const block = /target\s+"[^"]*"\s*\{([^}]*)\}/g;
  for (let m = block.exec(text); m; m = block.exec(text)) {
    const context = /\bcontext\s*=\s*"([^"]*)"/.exec(m[1])?.[1] ?? '.';
    const dockerfile = /\bdockerfile\s*=\s*"([^"]*)"/.exec(m[1])?.[1] ?? 'Dockerfile';
    const contextDir = path.resolve(base, context);
    out.push({ context: contextDir, dockerfile: path.resolve(contextDir, dockerfile) });
  }
  return out;
}

/** The contexts the workspace's builds give this Dockerfile (none when nothing names it). */
export function declaredBuildContexts(files: FileReader, dockerfilePath: string): string[] {
  const found: string[] = [];
  for (const inv of files.invocationsOf(dockerfilePath)) if (DECLARING.has(inv.kind)) found.push(fileURLToPath(inv.context));
  for (const f of files.findNamed(BAKE_HCL_FILES)) for (const t of bakeHclTargets(f, files.read(f) ?? '')) if (t.dockerfile === dockerfilePath) found.push(t.context);
  return [...new Set(found)];
}

/** The build contexts of a Dockerfile: the declared ones, else its own folder. */
export function buildContextDirs(files: FileReader, dockerfilePath: string): string[] {
  const found = declaredBuildContexts(files, dockerfilePath);
  return found.length ? found : [path.dirname(dockerfilePath)];
}
