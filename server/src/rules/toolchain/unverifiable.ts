// toolchain-unverifiable: a toolchain download the go command cannot complete: golang.org/toolchain is always checked
// against the checksum database (GONOSUMDB and GOPRIVATE do not exempt it, GOSUMDB=off fails it) and always fetched
// through GOPROXY.
import { defineRule, type Reporter } from '../rule';
import type { Localized } from '../../core/localize';
import { localize } from '../../core/localize';
import { routeModule } from '../../goenv/effective';
import { TOOLCHAIN_MODULE, stageToolchainSwitches } from './switches';
import { backtick as c } from '../../core/text';
import type { StageTimeline } from '../../goenv/timelineModel';
import { judgeStages, stageReports, type StageAnalysis } from '../support/stageReports';

const MESSAGES = {
  named: { en: (n: string) => `the ${n} toolchain`, 'zh-cn': (n: string) => `${n} 工具链` } satisfies Localized<[string]>,
  newer: { en: () => 'the newer toolchain go.mod asks for', 'zh-cn': () => 'go.mod 要求的更新工具链' } satisfies Localized,
  sumdbOff: {
    en: (what: string) =>
      `This step downloads ${what} (${c(TOOLCHAIN_MODULE)}), which the go command always checks against the checksum database (GONOSUMDB and GOPRIVATE do not exempt it), but GOSUMDB=off: the build fails with ${c('verifying module: checksum database disabled by GOSUMDB=off')}.`,
    'zh-cn': (what: string) =>
      `这一步会下载${what}（${c(TOOLCHAIN_MODULE)}），go 命令总会用校验和数据库验证它（GONOSUMDB 和 GOPRIVATE 都不能豁免），但 GOSUMDB=off：构建会以 ${c('verifying module: checksum database disabled by GOSUMDB=off')} 失败。`,
  } satisfies Localized<[string]>,
  proxyOff: {
    en: (what: string) =>
      `This step downloads ${what} (${c(TOOLCHAIN_MODULE)}) through GOPROXY, but GOPROXY=off: the build fails with ${c('toolchain not available')}.`,
    'zh-cn': (what: string) => `这一步会经由 GOPROXY 下载${what}（${c(TOOLCHAIN_MODULE)}），但 GOPROXY=off：构建会以 ${c('toolchain not available')} 失败。`,
  } satisfies Localized<[string]>,
};

const unverifiableByStage = stageReports();

export const toolchainUnverifiable = defineRule({
  id: 'toolchain-unverifiable',
  family: 'toolchain',
  severity: 'error',
  title: { en: 'A toolchain download with GOSUMDB=off or GOPROXY=off', 'zh-cn': '在 GOSUMDB=off 或 GOPROXY=off 下下载工具链' },
  check(parsed, ctx, report) {
    // Of go.mod, whether a step switches reads the go and toolchain lines.
    const mod = ctx.goMod;
    judgeStages(parsed, ctx, unverifiableByStage, [ctx.locale, mod?.go?.version, mod?.toolchain?.name], report, judgeUnverifiable);
  },
});

function judgeUnverifiable(at: Readonly<StageAnalysis>, st: StageTimeline, report: Reporter): void {
  // At most one per stage: its first go step that downloads a toolchain.
  const sw = stageToolchainSwitches(at.parsed, at.ctx)[st.stage.index];
  if (!sw) return;
  const route = routeModule(TOOLCHAIN_MODULE, sw.env);
  // A GOPROXY value go rejects fails everything: goproxy-invalid says so.
  if (route.error) return;
  const locale = at.ctx.locale;
  const what = sw.named ? localize(locale, MESSAGES.named, sw.named) : localize(locale, MESSAGES.newer);
  // GOPROXY=off: nothing to fetch from (a GONOPROXY/GOPRIVATE match is fetched directly, which works).
  if (route.via === 'off') report({ range: sw.step.range, message: localize(locale, MESSAGES.proxyOff, what) });
  // The only exemption: a lone file:// GOPROXY (routeModule then says 'off' for the checksum).
  else if (route.checksum === 'sumdb' && route.sumdb?.kind === 'off') report({ range: sw.step.range, message: localize(locale, MESSAGES.sumdbOff, what) });
}
