// A line continuation that swallows the next instruction: BuildKit joins a line ending in the escape character with
// the next line that is neither blank nor a comment before it looks for instructions, so `RUN go mod download \`
// followed by `RUN go build` is one RUN whose command ends in `RUN go build`.
import type { Range } from '../core/types';
import type { DockerfileModel, Instruction } from './dockerfileModel';
import { INSTRUCTIONS } from './buildkitErrors';
import { InstructionFacts } from './instructionReuse';

export interface SwallowedLine {
  /** The instruction that runs on into the line. */
  instruction: Instruction;
  /** The swallowed line (0-based) and its instruction keyword as written. */
  line: number;
  keyword: string;
  /** The line text, trimmed. */
  text: string;
  /** The escape character that joins it: the last one on the last line before it that is neither blank nor a comment. */
  escapeRange: Range;
}

/** A line that reads as an instruction of its own: an upper-case instruction keyword, then white space or the end. */
const INSTRUCTION_LINE = new RegExp(`^[ \\t]*(${INSTRUCTIONS.join('|')})(?=[ \\t]|$)`);

/** What must follow the keyword for the line to read as that instruction (`ENV = 'x'` in a quoted text does not). */
const ARGUMENTS: Record<string, RegExp> = {
  ENV: /^[A-Za-z_][A-Za-z0-9_]*(=|[ \t]+\S)/,
  ARG: /^[A-Za-z_][A-Za-z0-9_]*(=|\s*$)/,
  FROM: /^(--platform=\S+[ \t]+)?[\w$.{}/:@-]+([ \t]+AS[ \t]+\S+)?[ \t]*$/i,
  COPY: /^\S+[ \t]+\S/,
  ADD: /^\S+[ \t]+\S/,
  WORKDIR: /^\S+[ \t]*$/,
  USER: /^\S+[ \t]*$/,
};

/** The quote left open after `text`, starting in `quote` (`'`, `"` or none), the shell's way: `\` escapes outside single quotes. */
function openQuote(text: string, escape: string, quote = ''): string {
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quote === "'") {
      if (ch === "'") quote = '';
    } else if (ch === escape) i++;
    else if (quote === '"') {
      if (ch === '"') quote = '';
    } else if (ch === '"' || ch === "'") quote = ch;
  }
  return quote;
}

/**
 * `HEALTHCHECK [OPTIONS] CMD …` and `ONBUILD <instruction>` take an instruction keyword as their argument: the line
 * where that argument starts (after the keyword and its options) is not swallowed. -1 for other instructions.
 */
function keywordArgumentLine(ins: Instruction, lines: DockerfileModel['lines'], first: number, last: number): number {
  if (ins.keyword !== 'HEALTHCHECK' && ins.keyword !== 'ONBUILD') return -1;
  for (let n = first; n <= last; n++) {
    const text = n === first ? lines.line(n).replace(/^\s*\S+/, '') : lines.line(n);
    if (/^\s*(#.*)?$/.test(text) && n > first) continue;
    const rest = text.replace(/(^|\s)--\S+/g, ' ').replace(/[\\`]\s*$/, '');
    if (rest.trim() !== '') return n;
  }
  return -1;
}

/** A line as the joined text has it: without trailing white space and the escape character that continues it. */
function joined(line: string, escape: string): string {
  // trimEnd removes what `\s` matches, and returns the line itself when there is nothing to remove.
  const t = line.trimEnd();
  return t.endsWith(escape) ? t.slice(0, -1) : t;
}

function inside(line: number, r: Range): boolean {
  return line >= r.start.line && line <= r.end.line;
}

/** Every instruction line that an earlier line's continuation makes part of the instruction before it. */
export function swallowedLines(model: DockerfileModel): SwallowedLine[] {
  return swallowedByInstruction.all(model);
}

// Read from the instruction's own lines only (same text, place and escape character: what the next parse reuses).
const NONE: readonly SwallowedLine[] = [];
const swallowedByInstruction = new InstructionFacts<SwallowedLine>((model, ins) =>
  ins.range.end.line === ins.range.start.line ? NONE : swallowedIn(model, ins),
);

function swallowedIn(model: DockerfileModel, ins: Instruction): SwallowedLine[] {
  const out: SwallowedLine[] = [];
  const lines = model.lines;
  const first = ins.range.start.line;
  const last = ins.range.end.line;
  const heredocs = 'heredocs' in ins ? ins.heredocs : [];
  // The quote the joined text leaves open before each line: a line inside an open quote is text, not an instruction.
  // Comment and blank lines inside a continuation are dropped, as Docker drops them.
  const argumentLine = keywordArgumentLine(ins, lines, first, last);
  let quote = openQuote(joined(lines.line(first), model.escapeChar).replace(/^\s*\S+/, ''), model.escapeChar);
  for (let n = first + 1; n <= last; n++) {
    const text = lines.line(n);
    const quoteBefore = quote;
    // Heredoc bodies and their terminators are text, not continuation lines.
    if (heredocs.length > 0 && heredocs.some((h) => inside(n, h.contentRange) || n === h.contentRange.end.line + 1)) continue;
    if (!/^\s*(#.*)?$/.test(text)) quote = openQuote(joined(text, model.escapeChar), model.escapeChar, quote);
    const m = INSTRUCTION_LINE.exec(text);
    if (!m || quoteBefore !== '') continue;
    const args = text.slice(m[0].length).trim();
    if (args === '' || !(ARGUMENTS[m[1]]?.test(args) ?? true)) continue;
    if (n === argumentLine && (ins.keyword === 'ONBUILD' || m[1] === 'CMD')) continue;
    // The line that joins it: the nearest earlier line that is neither blank nor a comment.
    let prev = n - 1;
    while (prev > first && /^\s*(#.*)?$/.test(lines.line(prev))) prev--;
    const prevText = lines.line(prev).trimEnd();
    if (!prevText.endsWith(model.escapeChar)) continue;
    const escapeRange = { start: { line: prev, character: prevText.length - 1 }, end: { line: prev, character: prevText.length } };
    out.push({ instruction: ins, line: n, keyword: m[1], text: text.trim(), escapeRange });
  }
  return out;
}
