// The Docker build context of a Dockerfile: its own folder, unless the workspace builds it with another context —
// a compose service, a bake target, a GitHub workflow, a GitLab CI job or a Makefile recipe (read by
// server/src/invocations).
import * as path from 'node:path';
import type { BuildArgSourceKind, BuildInvocation } from '../core/buildArgs';
import { uriToPath } from '../core/uri';

interface InvocationReader {
  invocationsOf(dockerfilePath: string): BuildInvocation[];
}

/** Sources whose folder is known: a script may be run from anywhere, so its context is no declaration. */
const DECLARING: ReadonlySet<BuildArgSourceKind> = new Set(['compose', 'bake', 'workflow', 'gitlab', 'makefile']);

/** The contexts the workspace's builds give this Dockerfile (none when nothing names it). */
export function declaredBuildContexts(files: InvocationReader, dockerfilePath: string): string[] {
  const found: string[] = [];
  for (const inv of files.invocationsOf(dockerfilePath)) {
    const dir = DECLARING.has(inv.kind) ? uriToPath(inv.context) : undefined;
    if (dir) found.push(dir);
  }
  return [...new Set(found)];
}

/** The build contexts of a Dockerfile: the declared ones, else its own folder. */
export function buildContextDirs(files: InvocationReader, dockerfilePath: string): string[] {
  const found = declaredBuildContexts(files, dockerfilePath);
  return found.length ? found : [path.dirname(dockerfilePath)];
}
