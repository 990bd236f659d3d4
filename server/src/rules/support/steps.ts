// Go steps as the rules see them: the first step of each stage that downloads modules, and its environment.
import type { ParsedDockerfile } from '../../core/context';
import type { GoStep, EnvMap, StageTimeline } from '../../goenv/timelineModel';
import { resolveGoEnv, type ResolvedGoEnv } from '../../goenv/effective';
import type { Stage } from '../../syntax/dockerfileModel';
import { inModuleMode } from './moduleMode';

export interface DownloadStep {
  step: GoStep;
  stage: StageTimeline;
  env: ResolvedGoEnv;
}

export function envValues(env: EnvMap): Map<string, string> {
  const out = new Map<string, string>();
  env.forEach((b, name) => out.set(name, b.value));
  return out;
}

// Every rule asks for these; they are computed once per parse (and each environment once per distinct map).
const firstCache = new WeakMap<ParsedDockerfile, DownloadStep[]>();
const allCache = new WeakMap<ParsedDockerfile, DownloadStep[]>();
const resolvedCache = new WeakMap<EnvMap, ResolvedGoEnv>();

/** The effective Go environment of an environment map (shared between the steps that share the map). */
export function resolvedEnv(env: EnvMap): ResolvedGoEnv {
  let r = resolvedCache.get(env);
  if (!r) resolvedCache.set(env, (r = resolveGoEnv(envValues(env))));
  return r;
}

/** The first module-downloading go step of every stage that has one. */
export function firstDownloadSteps(parsed: ParsedDockerfile): DownloadStep[] {
  let out = firstCache.get(parsed);
  if (out) return out;
  out = [];
  for (const stage of parsed.timeline.stages) {
    const step = stage.goSteps.find((s) => s.downloads && inModuleMode(parsed, stage, s));
    if (step) out.push({ step, stage, env: resolvedEnv(step.env) });
  }
  firstCache.set(parsed, out);
  return out;
}

/** Every module-downloading go step. */
export function allDownloadSteps(parsed: ParsedDockerfile): DownloadStep[] {
  let out = allCache.get(parsed);
  if (out) return out;
  out = [];
  for (const stage of parsed.timeline.stages) {
    for (const step of stage.goSteps) if (step.downloads && inModuleMode(parsed, stage, step)) out.push({ step, stage, env: resolvedEnv(step.env) });
  }
  allCache.set(parsed, out);
  return out;
}

/** How a stage is named in messages: its `AS` name, else its index (Docker accepts both in FROM/--from). */
export function stageLabel(stage: Stage): string {
  return stage.name ?? String(stage.index);
}

/** Stages this stage builds on (FROM <stage>), nearest first. */
export function ancestry(parsed: ParsedDockerfile, stageIndex: number): number[] {
  const out: number[] = [];
  let cur = parsed.timeline.stages[stageIndex]?.baseStageIndex;
  while (cur !== undefined && !out.includes(cur)) {
    out.push(cur);
    cur = parsed.timeline.stages[cur]?.baseStageIndex;
  }
  return out;
}
