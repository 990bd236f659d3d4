// What a judgement of a stage's module fetches reads besides the stage, as values judgeStages can compare: the build
// files and the missing COPY sources come in a new array with every request, so each is read as one string that
// is equal while they are; and which stages download the modules (a build tool that fetches among them), worked
// out once per analysis.
import type { AnalysisContext } from '../../model/context';
import type { ParsedDockerfile } from '../../model/parsedDockerfile';
import type { BuildScript } from '../../core/request';
import { toolFetches } from '../../model/moduleFetches';
import { localStageFacts, stageLocalFacts } from '../../model/stages';
import { isVersionedFetch } from '../../model/goStepKinds';

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
function toolFetchStages(ctx: AnalysisContext, parsed: ParsedDockerfile): ReadonlySet<number> {
  return ctx.memo('toolFetchStageIndexes', () => new Set(toolFetches(ctx, parsed).map((s) => s.stageIndex)));
}

// Per stage: it or a stage it builds on downloads the module's requirements (`go install x@v1` fetches another module).
const downloadingStages = localStageFacts<boolean>();

/** Whether a stage or one it builds on downloads the module's requirements (`go install x@v1` fetches another module). */
export function downloadsBy(ctx: AnalysisContext, parsed: ParsedDockerfile, stageIndex: number): boolean {
  // Once per analysis, in one pass (a base stage comes first), and only when a judgement gets this far: build tools
  // shown to fetch depend on the build files, not only on the parse.
  const downloading = ctx.memo('modfilesDownloadingStages', () => {
    const literal = stageLocalFacts(parsed, downloadingStages, (st, base) => !!base || st.goSteps.some((s) => s.downloads && !isVersionedFetch(s)));
    const tools = toolFetchStages(ctx, parsed);
    const out: boolean[] = [];
    for (const st of parsed.timeline.stages) {
      const i = st.stage.index;
      const b = st.baseStageIndex;
      out.push(literal[i] || tools.has(i) || (b !== undefined && b < i && out[b]));
    }
    return out;
  });
  return downloading[stageIndex];
}
