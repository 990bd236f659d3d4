// Runs the analysis for open documents, caches the result per document version, remembers which files each
// document depends on (so a change to a go.mod re-diagnoses the Dockerfiles that build it), and paces edits: an edit
// after a quiet spell is analysed at once, a burst of edits once they pause (editPacing.ts). Analyses
// wait in an AnalysisQueue, so requests are answered first; a request analyses its own document on demand. An open
// document that declares builds (compose, a workflow, a Makefile …) is not analysed itself: the Dockerfiles it builds
// are (buildConfigDocuments.ts).
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { AnalysisRequest, DocumentKind } from './core/request';
import type { AnalysisSettings, Finding, Locale } from './core/types';
import { analyzeContext } from './analysis';
import { AnalysisQueue } from './analysisQueue';
import { AnalysisContext } from './model/context';
import { BuildConfigDocuments, dependencies } from './buildConfigDocuments';
import { documentKind } from './host/fileKinds';
import type { Workspace } from './host/workspace';
import { forgetRequestParse, requestParse } from './host/buildScripts';
import { uriToPath } from './core/uri';
import { editDelay, pauseDelay } from './editPacing';

export interface DocumentAnalysis {
  uri: string;
  version: number;
  request: AnalysisRequest;
  /** The parses behind the findings, reused by hovers and completions. */
  context: AnalysisContext;
  findings: Finding[];
}

export interface AnalysisEnvironment {
  workspace: Workspace;
  settings(): AnalysisSettings;
  locale(): Locale;
  openDocuments(): TextDocument[];
  /** The open document with this URI. */
  document(uri: string): TextDocument | undefined;
  publish(a: DocumentAnalysis): void;
  /** What a Dockerfile that is not open, analysed because an open document builds it, reports now. */
  report(dockerfileUri: string, findings: Finding[]): void;
  /** That Dockerfile is no longer analysed: what it reported goes. */
  unreport(dockerfileUri: string): void;
  /** Background work for a document (a timer, a queued analysis) failed: logged, never thrown. */
  failed(uri: string, err: unknown): void;
  /** What must be loaded before analyses are published (a parser the workspace needs), while it loads; never rejects. */
  loading?(): Promise<void> | undefined;
}

export class DocumentAnalyses {
  private cache = new Map<string, DocumentAnalysis>();
  /** The latest analysis context per Dockerfile, kept across invalidation: its parse stays reusable. */
  private lastContexts = new Map<string, AnalysisContext>();
  private deps = new Map<string, Set<string>>();
  private timers = new Map<string, { timer: NodeJS.Timeout; first: number; urgent: boolean; byEdit: boolean }>();
  /** When the last analysis an edit of each document caused was let go (editPacing.ts). */
  private editStarts = new Map<string, number>();
  /** Analyses already published (weakly held): a queued document whose analysis a request made is published once. */
  private published = new WeakSet<DocumentAnalysis>();
  private readonly queue: AnalysisQueue;
  /** Open documents that declare builds (compose, workflows, Makefiles …), and the version last analysed for each. */
  private readonly builds: BuildConfigDocuments;
  private readonly buildVersions = new Map<string, number>();
  private openPaths: readonly string[] | undefined;

  constructor(private readonly env: AnalysisEnvironment) {
    this.queue = new AnalysisQueue(
      (uri) => this.analyzeQueued(uri),
      (uri, err) => env.failed(uri, err),
    );
    const openDockerfile = (uri: string) => {
      const doc = env.document(uri);
      return doc && this.kindOf(doc) === 'dockerfile' ? doc : undefined;
    };
    this.builds = new BuildConfigDocuments({
      workspace: env.workspace,
      settings: env.settings,
      locale: env.locale,
      openDockerfiles: () => this.openDockerfilePaths(),
      isOpen: (uri) => !!openDockerfile(uri),
      openAnalysis: (uri) => {
        const doc = openDockerfile(uri);
        const a = doc && this.current(doc);
        if (a) this.publishOnce(a);
        return a;
      },
      report: env.report,
      unreport: env.unreport,
    });
  }

  kindOf(doc: TextDocument): DocumentKind | undefined {
    return documentKind(doc.uri, doc.languageId);
  }

  /** Whether the document declares builds the workspace reads (a compose file, a workflow, a Makefile …). */
  declaresBuilds(doc: TextDocument): boolean {
    return this.builds.declaresBuilds(doc);
  }

  /** Whether an open document builds this Dockerfile (analysed on its behalf when the Dockerfile is not open). */
  builtByOpenDocument(dockerfileUri: string): boolean {
    return this.builds.builds(dockerfileUri);
  }

  /**
   * The open Dockerfiles' paths. Every request reads them, and a go.mod edit makes one request per open Dockerfile:
   * they are worked out again only after a document opened or closed (invalidate, forget).
   */
  openDockerfilePaths(): readonly string[] {
    return (this.openPaths ??= this.env
      .openDocuments()
      .filter((d) => this.kindOf(d) === 'dockerfile')
      .map((d) => uriToPath(d.uri))
      .filter((p): p is string => !!p));
  }

  /** The analysis of the document as it is now (computed if the cached one is stale). */
  current(doc: TextDocument): DocumentAnalysis | undefined {
    const cached = this.cache.get(doc.uri);
    if (cached && cached.version === doc.version) return cached;
    return this.run(doc);
  }

  private run(doc: TextDocument): DocumentAnalysis | undefined {
    const kind = this.kindOf(doc);
    if (!kind) return undefined;
    const request = this.env.workspace.request({ uri: doc.uri, text: doc.getText() }, kind, this.env.settings(), this.env.locale(), this.openDockerfilePaths());
    // A Dockerfile's previous analysis lets the parse reuse every instruction and stage the edit did not touch.
    const previous = kind === 'dockerfile' ? this.lastContexts.get(doc.uri) : undefined;
    // The workspace parsed the Dockerfile for the build files its RUN commands read: the analysis takes that parse.
    const context = new AnalysisContext(request, previous, kind === 'dockerfile' ? requestParse(request.file) : undefined);
    const findings = analyzeContext(context);
    context.releasePrevious();
    if (kind === 'dockerfile') this.lastContexts.set(doc.uri, context);
    const result: DocumentAnalysis = { uri: doc.uri, version: doc.version, request, context, findings };
    this.cache.set(doc.uri, result);
    this.deps.set(doc.uri, dependencies(request));
    return result;
  }

  /** True when the cached analysis is of this very version. */
  isCurrent(doc: TextDocument): boolean {
    return this.cache.get(doc.uri)?.version === doc.version;
  }

  /** Analyse soon (next idle turn), before documents queued in the background. */
  enqueue(doc: TextDocument, urgent = true): void {
    this.cancel(doc.uri);
    this.queue.add(doc.uri, urgent);
  }

  /** Runs `task` once no message is coming in and no opened or edited document waits. It must not throw. */
  whenIdle(task: () => void): void {
    this.queue.whenIdle(task);
  }

  /** A message came in: queued analyses let the messages behind it go first. */
  activity(): void {
    this.queue.activity();
  }

  private analyzeQueued(uri: string): void {
    const doc = this.env.document(uri);
    if (!doc) return;
    // Published diagnostics wait for the parsers the workspace needs, so the first ones are already complete.
    const loading = this.env.loading?.();
    if (loading) {
      void loading.then(() => this.queue.add(uri, true));
      return;
    }
    if (!this.kindOf(doc)) {
      if (this.buildVersions.get(uri) === doc.version || !this.builds.declaresBuilds(doc)) return;
      this.buildVersions.set(uri, doc.version);
      this.deps.set(uri, this.builds.analyze(doc));
      return;
    }
    // Always the document's latest version: work queued for an older one is never done.
    const a = this.current(doc);
    if (a) this.publishOnce(a);
  }

  private publishOnce(a: DocumentAnalysis): void {
    if (this.published.has(a)) return;
    this.published.add(a);
    this.env.publish(a);
  }

  /**
   * Analyse the document that was just edited (editPacing.ts): at once after a quiet spell, else once its edits pause.
   * The work queued for an earlier version is dropped.
   */
  edited(doc: TextDocument): void {
    const now = Date.now();
    if (editDelay(now, this.timers.get(doc.uri)?.first, this.editStarts.get(doc.uri)) > 0) return this.schedule(doc, true, true);
    this.editStarts.set(doc.uri, now);
    this.queue.add(doc.uri, true);
  }

  /**
   * Analyse after the edits pause, at the latest MAX_DELAY_MS after the first edit that waits (the work queued for an
   * earlier version is dropped; urgency is kept). `byEdit`: an edit of this document itself (see `edited`).
   */
  schedule(doc: TextDocument, urgent = true, byEdit = false): void {
    const pending = this.timers.get(doc.uri);
    const first = pending?.first ?? Date.now();
    const asUrgent = urgent || !!pending?.urgent || this.queue.isUrgent(doc.uri);
    const asEdit = byEdit || !!pending?.byEdit;
    if (pending) clearTimeout(pending.timer);
    this.queue.remove(doc.uri);
    const wait = pauseDelay(Date.now(), first);
    const timer = setTimeout(() => {
      try {
        this.timers.delete(doc.uri);
        if (asEdit) this.editStarts.set(doc.uri, Date.now());
        this.queue.add(doc.uri, asUrgent);
      } catch (err) {
        this.env.failed(doc.uri, err);
      }
    }, wait);
    this.timers.set(doc.uri, { timer, first, urgent: asUrgent, byEdit: asEdit });
  }

  cancel(uri: string): void {
    const t = this.timers.get(uri);
    if (t) clearTimeout(t.timer);
    this.timers.delete(uri);
  }

  forget(uri: string): void {
    this.openPaths = undefined;
    this.cancel(uri);
    this.editStarts.delete(uri);
    this.queue.remove(uri);
    this.cache.delete(uri);
    this.lastContexts.delete(uri);
    forgetRequestParse(uri);
    this.deps.delete(uri);
    this.buildVersions.delete(uri);
    this.builds.forget(uri);
  }

  /** After shutdown: no more analyses. */
  stop(): void {
    for (const uri of [...this.timers.keys()]) this.cancel(uri);
    this.queue.stop();
  }

  /** Open documents that depend on `uri` (other than itself). */
  dependents(uri: string): TextDocument[] {
    return this.env.openDocuments().filter((d) => d.uri !== uri && this.deps.get(d.uri)?.has(uri));
  }

  /** Everything open is stale (settings, locale or health changed). */
  invalidateAll(): void {
    this.cache.clear();
    this.buildVersions.clear();
    // A document whose edits are pending keeps its place; the others are re-checked in the background.
    for (const d of this.env.openDocuments()) if (!this.timers.has(d.uri)) this.queue.add(d.uri, false);
  }

  invalidate(uri: string): void {
    this.openPaths = undefined;
    this.cache.delete(uri);
    this.buildVersions.delete(uri);
  }
}
