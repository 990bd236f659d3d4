// The build-tool commands of every stage (make, scripts, mage, task) and the context files each one reads, found
// through the stage's WORKDIR, `cd` in the same RUN and the COPY that brought the files in. Shared by the
// workspace (which reads those files from disk) and the analysis (which reads what the workspace gave it).
import type { RunInstruction, ShellCommand } from '../syntax/dockerfileModel';
import type { DockerfileTimeline } from './timelineModel';
import { toolCall, type ToolCall } from './buildTools';
import { contextDirAt, contextFilesAt, resolveIn, stagePaths, type StagePaths } from './contextPaths';
import { runMayContain } from '../syntax/dockerfileRun';

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
const TASKFILES = ['Taskfile.yml', 'taskfile.yml', 'Taskfile.yaml', 'taskfile.yaml', 'Taskfile.dist.yml', 'taskfile.dist.yml', 'Taskfile.dist.yaml', 'taskfile.dist.yaml'];
const MAY_RUN_TOOL = /make|mage|task|\.sh|\.bash/i;

export function toolInvocations(timeline: DockerfileTimeline): ToolInvocation[][] {
  let paths: StagePaths[] | undefined;
  return timeline.stages.map((st) => {
    const out: ToolInvocation[] = [];
    st.stage.instructions.forEach((ins, position) => {
      if (ins.kind !== 'RUN' || !runMayContain(ins, MAY_RUN_TOOL)) return;
      paths ??= stagePaths(timeline);
      const sp = paths[st.stage.index];
      let cwd = sp.workdirs[position];
      for (const command of ins.commands) {
        const words = command.words;
        if (words[0]?.text === 'cd') {
          cwd = words.length === 2 && !/[*?[]/.test(words[1].text) ? resolveIn(cwd, words[1].text) : undefined;
          continue;
        }
        const call = toolCall(words);
        if (!call) continue;
        const dir = call.dir !== undefined ? resolveIn(cwd, call.dir) : cwd;
        const at = (name: string) => contextFilesAt(sp, position, resolveIn(dir, name));
        let files: string[];
        if (call.open && call.tool === 'script') files = [];
        // A script run by its bare name is found through PATH, not in the working directory.
        else if (call.file !== undefined) files = call.tool === 'script' && words[call.toolWord].text === call.file && !call.file.includes('/') ? [] : at(call.file);
        else if (call.tool === 'make') files = MAKEFILES.flatMap(at);
        else if (call.tool === 'task') files = TASKFILES.flatMap(at);
        else if (call.tool === 'mage') files = at('magefile.go');
        else files = [];
        out.push({ stageIndex: st.stage.index, position, instruction: ins, command, call, files, dir: contextDirAt(sp, position, dir) });
      }
    });
    return out;
  });
}
