// Open documents that declare builds: compose files, bake JSON, workflows, GitLab CI, Makefiles and scripts the
// workspace reads for their build arguments. They are not analysed themselves (they are no Dockerfiles); the
// Dockerfiles they build are, with the document's text as the editor has it, and what those analyses report in the
// document is shown there. An open Dockerfile is analysed as its own document; one that is not open is analysed
// from disk on the document's behalf, for as long as an open document builds it.
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { analyze } from './analysis';
import type { AnalysisRequest } from './core/request';
import type { AnalysisSettings, Finding, Locale } from './core/types';
import { documentKind } from './host/fileKinds';
import type { Workspace } from './host/workspace';
import { pathToUri, uriToPath } from './core/uri';

export interface BuildConfigEnvironment {
  workspace: Workspace;
  settings(): AnalysisSettings;
  locale(): Locale;
  /** Paths of the open Dockerfiles. */
  openDockerfiles(): readonly string[];
  /** Whether this Dockerfile is open (then it is analysed as its own document). */
  isOpen(uri: string): boolean;
  /** The current analysis of an open Dockerfile (published, if it was not yet). */
  openAnalysis(uri: string): { request: AnalysisRequest } | undefined;
  /** What a Dockerfile that is not open reports now. */
  report(dockerfileUri: string, findings: Finding[]): void;
  /** A Dockerfile that is not open is no longer analysed: what it reported goes. */
  unreport(dockerfileUri: string): void;
}

/** Dockerfiles analysed at most per document and edit: a file building more is shown what the first ones report. */
const MAX_BUILT_DOCKERFILES = 32;

export class BuildConfigDocuments {
  /** Open document -> the Dockerfiles (URIs) it builds, as of its latest analysis. */
  private built = new Map<string, string[]>();

  constructor(private readonly env: BuildConfigEnvironment) {}

  /** Whether the document is one that declares builds, read by the workspace (and not itself a Dockerfile or module file). */
  declaresBuilds(doc: TextDocument): boolean {
    const p = uriToPath(doc.uri);
    return !!p && !documentKind(doc.uri, doc.languageId) && this.env.workspace.readsInvocationsFrom(p);
  }

  /**
   * Analyses the Dockerfiles the document builds, with its text as it is now; returns the URIs of the files those
   * analyses read (so that a change to any of them analyses the document again).
   */
  analyze(doc: TextDocument): Set<string> {
    const p = uriToPath(doc.uri)!;
    const ws = this.env.workspace;
    const dockerfiles = ws.dockerfilesBuiltBy(p).slice(0, MAX_BUILT_DOCKERFILES).map(pathToUri);
    const deps = new Set<string>(dockerfiles);
    const requests: AnalysisRequest[] = [];
    for (const uri of dockerfiles) {
      if (this.env.isOpen(uri)) {
        const open = this.env.openAnalysis(uri);
        if (open) requests.push(open.request);
        continue;
      }
      const text = ws.read(uriToPath(uri)!);
      if (text === undefined) continue;
      const request = ws.request({ uri, text }, 'dockerfile', this.env.settings(), this.env.locale(), this.env.openDockerfiles());
      this.env.report(uri, analyze(request));
      requests.push(request);
    }
    const before = this.built.get(doc.uri) ?? [];
    this.built.set(doc.uri, dockerfiles);
    this.release(before.filter((uri) => !dockerfiles.includes(uri)));
    for (const r of requests) for (const uri of dependencies(r)) deps.add(uri);
    return deps;
  }

  /** The document is closed: the Dockerfiles analysed on its behalf alone are no longer analysed. */
  forget(uri: string): void {
    const before = this.built.get(uri) ?? [];
    this.built.delete(uri);
    this.release(before);
  }

  /** Whether an open document builds this Dockerfile (so it stays analysed when it is not open). */
  builds(dockerfileUri: string): boolean {
    for (const uris of this.built.values()) if (uris.includes(dockerfileUri)) return true;
    return false;
  }

  private release(dockerfiles: string[]): void {
    for (const uri of dockerfiles) if (!this.builds(uri) && !this.env.isOpen(uri)) this.env.unreport(uri);
  }
}

/** The files an analysis read: its module files, the other Dockerfiles, build scripts and the files that build it. */
export function dependencies(req: AnalysisRequest): Set<string> {
  const r = req.related;
  const uris = [r.goMod, r.goWork, r.goSum, ...(r.workModules ?? []), ...(r.dockerfiles ?? []), ...(r.buildScripts ?? [])]
    .filter((f) => !!f)
    .map((f) => f!.uri);
  // The files that pass the Dockerfile build arguments (compose, workflows, Makefiles …) and where they write them.
  const invocations = (r.invocations ?? []).flatMap((i) => [i.uri, ...Object.values(i.args).map((a) => a.at?.uri)]);
  return new Set([...uris, ...invocations.filter((u): u is string => !!u)]);
}
