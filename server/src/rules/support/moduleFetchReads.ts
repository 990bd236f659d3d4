// What a judgement of a stage's module fetches reads besides the stage, as values judgeStages can compare: the build
// files and the missing COPY sources come in a new array with every request, so each is read as one string that
// is equal while they are; and the fetches of every stage, worked out once per analysis for the stages judged.
import type { AnalysisContext } from '../../model/context';
import type { ParsedDockerfile } from '../../model/parsedDockerfile';
import type { BuildScript } from '../../core/request';
import { firstModuleFetches, toolFetches, type ModuleFetch } from '../../model/moduleFetches';

const scriptKeys = new WeakMap<readonly BuildScript[], string>();

/**
 * The build files a build tool's RUN is read from (toolFetches), as one string: their paths and texts, in order
 * (the first of a path is the one read). Equal for requests that give the same files.
 */
export function buildScriptsKey(ctx: AnalysisContext): string {
  const scripts = ctx.req.related.buildScripts;
  if (!scripts || scripts.length === 0) return '';
  let key = scriptKeys.get(scripts);
  if (key === undefined) scriptKeys.set(scripts, (key = scripts.map((f) => `${f.contextPath}\u0000${f.text}`).join('\u0001')));
  return key;
}

/** The COPY sources the build context lacks (which may keep a step from running: mayBeUnreachable), as one string. */
export function missingSourcesKey(ctx: AnalysisContext): string {
  return (ctx.req.related.missingCopySources ?? []).join('\u0000');
}

/** firstModuleFetches, once per analysis: the judgement of each stage asks it for its own. */
export function keptFirstFetches(ctx: AnalysisContext, parsed: ParsedDockerfile): Map<number, ModuleFetch> {
  return ctx.memo('firstModuleFetchesByStage', () => firstModuleFetches(ctx, parsed));
}

/** The stages with a build tool shown to fetch the modules (toolFetches), once per analysis. */
export function toolFetchStages(ctx: AnalysisContext, parsed: ParsedDockerfile): ReadonlySet<number> {
  return ctx.memo('toolFetchStageIndexes', () => new Set(toolFetches(ctx, parsed).map((s) => s.stageIndex)));
}
