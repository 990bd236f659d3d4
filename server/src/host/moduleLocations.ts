// Where a Dockerfile's module files are: its build context and the go.mod / go.work its build reaches (in the
// context, the nearest above it that the build reaches, or the module folder it copies); the module files it builds,
// and which Dockerfiles build a go.mod or go.work. Kept per Dockerfile text until file events or build files move them.
import * as path from 'node:path';
import type { RelatedFiles } from '../core/request';
import type { SourceFile } from '../core/types';
import { pathToUri } from '../core/uri';
import { useDirectives } from '../syntax/gomod';
import { declaredBuildContexts } from './buildContexts';
import { copiedModuleGoMod } from './copySources';
import { isInside } from './insideFolder';
import type { DependencyFiles } from './dependencyFiles';
import type { WorkspaceBuilds } from './workspaceBuilds';
import type { WorkspaceFiles } from './workspaceFiles';

/** A COPY or ADD that names a module file: the build context holds the go.mod the Dockerfile builds. */
const COPIES_MODULE_FILE = /^[ \t]*(COPY|ADD)\b[^\n]*\bgo\.(mod|sum|work|\*)/im;

interface ModulePaths {
  dir: string;
  declared: boolean;
  goModPath?: string;
  goWorkPath?: string;
  useWork: boolean;
}

const sameModulePaths = (a: ModulePaths, b: ModulePaths) =>
  a.dir === b.dir && a.declared === b.declared && a.goModPath === b.goModPath && a.goWorkPath === b.goWorkPath && a.useWork === b.useWork;

export class ModuleLocations {
  // What every keystroke in a Dockerfile would otherwise work out again, for every Dockerfile of the workspace:
  // declared build contexts and nearest go.mod/go.work lookups. File events and edits of build files clear them.
  private readonly declaredCache = new Map<string, string | undefined>();
  private readonly nearestCache = new Map<string, string | undefined>();
  // Where each Dockerfile's module files are, for the text it had: a go.mod edit re-checks every Dockerfile that
  // builds it, and each of those asks which Dockerfiles build the go.mod.
  private readonly modulePathsCache = new Map<string, { text: string | undefined; paths: ModulePaths }>();

  constructor(
    /** Workspace folders (absolute paths). */
    private readonly roots: () => string[],
    private readonly files: WorkspaceFiles,
    private readonly dependencies: DependencyFiles,
    private readonly builds: WorkspaceBuilds,
  ) {}

  /** A file on disk changed, came or went. */
  filesChanged(): void {
    // A new or deleted go.mod, go.work, compose or bake file can move any Dockerfile's context or module.
    this.nearestCache.clear();
    this.modulePathsCache.clear();
  }

  /** The builds the workspace declares may have changed: the contexts they give go. */
  buildsChanged(): void {
    this.declaredCache.clear();
    this.modulePathsCache.clear();
  }

  /** Whether an edit of this Dockerfile moved its module files (false when they were not worked out before). */
  movedByEdit(dockerfilePath: string): boolean {
    const kept = this.modulePathsCache.get(dockerfilePath);
    return !!kept && !sameModulePaths(kept.paths, this.modulePaths(dockerfilePath));
  }

  private rootOf(p: string): string | undefined {
    return this.roots()
      .filter((r) => isInside(p, r))
      .sort((a, b) => b.length - a.length)[0];
  }

  /** The file in `dir`, or (when the build reaches above it) the nearest one above. */
  private nearestReached(dir: string, name: string, reachesUp: boolean): string | undefined {
    if (reachesUp) return this.nearest(dir, name);
    const here = path.join(dir, name);
    return this.dependencies.exists(here) ? here : undefined;
  }

  /** The nearest file named `name` in `dir` or above it, not leaving the workspace folder. */
  private nearest(dir: string, name: string): string | undefined {
    const key = `${dir}\u0000${name}`;
    if (this.nearestCache.has(key)) return this.nearestCache.get(key);
    const found = this.nearestUncached(dir, name);
    this.nearestCache.set(key, found);
    return found;
  }

  private nearestUncached(dir: string, name: string): string | undefined {
    const root = this.rootOf(dir) ?? dir;
    for (let d = dir; ; d = path.dirname(d)) {
      const candidate = path.join(d, name);
      if (this.dependencies.exists(candidate)) return candidate;
      if (d === root || path.dirname(d) === d || !isInside(d, root)) return undefined;
    }
  }

  /** Where a Dockerfile's module files are: its build context, and the go.mod/go.work the build reaches. */
  private modulePaths(dockerfilePath: string): ModulePaths {
    const text = this.files.text(dockerfilePath);
    const cached = this.modulePathsCache.get(dockerfilePath);
    if (cached && cached.text === text) return cached.paths;
    const paths = this.modulePathsUncached(dockerfilePath, text ?? '');
    // Kept with the text it was worked out for, so only for the workspace's own files (see insideFolder.ts).
    if (this.files.inWorkspace(dockerfilePath)) this.modulePathsCache.set(dockerfilePath, { text, paths });
    return paths;
  }

  private modulePathsUncached(dockerfilePath: string, text: string): ModulePaths {
    // The build context (the Dockerfile's folder unless compose/bake say otherwise) is where COPY reads from.
    const declared = this.declaredContext(dockerfilePath);
    const dir = declared ?? path.dirname(dockerfilePath);
    // A go.mod above the Dockerfile's folder is in the build only if the context reaches it: known when a build
    // declares the context (then the go.mod is the one in it, none above it), or when the Dockerfile copies a go.mod
    // itself; `COPY . .` alone leaves it a guess.
    const reachesUp = declared === undefined && COPIES_MODULE_FILE.test(text);
    const goWorkPath = this.nearestReached(dir, 'go.work', reachesUp);
    // With none at or above the context, the module folder the Dockerfile copies (`COPY ./service .`).
    const goModPath = this.nearestReached(dir, 'go.mod', reachesUp) ?? (goWorkPath ? undefined : copiedModuleGoMod(text, dir));
    // A go.work counts when it is at least as close as the go.mod (a workspace around the module).
    const useWork = !!goWorkPath && (!goModPath || path.dirname(goWorkPath).length >= path.dirname(goModPath).length);
    return { dir, declared: declared !== undefined, goModPath, goWorkPath, useWork };
  }

  /** The module files a Dockerfile builds: go.mod/go.work in its folder, else the nearest above it that the build reaches. */
  moduleFilesFor(dockerfilePath: string): RelatedFiles {
    const { dir, declared, goModPath, goWorkPath, useWork } = this.modulePaths(dockerfilePath);
    const related: RelatedFiles = {
      goMod: this.dependencies.source(goModPath),
      goSum: goModPath ? this.dependencies.source(path.join(path.dirname(goModPath), 'go.sum')) : undefined,
      vendorDir: goModPath ? this.dependencies.exists(path.join(path.dirname(goModPath), 'vendor', 'modules.txt')) : false,
      contextDir: pathToUri(dir),
      contextDeclared: declared,
    };
    if (useWork && goWorkPath) {
      related.goWork = this.dependencies.source(goWorkPath);
      related.workModules = this.workModules(goWorkPath, related.goWork?.text ?? '');
    }
    return related;
  }

  /** The go.mod files of the modules a go.work uses. */
  workModules(goWorkPath: string, text: string): SourceFile[] {
    const out: SourceFile[] = [];
    for (const dir of useDirectives(text)) {
      const f = this.dependencies.source(path.resolve(path.dirname(goWorkPath), dir, 'go.mod'));
      if (f) out.push(f);
    }
    return out;
  }

  /** The first build context a compose or bake file gives this Dockerfile (undefined: none declares one). */
  declaredContext(dockerfilePath: string): string | undefined {
    if (!this.declaredCache.has(dockerfilePath)) this.declaredCache.set(dockerfilePath, declaredBuildContexts(this.builds, dockerfilePath)[0]);
    return this.declaredCache.get(dockerfilePath);
  }

  /**
   * For every go.mod and go.work (absolute paths), those of `dockerfiles` whose build resolves to it, in their order:
   * one pass over the Dockerfiles answers every module file (the workspace keeps it while module files stay put).
   */
  buildersByModuleFile(dockerfiles: readonly string[]): Map<string, string[]> {
    const byFile = new Map<string, string[]>();
    const add = (file: string, dockerfile: string) => {
      const list = byFile.get(file);
      if (!list) byFile.set(file, [dockerfile]);
      // A Dockerfile's go.mod may also be one its go.work uses: listed once.
      else if (list[list.length - 1] !== dockerfile) list.push(dockerfile);
    };
    const usedBy = new Map<string, string[]>();
    // Every Dockerfile's context: the builds of every build file, gathered in one pass.
    if (dockerfiles.length > 1) this.builds.invocations();
    for (const df of dockerfiles) {
      const { goModPath, goWorkPath, useWork } = this.modulePaths(df);
      if (goModPath) add(goModPath, df);
      if (!useWork || !goWorkPath) continue;
      add(goWorkPath, df);
      let used = usedBy.get(goWorkPath);
      if (!used) {
        used = useDirectives(this.dependencies.read(goWorkPath) ?? '').map((u) => path.resolve(path.dirname(goWorkPath), u, 'go.mod'));
        usedBy.set(goWorkPath, used);
      }
      for (const goMod of used) add(goMod, df);
    }
    return byFile;
  }

  /** Those of `dockerfiles` (absolute paths) whose build resolves to this go.mod or go.work. */
  dockerfilesBuilding(modFilePath: string, dockerfiles: readonly string[]): string[] {
    return this.buildersByModuleFile(dockerfiles).get(modFilePath) ?? [];
  }
}
