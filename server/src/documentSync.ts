// What opening, editing and closing a document and file events do: which analyses go stale and run again, and what
// is published when a document goes away. A build file that is open (a compose file, a workflow, a Makefile …) is
// read from the editor, not the disk, until it is closed.
import * as path from 'node:path';
import { FileChangeType, type FileEvent, type TextDocuments } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Finding } from './core/types';
import type { DocumentAnalyses } from './documentAnalyses';
import type { ElsewhereFindings } from './lsp/elsewhere';
import { isBuildConfigName } from './host/fileKinds';
import type { Workspace } from './host/workspace';
import { uriToPath } from './core/uri';

export interface DocumentSyncContext {
  documents: TextDocuments<TextDocument>;
  analyses: DocumentAnalyses;
  workspace: Workspace;
  elsewhere: ElsewhereFindings;
  /** Publishes these findings as the file's diagnostics. */
  publish(uri: string, findings: Finding[]): void;
}

export interface DocumentSync {
  /** Files changed on disk (came, went or were written). */
  filesChanged(changes: FileEvent[]): void;
}

export function registerDocumentSync(ctx: DocumentSyncContext): DocumentSync {
  const { documents, analyses, workspace, elsewhere } = ctx;

  function rescheduleRelated(uri: string): void {
    for (const d of analyses.dependents(uri)) {
      analyses.invalidate(d.uri);
      analyses.schedule(d, false);
    }
  }

  /** A Dockerfile came or changed: the module files open beside it may be built by it now. */
  function rescheduleModuleFiles(doc: TextDocument): void {
    if (analyses.kindOf(doc) !== 'dockerfile') return;
    for (const d of documents.all()) if (analyses.kindOf(d) !== 'dockerfile' && analyses.kindOf(d)) analyses.schedule(d, false);
  }

  /** Whether the analyses read this document's text (a file that builds Dockerfiles or is read beside them). */
  function readByAnalyses(doc: TextDocument): boolean {
    const p = uriToPath(doc.uri);
    return !!p && (analyses.declaresBuilds(doc) || isBuildConfigName(path.basename(p)) || analyses.dependents(doc.uri).length > 0);
  }

  /**
   * The text the analyses read of a build file changed (the editor's is taken, or given up for the disk's): the
   * builds it declares may pass other arguments, contexts or Dockerfiles now, so every open document is looked at again.
   */
  function buildFileChanged(uri: string): void {
    workspace.textChanged(uriToPath(uri));
    for (const d of documents.all()) {
      analyses.invalidate(d.uri);
      analyses.schedule(d, d.uri === uri);
    }
  }

  /** didOpen fires onDidChangeContent for the same version right after onDidOpen: that one is not an edit. */
  const justOpened = new Set<string>();

  documents.onDidOpen((e) => {
    justOpened.add(e.document.uri);
    // What the workspace reads of open documents may differ now.
    workspace.edited(uriToPath(e.document.uri));
    if (!analyses.kindOf(e.document)) {
      if (readByAnalyses(e.document)) buildFileChanged(e.document.uri);
      return;
    }
    workspace.opened(uriToPath(e.document.uri));
    analyses.invalidate(e.document.uri);
    analyses.enqueue(e.document);
    rescheduleRelated(e.document.uri);
    rescheduleModuleFiles(e.document);
  });

  documents.onDidChangeContent((e) => {
    if (justOpened.delete(e.document.uri)) return;
    workspace.edited(uriToPath(e.document.uri));
    if (!analyses.kindOf(e.document)) {
      if (readByAnalyses(e.document)) buildFileChanged(e.document.uri);
      return;
    }
    analyses.edited(e.document);
    rescheduleRelated(e.document.uri);
    rescheduleModuleFiles(e.document);
  });

  documents.onDidClose((e) => {
    const { uri } = e.document;
    justOpened.delete(uri);
    workspace.closed(uriToPath(uri));
    if (!analyses.kindOf(e.document)) {
      const wasRead = readByAnalyses(e.document);
      if (wasRead) buildFileChanged(uri);
      analyses.forget(uri);
      if (!wasRead) return;
      // What the Dockerfiles report here stays, as far as it was found in the text read now (the disk's); it is
      // never cleared wholesale, and the analyses about to run bring the rest.
      if (elsewhere.reportsIn(uri)) ctx.publish(uri, elsewhere.findingsIn(uri));
      return;
    }
    analyses.forget(uri);
    ctx.publish(uri, []);
    // A Dockerfile an open document builds goes on being analysed on its behalf, from disk: that analysis replaces
    // what this one reported there.
    if (!analyses.builtByOpenDocument(uri)) for (const [file, findings] of elsewhere.forget(uri)) ctx.publish(file, findings);
    rescheduleRelated(uri);
  });

  return {
    filesChanged(changes: FileEvent[]): void {
      let readByAnalyses = false;
      for (const { uri, type } of changes) {
        const p = uriToPath(uri);
        if (type === FileChangeType.Changed && p) workspace.written(p);
        else workspace.invalidate(p);
        // An open document is read from the editor, not the disk: saving it changes nothing an analysis reads.
        if (type === FileChangeType.Changed && documents.get(uri)) continue;
        readByAnalyses = true;
        rescheduleRelated(uri);
      }
      if (!readByAnalyses) return;
      // A file that came, went or was written on disk (closed in the editor) can change what any open document reads.
      for (const d of documents.all()) {
        analyses.invalidate(d.uri);
        analyses.schedule(d, false);
      }
    },
  };
}
