// The Go version of a stage's base image, read from official-image style tags: golang:1.22, golang:1.22.3-alpine,
// golang:1.22-bookworm@sha256:…, docker.io/library/golang:1.21. Other images carry no version we can know.
import type { ParsedDockerfile } from '../../core/context';
import { ancestry } from './steps';
import type { Instruction } from '../../syntax/dockerfileModel';
import { OFFICIAL_IMAGE_DEFAULTS, type ImageDefaults } from '../../goenv/effective';

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

/** An official golang image, under any registry or mirror (`golang:1.22`, `docker.io/library/golang`, `mirror/golang@sha256:…`). */
const OFFICIAL_GOLANG = /(^|\/)golang([:@]|$)/i;
/** Go installed by the Dockerfile itself (a distribution package or the release tarball): GOPATH is then $HOME/go. */
const GO_INSTALLED = /\b(apk\s+add|apt-get\s+install|apt\s+install|dnf\s+install|yum\s+install|microdnf\s+install)\b[^\n]*\s(go|golang)(\s|$|-|=)|go\d[\d.]*\.linux-[a-z0-9]+\.tar\.gz/i;

/**
 * Where Go's defaults come from in a stage: the official image's (GOPATH=/go), a Go the Dockerfile installs
 * ($HOME/go), or undefined for any other base image, whose environment we cannot see.
 */
export function imageDefaultsAt(parsed: ParsedDockerfile, stageIndex: number): ImageDefaults | undefined {
  const stages = [stageIndex, ...ancestry(parsed, stageIndex)].map((i) => parsed.timeline.stages[i]).filter((st) => !!st);
  if (stages.some((st) => OFFICIAL_GOLANG.test(st.resolvedImage ?? ''))) return OFFICIAL_IMAGE_DEFAULTS;
  if (stages.some((st) => st.stage.instructions.some((ins) => ins.kind === 'RUN' && GO_INSTALLED.test(ins.argsText)))) return { GOPATH: '', HOME: '/root' };
  return undefined;
}

/** A Windows stage: backtick escape, a Windows base image, or a PowerShell/cmd SHELL (no BuildKit mounts there). */
export function isWindowsStage(parsed: ParsedDockerfile, stageIndex: number): boolean {
  if (parsed.model.escapeChar === '`') return true;
  for (const i of [stageIndex, ...ancestry(parsed, stageIndex)]) {
    const st = parsed.timeline.stages[i];
    if (!st) continue;
    if (/windows|servercore|nanoserver|ltsc20\d\d/i.test(st.resolvedImage ?? '')) return true;
    if (/^windows\//i.test(st.stage.from.platform?.text ?? '')) return true;
    if (st.stage.instructions.some((ins) => ins.kind === 'SHELL' && /powershell|pwsh|cmd(\.exe)?"/i.test(ins.argsText))) return true;
  }
  return false;
}

/** The home directory of the user a RUN runs as: root's, unless a USER instruction before it names another user. */
export function homeAt(parsed: ParsedDockerfile, stageIndex: number, before: Instruction): string | undefined {
  for (const i of [stageIndex, ...ancestry(parsed, stageIndex)]) {
    const ins = parsed.timeline.stages[i]?.stage.instructions ?? [];
    const limit = i === stageIndex ? ins.indexOf(before) : ins.length;
    for (let k = (limit < 0 ? ins.length : limit) - 1; k >= 0; k--) {
      if (ins[k].kind !== 'USER') continue;
      const user = ins[k].argsText.trim().split(':')[0];
      if (user === '' || user === 'root' || user === '0') return '/root';
      // useradd --create-home gives /home/NAME; a bare UID has no passwd entry and Docker uses HOME=/.
      return /^\d+$/.test(user) ? '/' : `/home/${user}`;
    }
  }
  return undefined;
}

/** The Go version of the image a stage starts from, following FROM <stage> chains. */
export function imageGoVersion(parsed: ParsedDockerfile, stageIndex: number): ImageGoVersion | undefined {
  for (const i of [stageIndex, ...ancestry(parsed, stageIndex)]) {
    const image = parsed.timeline.stages[i]?.resolvedImage;
    if (image) return parseGolangImage(image);
  }
  return undefined;
}
