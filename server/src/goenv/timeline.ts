// The Go environment in effect before every instruction and at every go command of every stage, following
// Docker's rules: global ARGs are visible only in FROM lines unless a stage re-declares them; ENV beats ARG;
// a stage `FROM <stage>` inherits that stage's ENV, its `go env -w` file and, as BuildKit builds it, its ARGs; `go env -w`
// values count only where no (non-empty) environment variable of the same name is set, as in the go command.
// What a RUN sets and the go commands it runs are timelineRun.ts's; the state of a stage, timelineState.ts's.
import type { ArgInstruction, DockerfileModel } from '../syntax/dockerfileModel';
import { expandDockerVariables, expandParts, UNKNOWN_VALUE } from '../syntax/dockerWords';
import { buildArgsKey, type BuildArgs, type GivenBuildArg } from '../core/buildArgs';
import { sameElements } from '../core/memo';
import type { DockerfileTimeline, EnvBinding, EnvMap, GoEnvWrite, GoStep, StageTimeline } from './timelineModel';
import { runMayContain } from '../syntax/dockerfileRun';
import { binding, changed, dockerLookup, noteRelay, relayedBuildArg, startState, type Bindings, type StageState } from './timelineState';
import { runStep } from './timelineRun';

// A RUN that cannot spell `go` runs no go command, and what it exports is gone when it ends: it changes nothing here.
const MAY_RUN_GO = /go/i;

export interface TimelineOptions {
  /** vendor/modules.txt exists next to go.mod: build commands use vendor mode unless -mod says otherwise. */
  vendored?: boolean;
  /** The build arguments the build passes: each gives its value to the ARG of its name, over the ARG's default. */
  buildArgs?: BuildArgs;
}

/** What a later build of the timeline needs to take stages over from this one. */
interface Reusable {
  globalArgs: readonly ArgInstruction[];
  vendored: boolean;
  buildArgs: string;
  states: StageState[];
  /** Each stage's FROM image with the global ARGs expanded, lower-cased (the name of the stage it builds on, if any). */
  imageKeys: string[];
}

/** A build argument's value as the timeline holds it: one that cannot be known where it is written is unknown here too. */
function givenValue(given: GivenBuildArg): string {
  return given.known ? given.value : UNKNOWN_VALUE;
}

/** The build argument of a name (own properties only: `constructor` is no build argument). */
function givenArg(args: BuildArgs | undefined, name: string): GivenBuildArg | undefined {
  return args && Object.prototype.hasOwnProperty.call(args, name) ? args[name] : undefined;
}
const reusableStages = new WeakMap<DockerfileTimeline, Reusable>();

/** A timeline built from an earlier one of the same document, with the indexes of the stages it did not take over. */
export interface TimelineChange {
  previous: DockerfileTimeline;
  rebuilt: readonly number[];
}

// Held weakly: a timeline keeps no earlier one alive, and what is kept per stage holds no chain of timelines.
const changes = new WeakMap<DockerfileTimeline, { previous: WeakRef<DockerfileTimeline>; rebuilt: readonly number[] }>();

/**
 * How `timeline` was built from the timeline before it, while that one is alive: every stage outside `rebuilt` is the
 * earlier timeline's stage of the same index, and so are the stages it builds on. What is kept per stage can then be
 * taken over by index, without a look at each stage.
 */
export function timelineChange(timeline: DockerfileTimeline): TimelineChange | undefined {
  const change = changes.get(timeline);
  const previous = change?.previous.deref();
  return previous && { previous, rebuilt: change!.rebuilt };
}

/**
 * The environment timeline of every stage. With `previous` (the timeline of an earlier parse of the same
 * document, see parseDockerfile's reuse), a stage whose Stage object, global ARGs and base stage are all
 * unchanged is taken over as it was: its timeline is a function of exactly those.
 */
export function buildTimeline(model: DockerfileModel, options: TimelineOptions = {}, previous?: DockerfileTimeline): DockerfileTimeline {
  const vendored = !!options.vendored;
  const buildArgs = options.buildArgs;
  const argsKey = buildArgsKey(buildArgs);
  const before = previous ? reusableStages.get(previous) : undefined;
  // The build arguments reach every stage that declares an ARG: a stage is reused only with the same ones.
  const sameGlobals = !!before && before.vendored === vendored && before.buildArgs === argsKey && sameElements(before.globalArgs, model.globalArgs);
  const reused: boolean[] = [];
  const rebuilt: number[] = [];
  const globals: Bindings = new Map();
  for (const ins of model.globalArgs) {
    for (const a of ins.args) {
      const given = givenArg(buildArgs, a.name);
      const value = given ? givenValue(given) : a.value === undefined ? (globals.get(a.name)?.value ?? '') : expandParts(a.parts, (n) => globals.get(n)?.value);
      globals.set(
        a.name,
        binding(a.name, value, a.value ?? '', { kind: 'arg', range: a.range, valueRange: a.valueRange, stageIndex: -1, instruction: ins, buildArg: given }),
      );
    }
  }
  const states: StageState[] = [];
  const stages: StageTimeline[] = [];
  const byName = new Map<string, number>();
  const imageKeys: string[] = [];
  for (const stage of model.stages) {
    const then = sameGlobals ? previous!.stages[stage.index] : undefined;
    // The same FROM line under the same global ARGs names the same image: a keystroke elsewhere expands no FROM again.
    const kept = then && then.stage === stage ? before!.imageKeys[stage.index] : undefined;
    const imageRef = kept === undefined ? expandDockerVariables(stage.from.image.text, (n) => globals.get(n)?.value) : undefined;
    const imageKey = kept ?? imageRef!.toLowerCase();
    imageKeys.push(imageKey);
    const base = byName.get(imageKey);
    if (then && then.stage === stage && then.baseStageIndex === base && (base === undefined || reused[base])) {
      reused.push(true);
      states.push(before!.states[stage.index]);
      stages.push(then);
      if (stage.name) byName.set(stage.name, stage.index);
      continue;
    }
    reused.push(false);
    rebuilt.push(stage.index);
    const st = startState(stage.index, base !== undefined ? states[base] : undefined);
    const envBefore: EnvMap[] = [];
    const goSteps: GoStep[] = [];
    const goEnvWrites: GoEnvWrite[] = [];
    const givenArgs: EnvBinding[] = [];
    const instructions = stage.instructions;
    for (let i = 0; i < instructions.length; i++) {
      const ins = instructions[i];
      // The map is persistent: instructions that change nothing share it, and a snapshot costs nothing.
      envBefore.push(st.view);
      if (ins.kind === 'ARG') {
        for (const a of ins.args) {
          // Docker: a build argument of the name gives the value; else the default, else the global ARG's value.
          const given = givenArg(buildArgs, a.name);
          const value = given ? givenValue(given) : a.value === undefined ? (globals.get(a.name)?.value ?? '') : expandParts(a.parts, dockerLookup(st));
          const b = binding(a.name, value, a.value ?? globals.get(a.name)?.raw ?? '', {
            kind: 'arg',
            range: a.range,
            valueRange: a.valueRange,
            stageIndex: stage.index,
            instruction: ins,
            buildArg: given,
          });
          if (given) givenArgs.push(b);
          st.args = st.args.set(a.name, b);
          changed(st, a.name);
        }
      } else if (ins.kind === 'ENV') {
        // Every value of one ENV instruction is expanded against the variables before it.
        const lookup = dockerLookup(st);
        const values = ins.vars.map((v) => expandParts(v.parts, lookup));
        const relayed = ins.vars.map((v) => relayedBuildArg(v.value, (n) => st.env.get(n) ?? st.args.get(n)));
        ins.vars.forEach((v, k) => {
          const origin = {
            kind: 'env' as const,
            range: v.range,
            valueRange: v.valueRange,
            stageIndex: stage.index,
            instruction: ins,
            ...(relayed[k] ? { buildArg: relayed[k] } : {}),
          };
          st.env = st.env.set(v.name, noteRelay(binding(v.name, values[k], v.value ?? '', origin), givenArgs));
          changed(st, v.name);
        });
      } else if (ins.kind === 'RUN' && runMayContain(ins, MAY_RUN_GO)) {
        runStep(stage, st, ins, goSteps, goEnvWrites, givenArgs, vendored);
      }
    }
    states.push(st);
    stages.push({
      stage,
      baseStageIndex: base,
      resolvedImage: base === undefined ? (imageRef ?? expandDockerVariables(stage.from.image.text, (n) => globals.get(n)?.value)) : undefined,
      envBefore,
      envAtEnd: st.atEnd,
      goSteps,
      goEnvWrites,
      givenArgs,
    });
    if (stage.name) byName.set(stage.name, stage.index);
  }
  const timeline = { stages, globalArgs: globals };
  reusableStages.set(timeline, { globalArgs: model.globalArgs, vendored, buildArgs: argsKey, states, imageKeys });
  if (sameGlobals) changes.set(timeline, { previous: new WeakRef(previous!), rebuilt });
  return timeline;
}
