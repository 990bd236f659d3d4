// Every way the workspace builds a Dockerfile, read from its compose files, bake files (HCL and JSON), GitHub
// workflows, GitLab CI, Makefiles and shell scripts. Reading files is the caller's (the Workspace's); this only parses them.
import * as path from 'node:path';
import type { BuildInvocation, WrittenAt } from '../core/buildArgs';
import { LineIndex } from '../core/text';
import { bakeJsonInvocations } from './bake';
import { bakeHclInvocations } from './bakeHcl';
import { composeInvocations, composeMayBuild, composeProjectFiles, isComposeName } from './compose';
import { gitlabInvocations } from './gitlab';
import { parseDotEnv } from './interpolate';
import { shownPath } from './paths';
import { pathToUri, uriToPath } from '../core/uri';
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

/** A docker-bake.hcl: read only once the HCL parser is loaded (hclParser.ts). */
export function isBakeHclName(base: string): boolean {
  return /^docker-bake\.hcl$/i.test(base);
}

/** The invocations one file declares (none for a file of no format read here), each naming its Dockerfile. */
export function invocationsIn(file: string, text: string, root: string, read: (p: string) => string | undefined = () => undefined): BuildInvocation[] {
  const own = pathToUri(file);
  const lines = new Map<string, LineIndex | undefined>();
  const linesOf = (uri: string) => {
    if (!lines.has(uri)) {
      const p = uri === own ? undefined : uriToPath(uri);
      const t = uri === own ? text : p && read(p);
      lines.set(uri, t === undefined ? undefined : new LineIndex(t));
    }
    return lines.get(uri);
  };
  return readInvocations(file, text, root, read).map((inv) => {
    for (const v of Object.values(inv.args)) if (v.at && v.known) markVerbatim(v.at, v.value, linesOf(v.at.uri));
    return { ...inv, dockerfileShown: shownPath(uriToPath(inv.dockerfile) ?? inv.dockerfile, root) };
  });
}

const QUOTES = new Set(['"', "'"]);

/** Says whether the file's text at the place is the value itself, and between which quotes (see WrittenAt). */
function markVerbatim(at: WrittenAt, value: string, lines: LineIndex | undefined): void {
  const r = at.range;
  if (!lines || r.start.line !== r.end.line || lines.slice(r) !== value) return;
  const line = lines.line(r.start.line);
  const before = line[r.start.character - 1] ?? '';
  const after = line[r.end.character] ?? '';
  // `"GOPROXY=value"`: the value ends a quoted word that starts before it.
  if (QUOTES.has(after) && (before === after || !QUOTES.has(before))) at.verbatim = after as '"' | "'";
  else if (!QUOTES.has(before)) at.verbatim = '';
}

type InvocationFormat = 'compose' | 'bake' | 'bake-hcl' | 'gitlab' | 'workflow' | 'makefile' | 'script';

/** Which reader takes this file (an absolute path), by its name and folder; undefined: none does. */
function formatOf(file: string): InvocationFormat | undefined {
  const base = path.basename(file);
  const dir = path.dirname(file);
  if (isComposeName(base)) return 'compose';
  if (/^docker-bake\.json$/i.test(base)) return 'bake';
  if (isBakeHclName(base)) return 'bake-hcl';
  if (/^\.gitlab-ci\.ya?ml$/i.test(base)) return 'gitlab';
  if (/\.ya?ml$/i.test(base) && path.basename(dir) === 'workflows' && path.basename(path.dirname(dir)) === '.github') return 'workflow';
  if (/^(GNU)?makefile$/i.test(base) || /\.mk$/i.test(base)) return 'makefile';
  if (/\.(sh|bash)$/i.test(base)) return 'script';
  return undefined;
}

/** Whether a file of this name and folder is read for the builds it declares. */
export function isInvocationSource(file: string): boolean {
  return formatOf(file) !== undefined;
}

function readInvocations(file: string, text: string, root: string, read: (p: string) => string | undefined): BuildInvocation[] {
  const shown = shownPath(file, root);
  switch (formatOf(file)) {
    case 'compose': {
      // An override file is read with the project file it overrides (when there is one).
      const project = composeProjectFiles(file, (p) => read(p) !== undefined);
      if (!project) return [];
      const env = parseDotEnv(read(path.join(path.dirname(file), '.env')) ?? '');
      return composeInvocations(file, text, shown, env, { read, shown: (p) => shownPath(p, root) }, project.overrides);
    }
    case 'bake':
      return bakeJsonInvocations(file, text, shown);
    case 'bake-hcl':
      return bakeHclInvocations(file, text, shown);
    case 'gitlab':
      return gitlabInvocations(file, text, shown, read);
    case 'workflow':
      return workflowInvocations(file, text, shown, path.dirname(path.dirname(path.dirname(file))));
    case 'makefile':
      return makefileInvocations(file, text, shown);
    case 'script':
      return shellScriptInvocations(file, text, shown, root);
    default:
      return [];
  }
}

/**
 * What each build file declared, kept with its text and the text (or absence) of every other file its reading looked
 * at (a compose file's .env and the files it extends, a GitLab include …): a file is read again only when one of them
 * changed. A keystroke in one of 200 compose files then parses that one, not all 200.
 */
export class InvocationMemo {
  private readonly kept = new Map<string, { text: string; root: string; reads: [string, string | undefined][]; invocations: BuildInvocation[] }>();

  invocationsIn(file: string, text: string, root: string, read: (p: string) => string | undefined): BuildInvocation[] {
    const kept = this.valid(file, text, root, read);
    if (kept) return kept;
    const reads: [string, string | undefined][] = [];
    const invocations = invocationsIn(file, text, root, (p) => {
      const t = read(p);
      reads.push([p, t]);
      return t;
    });
    this.kept.set(file, { text, root, reads, invocations });
    return invocations;
  }

  /** The invocations kept for this file, if neither its text nor that of a file its reading looked at changed. */
  valid(file: string, text: string, root: string, read: (p: string) => string | undefined): BuildInvocation[] | undefined {
    const k = this.kept.get(file);
    return k && k.text === text && k.root === root && k.reads.every(([p, t]) => read(p) === t) ? k.invocations : undefined;
  }

  /** Forgets the files not among these (gone from the workspace, or past its limits). */
  keepOnly(files: ReadonlySet<string>): void {
    for (const f of this.kept.keys()) if (!files.has(f)) this.kept.delete(f);
  }

  /** Forgets everything: what a reader understands changed (the HCL parser loaded) or the folders did. */
  clear(): void {
    this.kept.clear();
  }
}

/** All the workspace's invocations, in the order of its files (each file's own from `memo` when its inputs are unchanged). */
export function workspaceInvocations(files: InvocationFiles, memo?: InvocationMemo): BuildInvocation[] {
  return gathered(files, memo, () => true);
}

/**
 * The workspace's invocations that build this Dockerfile (absolute path), in the order of its files: those of
 * workspaceInvocations, without reading the compose files whose texts show they cannot build it. The first Dockerfile
 * opened in a monorepo parses the compose files of its own service, not those of every service.
 */
export function invocationsBuilding(files: InvocationFiles, dockerfilePath: string, memo: InvocationMemo): BuildInvocation[] {
  const uri = pathToUri(dockerfilePath);
  return gathered(
    files,
    memo,
    (inv) => inv.dockerfile === uri,
    (file, text, read) => formatOf(file) === 'compose' && !composeMayBuild(file, text, dockerfilePath, read),
  );
}

/**
 * The invocations of every listed file that `keep` takes, in file order. A file read before is taken from `memo` (a
 * look costs less than `ruledOut`); another is read unless `ruledOut` says its texts cannot declare any kept.
 */
function gathered(
  files: InvocationFiles,
  memo: InvocationMemo | undefined,
  keep: (inv: BuildInvocation) => boolean,
  ruledOut?: (file: string, text: string, read: (p: string) => string | undefined) => boolean,
): BuildInvocation[] {
  const out: BuildInvocation[] = [];
  const listed = [...files.buildConfigFiles(), ...files.shellScripts()];
  const read = (p: string) => files.read(p);
  for (const file of listed) {
    const text = files.read(file);
    if (text === undefined) continue;
    const root = rootOf(file, files.rootPaths);
    try {
      let found = memo?.valid(file, text, root, read);
      if (!found) {
        if (ruledOut?.(file, text, read)) continue;
        found = memo ? memo.invocationsIn(file, text, root, read) : invocationsIn(file, text, root, read);
      }
      for (const inv of found) if (keep(inv)) out.push(inv);
    } catch {
      // A file no reader understands declares nothing.
    }
  }
  memo?.keepOnly(new Set(listed));
  return out;
}
