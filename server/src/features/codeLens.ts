// Code lenses → LSP. `$(icon)` syntax renders in VS Code; other editors show it as text, so the icon is
// dropped for clients other than VS Code.
import type { CodeLens } from 'vscode-languageserver-types';
import type { AnalysisContext } from '../model/context';
import { lensesFor } from '../insight/codeLens';
import { clampRange, type Lines } from './positions';

export function codeLensesFor(ctx: AnalysisContext, iconSupport: boolean, lines?: Lines): CodeLens[] {
  return lensesFor(ctx).map((l) => ({
    range: lines ? clampRange(lines, l.range) : l.range,
    command: { title: iconSupport ? l.title : l.title.replace(/^\$\([a-z-]+\)\s*/, ''), command: l.command, arguments: [l.argument] },
  }));
}
