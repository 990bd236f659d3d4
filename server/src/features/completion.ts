// Completion: items computed by the analysis core, passed through as LSP completion items.
import type { CompletionItem, Position } from 'vscode-languageserver-types';
import type { AnalysisRequest } from '../core/request';
import { completionsAt } from '../insight/completion';

export function completionsFor(req: AnalysisRequest, position: Position): CompletionItem[] {
  return completionsAt(req, position);
}
