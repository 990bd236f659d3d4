// Where a Dockerfile's module and build caches are, for the caching hints: the Go environment of a step with HOME as
// the image sets it (the image's GOPATH, the USER's home), the cache mounts of a RUN, and whether the build uses the
// module cache as a place rather than a cache.
import type { ParsedDockerfile } from './parsedDockerfile';
import type { Instruction, RunInstruction } from '../syntax/dockerfileModel';
import { OFFICIAL_IMAGE_DEFAULTS, resolveGoEnv, type ResolvedGoEnv } from '../goenv/effective';
import type { EnvMap } from '../goenv/timelineModel';
import { expandDockerVariables } from '../syntax/dockerWords';
import { envValues, positionIn, type DownloadStep } from './steps';
import { localStageFacts, stageLocalFacts } from './stages';
import { createdHomesKey, homeAt, imageDefaultsAt } from './image';

/** A cache mount on the directory or one above it keeps it (`target=/root/.cache` covers the build cache). */
export function coveredBy(mounts: Set<string>, dir: string): boolean {
  const d = dir.replace(/\/+$/, '');
  for (const m of mounts) if (isSameOrUnder(d, m)) return true;
  return false;
}

/** `dir` is `folder` or inside it (both without a trailing slash). */
function isSameOrUnder(dir: string, folder: string): boolean {
  return dir.startsWith(folder) && (dir.length === folder.length || dir[folder.length] === '/');
}

/** The step's Go environment with HOME as the image sets it (GOMODCACHE and GOCACHE default under HOME). */
export function cacheEnvironment(parsed: ParsedDockerfile, d: DownloadStep): ResolvedGoEnv {
  return cacheEnvironmentAt(parsed, d.stage.stage.index, d.step.instruction, d.step.env);
}

/** The same for any RUN of a stage, with the environment it starts with (a build tool's, say). */
export function cacheEnvironmentAt(parsed: ParsedDockerfile, stage: number, run: Instruction, env: EnvMap): ResolvedGoEnv {
  // Kept per RUN and environment map: both are the previous parse's own objects in every stage an edit left alone,
  // and so are the USER lines and image the rest depends on; the users created anywhere in the file may move a home.
  const homes = createdHomesKey(parsed);
  let kept = environmentsAt.get(run);
  if (!kept) environmentsAt.set(run, (kept = []));
  const hit = keptFor(kept, env);
  if (hit && hit.homes === homes) return hit.value;
  const value = computeCacheEnvironmentAt(parsed, stage, run, env);
  if (hit) Object.assign(hit, { homes, value });
  else {
    // Environments of earlier parses (the stage was derived again) would stay referenced: a few are kept.
    if (kept.length >= 4) kept.shift();
    kept.push({ env, homes, value });
  }
  return value;
}

function keptFor<T extends { env: EnvMap }>(kept: T[], env: EnvMap): T | undefined {
  for (const k of kept) if (k.env === env) return k;
  return undefined;
}

// A RUN's go commands may each run with their own environment (`GOFLAGS=… go build`): a few entries per RUN.
const environmentsAt = new WeakMap<Instruction, { env: EnvMap; homes: string; value: ResolvedGoEnv }[]>();

function computeCacheEnvironmentAt(parsed: ParsedDockerfile, stage: number, run: Instruction, env: EnvMap): ResolvedGoEnv {
  const values = envValues(env);
  const home = homeAt(parsed, stage, run);
  if (home && !values.has('HOME')) values.set('HOME', home);
  return resolveGoEnv(values, imageDefaultsAt(parsed, stage) ?? OFFICIAL_IMAGE_DEFAULTS);
}

/** Whether the module cache's place is known: set in the Dockerfile, or the image's default (official or installed Go). */
export function cachePlaceKnown(parsed: ParsedDockerfile, d: DownloadStep): boolean {
  return !!imageDefaultsAt(parsed, d.stage.stage.index) || d.step.env.has('GOMODCACHE') || d.step.env.has('GOPATH');
}

/** The cache mount targets of a RUN, with ARG/ENV values expanded as BuildKit expands them (`target=${GOMODCACHE}`). */
export function cacheTargets(run: RunInstruction, env?: EnvMap): Set<string> {
  const out = new Set<string>();
  for (const m of run.mounts) if (m.type === 'cache' && m.target) out.add(cacheTarget(m.target, env));
  return out;
}

/** Whether a cache mount of the RUN covers `target` (cacheTargets without the set: asked for every download step). */
export function hasCacheMount(run: RunInstruction, target: string, env?: EnvMap): boolean {
  const d = target.replace(/\/+$/, '');
  for (const m of run.mounts) if (m.type === 'cache' && m.target && isSameOrUnder(d, cacheTarget(m.target, env))) return true;
  return false;
}

/** A mount target expanded, without its trailing slash; the variable lookup is made only for a target that names one. */
export function cacheTarget(target: string, env: EnvMap | undefined): string {
  return (target.includes('$') ? expandDockerVariables(target, lookupIn(env)) : target).replace(/\/+$/, '');
}

function lookupIn(env: EnvMap | undefined): (name: string) => string | undefined {
  return (n) => env?.get(n)?.value;
}

/**
 * Whether the build uses the module cache as a place, not only as a cache: a later WORKDIR, COPY or RUN under
 * GOMODCACHE (a module fetched to build its own source). A mount there would leave that folder out of the image.
 */
export function usesModuleCacheAsPlace(parsed: ParsedDockerfile, d: DownloadStep, gomodcache: string): boolean {
  const stage = d.stage.stage.index;
  const at = positionIn(parsed, stage, d.step.instruction);
  const places = modulePlaceFacts(parsed)[stage] ?? [];
  // The positions are in order: the last one decides whether any comes after this step.
  const last = places[places.length - 1];
  if (last !== undefined && last.k > at && places.some((p) => p.k > at && (p.generic || p.path === gomodcache || p.path.startsWith(`${gomodcache}/`))))
    return true;
  return false;
}

// Per stage, computed once: the WORKDIR, COPY and RUN instructions that use a path that may be the module cache.
const placeStages = localStageFacts<{ k: number; path: string; generic: boolean }[]>();
function modulePlaceFacts(parsed: ParsedDockerfile): { k: number; path: string; generic: boolean }[][] {
  return stageLocalFacts(parsed, placeStages, (st) => {
    const out: { k: number; path: string; generic: boolean }[] = [];
    st.stage.instructions.forEach((ins, k) => {
      const p =
        ins.kind === 'WORKDIR'
          ? ins.argsText.trim()
          : ins.kind === 'COPY' || ins.kind === 'ADD'
            ? ins.destination?.text
            : ins.kind === 'RUN'
              ? /\bcd\s+(\S*pkg\/mod\/\S*)/.exec(ins.argsText)?.[1]
              : undefined;
      if (!p) return;
      const generic = p.includes('$GOMODCACHE') || p.includes('${GOMODCACHE}') || /\/pkg\/mod(\/|$)/.test(p);
      if (generic || /\/mod(\/|$)/.test(p)) out.push({ k, path: p.replace(/\/+$/, ''), generic });
    });
    return out;
  });
}
