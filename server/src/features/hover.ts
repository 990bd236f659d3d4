// Hover: the analysis core's Markdown (localised, credentials redacted) as an LSP Hover.
import { MarkupKind, type Hover, type Position } from 'vscode-languageserver-types';
import type { AnalysisContext } from '../core/context';
import { redactCredentials } from '../core/redact';
import { hoverAt } from '../insight/hover';

export function hoverFor(ctx: AnalysisContext, position: Position): Hover | null {
  const h = hoverAt(ctx, position);
  if (!h) return null;
  return { contents: { kind: MarkupKind.Markdown, value: redactCredentials(h.contents) }, range: h.range };
}
