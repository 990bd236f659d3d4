// The server's side of the custom protocol with the VS Code client (names and shapes in protocol/): measured
// mirror health in; the mirrors, container plan and GOPROXY/GOPRIVATE edits for a document position, a go.mod's
// requirements, and a build log explained against the workspace's Dockerfiles, out.
import type { Connection } from 'vscode-languageserver/node';
import type { Position, WorkspaceEdit } from 'vscode-languageserver-types';
import type { AnalysisSettings, Finding, Locale, MirrorHealth } from '../core/types';
import { AnalysisContext } from '../model/context';
import { hostGoProxyReader } from '../host/goEnv';
import { mirrorsFor } from '../services/mirrors';
import { containerPlanFor } from '../services/containerPlan';
import { mirrorEditFor, privatePatternEditFor } from '../services/mirrorEdit';
import { LineIndex } from '../core/text';
import type { Gate } from './gate';
import * as check from './params';
import { explainLog, pickDockerfile, readBuildLog } from '../explain';
import { renderExplainedLog } from '../explain/report';
import { fileName } from '../core/text';
import type { ParsedDockerfile } from '../model/parsedDockerfile';
import {
  CONTAINER_PLAN_REQUEST,
  EXPLAIN_LOG_REQUEST,
  HEALTH_NOTIFICATION,
  MIRROR_EDIT_REQUEST,
  MIRRORS_REQUEST,
  PRIVATE_EDIT_REQUEST,
  REQUIREMENTS_REQUEST,
  type CustomNotification,
  type CustomRequest,
  type DocumentParams,
} from '../protocol';
import { reasons } from './messages';
import { clampPosition } from './positions';
import type { ContextFor, DocumentContext } from './documentContexts';

export interface CustomContext {
  contextFor: ContextFor;
  settings(): AnalysisSettings;
  locale(): Locale;
  /** The client said the workspace is trusted: the server may run `go env` on the host. */
  trusted(): boolean;
  log(message: string): void;
  /** The findings of a fresh analysis (the analysis runs above the LSP layer). */
  analyze(context: AnalysisContext): Finding[];
  setHealth(mirrors: MirrorHealth[]): void;
}

function validHealth(x: unknown): x is MirrorHealth {
  const h = x as MirrorHealth;
  return (
    !!h &&
    typeof h === 'object' &&
    typeof h.url === 'string' &&
    typeof h.ok === 'boolean' &&
    typeof h.checkedAt === 'string' &&
    (h.latencyMs === undefined || Number.isFinite(h.latencyMs)) &&
    (h.error === undefined || typeof h.error === 'string')
  );
}

const checkMirrorEdit = check.customDocument((p) => (typeof p.mirror === 'string' ? undefined : reasons.string('mirror', p.mirror)));
const checkPrivateEdit = check.customDocument((p) => (typeof p.pattern === 'string' ? undefined : reasons.string('pattern', p.pattern)));

/** How many Dockerfiles one "explain build log" request may name (the client sends the workspace's, capped). */
const MAX_DOCKERFILES = 200;

export function registerCustomRequests(connection: Connection, gate: Gate, ctx: CustomContext): void {
  const hostGoProxy = hostGoProxyReader(ctx.log);
  /** The analysis context of an open document, or of a file read from disk: the client may ask about either. */
  const contextOf = (uri: string): AnalysisContext | undefined => ctx.contextFor(uri, { fromDisk: true })?.context;
  /** The document's context and the position moved inside the document. */
  const at = (params: DocumentParams): { analysis?: AnalysisContext; position?: Position } => {
    const analysis = contextOf(params.textDocument.uri);
    if (!analysis || !params.position) return { analysis };
    const lines = analysis.dockerfile?.model.lines ?? new LineIndex(analysis.req.file.text);
    return { analysis, position: clampPosition(lines, params.position) };
  };

  /** Registers a handler under the request's method, through the gate. */
  const onRequest = <P, R>(type: CustomRequest<P, R>, validate: check.Check, handler: (params: P) => NoInfer<R>) =>
    connection.onRequest(type.method, gate.request(type.method, validate, handler));
  const onNotification = <P>(type: CustomNotification<P>, validate: check.Check, handler: (params: P) => void) =>
    connection.onNotification(type.method, gate.notification(type.method, validate, handler));

  // check.health knows only that `mirrors` is an array: each entry is checked here, and malformed ones are dropped.
  onNotification(HEALTH_NOTIFICATION, check.health, (params) => ctx.setHealth((params.mirrors as unknown[]).filter(validHealth)));

  onRequest(MIRRORS_REQUEST, check.customDocument(), (params) => {
    const { analysis, position } = at(params);
    return mirrorsFor(analysis, position, () => (ctx.trusted() ? hostGoProxy() : undefined), ctx.settings().mirrors);
  });

  onRequest(CONTAINER_PLAN_REQUEST, check.customDocument(), (params) => {
    const { analysis, position } = at(params);
    if (!analysis) return { error: 'not a Dockerfile, go.mod or go.work' };
    return containerPlanFor(analysis, position);
  });

  onRequest(MIRROR_EDIT_REQUEST, checkMirrorEdit, (params): WorkspaceEdit | null => {
    const { analysis, position } = at(params);
    if (!analysis || !/^https?:\/\//.test(params.mirror) || params.mirror.includes('***@')) return null;
    const edit = mirrorEditFor(analysis, position, params.mirror);
    return edit ? { changes: { [edit.uri]: edit.edits } } : null;
  });

  onRequest(PRIVATE_EDIT_REQUEST, checkPrivateEdit, (params): WorkspaceEdit | null => {
    const { analysis, position } = at(params);
    // A module path pattern: no spaces, commas or schemes (it is written into the Dockerfile as is).
    if (!analysis || !/^[A-Za-z0-9.\-_~*?\[\]/]+$/.test(params.pattern)) return null;
    const edit = privatePatternEditFor(analysis, position, params.pattern);
    return edit ? { changes: { [edit.uri]: edit.edits } } : null;
  });

  // Only reads the texts it is given and the workspace's Dockerfiles: offered in Restricted Mode too.
  onRequest(EXPLAIN_LOG_REQUEST, check.explainLog, (params) => {
    const log = readBuildLog(params.log);
    const contexts = new Map<ParsedDockerfile, DocumentContext>();
    for (const uri of params.dockerfiles.slice(0, MAX_DOCKERFILES)) {
      const found = ctx.contextFor(uri, { fromDisk: true });
      const parsed = found?.context.req.kind === 'dockerfile' ? found.context.dockerfile : undefined;
      if (parsed && found) contexts.set(parsed, found);
    }
    const dockerfile = pickDockerfile(log, [...contexts.keys()]);
    const chosen = dockerfile && contexts.get(dockerfile);
    // An open Dockerfile's findings are those its diagnostics show; a closed one is analysed now.
    const findings = chosen ? (chosen.open?.analysis.findings ?? ctx.analyze(new AnalysisContext(chosen.context.req))) : [];
    const explained = explainLog(log, { ...(dockerfile ? { dockerfile } : {}), findings, settings: ctx.settings(), locale: ctx.locale() });
    return {
      format: explained.format,
      ...(dockerfile ? { dockerfile: dockerfile.file.uri } : {}),
      failures: explained.explanations.map((e) => ({
        kind: e.kind,
        message: e.message,
        fix: e.fix,
        ...(e.module ? { module: e.module } : {}),
        logLine: e.logLine,
        ...(e.location ? { location: { uri: e.location.uri, range: e.location.range } } : {}),
        fixes: e.fixes.map((f) => ({ title: f.title, edit: { changes: Object.fromEntries(f.edits.map((d) => [d.uri, d.edits])) } })),
      })),
      markdown: renderExplainedLog(explained, ctx.locale(), dockerfile ? fileName(dockerfile.file.uri) : undefined),
    };
  });

  onRequest(REQUIREMENTS_REQUEST, check.documentOnly, (params) => {
    const analysis = contextOf(params.textDocument.uri);
    if (analysis?.req.kind !== 'gomod' || !analysis.goMod) return null;
    return analysis.goMod.requires.map((r) => ({ path: r.path, version: r.version, range: r.pathRange }));
  });
}
