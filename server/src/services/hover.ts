// Hover contents for any position in a Dockerfile, go.mod or go.work: Markdown, localised, redacted.
import type { Position } from 'vscode-languageserver-types';
import type { AnalysisContext } from '../model/context';
import type { Range } from '../core/types';
import { dockerfileHover } from './dockerfileHover';
import { gomodHover } from './gomodHover';

export interface HoverResult {
  /** Markdown, localised, credentials redacted. */
  contents: string;
  range?: Range;
}

export function hoverAt(ctx: AnalysisContext, position: Position): HoverResult | undefined {
  return ctx.req.kind === 'dockerfile' ? dockerfileHover(ctx, position) : gomodHover(ctx, position);
}
