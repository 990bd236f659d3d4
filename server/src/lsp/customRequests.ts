// The server's side of the custom protocol with the VS Code client (names and shapes in protocol/): measured
// mirror health in; the mirrors, container plan and GOPROXY/GOPRIVATE edits for a document position, and a
// go.mod's requirements, out.
import type { Connection } from 'vscode-languageserver/node';
import type { Position, WorkspaceEdit } from 'vscode-languageserver-types';
import type { AnalysisSettings, MirrorHealth } from '../core/types';
import type { AnalysisContext } from '../model/context';
import { hostGoProxyReader } from '../host/goEnv';
import { mirrorsFor } from '../services/mirrors';
import { containerPlanFor } from '../services/containerPlan';
import { mirrorEditFor, privatePatternEditFor } from '../services/mirrorEdit';
import { LineIndex } from '../core/text';
import type { Gate } from './gate';
import * as check from './params';
import {
  CONTAINER_PLAN_REQUEST,
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
import type { ContextFor } from './documentContexts';

export interface CustomContext {
  contextFor: ContextFor;
  settings(): AnalysisSettings;
  /** The client said the workspace is trusted: the server may run `go env` on the host. */
  trusted(): boolean;
  log(message: string): void;
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

  onRequest(REQUIREMENTS_REQUEST, check.documentOnly, (params) => {
    const analysis = contextOf(params.textDocument.uri);
    if (analysis?.req.kind !== 'gomod' || !analysis.goMod) return null;
    return analysis.goMod.requires.map((r) => ({ path: r.path, version: r.version, range: r.pathRange }));
  });
}
