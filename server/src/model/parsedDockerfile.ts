// A Dockerfile parsed and its Go environment followed through every step: what rules and hovers read of it.
import type { SourceFile } from '../core/types';
import type { BuildArgs } from '../core/buildArgs';
import type { DockerfileModel } from '../syntax/dockerfileModel';
import type { DockerfileTimeline } from '../goenv/timelineModel';
import { parseDockerfile } from '../syntax/dockerfile';
import { FileTextCache } from '../core/memo';
import { buildTimeline } from '../goenv/timeline';

export interface ParsedDockerfile {
  file: SourceFile;
  model: DockerfileModel;
  timeline: DockerfileTimeline;
}

/** A Dockerfile that builds a go.mod, analysed with the build arguments of one way the workspace builds it. */
export interface BuildingDockerfile extends ParsedDockerfile {
  /** The builds that pass these arguments, when the Dockerfile is built several ways with different ones. */
  buildLabels?: readonly string[];
}

/** Parses a Dockerfile; `previous` (an earlier version of the same file) lets unchanged stages be reused. */
export function parseDockerfileFile(file: SourceFile, vendored = false, previous?: ParsedDockerfile, buildArgs?: BuildArgs): ParsedDockerfile {
  const before = previous?.file.uri === file.uri ? previous : undefined;
  // The same text with the same options (a re-check after a go.mod or build file changed) is the same parse, and
  // everything kept per parse holds.
  if (before && isParseOf(before, file, vendored, buildArgs)) return before;
  const model = parseDockerfile(file.text, file.uri, before?.model);
  const parsed = { file, model, timeline: buildTimeline(model, { vendored, buildArgs }, before?.timeline) };
  parseOptions.set(parsed, optionsKey(vendored, buildArgs));
  return parsed;
}

const parseOptions = new WeakMap<ParsedDockerfile, string>();

/** Whether `parsed` is this file's parse with these options (what parseDockerfileFile would give for it). */
export function isParseOf(parsed: ParsedDockerfile, file: SourceFile, vendored: boolean, buildArgs?: BuildArgs): boolean {
  return parsed.file.uri === file.uri && parsed.file.text === file.text && parseOptions.get(parsed) === optionsKey(vendored, buildArgs);
}
const optionsKey = (vendored: boolean, buildArgs: BuildArgs | undefined) => `${vendored}\u0000${buildArgs ? JSON.stringify(buildArgs) : ''}`;

// The Dockerfiles that build a go.mod are parsed for every analysis of it, on every keystroke in the go.mod: kept per
// file, text, vendor mode and build arguments. Bounded by the number of files and the characters kept.
// A parse takes tens of times the memory of its text: the bound is on the texts' characters.
const buildingParses = new FileTextCache<ParsedDockerfile>(256, 512_000);

/** parseDockerfileFile for a Dockerfile read beside the document analysed (the parse is shared, never changed). */
export function parseOtherDockerfile(file: SourceFile, vendored: boolean, buildArgs?: BuildArgs): ParsedDockerfile {
  const key = `${optionsKey(vendored, buildArgs)}\u0000${file.uri}`;
  let parsed = buildingParses.get(key, file.text);
  if (!parsed) buildingParses.set(key, file.text, (parsed = parseDockerfileFile(file, vendored, undefined, buildArgs)));
  return parsed;
}

// The timelines of a shared parse under each set of build arguments a build passes (see parseOtherDockerfile).
const runTimelines = new WeakMap<ParsedDockerfile, Map<string, DockerfileTimeline>>();

/** The parse's timeline with these build arguments (kept with the parse: both are shared, never changed). */
export function timelineWith(parsed: ParsedDockerfile, vendored: boolean, buildArgs: BuildArgs): DockerfileTimeline {
  let byArgs = runTimelines.get(parsed);
  if (!byArgs) runTimelines.set(parsed, (byArgs = new Map()));
  const key = `${vendored}\u0000${JSON.stringify(buildArgs)}`;
  let timeline = byArgs.get(key);
  if (!timeline) {
    if (byArgs.size >= 16) byArgs.clear();
    byArgs.set(key, (timeline = buildTimeline(parsed.model, { vendored, buildArgs })));
  }
  return timeline;
}
