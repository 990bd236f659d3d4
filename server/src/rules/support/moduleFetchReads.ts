// What a judgement of a stage's module fetches reads besides the stage, as values judgeStages can compare: the build
// files and the missing COPY sources come in a new array with every request, so each is read as one string that
// is equal while they are; and the stages with a build tool that fetches, worked out once per analysis.
import type { AnalysisContext } from '../../model/context';
import type { ParsedDockerfile } from '../../model/parsedDockerfile';
import type { BuildScript } from '../../core/request';
import { toolFetches } from '../../model/moduleFetches';

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

/** The stages with a build tool shown to fetch the modules (toolFetches), once per analysis. */
export function toolFetchStages(ctx: AnalysisContext, parsed: ParsedDockerfile): ReadonlySet<number> {
  return ctx.memo('toolFetchStageIndexes', () => new Set(toolFetches(ctx, parsed).map((s) => s.stageIndex)));
}
