// Hover: the analysis core's Markdown (localised, credentials redacted) as an LSP Hover.
import { MarkupKind, type Hover, type Position } from 'vscode-languageserver-types';
import type { AnalysisContext } from '../model/context';
import { redactCredentials } from '../core/redact';
import { hoverAt } from '../insight/hover';
import { clampRange, type Lines } from './positions';

export function hoverFor(ctx: AnalysisContext, position: Position, lines?: Lines): Hover | null {
  const h = hoverAt(ctx, position);
  if (!h) return null;
  const range = h.range && lines ? clampRange(lines, h.range) : h.range;
  return { contents: { kind: MarkupKind.Markdown, value: redactCredentials(h.contents) }, range };
}
