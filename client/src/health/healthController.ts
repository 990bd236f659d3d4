// The VS Code side of mirror health: asks the server which mirrors the active document uses, keeps the
// monitor probing them (and a few alternatives), drives the status bar item and the report, and tells the
// server what it measured so diagnostics, hovers and quick fixes can use live health.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import type { MirrorHealth } from '../../../server/src/core/types';
import { HEALTH_NOTIFICATION, MIRROR_EDIT_REQUEST, MIRRORS_REQUEST, type MirrorsResult } from '../../../server/src/protocol';
import { KNOWN_MIRRORS, normalizeMirrorUrl } from '../../../server/src/goenv/knownMirrors';
import { HealthMonitor, MAX_MIRRORS, type MirrorState, type MonitoredMirror } from './monitor';
import { probeMirror, type ProbeResult } from './probe';
import { dispatcherFor, closeAll } from './proxyAgent';
import { failurePhrase, statusView } from './statusView';
import { HealthReportPanel } from './reportPanel';
import { sendNotification, sendRequest } from '../customProtocol';
import { t } from '../l10n';
import { baseName, isAnalysedFileName } from '../../../server/src/core/fileNames';

const GO_LANGUAGES = new Set(['dockerfile', 'go.mod', 'gomod', 'go.work', 'gowork']);

function isGoDocument(doc: vscode.TextDocument | undefined): doc is vscode.TextDocument {
  if (!doc) return false;
  return GO_LANGUAGES.has(doc.languageId) || isAnalysedFileName(baseName(doc.fileName));
}

export class HealthController implements vscode.Disposable {
  private readonly monitor: HealthMonitor;
  private readonly item = vscode.window.createStatusBarItem('goProxyDoctor.health', vscode.StatusBarAlignment.Left, 99);
  private readonly disposables: vscode.Disposable[] = [];
  /** Display URLs of the active document's mirrors, in order (the rest of the monitored list are alternatives). */
  private documentMirrors: string[] = [];
  private source: MirrorsResult['source'] | undefined;
  /** Why the active document has no mirror to watch (shown instead of a stale one). */
  private emptyReason: string | undefined;
  private refreshTimer: NodeJS.Timeout | undefined;
  private report: HealthReportPanel | undefined;

  constructor(
    private readonly client: LanguageClient,
    private readonly log: (m: string) => void,
  ) {
    const cfg = vscode.workspace.getConfiguration('goProxyDoctor.health');
    this.monitor = new HealthMonitor({
      intervalMs: cfg.get<number>('intervalSeconds', 300) * 1000,
      timeoutMs: cfg.get<number>('timeoutMs', 5000),
      probe: (probeUrl, signal) => this.probe(probeUrl, signal),
    });
    this.item.name = t('Go module mirror health');
    this.item.command = 'goProxyDoctor.healthMenu';
    this.disposables.push(
      this.item,
      this.monitor.onDidChange(() => this.render()),
      vscode.window.onDidChangeActiveTextEditor(() => this.refreshSoon()),
      vscode.window.onDidChangeTextEditorSelection((e) => e.textEditor === vscode.window.activeTextEditor && this.refreshSoon()),
      vscode.workspace.onDidSaveTextDocument(() => this.refreshSoon()),
      vscode.window.onDidChangeWindowState((s) => this.monitor.setFocused(s.focused)),
      vscode.workspace.onDidChangeConfiguration((e) => this.onConfiguration(e)),
    );
    this.monitor.setFocused(vscode.window.state.focused);
    this.refreshSoon();
  }

  private probe(probeUrl: string, signal: AbortSignal): Promise<ProbeResult> {
    const http = vscode.workspace.getConfiguration('http');
    const dispatcher = dispatcherFor(probeUrl, {
      httpProxy: http.get<string>('proxy') || undefined,
      strictSSL: http.get<boolean>('proxyStrictSSL', true),
      noProxy: http.get<string[]>('noProxy', []),
      env: process.env,
    });
    return probeMirror(probeUrl, { timeoutMs: vscode.workspace.getConfiguration('goProxyDoctor.health').get<number>('timeoutMs', 5000), dispatcher, signal });
  }

  private onConfiguration(e: vscode.ConfigurationChangeEvent): void {
    if (e.affectsConfiguration('goProxyDoctor.health') || e.affectsConfiguration('http')) {
      const cfg = vscode.workspace.getConfiguration('goProxyDoctor.health');
      this.monitor.configure({ intervalMs: cfg.get<number>('intervalSeconds', 300) * 1000, timeoutMs: cfg.get<number>('timeoutMs', 5000) });
      // New proxy settings: connections made through the old ones go; failing to close one only costs a socket.
      if (e.affectsConfiguration('http')) closeAll().catch((err) => this.log(`closing probe connections failed: ${String(err)}`));
    }
    if (e.affectsConfiguration('goProxyDoctor')) this.refreshSoon();
  }

  private refreshSoon(): void {
    if (this.refreshTimer) clearTimeout(this.refreshTimer);
    this.refreshTimer = setTimeout(() => void this.refresh(), 250);
  }

  /** Asks the server for the active document's mirrors and updates what the monitor probes. */
  async refresh(): Promise<void> {
    const enabled = vscode.workspace.getConfiguration('goProxyDoctor.health').get<boolean>('enabled', true);
    const editor = vscode.window.activeTextEditor;
    if (!enabled) {
      this.monitor.setMirrors([]);
      this.item.hide();
      return;
    }
    if (!isGoDocument(editor?.document)) {
      this.item.hide();
      return;
    }
    let result: MirrorsResult;
    try {
      result = await sendRequest(this.client, MIRRORS_REQUEST, {
        textDocument: { uri: editor!.document.uri.toString() },
        position: editor!.selection.active,
      });
    } catch (err) {
      this.log(`mirrors request failed: ${String(err)}`);
      return;
    }
    const trusted = vscode.workspace.isTrusted;
    const known = new Set(KNOWN_MIRRORS.map((m) => normalizeMirrorUrl(m.url)));
    // In Restricted Mode, only well-known public mirrors are contacted: a workspace cannot make us call its hosts.
    const fromDocument = result.entries.filter(
      (e) => e.kind === 'proxy' && e.probeUrl && (trusted || result.source !== 'dockerfile' || known.has(normalizeMirrorUrl(e.url))),
    );
    const mirrors: MonitoredMirror[] = fromDocument.map((e) => ({ url: e.url, probeUrl: e.probeUrl! }));
    const firstKind = result.entries[0]?.kind;
    this.emptyReason =
      mirrors.length > 0
        ? undefined
        : result.entries.some((e) => e.kind === 'proxy')
          ? t('mirrors not probed in Restricted Mode')
          : firstKind === 'off'
            ? t('GOPROXY=off: no downloads')
            : t('direct: no mirror in use');
    this.documentMirrors = mirrors.map((m) => m.url);
    this.source = result.source;
    if (vscode.workspace.getConfiguration('goProxyDoctor.health').get<boolean>('probeAlternatives', true)) {
      const region = vscode.env.language.toLowerCase().startsWith('zh') ? 'cn' : 'global';
      const alternatives = ['https://proxy.golang.org', ...KNOWN_MIRRORS.filter((m) => m.region === region).map((m) => m.url)];
      // Alternatives only fill the room the document's own mirrors leave (they are never "not probed").
      for (const url of alternatives) {
        if (mirrors.length >= MAX_MIRRORS) break;
        if (!mirrors.some((m) => normalizeMirrorUrl(m.url) === normalizeMirrorUrl(url))) mirrors.push({ url, probeUrl: url });
      }
    }
    this.monitor.setMirrors(mirrors);
    this.render();
  }

  private states(): { all: MirrorState[]; document: MirrorState[] } {
    const all = this.monitor.snapshot();
    const document = this.documentMirrors.map((u) => all.find((s) => s.url === u)).filter((s): s is MirrorState => !!s);
    return { all, document };
  }

  private render(): void {
    const { all, document } = this.states();
    if (document.length === 0 && this.emptyReason && isGoDocument(vscode.window.activeTextEditor?.document)) {
      this.item.text = `$(cloud) ${this.emptyReason}`;
      this.item.tooltip = this.emptyReason;
      this.item.backgroundColor = undefined;
      this.item.accessibilityInformation = { label: t('Go module mirror health: {0}', this.emptyReason) };
      this.item.show();
    } else if (document.length > 0 && isGoDocument(vscode.window.activeTextEditor?.document)) {
      const notProbed = new Set(this.monitor.notProbed());
      const view = statusView(document, t, Date.now(), this.documentMirrors.filter((u) => notProbed.has(u)).length);
      this.item.text = view.text;
      // Screen readers get words, not the icon names and Markdown of the tooltip.
      this.item.accessibilityInformation = { label: t('Go module mirror health: {0}', view.text.replace(/\$\([^)]*\)\s*/g, '')) };
      const tooltip = new vscode.MarkdownString(view.tooltipMarkdown + (this.source ? `\n\n${t('Mirrors from: {0}', this.sourceLabel())}` : ''), true);
      tooltip.isTrusted = false;
      this.item.tooltip = tooltip;
      this.item.backgroundColor =
        view.severity === 'ok'
          ? undefined
          : new vscode.ThemeColor(view.severity === 'error' ? 'statusBarItem.errorBackground' : 'statusBarItem.warningBackground');
      this.item.show();
    } else if (!isGoDocument(vscode.window.activeTextEditor?.document)) this.item.hide();
    this.report?.update(all, this.monitor.notProbed());
    void this.sendHealth(all);
  }

  private sourceLabel(): string {
    switch (this.source) {
      case 'dockerfile':
        return t('the Dockerfile');
      case 'settings':
        return t('the goProxyDoctor.mirrors setting');
      case 'go env':
        return t('go env GOPROXY on this machine');
      default:
        return t('the go command default');
    }
  }

  private lastSent = '';

  private async sendHealth(states: MirrorState[]): Promise<void> {
    const mirrors: MirrorHealth[] = states
      .filter((s) => s.last && s.last.state !== undefined)
      .map((s) => ({
        url: s.url,
        ok: s.last!.state !== 'failing',
        latencyMs: s.last!.state !== 'failing' ? s.last!.timings.totalMs : undefined,
        error: s.last!.failure ? failurePhrase(s.last!.failure.kind, t) : undefined,
        checkedAt: s.last!.checkedAt,
      }));
    const key = JSON.stringify(mirrors.map((m) => [m.url, m.ok, m.error]));
    if (key === this.lastSent) return;
    this.lastSent = key;
    try {
      await sendNotification(this.client, HEALTH_NOTIFICATION, { mirrors });
    } catch {
      /* the client restarts: it gets the next change */
    }
  }

  recheckNow(): Promise<void> {
    return this.monitor.recheckNow();
  }

  showReport(extensionUri: vscode.Uri): void {
    this.report = HealthReportPanel.show(extensionUri, () => (this.report = undefined));
    this.report.update(this.monitor.snapshot(), this.monitor.notProbed());
  }

  /** Mirrors measured healthy, fastest first (never one whose URL carries credentials). */
  healthyMirrors(): string[] {
    return this.monitor
      .snapshot()
      .filter((s) => s.last?.state === 'ok' && !s.url.includes('***@'))
      .sort((a, b) => (a.last!.timings.totalMs ?? Infinity) - (b.last!.timings.totalMs ?? Infinity))
      .map((s) => s.url);
  }

  fastestHealthy(): string | undefined {
    return this.healthyMirrors()[0];
  }

  async useFastestMirror(): Promise<void> {
    const editor = vscode.window.activeTextEditor;
    const mirror = this.fastestHealthy();
    if (!editor || !isGoDocument(editor.document)) {
      void vscode.window.showInformationMessage(t('Open a Dockerfile or go.mod first.'));
      return;
    }
    if (!mirror) {
      void vscode.window.showWarningMessage(t('No mirror has been measured healthy yet. Run "Re-check mirror health" first.'));
      return;
    }
    const edit = await sendRequest(this.client, MIRROR_EDIT_REQUEST, {
      textDocument: { uri: editor.document.uri.toString() },
      position: editor.selection.active,
      mirror,
    });
    if (!edit) {
      void vscode.window.showWarningMessage(t('No Dockerfile stage to change was found.'));
      return;
    }
    const converted = await this.client.protocol2CodeConverter.asWorkspaceEdit(edit);
    await vscode.workspace.applyEdit(converted);
  }

  async showMenu(extensionUri: vscode.Uri): Promise<void> {
    const items: (vscode.QuickPickItem & { run: () => unknown })[] = [
      { label: `$(refresh) ${t('Re-check now')}`, run: () => this.recheckNow() },
      { label: `$(graph) ${t('Show health report')}`, run: () => this.showReport(extensionUri) },
    ];
    const fastest = this.fastestHealthy();
    if (fastest && isGoDocument(vscode.window.activeTextEditor?.document)) {
      const onGoMod = /go\.(mod|work)$/.test(vscode.window.activeTextEditor?.document.fileName ?? '');
      const label = onGoMod ? t('Use fastest healthy mirror in the Dockerfile that builds this module') : t('Use fastest healthy mirror in this Dockerfile');
      items.push({ label: `$(zap) ${label}`, description: fastest, run: () => this.useFastestMirror() });
    }
    items.push({ label: `$(gear) ${t('Open settings')}`, run: () => vscode.commands.executeCommand('workbench.action.openSettings', 'goProxyDoctor') });
    const pick = await vscode.window.showQuickPick(items, { placeHolder: t('Go module mirror health') });
    await pick?.run();
  }

  dispose(): void {
    if (this.refreshTimer) clearTimeout(this.refreshTimer);
    this.monitor.dispose();
    closeAll().catch((err) => this.log(`closing probe connections failed: ${String(err)}`));
    for (const d of this.disposables) d.dispose();
  }
}
