// The custom protocol between the VS Code client and the server: every request and notification this extension
// adds to LSP, with its parameters and its result. Server handlers and client callers both take the method name
// and the types from here, so a name or a shape is written once. This module imports types only, and only from
// core/: the client imports it without pulling in any of the server.
import type { Position, Range, WorkspaceEdit } from 'vscode-languageserver-types';
import type { MirrorHealth } from '../core/types';

/** A request the client sends: its method name; the type parameters tie its parameters and result to it. */
export interface CustomRequest<P, R> {
  readonly method: string;
  /** Never set: carries the types for the compiler. */
  readonly types?: { params: P; result: R };
}

/** A notification the client sends. */
export interface CustomNotification<P> {
  readonly method: string;
  /** Never set: carries the type for the compiler. */
  readonly types?: { params: P };
}

const request = <P, R>(method: string): CustomRequest<P, R> => ({ method });
const notification = <P>(method: string): CustomNotification<P> => ({ method });

/** The document a request is about. */
export interface TextDocumentParams {
  textDocument: { uri: string };
}

/** A document and, optionally, a position in it: in a Dockerfile the position picks the stage. */
export interface DocumentParams extends TextDocumentParams {
  position?: Position;
}

export interface HealthParams {
  mirrors: MirrorHealth[];
}

export type MirrorSource = 'dockerfile' | 'settings' | 'go env' | 'default';

export interface MirrorEntry {
  /** For display: credentials redacted. */
  url: string;
  /** The real URL, for the client's probes only: never shown or logged. */
  probeUrl?: string;
  kind: 'proxy' | 'direct' | 'off';
  /** What makes the go command try the next entry: a 404/410 (`,`), any error (`|`), nothing (the last). */
  fallback: 'notFound' | 'anyError' | null;
}

/** The mirrors in effect for a document position, and where that GOPROXY value came from. */
export interface MirrorsResult {
  source: MirrorSource;
  entries: MirrorEntry[];
  /** Where the value came from, for the tooltip: the Dockerfile and stage. */
  dockerfile?: string;
  stage?: string;
}

/**
 * What "Test Go proxy in container" runs, taken from the Dockerfile stage that builds the module (as at that
 * stage's first download step), so the run reproduces what `docker build` would do. The client shows it for
 * review, may override the image, and runs it.
 */
export interface ContainerPlan {
  /** Absolute host path of the module (or go.work) root: mounted read-only into the container. */
  moduleDir: string;
  image: string;
  /** The PLAN_VARIABLES (goenv/variables.ts) the stage sets, with their values there. */
  env: Record<string, string>;
  /** The stage the plan follows: its name, else its index. */
  stage?: string;
  /** URI of the Dockerfile the plan follows. */
  dockerfile?: string;
  /** Localized, credentials redacted. */
  notes: string[];
  /** For a go.work workspace: go.work and each used module's go.mod/go.sum, relative to moduleDir; default go.mod and go.sum. */
  workFiles?: string[];
  /**
   * Module paths the run should download: the requirements of the go.mod files, as the go command applies
   * `replace` (replaced-by-directory ones and the workspace's own modules left out). Absent when no go.mod
   * could be read.
   */
  modules?: string[];
}

export interface PlanRefusal {
  /** Why there is no plan (localized). */
  error: string;
}

export interface MirrorEditParams extends DocumentParams {
  /** The mirror URL to put first in the Dockerfile's GOPROXY. */
  mirror: string;
}

export interface PrivateEditParams extends DocumentParams {
  /** A module path pattern to add to the Dockerfile's GOPRIVATE. */
  pattern: string;
}

/** One `require` of a go.mod: the module path and version (quotes removed), and the range of the path as written. */
export interface GoModRequirement {
  path: string;
  version: string;
  range: Range;
}

export interface ExplainLogParams {
  /** The build log's text (a docker build, podman or CI log, or bare go output). */
  log: string;
  /** Dockerfiles (URIs) the log may have built, the likeliest first: the server picks the one whose steps the log shows. */
  dockerfiles: string[];
}

/** One Go module failure of a build log, explained (localized, credentials redacted). */
export interface ExplainedFailure {
  /** The failure's kind (goenv/failures GO_FAILURE_KINDS): the diagnostic code. */
  kind: string;
  message: string;
  fix: string;
  module?: string;
  logLine: number;
  /** The Dockerfile instruction of the failed step (its first line), when the Dockerfile is known. */
  location?: { uri: string; range: Range };
  /** The analysis core's fixes for that line. */
  fixes: { title: string; edit: WorkspaceEdit }[];
}

export interface ExplainLogResult {
  /** The log's format as recognised (`buildkit-plain`, `legacy-builder`, `go`, …). */
  format: string;
  /** The Dockerfile the failures are tied to, if one of those given matched the log. */
  dockerfile?: string;
  failures: ExplainedFailure[];
  /** The report for the report view (Markdown, localized, redacted). */
  markdown: string;
}

/** Client → server: measured mirror health, used by diagnostics, hovers and quick fixes. */
export const HEALTH_NOTIFICATION = notification<HealthParams>('goProxyDoctor/health');

/** The mirrors in effect for a document position. */
export const MIRRORS_REQUEST = request<DocumentParams, MirrorsResult>('goProxyDoctor/mirrors');

/** Module, image and Go environment for "Test Go proxy in container". */
export const CONTAINER_PLAN_REQUEST = request<DocumentParams, ContainerPlan | PlanRefusal>('goProxyDoctor/containerPlan');

/** The edit that puts a mirror first in the Dockerfile's GOPROXY; null when there is nothing to change. */
export const MIRROR_EDIT_REQUEST = request<MirrorEditParams, WorkspaceEdit | null>('goProxyDoctor/mirrorEdit');

/** The edit that adds a module pattern to the Dockerfile's GOPRIVATE; null when there is nothing to change. */
export const PRIVATE_EDIT_REQUEST = request<PrivateEditParams, WorkspaceEdit | null>('goProxyDoctor/privateEdit');

/**
 * The `require`s of a go.mod (the open document, else the file on disk) as the server's parser reads them: the
 * client places its own diagnostics on them. Null for anything but a go.mod the server can read.
 */
export const REQUIREMENTS_REQUEST = request<TextDocumentParams, GoModRequirement[] | null>('goProxyDoctor/requirements');

/** "Explain build log": each Go module failure of a build log, tied to its Dockerfile line, with the core's fixes. */
export const EXPLAIN_LOG_REQUEST = request<ExplainLogParams, ExplainLogResult>('goProxyDoctor/explainLog');

/** Every custom method, for those that must know them all (tests, a client of another editor). */
export const CUSTOM_METHODS: readonly string[] = [
  HEALTH_NOTIFICATION,
  MIRRORS_REQUEST,
  CONTAINER_PLAN_REQUEST,
  MIRROR_EDIT_REQUEST,
  PRIVATE_EDIT_REQUEST,
  REQUIREMENTS_REQUEST,
  EXPLAIN_LOG_REQUEST,
].map((m) => m.method);

/**
 * The files whose changes on disk the server must hear of (module files, Dockerfiles, build files): it keeps what it
 * read of them until a file event names them. The VS Code client watches them itself and says so in its
 * initialization options (`watchesFiles`); for other editors the server registers the watcher when the client can.
 */
export const WATCHED_FILES_GLOB =
  '**/{go.mod,go.work,go.sum,Dockerfile,*.Dockerfile,Dockerfile.*,Containerfile,vendor/modules.txt,docker-compose.yml,docker-compose.yaml,compose.yml,compose.yaml,docker-bake.hcl,docker-bake.json,*.yml,*.yaml,Makefile,makefile,GNUmakefile,*.mk,*.sh,*.bash,magefile.go,magefiles/*.go,Jenkinsfile,.env}';
