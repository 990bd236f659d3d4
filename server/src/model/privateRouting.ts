// Which required modules a download step routes wrongly: modules the workspace shows to be private sent to a
// public proxy, and private modules fetched directly but still checked against the public checksum database.
import { onlyByBuildArg } from './givenValues';
import type { AnalysisContext } from './context';
import type { ParsedDockerfile } from './parsedDockerfile';
import { modulesByFirstElement, type RequiredModule } from './moduleFiles';
import type { Fix, TextEdit } from '../core/types';
import { routeModule, type ModuleRoute, type ResolvedGoEnv } from '../goenv/effective';
import type { ProxyHop } from '../goenv/proxy';
import type { PrivacyEvidence, PrivacyJudge } from '../goenv/privacyEvidence';
import { firstDownloadStep, firstDownloadSteps, type DownloadStep } from './steps';
import type { StageTimeline } from '../goenv/timelineModel';
import { localStageFacts, stageLocalFacts } from './stages';
import { findKnownMirror } from '../goenv/knownMirrors';
import type { Instruction } from '../syntax/dockerfileModel';
import { dockerfileValue, setInStage } from './edits';

export interface MisroutedModule {
  module: RequiredModule;
  evidence: PrivacyEvidence;
  route: ModuleRoute;
  /** The GOPRIVATE-style pattern a fix adds for it. */
  pattern: string;
  /** For a proxied module: the first public mirror in the list that can receive its path. */
  receiver?: ProxyHop;
  /** For a proxied module: the checksum database is asked for it too (checked, and not in the image's go.sum). */
  alsoSumdb?: string;
}

export interface StepRouting {
  download: DownloadStep;
  proxied: MisroutedModule[];
  sumdb: MisroutedModule[];
}

/** Module path + version lines present in go.sum (both the zip hash and the go.mod hash). */
export function goSumCovers(goSum: string | undefined, path: string, version: string): boolean {
  return goSumLines(goSum).has(`${path} ${version}`);
}

// The last go.sum read: thousands of modules are looked up in it, per step and per Dockerfile building the module.
let lastGoSum: { text: string; covered: Set<string> } | undefined;
const NO_LINES: ReadonlySet<string> = new Set();

/** `path version` of every module go.sum holds both hashes of (the zip's and the go.mod's). */
function goSumLines(goSum: string | undefined): ReadonlySet<string> {
  if (!goSum) return NO_LINES;
  if (lastGoSum?.text === goSum) return lastGoSum.covered;
  const zips = new Set<string>();
  const mods = new Set<string>();
  for (const line of goSum.split('\n')) {
    const [path, version, hash] = line.trim().split(/\s+/);
    if (!path || !version || !hash?.startsWith('h1:')) continue;
    if (version.endsWith('/go.mod')) mods.add(`${path} ${version.slice(0, -'/go.mod'.length)}`);
    else zips.add(`${path} ${version}`);
  }
  const covered = new Set([...zips].filter((k) => mods.has(k)));
  lastGoSum = { text: goSum, covered };
  return covered;
}

/** proxy.golang.org and the well-known public mirrors: they cannot fetch private modules and learn their paths. */
export function isPublicMirror(url: string): boolean {
  return !!findKnownMirror(url);
}

/**
 * The first public mirror of the route that the module path can reach, walking the list as go does: the first
 * entry always; after `,` when the entry before can answer 404/410 (a company proxy can); after `|` when it can
 * fail at all. An entry go refuses before sending (credentials over http) receives nothing.
 */
export function publicReceiver(route: ModuleRoute, isPublic: (url: string) => boolean = isPublicMirror): ProxyHop | undefined {
  if (route.via !== 'proxy' || route.error !== undefined) return undefined;
  return route.hops.find((h) => h.possible && h.entry.kind === 'proxy' && !h.alwaysFails && isPublic(h.entry.url ?? ''));
}

/** The hop go leaves to come to this one (undefined for the first). */
export function hopBefore(route: ModuleRoute, hop: ProxyHop): ProxyHop | undefined {
  const i = route.hops.indexOf(hop);
  return i > 0 ? route.hops[i - 1] : undefined;
}

/** Whether a COPY/ADD before the step (in its stage or a stage it builds on) brought go.sum into the image. */
export function goSumCopiedBefore(parsed: ParsedDockerfile, download: DownloadStep): boolean {
  const ins = download.stage.stage.instructions;
  const limit = ins.indexOf(download.step.instruction);
  if (ins.slice(0, limit < 0 ? ins.length : limit).some(copiesGoSum)) return true;
  // The stages it builds on: worked out once per stage, not again along the whole chain for every step.
  const base = download.stage.baseStageIndex;
  return base !== undefined && !!stageLocalFacts(parsed, goSumStages, (st, b) => !!b || st.stage.instructions.some(copiesGoSum))[base];
}

const copiesGoSum = (ins: Instruction) =>
  (ins.kind === 'COPY' || ins.kind === 'ADD') && !ins.from && ins.sources.some((s) => /(^|\/)(go\.sum|\.\/?|go\.\*|go\.s[*u]?[*m]?|\*)$/.test(s.text));
const goSumStages = localStageFacts<boolean>();

export function routingProblems(ctx: AnalysisContext, parsed: ParsedDockerfile, modules: RequiredModule[], goSum?: string): StepRouting[] {
  // Per parse, not per file: a go.mod's Dockerfile is analysed once per set of build arguments, on one file.
  const byParse = ctx.memo('routing', () => new WeakMap<ParsedDockerfile, StepRouting[]>());
  let found = byParse.get(parsed);
  if (!found) byParse.set(parsed, (found = computeRoutingProblems(ctx, parsed, modules, goSum)));
  return found;
}

/** Required modules the workspace shows to be private (by index), and whether each has evidence for the proxy route. */
interface Candidates {
  indexes: number[];
  proxyEvidence: boolean[];
}

/** A step's misrouted modules, by index into the candidates, with their routes. */
interface RoutedCandidates {
  proxied: { candidate: number; route: ModuleRoute; receiver: ProxyHop; alsoSumdb?: string }[];
  sumdb: { candidate: number; route: ModuleRoute }[];
}

// Shared by every analysis of the same required modules (one go.mod parse, see requiredModules): the Dockerfiles
// that build one go.mod are re-checked together when it changes, and mostly say the same things. Decisions are keyed
// by the privacy judge's decision key, routes by the values routing reads; evidence (which cites each Dockerfile's
// own lines) is built afterwards, for the misrouted modules only.
const candidatesByModules = new WeakMap<RequiredModule[], Map<string, Candidates>>();
const routedByCandidates = new WeakMap<Candidates, Map<string, { goSum: string | undefined; routed: RoutedCandidates }[]>>();
const MAX_KEYS = 16;

function privateCandidates(ctx: AnalysisContext, modules: RequiredModule[]): Candidates {
  let byKey = candidatesByModules.get(modules);
  if (!byKey) candidatesByModules.set(modules, (byKey = new Map()));
  const key = ctx.privacy.decisionKey;
  let found = byKey.get(key);
  if (found) return found;
  found = { indexes: [], proxyEvidence: [] };
  // Judged per host first: of thousands of required modules, only the hosts the workspace's evidence may name count.
  const judged: number[] = [];
  for (const [first, positions] of modulesByFirstElement(modules)) if (ctx.privacy.mayHaveEvidence(first)) judged.push(...positions);
  judged.sort((a, b) => a - b);
  for (const i of judged) {
    const path = modules[i].require.path;
    if (!ctx.privacy.hasEvidence(path, 'sumdb')) continue;
    found.indexes.push(i);
    found.proxyEvidence.push(ctx.privacy.hasEvidence(path, 'proxy'));
  }
  if (byKey.size >= MAX_KEYS) byKey.clear();
  byKey.set(key, found);
  return found;
}

/** What routeModule reads of an environment. */
const routeKey = (env: ResolvedGoEnv) =>
  `${env.GOPROXY}\u0000${env.GONOPROXY}\u0000${env.GONOSUMDB}\u0000${env.GOSUMDB}\u0000${env.explicit.has('GONOPROXY')}${env.explicit.has('GONOSUMDB')}`;

function routedCandidates(modules: RequiredModule[], candidates: Candidates, download: DownloadStep, sumInImage: string | undefined): RoutedCandidates {
  let byEnv = routedByCandidates.get(candidates);
  if (!byEnv) routedByCandidates.set(candidates, (byEnv = new Map()));
  const key = routeKey(download.env);
  let list = byEnv.get(key);
  if (!list) {
    if (byEnv.size >= MAX_KEYS) byEnv.clear();
    byEnv.set(key, (list = []));
  }
  let hit = list.find((r) => r.goSum === sumInImage);
  if (!hit) {
    if (list.length >= 4) list.length = 0;
    list.push((hit = { goSum: sumInImage, routed: routeCandidates(modules, candidates, download, sumInImage) }));
  }
  return hit.routed;
}

/**
 * What a step routed, kept per step object (firstDownloadSteps keeps those of the stages an edit left alone) with what
 * it was worked out from besides the step: the candidates (the required modules and the judge's decisions), the
 * go.sum and the judge whose evidence it cites.
 */
const routedSteps = new WeakMap<DownloadStep, { candidates: Candidates; goSum: string | undefined; privacy: PrivacyJudge; routing?: StepRouting }>();

function computeRoutingProblems(ctx: AnalysisContext, parsed: ParsedDockerfile, modules: RequiredModule[], goSum?: string): StepRouting[] {
  const out: StepRouting[] = [];
  // Which modules are private does not depend on the step: decided once.
  const candidates = privateCandidates(ctx, modules);
  if (candidates.indexes.length === 0) return out;
  for (const download of firstDownloadSteps(parsed)) {
    const routing = keptRouting(parsed, modules, candidates, ctx.privacy, download, goSum);
    if (routing) out.push(routing);
  }
  return out;
}

/**
 * routingProblems for one stage: what its first download step routes wrongly, if anything. It reads the stage (its
 * timeline), the required modules, the privacy judge and go.sum's text, nothing else.
 */
export function stageRouting(
  ctx: AnalysisContext,
  parsed: ParsedDockerfile,
  st: StageTimeline,
  modules: RequiredModule[],
  goSum?: string,
): StepRouting | undefined {
  const download = firstDownloadStep(parsed, st);
  if (!download) return undefined;
  const candidates = privateCandidates(ctx, modules);
  return candidates.indexes.length === 0 ? undefined : keptRouting(parsed, modules, candidates, ctx.privacy, download, goSum);
}

/** The modules one step routes wrongly, with the evidence that they are private (undefined when it routes none so), kept with the step. */
function keptRouting(
  parsed: ParsedDockerfile,
  modules: RequiredModule[],
  candidates: Candidates,
  privacy: PrivacyJudge,
  download: DownloadStep,
  goSum: string | undefined,
): StepRouting | undefined {
  const kept = routedSteps.get(download);
  if (kept && kept.candidates === candidates && kept.goSum === goSum && kept.privacy === privacy) return kept.routing;
  // go.sum counts only once a COPY has brought it into the image before this step.
  const sumInImage = goSumCopiedBefore(parsed, download) ? goSum : undefined;
  const routed = routedCandidates(modules, candidates, download, sumInImage);
  let routing: StepRouting | undefined;
  if (routed.proxied.length > 0 || routed.sumdb.length > 0) {
    const { proxied, sumdb } = misroutedModules(modules, candidates, privacy, routed);
    routing = { download, proxied, sumdb };
  }
  routedSteps.set(download, { candidates, goSum, privacy, routing });
  return routing;
}

/**
 * The misrouted modules with their evidence, made once per routing and judge: the steps that route alike (every stage
 * of a long Dockerfile with the same environment, say) share them. Kept with each step, a list per step would hold
 * hundreds of thousands of objects for the Dockerfiles a large go.mod's analysis reads.
 */
const misroutedByRouting = new WeakMap<RoutedCandidates, { privacy: PrivacyJudge; proxied: MisroutedModule[]; sumdb: MisroutedModule[] }>();

function misroutedModules(
  modules: RequiredModule[],
  candidates: Candidates,
  privacy: PrivacyJudge,
  routed: RoutedCandidates,
): { proxied: MisroutedModule[]; sumdb: MisroutedModule[] } {
  const kept = misroutedByRouting.get(routed);
  if (kept?.privacy === privacy) return kept;
  const moduleOf = (c: number) => modules[candidates.indexes[c]];
  const proxied = routed.proxied.map(({ candidate, route, receiver, alsoSumdb }): MisroutedModule => {
    const module = moduleOf(candidate);
    const evidence = privacy.evidenceFor(module.require.path, 'proxy')!;
    return { module, evidence, route, pattern: evidence.pattern, receiver, alsoSumdb };
  });
  const sumdb = routed.sumdb.map(({ candidate, route }): MisroutedModule => {
    const module = moduleOf(candidate);
    const evidence = privacy.evidenceFor(module.require.path, 'sumdb')!;
    return { module, evidence, route, pattern: evidence.pattern };
  });
  const made = { privacy, proxied, sumdb };
  misroutedByRouting.set(routed, made);
  return made;
}

function routeCandidates(modules: RequiredModule[], candidates: Candidates, download: DownloadStep, sumInImage: string | undefined): RoutedCandidates {
  const routed: RoutedCandidates = { proxied: [], sumdb: [] };
  const summed = goSumLines(sumInImage);
  candidates.indexes.forEach((i, candidate) => {
    const m = modules[i];
    const route = routeModule(m.require.path, download.env);
    // A rejected value sends nothing anywhere: goproxy-invalid says why.
    if (route.error) return;
    const covered = () => summed.has(`${m.require.path} ${m.require.version}`);
    // Only a public mirror is a mistake: a company proxy (Athens, Artifactory, Nexus) is there to serve them.
    const receiver = publicReceiver(route);
    if (receiver && candidates.proxyEvidence[candidate]) {
      const alsoSumdb = route.checksum === 'sumdb' && !covered() ? (route.sumdb?.name ?? 'sum.golang.org') : undefined;
      routed.proxied.push({ candidate, route, receiver, alsoSumdb });
    } else if (route.via !== 'off' && !route.failure && route.checksum === 'sumdb' && !covered()) {
      // go.sum lines copied into the image before the step spare the checksum database lookup.
      routed.sumdb.push({ candidate, route });
    }
  });
  return routed;
}

function unique(xs: string[]): string[] {
  return [...new Set(xs)];
}

function joinPatterns(existing: string, added: string[]): string {
  const have = existing.split(',').filter((p) => p !== '');
  return unique([...have, ...added.filter((p) => !have.includes(p))]).join(',');
}

/**
 * The edit that adds patterns to a variable for the step's stage: appended to the value where this stage
 * sets it, else set in the stage (keeping any inherited value).
 */
export function addPatternsEdit(parsed: ParsedDockerfile, download: DownloadStep, name: string, patterns: string[], baseValue?: string): TextEdit {
  const index = parsed.model.lines;
  const binding = download.step.env.get(name);
  const current = binding?.value ?? '';
  const vr = binding?.origin.valueRange;
  const ownStage = binding?.origin.stageIndex === download.stage.stage.index && (binding.origin.kind === 'env' || binding.origin.kind === 'arg');
  // `ARG NAME` with no default: the patterns become its default (a build argument still replaces them).
  if (vr && ownStage && onlyByBuildArg(binding)) return { range: vr, newText: `=${dockerfileValue(joinPatterns('', patterns))}` };
  if (binding && vr && ownStage && !binding.origin.buildArg && binding.raw === binding.value && index.slice(vr) === binding.value) {
    return { range: vr, newText: joinPatterns(current, patterns) };
  }
  const value = joinPatterns(current || baseValue || '', patterns);
  return setInStage(parsed, download.stage.stage, name, value, download.step.instruction);
}

/** Which variable a fix for proxied private modules should extend: GONOPROXY when set explicitly (it replaces GOPRIVATE), else GOPRIVATE. */
export function proxyVariable(env: ResolvedGoEnv): 'GONOPROXY' | 'GOPRIVATE' {
  return env.explicit.has('GONOPROXY') && env.GONOPROXY !== '' ? 'GONOPROXY' : 'GOPRIVATE';
}

export function sumdbVariable(env: ResolvedGoEnv): 'GONOSUMDB' | 'GOPRIVATE' {
  // GONOSUMDB falls back to GOPRIVATE when unset, so GOPRIVATE covers it unless GONOSUMDB is set explicitly.
  return env.explicit.has('GONOSUMDB') && env.GONOSUMDB !== '' ? 'GONOSUMDB' : 'GOPRIVATE';
}

export function fixFor(title: string, uri: string, edit: TextEdit): Fix {
  return { title, preferred: true, edits: [{ uri, edits: [edit] }] };
}
