// env-set-after-use: a Go variable set (ENV, ARG, `go env -w`) after the download step that needed it.
import type { GoStep } from '../goenv/timelineModel';
import { defineRule } from './rule';
import type { TextEdit } from '../core/types';
import type { Localized } from '../core/localize';
import { localize } from '../core/localize';
import { redactCredentials } from '../core/redact';
import { insertLinesBefore, removeAssignment, dockerfileValue } from '../model/edits';
import { valueSites } from '../model/sites';
import { FETCH_VARIABLES } from '../goenv/variables';
import { backtick as c } from '../core/text';

const T = {
  afterUse: {
    en: (name: string, value: string, cmd: string, line: number) =>
      `${name}=${c(value)} is set after ${c(cmd)} on line ${line}, which already ran without it; only later steps see it.`,
    'zh-cn': (name: string, value: string, cmd: string, line: number) =>
      `${name}=${c(value)} 设置在第 ${line} 行的 ${c(cmd)} 之后，而那一步运行时还没有它；只有之后的步骤才能用到。`,
  } satisfies Localized<[string, string, string, number]>,
  moveTitle: {
    en: (name: string, line: number) => `Move ${name} above line ${line}`,
    'zh-cn': (name: string, line: number) => `将 ${name} 移到第 ${line} 行之前`,
  } satisfies Localized<[string, number]>,
};

function fetchesToolsByPath(step: GoStep): boolean {
  return (step.subcommand === 'get' || step.subcommand === 'install') && step.args.some((w) => /^[a-z0-9-]+(\.[a-z0-9-]+)+\//i.test(w.text));
}

export const envSetAfterUse = defineRule({
  id: 'env-set-after-use',
  family: 'env',
  severity: 'warning',
  title: { en: 'A Go variable set after the step that needed it', 'zh-cn': 'Go 变量设置在需要它的步骤之后' },
  aboutPlacement: true,
  check(parsed, ctx, report) {
    const index = parsed.model.lines;
    for (const site of valueSites(parsed, FETCH_VARIABLES)) {
      if (site.kind === 'prefix' || site.kind === 'global-arg' || !site.instruction) continue;
      const st = parsed.timeline.stages[site.stageIndex];
      if (!st) continue;
      const at = site.range.start;
      // Tools fetched by path (`go get golang.org/x/lint/golint`, `go install x@v1`) are not the module's own
      // download: a variable set after them for the module's build is in its place.
      const earlier = st.goSteps.find(
        (s) => s.downloads && !fetchesToolsByPath(s) && (s.range.end.line < at.line || (s.range.end.line === at.line && s.range.end.character <= at.character)),
      );
      if (!earlier || earlier.env.get(site.name)?.value === site.value) continue;
      // The earlier step set its own value (`export GOPROXY=…`, a prefix): it did not run without one.
      const own = earlier.env.get(site.name)?.origin;
      if (own?.kind === 'prefix' && own.instruction === earlier.instruction) continue;
      // `go mod …` reads only the module flags of GOFLAGS: -ldflags or -trimpath set after it change nothing there.
      if (site.name === 'GOFLAGS' && earlier.subcommand.startsWith('mod') && !/(^|[\s'"])--?(mod|modfile|modcacherw|insecure)\b/.test(site.value)) continue;
      const cmd = `go ${earlier.subcommand}`;
      const moveEdits = (): TextEdit[] => {
        if (site.kind === 'go-env-w') return [insertLinesBefore(index, earlier.instruction, [`ENV ${site.name}=${dockerfileValue(site.raw)}`])];
        const keyword = site.kind === 'arg' ? 'ARG' : 'ENV';
        // An ARG a build argument sets moves as written: the build argument's value never goes into the file.
        const moved = site.buildArg && site.raw === '' ? `ARG ${site.name}` : `${keyword} ${site.name}=${dockerfileValue(site.raw)}`;
        return [insertLinesBefore(index, earlier.instruction, [moved]), removeAssignment(site, index)];
      };
      report({
        range: site.range,
        message: localize(ctx.locale, T.afterUse, site.name, redactCredentials(site.value), cmd, earlier.range.start.line + 1),
        fixes: () => [
          {
            title: localize(ctx.locale, T.moveTitle, site.name, earlier.instruction.range.start.line + 1),
            preferred: true,
            edits: [{ uri: ctx.uri, edits: moveEdits() }],
          },
        ],
      });
    }
  },
});
