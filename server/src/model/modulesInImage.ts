// Which RUNs find the build's modules already in the image, for the caching hints: a stage it builds on or an
// earlier RUN downloaded them outside a cache mount, a COPY filled the module cache, or make or a script ran after
// the module files came in; and the go RUNs that come after a download.
import type { ParsedDockerfile } from './parsedDockerfile';
import type { Instruction, RunInstruction } from '../syntax/dockerfileModel';
import { cacheDownloadSteps, positionIn, type DownloadStep } from './steps';
import { stageFacts, localStageFacts, stageLocalFacts } from './stages';
import { isContextRoot } from './copies';
import { cacheEnvironment, hasCacheMount } from './cachePlaces';
import { isVersionedFetch } from './goStepKinds';

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

/** make, a shell or a shell script: a RUN that may run go out of view. */
const BUILD_SCRIPT = /^(make|\.{0,2}\/\S+\.sh|\S+\/\S+\.sh|(ba)?sh)$/;
const runsScript = (ins: RunInstruction) => ins.commands.some((cmd) => BUILD_SCRIPT.test(cmd.words[0]?.text ?? ''));

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
