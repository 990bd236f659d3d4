// Commands that run a build tool which may run go out of sight: make, a shell script, mage, task. Recognised in a
// RUN, in a Makefile recipe or in a script, through the same wrappers as a go command (`env A=1 make`, `sudo make`).
import { peelWrappers } from './goCommand';
import { isShellName } from '../syntax/shell';
import { makeCommandLine, type ComputedGoal } from '../syntax/makeCommandLine';

export type BuildTool = 'make' | 'script' | 'mage' | 'task';

export interface ToolCall {
  tool: BuildTool;
  /** Index of the tool's word (`make`, `./build.sh`, `bash` of `bash build.sh`). */
  toolWord: number;
  /** Index of the last word that says what it runs (its last target, or the script). */
  lastWord: number;
  /** Targets named (make goals, mage/task targets); empty: the default one. */
  targets: string[];
  /** A target or path the shell decides (`make $TARGET`): which one runs is unknown. */
  open: boolean;
  /** make: when all the shell decides is goals with a literal start or end, their shapes (`build-*`). */
  computedGoals?: ComputedGoal[];
  /** The file the tool reads, as written: the script, `make -f file`, `task -t file`. */
  file?: string;
  /** The folder the tool changes to first: `make -C dir`, `mage -d dir`, `task -d dir`. */
  dir?: string;
  /** Indexes of `NAME=value` words given to the tool (`env` wrapper, make and task variables). */
  assignments: number[];
}

const MAKE = /^(?:.*\/)?g?make$/;
const MAGE = /^(?:.*\/)?mage$/;
const TASK = /^(?:.*\/)?(?:task|go-task)$/;
const SCRIPT = /\.(?:sh|bash)$/;
const ASSIGNMENT = /^[A-Za-z_][A-Za-z0-9_]*=/;

/** The build tool a command runs, if any. */
export function toolCall(words: readonly { text: string }[]): ToolCall | undefined {
  const peeled = peelWrappers(words);
  const i = peeled.start;
  const name = words[i]?.text;
  if (name === undefined) return undefined;
  const args = words.slice(i + 1).map((w) => w.text);
  const base = { toolWord: i, assignments: peeled.envAssignments };
  if (MAKE.test(name)) {
    const cl = makeCommandLine(args);
    return {
      ...base,
      tool: 'make',
      lastWord: i + 1 + Math.max(cl.last, -1),
      targets: cl.goals,
      open: cl.open,
      computedGoals: cl.computedGoals,
      file: cl.file,
      dir: cl.dir,
      assignments: [...base.assignments, ...cl.vars.map((k) => i + 1 + k)],
    };
  }
  if (MAGE.test(name) || TASK.test(name)) return targetTool(MAGE.test(name) ? 'mage' : 'task', i, args, base.assignments);
  if (SCRIPT.test(name) && !/[$`]/.test(name)) return { ...base, tool: 'script', lastWord: i, targets: [], open: false, file: name };
  // `sh build.sh`, `bash -e ./hack/build.sh`, `. ./env.sh`
  if (isShellName(name) || name === '.' || name === 'source') {
    for (let k = 0; k < args.length; k++) {
      const a = args[k];
      if (/^-[A-Za-z]*c[A-Za-z]*$/.test(a)) return undefined; // `sh -c '…'`: its commands are read as commands
      if (a === '-o' || a === '+o') k++;
      else if (a.startsWith('-') || a.startsWith('+')) continue;
      else if (SCRIPT.test(a) || a.includes('/'))
        return { ...base, tool: 'script', toolWord: i, lastWord: i + 1 + k, targets: [], open: /[$`]/.test(a), file: a };
      else return undefined;
    }
  }
  return undefined;
}

const TARGET_TOOL_OPTIONS: Record<'mage' | 'task', { dir: string[]; file: string[]; withValue: string[] }> = {
  mage: { dir: ['-d', '-w'], file: [], withValue: ['-t', '-goos', '-goarch', '-ldflags', '-gocmd', '-tags'] },
  task: { dir: ['-d', '--dir'], file: ['-t', '--taskfile'], withValue: ['-o', '--output', '-C', '--concurrency', '--interval', '-I'] },
};

/** mage options that run no target: listing, help, version, scaffolding, cleaning its cache, compiling a binary. */
const MAGE_RUNS_NO_TARGET = /^--?(?:l|h|help|version|init|clean|compile)(?:=|$)/;

function targetTool(tool: 'mage' | 'task', i: number, args: readonly string[], envAssignments: number[]): ToolCall | undefined {
  const opts = TARGET_TOOL_OPTIONS[tool];
  const call: ToolCall = { tool, toolWord: i, lastWord: i, targets: [], open: false, assignments: [...envAssignments] };
  for (let k = 0; k < args.length; k++) {
    const a = args[k];
    const eq = a.indexOf('=');
    const flag = a.startsWith('-') && eq > 0 ? a.slice(0, eq) : a;
    const value = a.startsWith('-') && eq > 0 ? a.slice(eq + 1) : args[k + 1];
    if (a === '--') break; // task: what follows goes to the commands as CLI_ARGS
    if (tool === 'mage' && MAGE_RUNS_NO_TARGET.test(a)) return undefined;
    if (opts.dir.includes(flag) || opts.file.includes(flag)) {
      if (opts.dir.includes(flag)) call.dir = value;
      else call.file = value;
      if (value === undefined || /[$`]/.test(value)) call.open = true;
      if (eq < 0) k++;
    } else if (opts.withValue.includes(flag)) {
      if (eq < 0) k++;
    } else if (a.startsWith('-')) continue;
    else if (tool === 'task' && ASSIGNMENT.test(a)) {
      call.assignments.push(i + 1 + k);
      call.lastWord = i + 1 + k;
    } else {
      if (/[$`{]/.test(a)) call.open = true;
      else call.targets.push(a);
      call.lastWord = i + 1 + k;
    }
  }
  return call;
}
