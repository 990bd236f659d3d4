// Which build files a workspace has and what they say: its Dockerfiles, CI and build files, shell scripts, found in one
// walk of the folders and kept until a file event; and the build files' texts, the editor's for an open document, else
// the disk's (read once until the file changes). Knows nothing of LSP.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToUri } from '../core/uri';
import { isBuildConfigName } from './fileKinds';
import { isDockerfileName } from '../core/fileNames';
import { isInvocationSource } from '../invocations';
import { SKIPPED_FOLDERS } from './skippedFolders';
import { isInside, isInsideAny } from './insideFolder';
import { NO_THROW_IF_MISSING } from './dependencyFiles';

/**
 * Skipped by the workspace's scan besides SKIPPED_FOLDERS, as are dot-folders: build output and Go test fixtures (the
 * go command ignores testdata too). The scan looks, unasked, for the project's builds and the evidence in its build
 * files, and a fixture or a built copy would pass for one. The CLI enters them: it lints what the user names.
 */
const UNASKED_SKIPPED = new Set(['dist', 'testdata']);
/** Folders of CI configuration that the Dockerfile scan (which skips dot-folders) would not enter. */
const CI_FOLDERS = [path.join('.github', 'workflows'), '.circleci', '.buildkite', '.woodpecker'];
export const MAX_BUILD_CONFIG_FILES = 200;
const MAX_DOCKERFILES = 5000;
const MAX_WALK_DEPTH = 12;
const MAX_BUILD_CONFIG_BYTES = 1024 * 1024;

/** Whether the walk lists this file found in one of CI_FOLDERS (their YAML files, whatever their names). */
function isCiFile(name: string): boolean {
  return /\.ya?ml$/i.test(name);
}

/** Whether the walk enters a folder of this name. */
function entersFolder(name: string): boolean {
  return !SKIPPED_FOLDERS.has(name) && !UNASKED_SKIPPED.has(name) && !name.startsWith('.');
}

/** Shell scripts only at a workspace folder and one folder down (`depth` folders in), where build scripts usually are. */
function isListedScript(name: string, depth: number): boolean {
  return depth <= 1 && /\.(sh|bash)$/i.test(name);
}

export class WorkspaceFiles {
  private dockerfileIndex: Set<string> | undefined;
  private buildConfigIndex: Set<string> | undefined;
  private shellScriptIndex: Set<string> | undefined;
  private readonly textCache = new Map<string, string | undefined>();
  private evidence: { from: Set<string>; files: readonly string[] } | undefined;
  /** Whether the last walk stopped at a limit (too deep, too many files): a file it did not list may be there. */
  private truncated = false;
  /** What the last walk found that is neither a file nor a folder by its entry (a symbolic link …): stat decides. */
  private linked = new Set<string>();
  /** The `.env` files the last walk found (a compose file reads the one beside it, in every service folder). */
  private envFiles = new Set<string>();

  constructor(
    /** Workspace folders (absolute paths). */
    private readonly roots: () => string[],
    /** Text of an open document by URI, if open. */
    private readonly openText: (uri: string) => string | undefined,
  ) {}

  /** Files may have come or gone (`changedPath`: this one; none: any). True when the index was dropped. */
  invalidate(changedPath?: string): boolean {
    if (changedPath) this.textCache.delete(changedPath);
    else this.textCache.clear();
    if (
      changedPath &&
      !isDockerfileName(path.basename(changedPath)) &&
      !isBuildConfigName(path.basename(changedPath)) &&
      !/\.(ya?ml|sh|bash|env)$/i.test(changedPath)
    )
      return false;
    this.dockerfileIndex = undefined;
    this.buildConfigIndex = undefined;
    this.shellScriptIndex = undefined;
    return true;
  }

  /** Whether the index, as built, holds this file (a Dockerfile, build file, script or `.env` it found on disk). */
  indexed(p: string): boolean {
    if (!this.dockerfileIndex || !this.buildConfigIndex || !this.shellScriptIndex) return false;
    return this.dockerfileIndex.has(p) || this.buildConfigIndex.has(p) || this.shellScriptIndex.has(p) || this.envFiles.has(p);
  }

  /** The file's text is read again next time (it is not known to have come or gone). */
  forgetText(p: string): void {
    this.textCache.delete(p);
  }

  /** Every Dockerfile under the workspace folders. */
  dockerfiles(): string[] {
    return [...this.index().dockerfiles];
  }

  /** CI and build files under the workspace folders. */
  buildConfigFiles(): string[] {
    return [...this.index().config];
  }

  /**
   * The build files whose texts the analyses read as evidence, in the walk's order: the first MAX_BUILD_CONFIG_FILES
   * Dockerfiles, then the CI and build files. The same array until the folders are walked again.
   */
  evidenceFiles(): readonly string[] {
    const { dockerfiles, config } = this.index();
    if (this.evidence?.from !== dockerfiles) this.evidence = { from: dockerfiles, files: [...[...dockerfiles].slice(0, MAX_BUILD_CONFIG_FILES), ...config] };
    return this.evidence.files;
  }

  /** Shell scripts at the workspace folders and one folder down (where build scripts usually are). */
  shellScripts(): string[] {
    return [...this.index().scripts];
  }

  /** Whether the workspace reads this file (an absolute path) for the builds it declares. */
  readsInvocationsFrom(p: string): boolean {
    const { config, scripts } = this.index();
    return isInvocationSource(p) && (config.has(p) || scripts.has(p));
  }

  private index(): { dockerfiles: Set<string>; config: Set<string>; scripts: Set<string> } {
    if (!this.dockerfileIndex || !this.buildConfigIndex || !this.shellScriptIndex) {
      const dockerfiles = new Set<string>();
      const config = new Set<string>();
      const scripts = new Set<string>();
      this.truncated = false;
      this.linked = new Set();
      this.envFiles = new Set();
      for (const root of this.roots()) {
        this.scan(root, 0, dockerfiles, config, scripts);
        for (const folder of CI_FOLDERS) {
          let names: string[];
          try {
            names = fs.readdirSync(path.join(root, folder));
          } catch {
            continue;
          }
          for (const n of names) if (isCiFile(n)) this.take(config, path.join(root, folder, n));
        }
      }
      [this.dockerfileIndex, this.buildConfigIndex, this.shellScriptIndex] = [dockerfiles, config, scripts];
    }
    return { dockerfiles: this.dockerfileIndex, config: this.buildConfigIndex, scripts: this.shellScriptIndex };
  }

  private scan(dir: string, depth: number, out: Set<string>, config: Set<string>, scripts: Set<string>): void {
    if (depth > MAX_WALK_DEPTH || out.size > MAX_DOCKERFILES) {
      this.truncated = true;
      return;
    }
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      if (e.isDirectory() && entersFolder(e.name)) this.scan(path.join(dir, e.name), depth + 1, out, config, scripts);
      else if (!e.isFile()) {
        if (!e.isDirectory()) this.linked.add(path.join(dir, e.name));
        continue;
      } else if (isDockerfileName(e.name)) out.add(path.join(dir, e.name));
      else if (isBuildConfigName(e.name)) this.take(config, path.join(dir, e.name));
      else if (isListedScript(e.name, depth)) this.take(scripts, path.join(dir, e.name));
      else if (e.name === '.env') this.envFiles.add(path.join(dir, e.name));
    }
  }

  /** Adds a build file or script unless the list is full (then the walk is incomplete). */
  private take(list: Set<string>, p: string): void {
    if (list.size >= MAX_BUILD_CONFIG_FILES) this.truncated = true;
    else list.add(p);
  }

  /**
   * Whether a walk now could list this file (an absolute path) that the index lacks: a file the walk lists by name,
   * in folders it enters, while the last walk saw everything. A file in a folder it skips (.devcontainer, testdata,
   * vendor …), or one in a workspace too large to list whole, is not looked for again each time it is opened.
   */
  mayList(p: string): boolean {
    if (this.truncated) return false;
    const root = this.roots().find((r) => isInside(p, r));
    if (root === undefined) return false;
    const folders = path.relative(root, path.dirname(p)).split(path.sep).filter(Boolean);
    const name = path.basename(p);
    if (folders.length > 0 && CI_FOLDERS.includes(path.join(...folders)) && isCiFile(name)) return true;
    if (folders.length > MAX_WALK_DEPTH || !folders.every(entersFolder)) return false;
    return isDockerfileName(name) || isBuildConfigName(name) || isListedScript(name, folders.length) || name === '.env';
  }

  /**
   * Whether the walk as it stands says there is no such file: one it would have listed, where it saw everything, and
   * did not. A compose file's override files and its .env are looked for in every service folder, and most are not
   * there: no stat is made for them. A file that comes later has a file event, which walks the folders again.
   */
  private listedNowhere(p: string): boolean {
    if (!this.dockerfileIndex || !this.buildConfigIndex || !this.shellScriptIndex) return false;
    if (this.indexed(p) || !this.mayList(p)) return false;
    // Nor in a folder the walk did not enter because its entry is a link.
    for (let at = p, up = path.dirname(p); up !== at; at = up, up = path.dirname(up)) if (this.linked.has(at)) return false;
    return true;
  }

  /** Whether the file is inside a workspace folder (what the walk and file events cover). */
  inWorkspace(p: string): boolean {
    return isInsideAny(p, this.roots());
  }

  /**
   * A build file's text: the editor's when it is open, else the disk's, re-read only after a file event for it. A
   * file outside the workspace folders is read each time: nothing says when it changes, and keeping the text of every
   * Dockerfile a user opened there would keep them all.
   */
  text(p: string): string | undefined {
    const open = this.openText(pathToUri(p));
    if (open !== undefined) return open;
    if (this.textCache.has(p)) return this.textCache.get(p);
    if (this.listedNowhere(p)) {
      this.textCache.set(p, undefined);
      return undefined;
    }
    let text: string | undefined;
    try {
      const st = fs.statSync(p, NO_THROW_IF_MISSING);
      text = st && st.isFile() && st.size <= MAX_BUILD_CONFIG_BYTES ? fs.readFileSync(p, 'utf8') : undefined;
    } catch {
      text = undefined;
    }
    if (this.inWorkspace(p)) this.textCache.set(p, text);
    return text;
  }
}
