// Docker scoping: ARGs that expand empty inside a stage, and Go settings made after the step that needed them.
import type { GoStep } from '../goenv/timelineModel';
import { dockerfileRule, type Rule } from '../core/rule';
import type { Fix, TextEdit } from '../core/types';
import type { Localized } from '../core/localize';
import { localize } from '../core/localize';
import { redactCredentials } from '../core/redact';
import { GO_VARIABLES } from '../goenv/effective';
import { insertLineAfter, insertLinesBefore, removeAssignment, dockerfileValue } from './support/edits';
import { valueSites } from './support/sites';
import { stageLabel } from './support/steps';

const c = (s: string) => `\`${s}\``;
const GO_VARS = new Set<string>(GO_VARIABLES);

/** Variables whose value changes what a download step does. */
const DOWNLOAD_VARIABLES = new Set(['GOPROXY', 'GOPRIVATE', 'GONOPROXY', 'GONOSUMDB', 'GOSUMDB', 'GOINSECURE', 'GOFLAGS', 'GO111MODULE', 'GOTOOLCHAIN', 'GOAUTH', 'GOVCS', 'GOMODCACHE', 'GOPATH', 'GOWORK']);

const T = {
  outOfScope: {
    en: (name: string, line: number, stage: string) =>
      `${c('$' + name)} expands to an empty string here: ARG ${name} (line ${line}) is declared before the first FROM, and stage ${c(stage)} does not re-declare it. A global ARG is visible only in FROM lines.`,
    'zh-cn': (name: string, line: number, stage: string) =>
      `这里的 ${c('$' + name)} 会展开为空字符串：ARG ${name}（第 ${line} 行）声明在第一个 FROM 之前，而阶段 ${c(stage)} 没有重新声明它。全局 ARG 只在 FROM 行中可见。`,
  } satisfies Localized<[string, number, string]>,
  declareTitle: {
    en: (name: string) => `Declare ARG ${name} in this stage`,
    'zh-cn': (name: string) => `在本阶段声明 ARG ${name}`,
  } satisfies Localized<[string]>,
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

export const argOutOfScope: Rule = dockerfileRule({
  id: 'arg-out-of-scope',
  defaultSeverity: 'warning',
  check(parsed, ctx, report) {
    const index = parsed.model.lines;
    const globalLine = new Map<string, number>();
    for (const ins of parsed.model.globalArgs) for (const a of ins.args) if (!globalLine.has(a.name)) globalLine.set(a.name, a.nameRange.start.line + 1);
    for (const st of parsed.timeline.stages) {
      st.stage.instructions.forEach((ins, i) => {
        const env = st.envBefore[i];
        const refs = ins.kind === 'ENV' ? ins.vars.flatMap((v) => v.references) : ins.kind === 'ARG' ? ins.args.flatMap((a) => a.references) : ins.references;
        for (const ref of refs) {
          if (!GO_VARS.has(ref.name) || !globalLine.has(ref.name) || env.has(ref.name)) continue;
          // A stage's own ARG/ENV on the same line defines it for later words only; env.has covers earlier lines.
          const fix: Fix = {
            title: localize(ctx.locale, T.declareTitle, ref.name),
            preferred: true,
            edits: [{ uri: ctx.uri, edits: [insertLineAfter(index, st.stage.from, `ARG ${ref.name}`)] }],
          };
          report({ range: ref.range, message: localize(ctx.locale, T.outOfScope, ref.name, globalLine.get(ref.name)!, stageLabel(st.stage)), fixes: [fix] });
        }
      });
    }
  },
});

function fetchesToolsByPath(step: GoStep): boolean {
  return (step.subcommand === 'get' || step.subcommand === 'install') && step.args.some((w) => /^[a-z0-9-]+(\.[a-z0-9-]+)+\//i.test(w.text));
}

export const envSetAfterUse: Rule = dockerfileRule({
  id: 'env-set-after-use',
  defaultSeverity: 'warning',
  check(parsed, ctx, report) {
    const index = parsed.model.lines;
    for (const site of valueSites(parsed, DOWNLOAD_VARIABLES)) {
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
      // `go mod …` reads only the module flags of GOFLAGS: -ldflags or -trimpath set after it change nothing there.
      if (site.name === 'GOFLAGS' && earlier.subcommand.startsWith('mod') && !/(^|[\s'"])--?(mod|modfile|modcacherw|insecure)\b/.test(site.value)) continue;
      const cmd = `go ${earlier.subcommand}`;
      const moveEdits = (): TextEdit[] => {
        if (site.kind === 'go-env-w') return [insertLinesBefore(index, earlier.instruction, [`ENV ${site.name}=${dockerfileValue(site.raw)}`])];
        const keyword = site.kind === 'arg' ? 'ARG' : 'ENV';
        return [insertLinesBefore(index, earlier.instruction, [`${keyword} ${site.name}=${dockerfileValue(site.raw)}`]), removeAssignment(site, index)];
      };
      report({
        range: site.range,
        message: localize(ctx.locale, T.afterUse, site.name, redactCredentials(site.value), cmd, earlier.range.start.line + 1),
        fixes: () => [{ title: localize(ctx.locale, T.moveTitle, site.name, earlier.instruction.range.start.line + 1), preferred: true, edits: [{ uri: ctx.uri, edits: moveEdits() }] }],
      });
    }
  },
});
