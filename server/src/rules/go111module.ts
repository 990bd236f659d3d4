// GO111MODULE: `on`, the default since Go 1.16 (go111module-redundant), and `off`, GOPATH mode (go111module-off).
import { defineRule, type Reporter } from './rule';
import type { Localized } from '../core/localize';
import { localize } from '../core/localize';
import { globalValueSites, stageValueSites, type ValueSite } from '../model/sites';
import { judgeStages, stageReports, type StageAnalysis } from './support/stageReports';
import type { AnalysisContext } from '../model/context';
import type { ParsedDockerfile } from '../model/parsedDockerfile';
import type { Fix } from '../core/types';
import { samePosition } from '../core/text';
import { removeAssignment } from '../model/edits';
import { moduleModeByDefault } from './support/moduleMode';
import { builtOnReads, perStage } from './support/stagesBuiltOn';

const MESSAGES = {
  redundant: {
    en: () => 'GO111MODULE=on is the default since Go 1.16: this setting changes nothing and can go.',
    'zh-cn': () => '自 Go 1.16 起 GO111MODULE=on 就是默认值：这个设置没有任何作用，可以删除。',
  } satisfies Localized,
  off: {
    en: () =>
      'GO111MODULE=off switches the go command to GOPATH mode: go.mod is ignored, no module is downloaded through GOPROXY, and `go mod` commands fail with "modules disabled by GO111MODULE=off".',
    'zh-cn': () =>
      'GO111MODULE=off 会让 go 命令进入 GOPATH 模式：go.mod 被忽略，不会通过 GOPROXY 下载任何模块，`go mod` 命令会以 "modules disabled by GO111MODULE=off" 失败。',
  } satisfies Localized,
  removeTitle: { en: (name: string) => `Remove ${name}`, 'zh-cn': (name: string) => `删除 ${name}` } satisfies Localized<[string]>,
};

const GO111MODULE: ReadonlySet<string> = new Set(['GO111MODULE']);

/** Of sites of GO111MODULE, those setting it to `value`. */
function withValue(sites: ValueSite[], value: 'on' | 'off'): ValueSite[] {
  return sites.filter((site) => site.value.trim().toLowerCase() === value);
}

const redundantByStage = stageReports();

/** Sites setting GO111MODULE=on where module mode is the default already. */
function judgeRedundant(at: Readonly<StageAnalysis>, sites: ValueSite[], report: Reporter): void {
  for (const site of sites) {
    // In an image older than Go 1.16 (or one we cannot date) `on` may still matter.
    if (!moduleModeByDefault(at.parsed, at.ctx, site.stageIndex)) continue;
    report({
      range: site.range,
      message: localize(at.ctx.locale, MESSAGES.redundant),
      tags: ['unnecessary'],
      fixes: () => [removeFix(at.ctx, site, at.parsed)],
    });
  }
}

function removeFix(ctx: AnalysisContext, site: ValueSite, parsed: ParsedDockerfile): Fix {
  return {
    title: localize(ctx.locale, MESSAGES.removeTitle, `GO111MODULE=${site.value.trim()}`),
    preferred: true,
    edits: [{ uri: ctx.uri, edits: [removeAssignment(site, parsed.model.lines)] }],
  };
}

export const go111moduleRedundant = defineRule({
  id: 'go111module-redundant',
  family: 'go111module',
  severity: 'hint',
  title: { en: 'GO111MODULE=on is the default since Go 1.16', 'zh-cn': '自 Go 1.16 起 GO111MODULE=on 已是默认值' },
  check(parsed, ctx, report) {
    judgeRedundant({ parsed, ctx }, withValue(globalValueSites(parsed, GO111MODULE), 'on'), report);
    // A stage's judgement reads its image's Go version, else go.mod's go line.
    judgeStages(parsed, ctx, redundantByStage, [ctx.locale, ctx.goMod?.go?.version], report, (at, st, stageReport) =>
      judgeRedundant(at, withValue(stageValueSites(at.parsed, st, GO111MODULE), 'on'), stageReport),
    );
  },
});

export const go111moduleOff = defineRule({
  id: 'go111module-off',
  family: 'go111module',
  severity: 'information',
  title: { en: 'GO111MODULE=off ignores go.mod (GOPATH mode)', 'zh-cn': 'GO111MODULE=off 会忽略 go.mod（GOPATH 模式）' },
  check(parsed, ctx, report) {
    judgeOff({ parsed, ctx }, withValue(globalValueSites(parsed, GO111MODULE), 'off'), report);
    // Whether a go command runs with a stage's setting looks at its go steps and those of the stages built on it.
    judgeStages(
      parsed,
      ctx,
      offByStage,
      [ctx.locale],
      report,
      (at, st, stageReport) => judgeOff(at, withValue(stageValueSites(at.parsed, st, GO111MODULE), 'off'), stageReport),
      builtOnReads(parsed, setsOff),
    );
  },
});

const offByStage = stageReports();
const setsOff = perStage((parsed, st) => withValue(stageValueSites(parsed, st, GO111MODULE), 'off').length > 0);

/** Sites setting GO111MODULE=off that a go command of the Dockerfile runs with. */
function judgeOff(at: Readonly<StageAnalysis>, sites: ValueSite[], report: Reporter): void {
  if (sites.length === 0) return;
  // Only where a go command of the Dockerfile runs with it: a script may set GO111MODULE again for its own.
  const used = new Set(at.parsed.timeline.stages.flatMap((st) => st.goSteps.map((s) => s.env.get('GO111MODULE')?.origin.range)).filter((r) => !!r));
  const reaches = (site: { range: { start: { line: number; character: number } } }) => [...used].some((r) => samePosition(r!.start, site.range.start));
  for (const site of sites)
    if (reaches(site)) report({ range: site.range, message: localize(at.ctx.locale, MESSAGES.off), fixes: () => [removeFix(at.ctx, site, at.parsed)] });
}
