// Completion: items computed by the analysis core, passed through as LSP completion items.
import type { CompletionItem, Position } from 'vscode-languageserver-types';
import type { AnalysisContext } from '../core/context';
import { completionsAt } from '../insight/completion';

export function completionsFor(ctx: AnalysisContext, position: Position): CompletionItem[] {
  return completionsAt(ctx, position);
}
