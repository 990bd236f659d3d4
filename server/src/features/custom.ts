// Custom protocol between the VS Code client and the server:
//   goProxyDoctor/health (notification, client → server): measured mirror health;
//   goProxyDoctor/mirrors: the mirrors in effect for a document position;
//   goProxyDoctor/containerPlan: module, image and Go environment for "Test Go proxy in container";
//   goProxyDoctor/mirrorEdit: the edit that puts a mirror first in the Dockerfile's GOPROXY;
//   goProxyDoctor/privateEdit: the edit that adds a module pattern to the Dockerfile's GOPRIVATE.
import type { Connection, TextDocuments } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Position, WorkspaceEdit } from 'vscode-languageserver-types';
import type { AnalysisSettings, MirrorHealth } from '../core/types';
import type { DocumentAnalyses } from '../documentAnalyses';
import { AnalysisContext } from '../core/context';
import { documentKind } from '../host/fileKinds';
import type { Workspace } from '../host/workspace';
import { hostGoProxyReader } from '../host/goEnv';
import { uriToPath } from '../core/uri';
import { mirrorsFor, type MirrorsResult } from '../insight/mirrors';
import { containerPlanFor } from '../insight/containerPlan';
import { mirrorEditFor, privatePatternEditFor } from '../insight/mirrorEdit';
import { LineIndex } from '../core/text';
import type { Gate } from '../protocol/gate';
import * as check from '../protocol/params';
import { reasons } from '../protocol/messages';
import { clampPosition } from './positions';

export interface CustomContext {
  documents: TextDocuments<TextDocument>;
  analyses: DocumentAnalyses;
  workspace: Workspace;
  settings(): AnalysisSettings;
  locale(): 'en' | 'zh-cn';
  /** The client said the workspace is trusted: the server may run `go env` on the host. */
  trusted(): boolean;
  log(message: string): void;
  setHealth(mirrors: MirrorHealth[]): void;
}

export const HEALTH_NOTIFICATION = 'goProxyDoctor/health';
export const MIRRORS_REQUEST = 'goProxyDoctor/mirrors';
export const CONTAINER_PLAN_REQUEST = 'goProxyDoctor/containerPlan';
export const MIRROR_EDIT_REQUEST = 'goProxyDoctor/mirrorEdit';
export const PRIVATE_EDIT_REQUEST = 'goProxyDoctor/privateEdit';

interface DocumentParams {
  textDocument: { uri: string };
  position?: Position;
}

function validHealth(x: unknown): x is MirrorHealth {
  const h = x as MirrorHealth;
  return (
    !!h && typeof h === 'object' && typeof h.url === 'string' && typeof h.ok === 'boolean' && typeof h.checkedAt === 'string' &&
    (h.latencyMs === undefined || Number.isFinite(h.latencyMs)) && (h.error === undefined || typeof h.error === 'string')
  );
}

const checkMirrorEdit = check.customDocument((p) => (typeof p.mirror === 'string' ? undefined : reasons.string('mirror', p.mirror)));
const checkPrivateEdit = check.customDocument((p) => (typeof p.pattern === 'string' ? undefined : reasons.string('pattern', p.pattern)));

export function registerCustomRequests(connection: Connection, gate: Gate, ctx: CustomContext): void {
  const hostGoProxy = hostGoProxyReader(ctx.log);
  /** The analysis context of an open document, or of a file read from disk. */
  const contextOf = (uri: string): AnalysisContext | undefined => {
    const doc = ctx.documents.get(uri);
    if (doc) return ctx.analyses.current(doc)?.context;
    const p = uriToPath(uri);
    const kind = documentKind(uri);
    const text = p ? ctx.workspace.read(p) : undefined;
    if (!kind || text === undefined) return undefined;
    const openDockerfiles = ctx.documents.all().filter((d) => documentKind(d.uri, d.languageId) === 'dockerfile').map((d) => uriToPath(d.uri)).filter((x): x is string => !!x);
    return new AnalysisContext(ctx.workspace.request({ uri, text }, kind, ctx.settings(), ctx.locale(), openDockerfiles));
  };
  /** The document's context and the position moved inside the document. */
  const at = (params: DocumentParams): { analysis?: AnalysisContext; position?: Position } => {
    const analysis = contextOf(params.textDocument.uri);
    if (!analysis || !params.position) return { analysis };
    const lines = analysis.dockerfile?.model.lines ?? new LineIndex(analysis.req.file.text);
    return { analysis, position: clampPosition(lines, params.position) };
  };

  connection.onNotification(
    HEALTH_NOTIFICATION,
    gate.notification(HEALTH_NOTIFICATION, check.health, (params: { mirrors: unknown[] }) => ctx.setHealth(params.mirrors.filter(validHealth))),
  );

  connection.onRequest(
    MIRRORS_REQUEST,
    gate.request(MIRRORS_REQUEST, check.customDocument(), (params: DocumentParams): MirrorsResult => {
      const { analysis, position } = at(params);
      return mirrorsFor(analysis, position, () => (ctx.trusted() ? hostGoProxy() : undefined), ctx.settings().mirrors);
    }),
  );

  connection.onRequest(
    CONTAINER_PLAN_REQUEST,
    gate.request(CONTAINER_PLAN_REQUEST, check.customDocument(), (params: DocumentParams) => {
      const { analysis, position } = at(params);
      if (!analysis) return { error: 'not a Dockerfile, go.mod or go.work' };
      return containerPlanFor(analysis, position);
    }),
  );

  connection.onRequest(
    MIRROR_EDIT_REQUEST,
    gate.request(MIRROR_EDIT_REQUEST, checkMirrorEdit, (params: DocumentParams & { mirror: string }): WorkspaceEdit | null => {
      const { analysis, position } = at(params);
      if (!analysis || !/^https?:\/\//.test(params.mirror) || params.mirror.includes('***@')) return null;
      const edit = mirrorEditFor(analysis, position, params.mirror);
      return edit ? { changes: { [edit.uri]: edit.edits } } : null;
    }),
  );

  connection.onRequest(
    PRIVATE_EDIT_REQUEST,
    gate.request(PRIVATE_EDIT_REQUEST, checkPrivateEdit, (params: DocumentParams & { pattern: string }): WorkspaceEdit | null => {
      const { analysis, position } = at(params);
      // A module path pattern: no spaces, commas or schemes (it is written into the Dockerfile as is).
      if (!analysis || !/^[A-Za-z0-9.\-_~*?\[\]/]+$/.test(params.pattern)) return null;
      const edit = privatePatternEditFor(analysis, position, params.pattern);
      return edit ? { changes: { [edit.uri]: edit.edits } } : null;
    }),
  );
}
