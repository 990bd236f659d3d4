// The Go version of a stage's base image, read from official-image style tags: golang:1.22, golang:1.22.3-alpine,
// golang:1.22-bookworm@sha256:…, docker.io/library/golang:1.21. Other images carry no version we can know.
import type { ParsedDockerfile } from '../../core/context';
import { ancestry } from './steps';

export interface ImageGoVersion {
  major: number;
  minor: number;
  patch?: number;
  /** The version as written in the tag (`1.22.3`, `1.22rc1`). */
  text: string;
  /** What follows the version in the tag (`-alpine3.20`), kept by fixes that bump the version. */
  suffix: string;
  image: string;
}

const GOLANG_IMAGE = /^(?:(?:docker\.io\/)?(?:library\/)?|[^/]+\/(?:library\/)?)?golang:(\d+)\.(\d+)(?:\.(\d+)|(rc\d+|beta\d+))?([^@]*)(?:@.*)?$/i;

export function parseGolangImage(image: string): ImageGoVersion | undefined {
  const m = GOLANG_IMAGE.exec(image.trim());
  if (!m) return undefined;
  const [, major, minor, patch, pre, suffix] = m;
  const text = `${major}.${minor}${patch !== undefined ? `.${patch}` : pre ?? ''}`;
  return { major: Number(major), minor: Number(minor), patch: patch !== undefined ? Number(patch) : undefined, text, suffix, image };
}

/** The Go version of the image a stage starts from, following FROM <stage> chains. */
export function imageGoVersion(parsed: ParsedDockerfile, stageIndex: number): ImageGoVersion | undefined {
  for (const i of [stageIndex, ...ancestry(parsed, stageIndex)]) {
    const image = parsed.timeline.stages[i]?.resolvedImage;
    if (image) return parseGolangImage(image);
  }
  return undefined;
}
