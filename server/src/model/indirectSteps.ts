// Indirect go steps: a RUN that runs a build tool (make, a script, mage, task) with evidence that the tool runs go.
// The evidence, strongest first: the tool's file in the build context runs a go command for what is asked of it
// (the make goal and its prerequisites, or every target a goal the shell computes can name; the script, the mage
// or task target); the RUN gives the tool Go's own variables (`GOPROXY=… make`, `make GOOS=linux`); the stage only
// builds Go (a Go image, no go command of its own, its output copied by a later stage), which makes its last
// build-tool command the one that runs go.
// A tool file in view that shows, completely, that the target runs no go command outweighs the other evidence.
// These are not go steps of the timeline: what go runs with inside the tool (its variables, its flags) is not seen,
// so only rules that need no more than "go runs here, in this image" use them.
// What the tool's files show it runs is read in buildToolFiles.ts.
import * as path from 'node:path';
import type { AnalysisContext } from './context';
import type { ParsedDockerfile } from './parsedDockerfile';
import type { Range } from '../core/types';
import type { RunInstruction, ShellCommand, Stage } from '../syntax/dockerfileModel';
import type { EnvBinding, EnvMap } from '../goenv/timelineModel';
import { BUILD_TOOL_VARIABLES, COMPILE_VARIABLES, LOCATION_VARIABLES } from '../goenv/variables';
import type { FileGoCommand } from '../goenv/buildFileCommands';
import { invocationsOfStage, type ToolInvocation } from '../goenv/toolInvocations';
import { pathsOfStage, type StagePaths } from '../goenv/contextPaths';
import { imageDefaultsAt } from './image';
import { localStageFacts, stageLabel, stageLocalFacts } from './stages';
import { BuildFiles, readTool, variablesSetIn } from './buildToolFiles';

export type IndirectEvidenceKind = 'makefile' | 'script' | 'magefile' | 'taskfile' | 'inline-env' | 'stage-output';

export interface IndirectEvidence {
  kind: IndirectEvidenceKind;
  /** The build file that runs go (context-relative) and the line of the go command in it (1-based). */
  file?: string;
  line?: number;
  /** The go command the file runs there (`go build`). */
  goCommand?: string;
  /** inline-env: the Go variables the RUN gives the tool. */
  variables?: string[];
  /** stage-output: how the stage copying this stage's output is named. */
  copiedBy?: string;
  /**
   * makefile, for a goal the shell computes: its shape (`build-*`) and the first target of that shape, every one of
   * which runs go (the go command and line are that target's).
   */
  computedGoal?: { pattern: string; target: string };
}

export interface IndirectStep {
  stageIndex: number;
  instruction: RunInstruction;
  command: ShellCommand;
  /** The tool's words as written (`make build`, `./scripts/build.sh`). */
  text: string;
  /** Range of those words. */
  range: Range;
  evidence: IndirectEvidence;
  /** It compiles the module's own packages (`go build`, `go install`, `go run`, `go test` without @version). */
  compiles: boolean;
  /** It runs a go command on the module that fetches what is missing (not in vendor mode). */
  downloads: boolean;
  /** The environment the tool starts with: the stage's at the RUN, with the variables the RUN gives the tool. */
  env: EnvMap;
  /** Go variables the tool's files set: what go sees for them is decided there, out of view. */
  setInFiles: ReadonlySet<string>;
  /** Its files show the build cache is of no use to it: every compile rebuilds all (`-a`) or `go clean -cache` runs. */
  ignoresBuildCache?: boolean;
}

const posix = path.posix;
const COMPILES = new Set(['build', 'install', 'run', 'test']);
/** go subcommands that load the build's module (go version, go doc … do not). */
export const MODULE_LOADING_SUBCOMMANDS: ReadonlySet<string> = new Set([
  'mod download',
  'mod tidy',
  'mod vendor',
  'mod graph',
  'mod why',
  'get',
  'work sync',
  'install',
  'build',
  'run',
  'test',
  'generate',
  'list',
  'vet',
]);
/**
 * Targets (and script names) that say the tool does other work than building this module: installing tools by
 * version (which ignores go.mod), front-end, images, docs, linting. Without the tool's file, such a name outweighs
 * the weaker evidence (Go variables given to it, a Go stage).
 */
const OTHER_WORK =
  /(^|[-_.:/])(tools?|lint|docs?|ui|web|frontend|js|css|npm|yarn|node_modules|clean|fmt|mocks?|protos?|swagger|assets|images?|docker|container|push|download|fetch|setup|deps|dependencies|entrypoint)([-_.:/]|$)/i;

function evidenceKind(file: string): IndirectEvidenceKind {
  if (/\.(?:sh|bash)$/.test(file)) return 'script';
  if (/\.go$/.test(file)) return 'magefile';
  if (/\.ya?ml$/i.test(file)) return 'taskfile';
  return 'makefile';
}

/** Whether a go command the tool runs fetches modules (module mode, not vendor mode). */
function downloads(g: FileGoCommand, vendored: boolean, env: EnvMap): boolean {
  if (!MODULE_LOADING_SUBCOMMANDS.has(g.subcommand)) return false;
  if (!['install', 'build', 'run', 'test', 'generate', 'list', 'vet'].includes(g.subcommand)) return true;
  const flag = g.mod ?? /(?:^|\s)-mod=(\S+)/.exec(env.get('GOFLAGS')?.value ?? '')?.[1];
  return flag === undefined ? !vendored : flag !== 'vendor';
}

/** The environment at the RUN with what the command line gives the tool (`GOPROXY=… make`, `make GOOS=linux`). */
function toolEnv(parsed: ParsedDockerfile, inv: ToolInvocation): { env: EnvMap; given: string[] } {
  const env = new Map(parsed.timeline.stages[inv.stageIndex].envBefore[inv.position] ?? []);
  const given: string[] = [];
  const set = (name: string, value: string, range: Range, valueRange: Range) => {
    const b: EnvBinding = { name, value, raw: value, origin: { kind: 'prefix', range, valueRange, stageIndex: inv.stageIndex, instruction: inv.instruction } };
    env.set(name, b);
    if (BUILD_TOOL_VARIABLES.has(name) && !given.includes(name)) given.push(name);
  };
  for (const a of inv.command.prefixAssignments) set(a.name, a.value ?? '', a.range, a.valueRange);
  for (const k of inv.call.assignments) {
    const w = inv.command.words[k];
    const eq = w.text.indexOf('=');
    set(w.text.slice(0, eq).replace(/[:+?!]$/, ''), w.text.slice(eq + 1), w.range, w.subRange(eq + 1, w.text.length));
  }
  return { env, given };
}

function namesOtherWork(inv: ToolInvocation): boolean {
  const names = inv.call.tool === 'script' ? [posix.basename(inv.call.file ?? '').replace(/\.(?:sh|bash)$/, '')] : inv.call.targets;
  // `make clean build` still builds: only a command all of whose targets name other work is set aside.
  return names.length > 0 && names.every((n) => OTHER_WORK.test(n));
}

/** The label of a later stage that copies files out of this one (`COPY --from=<name or index>`), if any. */
function copiedBy(parsed: ParsedDockerfile, stage: Stage): string | undefined {
  for (const later of parsed.model.stages.slice(stage.index + 1)) {
    for (const ins of later.instructions) {
      if ((ins.kind === 'COPY' || ins.kind === 'ADD') && ins.from !== undefined) {
        const from = ins.from.toLowerCase();
        if (from === stage.name || from === String(stage.index)) return stageLabel(later);
      }
    }
  }
  return undefined;
}

function stepOf(
  inv: ToolInvocation,
  evidence: IndirectEvidence,
  compiles: boolean,
  downloadsModules: boolean,
  env: EnvMap,
  setInFiles: ReadonlySet<string>,
): IndirectStep {
  const words = inv.command.words;
  const first = words[inv.call.toolWord];
  const last = words[Math.max(inv.call.lastWord, inv.call.toolWord)] ?? first;
  return {
    stageIndex: inv.stageIndex,
    instruction: inv.instruction,
    command: inv.command,
    text:
      words
        .slice(inv.call.toolWord, inv.call.lastWord + 1)
        .filter((_, k) => !inv.call.assignments.includes(inv.call.toolWord + k))
        .map((w) => w.text)
        .join(' ') || first.text,
    range: { start: first.range.start, end: last.range.end },
    evidence,
    compiles,
    downloads: downloadsModules,
    env,
    setInFiles,
  };
}

// A stage's working directories and copies, and its build-tool commands, read the stage and the stages it builds on:
// kept per stage, so a keystroke looks for the tools of the stage it touched only.
const stagePathFacts = localStageFacts<StagePaths>();
const stageInvocationFacts = localStageFacts<ToolInvocation[]>();

/** The build-tool commands of every stage (by stage index): make, scripts, mage, task, and the context files each reads. */
export function stageToolInvocations(parsed: Pick<ParsedDockerfile, 'timeline'>): readonly ToolInvocation[][] {
  return stageLocalFacts(parsed, stageInvocationFacts, (st) =>
    invocationsOfStage(st, () => stageLocalFacts(parsed, stagePathFacts, pathsOfStage)[st.stage.index]),
  );
}

/** The indirect go steps of every stage (by stage index), worked out once per analysis. */
export function indirectSteps(ctx: AnalysisContext): IndirectStep[][] {
  return ctx.memo('indirectSteps', () => {
    const parsed = ctx.dockerfile;
    if (!parsed) return [];
    const files = new BuildFiles(ctx.req.related.buildScripts ?? []);
    const vendored = !!ctx.req.related.vendorDir;
    return stageToolInvocations(parsed).map((invs, stageIndex) => {
      const steps: IndirectStep[] = [];
      const unexplained: ToolInvocation[] = [];
      for (const inv of invs) {
        const read = readTool(inv, files);
        const { env, given } = toolEnv(parsed, inv);
        const setInFiles = variablesSetIn(read?.texts ?? []);
        // Go commands on this module: `go install tool@v` and `go run tool@v` build another module and ignore go.mod.
        // With several runs it may be (a computed make goal), what holds for every one of them.
        const gos = read?.runs.map((r) => r.run.go.filter((g) => MODULE_LOADING_SUBCOMMANDS.has(g.subcommand) && !g.versioned)) ?? [];
        if (gos.length > 0 && gos.every((go) => go.length > 0)) {
          const go = gos[0];
          const own = go.filter((g) => COMPILES.has(g.subcommand));
          const shown = own[0] ?? go[0];
          const evidence: IndirectEvidence = { kind: evidenceKind(shown.path), file: shown.path, line: shown.line, goCommand: shown.text };
          const target = read!.runs[0].target;
          if (read!.pattern !== undefined && target !== undefined) evidence.computedGoal = { pattern: read!.pattern, target };
          const compiles = gos.every((g) => g.some((x) => COMPILES.has(x.subcommand)));
          const step = stepOf(
            inv,
            evidence,
            compiles,
            gos.every((g) => g.some((x) => downloads(x, vendored, env))),
            env,
            setInFiles,
          );
          if (read!.runs.every(({ run }) => run.cleansBuildCache || run.go.every((g) => !COMPILES.has(g.subcommand) || g.versioned || g.rebuildsAll)))
            step.ignoresBuildCache = true;
          steps.push(step);
          continue;
        }
        // The file in view shows all the target runs, and go is not among it.
        if (read && read.runs.every((r, k) => !r.run.open && gos[k].length === 0)) continue;
        // Without its file, a tool is known to work on this build context's sources only when its file or its
        // folder came from the context (not from a clone or a download of another project), and to build them
        // only when what it is asked for does not name other work.
        const inContext = (inv.files.length > 0 || inv.dir !== undefined) && !namesOtherWork(inv);
        // Where go puts things: given to a tool, they say go runs, not that it builds this module (`go install x@v`).
        const telling = given.filter((n) => !LOCATION_VARIABLES.has(n));
        if (telling.length > 0 && inContext) {
          const off = env.get('GO111MODULE')?.value.trim().toLowerCase() === 'off';
          steps.push(
            stepOf(
              inv,
              { kind: 'inline-env', variables: telling },
              telling.some((n) => COMPILE_VARIABLES.has(n)),
              !off,
              env,
              setInFiles,
            ),
          );
          continue;
        }
        unexplained.push(inv);
      }
      // A Go stage with no go command of its own whose output a later stage copies: its one build-tool command
      // (mapped to the context) is what builds it. With several, which one runs go is not known.
      const st = parsed.timeline.stages[stageIndex];
      const only = unexplained.length === 1 ? unexplained[0] : undefined;
      if (
        only &&
        (only.files.length > 0 || only.dir !== undefined) &&
        !namesOtherWork(only) &&
        steps.length === 0 &&
        st.goSteps.length === 0 &&
        imageDefaultsAt(parsed, stageIndex) !== undefined
      ) {
        const by = copiedBy(parsed, st.stage);
        if (by !== undefined) {
          const { env } = toolEnv(parsed, only);
          steps.push(stepOf(only, { kind: 'stage-output', copiedBy: by }, true, true, env, variablesSetIn(readTool(only, files)?.texts ?? [])));
        }
      }
      return steps;
    });
  });
}
