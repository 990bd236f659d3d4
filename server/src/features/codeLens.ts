// Code lenses → LSP. `$(icon)` syntax renders in VS Code; other editors show it as text, so the icon is
// dropped for clients other than VS Code.
import type { CodeLens } from 'vscode-languageserver-types';
import type { AnalysisContext } from '../core/context';
import { lensesFor } from '../insight/codeLens';

export function codeLensesFor(ctx: AnalysisContext, iconSupport: boolean): CodeLens[] {
  return lensesFor(ctx).map((l) => ({
    range: l.range,
    command: { title: iconSupport ? l.title : l.title.replace(/^\$\([a-z-]+\)\s*/, ''), command: l.command, arguments: [l.argument] },
  }));
}
