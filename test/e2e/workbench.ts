// Reads and drives the VS Code workbench UI through its DOM (selectors from DESIGN.md §4) and keyboard shortcuts.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { poll, sleep } from './processes';

export type Severity = 'error' | 'warning' | 'info' | 'hint';

export interface ProblemRow {
  file: string;
  severity: Severity;
  message: string;
  source: string;
  /** The diagnostic code, i.e. our rule id. */
  code: string;
  line: number;
  column: number;
}

export interface StatusBarItem {
  id: string;
  text: string;
  ariaLabel: string;
}

/** Structural stand-in for DOM elements: the project's tsconfig has no DOM lib, and these callbacks run in the page. */
interface El {
  className: string;
  textContent: string | null;
  innerText: string;
  getAttribute(name: string): string | null;
  querySelector(selector: string): El | null;
  style: { top: string };
}

export class Workbench {
  constructor(readonly page: Page) {}

  private visible(selector: string): Locator {
    return this.page.locator(selector).filter({ visible: true });
  }

  async press(...keys: string[]): Promise<void> {
    for (const k of keys) await this.page.keyboard.press(k);
  }

  /** Types into the focused quick input and accepts the first row once `rowText` is listed. */
  private async pickInQuickInput(value: string, rowText: string): Promise<void> {
    const input = this.visible('.quick-input-widget .quick-input-box input');
    await input.waitFor({ timeout: 10_000 });
    await input.fill(value);
    const rows = this.visible('.quick-input-widget .quick-input-list .monaco-list-row');
    try {
      await rows.filter({ hasText: rowText }).first().waitFor({ timeout: 15_000 });
    } catch {
      throw new Error(`"${rowText}" not listed for "${value}"; the list shows ${JSON.stringify(await rows.allInnerTexts())}`);
    }
    await this.press('Enter');
  }

  /** Quick Open (Ctrl+P) by relative path; resolves once the editor tab for it is active. */
  async openFile(relativePath: string): Promise<void> {
    const name = relativePath.split('/').pop()!;
    await this.press('Escape', 'Control+P');
    await this.pickInQuickInput(relativePath, name);
    await this.visible(`.tabs-container .tab.active[aria-label^="${name}"]`).first().waitFor({ timeout: 15_000 });
    await this.visible('.part.editor .monaco-editor .view-lines').first().waitFor({ timeout: 15_000 });
  }

  async focusEditor(): Promise<void> {
    await this.press('Escape', 'Control+1');
  }

  /** Moves the cursor with Go to Line (Ctrl+G), 1-based line and column. */
  async goTo(line: number, column: number): Promise<void> {
    await this.focusEditor();
    await this.press('Control+G');
    const input = this.visible('.quick-input-widget .quick-input-box input');
    await input.waitFor({ timeout: 10_000 });
    // Go to Line is Quick Open with a ":" prefix; fill() replaces the whole value, prefix included.
    await input.fill(`:${line}:${column}`);
    await this.press('Enter');
    await poll(`cursor at ${line}:${column}`, 5000, async () => {
      const s = await this.visible('#status\\.editor\\.selection').first().innerText().catch(() => '');
      return /(\d+)\D+(\d+)/.exec(s)?.slice(1).join(':') === `${line}:${column}` ? true : undefined;
    });
  }

  /** Text of the active editor's visible lines, in document order. */
  async editorText(): Promise<string> {
    const lines = await this.visible('.part.editor .editor-group-container.active .monaco-editor .view-lines').first()
      .locator('.view-line')
      .evaluateAll((els) => (els as unknown as El[]).map((e) => ({ top: parseFloat(e.style.top), text: e.textContent ?? '' })));
    return lines
      .sort((a, b) => a.top - b.top)
      .map((l) => l.text.replace(/\u00a0/g, ' '))
      .join('\n');
  }

  /** Waits until the active editor's text satisfies `ok` (edits from the language server arrive asynchronously). */
  async waitForEditorText(what: string, ok: (text: string) => boolean, timeoutMs = 10_000): Promise<string> {
    let last = '';
    try {
      return await poll(what, timeoutMs, async () => ((last = await this.editorText()), ok(last) ? last : undefined));
    } catch (err) {
      throw new Error(`${(err as Error).message}; editor shows:\n${last}`);
    }
  }

  /** Number of rendered squiggles in the active editor, per severity. */
  async squiggles(): Promise<Record<Severity, number>> {
    const editor = this.visible('.part.editor .editor-group-container.active .monaco-editor').first();
    const count = (s: string) => editor.locator(`.squiggly-${s}`).count();
    return { error: await count('error'), warning: await count('warning'), info: await count('info'), hint: await count('hint') };
  }

  /** Waits until the squiggles satisfy `ok`: the editor paints decorations a frame or more after the Problems panel updates. */
  async waitForSquiggles(what: string, ok: (counts: Record<Severity, number>) => boolean, timeoutMs = 10_000): Promise<Record<Severity, number>> {
    let last: Record<Severity, number> | undefined;
    try {
      return await poll(what, timeoutMs, async () => ((last = await this.squiggles()), ok(last) ? last : undefined));
    } catch (err) {
      throw new Error(`${(err as Error).message}; squiggles: ${JSON.stringify(last)}`);
    }
  }

  /** Opens the Problems panel if needed and reads its rows (the list is virtual: keep the panel tall enough). */
  async problems(): Promise<ProblemRow[]> {
    if (!(await this.visible('.markers-panel').count())) {
      await this.press('Control+Shift+M');
      await this.visible('.markers-panel').first().waitFor({ timeout: 10_000 });
    }
    await sleep(100);
    const raw = await this.page.locator('.markers-panel .monaco-list-row').evaluateAll((els) =>
      (els as unknown as El[]).map((e) => ({
        fileAria: e.querySelector('.monaco-icon-label')?.getAttribute('aria-label') ?? null,
        icon: e.querySelector('.marker-icon')?.className ?? '',
        message: e.querySelector('.marker-message')?.textContent ?? '',
        source: e.querySelector('.marker-source')?.textContent ?? '',
        code: e.querySelector('.marker-code')?.textContent ?? '',
        position: e.querySelector('.marker-line')?.textContent ?? '',
      })),
    );
    const rows: ProblemRow[] = [];
    let file = '';
    for (const r of raw) {
      if (r.fileAria) {
        file = r.fileAria;
        continue;
      }
      const [line, column] = (/(\d+)\D+(\d+)/.exec(r.position)?.slice(1) ?? ['0', '0']).map(Number);
      const severity = (['error', 'warning', 'info', 'hint'] as const).find((s) => r.icon.split(/\s+/).includes(s)) ?? 'hint';
      rows.push({ file, severity, message: r.message, source: r.source, code: r.code, line: line!, column: column! });
    }
    return rows;
  }

  /** Waits until the Problems panel satisfies `ok` and returns its rows. */
  async waitForProblems(what: string, ok: (rows: ProblemRow[]) => boolean, timeoutMs = 30_000): Promise<ProblemRow[]> {
    let last: ProblemRow[] = [];
    try {
      return await poll(what, timeoutMs, async () => {
        last = await this.problems();
        return ok(last) ? last : undefined;
      }, 500);
    } catch (err) {
      throw new Error(`${(err as Error).message}; Problems panel shows: ${JSON.stringify(last.map((r) => `${r.file} ${r.line}:${r.column} ${r.severity} ${r.code}`))}`);
    }
  }

  /** Shows the hover at a position with Ctrl+K Ctrl+I and returns its text once it has loaded. */
  async hoverAt(line: number, column: number, expect?: string): Promise<string> {
    await this.goTo(line, column);
    await this.press('Control+K', 'Control+I');
    return poll(`hover at ${line}:${column}${expect ? ` containing "${expect}"` : ''}`, 15_000, async () => {
      const texts = await this.visible('.monaco-editor .monaco-hover').allInnerTexts();
      const text = texts.join('\n').trim();
      if (!text || /^Loading\.\.\.$|^正在加载/.test(text)) return undefined;
      return !expect || text.includes(expect) ? text : undefined;
    });
  }

  /** Ctrl+. at a position: the titles of the code actions offered (group headers left out). */
  async quickFixesAt(line: number, column: number): Promise<string[]> {
    await this.goTo(line, column);
    await this.press('Control+Period');
    const rows = this.visible('.action-widget .monaco-list-row.action');
    await rows.first().waitFor({ timeout: 15_000 });
    return (await rows.allInnerTexts()).map((t) => t.trim());
  }

  /** Applies an item of the open quick-fix menu by title. */
  async applyQuickFix(title: string): Promise<void> {
    // By keyboard: a transparent pointer block over the menu swallows mouse clicks in headless Chromium.
    const rows = this.visible('.action-widget .monaco-list-row.action');
    const titles = (await rows.allInnerTexts()).map((t) => t.trim());
    if (!titles.includes(title)) throw new Error(`no quick fix "${title}" in ${JSON.stringify(titles)}`);
    await poll(`quick fix "${title}" focused`, 5000, async () => {
      if ((await rows.filter({ hasText: title }).first().getAttribute('class'))?.includes('focused')) return true;
      await this.press('ArrowDown');
      return undefined;
    }, 50);
    await this.press('Enter');
    await this.visible('.action-widget').first().waitFor({ state: 'hidden', timeout: 10_000 });
  }

  async statusBarItems(): Promise<StatusBarItem[]> {
    return this.page.locator('#workbench\\.parts\\.statusbar .statusbar-item').evaluateAll((els) =>
      (els as unknown as El[]).map((e) => ({ id: e.getAttribute('id') ?? '', text: e.innerText.trim(), ariaLabel: e.getAttribute('aria-label') ?? '' })),
    );
  }

  /** Hovers a status bar item (by id, or by text it contains) and returns its tooltip. */
  async statusBarTooltip(idOrText: string): Promise<string> {
    const byId = this.page.locator(`#workbench\\.parts\\.statusbar .statusbar-item[id="${idOrText}"]`);
    const item = (await byId.count()) ? byId.first() : this.page.locator('#workbench\\.parts\\.statusbar .statusbar-item').filter({ hasText: idOrText }).first();
    await this.page.mouse.move(0, 0);
    await item.hover();
    const hover = this.visible('.workbench-hover');
    await hover.first().waitFor({ timeout: 10_000 });
    return poll(`tooltip of status bar item ${idOrText}`, 10_000, async () => (await hover.first().innerText()).trim() || undefined);
  }

  /** Runs a command from the palette by its title as listed there (e.g. "Go Proxy Doctor: Restart Server"). */
  async runCommand(title: string): Promise<void> {
    await this.press('Escape', 'F1');
    await this.pickInQuickInput(`>${title}`, title);
  }

  /** Texts of the notification toasts on screen. */
  async notifications(): Promise<string[]> {
    return (await this.visible('.notifications-toasts .notification-list-item').allInnerTexts()).map((t) => t.trim());
  }

  /** Texts of modal dialogs on screen (command errors, confirmations). */
  async dialogs(): Promise<string[]> {
    return (await this.visible('.monaco-dialog-box').allInnerTexts()).map((t) => t.trim());
  }

  async screenshot(path: string): Promise<void> {
    mkdirSync(dirname(path), { recursive: true });
    await this.page.screenshot({ path });
  }
}
