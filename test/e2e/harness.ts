// Starts the packaged extension in a real VS Code (code-server) and drives it from headless Chromium.
// Every editor gets its own temp dir (workspace, user data, extensions); close() kills every process it started.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { CHROMIUM, CODE_SERVER_ENTRY, PROJECT_ROOT, VSIX, checkPrerequisites, childrenOf, descendants, disown, killAll, own, poll } from './processes';
import { Workbench } from './workbench';

export { checkPrerequisites } from './processes';
export type { ProblemRow, Severity, StatusBarItem } from './workbench';

export interface EditorOptions {
  /** Workspace files, by path relative to the workspace folder. */
  files: Record<string, string>;
  /** Display language; 'zh-cn' registers a minimal language pack, since `--locale` alone changes nothing. */
  locale?: 'en' | 'zh-cn';
  /** Answer to the trust dialog shown on first open of the folder (default: trusted). */
  trust?: 'trusted' | 'restricted';
  /** User settings, on top of the harness defaults (which switch off mirror probes: no outside traffic). */
  settings?: Record<string, unknown>;
  /** User keybindings (keybindings.json entries), e.g. to run a command the palette hides. */
  keybindings?: Array<{ key: string; command: string; when?: string }>;
  /** Name used for failure artifacts under test-results/e2e/. */
  name?: string;
}

const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
// Keeps code-server's Marketplace look-ups on loopback (port 9: discard, nothing listens).
const GALLERY = JSON.stringify({
  serviceUrl: 'http://127.0.0.1:9/gallery',
  itemUrl: 'http://127.0.0.1:9/item',
  resourceUrlTemplate: 'http://127.0.0.1:9/{publisher}/{name}/{version}/{path}',
});
const DEFAULT_SETTINGS: Record<string, unknown> = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'git.enabled': false,
  'goProxyDoctor.health.enabled': false,
};
const START_TIMEOUT_MS = 60_000;

export class Editor extends Workbench {
  private constructor(
    page: Page,
    readonly root: string,
    readonly workspace: string,
    readonly userDataDir: string,
    private readonly server: ChildProcess,
    private readonly browser: Browser,
    /** Chromium's main process (its helpers are its descendants). */
    private readonly browserPids: number[],
    private readonly serverLog: string[],
  ) {
    super(page);
  }

  /** Starts code-server and Chromium, opens the workspace and answers the trust dialog. */
  static async start(options: EditorOptions): Promise<Editor> {
    checkPrerequisites();
    const root = mkdtempSync(join(tmpdir(), 'gpd-e2e-'));
    const dirs = { workspace: join(root, 'workspace'), userData: join(root, 'user-data'), extensions: join(root, 'extensions') };
    for (const d of Object.values(dirs)) mkdirSync(d, { recursive: true });
    for (const [rel, text] of Object.entries(options.files)) {
      mkdirSync(dirname(join(dirs.workspace, rel)), { recursive: true });
      writeFileSync(join(dirs.workspace, rel), text);
    }
    mkdirSync(join(dirs.userData, 'User'), { recursive: true });
    writeFileSync(join(dirs.userData, 'User', 'settings.json'), JSON.stringify({ ...DEFAULT_SETTINGS, ...options.settings }, null, 2));
    if (options.keybindings) writeFileSync(join(dirs.userData, 'User', 'keybindings.json'), JSON.stringify(options.keybindings, null, 2));
    // An empty config file: code-server would otherwise create and read ~/.config/code-server/config.yaml.
    const config = join(root, 'config.yaml');
    writeFileSync(config, 'auth: none\n');
    if (options.locale === 'zh-cn') registerLanguagePack(root, dirs.userData);
    const common = ['--config', config, '--user-data-dir', dirs.userData, '--extensions-dir', dirs.extensions];
    // XDG dirs in the temp root: code-server, @vscode/deviceid and Chromium would otherwise write logs, heartbeats and
    // crash-report folders into the home directory.
    const xdg = { XDG_CONFIG_HOME: join(root, 'xdg-config'), XDG_CACHE_HOME: join(root, 'xdg-cache'), XDG_DATA_HOME: join(root, 'xdg-data') };
    const env = { ...process.env, ...xdg, EXTENSIONS_GALLERY: GALLERY };

    const install = spawnSync(process.execPath, [CODE_SERVER_ENTRY, ...common, '--install-extension', VSIX, '--force'], {
      env,
      encoding: 'utf8',
      timeout: 60_000,
    });
    if (install.status !== 0 || !/successfully installed/i.test(install.stdout)) {
      rmSync(root, { recursive: true, force: true });
      throw new Error(`code-server --install-extension ${VSIX} failed (${install.status}):\n${install.stdout}\n${install.stderr}`);
    }

    const args = [
      CODE_SERVER_ENTRY,
      ...common,
      '--auth',
      'none',
      '--bind-addr',
      '127.0.0.1:0',
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-getting-started-override',
    ];
    if (options.locale === 'zh-cn') args.push('--locale', 'zh-cn');
    // Detached (own process group): a Ctrl+C in the terminal reaches only the test runner, whose teardown kills this tree.
    const server = spawn(process.execPath, [...args, dirs.workspace], { env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    const serverLog: string[] = [];
    server.stdout!.on('data', (d: Buffer) => serverLog.push(d.toString()));
    server.stderr!.on('data', (d: Buffer) => serverLog.push(d.toString()));
    own([server.pid!]);
    let browser: Browser | undefined;
    const before = new Set(childrenOf(process.pid));
    try {
      // Port 0 lets the kernel pick a free port; code-server prints the one it got.
      const port = await poll('code-server to listen', START_TIMEOUT_MS, () => {
        if (server.exitCode !== null) throw new Error(`code-server exited with ${server.exitCode}:\n${serverLog.join('')}`);
        return /HTTP server listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(serverLog.join(''))?.[1];
      });
      browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS, env: { ...process.env, ...xdg }, timeout: START_TIMEOUT_MS });
      // Playwright starts Chromium as a direct child of this process: the one child that was not there before.
      const browserPids = childrenOf(process.pid).filter((p) => !before.has(p) && p !== server.pid);
      own(browserPids);
      const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
      const editor = new Editor(page, root, dirs.workspace, dirs.userData, server, browser, browserPids, serverLog);
      await page.goto(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(dirs.workspace)}`, { timeout: START_TIMEOUT_MS });
      await editor.waitReady(options.trust ?? 'trusted', Object.keys(options.files));
      return editor;
    } catch (err) {
      await browser?.close().catch(() => undefined);
      const started = [server.pid!, ...childrenOf(process.pid).filter((p) => !before.has(p) && p !== server.pid)];
      const leftover = await killAll([...started, ...started.flatMap(descendants)]);
      disown([server.pid!]);
      rmSync(root, { recursive: true, force: true });
      throw new Error(
        `${(err as Error).message}${leftover.length ? ` (could not kill ${leftover.join(', ')})` : ''}\n--- code-server output ---\n${serverLog.join('').slice(-4000)}`,
      );
    }
  }

  /** Workbench shown, trust dialog answered, explorer listing the workspace. */
  private async waitReady(trust: 'trusted' | 'restricted', files: string[]): Promise<void> {
    await this.page.locator('.monaco-workbench').waitFor({ timeout: START_TIMEOUT_MS });
    // Located by button role, not by text, so the same code answers the dialog in every display language.
    const answer = this.page.locator(`.monaco-dialog-box .monaco-button${trust === 'trusted' ? ':not(.secondary)' : '.secondary'}`).first();
    await answer.waitFor({ timeout: START_TIMEOUT_MS });
    await answer.click();
    await this.page.locator('.monaco-dialog-box').waitFor({ state: 'detached', timeout: 10_000 });
    const restricted = this.page.locator('.statusbar-item[id="status.workspaceTrust"]');
    if (trust === 'trusted' && (await restricted.count())) await restricted.first().waitFor({ state: 'detached', timeout: 10_000 });
    const top = files.map((f) => f.split('/')[0]!).sort()[0];
    if (top) await this.page.locator('.explorer-folders-view .monaco-list-row').filter({ hasText: top }).first().waitFor({ timeout: START_TIMEOUT_MS });
  }

  /** Whether the workbench shows the Restricted Mode indicator. */
  async isRestricted(): Promise<boolean> {
    return (await this.page.locator('.statusbar-item[id="status.workspaceTrust"]').count()) > 0;
  }

  /** Text of the extension's "Go Proxy Doctor" output channel, read from its log file in the user-data dir. */
  outputChannel(): string {
    const logs = join(this.userDataDir, 'logs');
    const found: string[] = [];
    const walk = (dir: string) => {
      for (const e of existsSync(dir) ? readdirSync(dir, { withFileTypes: true }) : []) {
        if (e.isDirectory()) walk(join(dir, e.name));
        else if (/^\d+-Go Proxy Doctor\.log$/.test(e.name)) found.push(join(dir, e.name));
      }
    };
    walk(logs);
    return found.map((f) => readFileSync(f, 'utf8')).join('');
  }

  /** The extension's own activation time: the `activated in N ms` line its activate() writes to its output channel. */
  async activationMs(timeoutMs = 30_000): Promise<number> {
    return poll(
      '"activated in N ms" in the Go Proxy Doctor output channel',
      timeoutMs,
      () => {
        const m = /activated in ([\d.]+) ms/.exec(this.outputChannel());
        return m ? Number(m[1]) : undefined;
      },
      250,
    );
  }

  /** Kills Chromium and code-server with everything they started, and removes the temp dir. */
  async close(): Promise<void> {
    // Trees are read before anything is killed: orphans would be re-parented and no longer found.
    const roots = [this.server.pid!, ...this.browserPids];
    const trees = [...roots, ...roots.flatMap(descendants)];
    // Bounded: a hung browser must not hang teardown (the timer is unref'd so it does not hold the process open).
    await Promise.race([this.browser.close(), new Promise((r) => setTimeout(r, 10_000).unref())]).catch(() => undefined);
    const leftover = await killAll(trees);
    disown(roots);
    if (process.env.E2E_KEEP !== '1') rmSync(this.root, { recursive: true, force: true });
    if (leftover.length) throw new Error(`processes survived teardown: ${leftover.join(', ')}`);
  }

  /** On failure: screenshot, code-server output and VS Code logs into test-results/e2e/<name>/. */
  async saveArtifacts(name: string): Promise<string> {
    const dir = join(PROJECT_ROOT, 'test-results', 'e2e', name.replace(/[^\w.-]+/g, '-'));
    mkdirSync(dir, { recursive: true });
    await this.page.screenshot({ path: join(dir, 'screen.png') }).catch(() => undefined);
    writeFileSync(join(dir, 'code-server.log'), this.serverLog.join(''));
    if (existsSync(join(this.userDataDir, 'logs'))) cpSync(join(this.userDataDir, 'logs'), join(dir, 'logs'), { recursive: true });
    return dir;
  }
}

/** Runs `body` with a fresh editor; always tears it down, and keeps artifacts when the body fails. */
export async function withEditor<T>(options: EditorOptions, body: (editor: Editor) => Promise<T>): Promise<T> {
  const editor = await Editor.start(options);
  try {
    return await body(editor);
  } catch (err) {
    const dir = await editor.saveArtifacts(options.name ?? 'editor').catch(() => undefined);
    if (dir) (err as Error).message += `\n(screenshot and logs in ${dir})`;
    throw err;
  } finally {
    await editor.close();
  }
}

/** A minimal language pack, with no translations: enough for VS Code to report the locale to extensions. */
function registerLanguagePack(root: string, userData: string): void {
  const translations = join(root, 'zh-cn.vscode.json');
  writeFileSync(translations, JSON.stringify({ version: '1.0.0', contents: {} }));
  const pack = {
    'zh-cn': {
      hash: 'e2e',
      label: 'zh-cn',
      extensions: [{ extensionIdentifier: { id: 'e2e.zh-cn-minimal' }, version: '1.0.0' }],
      translations: { vscode: translations },
    },
  };
  writeFileSync(join(userData, 'languagepacks.json'), JSON.stringify(pack));
}
