// Every way the workspace builds a Dockerfile, read from its compose files, bake JSON files, GitHub workflows,
// GitLab CI, Makefiles and shell scripts. Reading files is the caller's (the Workspace's); this only parses them.
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BuildInvocation } from '../core/buildArgs';
import { bakeJsonInvocations } from './bake';
import { composeInvocations, composeProjectFiles, isComposeName } from './compose';
import { gitlabInvocations } from './gitlab';
import { parseDotEnv } from './interpolate';
import { fileUri, shownPath } from './paths';
import { makefileInvocations, shellScriptInvocations } from './scripts';
import { workflowInvocations } from './workflow';

export interface InvocationFiles {
  read(p: string): string | undefined;
  /** Workspace folders (absolute paths). */
  readonly rootPaths: string[];
  /** CI and build files of the workspace (compose, bake, Makefiles, GitLab CI, workflows). */
  buildConfigFiles(): string[];
  /** Shell scripts at the workspace folders and one folder down. */
  shellScripts(): string[];
}

function rootOf(file: string, roots: string[]): string {
  const inside = roots.filter((r) => {
    const rel = path.relative(r, file);
    return rel && !rel.startsWith('..') && !path.isAbsolute(rel);
  });
  return inside.sort((a, b) => b.length - a.length)[0] ?? path.dirname(file);
}

/** The invocations one file declares (none for a file of no format read here), each naming its Dockerfile. */
export function invocationsIn(file: string, text: string, root: string, read: (p: string) => string | undefined = () => undefined): BuildInvocation[] {
  return readInvocations(file, text, root, read).map((inv) => ({ ...inv, dockerfileShown: shownPath(fileURLToPath(inv.dockerfile), root) }));
}

function readInvocations(file: string, text: string, root: string, read: (p: string) => string | undefined): BuildInvocation[] {
  const base = path.basename(file);
  const shown = shownPath(file, root);
  if (isComposeName(base)) {
    // An override file is read with the project file it overrides (when there is one).
    const project = composeProjectFiles(file, (p) => read(p) !== undefined);
    if (!project) return [];
    const env = parseDotEnv(read(path.join(path.dirname(file), '.env')) ?? '');
    return composeInvocations(file, text, shown, env, { read, shown: (p) => shownPath(p, root) }, project.overrides);
  }
  if (/^docker-bake\.json$/i.test(base)) return bakeJsonInvocations(file, text, shown);
  if (/^\.gitlab-ci\.ya?ml$/i.test(base)) return gitlabInvocations(file, text, shown, read);
  const dir = path.dirname(file);
  if (/\.ya?ml$/i.test(base) && path.basename(dir) === 'workflows' && path.basename(path.dirname(dir)) === '.github') return workflowInvocations(file, text, shown, path.dirname(path.dirname(dir)));
  if (/^(GNU)?makefile$/i.test(base) || /\.mk$/i.test(base)) return makefileInvocations(file, text, shown);
  if (/\.(sh|bash)$/i.test(base)) return shellScriptInvocations(file, text, shown, root);
  return [];
}

/** All the workspace's invocations, in the order of its files. */
export function workspaceInvocations(files: InvocationFiles): BuildInvocation[] {
  const out: BuildInvocation[] = [];
  for (const file of [...files.buildConfigFiles(), ...files.shellScripts()]) {
    const text = files.read(file);
    if (text === undefined) continue;
    try {
      out.push(...invocationsIn(file, text, rootOf(file, files.rootPaths), (p) => files.read(p)));
    } catch {
      // A file no reader understands declares nothing.
    }
  }
  return out;
}

/** The invocations that build this Dockerfile (an absolute path). */
export function invocationsBuilding(all: readonly BuildInvocation[], dockerfilePath: string): BuildInvocation[] {
  const uri = fileUri(dockerfilePath);
  return all.filter((inv) => inv.dockerfile === uri);
}
