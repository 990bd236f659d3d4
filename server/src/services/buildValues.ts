// What each build of the workspace (a compose service, a bake target, a CI step, a Makefile line …) makes of a
// variable at one place of the Dockerfile. The analysis already ran once per distinct set of build arguments
// (model/buildRuns.ts) on contexts it keeps; a hover reads the same timelines and names the builds as findings do.
import type { AnalysisContext } from '../model/context';
import type { ParsedDockerfile } from '../model/parsedDockerfile';
import { builtStages } from '../model/builtStages';
import { localize } from '../core/localize';
import { redactCredentials } from '../core/redact';
import type { DockerfileTimeline, EnvBinding } from '../goenv/timelineModel';
import { isUnknownValue } from '../syntax/dockerWords';
import { onlyByBuildArg } from '../model/givenValues';
import { HOVER_TEXT, code } from './hoverText';
import { originText } from './origin';

/** The builds that share one timeline, and the binding of the variable there. */
export interface BuildBinding {
  labels: string[];
  binding: EnvBinding | undefined;
}

/**
 * Per run, the builds of it that run `stage` (every build for a global ARG, which all of them read) and the binding
 * `pick` finds in that run's timeline (null when the place is not in it). Undefined when no build of the workspace runs the place. Invocations past
 * MAX_BUILD_RUNS were not analysed and are not shown either.
 */
export function bindingsByBuild(
  ctx: AnalysisContext,
  stage: number | undefined,
  pick: (t: DockerfileTimeline) => EnvBinding | undefined | null,
): BuildBinding[] | undefined {
  const model = ctx.dockerfile?.model;
  if (!model) return undefined;
  const out: BuildBinding[] = [];
  for (const run of ctx.buildRuns) {
    const builds = stage === undefined ? run.invocations : run.invocations.filter((i) => builtStages(model, i.target).has(stage));
    if (builds.length === 0) continue;
    const timeline = ctx.withBuildArgs(run.args).dockerfile?.timeline;
    const binding = timeline ? pick(timeline) : null;
    // null: the place is not in that build's timeline (a go step its arguments skip); the build is not shown.
    if (binding !== null) out.push({ labels: builds.map((i) => i.label), binding });
  }
  return out.length > 0 ? out : undefined;
}

/** Given by a build of the workspace (not by the command line or the settings, which every run shares). */
function givenByBuild(b: EnvBinding | undefined): boolean {
  const source = b?.origin.buildArg?.source;
  return source !== undefined && source !== 'cli' && source !== 'settings';
}

/** A value as one build gives it: unknown ones are said to be unknown, never guessed. */
function shownValue(ctx: AnalysisContext, b: EnvBinding): string {
  if (isUnknownValue(b.value)) {
    const written = b.origin.buildArg && !b.origin.buildArg.known ? b.origin.buildArg.value : '';
    return written ? localize(ctx.locale, HOVER_TEXT.unknownWritten, code(redactCredentials(written))) : localize(ctx.locale, HOVER_TEXT.unknownValue);
  }
  return b.value === '' ? localize(ctx.locale, HOVER_TEXT.empty) : code(redactCredentials(b.value));
}

/** The line of the ARG whose default an ARG binding holds: its own, or that of the global ARG `ARG NAME` takes over. */
function defaultLine(parsed: ParsedDockerfile, b: EnvBinding): number {
  const ins = b.origin.instruction;
  const own = ins?.kind === 'ARG' ? ins.args.find((a) => a.range === b.origin.range) : undefined;
  const from = own && own.value === undefined && b.origin.stageIndex !== -1 ? parsed.timeline.globalArgs.get(b.name)?.origin.range : b.origin.range;
  return ((from ?? b.origin.range)?.start.line ?? 0) + 1;
}

/** What one build makes of the variable, in words. */
function buildValueText(ctx: AnalysisContext, parsed: ParsedDockerfile, b: EnvBinding | undefined, defaultText: string): string {
  const line = (b?.origin.range?.start.line ?? 0) + 1;
  if (b && givenByBuild(b)) return shownValue(ctx, b);
  if (b && onlyByBuildArg(b)) return localize(ctx.locale, HOVER_TEXT.notPassed, line, defaultText);
  if (b && b.origin.kind === 'arg' && !b.origin.buildArg && b.value !== '')
    return `${shownValue(ctx, b)} — ${localize(ctx.locale, HOVER_TEXT.dockerfileDefault, defaultLine(parsed, b))}`;
  if (b && isUnknownValue(b.value)) return shownValue(ctx, b);
  return originText(ctx, parsed, b, defaultText);
}

/** Labels are file names and service or job names: in Markdown they are shown as written. */
function asMarkdown(labels: readonly string[]): string[] {
  return labels.map((l) => l.replace(/[\\`*_[\]<>]/g, '\\$&'));
}

/** Build labels in a line: the first few, then how many more. */
export function labelList(ctx: AnalysisContext, labels: readonly string[]): string {
  const unique = [...new Set(labels)];
  return unique.length <= 3
    ? localize(ctx.locale, HOVER_TEXT.labels, unique)
    : localize(ctx.locale, HOVER_TEXT.andMore, localize(ctx.locale, HOVER_TEXT.labels, unique.slice(0, 3)), unique.length - 3);
}

/**
 * One Markdown list line per distinct value (`- compose.yaml service api: \`https://goproxy.cn,direct\``), when a
 * build passes the variable or the builds differ; undefined when they all agree on what the Dockerfile alone says.
 */
export function buildValueLines(
  ctx: AnalysisContext,
  parsed: ParsedDockerfile,
  builds: readonly BuildBinding[] | undefined,
  defaultText: string,
): string[] | undefined {
  if (!builds) return undefined;
  const groups = new Map<string, string[]>();
  for (const { labels, binding } of builds) {
    const text = buildValueText(ctx, parsed, binding, defaultText);
    groups.set(text, [...(groups.get(text) ?? []), ...labels]);
  }
  if (groups.size === 1 && !builds.some((b) => givenByBuild(b.binding))) return undefined;
  return [...groups].map(([text, labels]) => localize(ctx.locale, HOVER_TEXT.buildLine, labelList(ctx, asMarkdown(labels)), text));
}

/**
 * The value at a place as a hover shows it: a list line per distinct value when the builds pass the variable or
 * differ, else one text (`base`, the Dockerfile's own binding, in words; "no build passes it" names the builds).
 */
export function valueAtPlace(
  ctx: AnalysisContext,
  parsed: ParsedDockerfile,
  base: EnvBinding | undefined,
  builds: readonly BuildBinding[] | undefined,
  defaultText: string,
): string | string[] {
  const lines = buildValueLines(ctx, parsed, builds, defaultText);
  if (lines) return lines;
  const labels = builds?.flatMap((b) => b.labels) ?? [];
  return originText(ctx, parsed, base, defaultText, labels.length > 0 ? labelList(ctx, asMarkdown(labels)) : undefined);
}
