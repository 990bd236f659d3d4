// Which required modules a download step routes wrongly: modules the workspace shows to be private sent to a
// public proxy, and private modules fetched directly but still checked against the public checksum database.
import { onlyByBuildArg } from './givenValues';
import type { AnalysisContext } from './context';
import type { ParsedDockerfile } from './parsedDockerfile';
import { modulesByFirstElement, type RequiredModule } from './moduleFiles';
import type { Fix, TextEdit } from '../core/types';
import { routeModule, type ModuleRoute, type ResolvedGoEnv } from '../goenv/effective';
import type { ProxyHop } from '../goenv/proxy';
import type { PrivacyEvidence } from '../goenv/privacyEvidence';
import { firstDownloadSteps, type DownloadStep } from './steps';
import { stageFacts } from './stages';
import type { GoStep } from '../goenv/timelineModel';
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
  if (!goSum) return false;
  const zip = `${path} ${version} h1:`;
  const mod = `${path} ${version}/go.mod h1:`;
  return goSum.includes(zip) && goSum.includes(mod);
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
  return base !== undefined && !!stageFacts(parsed, goSumStages, (st, b) => !!b || st.stage.instructions.some(copiesGoSum))[base];
}

const copiesGoSum = (ins: Instruction) =>
  (ins.kind === 'COPY' || ins.kind === 'ADD') && !ins.from && ins.sources.some((s) => /(^|\/)(go\.sum|\.\/?|go\.\*|go\.s[*u]?[*m]?|\*)$/.test(s.text));
const goSumStages = new WeakMap<ParsedDockerfile, boolean[]>();

export function routingProblems(ctx: AnalysisContext, parsed: ParsedDockerfile, modules: RequiredModule[], goSum?: string): StepRouting[] {
  // Per parse, not per file: a go.mod's Dockerfile is analysed once per set of build arguments, on one file.
  const byParse = ctx.memo('routing', () => new WeakMap<ParsedDockerfile, StepRouting[]>());
  let found = byParse.get(parsed);
  if (!found) byParse.set(parsed, (found = computeRoutingProblems(ctx, parsed, modules, goSum)));
  return found;
}

interface Candidate {
  m: RequiredModule;
  /** Undefined when only GONOSUMDB names it: that does not say it must bypass proxies. */
  proxyEvidence?: PrivacyEvidence;
  sumdbEvidence: PrivacyEvidence;
}

/** A step's misrouted modules, kept across analyses for as long as the step object and its inputs are the same. */
interface CachedRouting {
  candidates: string;
  goSum: string | undefined;
  proxied: MisroutedModule[];
  sumdb: MisroutedModule[];
}
// A step of a stage the edit did not touch is the same object as before (see buildTimeline's reuse), and so are
// its environment, its stage and the stages it builds on: only the modules and go.sum can differ.
const routingByStep = new WeakMap<GoStep, CachedRouting>();

function computeRoutingProblems(ctx: AnalysisContext, parsed: ParsedDockerfile, modules: RequiredModule[], goSum?: string): StepRouting[] {
  const out: StepRouting[] = [];
  // Which modules are private does not depend on the step: decided once.
  const candidates: Candidate[] = [];
  // Judged per host first: of thousands of required modules, only the hosts the workspace's evidence may name count.
  const judged: number[] = [];
  for (const [first, positions] of modulesByFirstElement(modules)) if (ctx.privacy.mayHaveEvidence(first)) judged.push(...positions);
  judged.sort((a, b) => a - b);
  for (const i of judged) {
    const m = modules[i];
    const sumdbEvidence = ctx.privacy.evidenceFor(m.require.path, 'sumdb');
    if (sumdbEvidence) candidates.push({ m, sumdbEvidence, proxyEvidence: ctx.privacy.evidenceFor(m.require.path, 'proxy') });
  }
  const candidatesKey = candidates
    .map((c) => `${c.m.require.path}@${c.m.require.version}:${evidenceKey(c.proxyEvidence)}:${evidenceKey(c.sumdbEvidence)}`)
    .join(' ');
  for (const download of firstDownloadSteps(parsed)) {
    // go.sum counts only once a COPY has brought it into the image before this step.
    const sumInImage = goSumCopiedBefore(parsed, download) ? goSum : undefined;
    let cached = routingByStep.get(download.step);
    if (!cached || cached.candidates !== candidatesKey || cached.goSum !== sumInImage) {
      cached = { candidates: candidatesKey, goSum: sumInImage, ...routeCandidates(download, candidates, sumInImage) };
      routingByStep.set(download.step, cached);
    }
    if (cached.proxied.length || cached.sumdb.length) out.push({ download, proxied: cached.proxied, sumdb: cached.sumdb });
  }
  return out;
}

function routeCandidates(
  download: DownloadStep,
  candidates: Candidate[],
  sumInImage: string | undefined,
): { proxied: MisroutedModule[]; sumdb: MisroutedModule[] } {
  const proxied: MisroutedModule[] = [];
  const sumdb: MisroutedModule[] = [];
  for (const { m, proxyEvidence, sumdbEvidence } of candidates) {
    const route = routeModule(m.require.path, download.env);
    // A rejected value sends nothing anywhere: goproxy-invalid says why.
    if (route.error) continue;
    // Only a public mirror is a mistake: a company proxy (Athens, Artifactory, Nexus) is there to serve them.
    const receiver = publicReceiver(route);
    if (receiver && proxyEvidence) {
      const alsoSumdb =
        route.checksum === 'sumdb' && !goSumCovers(sumInImage, m.require.path, m.require.version) ? (route.sumdb?.name ?? 'sum.golang.org') : undefined;
      proxied.push({ module: m, evidence: proxyEvidence, route, pattern: proxyEvidence.pattern, receiver, alsoSumdb });
    } else if (route.via !== 'off' && !route.failure && route.checksum === 'sumdb' && !goSumCovers(sumInImage, m.require.path, m.require.version)) {
      // go.sum lines copied into the image before the step spare the checksum database lookup.
      sumdb.push({ module: m, evidence: sumdbEvidence, route, pattern: sumdbEvidence.pattern });
    }
  }
  return { proxied, sumdb };
}

function evidenceKey(e: PrivacyEvidence | undefined): string {
  if (!e) return '-';
  return e.kind === 'build-pattern' || e.kind === 'credentials'
    ? `${e.kind}:${e.pattern}:${e.signal.how}@${e.signal.uri}:${e.signal.line}`
    : `${e.kind}:${e.pattern}`;
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
