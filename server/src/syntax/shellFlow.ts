// Which commands of a shell text run only under a condition, and which condition: `if … then … elif … else … fi`,
// `a && b || c`, `case … in p) … ;; esac`, loop bodies, `{ … }` and `( … )` groups, pipelines. It reads the control
// tokens the lexer keeps between commands (shell.ts) and never throws: a text it cannot follow (a function
// definition, `(( … ))`) gives every command of it an `unknown` guard, so that nothing is taken to run for certain.

/** One command of an and-or list that decides a branch: `[ "$X" = 1 ]`, `! grep -q x f`. */
export interface FlowTerm<C> {
  /** The operator before it (`&&`, `||`); undefined for the first. */
  op?: '&&' | '||';
  negated: boolean;
  /** The command, when the term is one simple command (not a pipeline or a compound command). */
  command?: C;
}

export type FlowGuard<C> =
  /**
   * The command runs when `condition` ends with success (`when` true) or failure (false). `condition` is the and-or
   * list that decides, undefined when it is more than one (`if a; b; then`). `branch` says how the branch is written.
   */
  | { kind: 'condition'; condition?: FlowTerm<C>[]; when: boolean; branch: 'then' | 'elif' | 'else' | '&&' | '||' }
  /** A `case` arm: runs when the subject matches one of `patterns` and none of the `earlier` arms' patterns. */
  | { kind: 'case'; subject: C; patterns: string[]; earlier: string[] }
  /** A loop body (`while`, `until`, `for`): may run any number of times. */
  | { kind: 'loop' }
  /** The text could not be followed. */
  | { kind: 'unknown' };

export interface FlowInput<C> {
  command: C;
  /** The command's words as the shell passes them (quotes removed). */
  words: readonly string[];
  lead: readonly string[];
}

export interface ShellFlow<C> {
  guards: Map<C, FlowGuard<C>[]>;
  /** Every command in a pipeline of two or more, with the whole pipeline in order. */
  pipelines: Map<C, C[]>;
}

type Tok<C> = { t: string } | { c: FlowInput<C> };

class FlowError extends Error {}

const LIST_ENDS = new Set(['then', 'elif', 'else', 'fi', 'do', 'done', '}', ')', ';;']);

/** The flow of one lexed command sequence (the `lead` tokens of each command and the `trail` after the last). */
export function shellFlow<C>(inputs: readonly FlowInput<C>[], trail: readonly string[]): ShellFlow<C> {
  const toks: Tok<C>[] = [];
  for (const input of inputs) {
    for (const t of input.lead) toks.push({ t });
    toks.push({ c: input });
  }
  for (const t of trail) toks.push({ t });
  const guards = new Map<C, FlowGuard<C>[]>();
  const pipelines = new Map<C, C[]>();
  try {
    new FlowParser(toks, guards, pipelines).parseAll();
  } catch (e) {
    if (!(e instanceof FlowError)) throw e;
    guards.clear();
    pipelines.clear();
    for (const input of inputs) guards.set(input.command, [{ kind: 'unknown' }]);
  }
  return { guards, pipelines };
}

class FlowParser<C> {
  private p = 0;
  constructor(
    private readonly toks: Tok<C>[],
    private readonly guards: Map<C, FlowGuard<C>[]>,
    private readonly pipelines: Map<C, C[]>,
  ) {}

  parseAll(): void {
    this.list([], false);
    if (this.p < this.toks.length) throw new FlowError();
  }

  private peekToken(): string | undefined {
    const x = this.toks[this.p];
    return x && 't' in x ? x.t : undefined;
  }

  private peekCommand(): FlowInput<C> | undefined {
    const x = this.toks[this.p];
    return x && 'c' in x ? x.c : undefined;
  }

  private expect(t: string): void {
    if (this.peekToken() !== t) throw new FlowError();
    this.p++;
  }

  private skipSeparators(): void {
    while (this.peekToken() === ';' || this.peekToken() === '&') this.p++;
  }

  private atListEnd(inCase: boolean): boolean {
    if (this.p >= this.toks.length) return true;
    const t = this.peekToken();
    if (t !== undefined) return LIST_ENDS.has(t);
    return inCase && this.peekCommand()!.words[0] === 'esac';
  }

  /** A list of and-or lists; returns the terms of the last one, or undefined when there were several (or none). */
  private list(guards: FlowGuard<C>[], inCase: boolean): FlowTerm<C>[] | undefined {
    let last: FlowTerm<C>[] | undefined;
    let count = 0;
    for (;;) {
      this.skipSeparators();
      if (this.atListEnd(inCase)) return count === 1 ? last : undefined;
      last = this.andOr(guards);
      count++;
      const t = this.peekToken();
      if (t === ';' || t === '&') continue;
      if (this.atListEnd(inCase)) return count === 1 ? last : undefined;
      throw new FlowError();
    }
  }

  private andOr(guards: FlowGuard<C>[]): FlowTerm<C>[] {
    const terms: FlowTerm<C>[] = [];
    let op: '&&' | '||' | undefined;
    for (;;) {
      const own: FlowGuard<C>[] = op ? [...guards, { kind: 'condition', condition: terms.slice(), when: op === '&&', branch: op }] : guards;
      const term = this.pipeline(own);
      term.op = op;
      terms.push(term);
      const t = this.peekToken();
      if (t !== '&&' && t !== '||') return terms;
      op = t;
      this.p++;
      // A line break may follow `&&` / `||` (the lexer gives it as `;`).
      while (this.peekToken() === ';') this.p++;
    }
  }

  private pipeline(guards: FlowGuard<C>[]): FlowTerm<C> {
    let negated = false;
    for (let t = this.peekToken(); t === '!' || t === 'time'; t = this.peekToken()) {
      if (t === '!') negated = !negated;
      this.p++;
    }
    const members: (C | undefined)[] = [this.command(guards)];
    while (this.peekToken() === '|' || this.peekToken() === '|&') {
      this.p++;
      while (this.peekToken() === ';') this.p++;
      members.push(this.command(guards));
    }
    if (members.length > 1) {
      const simple = members.filter((m): m is C => m !== undefined);
      for (const m of simple) this.pipelines.set(m, simple);
    }
    return { negated, command: members.length === 1 ? members[0] : undefined };
  }

  /** One command; returns it when it is a simple command, undefined for a compound one. */
  private command(guards: FlowGuard<C>[]): C | undefined {
    const t = this.peekToken();
    if (t === 'if') return this.ifClause(guards);
    if (t === 'while' || t === 'until') {
      this.p++;
      this.list(guards, false);
      this.loopBody(guards);
      return undefined;
    }
    if (t === '{' || t === '(') {
      this.p++;
      this.list(guards, false);
      this.expect(t === '{' ? '}' : ')');
      return undefined;
    }
    const c = this.peekCommand();
    if (!c) throw new FlowError();
    const first = c.words[0];
    if (first === 'case' && c.words[2] === 'in') return this.caseClause(c, guards);
    this.p++;
    this.guards.set(c.command, guards);
    if (first === 'for' || first === 'select') {
      this.skipSeparators();
      this.loopBody(guards);
      return undefined;
    }
    return c.command;
  }

  private loopBody(guards: FlowGuard<C>[]): void {
    this.expect('do');
    this.list([...guards, { kind: 'loop' }], false);
    this.expect('done');
  }

  private ifClause(guards: FlowGuard<C>[]): undefined {
    this.expect('if');
    // The conditions seen so far: a later branch runs only when each of them failed.
    const failed: FlowGuard<C>[] = [];
    let branch: 'then' | 'elif' = 'then';
    for (;;) {
      const condition = this.list([...guards, ...failed], false);
      this.expect('then');
      this.list([...guards, ...failed, { kind: 'condition', condition, when: true, branch }], false);
      failed.push({ kind: 'condition', condition, when: false, branch: 'elif' });
      const t = this.peekToken();
      if (t === 'elif') {
        this.p++;
        branch = 'elif';
        continue;
      }
      if (t === 'else') {
        this.p++;
        this.list([...guards, ...failed.map((g) => ({ ...g, branch: 'else' as const }))], false);
      }
      this.expect('fi');
      return undefined;
    }
  }

  /** `case WORD in p1|p2) list ;; … esac`: the lexer splits patterns at `|` and `)`, so they arrive as commands. */
  private caseClause(c: FlowInput<C>, guards: FlowGuard<C>[]): undefined {
    this.p++;
    this.guards.set(c.command, guards);
    const earlier: string[] = [];
    let patterns: string[] = c.words.slice(3);
    for (;;) {
      if (patterns.length === 0) {
        this.skipSeparators();
        const next = this.peekCommand();
        if (next?.words[0] === 'esac' && next.words.length === 1) {
          this.p++;
          return undefined;
        }
        if (this.peekToken() === '(') this.p++;
        const first = this.peekCommand();
        if (!first) throw new FlowError();
        this.p++;
        patterns = [...first.words];
      }
      while (this.peekToken() === '|') {
        this.p++;
        const alt = this.peekCommand();
        if (!alt) throw new FlowError();
        this.p++;
        patterns.push(...alt.words);
      }
      this.expect(')');
      this.list([...guards, { kind: 'case', subject: c.command, patterns, earlier: earlier.slice() }], true);
      earlier.push(...patterns);
      patterns = [];
      if (this.peekToken() === ';;') this.p++;
      else if (this.peekCommand()?.words[0] !== 'esac') throw new FlowError();
    }
  }
}
