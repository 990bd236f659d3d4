// A Dockerfile parsed and its Go environment followed through every step: what rules and hovers read of it.
import type { SourceFile } from '../core/types';
import type { BuildArgs } from '../core/buildArgs';
import type { DockerfileModel } from '../syntax/dockerfileModel';
import type { DockerfileTimeline } from '../goenv/timelineModel';
import { parseDockerfile } from '../syntax/dockerfile';
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
  const model = parseDockerfile(file.text, file.uri, before?.model);
  return { file, model, timeline: buildTimeline(model, { vendored, buildArgs }, before?.timeline) };
}
