// The one way a request handler finds a document's analysis: an open document's current analysis (the one its
// diagnostics come from), else, for a request that may name a file the editor has not opened (the client's custom
// requests), a fresh context over the file as it is on disk.
import type { TextDocuments } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { AnalysisSettings, Finding, Locale } from '../core/types';
import { uriToPath } from '../core/uri';
import { AnalysisContext } from '../model/context';
import { documentKind } from '../host/fileKinds';
import type { Workspace } from '../host/workspace';

/** The analysis of an open document as the server keeps it: its context and its findings. */
export interface OpenAnalysis {
  context: AnalysisContext;
  findings: Finding[];
}

export interface DocumentContextsEnv {
  documents: TextDocuments<TextDocument>;
  /** The analysis of an open document as it is now (undefined for a document that is not ours). */
  current(doc: TextDocument): OpenAnalysis | undefined;
  /** The paths of the open Dockerfiles. */
  openDockerfiles(): readonly string[];
  workspace: Workspace;
  settings(): AnalysisSettings;
  locale(): Locale;
}

export interface DocumentContext {
  context: AnalysisContext;
  /** The open document and its current analysis; absent for a file read from disk. */
  open?: { doc: TextDocument; analysis: OpenAnalysis };
}

/**
 * The analysis context of a document: an open one's, else (with `fromDisk`) one over the file on disk. Undefined for
 * an open document that is not a Dockerfile, go.mod or go.work, and for a file that is not open (without
 * `fromDisk`), not one of those, or cannot be read.
 */
export type ContextFor = (uri: string, options?: { fromDisk?: boolean }) => DocumentContext | undefined;

export function documentContexts(env: DocumentContextsEnv): ContextFor {
  return (uri, options) => {
    const doc = env.documents.get(uri);
    if (doc) {
      const analysis = env.current(doc);
      return analysis && { context: analysis.context, open: { doc, analysis } };
    }
    if (!options?.fromDisk) return undefined;
    const p = uriToPath(uri);
    const kind = documentKind(uri);
    const text = p ? env.workspace.read(p) : undefined;
    if (!kind || text === undefined) return undefined;
    return { context: new AnalysisContext(env.workspace.request({ uri, text }, kind, env.settings(), env.locale(), env.openDockerfiles())) };
  };
}
