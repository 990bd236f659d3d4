// A line continuation that swallows the next instruction: BuildKit joins a line ending in the escape character with
// the next line that is neither blank nor a comment before it looks for instructions, so `RUN go mod download \`
// followed by `RUN go build` is one RUN whose command ends in `RUN go build`.
import type { Range } from '../core/types';
import type { DockerfileModel, Instruction } from './dockerfileModel';
import { INSTRUCTIONS } from './buildkitErrors';

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

/** The quote a text leaves open (`'`, `"`), the shell's way: `\` escapes outside single quotes. */
function openQuote(text: string, escape: string): string {
  let quote = '';
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

/** `HEALTHCHECK [OPTIONS] CMD …` and `ONBUILD <instruction>` take an instruction keyword as their argument. */
function takesKeyword(ins: Instruction, keyword: string, before: string): boolean {
  const rest = before
    .replace(/^\s*\S+/, '')
    .replace(/(^|\s)--\S+/g, ' ')
    .trim();
  if (rest !== '') return false;
  return (ins.keyword === 'HEALTHCHECK' && keyword === 'CMD') || ins.keyword === 'ONBUILD';
}

function inside(line: number, r: Range): boolean {
  return line >= r.start.line && line <= r.end.line;
}

/** Every instruction line that an earlier line's continuation makes part of the instruction before it. */
export function swallowedLines(model: DockerfileModel): SwallowedLine[] {
  const out: SwallowedLine[] = [];
  const lines = model.lines;
  for (const ins of model.instructions) {
    const first = ins.range.start.line;
    const last = ins.range.end.line;
    if (last === first) continue;
    const heredocs = 'heredocs' in ins ? ins.heredocs : [];
    for (let n = first + 1; n <= last; n++) {
      // Heredoc bodies and their terminators are text, not continuation lines.
      if (heredocs.some((h) => inside(n, h.contentRange) || n === h.contentRange.end.line + 1)) continue;
      const text = lines.line(n);
      const m = INSTRUCTION_LINE.exec(text);
      if (!m) continue;
      const args = text.slice(m[0].length).trim();
      if (args === '' || !(ARGUMENTS[m[1]]?.test(args) ?? true)) continue;
      // The text before the line, continuations removed: inside an open quote the line is text, not an instruction.
      const before = Array.from({ length: n - first }, (_, k) => lines.line(first + k).replace(/\s*$/, ''))
        .map((l) => (l.endsWith(model.escapeChar) ? l.slice(0, -1) : l))
        .join(' ');
      if (openQuote(before.replace(/^\s*\S+/, ''), model.escapeChar) !== '' || takesKeyword(ins, m[1], before)) continue;
      // The line that joins it: the nearest earlier line that is neither blank nor a comment.
      let prev = n - 1;
      while (prev > first && /^\s*(#.*)?$/.test(lines.line(prev))) prev--;
      const prevText = lines.line(prev).replace(/\s+$/, '');
      if (!prevText.endsWith(model.escapeChar)) continue;
      const escapeRange = { start: { line: prev, character: prevText.length - 1 }, end: { line: prev, character: prevText.length } };
      out.push({ instruction: ins, line: n, keyword: m[1], text: text.trim(), escapeRange });
    }
  }
  return out;
}
