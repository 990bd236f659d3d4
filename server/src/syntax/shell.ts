// A POSIX-shell lexer good enough to find commands in RUN lines, heredoc scripts and `sh -c '…'` bodies:
// it splits on `&&`, `||`, `;`, `|`, `&`, newlines and parentheses, removes quotes the way the shell does,
// skips redirections (recording heredoc delimiters) and comments, and keeps every word mapped to the
// document. It never throws; unbalanced quotes simply run to the end.
import { MappedBuilder, MappedText, sliceMapped } from './source';
import { parseReference, type RefSpan } from './dockerWords';

export interface LexedWord {
  /** Offsets into the lexed text. */
  start: number;
  end: number;
  /** The word as the command receives it (quotes removed; `$…` and `$(…)` kept as written). */
  text: string;
  mapped: MappedText;
  /** `$NAME` / `${NAME}` references outside single quotes (offsets into the lexed text). */
  refs: RefSpan[];
  /** The word began with `NAME=`: an assignment when it comes before the command name. */
  assignment: boolean;
}

export interface LexedCommand {
  /** `NAME=value` words before the command name. */
  assignments: LexedWord[];
  words: LexedWord[];
  /** Delimiters of `<<EOF` / `<<-EOF` redirections, in order. */
  heredocs: string[];
  /** Other redirections (`> file`, `>> file`, `2>&1`) with their targets; `fd` is the descriptor written before the operator. */
  redirections: { op: string; fd?: string; target?: LexedWord }[];
  /** The command's output goes into a pipe (`cmd | next`, `cmd |& next`): the next command read it. */
  pipedOut?: boolean;
  start: number;
  end: number;
  /**
   * The control operators and reserved words between the previous command (or the start of the text) and this one,
   * in order: `&&`, `||`, `;` (a line break too), `;;`, `|`, `&`, `(`, `)`, `if`, `then`, `!`, `{`, … Together with
   * `trail` they let shellFlow.ts work out which commands run only under a condition.
   */
  lead: string[];
  /** On the last command only: the control tokens after it (`; fi`). */
  trail: string[];
}

const RESERVED_PREFIXES = new Set(['if', 'then', 'else', 'elif', 'do', 'while', 'until', '!', '{', 'time', 'fi', 'done', '}']);
const REDIRECTION = /^(?:\d*)(?:<<-|<<<|<<|<>|<&|>&|>>|>\||&>>|&>|<|>)/;
const ASSIGNMENT = /^[A-Za-z_][A-Za-z0-9_]*=/;

function isBreak(c: string): boolean {
  return c === ' ' || c === '\t' || c === '\n' || c === ';' || c === '&' || c === '|' || c === '(' || c === ')' || c === '<' || c === '>';
}

/** Index just past a `$(…)`, `$((…))`, `${…}` or backquoted span that starts at `i`. */
function skipSubstitution(text: string, i: number): number {
  if (text[i] === '`') {
    let j = i + 1;
    while (j < text.length && text[j] !== '`') j += text[j] === '\\' ? 2 : 1;
    return Math.min(j + 1, text.length);
  }
  const open = text[i + 1];
  const close = open === '(' ? ')' : '}';
  let depth = 0;
  let quote = '';
  for (let j = i + 1; j < text.length; j++) {
    const c = text[j];
    if (quote) {
      if (c === '\\' && quote === '"') j++;
      else if (c === quote) quote = '';
    } else if (c === '\\') j++;
    else if (c === '"' || c === "'") quote = c;
    else if (c === open) depth++;
    else if (c === close && --depth === 0) return j + 1;
  }
  return text.length;
}

const NO_REFS: readonly RefSpan[] = Object.freeze([]);

/** A word without quotes, escapes or expansions: it maps one to one, so its mapping is made only if asked for. */
class PlainWord implements LexedWord {
  private mappedText?: MappedText;
  readonly refs = NO_REFS as RefSpan[];
  readonly assignment: boolean;
  constructor(
    private readonly src: MappedText,
    readonly start: number,
    readonly end: number,
    readonly text: string,
  ) {
    this.assignment = ASSIGNMENT.test(text);
  }
  get mapped(): MappedText {
    return (this.mappedText ??= sliceMapped(this.src, this.start, this.end));
  }
}

function isPlainChar(c: number): boolean {
  // not a quote, backslash, `$` or backquote
  return c !== 34 && c !== 39 && c !== 92 && c !== 36 && c !== 96;
}

/** The word that starts at `i`; it ends where reading goes on. */
function readWord(src: MappedText, i: number): LexedWord {
  const text = src.text;
  let j = i;
  while (j < text.length && !isBreak(text[j]) && isPlainChar(text.charCodeAt(j))) j++;
  if (j > i && (j >= text.length || isBreak(text[j]))) return new PlainWord(src, i, j, text.slice(i, j));
  const b = new MappedBuilder(src);
  const refs: RefSpan[] = [];
  const start = i;
  const copy = (from: number, to: number) => {
    for (let k = from; k < to; k++) b.push(text[k], k);
  };
  // A `…` command substitution is kept as written.
  const backquoted = (j: number): number => {
    const end = skipSubstitution(text, j);
    copy(j, end);
    return end;
  };
  const dollar = (j: number): number => {
    const next = text[j + 1];
    if (next === '(' || next === '{') {
      const end = skipSubstitution(text, j);
      if (next === '{') {
        const ref = parseReference(text, j, end);
        if (ref) refs.push(ref);
      }
      copy(j, end);
      return end;
    }
    if (next === "'") {
      let k = j + 2;
      for (; k < text.length && text[k] !== "'"; k++) b.push(text[k], k);
      return k + 1;
    }
    const ref = parseReference(text, j, text.length);
    if (ref) {
      refs.push(ref);
      copy(j, ref.end);
      return ref.end;
    }
    b.push('$', j);
    return j + 1;
  };
  while (i < text.length && !isBreak(text[i])) {
    const c = text[i];
    if (c === "'") {
      for (i++; i < text.length && text[i] !== "'"; i++) b.push(text[i], i);
      i++;
    } else if (c === '"') {
      i++;
      while (i < text.length && text[i] !== '"') {
        const d = text[i];
        if (d === '\\' && i + 1 < text.length && '$`"\\\n'.includes(text[i + 1])) {
          if (text[i + 1] !== '\n') b.push(text[i + 1], i + 1);
          i += 2;
        } else if (d === '$') i = dollar(i);
        else if (d === '`') i = backquoted(i);
        else {
          b.push(d, i);
          i++;
        }
      }
      i++;
    } else if (c === '\\') {
      if (i + 1 < text.length && text[i + 1] !== '\n') b.push(text[i + 1], i + 1);
      i += 2;
    } else if (c === '$') i = dollar(i);
    else if (c === '`') i = backquoted(i);
    else {
      b.push(c, i);
      i++;
    }
  }
  const end = Math.min(i, text.length);
  return {
    start,
    end,
    text: b.toString(),
    mapped: b.build(start),
    refs,
    assignment: ASSIGNMENT.test(text.slice(start, Math.min(end, start + 256))),
  };
}

/** The shared empty list: most commands have no assignments, heredocs, redirections or control tokens (see `added`). */
const NONE = Object.freeze([]) as never[];

function newCommand(): LexedCommand {
  return { assignments: NONE, words: [], heredocs: NONE, redirections: NONE, start: -1, end: -1, lead: NONE, trail: NONE };
}

/** `list` with `item` added; a shared empty list is replaced rather than written to. */
function added<T>(list: T[], item: T): T[] {
  if (list.length === 0) return [item];
  list.push(item);
  return list;
}

export function lexShell(src: MappedText): LexedCommand[] {
  const text = src.text;
  const commands: LexedCommand[] = [];
  let cur = newCommand();
  // Control tokens seen since the last command; the next command that has content takes them as its `lead`.
  let pending: string[] = [];
  const token = (t: string) => {
    if (pending === NONE) pending = [];
    pending.push(t);
  };
  const finish = () => {
    // A command of reserved words alone (`fi`, `then`) is no command: its words stay pending for the next one.
    if (cur.start >= 0 && (cur.words.length || cur.assignments.length || cur.redirections.length || cur.heredocs.length)) commands.push(cur);
    cur = newCommand();
  };
  const begin = () => {
    if (cur.lead === NONE && pending.length) {
      cur.lead = pending;
      pending = NONE;
    }
  };
  const touch = (start: number, end: number) => {
    if (cur.start < 0) cur.start = start;
    cur.end = end;
  };
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === ' ' || c === '\t' || c === '\r') {
      i++;
      continue;
    }
    if (c === '\\' && text[i + 1] === '\n') {
      i += 2;
      continue;
    }
    if (c === '#' && (i === 0 || /[\s;&|()]/.test(text[i - 1]))) {
      while (i < text.length && text[i] !== '\n') i++;
      continue;
    }
    if (c === '\n' || c === ';' || c === '(' || c === ')' || ((c === '&' || c === '|') && text[i + 1] !== '>')) {
      if (c === '|' && text[i + 1] !== '|' && cur.start >= 0) cur.pipedOut = true;
      finish();
      const two = (c === '&' && text[i + 1] === '&') || (c === '|' && (text[i + 1] === '|' || text[i + 1] === '&')) || (c === ';' && text[i + 1] === ';');
      token(c === '\n' ? ';' : two ? text.slice(i, i + 2) : c);
      i += two ? 2 : 1;
      continue;
    }
    const redirection = c === '<' || c === '>' || c === '&' || (c >= '0' && c <= '9') ? REDIRECTION.exec(text.slice(i, i + 12)) : null;
    if (redirection) {
      const op = redirection[0];
      let j = i + op.length;
      while (j < text.length && (text[j] === ' ' || text[j] === '\t')) j++;
      const target = j < text.length && !isBreak(text[j]) ? readWord(src, j) : undefined;
      begin();
      if (op.endsWith('<<') || op.endsWith('<<-')) {
        if (target) cur.heredocs = added(cur.heredocs, target.text);
      } else cur.redirections = added(cur.redirections, { op: op.replace(/^\d+/, ''), fd: /^\d+/.exec(op)?.[0], target });
      touch(i, target?.end ?? j);
      i = target?.end ?? j;
      continue;
    }
    const word = readWord(src, i);
    i = word.end === i ? i + 1 : word.end;
    if (word.end === word.start) continue;
    touch(word.start, word.end);
    if (cur.words.length === 0 && cur.assignments.length === 0 && RESERVED_PREFIXES.has(word.text) && text.slice(word.start, word.end) === word.text) {
      token(word.text);
      continue;
    }
    begin();
    if (cur.words.length === 0 && word.assignment) cur.assignments = added(cur.assignments, word);
    else cur.words.push(word);
  }
  finish();
  if (commands.length && pending.length) commands[commands.length - 1].trail = pending;
  return commands;
}

const SHELLS = new Set(['sh', 'bash', 'ash', 'dash', 'zsh', 'ksh', 'mksh']);

export function isShellName(word: string): boolean {
  return SHELLS.has(word.slice(word.lastIndexOf('/') + 1));
}

/** For `sh -c 'script'` / `bash -lc "script"`: the script word, if this command runs one. */
export function shellScriptWord(cmd: LexedCommand): LexedWord | undefined {
  if (cmd.words.length < 3 || !isShellName(cmd.words[0].text)) return undefined;
  let sawC = false;
  for (let k = 1; k < cmd.words.length; k++) {
    const w = cmd.words[k].text;
    if (!sawC) {
      if (/^-[A-Za-z]*c[A-Za-z]*$/.test(w)) sawC = true;
      else if (!w.startsWith('-') && !w.startsWith('+')) return undefined;
      continue;
    }
    if (w.startsWith('-') && w !== '-' && w !== '--') continue;
    if (w === '--') continue;
    return cmd.words[k];
  }
  return undefined;
}
