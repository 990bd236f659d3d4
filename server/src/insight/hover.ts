// Placeholder until the hover feature lands (same session): returns nothing.
import type { Position } from 'vscode-languageserver-types';
import type { AnalysisRequest } from '../core/request';
import type { Range } from '../core/types';

export interface HoverResult {
  /** Markdown, localised, credentials redacted. */
  contents: string;
  range?: Range;
}

export function hoverAt(_req: AnalysisRequest, _position: Position): HoverResult | undefined {
  return undefined;
}
