// GOPROXY rules about what a download step will do: no proxy chosen, or downloads switched off.
import { defineRule } from '../rule';
import type { Fix } from '../../core/types';
import type { Localized } from '../../core/localize';
import { localize } from '../../core/localize';
import { redactCredentials, stripUserinfo } from '../../core/redact';
import type { AnalysisContext } from '../../model/context';
import type { ParsedDockerfile } from '../../model/parsedDockerfile';
import { filesSettingGoproxy } from '../../goenv/keyedSignals';
import { fileName, backtick as c } from '../../core/text';
import { baseName, isDockerfileName } from '../../core/fileNames';
import { DEFAULT_GOPROXY, parseGoProxy } from '../../goenv/proxy';
import { routeModule } from '../../goenv/effective';
import { firstDownloadSteps, type DownloadStep } from '../../model/steps';
import { stageLabel } from '../../model/stages';
import { buildArgEdit, insertLineAfter, setInStage } from '../../model/edits';
import { GOPROXY_MESSAGES } from './messages';
import { isMeasuredUnhealthy, netrcMountEdits, proposalDroppedCredentials, proposedGoProxy, singleProxy, takesProxyList } from '../../model/suggest';
import { imageGoVersion } from '../../model/image';
import { isVersionedFetch } from '../../model/goStepKinds';
import { buildArgPhrase } from '../../core/buildArgText';

const MESSAGES = {
  unset: {
    en: (cmd: string, why: string) => `${c(cmd)} runs with no GOPROXY, so modules come from the default ${c(DEFAULT_GOPROXY)}, though ${why}.`,
    'zh-cn': (cmd: string, why: string) => `${c(cmd)} 运行时没有设置 GOPROXY，模块会从默认的 ${c(DEFAULT_GOPROXY)} 下载，然而${why}。`,
  } satisfies Localized<[string, string]>,
  unsetOldGo: {
    en: (cmd: string, version: string, why: string) =>
      `${c(cmd)} runs with no GOPROXY, so Go ${version} fetches every module straight from its version control server (a default proxy came with Go 1.13), though ${why}.`,
    'zh-cn': (cmd: string, version: string, why: string) =>
      `${c(cmd)} 运行时没有设置 GOPROXY，Go ${version} 会直接从各模块的版本控制服务器获取（默认代理自 Go 1.13 起才有），然而${why}。`,
  } satisfies Localized<[string, string, string]>,
  unhealthy: {
    en: (error: string) => `the default proxy is failing from this machine (${error})`,
    'zh-cn': (error: string) => `从本机访问默认代理失败（${error}）`,
  } satisfies Localized<[string]>,
  setting: {
    en: (value: string) => `goProxyDoctor.defaultProxy is ${c(value)}`,
    'zh-cn': (value: string) => `goProxyDoctor.defaultProxy 设置为 ${c(value)}`,
  } satisfies Localized<[string]>,
  elsewhere: {
    en: (stage: string, line: number) => `GOPROXY is set in stage ${c(stage)} (line ${line}), which this stage does not build on`,
    'zh-cn': (stage: string, line: number) => `GOPROXY 是在阶段 ${c(stage)}（第 ${line} 行）设置的，而本阶段并不基于该阶段构建`,
  } satisfies Localized<[string, number]>,
  sibling: {
    en: (file: string, line: number, value: string) => `${file}, which builds the same module, sets GOPROXY=${c(value)} (line ${line})`,
    'zh-cn': (file: string, line: number, value: string) => `构建同一模块的 ${file} 设置了 GOPROXY=${c(value)}（第 ${line} 行）`,
  } satisfies Localized<[string, number, string]>,
  globalArg: {
    en: (line: number) => `the build argument GOPROXY declared on line ${line} does not reach this stage (a global ARG must be declared again after FROM)`,
    'zh-cn': (line: number) => `第 ${line} 行声明的构建参数 GOPROXY 到不了本阶段（全局 ARG 需要在 FROM 之后再次声明）`,
  } satisfies Localized<[number]>,
  globalArgGiven: {
    en: (line: number, phrase: string) =>
      `the ${phrase} sets the global ARG GOPROXY declared on line ${line}, which does not reach this stage (a global ARG must be declared again after FROM)`,
    'zh-cn': (line: number, phrase: string) => `${phrase}设置的是第 ${line} 行声明的全局 ARG GOPROXY，它到不了本阶段（全局 ARG 需要在 FROM 之后再次声明）`,
  } satisfies Localized<[number, string]>,
  offGiven: {
    en: (phrase: string) => ` GOPROXY=off is the ${phrase}: change it there.`,
    'zh-cn': (phrase: string) => ` GOPROXY=off 来自${phrase}：请在那里修改。`,
  } satisfies Localized<[string]>,
  offAtStep: {
    en: (file: string, line: number) => ` (The step is on line ${line} of ${file}.)`,
    'zh-cn': (file: string, line: number) => `（该步骤位于 ${file} 第 ${line} 行。）`,
  } satisfies Localized<[string, number]>,
  declareTitle: { en: () => 'Declare ARG GOPROXY in this stage', 'zh-cn': () => '在本阶段声明 ARG GOPROXY' } satisfies Localized,
  setTitle: {
    en: (value: string) => `Set GOPROXY=${value} for this stage`,
    'zh-cn': (value: string) => `为本阶段设置 GOPROXY=${value}`,
  } satisfies Localized<[string]>,
  off: {
    en: (cmd: string) => `${c(cmd)} needs to download modules, but GOPROXY=off forbids every download: it fails with "module lookup disabled by GOPROXY=off".`,
    'zh-cn': (cmd: string) => `${c(cmd)} 需要下载模块，但 GOPROXY=off 禁止了所有下载：会以 "module lookup disabled by GOPROXY=off" 失败。`,
  } satisfies Localized<[string]>,
  offVendored: {
    en: () => ' Vendor the modules (go mod vendor, -mod=vendor) or set a mirror.',
    'zh-cn': () => ' 请 vendor 依赖（go mod vendor，-mod=vendor）或设置镜像。',
  } satisfies Localized,
  // `go install x@v1` ignores the current module: vendoring it does not help.
  offTool: { en: () => ' Set a mirror.', 'zh-cn': () => ' 请设置镜像。' } satisfies Localized,
};

function commandText(d: DownloadStep): string {
  return `go ${d.step.subcommand === 'other' ? '' : d.step.subcommand}`.trim();
}

/** Where another stage, not one this stage builds on, sets GOPROXY (the usual multi-stage mistake). */
function setElsewhere(parsed: ParsedDockerfile, d: DownloadStep): { stage: string; line: number; value: string } | undefined {
  const stages = parsed.timeline.stages;
  const self = d.stage.stage.index;
  for (const i of goproxySetters(parsed)) {
    if (i === self || isAncestor(parsed, i, self)) continue;
    const b = stages[i].envAtEnd.get('GOPROXY')!;
    return { stage: stageLabel(stages[i].stage), line: b.origin.range!.start.line + 1, value: b.value };
  }
  return undefined;
}

// The stages that set GOPROXY themselves, found once per parse: asking every stage of a long FROM chain would
// otherwise walk all stages for each of them.
const setters = new WeakMap<ParsedDockerfile, number[]>();
function goproxySetters(parsed: ParsedDockerfile): number[] {
  let out = setters.get(parsed);
  if (!out) {
    out = [];
    for (const st of parsed.timeline.stages) {
      const b = st.envAtEnd.get('GOPROXY');
      if (b && b.value !== '' && b.origin.range && b.origin.stageIndex === st.stage.index) out.push(st.stage.index);
    }
    setters.set(parsed, out);
  }
  return out;
}

/** Whether `stage` builds on `ancestor` (base stages always have smaller indexes). */
function isAncestor(parsed: ParsedDockerfile, ancestor: number, stage: number): boolean {
  let cur = parsed.timeline.stages[stage]?.baseStageIndex;
  while (cur !== undefined && cur > ancestor) cur = parsed.timeline.stages[cur]?.baseStageIndex;
  return cur === ancestor;
}

/**
 * Why this step should not use the default proxy, from evidence in the workspace: measured failing, the user's
 * setting, another stage or Dockerfile of the same build choosing a mirror, or a GOPROXY build argument that does
 * not reach the step. The display language alone is no reason.
 */
interface MirrorReason {
  text: string;
  warning: boolean;
  /** What the fix sets: the value the rest of the build chose (else the usual proposal), or the ARG to declare again. */
  value?: string;
  declareArg?: boolean;
}

function reasonForMirror(parsed: ParsedDockerfile, d: DownloadStep, ctx: AnalysisContext, lists: boolean): MirrorReason | undefined {
  // Before Go 1.13 nothing goes to proxy.golang.org by default: its health says nothing about the build.
  const unhealthy = lists ? isMeasuredUnhealthy(ctx.settings, 'https://proxy.golang.org') : undefined;
  if (unhealthy) return { text: localize(ctx.locale, MESSAGES.unhealthy, unhealthy.error ?? '?'), warning: true };
  const globalArg = parsed.model.globalArgs.flatMap((ins) => ins.args).find((a) => a.name === 'GOPROXY');
  if (globalArg) {
    const given = parsed.timeline.globalArgs.get('GOPROXY')?.origin.buildArg;
    const line = globalArg.nameRange.start.line + 1;
    // A value the global ARG holds (its default or a build argument) is lost for certain: the step uses go's default.
    const lost = !!given || globalArg.value !== undefined;
    return {
      text: given
        ? localize(ctx.locale, MESSAGES.globalArgGiven, line, buildArgPhrase(ctx.locale, 'GOPROXY', given))
        : localize(ctx.locale, MESSAGES.globalArg, line),
      warning: lost,
      declareArg: true,
    };
  }
  const other = setElsewhere(parsed, d);
  if (other) return { text: localize(ctx.locale, MESSAGES.elsewhere, other.stage, other.line), warning: false, value: other.value };
  // The other Dockerfiles building the same go.mod are asked only if a build file sets GOPROXY: finding them takes
  // every Dockerfile's build context.
  let siblings: Set<string> | undefined;
  for (const [f, set] of filesSettingGoproxy(ctx.req.related.buildFiles ?? [])) {
    // A compose file or a workflow that passes GOPROXY is no Dockerfile: the workspace's are those of Dockerfile names.
    if (!isDockerfileName(baseName(f.uri))) continue;
    siblings ??= new Set(ctx.req.related.siblingDockerfiles?.() ?? []);
    if (siblings.has(f.uri))
      return { text: localize(ctx.locale, MESSAGES.sibling, fileName(f.uri), set.line + 1, redactCredentials(set.value)), warning: false, value: set.value };
  }
  const setting = ctx.settings.defaultProxy.trim();
  if (setting) return { text: localize(ctx.locale, MESSAGES.setting, redactCredentials(setting)), warning: false };
  return undefined;
}

/** The fix for a step without GOPROXY: declare the global ARG again, or set the value (never with user info). */
function unsetFix(parsed: ParsedDockerfile, d: DownloadStep, ctx: AnalysisContext, reason: MirrorReason, lists: boolean): Fix | undefined {
  const index = parsed.model.lines;
  if (reason.declareArg) {
    return {
      title: localize(ctx.locale, MESSAGES.declareTitle),
      preferred: true,
      edits: [{ uri: ctx.uri, edits: [insertLineAfter(index, d.stage.stage.from, 'ARG GOPROXY')] }],
    };
  }
  const proposal = reason.value !== undefined ? stripUserinfo(reason.value) : proposedGoProxy(ctx.settings, ctx.locale);
  // Go 1.11 and 1.12 read GOPROXY as a single URL: a list there would fail every download.
  const chosen = lists ? proposal : singleProxy(proposal);
  if (chosen === undefined) return undefined;
  const dropped = reason.value !== undefined ? proposal !== reason.value : proposalDroppedCredentials(ctx.settings);
  // Credentials left out of the file come from a BuildKit secret instead.
  const mount = dropped ? netrcMountEdits([d.step.instruction]) : [];
  return {
    title: localize(ctx.locale, MESSAGES.setTitle, redactCredentials(chosen)),
    preferred: true,
    edits: [{ uri: ctx.uri, edits: [setInStage(parsed, d.stage.stage, 'GOPROXY', chosen, d.step.instruction), ...mount] }],
  };
}

export const goproxyUnset = defineRule({
  id: 'goproxy-unset',
  family: 'goproxy',
  severity: 'information',
  title: { en: 'A download step runs with no GOPROXY: the default proxy.golang.org is used', 'zh-cn': '下载步骤未设置 GOPROXY：将使用默认的 proxy.golang.org' },
  check(parsed, ctx, report) {
    for (const d of firstDownloadSteps(parsed)) {
      // Any binding is a choice: a value, a build argument in scope (given at build time), or an explicit empty value.
      if (d.step.env.get('GOPROXY')) continue;
      const v = imageGoVersion(parsed, d.stage.stage.index);
      const lists = takesProxyList(v);
      const reason = reasonForMirror(parsed, d, ctx, lists);
      if (!reason) continue;
      const fix = () => unsetFix(parsed, d, ctx, reason, lists);
      report({
        range: d.step.range,
        severity: reason.warning ? 'warning' : undefined,
        message:
          lists || !v
            ? localize(ctx.locale, MESSAGES.unset, commandText(d), reason.text)
            : localize(ctx.locale, MESSAGES.unsetOldGo, commandText(d), v.text, reason.text),
        fixes: () => [fix()].filter((f): f is Fix => f !== undefined),
      });
    }
  },
});

export const goproxyOff = defineRule({
  id: 'goproxy-off',
  family: 'goproxy',
  severity: 'error',
  title: { en: 'GOPROXY=off while a step must download modules', 'zh-cn': '需要下载模块的步骤设置了 GOPROXY=off' },
  check(parsed, ctx, report) {
    const index = parsed.model.lines;
    for (const d of firstDownloadSteps(parsed)) {
      const binding = d.step.env.get('GOPROXY');
      if (!binding) continue;
      const first = parseGoProxy(binding.value).entries.find((e) => e.reachable);
      if (first?.kind !== 'off') continue;
      // Modules matched by GONOPROXY/GOPRIVATE are still fetched directly; with a known go.mod, only the
      // modules left to the proxy list fail (and a module without requirements downloads nothing). A fetch by
      // version (`go install x@v1`) gets the module it names, whatever go.mod requires.
      const tool = isVersionedFetch(d.step);
      const named = d.step.args.filter((w) => !w.text.startsWith('-') && w.text.includes('@')).map((w) => w.text.split('@')[0]);
      if (
        tool
          ? named.every((p) => routeModule(p, d.env).via !== 'off')
          : ctx.goMod && ctx.requiredModules.every((m) => routeModule(m.require.path, d.env).via !== 'off')
      )
        continue;
      const advice = localize(ctx.locale, tool ? MESSAGES.offTool : MESSAGES.offVendored);
      const proposal = proposedGoProxy(ctx.settings, ctx.locale);
      const value = takesProxyList(imageGoVersion(parsed, d.stage.stage.index)) ? proposal : singleProxy(proposal);
      const fixes: Fix[] = [];
      const vr = binding.origin.valueRange;
      const given = binding.origin.buildArg;
      if (value !== undefined && vr && !given && binding.raw === binding.value && index.slice(vr) === binding.value) {
        fixes.push({
          title: localize(ctx.locale, MESSAGES.setTitle, redactCredentials(value)),
          preferred: true,
          edits: [
            {
              uri: ctx.uri,
              edits: [{ range: vr, newText: value }, ...(proposalDroppedCredentials(ctx.settings) ? netrcMountEdits([d.step.instruction]) : [])],
            },
          ],
        });
      }
      // A value a compose file, CI job or script writes is reported there, at the value (through the ARG that takes it).
      if (given?.at && binding.origin.range) {
        // The Dockerfile as the workspace shows it (`build/Dockerfile`): the message is read in another file.
        const shown = ctx.req.related.invocations?.find((inv) => inv.dockerfile === ctx.uri)?.dockerfileShown;
        const file = shown ?? decodeURIComponent(ctx.uri.slice(ctx.uri.lastIndexOf('/') + 1));
        const edit = value !== undefined && !proposalDroppedCredentials(ctx.settings) ? buildArgEdit(given, value) : undefined;
        report({
          range: binding.origin.range,
          message: localize(ctx.locale, MESSAGES.off, commandText(d)) + advice + localize(ctx.locale, MESSAGES.offAtStep, file, d.step.range.start.line + 1),
          fixes: edit ? [{ title: localize(ctx.locale, GOPROXY_MESSAGES.rewriteTitle, redactCredentials(value!)), preferred: true, edits: [edit] }] : [],
        });
        continue;
      }
      report({
        range: d.step.range,
        message:
          localize(ctx.locale, MESSAGES.off, commandText(d)) +
          advice +
          (given ? localize(ctx.locale, MESSAGES.offGiven, buildArgPhrase(ctx.locale, 'GOPROXY', given)) : ''),
        fixes,
      });
    }
  },
});
