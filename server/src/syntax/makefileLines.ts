// The lexical side of reading a Makefile: continuation lines, comments, `$(…)` groups, and whether a logical line
// is a variable assignment or a rule. Used by makefile.ts.

/** An odd number of backslashes at the end of a line: it continues on the next. */
export function endsInContinuation(line: string): boolean {
  let n = 0;
  for (let j = line.length - 1; j >= 0 && line[j] === '\\'; j--) n++;
  return n % 2 === 1;
}

/** Index of the `)`/`}` closing the group opened at `open` (the text's end when unbalanced). */
export function closing(text: string, open: number): number {
  const o = text[open];
  const c = o === '(' ? ')' : '}';
  let depth = 0;
  for (let j = open; j < text.length; j++) {
    if (text[j] === o) depth++;
    else if (text[j] === c && --depth === 0) return j;
  }
  return text.length;
}

/** Index of `ch` outside `$(…)`/`${…}`, or -1. */
export function topLevelIndex(text: string, ch: string): number {
  for (let j = 0; j < text.length; j++) {
    if (text[j] === '$' && (text[j + 1] === '(' || text[j + 1] === '{')) j = closing(text, j + 1);
    else if (text[j] === ch) return j;
  }
  return -1;
}

export function stripComment(line: string): string {
  for (let j = 0; j < line.length; j++) {
    if (line[j] === '\\') j++;
    else if (line[j] === '#') return line.slice(0, j);
  }
  return line;
}

export type Split = { kind: 'assignment'; name: string; op: string; value: string } | { kind: 'rule'; targets: string; rest: string } | { kind: 'other' };

/** A logical line as make reads it: `NAME op value`, `targets: prerequisites`, or something else. */
export function splitRuleOrAssignment(line: string): Split {
  for (let j = 0; j < line.length; j++) {
    const c = line[j];
    if (c === '$' && (line[j + 1] === '(' || line[j + 1] === '{')) {
      j = closing(line, j + 1);
      continue;
    }
    if (c === '=' || (c === ':' && /^:{1,3}=/.test(line.slice(j)))) {
      const opMatch = /^(:::=|::=|:=|=)/.exec(line.slice(j))!;
      let nameEnd = j;
      let op = opMatch[1];
      if (op === '=' && j > 0 && '?+!'.includes(line[j - 1])) {
        op = line[j - 1] + '=';
        nameEnd = j - 1;
      }
      const name = line
        .slice(0, nameEnd)
        .trim()
        .replace(/^(?:(?:export|override|private)\s+)+/, '');
      if (!name || /\s/.test(name)) return { kind: 'other' };
      return { kind: 'assignment', name, op, value: line.slice(j + op.length - (nameEnd < j ? 1 : 0)).trim() };
    }
    if (c === ':') {
      const double = line[j + 1] === ':';
      return { kind: 'rule', targets: line.slice(0, j), rest: line.slice(j + (double ? 2 : 1)) };
    }
  }
  return { kind: 'other' };
}

export function matchPattern(pattern: string, target: string): string | undefined {
  const k = pattern.indexOf('%');
  const pre = pattern.slice(0, k);
  const post = pattern.slice(k + 1);
  if (target.length < pre.length + post.length || !target.startsWith(pre) || !target.endsWith(post)) return undefined;
  return target.slice(pre.length, target.length - post.length);
}
