// mod-cache-mount stage by stage: a keystroke in a Dockerfile of hundreds of stages looks at the stage it touched, not
// at every go step of the file. The download RUNs of a stage, its last build, the RUNs that lack a cache mount they
// may want, and what the judgement of a stage reads of the stages built on it.
import type { AnalysisContext } from '../../model/context';
import type { ParsedDockerfile } from '../../model/parsedDockerfile';
import type { Instruction, RunInstruction } from '../../syntax/dockerfileModel';
import type { StageTimeline } from '../../goenv/timelineModel';
import type { ResolvedGoEnv } from '../../goenv/effective';
import { positionIn, stageCacheDownloadSteps, type DownloadStep } from '../../model/steps';
import { cacheEnvironment, cachePlaceKnown, hasCacheMount } from '../../model/cachePlaces';
import { createdHomesKey, isWindowsStage } from '../../model/image';
import { toolFetches } from '../../model/moduleFetches';
import { isVersionedFetch, usesBuildCache } from '../../model/goStepKinds';

/** The download steps of one stage's RUNs, in order. */
function downloadRunsOf(parsed: ParsedDockerfile, stage: number): Map<RunInstruction, DownloadStep[]> {
  const out = new Map<RunInstruction, DownloadStep[]>();
  for (const d of stageCacheDownloadSteps(parsed)[stage] ?? []) {
    const list = out.get(d.step.instruction);
    if (list) list.push(d);
    else out.set(d.step.instruction, [d]);
  }
  return out;
}

/**
 * Per stage, the position of its last RUN with a build tool shown to compile (-1 without one): a go step before it is
 * not the stage's last build. Worked out once per analysis, from the build files of the request.
 */
export function lastToolBuildAt(ctx: AnalysisContext, parsed: ParsedDockerfile): readonly number[] {
  return ctx.memo('mod-cache-mount:lastToolBuildAt', () => {
    const out: number[] = [];
    for (const t of toolFetches(ctx, parsed))
      if (t.compiles) out[t.stageIndex] = Math.max(out[t.stageIndex] ?? -1, positionIn(parsed, t.stageIndex, t.instruction));
    return out;
  });
}

/**
 * The stage's last build, where a build-cache mount pays off (earlier ones may warm the layer): its last RUN whose go
 * step compiles the build's own packages (tools installed by version are not the build), or the RUN of a build tool
 * that compiles after it.
 */
function lastBuild(parsed: ParsedDockerfile, st: StageTimeline, runs: Map<RunInstruction, DownloadStep[]>, toolAt: number): Instruction | undefined {
  let last: RunInstruction | undefined;
  for (const [run, steps] of runs) if (steps.some((d) => usesBuildCache(d.step) && !isVersionedFetch(d.step))) last = run;
  return last && toolAt > positionIn(parsed, st.stage.index, last) ? st.stage.instructions[toolAt] : last;
}

/** A RUN whose downloads may want cache mounts it lacks. */
export interface WantingRun {
  run: RunInstruction;
  steps: DownloadStep[];
  /** Its first download step, and that step's Go environment with HOME as the image sets it. */
  first: DownloadStep;
  env: ResolvedGoEnv;
  /** It only installs tools by version. */
  tools: boolean;
  /** The build cache pays off here too. */
  buildCache: boolean;
}

/**
 * A stage's wanting RUNs read its timeline, the homes of the users created in the file and where a build tool compiles
 * last in the stage: kept with the stage timeline while the others are the same. (They read the escape character too,
 * whose change builds every stage's timeline again.)
 */
const wantingByStage = new WeakMap<StageTimeline, { homes: string; toolAt: number; runs: readonly WantingRun[] }>();

/**
 * The download RUNs of a stage without a cache mount they may want: with the network, outside a Windows stage, where
 * the module cache's place is known. A stage without one gets no finding, whatever the other stages are.
 */
export function runsWantingMounts(parsed: ParsedDockerfile, st: StageTimeline, toolAt: number): readonly WantingRun[] {
  const homes = createdHomesKey(parsed);
  const kept = wantingByStage.get(st);
  if (kept && kept.homes === homes && kept.toolAt === toolAt) return kept.runs;
  const stage = st.stage.index;
  const runs = downloadRunsOf(parsed, stage);
  const build = runs.size > 0 ? lastBuild(parsed, st, runs, toolAt) : undefined;
  const out: WantingRun[] = [];
  for (const [run, steps] of runs) {
    const first = steps[0];
    if (run.network === 'none' || isWindowsStage(parsed, stage) || !cachePlaceKnown(parsed, first)) continue;
    const env = cacheEnvironment(parsed, first);
    const tools = steps.every((d) => isVersionedFetch(d.step));
    // The build cache pays off on the stage's last build (earlier ones may warm the layer) and on tools built from
    // source.
    const buildCache = build === run || (tools && steps.some((d) => usesBuildCache(d.step)));
    // The caches it may want mounted already: nothing can be missing, whatever the rule's other checks would decide.
    if (hasCacheMount(run, env.GOMODCACHE, first.step.env) && (!buildCache || hasCacheMount(run, env.GOCACHE, first.step.env))) continue;
    out.push({ run, steps, first, env, tools, buildCache });
  }
  wantingByStage.set(st, { homes, toolAt, runs: out });
  return out;
}
