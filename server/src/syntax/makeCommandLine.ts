// A make command line (`make -C dir -f file GOOS=linux build`): its goals, the folder and file it reads, and the
// variables it passes to its recipes. Shared by the Makefile reader (sub-makes in recipes) and the RUN reader.
import { closing } from './makefileLines';

const MAKE_OPTION_WITH_VALUE = new Set(['-o', '-W', '-I', '--old-file', '--new-file', '--what-if', '--include-dir']);

/** A goal the shell computes (`build-$(uname -m)`): the literal text it starts and ends with. */
export interface ComputedGoal {
  prefix: string;
  suffix: string;
}

/** What a make command line asks for (its arguments after the command name). */
export interface MakeCommandLine {
  goals: string[];
  /** `-C dir`: the folder make changes to first. */
  dir?: string;
  /** `-f file`: the Makefile it reads instead of GNUmakefile/makefile/Makefile. */
  file?: string;
  /** Indexes (into the arguments) of `NAME=value` words: variables make passes to its recipes' environment. */
  vars: number[];
  /** A goal or folder the shell decides (`$TARGET`): which goals run is unknown. */
  open: boolean;
  /**
   * When the only thing the shell decides is goals with a literal start or end (`"build-$(echo $P | tr / -)"`):
   * those goals' shapes. Empty otherwise.
   */
  computedGoals: ComputedGoal[];
  /** Index of the last goal or variable word (-1 when there is none). */
  last: number;
}

export function makeCommandLine(args: readonly string[]): MakeCommandLine {
  const out: MakeCommandLine = { goals: [], vars: [], open: false, computedGoals: [], last: -1 };
  let unshaped = false;
  const value = (k: number, a: string, flag: string) => (a === flag ? args[k + 1] : a.slice(a.startsWith('--') ? flag.length + 1 : flag.length));
  for (let k = 0; k < args.length; k++) {
    const a = args[k];
    const long = /^--(directory|file|makefile)(=|$)/.exec(a);
    if (a.startsWith('-C') || long?.[1] === 'directory') {
      const v = long ? (long[2] ? a.slice(long[0].length) : args[k + 1]) : value(k, a, '-C');
      if (a === '-C' || (long && !long[2])) k++;
      out.dir = out.dir && v ? `${out.dir}/${v}` : v;
      if (v === undefined || /[$`]/.test(v)) out.open = unshaped = true;
    } else if (a.startsWith('-f') || long) {
      const v = long ? (long[2] ? a.slice(long[0].length) : args[k + 1]) : value(k, a, '-f');
      if (a === '-f' || (long && !long[2])) k++;
      out.file = v;
      if (v === undefined || /[$`]/.test(v)) out.open = unshaped = true;
    } else if (MAKE_OPTION_WITH_VALUE.has(a)) k++;
    else if ((a === '-j' || a === '-l' || a === '--jobs' || a === '--load-average') && /^\d+(\.\d+)?$/.test(args[k + 1] ?? '')) k++;
    else if (a.startsWith('-')) continue;
    else if (/^[A-Za-z_][A-Za-z0-9_.]*[:+?!]?=/.test(a)) {
      out.vars.push(k);
      out.last = k;
    } else {
      if (/[$`]/.test(a)) {
        out.open = true;
        const shape = goalShape(a);
        if (shape && (shape.prefix || shape.suffix)) out.computedGoals.push(shape);
        else unshaped = true;
      } else out.goals.push(a);
      out.last = k;
    }
  }
  if (unshaped) out.computedGoals = [];
  return out;
}

/** The literal text before the first and after the last expansion of a word; undefined when one is not closed. */
function goalShape(word: string): ComputedGoal | undefined {
  let first = -1;
  let end = 0;
  for (let i = 0; i < word.length; i++) {
    const c = word[i];
    let close: number;
    if (c === '`') close = word.indexOf('`', i + 1);
    else if (c !== '$') continue;
    else if (word[i + 1] === '(' || word[i + 1] === '{') {
      close = closing(word, i + 1);
      if (close === word.length) close = -1; // unbalanced
    } else close = i + (/^[A-Za-z_][A-Za-z0-9_]*|^[0-9@*#?$!-]/.exec(word.slice(i + 1))?.[0].length ?? 0);
    if (close < 0) return undefined;
    if (first < 0) first = i;
    end = close + 1;
    i = close;
  }
  return { prefix: word.slice(0, first), suffix: word.slice(end) };
}
