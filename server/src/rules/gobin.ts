// gobin-empty: `$GOBIN` in an ENV of a stage on the official golang image, which does not set GOBIN (go installs into
// $GOPATH/bin, /go/bin, already on that image's PATH). Docker expands it to nothing: `ENV PATH=$PATH:$GOBIN` adds an
// empty PATH entry (the current directory to the shell) instead of the folder the tools are in.
import { defineRule, type Reporter } from './rule';
import type { Localized } from '../core/localize';
import { localize } from '../core/localize';
import { backtick as c } from '../core/text';
import { OFFICIAL_IMAGE_DEFAULTS } from '../goenv/effective';
import { imageDefaultsAt } from '../model/image';
import type { StageTimeline } from '../goenv/timelineModel';
import { judgeStages, stageReports, type StageAnalysis } from './support/stageReports';

const MESSAGES = {
  path: {
    en: (ref: string, dir: string) =>
      `${c(ref)} is empty here: the golang image does not set GOBIN (go installs into ${dir}${dir === '/go/bin' ? ', which its PATH already has' : ''}), so this adds an empty PATH entry, which the shell reads as the current directory. Write ${c(dir)}.`,
    'zh-cn': (ref: string, dir: string) =>
      `${c(ref)} 在这里为空：golang 镜像没有设置 GOBIN（go 安装到 ${dir}${dir === '/go/bin' ? '，其 PATH 已包含该目录' : ''}），因此这里加入了一个空的 PATH 项，shell 会把它当作当前目录。请写 ${c(dir)}。`,
  } satisfies Localized<[string, string]>,
  other: {
    en: (ref: string, dir: string) => `${c(ref)} is empty here: the golang image does not set GOBIN (go installs into ${dir}). Write ${c(dir)}.`,
    'zh-cn': (ref: string, dir: string) => `${c(ref)} 在这里为空：golang 镜像没有设置 GOBIN（go 安装到 ${dir}）。请写 ${c(dir)}。`,
  } satisfies Localized<[string, string]>,
  fix: { en: (dir: string) => `Write ${dir}`, 'zh-cn': (dir: string) => `改写为 ${dir}` } satisfies Localized<[string]>,
};

const emptyByStage = stageReports();

export const gobinEmpty = defineRule({
  id: 'gobin-empty',
  family: 'gobin',
  severity: 'hint',
  title: { en: '$GOBIN is empty in the golang image', 'zh-cn': 'golang 镜像中 $GOBIN 为空' },
  check(parsed, ctx, report) {
    judgeStages(parsed, ctx, emptyByStage, [ctx.locale], report, judgeEmpty);
  },
});

/** References to $GOBIN in a stage's ENV values where the official image leaves it empty. */
function judgeEmpty(at: Readonly<StageAnalysis>, st: StageTimeline, report: Reporter): void {
  if (imageDefaultsAt(at.parsed, st.stage.index) !== OFFICIAL_IMAGE_DEFAULTS) return;
  const locale = at.ctx.locale;
  st.stage.instructions.forEach((ins, i) => {
    if (ins.kind !== 'ENV') return;
    const env = st.envBefore[i];
    // Set by an ENV or ARG in scope: Docker expands it (a `go env -w GOBIN` is go's, not Docker's).
    const gobin = env?.get('GOBIN');
    if (gobin && gobin.origin.kind !== 'go-env-w') return;
    // An ENV GOPATH moves the folder; the image's is /go.
    const gopath = env?.get('GOPATH');
    const dir = gopath && gopath.origin.kind !== 'go-env-w' ? '${GOPATH}/bin' : '/go/bin';
    const shown = dir === '/go/bin' ? '/go/bin' : '$GOPATH/bin';
    for (const v of ins.vars) {
      const refs = ins.references.filter(
        (r) =>
          r.name === 'GOBIN' &&
          (r.modifier === undefined || r.modifier === ':+' || r.modifier === '+') &&
          v.valueRange &&
          r.range.start.line === v.valueRange.start.line &&
          r.range.start.character >= v.valueRange.start.character &&
          r.range.end.character <= v.valueRange.end.character,
      );
      for (const r of refs) {
        const text = at.parsed.model.lines.slice(r.range);
        report({
          range: r.range,
          message: localize(locale, v.name === 'PATH' ? MESSAGES.path : MESSAGES.other, text, shown),
          fixes: () => [
            { title: localize(at.ctx.locale, MESSAGES.fix, dir), preferred: true, edits: [{ uri: at.ctx.uri, edits: [{ range: r.range, newText: dir }] }] },
          ],
        });
      }
    }
  });
}
