// A Dockerfile built several ways is analysed once per distinct set of build arguments: the invocations that pass the
// same values to the ARGs the Dockerfile declares build the same thing and share one run.
import { buildArgsOf, type BuildArgs, type BuildInvocation } from '../core/buildArgs';
import type { DockerfileModel } from '../syntax/dockerfileModel';

/** Runs per Dockerfile at most: each is a timeline and all the rules again. Invocations past it are not analysed. */
export const MAX_BUILD_RUNS = 8;

export interface BuildRun {
  /** The invocation's arguments for declared ARGs, with the command line's and the settings' over them. */
  args: BuildArgs;
  /** The invocations that pass exactly these values (the first one's labels name the arguments in messages). */
  invocations: BuildInvocation[];
}

/** Every name the Dockerfile declares as ARG, before the first FROM or in any stage. */
export function declaredArgNames(model: DockerfileModel): Set<string> {
  const all = [...model.globalArgs, ...model.stages.flatMap((s) => s.instructions)];
  return new Set(all.flatMap((i) => (i.kind === 'ARG' ? i.args.map((a) => a.name) : [])));
}

/** What the timeline makes of a set: the names, values and whether each is known (not who passes them). */
function valuesKey(args: BuildArgs): string {
  return JSON.stringify(
    Object.keys(args)
      .sort()
      .map((k) => [k, args[k].value, args[k].known]),
  );
}

/**
 * The distinct sets the invocations pass, in the order of the invocations, at most MAX_BUILD_RUNS. `base` (the
 * command line over the settings) applies on top of each, as `--build-arg` on docker's command line would.
 */
export function buildRuns(invocations: readonly BuildInvocation[], declared: ReadonlySet<string>, base: BuildArgs): BuildRun[] {
  const runs = new Map<string, BuildRun>();
  for (const inv of invocations) {
    const passed = Object.fromEntries(Object.entries(inv.args).filter(([name]) => declared.has(name)));
    const args: BuildArgs = { ...buildArgsOf({ ...inv, args: passed }), ...base };
    const key = valuesKey(args);
    const run = runs.get(key);
    if (run) run.invocations.push(inv);
    else if (runs.size < MAX_BUILD_RUNS) runs.set(key, { args, invocations: [inv] });
  }
  return [...runs.values()];
}
