// Finds and reads the files a document depends on: the go.mod / go.work / go.sum a Dockerfile builds, the
// Dockerfiles that build a go.mod, whether the module is vendored. Open documents win over the disk.
// Used by the language server and the CLI alike; knows nothing of LSP.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { AnalysisRequest, DocumentKind, RelatedFiles } from './core/request';
import type { AnalysisSettings, Locale, SourceFile } from './core/types';
import { buildContextDirs, declaredBuildContexts } from './buildContexts';
import { copiedModuleGoMod, missingCopySources } from './copySources';
import { buildScriptsFor } from './buildScripts';
import { parseGoMod } from './syntax/gomod';
import type { BuildInvocation } from './core/buildArgs';
import { invocationsBuilding, isBakeHclName, workspaceInvocations } from './invocations';

/** The largest file we read from disk as a dependency (a go.mod of 3,000 requires is ~150 KB). */
const MAX_DEPENDENCY_BYTES = 8 * 1024 * 1024;
const SKIPPED_DIRS = new Set(['node_modules', '.git', 'vendor', '.hg', '.svn', 'dist', 'testdata']);

export function documentKind(uriOrPath: string, languageId?: string): DocumentKind | undefined {
  switch (languageId) {
    case 'dockerfile':
      return 'dockerfile';
    case 'go.mod':
    case 'gomod':
      return 'gomod';
    case 'go.work':
    case 'gowork':
      return 'gowork';
  }
  const base = decodeURIComponent(uriOrPath.split(/[\\/]/).pop() ?? '');
  if (base === 'go.mod') return 'gomod';
  if (base === 'go.work') return 'gowork';
  if (isDockerfileName(base)) return 'dockerfile';
  return undefined;
}

export function isDockerfileName(base: string): boolean {
  return /^(Dockerfile|Containerfile)$/i.test(base) || /\.(Dockerfile|Containerfile)$/i.test(base) || /^(Dockerfile|Containerfile)\./i.test(base);
}

export function uriToPath(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}

export function pathToUri(p: string): string {
  return pathToFileURL(p).toString();
}

function isInside(child: string, parent: string): boolean {
  const rel = path.relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/** CI and build files that may set Go variables or hold credentials for a build (evidence of private modules). */
export function isBuildConfigName(base: string): boolean {
  return /^(Makefile|GNUmakefile|Jenkinsfile|\.gitlab-ci\.ya?ml|\.drone\.ya?ml|azure-pipelines\.ya?ml|cloudbuild\.ya?ml|skaffold\.ya?ml|\.goreleaser\.ya?ml|docker-bake\.(hcl|json)|(docker-)?compose[\w.-]*\.ya?ml)$/i.test(base) || /\.mk$/i.test(base);
}

/** Folders of CI configuration that the Dockerfile scan (which skips dot-folders) would not enter. */
/** A COPY or ADD that names a module file: the build context holds the go.mod the Dockerfile builds. */
const COPIES_MODULE_FILE = /^[ \t]*(COPY|ADD)\b[^\n]*\bgo\.(mod|sum|work|\*)/im;

const CI_FOLDERS = [path.join('.github', 'workflows'), '.circleci', '.buildkite', '.woodpecker'];
const MAX_BUILD_CONFIG_FILES = 200;
const MAX_BUILD_CONFIG_BYTES = 1024 * 1024;

export class Workspace {
  private dockerfileIndex: Set<string> | undefined;
  private buildConfigIndex: Set<string> | undefined;
  private shellScriptIndex: string[] | undefined;
  private invocationIndex: BuildInvocation[] | undefined;
  // What every keystroke in a Dockerfile would otherwise read again from disk, for every Dockerfile of the workspace:
  // build-file texts, declared build contexts and nearest go.mod/go.work lookups. File events clear them
  // (invalidate); open documents are read from the editor each time.
  private readonly textCache = new Map<string, string | undefined>();
  private readonly declaredCache = new Map<string, string | undefined>();
  private readonly nearestCache = new Map<string, string | undefined>();

  constructor(
    /** Workspace folders (absolute paths). */
    private roots: string[],
    /** Text of an open document by URI, if open. */
    private readonly openText: (uri: string) => string | undefined = () => undefined,
  ) {}

  get rootPaths(): string[] {
    return [...this.roots];
  }

  setRoots(roots: string[]): void {
    this.roots = roots;
    this.dockerfileIndex = undefined;
    this.buildConfigIndex = undefined;
    this.shellScriptIndex = undefined;
    this.invocationIndex = undefined;
  }

  /** A file on disk or in the editor changed: forget what the index may have wrong. */
  invalidate(changedPath?: string): void {
    if (changedPath) this.textCache.delete(changedPath);
    else this.textCache.clear();
    // A new or deleted go.mod, compose or bake file can move any Dockerfile's context or module.
    this.declaredCache.clear();
    this.nearestCache.clear();
    if (!changedPath || isDockerfileName(path.basename(changedPath)) || isBuildConfigName(path.basename(changedPath)) || /\.(ya?ml|sh|bash|env)$/i.test(changedPath)) {
      this.dockerfileIndex = undefined;
      this.buildConfigIndex = undefined;
      this.shellScriptIndex = undefined;
      this.invocationIndex = undefined;
    }
  }

  read(p: string): string | undefined {
    const open = this.openText(pathToUri(p));
    if (open !== undefined) return open;
    try {
      const st = fs.statSync(p);
      if (!st.isFile() || st.size > MAX_DEPENDENCY_BYTES) return undefined;
      return fs.readFileSync(p, 'utf8');
    } catch {
      return undefined;
    }
  }

  private exists(p: string): boolean {
    if (this.openText(pathToUri(p)) !== undefined) return true;
    try {
      return fs.statSync(p).isFile();
    } catch {
      return false;
    }
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
  private modulePaths(dockerfilePath: string): { dir: string; declared: boolean; goModPath?: string; goWorkPath?: string; useWork: boolean } {
    // The build context (the Dockerfile's folder unless compose/bake say otherwise) is where COPY reads from.
    const declared = this.declaredContext(dockerfilePath);
    const dir = declared ?? path.dirname(dockerfilePath);
    // A go.mod above the Dockerfile's folder is in the build only if the context reaches it: known when a build
    // declares the context (then the go.mod is the one in it, none above it), or when the Dockerfile copies a go.mod
    // itself; `COPY . .` alone leaves it a guess.
    const reachesUp = declared === undefined && COPIES_MODULE_FILE.test(this.readBuildConfig(dockerfilePath) ?? '');
    const goWorkPath = this.nearestReached(dir, 'go.work', reachesUp);
    // With none at or above the context, the module folder the Dockerfile copies (`COPY ./service .`).
    const goModPath = this.nearestReached(dir, 'go.mod', reachesUp) ?? (goWorkPath ? undefined : copiedModuleGoMod(this.readBuildConfig(dockerfilePath) ?? '', dir));
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
    this.index();
    return [...this.dockerfileIndex!];
  }

  /** CI and build files under the workspace folders (cached until invalidated). */
  buildConfigFiles(): string[] {
    this.index();
    return [...this.buildConfigIndex!];
  }

  /** Shell scripts at the workspace folders and one folder down (where build scripts usually are). */
  shellScripts(): string[] {
    this.index();
    return [...this.shellScriptIndex!];
  }

  /** Every way the workspace builds a Dockerfile: compose, bake, workflows, GitLab CI, Makefiles, scripts. */
  invocations(): BuildInvocation[] {
    this.invocationIndex ??= workspaceInvocations({
      read: (p) => this.readBuildConfig(p),
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

  private index(): void {
    if (this.dockerfileIndex && this.buildConfigIndex && this.shellScriptIndex) return;
    this.dockerfileIndex = new Set();
    this.buildConfigIndex = new Set();
    this.shellScriptIndex = [];
    for (const root of this.roots) {
      this.scan(root, 0, this.dockerfileIndex, this.buildConfigIndex, this.shellScriptIndex);
      for (const folder of CI_FOLDERS) {
        let names: string[] = [];
        try {
          names = fs.readdirSync(path.join(root, folder));
        } catch {
          continue;
        }
        for (const n of names) if (/\.ya?ml$/i.test(n) && this.buildConfigIndex.size < MAX_BUILD_CONFIG_FILES) this.buildConfigIndex.add(path.join(root, folder, n));
      }
    }
  }

  /** A build configuration file's text, re-read only when its size or modification time changes. */
  private readBuildConfig(p: string): string | undefined {
    const open = this.openText(pathToUri(p));
    if (open !== undefined) return open;
    if (this.textCache.has(p)) return this.textCache.get(p);
    let text: string | undefined;
    try {
      const st = fs.statSync(p);
      text = st.isFile() && st.size <= MAX_BUILD_CONFIG_BYTES ? fs.readFileSync(p, 'utf8') : undefined;
    } catch {
      text = undefined;
    }
    this.textCache.set(p, text);
    return text;
  }

  /** The first build context a compose or bake file gives this Dockerfile (undefined: none declares one). */
  private declaredContext(dockerfilePath: string): string | undefined {
    if (!this.declaredCache.has(dockerfilePath)) this.declaredCache.set(dockerfilePath, declaredBuildContexts(this, dockerfilePath)[0]);
    return this.declaredCache.get(dockerfilePath);
  }

  /** The workspace's build configuration besides `except`: its other Dockerfiles and its CI files. */
  buildFiles(except: string[]): SourceFile[] {
    const skip = new Set(except);
    const out: SourceFile[] = [];
    for (const p of [...this.dockerfiles().slice(0, MAX_BUILD_CONFIG_FILES), ...this.buildConfigFiles()]) {
      if (skip.has(p)) continue;
      const text = this.readBuildConfig(p);
      if (text !== undefined) out.push({ uri: pathToUri(p), text });
    }
    return out;
  }

  private scan(dir: string, depth: number, out: Set<string>, config: Set<string>, scripts: string[]): void {
    if (depth > 12 || out.size > 5000) return;
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      if (e.isDirectory() && !SKIPPED_DIRS.has(e.name) && !e.name.startsWith('.')) this.scan(path.join(dir, e.name), depth + 1, out, config, scripts);
      else if (e.isFile() && isDockerfileName(e.name)) out.add(path.join(dir, e.name));
      else if (e.isFile() && isBuildConfigName(e.name) && config.size < MAX_BUILD_CONFIG_FILES) config.add(path.join(dir, e.name));
      // Shell scripts only at a workspace folder and one folder down, where build scripts usually are.
      else if (depth <= 1 && e.isFile() && /\.(sh|bash)$/i.test(e.name) && scripts.length < MAX_BUILD_CONFIG_FILES) scripts.push(path.join(dir, e.name));
    }
  }

  /** The Dockerfiles whose build resolves to this go.mod or go.work (plus open ones not yet on disk). */
  dockerfilesBuilding(modFilePath: string, openDockerfiles: string[] = []): string[] {
    const all = new Set([...this.dockerfiles(), ...openDockerfiles]);
    return [...all].filter((df) => {
      const { goModPath, goWorkPath, useWork } = this.modulePaths(df);
      if (path.basename(modFilePath) === 'go.work') return useWork && goWorkPath === modFilePath;
      if (goModPath === modFilePath) return true;
      // A module used by the go.work the Dockerfile builds.
      return useWork && !!goWorkPath && useDirectives(this.read(goWorkPath) ?? '').some((u) => path.resolve(path.dirname(goWorkPath), u, 'go.mod') === modFilePath);
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
      related.buildScripts = buildScriptsFor(file, copyContext, (f) => this.readBuildConfig(f));
      const goModPath = related.goMod && uriToPath(related.goMod.uri);
      if (goModPath) related.siblingDockerfiles = this.dockerfilesBuilding(goModPath, openDockerfiles).filter((d) => d !== p).sort().map((d) => pathToUri(d));
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
    };
    if (kind === 'gowork') related.workModules = this.workModules(p, file.text);
    return { file, kind, related, settings, locale };
  }
}

/** `use` directories of a go.work (the go.work parser's own reading of them). */
export function useDirectives(text: string): string[] {
  return parseGoMod(text, 'file:///go.work', 'gowork').uses.map((u) => u.path);
}
