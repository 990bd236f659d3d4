// What a build tool's files in the build context show it runs: the make goal and its prerequisites (or, for a goal the
// shell computes, every target of its shape), the script, the mage or task target, and the scripts these call in turn.
// A file not in view, or a call that cannot be followed, leaves the run open.
import * as path from 'node:path';
import type { BuildScript } from '../core/request';
import { Makefile } from '../syntax/makefile';
import { isTooLarge } from '../core/limits';
import { BUILD_TOOL_VARIABLES } from '../goenv/variables';
import { emptyRun, mergeRun, shellTextRun, taskfileRun, type FileRun } from '../goenv/buildFileCommands';
import { magefileRun } from '../goenv/magefile';
import type { ToolInvocation } from '../goenv/toolInvocations';

const posix = path.posix;
const MAX_SCRIPT_DEPTH = 3;

/**
 * What a tool's files show it runs, and the texts they were read from; undefined when its file is not in view.
 * For a make goal the shell computes (`build-$(…)`), one run per target it can name: which one runs is not known.
 */
export interface ToolRead {
  runs: { run: FileRun; target?: string }[];
  texts: string[];
  /** The computed goal's shape, when `runs` are the targets it can name. */
  pattern?: string;
}

/** The build files the request gives (Makefiles, scripts, magefiles, Taskfiles), by their path in the context. */
export class BuildFiles {
  private readonly byPath = new Map<string, BuildScript>();
  constructor(files: readonly BuildScript[]) {
    // Too large a text is not read, as no analysed document is.
    for (const f of files) if (!this.byPath.has(f.contextPath) && !isTooLarge(f.text)) this.byPath.set(f.contextPath, f);
  }
  get(p: string): BuildScript | undefined {
    return this.byPath.get(posix.normalize(p));
  }
  first(candidates: readonly string[]): BuildScript | undefined {
    for (const c of candidates) {
      const f = this.get(c);
      if (f) return f;
    }
    return undefined;
  }
  under(dir: string): BuildScript[] {
    const prefix = dir === '.' ? '' : `${dir}/`;
    return [...this.byPath.values()].filter((f) => f.contextPath.startsWith(prefix) && !f.contextPath.slice(prefix.length).includes('/'));
  }
}

/** Follows the scripts a run names (relative to `dir`), merging what they run; one not in view leaves it open. */
function followScripts(run: FileRun, dir: string | undefined, files: BuildFiles, texts: string[], depth: number): void {
  const scripts = run.scripts.splice(0);
  for (const s of scripts) {
    const f = depth < MAX_SCRIPT_DEPTH && dir !== undefined && !s.file.startsWith('/') ? files.get(posix.join(dir, s.file)) : undefined;
    if (!f) {
      run.open = true;
      continue;
    }
    texts.push(f.text);
    const inner = shellTextRun(f.text, f.contextPath, 1);
    followScripts(inner, dir, files, texts, depth + 1);
    mergeRun(run, inner);
  }
}

/** What the tool a RUN invokes runs, read from its files in view. */
export function readTool(inv: ToolInvocation, files: BuildFiles): ToolRead | undefined {
  const { call } = inv;
  const texts: string[] = [];
  if (call.tool === 'mage') {
    const found = [
      files.first(inv.files),
      ...(inv.dir !== undefined ? files.under(posix.join(inv.dir, 'magefiles')).filter((f) => f.contextPath.endsWith('.go')) : []),
    ].filter((f): f is BuildScript => !!f);
    if (found.length === 0) return undefined;
    return {
      runs: [
        {
          run: call.open
            ? emptyRun(true)
            : magefileRun(
                found.map((f) => ({ path: f.contextPath, text: f.text })),
                call.targets,
              ),
        },
      ],
      texts: found.map((f) => f.text),
    };
  }
  const file = files.first(inv.files);
  if (!file) return undefined;
  texts.push(file.text);
  // make, mage and task run in the folder of their file (unless told another file); a script in the RUN's.
  const dir = call.tool !== 'script' && call.file === undefined ? posix.dirname(file.contextPath) : inv.dir;
  const read: ToolRead = { runs: [], texts };
  if (call.tool === 'script') read.runs.push({ run: shellTextRun(file.text, file.contextPath, 1) });
  else if (call.tool === 'task') read.runs.push({ run: call.open ? emptyRun(true) : taskfileRun({ path: file.contextPath, text: file.text }, call.targets) });
  else {
    const makefile = new Makefile({ path: file.contextPath, text: file.text }, (name) => {
      const f = dir === undefined ? undefined : files.get(posix.join(dir, name));
      if (f) texts.push(f.text);
      return f && { path: f.contextPath, text: f.text };
    });
    const runOf = (goals: readonly string[]) => {
      const recipes = makefile.recipesOf(goals);
      const run = emptyRun(recipes.open);
      for (const l of recipes.lines) mergeRun(run, shellTextRun(l.text, l.path, l.line, true));
      return run;
    };
    const [shape, ...more] = call.computedGoals ?? [];
    if (!call.open) read.runs.push({ run: runOf(call.targets) });
    else if (shape && more.length === 0) {
      // One goal the shell computes: each target of its shape is a run it may be.
      read.pattern = `${shape.prefix}*${shape.suffix}`;
      for (const t of makefile.targetsShaped(shape)) read.runs.push({ run: runOf([...call.targets, t.goal]), target: t.target });
      if (read.runs.length === 0) read.runs.push({ run: emptyRun(true) });
    } else read.runs.push({ run: emptyRun(true) });
  }
  for (const r of read.runs) followScripts(r.run, dir, files, texts, 1);
  return read;
}

/** The Go variables the tool's files set: what go sees for them is decided there, out of view. */
export function variablesSetIn(texts: readonly string[]): Set<string> {
  const out = new Set<string>();
  for (const name of BUILD_TOOL_VARIABLES) if (texts.some((t) => t.includes(name) && setsVariable(t, name))) out.add(name);
  return out;
}

/**
 * Whether a build file's text sets a variable: an assignment (make's `NAME := …`, `?=`, `+=`, `!=`; the shell's
 * `NAME=…`, `export NAME=…`, a command prefix; `go env -w NAME=…`), a Taskfile's `NAME: …` or a magefile's
 * `os.Setenv("NAME", …)`. Reading it (`$(GOPATH)/bin`, `$$(go env GOMODCACHE)`) does not, nor does setting it to
 * go's own value (`GOPATH := $(shell go env GOPATH)`).
 */
function setsVariable(text: string, name: string): boolean {
  if (text.includes(`Setenv("${name}"`)) return true;
  const own = new RegExp(`^\\s*["']?\\$\\(\\s*(?:shell\\s+)?go\\s+env\\s+${name}\\s*\\)["']?\\s*$`);
  for (const m of text.matchAll(new RegExp(`(?:^|[^\\w$({])${name}[ \\t]*(?:[:?+!]?=|:[ \\t])([^\\n]*)`, 'g'))) if (!own.test(m[1])) return true;
  return false;
}
