// What the workspace's build files declare and give the analyses: the builds of its Dockerfiles (compose, bake,
// workflows, GitLab CI, Makefiles, scripts), kept until a build file changes, and the lists of its build files that
// the analyses read as evidence, one object per file and text.
import * as path from 'node:path';
import type { SourceFile } from '../core/types';
import { sameElements } from '../core/memo';
import { listWithout } from '../core/fileLists';
import { pathToUri, uriToPath } from '../core/uri';
import { isTooLarge } from '../core/limits';
import type { BuildInvocation } from '../core/buildArgs';
import { InvocationMemo, invocationsBuilding, isBakeHclName, workspaceInvocations, type InvocationFiles } from '../invocations';
import type { WorkspaceFiles } from './workspaceFiles';

/** Build-file lists kept (one per document that asks): enough for every open Dockerfile of a large workspace. */
export const MAX_BUILD_FILE_LISTS = 512;

/** Dockerfiles whose invocations are gathered one by one before all are (see invocationsOf). */
const SINGLY_GATHERED = 8;

export class WorkspaceBuilds {
  private invocationIndex: BuildInvocation[] | undefined;
  /** The same, by the Dockerfile each builds: every Dockerfile of a large workspace asks for its own. */
  private byDockerfile: Map<string, BuildInvocation[]> | undefined;
  /** Before every invocation is gathered: each Dockerfile's own (see invocationsOf). */
  private readonly building = new Map<string, BuildInvocation[]>();
  /** Each build file's invocations, kept with the texts they were read from. */
  private readonly perFile = new InvocationMemo();
  private readonly buildFileLists = new Map<string, SourceFile[]>();
  private readonly sourceFiles = new Map<string, SourceFile>();
  /** The last list of every build file, the walk's list it was made from, and where each path is in it (-1: no text). */
  private listed: { paths: readonly string[]; files: SourceFile[]; at: Map<string, number> } | undefined;
  /** Files whose text may differ from the one `listed` holds ('all': any file's). */
  private stale: Set<string> | 'all' = 'all';

  constructor(
    private readonly files: WorkspaceFiles,
    /** Workspace folders (absolute paths). */
    private readonly roots: () => string[],
  ) {}

  /** A build file's text changed or came or went: the builds are gathered again (each file read again if its texts changed). */
  forgetInvocations(): void {
    this.invocationIndex = undefined;
    this.byDockerfile = undefined;
    this.building.clear();
  }

  /** The folders changed, or how a file is read (the HCL parser loaded): every file is read again. */
  forgetParsedBuilds(): void {
    this.forgetInvocations();
    this.perFile.clear();
  }

  /** A file on disk changed, came or went: the shared file objects are made again. */
  forgetSourceFiles(): void {
    this.sourceFiles.clear();
    this.stale = 'all';
  }

  /** The text of this build file (an absolute path) may have changed; undefined: of any. */
  textMayChange(p?: string): void {
    if (p === undefined) this.stale = 'all';
    else if (this.stale !== 'all') this.stale.add(p);
  }

  /** Every way the workspace builds a Dockerfile: compose, bake, workflows, GitLab CI, Makefiles, scripts. */
  invocations(): BuildInvocation[] {
    this.invocationIndex ??= workspaceInvocations(this.invocationFiles(), this.perFile);
    return this.invocationIndex;
  }

  private invocationFiles(): InvocationFiles {
    return {
      // An open file is as large as the editor holds it: past the analysis's limit it declares nothing, like on disk.
      read: (p) => {
        const text = this.files.text(p);
        return text === undefined || isTooLarge(text) ? undefined : text;
      },
      rootPaths: this.roots(),
      buildConfigFiles: () => this.files.buildConfigFiles(),
      shellScripts: () => this.files.shellScripts(),
    };
  }

  /** Whether a docker-bake.hcl is among the build files: its builds are read only once the HCL parser is loaded. */
  hasBakeHcl(): boolean {
    return this.files.buildConfigFiles().some((f) => isBakeHclName(path.basename(f)));
  }

  /** The invocations that build this Dockerfile. */
  invocationsOf(dockerfilePath: string): BuildInvocation[] {
    const uri = pathToUri(dockerfilePath);
    // Until something needs them all, the first few Dockerfiles' are gathered each on its own: the files that cannot
    // build it are not parsed (invocationsBuilding). Past those, one pass over every file costs less.
    if (!this.invocationIndex && (this.building.has(uri) || this.building.size < SINGLY_GATHERED)) {
      const kept = this.building.get(uri);
      if (kept) return kept;
      const found = invocationsBuilding(this.invocationFiles(), dockerfilePath, this.perFile);
      this.building.set(uri, found);
      return found;
    }
    if (!this.byDockerfile) {
      this.byDockerfile = new Map();
      for (const inv of this.invocations()) {
        const list = this.byDockerfile.get(inv.dockerfile);
        if (list) list.push(inv);
        else this.byDockerfile.set(inv.dockerfile, [inv]);
      }
    }
    return this.byDockerfile.get(uri) ?? [];
  }

  /** The Dockerfiles (absolute paths) that the builds this file declares build. */
  dockerfilesBuiltBy(p: string): string[] {
    const uri = pathToUri(p);
    return [
      ...new Set(
        this.invocations()
          .filter((inv) => inv.uri === uri)
          .map((inv) => uriToPath(inv.dockerfile))
          .filter((d): d is string => d !== undefined),
      ),
    ];
  }

  /** The workspace's build configuration: its Dockerfiles and its CI files. */
  buildFiles(): SourceFile[] {
    const paths = this.files.evidenceFiles();
    const kept = this.listed;
    const stale = this.stale;
    this.stale = new Set();
    // Opening a document or typing in one changes one file's text: the list of hundreds is read again only when one
    // came or went, and only the files whose text changed are replaced.
    if (kept && stale !== 'all' && kept.paths === paths) {
      let files: SourceFile[] | undefined = kept.files;
      for (const p of stale) {
        const at = kept.at.get(p);
        if (at === undefined) continue;
        const text = this.files.text(p);
        if (at < 0 ? text === undefined : files[at].text === text) continue;
        if (at < 0 || text === undefined) {
          files = undefined;
          break;
        }
        if (files === kept.files) files = files.slice();
        files[at] = this.sourceFile(p, text);
      }
      if (files) {
        kept.files = files;
        return files;
      }
    }
    const files: SourceFile[] = [];
    const at = new Map<string, number>();
    for (const p of paths) {
      const text = this.files.text(p);
      at.set(p, text === undefined ? -1 : files.length);
      if (text !== undefined) files.push(this.sourceFile(p, text));
    }
    this.listed = { paths, files, at };
    return files;
  }

  /** One object per file and text, shared by every list that holds it. */
  private sourceFile(p: string, text: string): SourceFile {
    let file = this.sourceFiles.get(p);
    if (file?.text !== text) this.sourceFiles.set(p, (file = { uri: pathToUri(p), text }));
    return file;
  }

  /** `all` (what buildFiles gave) without the files at `except` (absolute paths). */
  buildFilesWithout(all: SourceFile[], except: string[]): SourceFile[] {
    const files = listWithout(all, new Set(except.map(pathToUri)));
    // The same list as last time for these exceptions (same files, same texts) is the same array: what the analyses
    // derive from it (the privacy evidence of the whole build configuration) is then kept, not worked out again for
    // each of the Dockerfiles a go.mod edit re-checks.
    const key = except.join('\u0000');
    const kept = this.buildFileLists.get(key);
    if (kept && sameElements(kept, files)) return kept;
    if (this.buildFileLists.size >= MAX_BUILD_FILE_LISTS) this.buildFileLists.clear();
    this.buildFileLists.set(key, files);
    return files;
  }
}
