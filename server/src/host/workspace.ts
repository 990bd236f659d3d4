// Finds and reads the files a document depends on: the go.mod / go.work / go.sum a Dockerfile builds, the
// Dockerfiles that build a go.mod, whether the module is vendored. Open documents win over the disk.
// Used by the language server and the CLI alike; knows nothing of LSP.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AnalysisRequest, DocumentKind, RelatedFiles } from '../core/request';
import type { AnalysisSettings, Locale, SourceFile } from '../core/types';
import { buildContextDirs, declaredBuildContexts } from './buildContexts';
import { copiedModuleGoMod, missingCopySources } from './copySources';
import { buildScriptsFor } from './buildScripts';
import { useDirectives } from '../syntax/gomod';
import { pathToUri, uriToPath } from '../core/uri';
import { isTooLarge } from '../core/limits';
import type { BuildInvocation } from '../core/buildArgs';
import { invocationsBuilding, isBakeHclName, workspaceInvocations } from '../invocations';
import { MAX_BUILD_CONFIG_FILES, WorkspaceFiles } from './workspaceFiles';

/** The largest file we read from disk as a dependency (a go.mod of 3,000 requires is ~150 KB). */
const MAX_DEPENDENCY_BYTES = 8 * 1024 * 1024;
/** Build-file lists kept (one per document that asks): enough for every open Dockerfile of a large workspace. */
const MAX_BUILD_FILE_LISTS = 512;

function isInside(child: string, parent: string): boolean {
  const rel = path.relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

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

/** A module file's text from disk; undefined when it is missing, not a regular file or too large to be one. */
function readDependency(p: string): string | undefined {
  try {
    const st = fs.statSync(p);
    if (!st.isFile() || st.size > MAX_DEPENDENCY_BYTES) return undefined;
    return fs.readFileSync(p, 'utf8');
  } catch {
    return undefined;
  }
}

export class Workspace {
  private readonly files: WorkspaceFiles;
  private invocationIndex: BuildInvocation[] | undefined;
  // What every keystroke in a Dockerfile would otherwise work out again, for every Dockerfile of the workspace:
  // declared build contexts and nearest go.mod/go.work lookups. File events and edits of build files clear them.
  private readonly declaredCache = new Map<string, string | undefined>();
  private readonly nearestCache = new Map<string, string | undefined>();
  // Where each Dockerfile's module files are, for the text it had: a go.mod edit re-checks every Dockerfile that
  // builds it, and each of those asks which Dockerfiles build the go.mod.
  // Module files read from disk (go.mod, go.sum, go.work, vendor/modules.txt; undefined: none), kept until a file
  // event names them: every re-check of a Dockerfile reads its go.sum again otherwise.
  private readonly diskCache = new Map<string, string | undefined>();
  private readonly existsCache = new Map<string, boolean>();
  private readonly buildFileLists = new Map<string, SourceFile[]>();
  private readonly sourceFiles = new Map<string, SourceFile>();
  // Bumped by everything that may change what a request reads (file events, opened, edited or closed documents):
  // lists derived from every build file are worked out once per generation, not once per request.
  private generation = 0;
  // Bumped only by what may change which go.mod a Dockerfile builds: file events, build files, and an edit that
  // changes what a Dockerfile's own text says about it (it copies a module file or folder).
  private structure = 0;
  private readonly perGeneration = new Map<string, { generation: number; value: unknown }>();
  private readonly modulePathsCache = new Map<string, { text: string | undefined; paths: ModulePaths }>();

  constructor(
    /** Workspace folders (absolute paths). */
    private roots: string[],
    /** Text of an open document by URI, if open. */
    private readonly openText: (uri: string) => string | undefined = () => undefined,
  ) {
    this.files = new WorkspaceFiles(() => this.roots, openText);
  }

  get rootPaths(): string[] {
    return [...this.roots];
  }

  setRoots(roots: string[]): void {
    this.roots = roots;
    this.files.invalidate();
    this.textChanged();
  }

  /** A file on disk changed, came or went: forget what the index may have wrong. */
  invalidate(changedPath?: string): void {
    this.generation++;
    this.structure++;
    if (changedPath) (this.diskCache.delete(changedPath), this.existsCache.delete(changedPath));
    else (this.diskCache.clear(), this.existsCache.clear());
    this.sourceFiles.clear();
    // A new or deleted go.mod, go.work, compose or bake file can move any Dockerfile's context or module.
    this.nearestCache.clear();
    this.modulePathsCache.clear();
    if (this.files.invalidate(changedPath)) this.textChanged();
    else this.textChanged(changedPath);
  }

  /**
   * A document was opened. A file the index already holds has not come or gone: only its text is read again, and
   * the workspace is not walked and its build files not parsed again on every open. A file the index does not
   * hold may be new: as after a file event.
   */
  opened(openedPath: string | undefined): void {
    if (openedPath && this.files.indexed(openedPath)) this.textChanged(openedPath);
    else this.invalidate(openedPath);
  }

  /**
   * The text of a build file changed without the workspace's files changing (an edit in the editor, the editor's text
   * given up for the disk's): what was read from it goes. `changedPath` undefined: from any file.
   */
  textChanged(changedPath?: string): void {
    this.generation++;
    // Closed, the file is read from disk again: the editor may have written it.
    if (changedPath) this.files.forgetText(changedPath);
    // Only the builds a file declares move contexts (which go.mod a Dockerfile builds follows from its context and
    // which files exist; a Dockerfile's own text is checked where it is used). Opening or editing a Dockerfile keeps them.
    if (!changedPath || this.files.readsInvocationsFrom(changedPath) || /\.env$/i.test(changedPath)) {
      this.invocationIndex = undefined;
      this.structure++;
      this.declaredCache.clear();
      this.modulePathsCache.clear();
    }
  }

  /** An open document's text changed, or it was closed (its text is the disk's again). */
  edited(changedPath: string | undefined): void {
    this.generation++;
    // A Dockerfile's own text decides whether the build reaches a go.mod above it or in a folder it copies.
    const kept = changedPath && this.modulePathsCache.get(changedPath);
    if (kept && !sameModulePaths(kept.paths, this.modulePaths(changedPath))) this.structure++;
  }

  /** `compute()` once per key and generation (`structural`: of the structure only). */
  private once<T>(key: string, compute: () => T, structural = false): T {
    const now = structural ? -1 - this.structure : this.generation;
    const kept = this.perGeneration.get(key);
    if (kept && kept.generation === now) return kept.value as T;
    const value = compute();
    if (this.perGeneration.size >= MAX_BUILD_FILE_LISTS) this.perGeneration.clear();
    this.perGeneration.set(key, { generation: now, value });
    return value;
  }

  /** Whether this file (an absolute path) is one the workspace reads for the builds it declares. */
  readsInvocationsFrom(p: string): boolean {
    return this.files.readsInvocationsFrom(p);
  }

  /** A build file's text as the analyses read it: the editor's when open, else the disk's. */
  buildFileText(p: string): string | undefined {
    return this.files.text(p);
  }

  read(p: string): string | undefined {
    const open = this.openText(pathToUri(p));
    if (open !== undefined) return open;
    if (this.diskCache.has(p)) return this.diskCache.get(p);
    const text = readDependency(p);
    this.diskCache.set(p, text);
    return text;
  }

  private exists(p: string): boolean {
    if (this.openText(pathToUri(p)) !== undefined) return true;
    let found = this.existsCache.get(p);
    if (found === undefined) {
      try {
        found = fs.statSync(p).isFile();
      } catch {
        found = false;
      }
      this.existsCache.set(p, found);
    }
    return found;
  }

  private rootOf(p: string): string | undefined {
    return this.roots.filter((r) => isInside(p, r)).sort((a, b) => b.length - a.length)[0];
  }

  /** The file in `dir`, or (when the build reaches above it) the nearest one above. */
  private nearestReached(dir: string, name: string, reachesUp: boolean): string | undefined {
    if (reachesUp) return this.nearest(dir, name);
    const here = path.join(dir, name);
    return this.exists(here) ? here : undefined;
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
      if (this.exists(candidate)) return candidate;
      if (d === root || path.dirname(d) === d || !isInside(d, root)) return undefined;
    }
  }

  private source(p: string | undefined): SourceFile | undefined {
    if (!p) return undefined;
    const text = this.read(p);
    return text === undefined ? undefined : { uri: pathToUri(p), text };
  }

  /** Where a Dockerfile's module files are: its build context, and the go.mod/go.work the build reaches. */
  private modulePaths(dockerfilePath: string): ModulePaths {
    const text = this.files.text(dockerfilePath);
    const cached = this.modulePathsCache.get(dockerfilePath);
    if (cached && cached.text === text) return cached.paths;
    const paths = this.modulePathsUncached(dockerfilePath, text ?? '');
    this.modulePathsCache.set(dockerfilePath, { text, paths });
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
      goMod: this.source(goModPath),
      goSum: goModPath ? this.source(path.join(path.dirname(goModPath), 'go.sum')) : undefined,
      vendorDir: goModPath ? this.exists(path.join(path.dirname(goModPath), 'vendor', 'modules.txt')) : false,
      contextDir: pathToUri(dir),
      contextDeclared: declared,
    };
    if (useWork && goWorkPath) {
      related.goWork = this.source(goWorkPath);
      related.workModules = this.workModules(goWorkPath, related.goWork?.text ?? '');
    }
    return related;
  }

  private workModules(goWorkPath: string, text: string): SourceFile[] {
    const out: SourceFile[] = [];
    for (const dir of useDirectives(text)) {
      const f = this.source(path.resolve(path.dirname(goWorkPath), dir, 'go.mod'));
      if (f) out.push(f);
    }
    return out;
  }

  /** Every Dockerfile under the workspace folders (cached until invalidated). */
  dockerfiles(): string[] {
    return this.files.dockerfiles();
  }

  /** CI and build files under the workspace folders (cached until invalidated). */
  buildConfigFiles(): string[] {
    return this.files.buildConfigFiles();
  }

  /** Shell scripts at the workspace folders and one folder down (where build scripts usually are). */
  shellScripts(): string[] {
    return this.files.shellScripts();
  }

  /** Every way the workspace builds a Dockerfile: compose, bake, workflows, GitLab CI, Makefiles, scripts. */
  invocations(): BuildInvocation[] {
    this.invocationIndex ??= workspaceInvocations({
      // An open file is as large as the editor holds it: past the analysis's limit it declares nothing, like on disk.
      read: (p) => {
        const text = this.files.text(p);
        return text === undefined || isTooLarge(text) ? undefined : text;
      },
      rootPaths: this.roots,
      buildConfigFiles: () => this.buildConfigFiles(),
      shellScripts: () => this.shellScripts(),
    });
    return this.invocationIndex;
  }

  /** Whether a docker-bake.hcl is among the build files: its builds are read only once the HCL parser is loaded. */
  hasBakeHcl(): boolean {
    return this.buildConfigFiles().some((f) => isBakeHclName(path.basename(f)));
  }

  /** The invocations that build this Dockerfile. */
  invocationsOf(dockerfilePath: string): BuildInvocation[] {
    return invocationsBuilding(this.invocations(), dockerfilePath);
  }

  /** The Dockerfiles (absolute paths) that the builds this file declares build. */
  dockerfilesBuiltBy(p: string): string[] {
    const uri = pathToUri(p);
    return [
      ...new Set(
        this.invocations()
          .filter((inv) => inv.uri === uri)
          .map((inv) => fileURLToPath(inv.dockerfile)),
      ),
    ];
  }

  /** The first build context a compose or bake file gives this Dockerfile (undefined: none declares one). */
  private declaredContext(dockerfilePath: string): string | undefined {
    if (!this.declaredCache.has(dockerfilePath)) this.declaredCache.set(dockerfilePath, declaredBuildContexts(this, dockerfilePath)[0]);
    return this.declaredCache.get(dockerfilePath);
  }

  /** The workspace's build configuration besides `except`: its other Dockerfiles and its CI files. */
  buildFiles(except: string[]): SourceFile[] {
    return this.once(`buildFiles\u0000${except.join('\u0000')}`, () => this.buildFilesNow(except));
  }

  private buildFilesNow(except: string[]): SourceFile[] {
    const skip = new Set(except);
    const files: SourceFile[] = [];
    for (const p of [...this.dockerfiles().slice(0, MAX_BUILD_CONFIG_FILES), ...this.buildConfigFiles()]) {
      if (skip.has(p)) continue;
      const text = this.files.text(p);
      if (text === undefined) continue;
      // One object per file and text, shared by every list that holds it.
      let file = this.sourceFiles.get(p);
      if (file?.text !== text) this.sourceFiles.set(p, (file = { uri: pathToUri(p), text }));
      files.push(file);
    }
    // The same list as last time for these exceptions (same files, same texts) is the same array: what the analyses
    // derive from it (the privacy evidence of the whole build configuration) is then kept, not worked out again for
    // each of the Dockerfiles a go.mod edit re-checks.
    const key = except.join('\u0000');
    const kept = this.buildFileLists.get(key);
    if (kept && kept.length === files.length && kept.every((f, i) => f === files[i])) return kept;
    if (this.buildFileLists.size >= MAX_BUILD_FILE_LISTS) this.buildFileLists.clear();
    this.buildFileLists.set(key, files);
    return files;
  }

  /** The Dockerfiles whose build resolves to this go.mod or go.work (plus open ones not yet on disk). */
  dockerfilesBuilding(modFilePath: string, openDockerfiles: string[] = []): string[] {
    return this.once(
      `building\u0000${modFilePath}\u0000${openDockerfiles.join('\u0000')}`,
      () => this.dockerfilesBuildingNow(modFilePath, openDockerfiles),
      true,
    );
  }

  private dockerfilesBuildingNow(modFilePath: string, openDockerfiles: string[]): string[] {
    const all = new Set([...this.dockerfiles(), ...openDockerfiles]);
    return [...all].filter((df) => {
      const { goModPath, goWorkPath, useWork } = this.modulePaths(df);
      if (path.basename(modFilePath) === 'go.work') return useWork && goWorkPath === modFilePath;
      if (goModPath === modFilePath) return true;
      // A module used by the go.work the Dockerfile builds.
      return (
        useWork && !!goWorkPath && useDirectives(this.read(goWorkPath) ?? '').some((u) => path.resolve(path.dirname(goWorkPath), u, 'go.mod') === modFilePath)
      );
    });
  }

  /** The analysis request for a document, with everything it depends on resolved. */
  request(file: SourceFile, kind: DocumentKind, settings: AnalysisSettings, locale: Locale, openDockerfiles: string[] = []): AnalysisRequest {
    const p = uriToPath(file.uri);
    if (!p) return { file, kind, related: {}, settings, locale };
    if (kind === 'dockerfile') {
      const related = this.moduleFilesFor(p);
      related.buildFiles = this.buildFiles([p]);
      related.invocations = this.invocationsOf(p);
      // COPY reads from the context the module files were found in: a go.mod above the Dockerfile's folder that the
      // build reaches makes that folder the context.
      const goModDir = related.goMod && uriToPath(related.goMod.uri) ? path.dirname(uriToPath(related.goMod.uri)!) : undefined;
      const contextDir = uriToPath(related.contextDir ?? '') ?? path.dirname(p);
      const copyContext = !related.contextDeclared && goModDir && goModDir.length < contextDir.length ? goModDir : contextDir;
      related.missingCopySources = missingCopySources(file.text, copyContext);
      related.buildScripts = buildScriptsFor(file, copyContext, (f) => this.files.text(f));
      const goModPath = related.goMod && uriToPath(related.goMod.uri);
      if (goModPath)
        related.siblingDockerfiles = this.dockerfilesBuilding(goModPath, openDockerfiles)
          .filter((d) => d !== p)
          .sort()
          .map((d) => pathToUri(d));
      return { file, kind, related, settings, locale };
    }
    const dockerfilePaths = this.dockerfilesBuilding(p, openDockerfiles).sort();
    const dockerfiles = dockerfilePaths.map((d) => this.source(d)).filter((f): f is SourceFile => !!f);
    const dir = path.dirname(p);
    const related: RelatedFiles = {
      dockerfiles,
      goSum: kind === 'gomod' ? this.source(path.join(dir, 'go.sum')) : undefined,
      vendorDir: this.exists(path.join(dir, 'vendor', 'modules.txt')),
      contextDir: dockerfilePaths[0] ? pathToUri(buildContextDirs(this, dockerfilePaths[0])[0] ?? path.dirname(dockerfilePaths[0])) : undefined,
      contextDeclared: dockerfilePaths[0] ? this.declaredContext(dockerfilePaths[0]) !== undefined : false,
      buildFiles: this.buildFiles(dockerfilePaths),
      dockerfileInvocations: Object.fromEntries(dockerfilePaths.map((d) => [pathToUri(d), this.invocationsOf(d)])),
    };
    if (kind === 'gowork') related.workModules = this.workModules(p, file.text);
    return { file, kind, related, settings, locale };
  }
}
