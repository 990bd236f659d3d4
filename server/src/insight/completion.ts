// Placeholder until the completion feature lands (same session): returns nothing.
import type { CompletionItem, Position } from 'vscode-languageserver-types';
import type { AnalysisRequest } from '../core/request';

export function completionsAt(_req: AnalysisRequest, _position: Position): CompletionItem[] {
  return [];
}
