// Which stage a position means, and the download step that speaks for it: the custom requests (mirrors,
// container plan, mirror edit) all start from "the Dockerfile stage under the cursor".
import type { AnalysisContext } from '../model/context';
import type { ParsedDockerfile } from '../model/parsedDockerfile';
import type { Position } from '../core/text';
import type { GoStep, StageTimeline } from '../goenv/timelineModel';

export interface StageChoice {
  parsed: ParsedDockerfile;
  stage: StageTimeline;
  /** The stage's first module-downloading go step, if any. */
  step?: GoStep;
}

/** The stage containing `position` if it downloads modules, else the first stage that does, else the stage there. */
export function stageAt(parsed: ParsedDockerfile, position?: Position): StageChoice | undefined {
  const stages = parsed.timeline.stages;
  if (stages.length === 0) return undefined;
  const first = (st: StageTimeline) => st.goSteps.find((s) => s.downloads);
  let here: StageTimeline | undefined;
  if (position) for (const st of stages) if (st.stage.range.start.line <= position.line) here = st;
  if (here && first(here)) return { parsed, stage: here, step: first(here) };
  const downloading = stages.find((st) => first(st));
  if (downloading) return { parsed, stage: downloading, step: first(downloading) };
  const fallback = here ?? stages[stages.length - 1];
  return { parsed, stage: fallback };
}

/** For a Dockerfile: its stage at the position; for go.mod/go.work: the first Dockerfile that builds it. */
export function stageFor(ctx: AnalysisContext, position?: Position): StageChoice | undefined {
  if (ctx.req.kind === 'dockerfile') return ctx.dockerfile ? stageAt(ctx.dockerfile, position) : undefined;
  for (const parsed of ctx.buildingDockerfiles) {
    const choice = stageAt(parsed);
    if (choice?.step) return choice;
  }
  const any = ctx.buildingDockerfiles[0];
  return any ? stageAt(any) : undefined;
}
