// Offsets <-> LSP positions over a document's text (UTF-16 code units, like LSP and JavaScript strings).
import type { Range } from './types';

export interface Position {
  line: number;
  character: number;
}

export class LineIndex {
  /** Offset where each line starts (line n at starts[n]); read-only for callers. */
  readonly starts: number[] = [0];

  constructor(readonly text: string) {
    if (text.indexOf('\r') < 0) {
      // The usual case, found with the engine's own search rather than a character loop (which matters while the
      // JIT is still cold, on the first document).
      for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1);
      return;
    }
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10) this.starts.push(i + 1);
      else if (c === 13) {
        if (text.charCodeAt(i + 1) === 10) i++;
        this.starts.push(i + 1);
      }
    }
  }

  get lineCount(): number {
    return this.starts.length;
  }

  /** The text of a line without its line break. */
  line(n: number): string {
    if (n < 0 || n >= this.starts.length) return '';
    return this.text.slice(this.starts[n], this.starts[n] + this.lineLength(n));
  }

  /** The length of a line without its line break (0 for a line that does not exist). */
  lineLength(n: number): number {
    if (n < 0 || n >= this.starts.length) return 0;
    const start = this.starts[n];
    let end = n + 1 < this.starts.length ? this.starts[n + 1] : this.text.length;
    while (end > start && (this.text[end - 1] === '\n' || this.text[end - 1] === '\r')) end--;
    return end - start;
  }

  private eolValue?: string;

  /** The line break the file uses (its first one), for inserted lines. */
  get eol(): string {
    if (this.eolValue === undefined) {
      const first = this.text.search(/\r\n|\n|\r/);
      this.eolValue = first >= 0 && this.text.startsWith('\r\n', first) ? '\r\n' : '\n';
    }
    return this.eolValue;
  }

  offsetAt(p: Position): number {
    if (p.line >= this.starts.length) return this.text.length;
    const start = this.starts[Math.max(0, p.line)];
    return Math.min(start + Math.max(0, p.character), start + this.line(p.line).length);
  }

  /** The line of the last positionAt: parsers ask in document order, so the next answer is usually on it or the next. */
  private lastLine = 0;

  positionAt(offset: number): Position {
    const o = Math.max(0, Math.min(offset, this.text.length));
    const line = this.lineAt(o);
    return { line, character: o - this.starts[line] };
  }

  /** The line an offset is on (offsets outside the text count as its first or last character). */
  lineAt(offset: number): number {
    const o = Math.max(0, Math.min(offset, this.text.length));
    const starts = this.starts;
    const near = this.lastLine;
    if (starts[near] <= o) {
      if (near + 1 >= starts.length || o < starts[near + 1]) return near;
      if (near + 2 >= starts.length || o < starts[near + 2]) return (this.lastLine = near + 1);
    }
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= o) lo = mid;
      else hi = mid - 1;
    }
    return (this.lastLine = lo);
  }

  slice(range: Range): string {
    return this.text.slice(this.offsetAt(range.start), this.offsetAt(range.end));
  }
}

export function rangeContains(range: Range, p: Position): boolean {
  const afterStart = p.line > range.start.line || (p.line === range.start.line && p.character >= range.start.character);
  const beforeEnd = p.line < range.end.line || (p.line === range.end.line && p.character <= range.end.character);
  return afterStart && beforeEnd;
}

/** Whether two positions are the same place. */
export function samePosition(a: Position, b: Position): boolean {
  return a.line === b.line && a.character === b.character;
}

/** Whether two ranges cover the same text. */
export function sameRange(a: Range, b: Range): boolean {
  return samePosition(a.start, b.start) && samePosition(a.end, b.end);
}

/** A text as a regular expression that matches exactly it. */
export function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export function pointRange(p: Position): Range {
  return { start: p, end: p };
}

/** The last segment of a URI or path, decoded for display. */
export function fileName(uri: string): string {
  const last = uri.split('/').pop() ?? uri;
  try {
    return decodeURIComponent(last);
  } catch {
    return last;
  }
}

/** A URI as a path relative to the folder of another (`cmd/api/Dockerfile` seen from the root go.mod). */
export function relativeTo(fromUri: string, toUri: string): string {
  const from = fromUri.split('/').slice(0, -1);
  const to = toUri.split('/');
  let common = 0;
  while (common < from.length && common < to.length - 1 && from[common] === to[common]) common++;
  const rel = [...from.slice(common).map(() => '..'), ...to.slice(common)].join('/');
  try {
    return decodeURIComponent(rel);
  } catch {
    return rel;
  }
}

/** Markdown inline code, as messages quote values, commands and file names: `value`. */
export function backtick(s: string): string {
  return `\`${s}\``;
}
