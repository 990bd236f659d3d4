// Which Dockerfile instruction a step of a build log is: the line of the builder's excerpt, else the instruction
// with the same text (one of several told apart by the stage and the step number), else the instruction at the
// step's number when the log cut its text short. A step the Dockerfile does not have maps to nothing.
import type { ParsedDockerfile } from '../model/parsedDockerfile';
import type { StageTimeline } from '../goenv/timelineModel';
import type { Instruction } from '../syntax/dockerfileModel';
import { instructionKey, type LogStep } from './buildSteps';

export interface MappedStep {
  instruction: Instruction;
  stage: StageTimeline;
}

/** The instructions for which BuildKit prints a step (FROM and those that make a layer). */
const BUILDKIT_STEPS = new Set(['RUN', 'COPY', 'ADD', 'WORKDIR']);

function textOf(ins: Instruction): string {
  return instructionKey(`${ins.keyword} ${ins.argsText}`);
}

/** The instruction a step number names, as the builder counts. */
function atNumber(parsed: ParsedDockerfile, step: LogStep): Instruction | undefined {
  const n = step.number;
  if (n === undefined) return undefined;
  if (step.numbering === 'legacy') return parsed.model.instructions[n - 1];
  const stages = parsed.model.stages;
  let stage = stages.length === 1 ? stages[0] : undefined;
  if (step.numbering === 'podman') stage = step.stageNumber !== undefined ? stages[step.stageNumber - 1] : stages.length === 1 ? stages[0] : undefined;
  else if (step.stage !== undefined) stage = stageNamed(parsed, step.stage);
  if (!stage) return undefined;
  if (n === 1) return stage.from;
  const counted = step.numbering === 'buildkit' ? stage.instructions.filter((i) => BUILDKIT_STEPS.has(i.keyword)) : stage.instructions;
  return counted[n - 2];
}

/** A BuildKit stage label: its `AS` name, or `stage-N` for the N-th (0-based) stage. */
function stageNamed(parsed: ParsedDockerfile, label: string) {
  const lower = label.toLowerCase();
  const index = /^stage-(\d+)$/.exec(lower);
  return parsed.model.stages.find((s) => s.name === lower) ?? (index ? parsed.model.stages[Number(index[1])] : undefined);
}

function inStage(parsed: ParsedDockerfile, step: LogStep, ins: Instruction): boolean {
  if (step.numbering === 'buildkit' && step.stage !== undefined) return stageNamed(parsed, step.stage)?.index === ins.stageIndex;
  if (step.numbering === 'podman' && step.stageNumber !== undefined) return step.stageNumber - 1 === ins.stageIndex;
  return true;
}

function mapped(parsed: ParsedDockerfile, ins: Instruction | undefined): MappedStep | undefined {
  const stage = ins ? parsed.timeline.stages[ins.stageIndex] : undefined;
  return ins && stage ? { instruction: ins, stage } : undefined;
}

export function mapStep(step: LogStep, parsed: ParsedDockerfile): MappedStep | undefined {
  const key = instructionKey(step.instruction);
  const keyword = key.split(' ')[0]!.toUpperCase();
  const instructions = parsed.model.instructions.filter((i) => i.stageIndex >= 0);
  if (step.dockerfileLine !== undefined) {
    const line = step.dockerfileLine - 1;
    const at = instructions.find((i) => i.range.start.line <= line && line <= i.range.end.line);
    if (at && at.keyword === keyword) return mapped(parsed, at);
  }
  const same = instructions.filter((i) => textOf(i) === key);
  if (same.length === 1) return mapped(parsed, same[0]);
  const numbered = atNumber(parsed, step);
  if (same.length > 1) {
    if (numbered && same.includes(numbered)) return mapped(parsed, numbered);
    const staged = same.filter((i) => inStage(parsed, step, i));
    return staged.length === 1 ? mapped(parsed, staged[0]) : undefined;
  }
  // A terminal display cuts long names (`RUN go mod download && go build -o /out/ap...`).
  const cut = /^(.*?)(?:\.\.\.|\u2026)$/.exec(key)?.[1];
  if (cut && numbered && numbered.keyword === keyword && textOf(numbered).startsWith(cut)) return mapped(parsed, numbered);
  return undefined;
}

/** How many of the log's steps the Dockerfile has: picks, of several Dockerfiles, the one the log built. */
export function matchingSteps(steps: readonly LogStep[], parsed: ParsedDockerfile): number {
  return steps.filter((s) => mapStep(s, parsed) !== undefined).length;
}
