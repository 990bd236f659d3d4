// Completion: items computed by the analysis core, passed through as LSP completion items, with every edit kept
// inside the document.
import type { CompletionItem, Position, TextEdit } from 'vscode-languageserver-types';
import type { AnalysisContext } from '../model/context';
import { completionsAt } from '../insight/completion';
import { clampRange, type Lines } from './positions';

export function completionsFor(ctx: AnalysisContext, position: Position, lines?: Lines): CompletionItem[] {
  const items = completionsAt(ctx, position);
  if (!lines) return items;
  const inside = (e: TextEdit): TextEdit => ({ ...e, range: clampRange(lines, e.range) });
  return items.map((item) => {
    const out = { ...item };
    const te = item.textEdit;
    if (te && 'range' in te) out.textEdit = inside(te);
    else if (te) out.textEdit = { ...te, insert: clampRange(lines, te.insert), replace: clampRange(lines, te.replace) };
    if (item.additionalTextEdits) out.additionalTextEdits = item.additionalTextEdits.map(inside);
    return out;
  });
}
