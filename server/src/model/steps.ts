// Go steps as the rules see them: the first step of each stage that downloads modules, and its environment.
import type { ParsedDockerfile } from './parsedDockerfile';
import type { GoStep, EnvMap, StageTimeline } from '../goenv/timelineModel';
import { EnvTrie } from '../goenv/timelineEnv';
import { RESOLVE_INPUTS, resolveGoEnv, type ResolvedGoEnv } from '../goenv/effective';
import { isUnknownValue } from '../syntax/dockerWords';
import type { Instruction } from '../syntax/dockerfileModel';
import { inModuleMode } from './moduleMode';
import { localStageFacts, stageLocalFacts } from './stages';

export interface DownloadStep {
  step: GoStep;
  stage: StageTimeline;
  env: ResolvedGoEnv;
}

const RESOLVE_INPUT_NAMES: ReadonlySet<string> = new Set(RESOLVE_INPUTS);

/** The values of the variables the go command's environment depends on (a fixed few, however large `env` is). */
export function envValues(env: EnvMap): Map<string, string> {
  const picked = env instanceof EnvTrie ? env.valuesAmong(RESOLVE_INPUT_NAMES) : undefined;
  if (picked) return picked;
  const out = new Map<string, string>();
  for (const name of RESOLVE_INPUTS) {
    const b = env.get(name);
    if (b) out.set(name, b.value);
  }
  return out;
}

// Every rule asks for these; they are computed once per parse (and each environment once per distinct map).
const firstCache = new WeakMap<ParsedDockerfile, DownloadStep[]>();
const allCache = new WeakMap<ParsedDockerfile, DownloadStep[]>();
const resolvedCache = new WeakMap<EnvMap, ResolvedGoEnv | null>();

/**
 * The effective Go environment of an environment map (shared between the steps that share the map); undefined when
 * a value it depends on is unknown (nested too deeply to work out): nothing true can be said about such a step.
 */
export function resolvedEnv(env: EnvMap): ResolvedGoEnv | undefined {
  return resolveWhenKnown(env, resolvedCache);
}

/**
 * The environment resolved once per map and cache; undefined when a value is unknown, unless it is one outside
 * `dependsOn`, which is then left out (as if unset) instead.
 */
function resolveWhenKnown(env: EnvMap, cache: WeakMap<EnvMap, ResolvedGoEnv | null>, dependsOn?: ReadonlySet<string>): ResolvedGoEnv | undefined {
  let r = cache.get(env);
  if (r === undefined) cache.set(env, (r = resolveKnown(env, dependsOn)));
  return r ?? undefined;
}

// Apart from resolveWhenKnown, whose calls mostly find the cached answer: its closure would make them allocate.
function resolveKnown(env: EnvMap, dependsOn: ReadonlySet<string> | undefined): ResolvedGoEnv | null {
  const values = envValues(env);
  let known = true;
  // A Map may lose the entry being visited: no copy of the entries is needed.
  values.forEach((v, name) => {
    if (!isUnknownValue(v)) return;
    if (!dependsOn || dependsOn.has(name)) known = false;
    else values.delete(name);
  });
  return known ? resolveGoEnv(values) : null;
}

/**
 * The first module-downloading go step of every stage that has one, among those sure to run: a go command under a
 * shell condition the timeline could not decide (GoStep.mayNotRun) may never run, and the rules that claim a certain
 * failure or leak of a download say nothing of it.
 */
export function firstDownloadSteps(parsed: ParsedDockerfile): DownloadStep[] {
  let out = firstCache.get(parsed);
  if (!out) firstCache.set(parsed, (out = stageLocalFacts(parsed, firstByStage, (stage) => firstDownloadOf(parsed, stage)).filter(isDownloadStep)));
  return out;
}

// Kept per stage: a stage an edit left alone keeps its step object, and what is worked out per step with it (which
// modules it routes wrongly, say). Whether a step runs in module mode depends on its stage and those it builds on only.
const firstByStage = localStageFacts<DownloadStep | undefined>();

function firstDownloadOf(parsed: ParsedDockerfile, stage: StageTimeline): DownloadStep | undefined {
  const step = stage.goSteps.find((s) => s.downloads && !s.mayNotRun && inModuleMode(parsed, stage, s));
  const env = step && resolvedEnv(step.env);
  return env ? { step, stage, env } : undefined;
}

const isDownloadStep = (d: DownloadStep | undefined): d is DownloadStep => d !== undefined;

/** firstDownloadSteps' step of one stage, if it has one. */
export function firstDownloadStep(parsed: ParsedDockerfile, st: StageTimeline): DownloadStep | undefined {
  return stageLocalFacts(parsed, firstByStage, (stage) => firstDownloadOf(parsed, stage))[st.stage.index];
}

/**
 * What the caching hints depend on: where the caches are (GOMODCACHE, GOPATH, GOCACHE, HOME) and whether a step
 * downloads at all (GOFLAGS, GO111MODULE, GOWORK). A value these do not read may be unknown (`--build-arg
 * GOPROXY=$(GOPROXY)` in a Makefile) without hiding the step from them.
 */
const CACHE_INPUTS = new Set(['GOMODCACHE', 'GOPATH', 'GOCACHE', 'HOME', 'GOFLAGS', 'GO111MODULE', 'GOWORK', 'GOENV']);
const cacheResolved = new WeakMap<EnvMap, ResolvedGoEnv | null>();
const cacheStepsCache = new WeakMap<ParsedDockerfile, DownloadStep[]>();

function cacheResolvedEnv(env: EnvMap): ResolvedGoEnv | undefined {
  return resolveWhenKnown(env, cacheResolved, CACHE_INPUTS);
}

/**
 * Every module-downloading go step, as the caching hints see them: the same steps as allDownloadSteps, and also those
 * whose unknown values lie outside what the caches depend on (their environment then leaves those values out) and
 * those under an undecided shell condition (the hints judge those themselves).
 */
export function cacheDownloadSteps(parsed: ParsedDockerfile): DownloadStep[] {
  let out = cacheStepsCache.get(parsed);
  if (!out) cacheStepsCache.set(parsed, (out = stageCacheDownloadSteps(parsed).flat()));
  return out;
}

/** cacheDownloadSteps by stage index. */
export function stageCacheDownloadSteps(parsed: ParsedDockerfile): readonly (readonly DownloadStep[])[] {
  return stageLocalFacts(parsed, stageCacheSteps, (st) => cacheStepsOf(parsed, st));
}

// A stage's download steps read only the stage and the stages it builds on (its module mode, its environment): kept
// per stage, so a keystroke works out those of the stage it touched only.
const stageCacheSteps = localStageFacts<readonly DownloadStep[]>();
const NO_STEPS: readonly DownloadStep[] = [];

function cacheStepsOf(parsed: ParsedDockerfile, stage: StageTimeline): readonly DownloadStep[] {
  let out: DownloadStep[] | undefined;
  for (const step of stage.goSteps) {
    const env = step.downloads && inModuleMode(parsed, stage, step) ? (resolvedEnv(step.env) ?? cacheResolvedEnv(step.env)) : undefined;
    if (env) (out ??= []).push({ step, stage, env });
  }
  return out ?? NO_STEPS;
}

/** Every module-downloading go step sure to run: those of cacheDownloadSteps whose whole environment is known. */
export function allDownloadSteps(parsed: ParsedDockerfile): DownloadStep[] {
  let out = allCache.get(parsed);
  if (!out) allCache.set(parsed, (out = cacheDownloadSteps(parsed).filter((d) => resolvedEnv(d.step.env) !== undefined && !d.step.mayNotRun)));
  return out;
}

// Per stage, once per parse: where each instruction stands in its stage (rules ask for every go step).
const positions = localStageFacts<Map<Instruction, number>>();
// Made once rather than at every call (positionIn is asked for every go step by several rules).
const positionsInStage = (st: StageTimeline) => new Map(st.stage.instructions.map((x, k) => [x, k] as const));

/** The position of an instruction in its stage (Infinity when it is not there). */
export function positionIn(parsed: ParsedDockerfile, stage: number, ins: Instruction): number {
  const all = stageLocalFacts(parsed, positions, positionsInStage);
  return all[stage]?.get(ins) ?? Infinity;
}

/** Whether a go step names a module version on its command line (`go install x@v1`, `go run x@latest`). */
export function namesVersion(step: GoStep): boolean {
  return step.args.some((w) => !w.text.startsWith('-') && w.text.includes('@'));
}

/** The go command as written, spaces folded (`go mod download`, `xx-go build`, `/usr/local/go/bin/go build`). */
export function commandText(parsed: ParsedDockerfile, step: GoStep): string {
  return parsed.model.lines.slice(step.range).replace(/\s+/g, ' ');
}

/** The text of a step's RUN before its go command (what the shell does first: `cd`, `if … then`, `||`). */
export function textBeforeStep(parsed: ParsedDockerfile, step: GoStep): string {
  return parsed.model.lines.slice({ start: step.instruction.range.start, end: step.range.start });
}
