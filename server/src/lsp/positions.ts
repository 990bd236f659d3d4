// Positions and ranges kept inside their document: a client may ask past the end of a line or of the file, and
// nothing the server answers may point outside the text.
import type { Position, Range } from 'vscode-languageserver-types';

/** A document's text as lines: TextDocument and the core's LineIndex both are. */
export interface Lines {
  offsetAt(p: Position): number;
  positionAt(offset: number): Position;
}

/** The nearest position inside the document (past a line's end: its end; past the last line: the end of text). */
export function clampPosition(lines: Lines, p: Position): Position {
  return lines.positionAt(lines.offsetAt(p));
}

export function clampRange(lines: Lines, r: Range): Range {
  const start = clampPosition(lines, r.start);
  const end = clampPosition(lines, r.end);
  const backwards = end.line < start.line || (end.line === start.line && end.character < start.character);
  return { start, end: backwards ? start : end };
}
