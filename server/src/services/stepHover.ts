// The hover on a go step: the command, whether it downloads modules, and the Go environment it runs with — each
// variable's value and where it comes from, listed per build of the workspace where the builds pass it or differ.
import type { AnalysisContext } from '../model/context';
import type { ParsedDockerfile } from '../model/parsedDockerfile';
import { samePosition } from '../core/text';
import { localize } from '../core/localize';
import type { DockerfileTimeline, GoStep } from '../goenv/timelineModel';
import { variableDoc } from '../goenv/docs/variables';
import { HOVER_TEXT, cell } from './hoverText';
import { bindingsByBuild, valueAtPlace } from './buildValues';
import type { HoverResult } from './hover';
import { STEP_HOVER_VARIABLES } from '../goenv/variables';

/** The same step in another build's timeline (same instruction, same place), or null when that build skips it. */
function sameStep(t: DockerfileTimeline, step: GoStep): GoStep | null {
  const at = step.range.start;
  return t.stages[step.stageIndex]?.goSteps.find((s) => s.instruction === step.instruction && samePosition(s.range.start, at)) ?? null;
}

export function stepEnvTable(ctx: AnalysisContext, parsed: ParsedDockerfile, step: GoStep): string {
  const rows: string[] = [];
  const byBuild: string[] = [];
  for (const name of STEP_HOVER_VARIABLES) {
    const builds = bindingsByBuild(ctx, step.stageIndex, (t) => {
      const same = sameStep(t, step);
      return same && same.env.get(name);
    });
    const own = step.env.get(name);
    const set = (own?.value ?? '') !== '' || !!builds?.some((b) => (b.binding?.value ?? '') !== '');
    if (name !== 'GOPROXY' && !set) continue;
    const doc = variableDoc(name);
    const shown = valueAtPlace(ctx, parsed, own, builds, doc ? localize(ctx.locale, doc.defaultValue) : '—');
    if (typeof shown === 'string') rows.push(`| ${name} | ${cell(shown)} |`);
    else {
      rows.push(`| ${name} | ${localize(ctx.locale, HOVER_TEXT.differsByBuild)} |`);
      byBuild.push([localize(ctx.locale, HOVER_TEXT.variableByBuild, name), ...shown].join('\n'));
    }
  }
  return [['| | |', '|---|---|', ...rows].join('\n'), ...byBuild].join('\n\n');
}

export function stepHover(ctx: AnalysisContext, parsed: ParsedDockerfile, step: GoStep): HoverResult {
  const cmd = `go ${step.subcommand === 'other' ? '' : step.subcommand}`.trim();
  const head = `${localize(ctx.locale, HOVER_TEXT.stepEnv, cmd)} ${step.downloads ? localize(ctx.locale, HOVER_TEXT.downloads) : localize(ctx.locale, HOVER_TEXT.noDownloads)}`;
  return { contents: [head, stepEnvTable(ctx, parsed, step)].join('\n\n'), range: step.range };
}
