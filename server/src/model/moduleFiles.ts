// The go.mod and go.work files in play, and the modules a build of them fetches.
import { parseGoMod, type GoModFile, type GoModReplace, type GoModRequire } from '../syntax/gomod';
import { FileTextCache, sameElements } from '../core/memo';

export interface RequiredModule {
  require: GoModRequire;
  file: GoModFile;
}

// The go.mod/go.work files a Dockerfile builds rarely change while the Dockerfile is edited: their parse is kept
// per file and text, so a keystroke in a Dockerfile does not parse a 3,000-line go.mod again. Bounded by files and
// by characters (a parse holds several objects per line); the oldest goes first.
const goModParses = new FileTextCache<GoModFile>(64, 8_000_000);

export function parseGoModCached(text: string, uri: string, kind: 'gomod' | 'gowork'): GoModFile {
  const key = `${kind}:${uri}`;
  let file = goModParses.get(key, text);
  if (!file) goModParses.set(key, text, (file = parseGoMod(text, uri, kind)));
  return file;
}

// The same parsed files give the same modules: every Dockerfile building a go.mod asks for them again.
const requiredByFiles = new WeakMap<GoModFile, { files: readonly GoModFile[]; goWork: GoModFile | undefined; modules: RequiredModule[] }>();

/**
 * Every module the build fetches for `files` (the go.mod in play and, in a workspace, each used module),
 * deduplicated by path. `replace` is applied as the go command applies it: a module replaced by a directory is
 * never fetched; one replaced by another module is fetched as that module.
 */
export function requiredModules(files: readonly GoModFile[], goWork: GoModFile | undefined): RequiredModule[] {
  const first = files[0];
  const hit = first && requiredByFiles.get(first);
  if (hit && hit.goWork === goWork && sameElements(hit.files, files)) return hit.modules;
  const modules = computeRequiredModules(files, goWork);
  if (first) requiredByFiles.set(first, { files: [...files], goWork, modules });
  return modules;
}

function computeRequiredModules(files: readonly GoModFile[], goWork: GoModFile | undefined): RequiredModule[] {
  const seen = new Set<string>();
  const out: RequiredModule[] = [];
  const ownModules = new Set(files.map((f) => f.module?.path).filter((p): p is string => !!p));
  // go.work replaces win over those of the modules.
  const replaces = [...(goWork?.replaces ?? []), ...files.flatMap((f) => f.replaces)];
  for (const file of files) {
    for (const req of file.requires) {
      // A module required by another module of the same workspace is built from source, never fetched.
      if (ownModules.has(req.path)) continue;
      const rep = replaces.find((r: GoModReplace) => r.oldPath === req.path && (!r.oldVersion || r.oldVersion === req.version));
      if (rep?.isLocal) continue;
      const require = rep ? { ...req, path: rep.newPath, version: rep.newVersion ?? req.version } : req;
      if (seen.has(require.path)) continue;
      seen.add(require.path);
      out.push({ require, file });
    }
  }
  return out;
}

// Per list of required modules (shared per parsed go.mod): the positions of the modules of each first path element.
const byFirstElement = new WeakMap<readonly RequiredModule[], Map<string, number[]>>();

/** The positions in `modules` of the modules of each first path element (host), in order. */
export function modulesByFirstElement(modules: readonly RequiredModule[]): Map<string, number[]> {
  let out = byFirstElement.get(modules);
  if (!out) {
    out = new Map();
    modules.forEach((m, i) => {
      const slash = m.require.path.indexOf('/');
      const first = slash < 0 ? m.require.path : m.require.path.slice(0, slash);
      const list = out!.get(first);
      if (list) list.push(i);
      else out!.set(first, [i]);
    });
    byFirstElement.set(modules, out);
  }
  return out;
}
