// Reads a Makefile the way GNU make decides what a goal runs: rules and their prerequisites, the default goal (the
// first ordinary target, or .DEFAULT_GOAL), variables expanded in recipes, `include`d files, and `$(MAKE) target`
// in recipes of the same Makefile. Conditionals are not evaluated: both branches count, which can only add commands.
// Anything make would need outside these texts to decide (a sub-make of another folder or file, a goal or a
// command named by a variable we cannot see) leaves the answer open, and the caller must not treat it as complete.
import { lexShell } from './shell';
import { MappedText } from './source';
import { closing, endsInContinuation, matchPattern, splitRuleOrAssignment, stripComment, topLevelIndex } from './makefileLines';
import { makeCommandLine, type ComputedGoal } from './makeCommandLine';

export interface MakefileText {
  /** The file's path as the messages name it (relative to the build context). */
  path: string;
  text: string;
}

/** One recipe line after variable expansion, and where it is written (line 1-based). */
export interface RecipeLine {
  text: string;
  path: string;
  line: number;
}

export interface GoalRecipes {
  lines: RecipeLine[];
  /** Some of what the goals run could not be followed: no rule for a goal, a sub-make elsewhere, a name from a variable. */
  open: boolean;
}

interface Rule {
  targets: string[];
  prereqs: string[];
  recipe: { raw: string; path: string; line: number }[];
}

const SPECIAL_TARGET = /^\.[A-Z_]+$/;
const DIRECTIVE = /^(?:ifeq|ifneq|ifdef|ifndef|else|endif|vpath|unexport|undefine)\b/;
// Functions whose value is empty (messages to the terminal); any other function is kept as written.
const EMPTY_FUNCTIONS = /^(?:info|warning|error|eval)\s/;
const MAX_EXPANSION = 64 * 1024;
const MAX_INCLUDE_DEPTH = 8;

export class Makefile {
  private readonly explicit = new Map<string, Rule[]>();
  private readonly patterns: Rule[] = [];
  private readonly vars = new Map<string, string>([
    ['MAKE', 'make'],
    ['SHELL', '/bin/sh'],
    ['CURDIR', '.'],
  ]);
  private firstTarget?: string;
  /** Variable lookups left: expansion is exponential in nesting at worst, and a Makefile is only ever read here. */
  private budget = 200_000;

  /**
   * @param include the text of a file an `include` names (its path as written, relative to make's folder), if in view.
   */
  constructor(main: MakefileText, include: (name: string) => MakefileText | undefined) {
    this.read(main, include, 0);
  }

  /** The goals make builds for `make <goals>` (none: the default goal). */
  get defaultGoal(): string | undefined {
    const set = this.vars.get('.DEFAULT_GOAL');
    return set !== undefined && set.trim() ? this.expand(set, new Map(), 0).trim() : this.firstTarget;
  }

  /** The recipe lines a `make <goals>` runs: the goals', their prerequisites', and those of sub-makes of this Makefile. */
  recipesOf(goals: readonly string[]): GoalRecipes {
    const lines: RecipeLine[] = [];
    let open = false;
    const visited = new Set<string>();
    const queue = goals.length ? [...goals] : this.defaultGoal ? [this.defaultGoal] : [];
    if (queue.length === 0) open = true;
    const named = new Set(queue);
    while (queue.length && visited.size < 2000) {
      const target = queue.shift()!;
      if (visited.has(target)) continue;
      visited.add(target);
      if (target.includes('$')) {
        open = true;
        continue;
      }
      const found = this.rulesFor(target);
      // A goal with no rule is made by a built-in rule or fails: either way not something this file shows.
      if (found.length === 0 && named.has(target)) open = true;
      for (const { rule, stem } of found) {
        const auto = new Map([
          ['@', target],
          ['<', rule.prereqs[0] ?? ''],
          ['^', rule.prereqs.join(' ')],
          ['*', stem ?? ''],
        ]);
        queue.push(...rule.prereqs.map((p) => (stem !== undefined ? p.replace('%', stem) : p)));
        for (const r of rule.recipe) {
          // `@`, `-` and `+` before a recipe line are make's, not the shell's.
          const text = this.expand(r.raw, auto, 0).replace(/^[\s@+-]+/, '');
          lines.push({ text, path: r.path, line: r.line });
          const sub = subMake(text);
          if (sub === 'open') open = true;
          else if (sub) {
            const goalsOfSub = sub.length ? sub : this.defaultGoal ? [this.defaultGoal] : [];
            if (goalsOfSub.length === 0) open = true;
            for (const g of goalsOfSub) (named.add(g), queue.push(g));
          }
        }
      }
    }
    return { lines, open };
  }

  /**
   * The targets a goal of this shape can name, in the file's order: the explicit ones that start and end so, and
   * for each pattern rule that can match such a goal, one name both fit (standing for all the goals it makes).
   * `target` is how the file writes it (`build-linux`, `build-%`).
   */
  targetsShaped(shape: ComputedGoal): { goal: string; target: string }[] {
    const { prefix, suffix } = shape;
    const fits = (t: string) => t.length >= prefix.length + suffix.length && t.startsWith(prefix) && t.endsWith(suffix);
    const out = [...this.explicit.keys()].filter((t) => !t.startsWith('.') && fits(t)).map((t) => ({ goal: t, target: t }));
    for (const rule of this.patterns) {
      const p = rule.targets[0];
      const k = p.indexOf('%');
      const [start, end] = [p.slice(0, k), p.slice(k + 1)];
      if (!(start.startsWith(prefix) || prefix.startsWith(start)) || !(end.endsWith(suffix) || suffix.endsWith(end))) continue;
      // A stem no real goal has, so that no explicit rule claims the name.
      out.push({ goal: `${start.length >= prefix.length ? start : prefix}\u2026${end.length >= suffix.length ? end : suffix}`, target: p });
    }
    return out;
  }

  /** The rules of a target: its explicit ones, else the first pattern rule that matches it (with the stem). */
  private rulesFor(target: string): { rule: Rule; stem?: string }[] {
    const rules = this.explicit.get(target);
    if (rules) return rules.map((rule) => ({ rule }));
    for (const rule of this.patterns) {
      const stem = matchPattern(rule.targets[0], target);
      if (stem !== undefined) return [{ rule, stem }];
    }
    return [];
  }

  private read(file: MakefileText, include: (name: string) => MakefileText | undefined, depth: number): void {
    const physical = file.text.split(/\r\n|\r|\n/);
    let current: Rule[] | undefined;
    let inDefine = false;
    for (let i = 0; i < physical.length; i++) {
      const start = i;
      let line = physical[i];
      // Backslash-newline joins lines (recipe lines keep it: the shell reads it as a continuation).
      while (endsInContinuation(physical[i]) && i + 1 < physical.length) line = line + '\n' + physical[++i];
      if (inDefine) {
        if (/^\s*endef\b/.test(line)) inDefine = false;
        continue;
      }
      if (line.startsWith('\t')) {
        if (current) for (const r of current) r.recipe.push({ raw: line.slice(1), path: file.path, line: start + 1 });
        continue;
      }
      const logical = stripComment(line.replace(/\\\n[ \t]*/g, ' ')).trim();
      if (logical === '') continue;
      if (DIRECTIVE.test(logical)) continue;
      const define = /^(?:(?:export|override|private)\s+)*define\s+([^\s:?+!=]+)/.exec(logical);
      if (define) {
        inDefine = true;
        current = undefined;
        continue;
      }
      const inc = /^-?(?:include|sinclude)\s+(.*)$/.exec(logical);
      if (inc) {
        current = undefined;
        for (const name of this.expand(inc[1], new Map(), 0).split(/\s+/).filter(Boolean)) {
          const f = depth < MAX_INCLUDE_DEPTH && !name.includes('$') ? include(name) : undefined;
          if (f) this.read(f, include, depth + 1);
        }
        continue;
      }
      const split = splitRuleOrAssignment(logical);
      if (split.kind === 'assignment') {
        current = undefined;
        this.assign(split.name, split.op, split.value);
        continue;
      }
      if (split.kind === 'other') {
        current = undefined;
        continue;
      }
      // A target-specific variable (`target: NAME = value`) makes no rule.
      if (splitRuleOrAssignment(split.rest).kind === 'assignment') {
        current = undefined;
        continue;
      }
      const semi = topLevelIndex(split.rest, ';');
      const prereqText = semi >= 0 ? split.rest.slice(0, semi) : split.rest;
      const targets = this.words(split.targets);
      const prereqs = this.words(prereqText).filter((w) => w !== '|');
      current = [];
      for (const t of targets) {
        const rule: Rule = { targets: [t], prereqs, recipe: [] };
        if (semi >= 0) rule.recipe.push({ raw: split.rest.slice(semi + 1), path: file.path, line: start + 1 });
        current.push(rule);
        if (t.includes('%')) this.patterns.push(rule);
        else {
          const list = this.explicit.get(t);
          if (list) list.push(rule);
          else this.explicit.set(t, [rule]);
          if (this.firstTarget === undefined && !SPECIAL_TARGET.test(t) && !t.startsWith('.')) this.firstTarget = t;
        }
      }
    }
  }

  private words(text: string): string[] {
    return this.expand(text, new Map(), 0).split(/\s+/).filter(Boolean);
  }

  private assign(name: string, op: string, value: string): void {
    const cur = this.vars.get(name);
    if (op === '?=' && cur !== undefined) return;
    if (op === '+=') this.vars.set(name, cur ? `${cur} ${value}` : value);
    // `!=` runs a shell command: its value cannot be known here.
    else if (op === '!=') this.vars.set(name, '$(shell)');
    else if (op === ':=' || op === '::=' || op === ':::=') this.vars.set(name, this.expand(value, new Map(), 0).replace(/\$/g, '$$$$'));
    else this.vars.set(name, value);
  }

  /** Make's expansion of `$(NAME)`, `${NAME}`, `$X` and `$$`; functions other than messages are kept as written. */
  private expand(text: string, auto: ReadonlyMap<string, string>, depth: number): string {
    if (!text.includes('$')) return text;
    let out = '';
    for (let i = 0; i < text.length && out.length < MAX_EXPANSION; i++) {
      const c = text[i];
      if (c !== '$') {
        out += c;
        continue;
      }
      const next = text[i + 1];
      if (next === undefined) break;
      if (next === '$') {
        out += '$';
        i++;
        continue;
      }
      if (next !== '(' && next !== '{') {
        out += this.lookup(next, auto, depth);
        i++;
        continue;
      }
      const end = closing(text, i + 1);
      const inner = text.slice(i + 2, end);
      i = end;
      if (/^[A-Za-z0-9_.@<^*?-]+$/.test(inner)) out += this.lookup(inner, auto, depth);
      else if (EMPTY_FUNCTIONS.test(inner)) continue;
      // A function or substitution reference: kept, so that a command it names stays unknown (`$` in its name).
      else out += `$(${inner})`;
    }
    return out;
  }

  private lookup(name: string, auto: ReadonlyMap<string, string>, depth: number): string {
    const a = auto.get(name);
    if (a !== undefined) return a;
    const v = this.vars.get(name);
    if (v === undefined) return '';
    return depth < 16 && --this.budget > 0 ? this.expand(v, auto, depth + 1) : '$(…)';
  }
}

/**
 * For a recipe line that runs make again: the goals it names in this Makefile ([] for its default goal), 'open' when
 * it runs another folder's or file's Makefile or names a goal through the shell; undefined when it runs no make.
 */
function subMake(line: string): string[] | 'open' | undefined {
  let goals: string[] | undefined;
  let moved = false;
  for (const cmd of lexShell(MappedText.contiguous(line, 0))) {
    const words = cmd.words.map((w) => w.text);
    // After a `cd`, make reads the Makefile of another folder.
    if (words[0] === 'cd' || words[0] === 'pushd') moved = true;
    if (words.length === 0 || !/^(?:.*\/)?g?make$/.test(words[0])) continue;
    const cl = makeCommandLine(words.slice(1));
    if (moved || cl.open || cl.file !== undefined || (cl.dir !== undefined && cl.dir !== '.')) return 'open';
    goals = [...(goals ?? []), ...cl.goals];
  }
  return goals;
}
