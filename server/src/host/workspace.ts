// Finds and reads the files a document depends on: the go.mod / go.work / go.sum a Dockerfile builds, the
// Dockerfiles that build a go.mod, whether the module is vendored. Open documents win over the disk.
// Used by the language server and the CLI alike; knows nothing of LSP. The parts are beside it: the build files
// (workspaceFiles.ts), the module files read from disk (dependencyFiles.ts), where a Dockerfile's module files are
// (moduleLocations.ts), the builds and build-file lists (workspaceBuilds.ts), the request (analysisRequest.ts); this
// class tells them what changed.
import * as path from 'node:path';
import type { AnalysisRequest, DocumentKind, RelatedFiles } from '../core/request';
import type { AnalysisSettings, Locale, SourceFile } from '../core/types';
import type { BuildInvocation } from '../core/buildArgs';
import { analysisRequest, type RequestSources } from './analysisRequest';
import { DependencyFiles } from './dependencyFiles';
import { ModuleLocations } from './moduleLocations';
import { PerGenerationCache } from './perGenerationCache';
import { MAX_BUILD_FILE_LISTS, WorkspaceBuilds } from './workspaceBuilds';
import { WorkspaceFiles } from './workspaceFiles';
import { isModuleFileName } from '../core/fileNames';

const isGoWork = (p: string) => path.basename(p) === 'go.work';
/** The key of the Dockerfiles per module file (absolute paths never make it). */
const MODULE_BUILDERS = '\u0000builders';

export class Workspace {
  private readonly files: WorkspaceFiles;
  private readonly dependencies: DependencyFiles;
  private readonly builds: WorkspaceBuilds;
  private readonly modules: ModuleLocations;
  // Bumped by everything that may change what a request reads (file events, opened, edited or closed documents):
  // lists derived from every build file are worked out once per generation, not once per request.
  private readonly perReads = new PerGenerationCache(MAX_BUILD_FILE_LISTS);
  // Bumped only by what may change which go.mod a Dockerfile builds: file events, build files, and an edit that
  // changes what a Dockerfile's own text says about it (it copies a module file or folder).
  private readonly perStructure = new PerGenerationCache(MAX_BUILD_FILE_LISTS);
  private readonly requestSources: RequestSources;
  /** Whether file events come (the client watches files): they say when a file came or went. */
  private events = true;

  constructor(
    /** Workspace folders (absolute paths). */
    private roots: string[],
    /** Text of an open document by URI, if open. */
    openText: (uri: string) => string | undefined = () => undefined,
  ) {
    this.files = new WorkspaceFiles(() => this.roots, openText);
    this.dependencies = new DependencyFiles(openText);
    this.builds = new WorkspaceBuilds(this.files, () => this.roots);
    this.modules = new ModuleLocations(() => this.roots, this.files, this.dependencies, this.builds);
    this.requestSources = {
      moduleFilesFor: (p) => this.moduleFilesFor(p),
      workModules: (p, text) => this.modules.workModules(p, text),
      declaredContext: (p) => this.modules.declaredContext(p),
      dockerfilesBuilding: (p, open) => this.dockerfilesBuilding(p, open),
      buildFiles: (except) => this.buildFiles(except),
      invocationsOf: (p) => this.invocationsOf(p),
      buildFileText: (p) => this.buildFileText(p),
      source: (p) => this.dependencies.source(p),
      exists: (p) => this.dependencies.exists(p),
    };
  }

  get rootPaths(): string[] {
    return [...this.roots];
  }

  setRoots(roots: string[]): void {
    this.roots = roots;
    this.files.invalidate();
    this.builds.forgetParsedBuilds();
    this.textChanged();
  }

  /** Whether file events will say when a file changes on disk; without them, module files are checked on every read. */
  fileEvents(come: boolean): void {
    this.events = come;
    this.dependencies.fileEvents(come);
  }

  /** A file on disk came or went (or changed, with nothing to say which): forget what the index may have wrong. */
  invalidate(changedPath?: string): void {
    // Anything may have changed, how a file is read included (the server calls this once the HCL parser is loaded).
    if (!changedPath) this.builds.forgetParsedBuilds();
    this.perReads.nextGeneration();
    this.perStructure.nextGeneration();
    this.dependencies.forget(changedPath);
    this.builds.forgetSourceFiles();
    this.modules.filesChanged();
    if (this.files.invalidate(changedPath)) this.textChanged();
    else this.textChanged(changedPath);
  }

  /**
   * A file on disk was written (a file event of kind `changed`): what was read from it goes. The files did not come or
   * go, so the index stays and the workspace is not walked again: saving a Dockerfile or a YAML file is the most
   * frequent file event. A file the index lacks but a walk would list may be new: as after any other file event.
   */
  written(changedPath: string): void {
    if (!this.files.indexed(changedPath) && this.files.mayList(changedPath)) return this.invalidate(changedPath);
    this.dependencies.forget(changedPath);
    this.textChanged(changedPath);
    // Then as an edit: nothing came or went, so only a Dockerfile's or a go.work's text can move the modules a build reaches.
    this.edited(changedPath);
  }

  /**
   * A document was opened. A file the index already holds has not come or gone: only its text is read again, and
   * the workspace is not walked and its build files not parsed again on every open. Nor for a file outside the
   * workspace folders or an untitled document: the walk never sees them. Nor, when file events come, for any file:
   * a new one's event says so. Without them, a file the index lacks but a walk would list may be new: as after a
   * file event. One the walk never lists (in .devcontainer, testdata …) is not: walking again would not find it.
   */
  opened(openedPath: string | undefined): void {
    if (!openedPath) return;
    if (this.events || this.files.indexed(openedPath) || !this.files.mayList(openedPath)) this.textChanged(openedPath);
    else this.invalidate(openedPath);
    this.presenceChanged(openedPath);
  }

  /** A document was closed: its text is the disk's again, and the file may not be there at all. */
  closed(closedPath: string | undefined): void {
    this.edited(closedPath);
    if (closedPath) this.presenceChanged(closedPath);
  }

  /**
   * An open document counts as a file: a go.mod or go.work opened before it is saved, or closed after it was deleted,
   * appears or vanishes for the lookups of the nearest module files, which are kept until something moves them.
   */
  private presenceChanged(p: string): void {
    // The files whose nearest one a Dockerfile's build reaches (moduleLocations.ts).
    if (!isModuleFileName(path.basename(p))) return;
    this.modules.filesChanged();
    this.perStructure.nextGeneration();
  }

  /**
   * The text of a build file changed without the workspace's files changing (an edit in the editor, the editor's text
   * given up for the disk's): what was read from it goes. `changedPath` undefined: from any file.
   */
  textChanged(changedPath?: string): void {
    this.perReads.nextGeneration();
    this.builds.textMayChange(changedPath);
    // Closed, the file is read from disk again: the editor may have written it.
    if (changedPath) this.files.forgetText(changedPath);
    // Only the builds a file declares move contexts (which go.mod a Dockerfile builds follows from its context and
    // which files exist; a Dockerfile's own text is checked where it is used). Opening or editing a Dockerfile keeps them.
    if (!changedPath || this.files.readsInvocationsFrom(changedPath) || /\.env$/i.test(changedPath)) {
      this.builds.forgetInvocations();
      this.perStructure.nextGeneration();
      this.modules.buildsChanged();
    }
  }

  /** An open document's text changed (and, through closed(), when it was closed: its text is the disk's again). */
  edited(changedPath: string | undefined): void {
    this.perReads.nextGeneration();
    // A document without a path (untitled) is no build file of the workspace.
    if (changedPath) this.builds.textMayChange(changedPath);
    // A Dockerfile's own text decides whether the build reaches a go.mod above it or in a folder it copies, and a
    // go.work's `use` lines which modules the Dockerfiles that build it build.
    if (changedPath && (isGoWork(changedPath) || this.modules.movedByEdit(changedPath))) this.perStructure.nextGeneration();
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
    return this.dependencies.read(p);
  }

  /** The module files a Dockerfile builds: go.mod/go.work in its folder, else the nearest above it that the build reaches. */
  moduleFilesFor(dockerfilePath: string): RelatedFiles {
    return this.modules.moduleFilesFor(dockerfilePath);
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
    return this.builds.invocations();
  }

  /** Whether a docker-bake.hcl is among the build files: its builds are read only once the HCL parser is loaded. */
  hasBakeHcl(): boolean {
    return this.builds.hasBakeHcl();
  }

  /** The invocations that build this Dockerfile. */
  invocationsOf(dockerfilePath: string): BuildInvocation[] {
    return this.builds.invocationsOf(dockerfilePath);
  }

  /** The Dockerfiles (absolute paths) that the builds this file declares build. */
  dockerfilesBuiltBy(p: string): string[] {
    return this.builds.dockerfilesBuiltBy(p);
  }

  /** The workspace's build configuration besides `except`: its other Dockerfiles and its CI files. */
  buildFiles(except: string[]): SourceFile[] {
    // The whole list once (under a key no list of absolute paths makes), then per exception: every Dockerfile a go.mod
    // edit re-checks leaves itself out.
    const all = this.perReads.once('\u0000', () => this.builds.buildFiles());
    return this.perReads.once(except.join('\u0000'), () => this.builds.buildFilesWithout(all, except));
  }

  /** The Dockerfiles whose build resolves to this go.mod or go.work (plus open ones not yet on disk). */
  dockerfilesBuilding(modFilePath: string, openDockerfiles: readonly string[] = []): string[] {
    // The workspace's own Dockerfiles once per generation of what moves module files (an edit of an open one that
    // moves its module starts a new one), whichever documents are open.
    const inWorkspace = this.perStructure.once(MODULE_BUILDERS, () => this.modules.buildersByModuleFile(this.files.dockerfiles())).get(modFilePath) ?? [];
    // Open ones the walk did not find (outside the folders, or new) each time: nothing kept tells when an edit moves them.
    const others = openDockerfiles.filter((p) => !this.files.indexed(p));
    return others.length === 0 ? inWorkspace : [...inWorkspace, ...this.modules.dockerfilesBuilding(modFilePath, others)];
  }

  /** The analysis request for a document, with everything it depends on resolved. */
  request(file: SourceFile, kind: DocumentKind, settings: AnalysisSettings, locale: Locale, openDockerfiles: readonly string[] = []): AnalysisRequest {
    return analysisRequest(this.requestSources, file, kind, settings, locale, openDockerfiles);
  }
}
