// The Go environment in effect before every instruction and at every go command of every stage, following
// Docker's rules: global ARGs are visible only in FROM lines unless a stage re-declares them; ENV beats ARG;
// a stage `FROM <stage>` inherits that stage's ENV, its `go env -w` file and, as BuildKit builds it, its ARGs; `go env -w`
// values count only where no (non-empty) environment variable of the same name is set, as in the go command.
// Inside a RUN, a setting under a condition (`if`, `case`, `&&`, `||`) counts when the ARG/ENV values the condition
// reads decide that it runs, is ignored when they decide it does not, and is unknown (judged by no rule) otherwise.
import type { ArgInstruction, DockerfileModel, RunInstruction, ShellWord, Stage } from '../syntax/dockerfileModel';
import { expandDockerVariables, expandParts, expandShellValue, soleVariable, UNKNOWN_VALUE } from '../syntax/dockerWords';
import { commandRuns, conditionOracle, type Runs } from './runConditions';
import { buildArgsKey, type BuildArgs, type GivenBuildArg } from '../core/buildArgs';
import type { DockerfileTimeline, EnvBinding, EnvMap, GoEnvWrite, GoStep, Origin, StageTimeline } from './timelineModel';
import { downloadsModules, goEnvWriteWords, goInvocation } from './goCommand';
import { runMayContain } from '../syntax/dockerfileRun';
import { EnvTrie } from './timelineEnv';

export { expandDockerVariables };

type Bindings = Map<string, EnvBinding>;

// Persistent maps (see timelineEnv.ts): a snapshot is the map itself, and a variable set costs a few small nodes.
interface StageState {
  stage: number;
  env: EnvTrie; // ENV, own and inherited
  args: EnvTrie; // ARGs declared in this stage or a stage it builds on
  goEnvFile: EnvTrie; // `go env -w`, own and inherited
  /** What the go command sees (goView of the three), kept up to date one variable at a time. */
  view: EnvTrie;
  /** The image's environment at the end: the go env file and ENV, not ARG. */
  atEnd: EnvTrie;
}

/** The go command's rule for one more source of a variable: an empty value does not hide a `go env -w` one. */
function put(cur: EnvBinding | undefined, b: EnvBinding): EnvBinding {
  return b.value === '' && cur?.origin.kind === 'go-env-w' ? cur : b;
}

/** Brings the go view and the end-of-stage map up to date after `name` changed in env, args or the go env file. */
function changed(st: StageState, name: string): void {
  let end = st.goEnvFile.get(name);
  const e = st.env.get(name);
  let seen = end;
  const a = st.args.get(name);
  if (a && !e) seen = put(seen, a);
  if (e) {
    seen = put(seen, e);
    end = put(end, e);
  }
  st.view = seen ? st.view.set(name, seen) : st.view.delete(name);
  st.atEnd = end ? st.atEnd.set(name, end) : st.atEnd.delete(name);
}

function startState(stage: number, parent: StageState | undefined): StageState {
  const empty = EnvTrie.EMPTY.inStage(stage);
  if (!parent) return { stage, env: empty, args: empty, goEnvFile: empty, view: empty, atEnd: empty };
  // BuildKit starts a stage built on another from that stage's state, its ARG values included (they are not in the
  // image it exports, so envAtEnd leaves them out).
  return {
    stage,
    env: parent.env.inStage(stage),
    args: parent.args.inStage(stage),
    goEnvFile: parent.goEnvFile.inStage(stage),
    view: parent.view.inStage(stage),
    atEnd: parent.atEnd.inStage(stage),
  };
}

function binding(name: string, value: string, raw: string, origin: Origin): EnvBinding {
  return { name, value, raw, origin };
}

/**
 * The build argument a value written as exactly one variable (`$GOPROXY`, `${GOPROXY}`, quoted or not) passes on:
 * `ENV GOPROXY=${GOPROXY}` or `go env -w GOPROXY=$GOPROXY` after `ARG GOPROXY` holds the build argument's value,
 * which is written where the build argument is, not here.
 */
function relayedBuildArg(raw: string | undefined, get: (name: string) => EnvBinding | undefined): GivenBuildArg | undefined {
  const name = soleVariable((raw ?? '').replace(/^"(.*)"$/, '$1'));
  return name ? get(name)?.origin.buildArg : undefined;
}

/** A binding that passes a build argument on is one of the stage's given values too. */
function noteRelay(b: EnvBinding, given: EnvBinding[]): EnvBinding {
  if (b.origin.buildArg) given.push(b);
  return b;
}

/** Docker's view for `$VAR` in instructions: ENV wins over ARG. */
function dockerLookup(st: StageState): (name: string) => string | undefined {
  return (name) => st.env.get(name)?.value ?? st.args.get(name)?.value;
}

/** The go command's view with a step's own `NAME=value` prefixes (and exports) on top. */
function goView(st: StageState, extra?: Bindings): EnvMap {
  let out = st.view;
  extra?.forEach((b) => {
    const next = put(out.get(b.name), b);
    if (next === b) out = out.set(b.name, b);
  });
  return out;
}

/** `NAME=value` from a shell word (env wrapper, export, go env -w), with its ranges. */
function wordAssignment(w: ShellWord): { name: string; value: string; range: ShellWord['range']; valueRange: ShellWord['range'] } | undefined {
  const eq = w.text.indexOf('=');
  if (eq <= 0 || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(w.text.slice(0, eq))) return undefined;
  return { name: w.text.slice(0, eq), value: w.text.slice(eq + 1), range: w.range, valueRange: w.subRange(eq + 1, w.text.length) };
}

/** A shell word's value; when the shell's result cannot be known here, the word as written (which no rule reads as a URL list). */
function shellValue(raw: string, lookup: (n: string) => string | undefined): string {
  return expandShellValue(raw, lookup) ?? raw;
}

/** PowerShell's `$env:NAME = 'value'` (Windows images with SHELL ["powershell", …]): sets NAME for later commands. */
function powershellAssignment(
  words: readonly ShellWord[],
): { name: string; value: string; range: ShellWord['range']; valueRange: ShellWord['range'] } | undefined {
  const m = /^\$env:([A-Za-z_][A-Za-z0-9_]*)(=(.*))?$/i.exec(words[0]?.text ?? '');
  if (!m) return undefined;
  if (m[2] !== undefined) return { name: m[1].toUpperCase(), value: m[3], range: words[0].range, valueRange: words[0].range };
  if (words[1]?.text !== '=' || !words[2]) return undefined;
  return { name: m[1].toUpperCase(), value: words[2].text, range: { start: words[0].range.start, end: words[2].range.end }, valueRange: words[2].range };
}

/** The same binding with a value that depends on a condition not known here: no rule judges it. */
function maybeBinding(b: EnvBinding): EnvBinding {
  return { ...b, value: UNKNOWN_VALUE };
}

function runStep(stage: Stage, st: StageState, run: RunInstruction, goSteps: GoStep[], writes: GoEnvWrite[], given: EnvBinding[], vendored: boolean): void {
  // Variables exported earlier in the same RUN reach later commands of that shell.
  const exported: Bindings = new Map();
  // Of those, the ones exported under a condition not known here: later commands may or may not see the value.
  const maybe = new Set<string>();
  const lookup = (n: string) => (maybe.has(n) ? UNKNOWN_VALUE : (exported.get(n)?.value ?? dockerLookup(st)(n)));
  const bindingOf = (n: string) => exported.get(n) ?? st.env.get(n) ?? st.args.get(n);
  const oracle = conditionOracle(exported, maybe, (n) => st.env.get(n) ?? st.args.get(n));
  const shellBinding = (name: string, raw: string, origin: Origin) => {
    const buildArg = relayedBuildArg(raw, bindingOf);
    return noteRelay(binding(name, shellValue(raw, lookup), raw, buildArg ? { ...origin, buildArg } : origin), given);
  };
  const exportAs = (name: string, b: EnvBinding, runs: Runs) => {
    exported.set(name, b);
    if (runs === 'maybe') maybe.add(name);
    else maybe.delete(name);
  };
  for (const cmd of run.commands) {
    const ps = powershellAssignment(cmd.words);
    const isExport = !ps && cmd.words[0]?.text === 'export' && cmd.prefixAssignments.length === 0;
    const inv = ps || isExport ? undefined : goInvocation(cmd);
    if (!ps && !isExport && !inv) continue;
    // A command in a branch that never runs sets nothing and runs no go command.
    const runs = commandRuns(cmd, oracle);
    if (runs === 'no') continue;
    if (ps) {
      exportAs(
        ps.name,
        binding(ps.name, ps.value, ps.value, { kind: 'prefix', range: ps.range, valueRange: ps.valueRange, stageIndex: stage.index, instruction: run }),
        runs,
      );
      continue;
    }
    if (isExport) {
      for (const w of cmd.words.slice(1)) {
        const a = wordAssignment(w);
        if (a)
          exportAs(
            a.name,
            shellBinding(a.name, a.value, { kind: 'prefix', range: a.range, valueRange: a.valueRange, stageIndex: stage.index, instruction: run }),
            runs,
          );
      }
      continue;
    }
    if (!inv) continue;
    const own: Bindings = new Map(exported);
    const ownPrefixes = new Set<string>();
    for (const a of cmd.prefixAssignments) {
      own.set(
        a.name,
        shellBinding(a.name, a.value ?? '', { kind: 'prefix', range: a.range, valueRange: a.valueRange, stageIndex: stage.index, instruction: run }),
      );
      ownPrefixes.add(a.name);
    }
    for (const w of inv.envAssignments) {
      const a = wordAssignment(w);
      if (!a) continue;
      own.set(a.name, shellBinding(a.name, a.value, { kind: 'prefix', range: a.range, valueRange: a.valueRange, stageIndex: stage.index, instruction: run }));
      ownPrefixes.add(a.name);
    }
    // The go command sees what an export under an unknown condition set, or what was there before: not known here.
    const seen = new Map(own);
    for (const name of maybe) if (!ownPrefixes.has(name)) seen.set(name, maybeBinding(own.get(name)!));
    const env = goView(st, seen);
    const words = cmd.words;
    const range = { start: words[inv.goWord].range.start, end: words[inv.lastSubcommandWord].range.end };
    goSteps.push({
      stageIndex: stage.index,
      instruction: run,
      command: cmd,
      subcommand: inv.subcommand,
      range,
      args: inv.args,
      downloads: downloadsModules(inv, env.get('GO111MODULE')?.value ?? '', env.get('GOFLAGS')?.value ?? '', vendored),
      env,
      ...(own.size > 0 ? { setInRun: [...own.values()] } : {}),
    });
    if (inv.subcommand !== 'env -w') continue;
    for (const group of goEnvWriteWords(inv)) {
      for (const w of group.words) {
        if (group.unset) {
          const before = st.goEnvFile.get(w.text);
          st.goEnvFile = runs === 'maybe' && before ? st.goEnvFile.set(w.text, maybeBinding(before)) : st.goEnvFile.delete(w.text);
          changed(st, w.text);
          continue;
        }
        const a = wordAssignment(w);
        if (!a) continue;
        // The shell expands the word before go sees it: ARG and ENV values are in its environment.
        const expanded = expandShellValue(a.value, lookup);
        const value = expanded ?? a.value;
        writes.push({
          stageIndex: stage.index,
          instruction: run,
          name: a.name,
          value,
          raw: a.value,
          known: expanded !== undefined,
          range: a.range,
          valueRange: a.valueRange,
        });
        const buildArg = relayedBuildArg(a.value, bindingOf);
        const origin: Origin = {
          kind: 'go-env-w',
          range: a.range,
          valueRange: a.valueRange,
          stageIndex: stage.index,
          instruction: run,
          ...(buildArg ? { buildArg } : {}),
        };
        const written = noteRelay(binding(a.name, value, a.value, origin), given);
        // Written under a condition not known here: the go env file may or may not hold it afterwards.
        st.goEnvFile = st.goEnvFile.set(a.name, runs === 'maybe' ? maybeBinding(written) : written);
        changed(st, a.name);
      }
    }
  }
}

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
  const sameGlobals =
    !!before &&
    before.vendored === vendored &&
    before.buildArgs === argsKey &&
    before.globalArgs.length === model.globalArgs.length &&
    before.globalArgs.every((a, i) => a === model.globalArgs[i]);
  const reused: boolean[] = [];
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
  for (const stage of model.stages) {
    const imageRef = expandDockerVariables(stage.from.image.text, (n) => globals.get(n)?.value);
    const base = byName.get(imageRef.toLowerCase());
    const then = sameGlobals ? previous!.stages[stage.index] : undefined;
    if (then && then.stage === stage && then.baseStageIndex === base && (base === undefined || reused[base])) {
      reused.push(true);
      states.push(before!.states[stage.index]);
      stages.push(then);
      if (stage.name) byName.set(stage.name, stage.index);
      continue;
    }
    reused.push(false);
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
      resolvedImage: base === undefined ? imageRef : undefined,
      envBefore,
      envAtEnd: st.atEnd,
      goSteps,
      goEnvWrites,
      givenArgs,
    });
    if (stage.name) byName.set(stage.name, stage.index);
  }
  const timeline = { stages, globalArgs: globals };
  reusableStages.set(timeline, { globalArgs: model.globalArgs, vendored, buildArgs: argsKey, states });
  return timeline;
}
