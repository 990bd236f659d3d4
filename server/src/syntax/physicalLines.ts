// The physical lines of a Dockerfile as the first pass reads them: where each starts and ends (without its break).
import type { LineIndex } from '../core/text';

export interface PhysicalLine {
  start: number;
  end: number; // excluding the line break
}

/** Where line n ends (before its break: \n, \r\n or a lone \r, as LineIndex counts lines). */
function lineEnd(text: string, starts: readonly number[], n: number): number {
  if (n + 1 >= starts.length) return text.length;
  const end = starts[n + 1] - 1;
  return end > starts[n] && text.charCodeAt(end) === 10 && text.charCodeAt(end - 1) === 13 ? end - 1 : end;
}

/**
 * The lines of the document: all of them made at once for a split of the whole text, none yet for a split again
 * after an edit (lineAt makes those it reads). A plain array: this runs over every line of the first document while
 * the JIT is still cold, where an object around it measurably slowed that split.
 */
export function physicalLines(text: string, index: LineIndex, all: boolean): PhysicalLine[] {
  const starts = index.starts;
  const lines: PhysicalLine[] = new Array<PhysicalLine>(starts.length);
  if (all) for (let n = 0; n < starts.length; n++) lines[n] = { start: starts[n], end: lineEnd(text, starts, n) };
  return lines;
}

/** Line n of `lines` (physicalLines of `text`), made when first read. */
export function lineAt(lines: PhysicalLine[], n: number, text: string, starts: readonly number[]): PhysicalLine {
  return lines[n] ?? (lines[n] = { start: starts[n], end: lineEnd(text, starts, n) });
}
