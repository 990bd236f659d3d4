// Custom protocol between the VS Code client and the server: measured mirror health in
// (goProxyDoctor/health), and later the mirrors and container plan requests out.
import type { Connection, TextDocuments } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { MirrorHealth } from '../core/types';
import type { DocumentAnalyses } from '../documentAnalyses';
import type { Workspace } from '../workspace';

export interface CustomContext {
  documents: TextDocuments<TextDocument>;
  analyses: DocumentAnalyses;
  workspace: Workspace;
  log(message: string): void;
  setHealth(mirrors: MirrorHealth[]): void;
}

export const HEALTH_NOTIFICATION = 'goProxyDoctor/health';

function validHealth(x: unknown): x is MirrorHealth {
  const h = x as MirrorHealth;
  return !!h && typeof h.url === 'string' && typeof h.ok === 'boolean' && typeof h.checkedAt === 'string';
}

export function registerCustomRequests(connection: Connection, ctx: CustomContext): void {
  connection.onNotification(HEALTH_NOTIFICATION, (params: { mirrors?: unknown[] }) => {
    const mirrors = Array.isArray(params?.mirrors) ? params.mirrors.filter(validHealth) : [];
    ctx.setHealth(mirrors);
  });
}
