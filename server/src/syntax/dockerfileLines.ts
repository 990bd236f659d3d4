// First pass over a Dockerfile: parser directives, then instructions as logical lines (continuations joined,
// comment and blank lines inside continuations dropped, exactly as BuildKit's parser does) with their heredoc
// bodies. Works on any text in one linear pass; never throws.
import { MappedText, type Segment } from './source';
import { LineIndex } from '../core/text';
import { heredocMarkers, readHeredoc } from './dockerfileHeredocs';
import { lineAt, physicalLines, type PhysicalLine } from './physicalLines';

export interface RawDirective {
  name: string;
  value: string;
  start: number;
  end: number;
  valueStart: number;
  valueEnd: number;
}

export interface RawHeredoc {
  name: string;
  stripTabs: boolean;
  /** `<<"EOF"` / `<<'EOF'`: the body is not expanded. */
  quoted: boolean;
  /** Body lines joined with `\n` (tabs stripped for `<<-`), ending with `\n` when non-empty. */
  content: MappedText;
  contentStart: number;
  contentEnd: number;
  unterminated: boolean;
}

export interface RawInstruction {
  keyword: string;
  keywordStart: number;
  keywordEnd: number;
  /** The logical text after the keyword (leading white space removed). */
  args: MappedText;
  start: number;
  /** Document offset just past the instruction (end of its last line, excluding the line break). */
  end: number;
  heredocs: RawHeredoc[];
}

export interface RawDockerfile {
  directives: RawDirective[];
  escapeChar: '\\' | '`';
  instructions: RawInstruction[];
  problems: { message: string; start: number; end: number }[];
}

const DIRECTIVE = /^[ \t]*#[ \t]*([a-zA-Z][a-zA-Z0-9]*)[ \t]*=[ \t]*(.*?)[ \t]*$/d;
const KNOWN_DIRECTIVES = new Set(['syntax', 'escape', 'check']);
const HEREDOC_INSTRUCTIONS = new Set(['RUN', 'COPY', 'ADD']);
/** Shared by the instructions without heredocs (most; never written to). */
const NO_HEREDOCS = Object.freeze([]) as never[] as RawHeredoc[];

/** `/\s/` on one character, without a regular expression call for the ASCII ones (this runs per keyword character). */
function isSpaceAt(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  if (c < 128) return c === 32 || (c >= 9 && c <= 13);
  return /\s/.test(text[i]);
}

function isBlank(text: string, l: PhysicalLine): boolean {
  for (let i = l.start; i < l.end; i++) {
    const c = text[i];
    if (c !== ' ' && c !== '\t' && c !== '\uFEFF') return false;
  }
  return true;
}

function isComment(text: string, l: PhysicalLine): boolean {
  let i = l.start;
  while (i < l.end && (text[i] === ' ' || text[i] === '\t')) i++;
  return text[i] === '#' && i < l.end;
}

/** If the line ends with the escape character (white space may follow), the offset of that character. */
function continuationAt(text: string, l: PhysicalLine, escape: string): number {
  let i = l.end - 1;
  while (i >= l.start && (text[i] === ' ' || text[i] === '\t')) i--;
  return i >= l.start && text[i] === escape ? i : -1;
}

export function splitDockerfile(text: string, index: LineIndex = new LineIndex(text)): RawDockerfile {
  const lines = physicalLines(text, index, true);
  const directives: RawDirective[] = [];
  const problems: RawDockerfile['problems'] = [];
  let escapeChar: '\\' | '`' = '\\';
  let n = 0;

  // Parser directives: only at the very top, before any comment, blank line or instruction.
  const seen = new Set<string>();
  for (; n < lines.length; n++) {
    const l = lines[n];
    const lineText = text.slice(l.start, l.end).replace(/^\uFEFF/, '');
    const m = DIRECTIVE.exec(lineText);
    if (!m || !KNOWN_DIRECTIVES.has(m[1].toLowerCase()) || seen.has(m[1].toLowerCase())) break;
    const name = m[1].toLowerCase();
    seen.add(name);
    const offset = l.start + (text.slice(l.start, l.end).length - lineText.length);
    const valueStart = offset + (m.indices?.[2]?.[0] ?? 0);
    const d = { name, value: m[2], start: l.start, end: l.end, valueStart, valueEnd: valueStart + m[2].length };
    directives.push(d);
    if (name === 'escape') {
      if (m[2] === '`' || m[2] === '\\') escapeChar = m[2];
      else problems.push({ message: `invalid escape token '${m[2]}' does not match ` + '` or \\', start: d.valueStart, end: d.valueEnd });
    }
  }

  const { instructions } = instructionsFrom(text, index.starts, lines, n, escapeChar, problems);
  return { directives, escapeChar, instructions, problems };
}

/**
 * The instructions of an edited document from line `n` on (a line between two instructions), until `stop` says
 * that those from an instruction's start on are known already: those and the rest are then not split again.
 */
export function splitInstructionsFrom(
  text: string,
  index: LineIndex,
  n: number,
  escapeChar: '\\' | '`',
  stop: (start: number, line: number) => boolean,
): { instructions: RawInstruction[]; problems: RawDockerfile['problems']; stoppedAt: number } {
  const problems: RawDockerfile['problems'] = [];
  const split = instructionsFrom(text, index.starts, physicalLines(text, index, false), n, escapeChar, problems, stop);
  return { ...split, problems };
}

/** The instructions from line `n` on; stoppedAt is the start of the instruction `stop` stopped at, else -1. */
function instructionsFrom(
  text: string,
  starts: readonly number[],
  lines: PhysicalLine[],
  n: number,
  escapeChar: string,
  problems: RawDockerfile['problems'],
  stop?: (start: number, line: number) => boolean,
): { instructions: RawInstruction[]; stoppedAt: number } {
  const instructions: RawInstruction[] = [];
  while (n < lines.length) {
    const first = lineAt(lines, n, text, starts);
    if (isBlank(text, first) || isComment(text, first)) {
      n++;
      continue;
    }
    let kStart = first.start;
    while (kStart < first.end && (isSpaceAt(text, kStart) || text.charCodeAt(kStart) === 0xfeff)) kStart++;
    let kEnd = kStart;
    while (kEnd < first.end && !isSpaceAt(text, kEnd) && text[kEnd] !== escapeChar) kEnd++;
    if (kEnd === kStart) kEnd = Math.min(kStart + 1, first.end);
    if (stop?.(kStart, n)) return { instructions, stoppedAt: kStart };

    // The arguments: this line and its continuations, without the white space between keyword and arguments
    // (which may run on over continuation lines). Most instructions are one piece of one line.
    let logical = '';
    let segments: Segment[] | undefined;
    let emptyAt = kEnd;
    let from = kEnd;
    let end: number;
    let line = first;
    for (;;) {
      const cont = continuationAt(text, line, escapeChar);
      const upto = cont >= 0 ? cont : line.end;
      if (logical === '') {
        const blankFrom = from;
        while (from < upto && (text[from] === ' ' || text[from] === '\t')) from++;
        if (from > blankFrom) emptyAt = from;
      }
      if (upto > from) {
        const segment = { at: logical.length, doc: from };
        if (segments) segments.push(segment);
        else segments = [segment];
        logical += text.slice(from, upto);
      }
      end = line.end;
      n++;
      if (cont < 0) break;
      // Comment and blank lines inside a continuation are dropped.
      for (; n < lines.length; n++) {
        const next = lineAt(lines, n, text, starts);
        if (!isComment(text, next) && !isBlank(text, next)) break;
      }
      if (n >= lines.length) break;
      line = lineAt(lines, n, text, starts);
      from = line.start;
    }
    const args = new MappedText(logical, segments ?? [{ at: 0, doc: emptyAt }]);

    const keyword = keywordAt(text, kStart, kEnd);
    let heredocs = NO_HEREDOCS;
    if (HEREDOC_INSTRUCTIONS.has(keyword) && args.text.includes('<<')) {
      heredocs = [];
      for (const marker of heredocMarkers(args.text, escapeChar)) {
        const body = readHeredoc(text, starts, lines, n, marker);
        heredocs.push(body.heredoc);
        n = body.next;
        if (body.heredoc.unterminated) {
          problems.push({ message: `unterminated heredoc <<${marker.name}`, start: kStart, end: kEnd });
        }
        end = Math.max(end, body.end);
      }
    }
    instructions.push({ keyword, keywordStart: kStart, keywordEnd: kEnd, args, start: kStart, end, heredocs });
  }
  return { instructions, stoppedAt: -1 };
}

const COMMON_KEYWORDS = ['RUN', 'COPY', 'ENV', 'ARG', 'FROM', 'WORKDIR'];

/** The keyword upper-cased; the common ones written in upper case are the constants, not a copy per instruction. */
function keywordAt(text: string, start: number, end: number): string {
  for (const k of COMMON_KEYWORDS) if (k.length === end - start && text.startsWith(k, start)) return k;
  return text.slice(start, end).toUpperCase();
}
