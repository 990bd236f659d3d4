// The language server: LSP wiring only. Documents, capabilities, settings and locale; requests are routed to
// features/ and the analysis core. Run as `node dist/server.js --stdio` (or --node-ipc).
import * as path from 'node:path';
import {
  CodeActionKind, createConnection, DidChangeConfigurationNotification, ProposedFeatures, TextDocuments, TextDocumentSyncKind,
  type CodeAction, type InitializeParams, type InitializeResult,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DocumentAnalyses, type DocumentAnalysis } from './documentAnalyses';
import { codeActionsFor, workspaceEdit, type FixRef } from './features/codeActions';
import { toDiagnostic } from './features/diagnostics';
import { hoverFor } from './features/hover';
import { completionsFor } from './features/completion';
import { codeLensesFor } from './features/codeLens';
import { registerCustomRequests } from './features/custom';
import { parseSettings } from './settings';
import { toLocale } from './core/localize';
import { redactCredentials } from './core/redact';
import { onRuleFailure } from './analysis';
import { warmUp } from './warmup';
import { codeCacheWarmedUp } from './boot/codeCache';
import type { AnalysisSettings, Locale, MirrorHealth } from './core/types';
import { pathToUri, uriToPath, Workspace } from './workspace';

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);
const DOCS_BASE = pathToUri(path.join(__dirname, '..', 'README.md'));
/** Editors slow down past a few thousand diagnostics in one document; the first ones (by position) are shown. */
const MAX_DIAGNOSTICS = 2000;

let locale: Locale = 'en';
let section: unknown = {};
let health: MirrorHealth[] = [];
let settings: AnalysisSettings = parseSettings({});
let pullConfiguration = false;
let lazyCodeActionEdits = false;
let folderEvents = false;
let isVsCode = false;
/** Whether the client vouches for the workspace (VS Code workspace trust); other editors: trusted. */
let trusted = true;

const workspace = new Workspace([], (uri) => documents.get(uri)?.getText());
const analyses = new DocumentAnalyses({
  workspace,
  settings: () => settings,
  locale: () => locale,
  openDocuments: () => documents.all(),
  publish: (a) => {
    const diagnostics = a.findings.filter((f) => f.uri === a.uri).slice(0, MAX_DIAGNOSTICS).map((f) => toDiagnostic(f, DOCS_BASE));
    void connection.sendDiagnostics({ uri: a.uri, version: a.version, diagnostics });
  },
});

function log(message: string): void {
  connection.console.log(redactCredentials(message));
}

/** A handler that never throws into the transport: failures are logged (redacted) and answered with `fallback`. */
function safe<P extends unknown[], R>(name: string, fallback: R, fn: (...args: P) => R): (...args: P) => R {
  return (...args: P) => {
    try {
      return fn(...args);
    } catch (err) {
      log(`${name} failed: ${(err as Error)?.stack ?? String(err)}`);
      return fallback;
    }
  };
}

onRuleFailure((rule, err) => log(`rule ${rule} failed: ${(err as Error)?.stack ?? String(err)}`));

connection.onInitialize((params: InitializeParams): InitializeResult => {
  const options = (params.initializationOptions ?? {}) as { locale?: string; settings?: unknown; trusted?: boolean };
  trusted = options.trusted !== false;
  locale = toLocale(params.locale ?? options.locale);
  if (options.settings) {
    section = options.settings;
    settings = parseSettings(section, health);
  }
  const roots = (params.workspaceFolders ?? []).map((f) => uriToPath(f.uri)).filter((p): p is string => !!p);
  if (roots.length === 0 && params.rootUri) {
    const root = uriToPath(params.rootUri);
    if (root) roots.push(root);
  }
  workspace.setRoots(roots);
  pullConfiguration = !!params.capabilities.workspace?.configuration;
  folderEvents = !!params.capabilities.workspace?.workspaceFolders;
  isVsCode = /visual studio code|code-server|vscode/i.test(params.clientInfo?.name ?? '');
  lazyCodeActionEdits = !!params.capabilities.textDocument?.codeAction?.resolveSupport?.properties.includes('edit');
  warmUp(locale);
  return {
    capabilities: {
      textDocumentSync: TextDocumentSyncKind.Incremental,
      codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix], resolveProvider: true },
      hoverProvider: true,
      codeLensProvider: { resolveProvider: false },
      completionProvider: { triggerCharacters: ['=', ',', '|', ' ', '{', '$'] },
      workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
    },
    serverInfo: { name: 'go-proxy-doctor', version: '0.1.0' },
  };
});

async function refreshSettings(): Promise<void> {
  if (!pullConfiguration) return;
  try {
    section = (await connection.workspace.getConfiguration('goProxyDoctor')) ?? {};
  } catch (err) {
    log(`could not read settings: ${String(err)}`);
  }
  settings = parseSettings(section, health);
}

connection.onInitialized(async () => {
  codeCacheWarmedUp(log);
  if (pullConfiguration) {
    void connection.client.register(DidChangeConfigurationNotification.type, { section: 'goProxyDoctor' }).catch(() => undefined);
    await refreshSettings();
    analyses.invalidateAll();
  }
  if (!folderEvents) return;
  connection.workspace.onDidChangeWorkspaceFolders((e) => {
    const added = e.added.map((f) => uriToPath(f.uri)).filter((p): p is string => !!p);
    const removed = new Set(e.removed.map((f) => uriToPath(f.uri)));
    workspace.setRoots([...workspace.rootPaths.filter((r) => !removed.has(r)), ...added]);
    analyses.invalidateAll();
  });
});

connection.onDidChangeConfiguration(async (change) => {
  const pushed = (change.settings as { goProxyDoctor?: unknown } | undefined)?.goProxyDoctor;
  if (pullConfiguration) await refreshSettings();
  else if (pushed) {
    section = pushed;
    settings = parseSettings(section, health);
  }
  analyses.invalidateAll();
});

function rescheduleRelated(uri: string): void {
  for (const d of analyses.dependents(uri)) {
    analyses.invalidate(d.uri);
    analyses.schedule(d);
  }
}

documents.onDidOpen(
  safe('didOpen', undefined, (e) => {
    workspace.invalidate(uriToPath(e.document.uri));
    analyses.analyzeNow(e.document);
    rescheduleRelated(e.document.uri);
    if (analyses.kindOf(e.document) === 'dockerfile') for (const d of documents.all()) if (analyses.kindOf(d) !== 'dockerfile' && analyses.kindOf(d)) analyses.schedule(d);
  }),
);

documents.onDidChangeContent(
  safe('didChange', undefined, (e) => {
    // Also fired right after didOpen, which has analysed this version already.
    if (analyses.isCurrent(e.document)) return;
    analyses.schedule(e.document);
    rescheduleRelated(e.document.uri);
    if (analyses.kindOf(e.document) === 'dockerfile') for (const d of documents.all()) if (analyses.kindOf(d) !== 'dockerfile' && analyses.kindOf(d)) analyses.schedule(d);
  }),
);

documents.onDidClose(
  safe('didClose', undefined, (e) => {
    analyses.forget(e.document.uri);
    void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
    rescheduleRelated(e.document.uri);
  }),
);

connection.onDidChangeWatchedFiles(
  safe('didChangeWatchedFiles', undefined, (e) => {
    for (const change of e.changes) {
      workspace.invalidate(uriToPath(change.uri));
      rescheduleRelated(change.uri);
    }
    // A new or deleted Dockerfile or module file can change what any open document depends on.
    for (const d of documents.all()) {
      analyses.invalidate(d.uri);
      analyses.schedule(d);
    }
  }),
);

/** The open document and its current analysis, when it is open and one of ours. */
function analysisOf(uri: string): { doc: TextDocument; a: DocumentAnalysis } | undefined {
  const doc = documents.get(uri);
  const a = doc && analyses.current(doc);
  return doc && a ? { doc, a } : undefined;
}

connection.onCodeAction(
  safe('codeAction', [] as CodeAction[], (params) => {
    const open = analysisOf(params.textDocument.uri);
    if (!open) return [];
    const { doc, a } = open;
    return codeActionsFor(a.findings, params.range, { uri: doc.uri, version: doc.version }, DOCS_BASE, lazyCodeActionEdits, params.context.only);
  }),
);

connection.onCodeActionResolve(
  safe('codeActionResolve', undefined as unknown as CodeAction, (action: CodeAction) => {
    const ref = action.data as FixRef | undefined;
    const doc = ref && documents.get(ref.uri);
    if (!ref || !doc || doc.version !== ref.version) return action;
    const fix = analyses.current(doc)?.findings[ref.finding]?.fixes[ref.fix];
    if (fix) action.edit = workspaceEdit(fix);
    return action;
  }),
);

connection.onHover(
  safe('hover', null, (params) => {
    const open = analysisOf(params.textDocument.uri);
    return open ? hoverFor(open.a.context, params.position) : null;
  }),
);

connection.onCompletion(
  safe('completion', [], (params) => {
    const open = analysisOf(params.textDocument.uri);
    return open ? completionsFor(open.a.context, params.position) : [];
  }),
);

connection.onCodeLens(
  safe('codeLens', [], (params) => {
    const open = analysisOf(params.textDocument.uri);
    // The lens runs a container: not offered where the client says the workspace is not trusted.
    return open && trusted ? codeLensesFor(open.a.context, isVsCode) : [];
  }),
);

registerCustomRequests(connection, {
  documents,
  analyses,
  workspace,
  settings: () => settings,
  locale: () => locale,
  trusted: () => trusted,
  log,
  setHealth(mirrors: MirrorHealth[]) {
    health = mirrors;
    settings = parseSettings(section, health);
    analyses.invalidateAll();
  },
});

documents.listen(connection);
connection.listen();
