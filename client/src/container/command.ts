// "Test Go proxy in container": pick the module, get the plan from the server, let the user review it, run
// `go mod download` in a real container with live progress and a streamed log, then show the report, turn
// failed modules into go.mod diagnostics, and offer a re-run with another mirror side by side.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { KNOWN_MIRRORS } from '../../../server/src/goenv/knownMirrors';
import { CONTAINER_PLAN_REQUEST, type ContainerPlan } from '../../../server/src/protocol';
import { sendRequest } from '../customProtocol';
import { RedactingOutputChannel } from '../redactingChannel';
import type { RunOptions, RuntimeName } from './plan';
import { checkRuntime } from './runtime';
import { classifyRuntimeFailure, runtimeMissing } from './failures';
import { t } from '../l10n';
import { baseName, isAnalysedFileName } from '../../../server/src/core/fileNames';
import { toLocale } from '../../../server/src/core/localize';
import { renderMarkdown, type RunReport } from './report';
import { removeStaleRunDirs, runPlan, type RunResult } from './runner';
import { reviewPlan } from './planReview';
import { ContainerReportPanel, type ReportColumn } from './reportView';
import { GoModDiagnostics } from './goModDiagnostics';
import { clearBuildLogDiagnostics } from '../explainLog';

export const CONTAINER_LABEL = 'go-proxy-doctor';

interface Target {
  uri: string;
  position?: vscode.Position;
}

interface LastRun {
  plan: ContainerPlan;
  result: RunResult;
  title: string;
}

async function pickTarget(arg: unknown): Promise<Target | undefined> {
  const a = arg as { uri?: string; position?: vscode.Position } | vscode.Uri | undefined;
  if (a instanceof vscode.Uri) return { uri: a.toString() };
  if (a && typeof a === 'object' && typeof (a as { uri?: unknown }).uri === 'string')
    return { uri: (a as { uri: string }).uri, position: (a as { position?: vscode.Position }).position };
  const editor = vscode.window.activeTextEditor;
  if (editor && isAnalysedFileName(baseName(editor.document.fileName))) {
    return { uri: editor.document.uri.toString(), position: editor.selection.active };
  }
  const files = await vscode.workspace.findFiles('**/{go.mod,go.work}', '**/{node_modules,vendor,.git,testdata}/**', 200);
  if (files.length === 0) {
    void vscode.window.showErrorMessage(t('No go.mod or go.work in this workspace.'));
    return undefined;
  }
  if (files.length === 1) return { uri: files[0].toString() };
  const pick = await vscode.window.showQuickPick(
    files.map((f) => ({ label: vscode.workspace.asRelativePath(f), uri: f.toString() })).sort((x, y) => x.label.localeCompare(y.label)),
    { placeHolder: t('Which module should be tested?') },
  );
  return pick ? { uri: pick.uri } : undefined;
}

function runOptions(): RunOptions {
  const cfg = vscode.workspace.getConfiguration('goProxyDoctor.container');
  const netrc = path.join(os.homedir(), '.netrc');
  const network = cfg.get<string>('network', '').trim();
  const cacheVolume = cfg.get<string>('cacheVolume', '').trim();
  return {
    runtime: cfg.get<RuntimeName>('runtime', 'docker'),
    network: network || undefined,
    timeoutSeconds: cfg.get<number>('timeoutSeconds', 600),
    cacheVolume: cacheVolume || undefined,
    mountNetrc: cfg.get<boolean>('mountNetrc', false) && fs.existsSync(netrc) ? netrc : undefined,
    name: `gpd-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`,
    label: CONTAINER_LABEL,
  };
}

function outcomeMessage(report: RunReport): string {
  if (report.outcome === 'cancelled') return t('Go proxy test cancelled; the container was removed.');
  if (report.ok) return t('Go proxy test passed: {0} modules downloaded in {1} s.', report.modules.ok, (report.totalMs / 1000).toFixed(1));
  const first = report.failures[0];
  return first ? t('Go proxy test failed: {0}', first.cause) : t('Go proxy test failed.');
}

export function registerContainerCommand(
  context: vscode.ExtensionContext,
  client: LanguageClient,
  log: (m: string) => void,
  mirrorsByHealth: () => string[],
): void {
  const channel = new RedactingOutputChannel(vscode.window.createOutputChannel('Go Proxy Doctor: container'));
  const diagnostics = new GoModDiagnostics(client);
  const running = new Set<AbortController>();
  let cleanedUp = false;
  let last: LastRun | undefined;

  async function run(plan: ContainerPlan, title: string): Promise<RunResult | undefined> {
    const opts = runOptions();
    const check = await checkRuntime(opts.runtime);
    if (!check.ok) {
      const classified =
        check.problem.kind === 'runtime-missing'
          ? runtimeMissing(t, opts.runtime)
          : classifyRuntimeFailure(check.problem.stderr || 'Cannot connect to the Docker daemon', t, plan.image, opts.runtime);
      const settings = t('Open settings');
      const answer = await vscode.window.showErrorMessage(`${classified?.cause ?? check.problem.stderr} ${classified?.fix ?? ''}`, settings);
      if (answer === settings) void vscode.commands.executeCommand('workbench.action.openSettings', 'goProxyDoctor.container');
      return undefined;
    }
    if (!cleanedUp) {
      cleanedUp = true;
      // Awaited: a cleanup still listing containers when this run's container is created could remove it.
      const removed = await check.runtime.cleanupLeftovers(CONTAINER_LABEL).catch(() => [] as string[]);
      if (removed.length) log(`removed leftover containers: ${removed.join(', ')}`);
      void removeStaleRunDirs((opts.timeoutSeconds + 600) * 1000).catch(() => undefined);
    }
    channel.clear();
    channel.show(true);
    channel.appendLine(`# ${title}: ${opts.runtime} run --rm ${plan.image} go mod download -x -json (${plan.moduleDir})`);
    return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, async (progress, token) => {
      const abort = new AbortController();
      running.add(abort);
      const sub = token.onCancellationRequested(() => abort.abort());
      try {
        return await runPlan(plan, opts, {
          signal: abort.signal,
          t,
          locale: toLocale(vscode.env.language),
          onLog: (line) => channel.appendLine(line),
          onProgress: (p) => {
            const count = p.total !== undefined ? t('{0} of {1} modules', p.done, p.total) : t('{0} modules', p.done);
            progress.report({ message: p.host ? t('{0}, {1}', count, p.host) : count });
          },
        });
      } finally {
        sub.dispose();
        running.delete(abort);
      }
    });
  }

  async function finish(plan: ContainerPlan, result: RunResult, columns: ReportColumn[]): Promise<void> {
    const message = outcomeMessage(result.report);
    // A cancelled run says nothing about the modules: the previous run's diagnostics stay.
    if (result.report.outcome === 'cancelled') {
      void vscode.window.showInformationMessage(message);
      return;
    }
    await ContainerReportPanel.show(columns);
    const goMods = (plan.workFiles ?? ['go.mod']).filter((f) => f === 'go.mod' || f.endsWith('/go.mod'));
    await diagnostics.update(plan.moduleDir, goMods, result.report, plan.dockerfile, plan.stage);
    // The modules download now: what an earlier build log said about them is answered.
    if (result.report.ok) clearBuildLogDiagnostics();
    const rerun = t('Re-run with another mirror');
    const answer = result.report.ok ? await vscode.window.showInformationMessage(message, rerun) : await vscode.window.showErrorMessage(message, rerun);
    if (answer === rerun) await vscode.commands.executeCommand('goProxyDoctor.rerunWithMirror');
  }

  async function testInContainer(arg?: unknown): Promise<void> {
    if (!vscode.workspace.isTrusted) {
      const manage = t('Manage Workspace Trust');
      const answer = await vscode.window.showWarningMessage(
        t(
          '"Test Go proxy in container" starts a container, so it is disabled in Restricted Mode. Trust this workspace to use it; diagnostics, hovers and quick fixes keep working without trust.',
        ),
        manage,
      );
      if (answer === manage) void vscode.commands.executeCommand('workbench.trust.manage');
      return;
    }
    const target = await pickTarget(arg);
    if (!target) return;
    const plan = await sendRequest(client, CONTAINER_PLAN_REQUEST, { textDocument: { uri: target.uri }, position: target.position });
    if ('error' in plan) {
      void vscode.window.showErrorMessage(plan.error);
      return;
    }
    const imageSetting = vscode.workspace.getConfiguration('goProxyDoctor.container').get<string>('image', '').trim();
    const reviewed = await reviewPlan(imageSetting ? { ...plan, image: imageSetting } : plan);
    if (!reviewed) return;
    const title = t('Testing Go proxy in {0}', reviewed.image);
    const result = await run(reviewed, title);
    if (!result) return;
    last = { plan: reviewed, result, title: reviewed.env.GOPROXY ?? t('(image default)') };
    await finish(reviewed, result, [{ title: last.title, markdown: renderMarkdown(result.report, t) }]);
  }

  async function rerunWithMirror(): Promise<void> {
    if (!last) {
      void vscode.window.showInformationMessage(t('Run "Test Go proxy in container" first.'));
      return;
    }
    const measured = mirrorsByHealth();
    const candidates = [...new Set([...measured, ...KNOWN_MIRRORS.map((m) => m.url)])];
    const items = [
      ...candidates.map((url) => ({ label: url, description: measured.includes(url) ? t('measured healthy') : undefined })),
      { label: t('Enter a GOPROXY value…'), description: undefined },
    ];
    const pick = await vscode.window.showQuickPick(items, { placeHolder: t('Re-run with which mirror? (only GOPROXY changes)') });
    if (!pick) return;
    let goproxy: string | undefined =
      pick.label === items[items.length - 1].label
        ? await vscode.window.showInputBox({ prompt: 'GOPROXY', value: 'https://goproxy.cn,direct' })
        : `${pick.label},direct`;
    goproxy = goproxy?.trim();
    if (!goproxy) return;
    const plan = { ...last.plan, env: { ...last.plan.env, GOPROXY: goproxy } };
    const result = await run(plan, t('Testing Go proxy in {0}', plan.image));
    if (!result) return;
    const columns = [
      { title: last.title, markdown: renderMarkdown(last.result.report, t) },
      { title: goproxy, markdown: renderMarkdown(result.report, t) },
    ];
    last = { plan, result, title: goproxy };
    await finish(plan, result, columns);
  }

  context.subscriptions.push(
    channel,
    diagnostics,
    vscode.commands.registerCommand('goProxyDoctor.testInContainer', (arg?: unknown) => testInContainer(arg)),
    vscode.commands.registerCommand('goProxyDoctor.rerunWithMirror', () => rerunWithMirror()),
    vscode.commands.registerCommand('goProxyDoctor.addPrivatePattern', (uri: string, pattern: string) => diagnostics.addPrivatePattern(uri, pattern)),
    // Closing the window cancels runs: their containers are killed and removed (and expire on their own otherwise).
    { dispose: () => running.forEach((a) => a.abort()) },
  );
}
