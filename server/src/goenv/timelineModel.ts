// The Go environment in effect at every step of every stage. Produced by buildTimeline() in timeline.ts.
import type { Range } from '../core/types';
import type { GivenBuildArg } from '../core/buildArgs';
import type { Instruction, RunInstruction, ShellCommand, ShellWord, Stage } from '../syntax/dockerfileModel';

/** Where a variable's value came from. */
export type OriginKind =
  | 'env' // ENV in this stage
  | 'arg' // ARG in this stage or one it builds on (its default, the global default for `ARG NAME`, or a build argument: see buildArg)
  | 'inherited' // ENV of a stage this stage builds on (FROM <stage>), transitively
  | 'go-env-w' // `go env -w` in an earlier RUN of this stage or a stage it builds on
  | 'prefix' // `NAME=value go …` on the step itself
  | 'default'; // not set: the go command's default applies

export interface Origin {
  kind: OriginKind;
  /** Range of the assignment (NAME=value) that set it; absent for 'default'. */
  range?: Range;
  /** Range of the value; absent for 'default'. */
  valueRange?: Range;
  /** Stage where it was set (index); absent for 'default'. */
  stageIndex?: number;
  /** The instruction that set it. */
  instruction?: Instruction;
  /**
   * For an ARG (kind 'arg', or a global one): the build argument that gave it its value, over any default. The value
   * is then not written in the Dockerfile, and no edit of the Dockerfile changes it.
   */
  buildArg?: GivenBuildArg;
}

export interface EnvBinding {
  name: string;
  /** The value after Docker's variable expansion (unresolvable references expand to ''). */
  value: string;
  /** The value as written (before expansion). */
  raw: string;
  origin: Origin;
}

/** Variables in effect: name -> binding. Only variables that are set; use effectiveGoEnv() for defaults. */
export type EnvMap = ReadonlyMap<string, EnvBinding>;

export type GoSubcommand =
  | 'mod download'
  | 'mod tidy'
  | 'mod vendor'
  | 'mod graph'
  | 'mod why'
  | 'mod verify'
  | 'get'
  | 'install'
  | 'build'
  | 'run'
  | 'test'
  | 'generate'
  | 'list'
  | 'vet'
  | 'work sync'
  | 'env -w'
  | 'other';

/** A `go …` command inside a RUN. */
export interface GoStep {
  stageIndex: number;
  instruction: RunInstruction;
  command: ShellCommand;
  subcommand: GoSubcommand;
  /** Range of the words `go mod download` (command name through subcommand). */
  range: Range;
  /** Arguments after the subcommand. */
  args: ShellWord[];
  /** True when this command may download modules (module mode, not -mod=vendor, a downloading subcommand). */
  downloads: boolean;
  /** Environment in effect for this command: ENV/ARG/inherited/go env -w plus the step's own prefixes. */
  env: EnvMap;
  /** What the RUN itself set for this command (`export`, `env NAME=…`, prefixes), when anything. */
  setInRun?: readonly EnvBinding[];
  /** The command runs under a shell condition not decided here (`if [ -f x ]; then go …`): it may never run. */
  mayNotRun?: boolean;
}

/** `go env -w NAME=value` found in a RUN. */
export interface GoEnvWrite {
  stageIndex: number;
  instruction: RunInstruction;
  name: string;
  /** The value after the shell's expansion of the variables it can see (ARG/ENV and earlier exports). */
  value: string;
  /** The value as written (quotes removed). */
  raw: string;
  /** False when the shell's result cannot be known here (a command substitution, a variable set outside the Dockerfile). */
  known: boolean;
  range: Range;
  valueRange: Range;
}

export interface StageTimeline {
  stage: Stage;
  /** Index of the stage this one builds on (FROM <stage>), if any. */
  baseStageIndex?: number;
  /** Image after expanding ARG references (`golang:1.22-alpine`); undefined when it builds on a stage. */
  resolvedImage?: string;
  /** The environment in effect just before each instruction of the stage (same order as stage.instructions). */
  envBefore: EnvMap[];
  /** The environment of the image at the end of the stage: ENV and go env -w (a child stage also gets the ARGs in scope). */
  envAtEnd: EnvMap;
  goSteps: GoStep[];
  goEnvWrites: GoEnvWrite[];
  /**
   * The bindings of this stage whose value a build argument gives (origin.buildArg set): its ARGs, and the ENV,
   * `go env -w`, export and prefix assignments written as exactly `$NAME` of such an ARG.
   */
  givenArgs: EnvBinding[];
}

export interface DockerfileTimeline {
  stages: StageTimeline[];
  /** Global ARG defaults (before the first FROM), name -> value (expanded). */
  globalArgs: ReadonlyMap<string, EnvBinding>;
}
