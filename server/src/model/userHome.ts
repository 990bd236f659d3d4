// Where a RUN's user lives and works: the HOME its commands see (where go and git look for .netrc and
// .gitconfig) and the WORKDIR BuildKit resolves relative mount targets against.
import * as path from 'node:path';
import type { ParsedDockerfile } from './parsedDockerfile';
import type { Instruction } from '../syntax/dockerfileModel';
import { expandShellValue } from '../syntax/dockerWords';
import { positionIn } from './steps';
import { ancestry } from './stages';
import { createdHomes, homeAt, imageDefaultsAt } from './image';
import { OFFICIAL_IMAGE_DEFAULTS } from '../goenv/effective';

export interface RunHome {
  home: string;
  /** How the home is known: ENV/ARG HOME, the user's home as created in the Dockerfile, or the usual default for the user. */
  from: 'env' | 'created' | 'default';
}

/** The instructions of a stage's chain (the stages it builds on first) that run before `before`. */
function instructionsBefore(parsed: ParsedDockerfile, stageIndex: number, before: Instruction): { ins: Instruction; stage: number; at: number }[] {
  const out: { ins: Instruction; stage: number; at: number }[] = [];
  for (const s of [...ancestry(parsed, stageIndex).reverse(), stageIndex]) {
    const instructions = parsed.model.stages[s]?.instructions ?? [];
    const limit = s === stageIndex ? positionIn(parsed, s, before) : instructions.length;
    for (let k = 0; k < limit && k < instructions.length; k++) out.push({ ins: instructions[k], stage: s, at: k });
  }
  return out;
}

/**
 * The HOME of the user a RUN runs as: an absolute ENV (or ARG) HOME in scope; else the home the Dockerfile creates
 * the USER with; else root's /root, or /home/NAME for another user.
 */
export function homeForRun(parsed: ParsedDockerfile, stageIndex: number, run: Instruction): RunHome {
  const st = parsed.timeline.stages[stageIndex];
  const env = st?.envBefore[positionIn(parsed, stageIndex, run)]?.get('HOME');
  if (env && env.origin.kind !== 'go-env-w' && env.value.startsWith('/')) return { home: env.value, from: 'env' };
  const user = [...instructionsBefore(parsed, stageIndex, run)].reverse().find((x) => x.ins.kind === 'USER');
  const name = user?.ins.argsText.trim().split(':')[0];
  if (name && name !== 'root' && name !== '0') {
    const created = createdHomes(parsed).get(name);
    if (created) return { home: created, from: 'created' };
  }
  return { home: homeAt(parsed, stageIndex, run) ?? '/root', from: 'default' };
}

/**
 * The WORKDIR a RUN runs in, as BuildKit resolves it (relative WORKDIRs join the one before, `$VAR` expands with
 * the stage's ARG/ENV); undefined when the Dockerfile does not set it and the base image's is not known (the
 * official golang image works in /go), or a value cannot be worked out.
 */
export function workdirAt(parsed: ParsedDockerfile, stageIndex: number, run: Instruction): string | undefined {
  let dir: string | undefined = imageDefaultsAt(parsed, stageIndex) === OFFICIAL_IMAGE_DEFAULTS ? '/go' : undefined;
  for (const { ins, stage, at } of instructionsBefore(parsed, stageIndex, run)) {
    if (ins.kind !== 'WORKDIR') continue;
    const env = parsed.timeline.stages[stage]?.envBefore[at];
    const value = expandShellValue(ins.argsText.trim(), (n) => env?.get(n)?.value);
    if (value === undefined || value === '') dir = undefined;
    else if (value.startsWith('/')) dir = path.posix.normalize(value);
    else dir = dir === undefined ? undefined : path.posix.join(dir, value);
  }
  return dir;
}
