// A make command line (`make -C dir -f file GOOS=linux build`): its goals, the folder and file it reads, and the
// variables it passes to its recipes. Shared by the Makefile reader (sub-makes in recipes) and the RUN reader.

const MAKE_OPTION_WITH_VALUE = new Set(['-o', '-W', '-I', '--old-file', '--new-file', '--what-if', '--include-dir']);

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
  /** Index of the last goal or variable word (-1 when there is none). */
  last: number;
}

export function makeCommandLine(args: readonly string[]): MakeCommandLine {
  const out: MakeCommandLine = { goals: [], vars: [], open: false, last: -1 };
  const value = (k: number, a: string, flag: string) => (a === flag ? args[k + 1] : a.slice(a.startsWith('--') ? flag.length + 1 : flag.length));
  for (let k = 0; k < args.length; k++) {
    const a = args[k];
    const long = /^--(directory|file|makefile)(=|$)/.exec(a);
    if (a.startsWith('-C') || long?.[1] === 'directory') {
      const v = long ? (long[2] ? a.slice(long[0].length) : args[k + 1]) : value(k, a, '-C');
      if (a === '-C' || (long && !long[2])) k++;
      out.dir = out.dir && v ? `${out.dir}/${v}` : v;
      if (v === undefined || /[$`]/.test(v)) out.open = true;
    } else if (a.startsWith('-f') || long) {
      const v = long ? (long[2] ? a.slice(long[0].length) : args[k + 1]) : value(k, a, '-f');
      if (a === '-f' || (long && !long[2])) k++;
      out.file = v;
      if (v === undefined || /[$`]/.test(v)) out.open = true;
    } else if (MAKE_OPTION_WITH_VALUE.has(a)) k++;
    else if ((a === '-j' || a === '-l' || a === '--jobs' || a === '--load-average') && /^\d+(\.\d+)?$/.test(args[k + 1] ?? '')) k++;
    else if (a.startsWith('-')) continue;
    else if (/^[A-Za-z_][A-Za-z0-9_.]*[:+?!]?=/.test(a)) {
      out.vars.push(k);
      out.last = k;
    } else {
      if (/[$`]/.test(a)) out.open = true;
      else out.goals.push(a);
      out.last = k;
    }
  }
  return out;
}
