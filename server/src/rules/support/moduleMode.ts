// Whether a go step runs in module mode, as the image's Go decides it. Go 1.16 made module mode the default;
// before that GO111MODULE=auto (or unset) used modules only with a go.mod in the working directory or above it
// (Go 1.11 and 1.12 also only outside GOPATH/src), and Go before 1.11 has no modules at all. A GOPATH build
// downloads nothing through GOPROXY, so no module rule speaks about it.
import type { ParsedDockerfile } from '../../core/context';
import type { GoStep, StageTimeline } from '../../goenv/timelineModel';
import type { Instruction } from '../../syntax/dockerfileModel';
import { imageGoVersion } from './image';
import { ancestry } from './steps';

/** A COPY/ADD or RUN that can put a go.mod into the image (the whole context, go.mod itself, a clone, `go mod init`). */
function mayBringGoMod(ins: Instruction): boolean {
  if (ins.kind === 'COPY' || ins.kind === 'ADD') return ins.sources.some((s) => /^(\.\/?|\*|.*go\.(mod|\*))$/.test(s.text) || s.text.endsWith('/') || !/\.[a-z0-9]+$/i.test(s.text));
  if (ins.kind === 'RUN') return /\bgit\s+clone\b|\bgo\s+mod\s+init\b/.test(ins.argsText);
  return false;
}

function goModBefore(parsed: ParsedDockerfile, stage: StageTimeline, step: GoStep): boolean {
  for (const i of [stage.stage.index, ...ancestry(parsed, stage.stage.index)]) {
    const ins = parsed.timeline.stages[i]?.stage.instructions ?? [];
    const limit = i === stage.stage.index ? ins.indexOf(step.instruction) : ins.length;
    if (ins.slice(0, limit < 0 ? ins.length : limit).some(mayBringGoMod)) return true;
  }
  return false;
}

function workdirBefore(stage: StageTimeline, step: GoStep): string | undefined {
  let dir: string | undefined;
  for (const ins of stage.stage.instructions) {
    if (ins === step.instruction) break;
    if (ins.kind === 'WORKDIR') dir = ins.argsText.trim();
  }
  return dir;
}

export function inModuleMode(parsed: ParsedDockerfile, stage: StageTimeline, step: GoStep): boolean {
  const setting = step.env.get('GO111MODULE')?.value ?? '';
  if (setting === 'on') return true;
  const v = imageGoVersion(parsed, stage.stage.index);
  if (!v || v.major > 1 || v.minor >= 16) return true;
  if (v.minor < 11) return false;
  if (setting !== '' && setting !== 'auto') return true;
  if (!goModBefore(parsed, stage, step)) return false;
  // Go 1.11 and 1.12 stay in GOPATH mode inside GOPATH/src, go.mod or not.
  return !(v.minor < 13 && /^\/go\/src(\/|$)/.test(workdirBefore(stage, step) ?? ''));
}
