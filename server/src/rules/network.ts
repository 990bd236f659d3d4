// network-none: a step that must download modules but runs with --network=none.
import { defineRule, type Reporter } from './rule';
import type { Localized } from '../core/localize';
import { localize } from '../core/localize';
import { resolvedEnv } from '../model/steps';
import { inModuleMode } from '../model/moduleMode';
import { localStageFacts, stageLocalFacts } from '../model/stages';
import type { ParsedDockerfile } from '../model/parsedDockerfile';
import type { GoStep, StageTimeline } from '../goenv/timelineModel';
import { backtick as c } from '../core/text';
import { judgeStages, stageReports, type StageAnalysis } from './support/stageReports';

const MESSAGES = {
  networkNone: {
    en: (cmd: string) =>
      `${c(cmd)} must download modules, but this RUN has --network=none: it fails with a DNS or dial error. Download in an earlier step, or vendor the modules.`,
    'zh-cn': (cmd: string) => `${c(cmd)} 需要下载模块，但这个 RUN 使用了 --network=none：会因 DNS 或连接错误失败。请在前面的步骤中下载，或 vendor 依赖。`,
  } satisfies Localized<[string]>,
};

/**
 * A stage's module-downloading go steps sure to run, in order: allDownloadSteps' steps of this stage (module mode,
 * a known environment, not under an undecided shell condition), worked out from the stage and those it builds on.
 */
function sureDownloads(parsed: ParsedDockerfile, st: StageTimeline): GoStep[] {
  return st.goSteps.filter((s) => s.downloads && !s.mayNotRun && inModuleMode(parsed, st, s) && resolvedEnv(s.env) !== undefined);
}

const online = (s: GoStep) => s.instruction.network !== 'none';

// Per stage: it or a stage it builds on downloads with the network on (then the modules are in its image).
const downloadedOnline = localStageFacts<boolean>();

export const networkNone = defineRule({
  id: 'network-none',
  family: 'network',
  severity: 'error',
  title: { en: 'A step with --network=none must download modules', 'zh-cn': '使用 --network=none 的步骤需要下载模块' },
  check(parsed, ctx, report) {
    judgeStages(parsed, ctx, networkNoneByStage, [ctx.locale], report, judgeNetworkNone);
  },
});

const networkNoneByStage = stageReports();

/** The downloads of a stage with --network=none before any download with the network, in it or a stage it builds on. */
function judgeNetworkNone(at: Readonly<StageAnalysis>, st: StageTimeline, report: Reporter): void {
  const steps = sureDownloads(at.parsed, st);
  if (steps.every(online)) return;
  const base = st.baseStageIndex;
  let earlier = base !== undefined && !!stageLocalFacts(at.parsed, downloadedOnline, (stage, b) => !!b || sureDownloads(at.parsed, stage).some(online))[base];
  for (const s of steps) {
    if (online(s)) earlier = true;
    else if (!earlier) report({ range: s.range, message: localize(at.ctx.locale, MESSAGES.networkNone, `go ${s.subcommand}`) });
  }
}
