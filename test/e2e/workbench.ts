// Reads and drives the VS Code workbench UI through its DOM (the workbench's own class names and ARIA labels) and
// keyboard shortcuts.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Frame, Locator, Page } from 'playwright-core';
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
  /** The item's CSS classes: `warning-kind` / `error-kind` when an extension sets a warning/error background. */
  className: string;
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
      const s = await this.visible('#status\\.editor\\.selection')
        .first()
        .innerText()
        .catch(() => '');
      return /(\d+)\D+(\d+)/.exec(s)?.slice(1).join(':') === `${line}:${column}` ? true : undefined;
    });
  }

  /** Text of the active editor's visible lines, in document order. */
  async editorText(): Promise<string> {
    const lines = await this.visible('.part.editor .editor-group-container.active .monaco-editor .view-lines')
      .first()
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
      return await poll(
        what,
        timeoutMs,
        async () => {
          last = await this.problems();
          return ok(last) ? last : undefined;
        },
        500,
      );
    } catch (err) {
      throw new Error(
        `${(err as Error).message}; Problems panel shows: ${JSON.stringify(last.map((r) => `${r.file} ${r.line}:${r.column} ${r.severity} ${r.code}`))}`,
      );
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
    await poll(
      `quick fix "${title}" focused`,
      5000,
      async () => {
        if ((await rows.filter({ hasText: title }).first().getAttribute('class'))?.includes('focused')) return true;
        await this.press('ArrowDown');
        return undefined;
      },
      50,
    );
    await this.press('Enter');
    await this.visible('.action-widget').first().waitFor({ state: 'hidden', timeout: 10_000 });
  }

  async statusBarItems(): Promise<StatusBarItem[]> {
    return this.page.locator('#workbench\\.parts\\.statusbar .statusbar-item').evaluateAll((els) =>
      (els as unknown as El[]).map((e) => ({
        id: e.getAttribute('id') ?? '',
        text: e.innerText.trim(),
        ariaLabel: e.getAttribute('aria-label') ?? '',
        className: e.className,
      })),
    );
  }

  /**
   * A status bar item by the id its extension gave it: the workbench prefixes it with the extension id
   * (`<publisher>.<name>.<id>`), so this matches the whole id or its ending.
   */
  statusBarEntry(id: string): Locator {
    return this.page.locator(`#workbench\\.parts\\.statusbar .statusbar-item:is([id="${id}"], [id$=".${id}"])`).first();
  }

  /** Waits until the item (see statusBarEntry) exists and satisfies `ok`; returns its state. */
  async waitForStatusBarEntry(id: string, what: string, ok: (item: StatusBarItem) => boolean, timeoutMs = 20_000): Promise<StatusBarItem> {
    let last: StatusBarItem | undefined;
    try {
      return await poll(
        what,
        timeoutMs,
        async () => {
          const found = (await this.statusBarItems()).filter((i) => i.id === id || i.id.endsWith(`.${id}`));
          last = found[0];
          return last && ok(last) ? last : undefined;
        },
        100,
      );
    } catch (err) {
      throw new Error(`${(err as Error).message}; status bar item ${id}: ${JSON.stringify(last ?? 'absent')}`);
    }
  }

  /** Texts of the rows of the open quick pick / quick open list. */
  async quickPickRows(): Promise<string[]> {
    return (await this.visible('.quick-input-widget .quick-input-list .monaco-list-row').allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim());
  }

  /**
   * In the open quick pick, moves to the row containing `rowText` with the arrow keys (no filtering) and accepts
   * it; returns the rows that were listed.
   */
  async acceptQuickPick(rowText: string, timeoutMs = 15_000): Promise<string[]> {
    const rows = this.visible('.quick-input-widget .quick-input-list .monaco-list-row');
    const row = rows.filter({ hasText: rowText }).first();
    try {
      await row.waitFor({ timeout: timeoutMs });
    } catch {
      throw new Error(`"${rowText}" not in the quick pick; it lists ${JSON.stringify(await this.quickPickRows())}`);
    }
    await poll(
      `quick pick row "${rowText}" focused`,
      5000,
      async () => {
        if ((await row.getAttribute('class'))?.split(/\s+/).includes('focused')) return true;
        await this.press('ArrowDown');
        return undefined;
      },
      50,
    );
    const listed = await this.quickPickRows();
    await this.press('Enter');
    return listed;
  }

  /** Rows the command palette lists for `query` (without running anything); closes the palette. */
  async commandPaletteRows(query: string): Promise<string[]> {
    await this.press('Escape', 'F1');
    const input = this.visible('.quick-input-widget .quick-input-box input');
    await input.waitFor({ timeout: 10_000 });
    await input.fill(`>${query}`);
    // The list filters asynchronously: wait until it settles on the same rows twice in a row.
    let previous = '';
    const rows = await poll(
      `command palette rows for "${query}"`,
      10_000,
      async () => {
        const now = JSON.stringify(await this.quickPickRows());
        const stable = now === previous;
        previous = now;
        return stable ? (JSON.parse(now) as string[]) : undefined;
      },
      300,
    );
    await this.press('Escape');
    return rows;
  }

  /** Waits for a notification toast whose text matches; returns its text. */
  async waitForNotification(what: string, match: RegExp, timeoutMs = 30_000, everyMs = 100): Promise<string> {
    let last: string[] = [];
    try {
      return await poll(what, timeoutMs, async () => ((last = await this.notifications()), last.find((t) => match.test(t))), everyMs);
    } catch (err) {
      throw new Error(`${(err as Error).message}; notifications: ${JSON.stringify(last)}`);
    }
  }

  /** Clicks a button (e.g. "Cancel" of a progress notification) of the toast whose text matches. */
  async clickNotificationButton(match: RegExp, button: string): Promise<void> {
    const toast = this.visible('.notifications-toasts .notification-list-item').filter({ hasText: match }).first();
    await toast.waitFor({ timeout: 10_000 });
    // Buttons of a toast are shown on hover in some layouts: hovering first makes the click land.
    await toast.hover();
    const target = toast
      .locator('.monaco-button')
      .filter({ hasText: new RegExp(`^\\s*${button.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`) })
      .first();
    await target.click({ timeout: 10_000 });
  }

  /**
   * Text of the webview (extension panel) whose content satisfies `ok`. Webviews are nested iframes; the inner
   * one holds the extension's HTML, so every frame's body is read until one matches.
   */
  async waitForWebview(what: string, ok: (text: string) => boolean, timeoutMs = 30_000): Promise<{ text: string; frame: Frame }> {
    let seen: string[] = [];
    try {
      return await poll(
        what,
        timeoutMs,
        async () => {
          seen = [];
          for (const frame of this.page.frames()) {
            if (frame === this.page.mainFrame()) continue;
            const text = await frame
              .locator('body')
              .innerText({ timeout: 1000 })
              .catch(() => '');
            if (text.trim()) seen.push(text.trim().slice(0, 200));
            if (text && ok(text)) return { text, frame };
          }
          return undefined;
        },
        250,
      );
    } catch (err) {
      throw new Error(`${(err as Error).message}; webviews show: ${JSON.stringify(seen)}`);
    }
  }

  /** Title of the active editor tab (webview panels included). */
  async activeTabTitle(): Promise<string> {
    return (await this.visible('.tabs-container .tab.active').first().innerText()).trim();
  }

  /** Screenshot of the region around the given elements (their bounding boxes united, plus `padding`). */
  async screenshotAround(path: string, elements: Locator[], padding = 16): Promise<void> {
    const boxes = (await Promise.all(elements.map((e) => e.boundingBox()))).filter((b): b is NonNullable<typeof b> => !!b);
    if (boxes.length === 0) throw new Error(`nothing to screenshot for ${path}: no element is visible`);
    const viewport = this.page.viewportSize() ?? { width: 1280, height: 800 };
    const x = Math.max(0, Math.min(...boxes.map((b) => b.x)) - padding);
    const y = Math.max(0, Math.min(...boxes.map((b) => b.y)) - padding);
    const right = Math.min(viewport.width, Math.max(...boxes.map((b) => b.x + b.width)) + padding);
    const bottom = Math.min(viewport.height, Math.max(...boxes.map((b) => b.y + b.height)) + padding);
    mkdirSync(dirname(path), { recursive: true });
    await this.page.screenshot({ path, clip: { x, y, width: right - x, height: bottom - y } });
  }

  /** Hovers a status bar item (by id, or by text it contains) and returns its tooltip. */
  async statusBarTooltip(idOrText: string): Promise<string> {
    const byId = this.page.locator(`#workbench\\.parts\\.statusbar .statusbar-item[id="${idOrText}"]`);
    const item = (await byId.count())
      ? byId.first()
      : this.page.locator('#workbench\\.parts\\.statusbar .statusbar-item').filter({ hasText: idOrText }).first();
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
