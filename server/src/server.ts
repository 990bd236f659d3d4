// The language server: LSP wiring only. Documents, capabilities, settings and locale; requests are answered by the
// handlers of lsp/, which find each document's analysis through one contextFor. Run as `node dist/server.js --stdio` (or --node-ipc).
import * as path from 'node:path';
import { getHeapStatistics } from 'node:v8';
import {
  CodeActionKind,
  createConnection,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  ErrorCodes,
  ProposedFeatures,
  ResponseError,
  TextDocuments,
  TextDocumentSyncKind,
  type DidChangeConfigurationParams,
  type DidChangeWatchedFilesParams,
  type InitializeError,
  type InitializeParams,
  type InitializeResult,
  type WorkspaceFoldersChangeEvent,
} from 'vscode-languageserver/node';
import { WATCHED_FILES_GLOB } from './protocol';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DocumentAnalyses } from './documentAnalyses';
import { registerDocumentSync } from './documentSync';
import { toDiagnostic } from './lsp/diagnostics';
import { ElsewhereFindings } from './lsp/elsewhere';
import { registerCustomRequests } from './lsp/customRequests';
import { documentContexts } from './lsp/documentContexts';
import { registerDocumentRequests } from './lsp/documentRequests';
import { Gate } from './lsp/gate';
import { SERVER_MESSAGES } from './lsp/messages';
import * as check from './lsp/params';
import { parseSettings, sameSettings } from './core/settings';
import { localize, toLocale } from './core/localize';
import { redactCredentials } from './core/redact';
import { analyzeContext, onRuleFailure } from './analysis';
import { warmUp } from './warmup';
import { loadHclParser } from './host/hclParserLoader';
import { codeCacheWarmedUp } from './boot/codeCache';
import { limitHeapGrowth } from './boot/heapGrowth';
import type { AnalysisSettings, Finding, Locale, MirrorHealth } from './core/types';
import { Workspace } from './host/workspace';
import { documentKind } from './host/fileKinds';
import { pathToUri, uriToPath } from './core/uri';
import { PRODUCT_VERSION } from './version';

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
/** Whether the client can watch files for the server: it then sends file events, and what was read from disk is kept until one comes. */
let registerWatcher = false;
let isVsCode = false;
/** Whether the client vouches for the workspace (VS Code workspace trust); other editors: trusted. */
let trusted = true;

/** Never throws: it is called from timers and callbacks, where a closed connection must not end the process. */
function log(message: string): void {
  try {
    connection.console.log(redactCredentials(message));
  } catch {
    /* the connection is gone: nothing left to tell */
  }
}

const workspace = new Workspace([], (uri) => documents.get(uri)?.getText());
/** What Dockerfiles report in compose, workflow and Makefile documents (open or not), against their text now. */
const elsewhere = new ElsewhereFindings((uri) => {
  const p = uriToPath(uri);
  return p ? workspace.buildFileText(p) : undefined;
});

function publishFindings(uri: string, findings: Finding[]): void {
  const diagnostics = findings.slice(0, MAX_DIAGNOSTICS).map((f) => toDiagnostic(f, DOCS_BASE));
  connection.sendDiagnostics({ uri, diagnostics }).catch((err) => gate.failed('publishDiagnostics', err));
}

function publishElsewhere(changed: Map<string, Finding[]>): void {
  for (const [uri, findings] of changed) publishFindings(uri, findings);
}

/** The HCL parser: loaded when the workspace first has a docker-bake.hcl, then kept; 'failed' is logged once. */
let hclParser: Promise<void> | 'loaded' | 'failed' | undefined;

/** While the HCL parser the workspace needs is loading, the promise of its load (which refreshes every analysis). */
function parserLoading(): Promise<void> | undefined {
  if (hclParser === 'loaded' || hclParser === 'failed') return undefined;
  if (hclParser) return hclParser;
  if (!workspace.hasBakeHcl()) return undefined;
  hclParser = loadHclParser().then(
    () => {
      hclParser = 'loaded';
      // Invocations read before the parser was there left the docker-bake.hcl out.
      workspace.invalidate();
      analyses.invalidateAll();
    },
    (err) => {
      hclParser = 'failed';
      log(localize(locale, SERVER_MESSAGES.hclParserFailed, (err as Error)?.stack ?? String(err)));
    },
  );
  return hclParser;
}

const analyses: DocumentAnalyses = new DocumentAnalyses({
  workspace,
  settings: () => settings,
  locale: () => locale,
  openDocuments: () => documents.all(),
  document: (uri) => documents.get(uri),
  publish: (a) => {
    const diagnostics = a.findings
      .filter((f) => f.uri === a.uri)
      .slice(0, MAX_DIAGNOSTICS)
      .map((f) => toDiagnostic(f, DOCS_BASE));
    connection.sendDiagnostics({ uri: a.uri, version: a.version, diagnostics }).catch((err) => gate.failed('publishDiagnostics', err));
    publishElsewhere(elsewhere.update(a.uri, a.findings));
  },
  report: (dockerfileUri, findings) => publishElsewhere(elsewhere.update(dockerfileUri, findings)),
  unreport: (dockerfileUri) => publishElsewhere(elsewhere.forget(dockerfileUri)),
  failed: (uri, err) => log(localize(locale, SERVER_MESSAGES.analysisFailed, uri, (err as Error)?.stack ?? String(err))),
  loading: parserLoading,
});
const gate = new Gate({ log, locale: () => locale, onMessage: () => analyses.activity() });

onRuleFailure((rule, err) => log(localize(locale, SERVER_MESSAGES.ruleFailed, rule, (err as Error)?.stack ?? String(err))));

connection.onInitialize((params: InitializeParams): InitializeResult | ResponseError<InitializeError> => {
  analyses.activity();
  if (gate.phase !== 'starting') return new ResponseError(ErrorCodes.InvalidRequest, localize(locale, SERVER_MESSAGES.initializedTwice), { retry: false });
  const why = check.initialize(params);
  const options = (params?.initializationOptions ?? {}) as { locale?: unknown; settings?: unknown; trusted?: boolean; watchesFiles?: boolean };
  locale = toLocale(typeof params?.locale === 'string' ? params.locale : typeof options.locale === 'string' ? options.locale : undefined);
  if (why) {
    const refused = gate.invalidParams('initialize', why);
    return new ResponseError(refused.code, refused.message, { retry: false });
  }
  trusted = options.trusted !== false;
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
  const caps = params.capabilities;
  pullConfiguration = !!caps.workspace?.configuration;
  folderEvents = !!caps.workspace?.workspaceFolders;
  // The VS Code client watches the files itself; another client that can watch for the server is asked to in
  // `initialized`. With neither, files read from disk are checked for changes on every read instead.
  registerWatcher = options.watchesFiles !== true && !!caps.workspace?.didChangeWatchedFiles?.dynamicRegistration;
  workspace.fileEvents(options.watchesFiles === true);
  isVsCode = /visual studio code|code-server|vscode/i.test(typeof params.clientInfo?.name === 'string' ? params.clientInfo.name : '');
  const resolvable = caps.textDocument?.codeAction?.resolveSupport?.properties;
  lazyCodeActionEdits = Array.isArray(resolvable) && resolvable.includes('edit');
  // Replaces vscode-languageserver's own handler (registered just before this one runs), which reads
  // `params.event` unchecked.
  if (folderEvents) {
    connection.onNotification(
      'workspace/didChangeWorkspaceFolders',
      gate.notification('workspace/didChangeWorkspaceFolders', check.didChangeWorkspaceFolders, ({ event }: { event: WorkspaceFoldersChangeEvent }) => {
        const added = event.added.map((f) => uriToPath(f.uri)).filter((p): p is string => !!p);
        const removed = new Set(event.removed.map((f) => uriToPath(f.uri)));
        workspace.setRoots([...workspace.rootPaths.filter((r) => !removed.has(r)), ...added]);
        analyses.invalidateAll();
      }),
    );
  }
  warmUp(locale);
  gate.phase = 'running';
  return {
    capabilities: {
      textDocumentSync: TextDocumentSyncKind.Incremental,
      codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix], resolveProvider: true },
      hoverProvider: true,
      codeLensProvider: { resolveProvider: false },
      completionProvider: { triggerCharacters: ['=', ',', '|', ' ', '{', '$'] },
      workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
    },
    serverInfo: { name: 'go-proxy-doctor', version: PRODUCT_VERSION },
  };
});

const shutdown = gate.request(
  'shutdown',
  () => undefined,
  () => {
    gate.phase = 'stopped';
    analyses.stop();
  },
);
connection.onShutdown((token) => shutdown(undefined, token));

// Requests of methods the server does not implement: the lifecycle errors come before MethodNotFound.
connection.onRequest((method: string) => gate.unknownRequest(method));

/** Pulls the settings; true when they differ from those the analyses so far used. */
async function refreshSettings(): Promise<boolean> {
  if (!pullConfiguration) return false;
  try {
    section = (await connection.workspace.getConfiguration('goProxyDoctor')) ?? {};
  } catch (err) {
    log(localize(locale, SERVER_MESSAGES.failed, 'workspace/configuration', String(err)));
  }
  return reparseSettings();
}

/** Parses `section` again; true when the settings differ from those the analyses so far used. */
function reparseSettings(): boolean {
  const before = settings;
  settings = parseSettings(section, health);
  return !sameSettings(before, settings);
}

/** What the server does once the client is initialized: write its code cache, register what it watches, log, pull settings. */
async function afterInitialized(): Promise<void> {
  codeCacheWarmedUp(log);
  if (registerWatcher)
    void connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: WATCHED_FILES_GLOB }] }).then(
      () => workspace.fileEvents(true),
      () => undefined,
    );
  if (pullConfiguration) void connection.client.register(DidChangeConfigurationNotification.type, { section: 'goProxyDoctor' }).catch(() => undefined);
  // Logged after the registrations: a client that has read this line has read every registration made at start.
  const limitMiB = Math.round(getHeapStatistics().heap_size_limit / (1 << 20));
  log(heapGrowth.set ? localize(locale, SERVER_MESSAGES.heapGrowth, limitMiB, heapGrowth.percent) : localize(locale, SERVER_MESSAGES.heapOwnFlags, limitMiB));
  // Documents opened meanwhile were analysed with the settings of `initialize`: again only if these differ.
  if (pullConfiguration && (await refreshSettings())) analyses.invalidateAll();
}

connection.onInitialized(
  gate.notification(
    'initialized',
    () => undefined,
    // The documents a client opens come right behind `initialized`: they are analysed and published first.
    () => analyses.whenIdle(gate.guard('initialized', afterInitialized)),
  ),
);

connection.onDidChangeConfiguration(
  gate.notification('workspace/didChangeConfiguration', check.didChangeConfiguration, async (change: DidChangeConfigurationParams) => {
    const pushed = (change.settings as { goProxyDoctor?: unknown } | undefined)?.goProxyDoctor;
    // Editors send this for changes of other settings too: the analyses are redone only when these changed.
    let changed = false;
    if (pullConfiguration) changed = await refreshSettings();
    else if (pushed) {
      section = pushed;
      changed = reparseSettings();
    }
    if (changed) analyses.invalidateAll();
  }),
);

const sync = registerDocumentSync({ documents, analyses, workspace, elsewhere, publish: publishFindings });

connection.onDidChangeWatchedFiles(
  gate.notification('workspace/didChangeWatchedFiles', check.didChangeWatchedFiles, (e: DidChangeWatchedFilesParams) => sync.filesChanged(e.changes)),
);

const contextFor = documentContexts({
  documents,
  current: (doc) => analyses.current(doc),
  openDockerfiles: () => analyses.openDockerfilePaths(),
  workspace,
  settings: () => settings,
  locale: () => locale,
});

registerDocumentRequests(connection, gate, {
  contextFor,
  docsBase: DOCS_BASE,
  maxDiagnostics: MAX_DIAGNOSTICS,
  lazyCodeActionEdits: () => lazyCodeActionEdits,
  trusted: () => trusted,
  iconSupport: () => isVsCode,
  buildFile(uri) {
    const doc = documents.get(uri);
    if (!doc || documentKind(uri, doc.languageId) || !elsewhere.reportsIn(uri)) return undefined;
    return { doc, findings: elsewhere.findingsIn(uri) };
  },
});

registerCustomRequests(connection, gate, {
  contextFor,
  settings: () => settings,
  locale: () => locale,
  analyze: analyzeContext,
  trusted: () => trusted,
  log,
  setHealth(mirrors: MirrorHealth[]) {
    health = mirrors;
    settings = parseSettings(section, health);
    analyses.invalidateAll();
  },
});

documents.listen(gate.documentSync(connection));
connection.listen();
// After the modules above are loaded (see heapGrowth.ts).
const heapGrowth = limitHeapGrowth();
