// The standard requests on an open document: code actions and their resolution, hover, completion and code lenses.
// Each finds the document's analysis through contextFor, takes the answer from the findings or from services/, and
// converts it to the LSP result, kept inside the document as the editor has it.
import type { CodeActionParams, CodeLensParams, CompletionParams, Connection, HoverParams } from 'vscode-languageserver/node';
import { MarkupKind, type CodeAction, type CodeLens, type CompletionItem, type Hover, type Position, type TextEdit } from 'vscode-languageserver-types';
import { redactCredentials } from '../core/redact';
import type { Finding } from '../core/types';
import type { AnalysisContext } from '../model/context';
import { hoverAt } from '../services/hover';
import { completionsAt } from '../services/completion';
import { lensesFor } from '../services/codeLens';
import { codeActionsFor, workspaceEdit, type FixRef } from './codeActions';
import type { ContextFor } from './documentContexts';
import type { Gate } from './gate';
import * as check from './params';
import { clampPosition, clampRange, type Lines } from './positions';

export interface DocumentRequestsEnv {
  contextFor: ContextFor;
  /** Where the rules' documentation is: each diagnostic links to its rule's section. */
  docsBase: string;
  /** Only the first diagnostics of a document are published, and only they get actions. */
  maxDiagnostics: number;
  /** The client resolves a code action's edit when it is chosen (codeAction/resolve). */
  lazyCodeActionEdits(): boolean;
  /** The client says the workspace is trusted. */
  trusted(): boolean;
  /** The client renders `$(icon)` in code lens titles (VS Code). */
  iconSupport(): boolean;
  /**
   * An open compose, bake, workflow or Makefile document with what Dockerfiles report in it (a build argument's value
   * written there), as published; undefined for any other document.
   */
  buildFile(uri: string): { doc: Lines & { uri: string; version: number }; findings: Finding[] } | undefined;
}

/** The services' Markdown (localised, credentials redacted) as an LSP Hover. */
function hoverFor(ctx: AnalysisContext, position: Position, lines: Lines): Hover | null {
  const h = hoverAt(ctx, position);
  if (!h) return null;
  const range = h.range && clampRange(lines, h.range);
  return { contents: { kind: MarkupKind.Markdown, value: redactCredentials(h.contents) }, range };
}

/** The services' completion items, with every edit kept inside the document. */
function completionsFor(ctx: AnalysisContext, position: Position, lines: Lines): CompletionItem[] {
  const inside = (e: TextEdit): TextEdit => ({ ...e, range: clampRange(lines, e.range) });
  return completionsAt(ctx, position).map((item) => {
    const out = { ...item };
    const te = item.textEdit;
    if (te && 'range' in te) out.textEdit = inside(te);
    else if (te) out.textEdit = { ...te, insert: clampRange(lines, te.insert), replace: clampRange(lines, te.replace) };
    if (item.additionalTextEdits) out.additionalTextEdits = item.additionalTextEdits.map(inside);
    return out;
  });
}

/** `$(icon)` syntax renders in VS Code; other editors show it as text, so the icon is dropped for them. */
function codeLensesFor(ctx: AnalysisContext, iconSupport: boolean, lines: Lines): CodeLens[] {
  return lensesFor(ctx).map((l) => ({
    range: clampRange(lines, l.range),
    command: { title: iconSupport ? l.title : l.title.replace(/^\$\([a-z-]+\)\s*/, ''), command: l.command, arguments: [l.argument] },
  }));
}

export function registerDocumentRequests(connection: Connection, gate: Gate, env: DocumentRequestsEnv): void {
  /** The open document and its current analysis, when it is open and one of ours. */
  const openDocument = (uri: string) => env.contextFor(uri)?.open;

  connection.onRequest(
    'textDocument/codeAction',
    gate.request('textDocument/codeAction', check.codeAction, (params: CodeActionParams) => {
      const open = openDocument(params.textDocument.uri);
      if (!open) {
        // A build file's fixes rewrite the value there: computed already, so the edit goes with the action.
        const build = env.buildFile(params.textDocument.uri);
        if (!build) return [];
        const ref = { uri: build.doc.uri, version: build.doc.version };
        const range = clampRange(build.doc, params.range);
        return codeActionsFor(build.findings, range, ref, env.docsBase, false, params.context.only, env.maxDiagnostics, build.doc);
      }
      const { doc, analysis } = open;
      const range = clampRange(doc, params.range);
      // Only the published diagnostics get actions: the editor shows no others, and each action carries one.
      const ref = { uri: doc.uri, version: doc.version };
      return codeActionsFor(analysis.findings, range, ref, env.docsBase, env.lazyCodeActionEdits(), params.context.only, env.maxDiagnostics, doc);
    }),
  );

  connection.onRequest(
    'codeAction/resolve',
    gate.request('codeAction/resolve', check.codeActionResolve, (action: CodeAction) => {
      const ref = action.data as FixRef | undefined;
      const open = ref && typeof ref.uri === 'string' ? openDocument(ref.uri) : undefined;
      if (!ref || !open || open.doc.version !== ref.version) return action;
      const fix = open.analysis.findings[ref.finding]?.fixes[ref.fix];
      if (fix) action.edit = workspaceEdit(fix, open.doc);
      return action;
    }),
  );

  connection.onRequest(
    'textDocument/hover',
    gate.request('textDocument/hover', check.atPosition, (params: HoverParams) => {
      const open = openDocument(params.textDocument.uri);
      return open ? hoverFor(open.analysis.context, clampPosition(open.doc, params.position), open.doc) : null;
    }),
  );

  connection.onRequest(
    'textDocument/completion',
    gate.request('textDocument/completion', check.atPosition, (params: CompletionParams) => {
      const open = openDocument(params.textDocument.uri);
      return open ? completionsFor(open.analysis.context, clampPosition(open.doc, params.position), open.doc) : [];
    }),
  );

  connection.onRequest(
    'textDocument/codeLens',
    gate.request('textDocument/codeLens', check.documentOnly, (params: CodeLensParams) => {
      const open = openDocument(params.textDocument.uri);
      // The lens runs a container: not offered where the client says the workspace is not trusted.
      return open && env.trusted() ? codeLensesFor(open.analysis.context, env.iconSupport(), open.doc) : [];
    }),
  );
}
