// What the module and build caches of a Dockerfile hold, for the caching hints (mod-cache-mount, modfiles-copy-order):
// where they are (the image's GOPATH, the USER's home), which RUNs already find modules in the image, which
// stages keep their caches on purpose, and which steps run only sometimes. A hint claims only what these show.
import type { AnalysisContext } from './context';
import type { ParsedDockerfile } from './parsedDockerfile';
import type { Instruction, RunInstruction, ShellCommand } from '../syntax/dockerfileModel';
import { OFFICIAL_IMAGE_DEFAULTS, resolveGoEnv, type ResolvedGoEnv } from '../goenv/effective';
import type { EnvMap, GoStep } from '../goenv/timelineModel';
import { expandDockerVariables } from '../syntax/dockerWords';
import { cacheDownloadSteps, envValues, namesVersion, positionIn, textBeforeStep, type DownloadStep } from './steps';
import { stageFacts, stageLabel, localStageFacts, stageLocalFacts } from './stages';
import { createdHomesKey, homeAt, imageDefaultsAt, imageGoVersion } from './image';
import { isContextRoot } from './copies';

const BUILD_SUBCOMMANDS = new Set(['build', 'install', 'run', 'test', 'generate', 'vet', 'list']);

/** Whether a step compiles through the build cache: not `go list -m` (versions only), not `-a` (rebuilds everything). */
export function usesBuildCache(step: GoStep): boolean {
  if (!BUILD_SUBCOMMANDS.has(step.subcommand)) return false;
  if (step.subcommand === 'list' && step.args.some((w) => w.text === '-m')) return false;
  return !step.args.some((w) => w.text === '-a');
}

/** A cache mount on the directory or one above it keeps it (`target=/root/.cache` covers the build cache). */
export function coveredBy(mounts: Set<string>, dir: string): boolean {
  const d = dir.replace(/\/+$/, '');
  for (const m of mounts) if (d === m || d.startsWith(`${m}/`)) return true;
  return false;
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
  const hit = kept.find((k) => k.env === env);
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
  const lookup = (n: string) => env?.get(n)?.value;
  return new Set(run.mounts.filter((m) => m.type === 'cache' && m.target).map((m) => expandDockerVariables(m.target!, lookup).replace(/\/+$/, '')));
}

export function hasCacheMount(run: RunInstruction, target: string, env?: EnvMap): boolean {
  return coveredBy(cacheTargets(run, env), target);
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

/** A download whose modules stay in the image (not under --network=none, not into a cache mount). */
function downloadsIntoImage(parsed: ParsedDockerfile, d: DownloadStep): boolean {
  return d.step.instruction.network !== 'none' && !hasCacheMount(d.step.instruction, cacheEnvironment(parsed, d).GOMODCACHE, d.step.env);
}

// Per stage: its image holds downloaded modules at its end (from it or a stage it builds on).
const modulesInImage = new WeakMap<ParsedDockerfile, boolean[]>();

/** A download of the build's own requirements into the image (a fetch by version, `go install x@v1`, gets another module's). */
function fetchesIntoImage(parsed: ParsedDockerfile, d: DownloadStep): boolean {
  return downloadsIntoImage(parsed, d) && !isVersionedFetch(d.step);
}

/**
 * Whether the build's modules are in the image before the instruction at position `at` of a stage: a stage it builds
 * on, an earlier download of the stage, a COPY into the module cache, or make or a script after the module files.
 */
export function modulesInImageBefore(parsed: ParsedDockerfile, stage: number, at: number): boolean {
  runsAfterDownload(parsed);
  const base = parsed.timeline.stages[stage]?.baseStageIndex;
  if (base !== undefined && modulesInImage.get(parsed)?.[base]) return true;
  if (seededAt(parsed, stage) < at) return true;
  return cacheDownloadSteps(parsed).some(
    (d) => d.stage.stage.index === stage && positionIn(parsed, stage, d.step.instruction) < at && fetchesIntoImage(parsed, d),
  );
}

/**
 * The download RUNs after which modules are already in the image: an earlier RUN of the stage, or a stage it builds
 * on, downloaded them outside a cache mount. One pass over the steps, in order.
 */
const afterDownloads = new WeakMap<ParsedDockerfile, Set<RunInstruction>>();

export function runsAfterDownload(parsed: ParsedDockerfile): Set<RunInstruction> {
  let out = afterDownloads.get(parsed);
  if (!out) afterDownloads.set(parsed, (out = computeRunsAfterDownload(parsed)));
  return out;
}

function computeRunsAfterDownload(parsed: ParsedDockerfile): Set<RunInstruction> {
  const byStage = new Map<number, DownloadStep[]>();
  for (const d of cacheDownloadSteps(parsed)) {
    const list = byStage.get(d.stage.stage.index);
    if (list) list.push(d);
    else byStage.set(d.stage.stage.index, [d]);
  }
  const fetchesBuildModules = (d: DownloadStep) => fetchesIntoImage(parsed, d);
  const inImage = stageFacts(parsed, modulesInImage, (st, base) => !!base || (byStage.get(st.stage.index) ?? []).some(fetchesBuildModules));
  const out = new Set<RunInstruction>();
  for (const [stage, steps] of byStage) {
    const base = parsed.timeline.stages[stage]?.baseStageIndex;
    let seen = base !== undefined && !!inImage[base];
    const seeded = seededAt(parsed, stage);
    let run: RunInstruction | undefined;
    let runDownloads = false;
    for (const d of steps) {
      if (d.step.instruction !== run) {
        seen ||= runDownloads || seeded < positionIn(parsed, stage, d.step.instruction);
        run = d.step.instruction;
        runDownloads = false;
        if (seen) out.add(run);
      }
      runDownloads ||= fetchesBuildModules(d);
    }
  }
  return out;
}

/**
 * Whether a step may never run, or not download: a COPY before it in its stage names a vendor/ folder or module
 * cache the build context lacks (made before the build, or the build stops there), or an earlier RUN changes into
 * GOPATH/src in module mode, where `go get` puts nothing (Go 1.16+).
 */
export function mayBeUnreachable(ctx: AnalysisContext, parsed: ParsedDockerfile, d: DownloadStep): boolean {
  return mayNotReach(ctx, parsed, d.stage.stage.index, d.step.instruction, d.step.env, () => textBeforeStep(parsed, d.step));
}

/** The same for any RUN of a stage: `before` is the text of the RUN before the command in question. */
export function mayNotReach(ctx: AnalysisContext, parsed: ParsedDockerfile, stage: number, run: Instruction, env: EnvMap, before: () => string): boolean {
  const at = positionIn(parsed, stage, run);
  // Only a missing source that may hold the modules counts: a vendor/ folder or a module cache that the build's
  // pipeline makes before `docker build` would mean nothing is downloaded. Other sources missing from the files in
  // view (generated, secret or not checked out) leave the step as it is.
  const missing = (ctx.req.related.missingCopySources ?? []).filter((src) => MAY_HOLD_MODULES.test(src.replace(/\/+$/, '')));
  if (missing.length && firstMissingCopy(parsed, stage, missing) < at) return true;
  const v = imageGoVersion(parsed, stage);
  const moduleMode = !!v && (v.major > 1 || v.minor >= 16) && env.get('GO111MODULE')?.value !== 'off';
  if (!moduleMode) return false;
  const gopath = gopathFacts(parsed)[stage];
  if (!gopath || gopath.filled < at) return false;
  if (gopath.cd < at) return true;
  return CD_GOPATH_SRC.test(before());
}

// Per stage, computed once: where GOPATH/src is first filled (COPY into …/src, git clone) and first entered by cd.
const gopathStages = localStageFacts<{ filled: number; cd: number }>();
function gopathFacts(parsed: ParsedDockerfile): { filled: number; cd: number }[] {
  return stageLocalFacts(parsed, gopathStages, (st) => {
    let filled = Infinity;
    let cd = Infinity;
    st.stage.instructions.forEach((ins, k) => {
      if (
        filled === Infinity &&
        (((ins.kind === 'COPY' || ins.kind === 'ADD') && /\/src(\/|$)/.test(ins.destination?.text ?? '')) ||
          (ins.kind === 'RUN' && /\bgit\s+clone\b/.test(ins.argsText)))
      )
        filled = k;
      if (cd === Infinity && ins.kind === 'RUN' && CD_GOPATH_SRC.test(ins.argsText)) cd = k;
    });
    return { filled, cd };
  });
}

// Per parse and list of missing sources: the position of the first COPY of a missing source in each stage.
const missingCopies = new WeakMap<ParsedDockerfile, { key: string; first: number[] }>();
function firstMissingCopy(parsed: ParsedDockerfile, stage: number, missing: string[]): number {
  const key = missing.join('\u0000');
  let hit = missingCopies.get(parsed);
  if (!hit || hit.key !== key) {
    const set = new Set(missing);
    const first = parsed.timeline.stages.map((st) =>
      st.stage.instructions.findIndex((ins) => (ins.kind === 'COPY' || ins.kind === 'ADD') && !ins.from && ins.sources.some((x) => set.has(x.text))),
    );
    hit = { key, first: first.map((k) => (k < 0 ? Infinity : k)) };
    missingCopies.set(parsed, hit);
  }
  return hit.first[stage] ?? Infinity;
}

/** make, a shell or a shell script: a RUN that may run go out of view. */
const BUILD_SCRIPT = /^(make|\.{0,2}\/\S+\.sh|\S+\/\S+\.sh|(ba)?sh)$/;
const runsScript = (ins: RunInstruction) => ins.commands.some((cmd) => BUILD_SCRIPT.test(cmd.words[0]?.text ?? ''));

const MAY_HOLD_MODULES = /(^|\/)(vendor|pkg\/mod|mod|go-build|\.cache|gopath|\.go)(\/|$)/;

const CD_GOPATH_SRC = /\bcd\s+"?(\$GOPATH|\$\{GOPATH\}|\/go)\/src\//;

/** The RUNs with go steps after a download's RUN: later in its stage, and in the stages built on it (FROM <stage>). */
export function laterGoRuns(parsed: ParsedDockerfile, stage: number, run: RunInstruction): RunInstruction[] {
  const out = new Set<RunInstruction>();
  const at = positionIn(parsed, stage, run);
  const descends = (i: number): boolean => {
    for (
      let b = parsed.timeline.stages[i]?.baseStageIndex, n = 0;
      b !== undefined && n < parsed.timeline.stages.length;
      b = parsed.timeline.stages[b]?.baseStageIndex, n++
    )
      if (b === stage) return true;
    return false;
  };
  for (const st of parsed.timeline.stages) {
    if (st.stage.index !== stage && !descends(st.stage.index)) continue;
    for (const s of st.goSteps) {
      const run = s.instruction as RunInstruction;
      if (st.stage.index !== stage || positionIn(parsed, stage, run) > at) out.add(run);
    }
    // make and build scripts run go too.
    st.stage.instructions.forEach((ins, k) => {
      if (ins.kind === 'RUN' && (st.stage.index !== stage || k > at) && runsScript(ins)) out.add(ins);
    });
  }
  out.delete(run);
  return [...out];
}

/** `go install x@v1`, `go run x@latest`, `go get x@v`: fetches that ignore the build's go.mod. */
export function isVersionedFetch(step: GoStep): boolean {
  return (step.subcommand === 'install' || step.subcommand === 'run' || step.subcommand === 'get') && namesVersion(step);
}

/**
 * Whether the go command of a step runs only under a shell condition (`if …; then go …`, `… || go …`, a `case` arm,
 * a loop body, or shell text that could not be followed). After `&&` it runs whenever the RUN succeeds: not that.
 */
export function runsConditionally(step: { command: ShellCommand }): boolean {
  return step.command.guards.some((g) => g.kind !== 'condition' || g.branch !== '&&');
}

/** Whether the build shows its module: a go.mod or go.work in the context (else a build may download nothing). */
export function moduleKnown(ctx: AnalysisContext): boolean {
  return !!ctx.goMod || !!ctx.goWork;
}

/** A COPY into the module cache (`COPY --from=deps /go/pkg/mod /go/pkg/mod`), or a script or make run after the module files came in: either may fill the cache. */
function seedsModuleCache(ins: Instruction, goModIn: boolean): boolean {
  if ((ins.kind === 'COPY' || ins.kind === 'ADD') && /(^|\/)pkg\/mod\/?$/.test(ins.destination?.text ?? '')) return true;
  if (!goModIn || ins.kind !== 'RUN') return false;
  return runsScript(ins);
}

const seeds = localStageFacts<number>();

/** Position of the first instruction of a stage that may have filled the module cache in the image, or Infinity. */
function seededAt(parsed: ParsedDockerfile, stage: number): number {
  return stageLocalFacts(parsed, seeds, (st) => {
    let goModIn = false;
    for (let k = 0; k < st.stage.instructions.length; k++) {
      const ins = st.stage.instructions[k];
      if (seedsModuleCache(ins, goModIn)) return k;
      if ((ins.kind === 'COPY' || ins.kind === 'ADD') && ins.sources.some((x) => isContextRoot(x.text) || /^(\*|.*go\.(mod|sum|\*))$/.test(x.text)))
        goModIn = true;
    }
    return Infinity;
  })[stage];
}

const kept = new WeakMap<ParsedDockerfile, Set<number>>();

/**
 * Stages that keep their caches on purpose: a later stage copies them out (`COPY --from=warm /go/pkg/mod …`), the
 * stage opens them to every user (`chmod -R 777 /go /root/.cache`), or it is a final image whose command is a shell
 * (a development or CI image that runs Go when it starts).
 */
export function keepsCaches(parsed: ParsedDockerfile, stage: number): boolean {
  let out = kept.get(parsed);
  if (!out) {
    out = new Set();
    const byName = new Map(parsed.timeline.stages.map((st) => [stageLabel(st.stage), st.stage.index] as const));
    for (const st of parsed.timeline.stages) {
      for (const ins of st.stage.instructions) {
        if ((ins.kind !== 'COPY' && ins.kind !== 'ADD') || !ins.from) continue;
        const from = byName.get(ins.from.toLowerCase()) ?? (/^\d+$/.test(ins.from) ? Number(ins.from) : undefined);
        if (from !== undefined && ins.sources.some((x) => /pkg\/mod|go-build|\.cache(\/|$)/.test(x.text))) out.add(from);
      }
      if (
        st.stage.instructions.some(
          (ins) => ins.kind === 'RUN' && /\bch(mod|own)\b[^\n;&|]*(\/go(\/|\s|$)|pkg\/mod|\.cache|\$GO(PATH|CACHE|MODCACHE))/.test(ins.argsText),
        )
      )
        out.add(st.stage.index);
    }
    const final = parsed.timeline.stages[parsed.timeline.stages.length - 1];
    const command = final?.stage.instructions.filter((ins) => ins.kind === 'CMD' || ins.kind === 'ENTRYPOINT').pop();
    if (final && command && /^\s*(\[\s*")?(\/bin\/|\/usr\/bin\/)?(ba|z)?sh"?\s*\]?\s*$/.test(command.argsText)) out.add(final.stage.index);
    // A final image that runs go when it starts (`CMD ["go", "run", "."]`) needs its module and build caches then.
    if (final && command && /^\s*(\[\s*")?(\S*\/)?go"?\s*,?\s*"?(run|test|build|generate|install)\b/.test(command.argsText)) out.add(final.stage.index);
    // A final image whose go steps only download and build nothing is a dependency image: the modules are its content.
    if (final && final.goSteps.some((s) => s.downloads) && !final.goSteps.some(usesBuildCache) && final.baseStageIndex === undefined)
      out.add(final.stage.index);
    kept.set(parsed, out);
  }
  return out.has(stage);
}

/**
 * Per stage, the last RUN that compiles the build's own packages: the place a build-cache mount pays off (earlier
 * ones may warm the layer). Tools installed by version are not the build; a build tool shown to compile (`make build`
 * running `go build`, among `toolBuilds`) is, so a go step before it is not the last build.
 */
export function lastBuildRuns(parsed: ParsedDockerfile, toolBuilds: readonly { stageIndex: number; instruction: RunInstruction }[] = []): Set<RunInstruction> {
  const last = new Map<number, RunInstruction>();
  for (const d of cacheDownloadSteps(parsed)) if (usesBuildCache(d.step) && !isVersionedFetch(d.step)) last.set(d.stage.stage.index, d.step.instruction);
  for (const t of toolBuilds) {
    const cur = last.get(t.stageIndex);
    if (cur && positionIn(parsed, t.stageIndex, cur) < positionIn(parsed, t.stageIndex, t.instruction)) last.set(t.stageIndex, t.instruction);
  }
  return new Set(last.values());
}
