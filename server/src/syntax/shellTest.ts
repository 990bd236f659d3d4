// What a shell condition decides when some of its variables are known: `[ "$X" = true ]`, `test -n "$X"`,
// `[[ $X == 1 ]]`, `true`/`false`, `!`, `&&`/`||` lists and `case` arms. Answers are three-valued: undefined when
// the outcome depends on anything not known. Where dash, bash and busybox differ, only what all of them do counts
// (dash has no `[[` and rejects `==` inside `[`; an unquoted empty expansion disappears from the arguments).
import type { ShellCommand, ShellConditionTerm, ShellGuard, ShellWord } from './dockerfileModel';
import { expandParts, templateOf } from './dockerWords';

/** A variable's value when it is known: `{ value: undefined }` for unset; undefined when it is not known. */
export type ShellOracle = (name: string) => { value: string | undefined } | undefined;

/** A word with the known variables expanded, or undefined when it depends on anything else. */
export function expandKnown(text: string, oracle: ShellOracle): string | undefined {
  if (text.includes('`') || text.includes('$(')) return undefined;
  let unknown = false;
  const value = expandParts(templateOf(text), (n) => {
    const o = oracle(n);
    if (!o) unknown = true;
    return o?.value;
  });
  return unknown ? undefined : value;
}

/**
 * The arguments a word gives a command after expansion: none for an unquoted expansion that is empty, undefined
 * when unknown (or when field splitting or pathname expansion would decide).
 */
function argumentsOf(word: ShellWord, oracle: ShellOracle, split: boolean): string[] | undefined {
  const value = expandKnown(word.text, oracle);
  if (value === undefined) return undefined;
  if (!split || !word.text.includes('$')) return [value];
  const raw = word.raw ?? word.text;
  if (/["'\\]/.test(raw)) return [value];
  if (value === '') return [];
  return /[\s*?[]/.test(value) ? undefined : [value];
}

const INTEGER = /^-?\d+$/;

/** POSIX `test` by argument count; an argument list the command rejects exits 2, which is failure too. */
function testArgs(args: string[]): boolean | undefined {
  const [a, b, c] = args;
  switch (args.length) {
    case 0:
      return false;
    case 1:
      return a !== '';
    case 2:
      if (a === '!') return b === '';
      if (a === '-n') return b !== '';
      if (a === '-z') return b === '';
      return a.startsWith('-') ? undefined : false;
    case 3:
      if (b === '=') return a === c;
      if (b === '!=') return a !== c;
      // dash rejects `==` (exit 2): only a comparison that fails everywhere is certain.
      if (b === '==') return a === c ? undefined : false;
      if (/^-(eq|ne|lt|le|gt|ge)$/.test(b)) {
        if (!INTEGER.test(a) || !INTEGER.test(c)) return false;
        const x = Number(a);
        const y = Number(c);
        return { '-eq': x === y, '-ne': x !== y, '-lt': x < y, '-le': x <= y, '-gt': x > y, '-ge': x >= y }[b];
      }
      if (a === '!') return negate(testArgs(args.slice(1)));
      return undefined;
    case 4:
      return a === '!' ? negate(testArgs(args.slice(1))) : undefined;
    default:
      return undefined;
  }
}

function negate(v: boolean | undefined): boolean | undefined {
  return v === undefined ? undefined : !v;
}

/** Whether a `[ … ]`, `test …` or `[[ … ]]` command succeeds, when that is known. */
export function testOutcome(cmd: ShellCommand, oracle: ShellOracle): boolean | undefined {
  const words = cmd.words;
  const name = words[0]?.text;
  const collect = (ws: readonly ShellWord[], split: boolean): string[] | undefined => {
    const out: string[] = [];
    for (const w of ws) {
      const a = argumentsOf(w, oracle, split);
      if (!a) return undefined;
      out.push(...a);
    }
    return out;
  };
  if (name === 'true' || name === ':') return words.length === 1 ? true : undefined;
  if (name === 'false') return words.length === 1 ? false : undefined;
  if (name === 'test' || name === '[') {
    if (name === '[' && words[words.length - 1]?.text !== ']') return undefined;
    const args = collect(words.slice(1, name === '[' ? -1 : undefined), true);
    return args && testArgs(args);
  }
  if (name === '[[' && words[words.length - 1]?.text === ']]') {
    // bash keeps empty words, busybox drops them like `[`, dash has no `[[` (it fails): certain only when both fail.
    const kept = collect(words.slice(1, -1), false);
    const dropped = collect(words.slice(1, -1), true);
    if (!kept || !dropped) return undefined;
    return testArgs(kept) === false && testArgs(dropped) === false ? false : undefined;
  }
  return undefined;
}

/** Whether an and-or list ends with success, when that is known. */
export function conditionOutcome(terms: readonly ShellConditionTerm[], oracle: ShellOracle): boolean | undefined {
  let status: boolean | undefined;
  terms.forEach((term, k) => {
    const own = () => {
      const v = term.command ? testOutcome(term.command, oracle) : undefined;
      return term.negated ? negate(v) : v;
    };
    if (k === 0) status = own();
    else if (term.op === '&&') status = status === false ? false : status === true ? own() : own() === false ? false : undefined;
    else status = status === true ? true : status === false ? own() : own() === true ? true : undefined;
  });
  return status;
}

/** A `case` pattern as a regular expression (`*`, `?`, `[…]`); undefined when it expands a variable. */
function patternRegex(pattern: string): RegExp | undefined {
  if (pattern.includes('$') || pattern.includes('`')) return undefined;
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i];
    if (ch === '*') re += '.*';
    else if (ch === '?') re += '.';
    else if (ch === '[') {
      const close = pattern.indexOf(']', i + 2);
      if (close < 0) re += '\\[';
      else {
        const body = pattern
          .slice(i + 1, close)
          .replace(/^!/, '^')
          .replace(/\\/g, '\\\\');
        re += `[${body}]`;
        i = close;
      }
    } else re += ch.replace(/[.+^${}()|\\\]]/g, '\\$&');
  }
  try {
    return new RegExp(`^${re}$`, 's');
  } catch {
    return undefined;
  }
}

/** Whether the command under a guard runs, when that is known. */
export function guardOutcome(guard: ShellGuard, oracle: ShellOracle): boolean | undefined {
  if (guard.kind === 'condition') {
    const v = guard.condition ? conditionOutcome(guard.condition, oracle) : undefined;
    return v === undefined ? undefined : v === guard.when;
  }
  if (guard.kind === 'case') {
    const subject = guard.subject.words[1];
    const value = subject && expandKnown(subject.text, oracle);
    if (value === undefined) return undefined;
    const matches = (p: string): boolean | undefined => patternRegex(p)?.test(value);
    for (const p of guard.earlier) {
      const m = matches(p);
      if (m === undefined) return undefined;
      if (m) return false;
    }
    let any = false;
    for (const p of guard.patterns) {
      const m = matches(p);
      if (m === undefined) return undefined;
      any ||= m;
    }
    return any;
  }
  return undefined;
}
