// The build-tool commands of a stage (make, scripts, mage, task) and the context files each one reads, found
// through the stage's WORKDIR, `cd` in the same RUN and the COPY that brought the files in. Shared by the
// workspace (which reads those files from disk) and the analysis (which reads what the workspace gave it).
import type { RunInstruction, ShellCommand } from '../syntax/dockerfileModel';
import type { EnvMap, StageTimeline } from './timelineModel';
import { toolCall, type ToolCall } from './buildTools';
import { contextDirAt, contextFilesAt, resolveIn, type StagePaths } from './contextPaths';
import { runMayContain } from '../syntax/dockerfileRun';
import { expandShellValue } from '../syntax/dockerWords';

export interface ToolInvocation {
  stageIndex: number;
  /** Position of the RUN in its stage. */
  position: number;
  instruction: RunInstruction;
  command: ShellCommand;
  call: ToolCall;
  /** Context-relative files the tool may read, best first (the first that exists is the one): empty when unknown. */
  files: string[];
  /** Context-relative folder the tool runs in ('.' for the context itself), when a copy of a whole folder put it there. */
  dir?: string;
}

const MAKEFILES = ['GNUmakefile', 'makefile', 'Makefile'];
const TASKFILES = [
  'Taskfile.yml',
  'taskfile.yml',
  'Taskfile.yaml',
  'taskfile.yaml',
  'Taskfile.dist.yml',
  'taskfile.dist.yml',
  'Taskfile.dist.yaml',
  'taskfile.dist.yaml',
];
const MAY_RUN_TOOL = /make|mage|task|\.sh|\.bash/i;
/** Commands whose words name shell variables they set (`export X=1`, `read X`, `for X in …`). */
const SETS_NAMED = new Set(['export', 'declare', 'typeset', 'local', 'readonly', 'read', 'for', 'unset', 'set']);

/**
 * The value the shell gives `$name` in a RUN: what ENV or an ARG with a default set (an ARG without one is the
 * build's to give), unless the RUN itself set it before. Undefined when unknown.
 */
function knownValue(env: EnvMap, setInRun: ReadonlySet<string>, name: string, depth = 0): string | undefined {
  const b = env.get(name);
  if (!b || setInRun.has(name) || setInRun.has('*') || depth > 8) return undefined;
  if (b.origin.kind !== 'env' && b.origin.kind !== 'inherited' && b.origin.kind !== 'arg') return undefined;
  if (b.origin.kind === 'arg' && b.raw === '') return undefined;
  // A value written with variables is known when they are (unset ones expanded to nothing).
  for (const m of b.raw.matchAll(/\$\{?([A-Za-z_][A-Za-z0-9_]*)/g)) if (knownValue(env, setInRun, m[1], depth + 1) === undefined) return undefined;
  return /`|\$\(/.test(b.raw) ? undefined : b.value;
}

/** Names a command sets in the shell running it, for the commands after it ('*': any, a sourced script's). */
function namesSet(command: ShellCommand): string[] {
  const words = command.words.map((w) => w.text);
  if (words.length === 0) return command.prefixAssignments.map((a) => a.name);
  if (words[0] === '.' || words[0] === 'source' || words[0] === 'eval') return ['*'];
  if (!SETS_NAMED.has(words[0])) return [];
  return words
    .slice(1)
    .map((w) => /^[A-Za-z_][A-Za-z0-9_]*/.exec(w)?.[0])
    .filter((n): n is string => n !== undefined);
}

/**
 * The build-tool commands of one stage. `paths` gives the stage's working directories and copies (they read the
 * stages it builds on); asked only when a RUN of the stage may run a tool, as most do not.
 */
export function invocationsOfStage(st: StageTimeline, paths: () => StagePaths): ToolInvocation[] {
  const out: ToolInvocation[] = [];
  st.stage.instructions.forEach((ins, position) => {
    if (ins.kind !== 'RUN' || !runMayContain(ins, MAY_RUN_TOOL)) return;
    const sp = paths();
    let cwd = sp.workdirs[position];
    const setInRun = new Set<string>();
    const lookup = (name: string) => knownValue(st.envBefore[position], setInRun, name);
    for (const command of ins.commands) {
      const words = command.words;
      if (words[0]?.text === 'cd') {
        // `cd /go/src/${SRC}` goes where ENV/ARG say; a variable whose value is not known leads nowhere we know.
        const to = words.length === 2 && !/[*?[]/.test(words[1].text) ? expandShellValue(words[1].text, lookup) : undefined;
        cwd = resolveIn(cwd, to);
        continue;
      }
      for (const n of namesSet(command)) setInRun.add(n);
      const call = toolCall(words);
      if (!call) continue;
      const dir = call.dir !== undefined ? resolveIn(cwd, call.dir) : cwd;
      const at = (name: string) => contextFilesAt(sp, position, resolveIn(dir, name));
      let files: string[];
      if (call.open && call.tool === 'script') files = [];
      // A script run by its bare name is found through PATH, not in the working directory.
      else if (call.file !== undefined)
        files = call.tool === 'script' && words[call.toolWord].text === call.file && !call.file.includes('/') ? [] : at(call.file);
      else if (call.tool === 'make') files = MAKEFILES.flatMap(at);
      else if (call.tool === 'task') files = TASKFILES.flatMap(at);
      else if (call.tool === 'mage') files = at('magefile.go');
      else files = [];
      out.push({ stageIndex: st.stage.index, position, instruction: ins, command, call, files, dir: contextDirAt(sp, position, dir) });
    }
  });
  return out;
}
