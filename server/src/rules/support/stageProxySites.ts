// The GOPROXY values of the global ARGs and of one stage, for the GOPROXY value rules that judge stages one at a time
// (judgeStages): each stage's values parsed when its stage is judged, not every value of the file every analysis.
import type { Reporter } from '../rule';
import type { AnalysisContext } from '../../model/context';
import type { ParsedDockerfile } from '../../model/parsedDockerfile';
import { parseGoProxy } from '../../goenv/proxy';
import { globalValueSites, stageValueSites, type ValueSite } from '../../model/sites';
import { judgeStages, type StageAnalysis, type StageReports } from './stageReports';
import { builtOnReads, perStage } from './stagesBuiltOn';
import type { ProxySite } from './proxySites';

const GOPROXY: ReadonlySet<string> = new Set(['GOPROXY']);

function proxySitesOf(at: Readonly<StageAnalysis>, sites: ValueSite[]): ProxySite[] {
  const index = at.parsed.model.lines;
  const out: ProxySite[] = [];
  for (const site of sites) {
    if (site.value === '') continue;
    const list = parseGoProxy(site.value);
    out.push({ uri: at.ctx.uri, site, entries: list.entries, listError: list.error, index });
  }
  return out;
}

const setsProxy = perStage((parsed, st) => stageValueSites(parsed, st, GOPROXY).some((site) => site.value !== ''));

/** Judges some GOPROXY values: those of the global ARGs, or those of one stage. */
export type ProxySitesJudgement = (at: Readonly<StageAnalysis>, sites: ProxySite[], report: Reporter) => void;

/**
 * Judges the GOPROXY values of the global ARGs, then those of every stage with judgeStages (see it for `reads`). With
 * `readsSteps` the judgement looks at the download steps reading a value: those of its stage and of the stages built
 * on it, which a stage that sets GOPROXY names as its stageReads.
 */
export function judgeProxySites(
  parsed: ParsedDockerfile,
  ctx: AnalysisContext,
  kept: StageReports,
  reads: readonly unknown[],
  report: Reporter,
  judge: ProxySitesJudgement,
  readsSteps: boolean,
): void {
  judge({ parsed, ctx }, proxySitesOf({ parsed, ctx }, globalValueSites(parsed, GOPROXY)), report);
  judgeStages(
    parsed,
    ctx,
    kept,
    reads,
    report,
    (at, st, stageReport) => judge(at, proxySitesOf(at, stageValueSites(at.parsed, st, GOPROXY)), stageReport),
    readsSteps ? builtOnReads(parsed, setsProxy) : undefined,
  );
}
