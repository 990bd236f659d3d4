// network-none: a step that must download modules but runs with --network=none.
import { defineRule } from './rule';
import type { Localized } from '../core/localize';
import { localize } from '../core/localize';
import { allDownloadSteps } from '../model/steps';
import { backtick as c } from '../core/text';

const MESSAGES = {
  networkNone: {
    en: (cmd: string) =>
      `${c(cmd)} must download modules, but this RUN has --network=none: it fails with a DNS or dial error. Download in an earlier step, or vendor the modules.`,
    'zh-cn': (cmd: string) => `${c(cmd)} 需要下载模块，但这个 RUN 使用了 --network=none：会因 DNS 或连接错误失败。请在前面的步骤中下载，或 vendor 依赖。`,
  } satisfies Localized<[string]>,
};

export const networkNone = defineRule({
  id: 'network-none',
  family: 'network',
  severity: 'error',
  title: { en: 'A step with --network=none must download modules', 'zh-cn': '使用 --network=none 的步骤需要下载模块' },
  check(parsed, ctx, report) {
    const downloaded = new Set<number>();
    const steps = allDownloadSteps(parsed);
    // Per stage: it or a stage it builds on downloads with the network on (base stages come first, complete).
    const online = new Set<number>();
    for (const d of steps) if (d.step.instruction.network !== 'none') online.add(d.stage.stage.index);
    const reached = new Map<number, boolean>();
    parsed.timeline.stages.forEach((st) =>
      reached.set(st.stage.index, online.has(st.stage.index) || (st.baseStageIndex !== undefined && !!reached.get(st.baseStageIndex))),
    );
    for (const d of steps) {
      const stage = d.stage.stage.index;
      // After an earlier download in this stage (or a base stage) the modules are already in the image.
      const base = d.stage.baseStageIndex;
      const earlier = downloaded.has(stage) || (base !== undefined && !!reached.get(base));
      if (d.step.instruction.network !== 'none') {
        downloaded.add(stage);
        continue;
      }
      if (earlier) continue;
      report({ range: d.step.range, message: localize(ctx.locale, MESSAGES.networkNone, `go ${d.step.subcommand}`) });
    }
  },
});
