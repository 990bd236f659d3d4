// The Go version of a stage's base image, read from official-image style tags: golang:1.22, golang:1.22.3-alpine,
// golang:1.22-bookworm@sha256:…, docker.io/library/golang:1.21. Other images carry no version we can know.
import type { ParsedDockerfile } from '../../core/context';
import { ancestry } from './steps';
import type { Instruction } from '../../syntax/dockerfileModel';

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

/** Per instruction list (a stage's): whether it has a Windows SHELL, each instruction's position and the last USER
 * at or before it. Computed once: a scan per go step is quadratic in a stage of thousands of steps. */
interface StageFacts {
  windowsShell: boolean;
  position: Map<Instruction, number>;
  /** lastUser[k]: index of the last USER instruction at or before k, -1 if none. */
  lastUser: Int32Array;
}
const stageFacts = new WeakMap<readonly Instruction[], StageFacts>();

function factsOf(ins: readonly Instruction[]): StageFacts {
  let f = stageFacts.get(ins);
  if (!f) {
    const position = new Map<Instruction, number>();
    const lastUser = new Int32Array(ins.length);
    let windowsShell = false;
    let user = -1;
    ins.forEach((x, k) => {
      position.set(x, k);
      if (x.kind === 'USER') user = k;
      lastUser[k] = user;
      if (x.kind === 'SHELL' && /powershell|pwsh|cmd(\.exe)?"/i.test(x.argsText)) windowsShell = true;
    });
    stageFacts.set(ins, (f = { windowsShell, position, lastUser }));
  }
  return f;
}

/** A Windows stage: backtick escape, a Windows base image, or a PowerShell/cmd SHELL (no BuildKit mounts there). */
export function isWindowsStage(parsed: ParsedDockerfile, stageIndex: number): boolean {
  if (parsed.model.escapeChar === '`') return true;
  for (const i of [stageIndex, ...ancestry(parsed, stageIndex)]) {
    const st = parsed.timeline.stages[i];
    if (!st) continue;
    if (/windows|servercore|nanoserver|ltsc20\d\d/i.test(st.resolvedImage ?? '')) return true;
    if (factsOf(st.stage.instructions).windowsShell) return true;
  }
  return false;
}

/** The home directory of the user a RUN runs as: root's, unless a USER instruction before it names another user. */
export function homeAt(parsed: ParsedDockerfile, stageIndex: number, before: Instruction): string | undefined {
  for (const i of [stageIndex, ...ancestry(parsed, stageIndex)]) {
    const ins = parsed.timeline.stages[i]?.stage.instructions ?? [];
    if (ins.length === 0) continue;
    const facts = factsOf(ins);
    // The last instruction before `before` in its own stage (all of it when `before` is not there), else the whole stage.
    const at = i === stageIndex ? (facts.position.get(before) ?? ins.length) - 1 : ins.length - 1;
    const k = at >= 0 ? facts.lastUser[at] : -1;
    if (k < 0) continue;
    const user = ins[k].argsText.trim().split(':')[0];
    if (user === '' || user === 'root' || user === '0') return '/root';
    // useradd --create-home gives /home/NAME; a bare UID has no passwd entry and Docker uses HOME=/.
    return /^\d+$/.test(user) ? '/' : `/home/${user}`;
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
