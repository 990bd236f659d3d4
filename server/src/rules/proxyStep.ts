// GOPROXY rules about what a download step will do: no proxy chosen, or downloads switched off.
import { dockerfileRule, type Rule } from '../core/rule';
import type { Fix } from '../core/types';
import type { Localized } from '../core/localize';
import { localize } from '../core/localize';
import { redactCredentials } from '../core/redact';
import type { ParsedDockerfile } from '../core/context';
import { DEFAULT_GOPROXY, parseGoProxy } from '../goenv/proxy';
import { routeModule } from '../goenv/effective';
import { ancestry, firstDownloadSteps, stageLabel, type DownloadStep } from './support/steps';
import { setInStage } from './support/edits';
import { isMeasuredUnhealthy, proposedGoProxy } from './support/suggest';

const c = (s: string) => `\`${s}\``;

const T = {
  unset: {
    en: (cmd: string, elsewhere: string) =>
      `${c(cmd)} runs with no GOPROXY set, so modules come from the default ${c(DEFAULT_GOPROXY)}, which is slow or unreachable in many networks.${elsewhere}`,
    'zh-cn': (cmd: string, elsewhere: string) =>
      `${c(cmd)} 运行时没有设置 GOPROXY，模块会从默认的 ${c(DEFAULT_GOPROXY)} 下载，而它在很多网络中很慢或无法访问。${elsewhere}`,
  } satisfies Localized<[string, string]>,
  unsetUnhealthy: {
    en: (error: string) => ` From this machine the default proxy is failing (${error}).`,
    'zh-cn': (error: string) => ` 从本机访问默认代理失败（${error}）。`,
  } satisfies Localized<[string]>,
  elsewhere: {
    en: (stage: string, line: number) => ` GOPROXY is set in stage ${c(stage)} (line ${line}), which this stage does not build on.`,
    'zh-cn': (stage: string, line: number) => ` GOPROXY 是在阶段 ${c(stage)}（第 ${line} 行）设置的，而本阶段并不基于该阶段构建。`,
  } satisfies Localized<[string, number]>,
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
};

function commandText(d: DownloadStep): string {
  return `go ${d.step.subcommand === 'other' ? '' : d.step.subcommand}`.trim();
}

/** The stages that set GOPROXY themselves, in order: found once per parse (a scan per step is quadratic in stages). */
const goproxySetters = new WeakMap<ParsedDockerfile, { index: number; stage: string; line: number }[]>();

function settersOf(parsed: ParsedDockerfile): { index: number; stage: string; line: number }[] {
  let out = goproxySetters.get(parsed);
  if (!out) {
    out = [];
    for (const st of parsed.timeline.stages) {
      const b = st.envAtEnd.get('GOPROXY');
      if (b && b.value !== '' && b.origin.range && b.origin.stageIndex === st.stage.index) out.push({ index: st.stage.index, stage: stageLabel(st.stage), line: b.origin.range.start.line + 1 });
    }
    goproxySetters.set(parsed, out);
  }
  return out;
}

/** Where another stage, not one this stage builds on, sets GOPROXY (the usual multi-stage mistake). */
function setElsewhere(parsed: ParsedDockerfile, d: DownloadStep): { stage: string; line: number } | undefined {
  const own = new Set([d.stage.stage.index, ...ancestry(parsed, d.stage.stage.index)]);
  const other = settersOf(parsed).find((s) => !own.has(s.index));
  return other && { stage: other.stage, line: other.line };
}

export const goproxyUnset: Rule = dockerfileRule({
  id: 'goproxy-unset',
  defaultSeverity: 'information',
  check(parsed, ctx, report) {
    for (const d of firstDownloadSteps(parsed)) {
      const binding = d.step.env.get('GOPROXY');
      if (binding && binding.value !== '') continue;
      const other = setElsewhere(parsed, d);
      const unhealthy = isMeasuredUnhealthy(ctx.settings, 'https://proxy.golang.org');
      const value = proposedGoProxy(ctx.settings, ctx.locale);
      const fix = (): Fix => ({
        title: localize(ctx.locale, T.setTitle, redactCredentials(value)),
        preferred: true,
        edits: [{ uri: ctx.uri, edits: [setInStage(parsed, d.stage.stage, 'GOPROXY', value, d.step.instruction)] }],
      });
      report({
        range: d.step.range,
        severity: unhealthy ? 'warning' : undefined,
        message:
          localize(ctx.locale, T.unset, commandText(d), other ? localize(ctx.locale, T.elsewhere, other.stage, other.line) : '') +
          (unhealthy ? localize(ctx.locale, T.unsetUnhealthy, unhealthy.error ?? '?') : ''),
        fixes: () => [fix()],
      });
    }
  },
});

export const goproxyOff: Rule = dockerfileRule({
  id: 'goproxy-off',
  defaultSeverity: 'error',
  check(parsed, ctx, report) {
    const index = parsed.model.lines;
    for (const d of firstDownloadSteps(parsed)) {
      const binding = d.step.env.get('GOPROXY');
      if (!binding) continue;
      const first = parseGoProxy(binding.value).entries.find((e) => e.reachable);
      if (first?.kind !== 'off') continue;
      // Modules matched by GONOPROXY/GOPRIVATE are still fetched directly; with a known go.mod, only the
      // modules left to the proxy list fail (and a module without requirements downloads nothing).
      if (ctx.goMod && ctx.requiredModules.every((m) => routeModule(m.require.path, d.env).via !== 'off')) continue;
      const value = proposedGoProxy(ctx.settings, ctx.locale);
      const fixes: Fix[] = [];
      const vr = binding.origin.valueRange;
      if (vr && binding.raw === binding.value && index.slice(vr) === binding.value) {
        fixes.push({ title: localize(ctx.locale, T.setTitle, redactCredentials(value)), preferred: true, edits: [{ uri: ctx.uri, edits: [{ range: vr, newText: value }] }] });
      }
      report({
        range: d.step.range,
        message: localize(ctx.locale, T.off, commandText(d)) + localize(ctx.locale, T.offVendored),
        fixes,
      });
    }
  },
});
