// The stages a build runs: BuildKit builds the target stage (the last one when no target is given) and only the
// stages it depends on, through `FROM <stage>`, `COPY --from=<stage>` and `RUN --mount=from=<stage>`.
import type { DockerfileModel, Stage } from '../syntax/dockerfileModel';

const cache = new WeakMap<DockerfileModel, Map<string, ReadonlySet<number>>>();

/** A stage a reference in stage `at` names: an earlier stage's `AS` name (any case) or, except in FROM, its index. */
function referencedStage(model: DockerfileModel, at: number, ref: string, byIndex: boolean): number | 'unknown' | undefined {
  // `FROM ${BASE}` or `--from=$STAGE`: which stage (if any) cannot be told here.
  if (/[$`]/.test(ref)) return 'unknown';
  const name = ref.toLowerCase();
  const named = model.stages.find((s) => s.index < at && s.name === name);
  if (named) return named.index;
  if (byIndex && /^\d+$/.test(ref) && Number(ref) < at) return Number(ref);
  return undefined;
}

function dependencies(model: DockerfileModel, stage: Stage): (number | 'unknown')[] {
  const refs: (number | 'unknown' | undefined)[] = [referencedStage(model, stage.index, stage.from.image.text, false)];
  for (const ins of stage.instructions) {
    if ((ins.kind === 'COPY' || ins.kind === 'ADD') && ins.from !== undefined) refs.push(referencedStage(model, stage.index, ins.from, true));
    if (ins.kind === 'RUN') for (const m of ins.mounts) if (m.options.from !== undefined) refs.push(referencedStage(model, stage.index, m.options.from, true));
  }
  return refs.filter((r): r is number | 'unknown' => r !== undefined);
}

/** The stages `from` needs, itself included; undefined when one of them depends on a stage written with a variable. */
function reachable(model: DockerfileModel, from: number): Set<number> | undefined {
  const seen = new Set<number>();
  const todo = [from];
  while (todo.length > 0) {
    const i = todo.pop()!;
    if (seen.has(i)) continue;
    seen.add(i);
    for (const d of dependencies(model, model.stages[i])) {
      if (d === 'unknown') return undefined;
      todo.push(d);
    }
  }
  return seen;
}

/** The stage `--target` names (absent: the last stage); undefined when no stage has that name. */
export function targetStage(model: DockerfileModel, target?: string): Stage | undefined {
  return target === undefined ? model.stages[model.stages.length - 1] : model.stages.find((s) => s.name === target.toLowerCase());
}

/**
 * The indices of the stages a build of `target` (absent: the last stage) runs. Every stage when that cannot be
 * told: a target no stage is named, or a dependency written with a variable.
 */
export function builtStages(model: DockerfileModel, target?: string): ReadonlySet<number> {
  const key = target?.toLowerCase() ?? '';
  let byTarget = cache.get(model);
  const known = byTarget?.get(key);
  if (known) return known;
  const all = new Set(model.stages.map((s) => s.index));
  const start = targetStage(model, target);
  const out = start ? (reachable(model, start.index) ?? all) : all;
  if (!byTarget) cache.set(model, (byTarget = new Map()));
  byTarget.set(key, out);
  return out;
}
