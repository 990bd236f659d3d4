// A stage's environment while buildTimeline() walks it: its ENV, its ARGs and its `go env -w` file, and what Docker
// (`$VAR` in instructions) and the go command each see of them. ENV beats ARG; a `go env -w` value counts only where no
// (non-empty) environment variable of the same name is set, as in the go command; a stage `FROM <stage>` starts from
// that stage's state.
import { soleVariable } from '../syntax/dockerWords';
import type { GivenBuildArg } from '../core/buildArgs';
import type { EnvBinding, EnvMap, Origin } from './timelineModel';
import { EnvTrie } from './timelineEnv';

export type Bindings = Map<string, EnvBinding>;

// Persistent maps (see timelineEnv.ts): a snapshot is the map itself, and a variable set costs a few small nodes.
export interface StageState {
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
export function changed(st: StageState, name: string): void {
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

export function startState(stage: number, parent: StageState | undefined): StageState {
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

export function binding(name: string, value: string, raw: string, origin: Origin): EnvBinding {
  return { name, value, raw, origin };
}

/**
 * The build argument a value written as exactly one variable (`$GOPROXY`, `${GOPROXY}`, quoted or not) passes on:
 * `ENV GOPROXY=${GOPROXY}` or `go env -w GOPROXY=$GOPROXY` after `ARG GOPROXY` holds the build argument's value,
 * which is written where the build argument is, not here.
 */
export function relayedBuildArg(raw: string | undefined, get: (name: string) => EnvBinding | undefined): GivenBuildArg | undefined {
  const name = soleVariable((raw ?? '').replace(/^"(.*)"$/, '$1'));
  return name ? get(name)?.origin.buildArg : undefined;
}

/** A binding that passes a build argument on is one of the stage's given values too. */
export function noteRelay(b: EnvBinding, given: EnvBinding[]): EnvBinding {
  if (b.origin.buildArg) given.push(b);
  return b;
}

/** Docker's view for `$VAR` in instructions: ENV wins over ARG. */
export function dockerLookup(st: StageState): (name: string) => string | undefined {
  return (name) => st.env.get(name)?.value ?? st.args.get(name)?.value;
}

/** The go command's view with a step's own `NAME=value` prefixes (and exports) on top. */
export function goView(st: StageState, extra?: Bindings): EnvMap {
  let out = st.view;
  extra?.forEach((b) => {
    const next = put(out.get(b.name), b);
    if (next === b) out = out.set(b.name, b);
  });
  return out;
}
