// Private modules (by the workspace's evidence, goenv/privacyEvidence.ts): sent to a public proxy
// (private-module-proxied), or checked against the public checksum database (private-module-sumdb). The go.mod side,
// gomod-private-module, shares their wording (gomod.ts).
import { defineRule, type Reporter } from './rule';
import type { AnalysisContext } from '../model/context';
import type { ParsedDockerfile } from '../model/parsedDockerfile';
import type { RequiredModule } from '../model/moduleFiles';
import type { Fix, Locale } from '../core/types';
import type { Localized } from '../core/localize';
import { localize } from '../core/localize';
import { redactCredentials } from '../core/redact';
import {
  addPatternsEdit,
  fixFor,
  hopBefore,
  proxyVariable,
  stageRouting,
  sumdbVariable,
  type MisroutedModule,
  type StepRouting,
} from '../model/privateRouting';
import { evidenceText } from '../goenv/docs/privateReasons';
import type { ProxyHop } from '../goenv/proxy';
import type { EnvBinding } from '../goenv/timelineModel';
import { buildArgPhrase } from '../core/buildArgText';
import { onlyByBuildArg } from '../model/givenValues';
import { backtick as c } from '../core/text';
import type { StageTimeline } from '../goenv/timelineModel';
import { judgeStages, stageReports, type StageAnalysis } from './support/stageReports';

const MESSAGES = {
  proxied: {
    en: (cmd: string, mods: string, proxies: string, why: string, current: string) =>
      `${c(cmd)} asks the public proxy ${proxies} for ${mods}, which this build treats as private (${why}): the proxy learns the path and cannot serve a private module. ${current}`,
    'zh-cn': (cmd: string, mods: string, proxies: string, why: string, current: string) =>
      `${c(cmd)} 会向公共代理 ${proxies} 请求 ${mods}，而本构建把它视为私有模块（${why}）：代理会得知这个路径，且无法提供私有模块。${current}`,
  } satisfies Localized<[string, string, string, string, string]>,
  alsoSumdb: {
    en: (db: string) => ` Not in go.sum in the image, it is also looked up in the checksum database ${c(db)}, which learns the path too.`,
    'zh-cn': (db: string) => ` 镜像中的 go.sum 没有它，还会到校验和数据库 ${c(db)} 查询，数据库同样会得知这个路径。`,
  } satisfies Localized<[string]>,
  sumdb: {
    en: (cmd: string, mods: string, db: string, via: string, why: string) =>
      `${c(cmd)} fetches ${mods} ${via ? `through ${c(via)}` : 'directly'} and verifies ${mods.includes(',') ? 'them' : 'it'} against the checksum database ${c(db)}, though this build treats ${mods.includes(',') ? 'them' : 'it'} as private (${why}) and go.sum in the image does not hold ${mods.includes(',') ? 'their' : 'its'} checksums: the database learns the path, and cannot know a private module ("verifying …: 404 Not Found").`,
    'zh-cn': (cmd: string, mods: string, db: string, via: string, why: string) =>
      `${c(cmd)} ${via ? `经由 ${c(via)} ` : '直接'}下载 ${mods}，并向校验和数据库 ${c(db)} 校验，但本构建把它视为私有模块（${why}），镜像中的 go.sum 也没有它的校验和：数据库会得知这个路径，且无法知道私有模块（"verifying …: 404 Not Found"）。`,
  } satisfies Localized<[string, string, string, string, string]>,
  addTitle: {
    en: (variable: string, patterns: string) => `Add ${patterns} to ${variable}`,
    'zh-cn': (variable: string, patterns: string) => `将 ${patterns} 加入 ${variable}`,
  } satisfies Localized<[string, string]>,
  unset: { en: () => 'not set', 'zh-cn': () => '未设置' } satisfies Localized,
  current: {
    en: (variable: string, value: string) => `${variable} is ${value} in this stage.`,
    'zh-cn': (variable: string, value: string) => `本阶段的 ${variable} 为 ${value}。`,
  } satisfies Localized<[string, string]>,
  givenValue: {
    en: (value: string, phrase: string) => `${value}, from the ${phrase}`,
    'zh-cn': (value: string, phrase: string) => `${value}（来自${phrase}）`,
  } satisfies Localized<[string, string]>,
  onlyBuildArg: {
    en: (variable: string, line: number) =>
      `${variable} is set only by \`--build-arg\` here (\`ARG ${variable}\` on line ${line} has no default), and no build argument is given for it.`,
    'zh-cn': (variable: string, line: number) =>
      `这里的 ${variable} 只能由 \`--build-arg\` 设置（第 ${line} 行的 \`ARG ${variable}\` 没有默认值），而没有为它提供构建参数。`,
  } satisfies Localized<[string, number]>,
  // The receiver is not the first entry: go gets there only through the entry before it.
  afterNotFound: {
    en: (proxy: string, before: string) => `${proxy} (whenever ${before} answers 404/410 for it: \`,\` moves on)`,
    'zh-cn': (proxy: string, before: string) => `${proxy}（只要 ${before} 对它返回 404/410：\`,\` 会接着尝试下一项）`,
  } satisfies Localized<[string, string]>,
  afterError: {
    en: (proxy: string, before: string) => `${proxy} (whenever ${before} fails for it in any way: \`|\` moves on)`,
    'zh-cn': (proxy: string, before: string) => `${proxy}（只要 ${before} 对它出现任何失败：\`|\` 会接着尝试下一项）`,
  } satisfies Localized<[string, string]>,
};

function list(mods: MisroutedModule[]): string {
  const paths = mods.map((m) => c(m.module.require.path));
  return paths.length > 5 ? `${paths.slice(0, 5).join(', ')} (+${paths.length - 5})` : paths.join(', ');
}

const entryText = (h: ProxyHop) => c(redactCredentials(h.entry.url ?? h.entry.raw.trim()));

/** The public mirror that receives the path, and when, if it is not the first entry go asks (gomod-private-module's too). */
export function proxiesText(locale: Locale, m: MisroutedModule): string {
  const hop = m.receiver;
  if (!hop) return '';
  const before = hopBefore(m.route, hop);
  if (!before) return entryText(hop);
  return localize(locale, hop.after === 'error' ? MESSAGES.afterError : MESSAGES.afterNotFound, entryText(hop), entryText(before));
}

/** The first entry that can serve the module (go walks past entries that always fail, with `|`). */
function viaText(m: MisroutedModule): string {
  const hop = m.route.hops.find((h) => h.possible && h.entry.kind === 'proxy' && !h.alwaysFails);
  return redactCredentials(hop?.entry.url ?? m.route.proxies[0]?.url ?? '');
}

/** What the stage gives the variable: a value (and the build argument it comes from), nothing, or an ARG left to `--build-arg`. */
function currentText(locale: Locale, variable: string, value: string, binding: EnvBinding | undefined): string {
  if (onlyByBuildArg(binding)) return localize(locale, MESSAGES.onlyBuildArg, variable, binding!.origin.range!.start.line + 1);
  const given = binding?.origin.buildArg;
  const shown = value ? c(redactCredentials(value)) : localize(locale, MESSAGES.unset);
  return localize(
    locale,
    MESSAGES.current,
    variable,
    given && binding?.name === variable ? localize(locale, MESSAGES.givenValue, shown, buildArgPhrase(locale, variable, given)) : shown,
  );
}

function cmdText(r: StepRouting): string {
  return `go ${r.download.step.subcommand}`;
}

export function proxiedFix(locale: Locale, uri: string, parsed: ParsedDockerfile, r: StepRouting, mods: MisroutedModule[]): Fix {
  const variable = proxyVariable(r.download.env);
  const patterns = [...new Set(mods.map((m) => m.pattern))];
  return fixFor(localize(locale, MESSAGES.addTitle, variable, patterns.join(',')), uri, addPatternsEdit(parsed, r.download, variable, patterns));
}

function modulesFor(ctx: AnalysisContext): RequiredModule[] {
  return ctx.requiredModules;
}

/**
 * A stage's judgement reads, besides the stage: the locale, the required modules, the privacy judge (which modules
 * are private, and the evidence the messages cite) and go.sum's text.
 */
function routingReads(ctx: AnalysisContext): unknown[] {
  return [ctx.locale, modulesFor(ctx), ctx.privacy, ctx.req.related.goSum?.text];
}

function routingOf(at: Readonly<StageAnalysis>, st: StageTimeline): StepRouting | undefined {
  return stageRouting(at.ctx, at.parsed, st, modulesFor(at.ctx), at.ctx.req.related.goSum?.text);
}

const proxiedByStage = stageReports();

export const privateModuleProxied = defineRule({
  id: 'private-module-proxied',
  family: 'private-module',
  severity: 'warning',
  title: { en: 'A private module is requested from a public proxy', 'zh-cn': '私有模块被发往公共代理' },
  check(parsed, ctx, report) {
    judgeStages(parsed, ctx, proxiedByStage, routingReads(ctx), report, judgeProxied);
  },
});

function judgeProxied(at: Readonly<StageAnalysis>, st: StageTimeline, report: Reporter): void {
  const r = routingOf(at, st);
  if (!r || r.proxied.length === 0) return;
  const locale = at.ctx.locale;
  const variable = proxyVariable(r.download.env);
  const binding = r.download.step.env.get(variable);
  report({
    range: r.download.step.range,
    message:
      localize(
        locale,
        MESSAGES.proxied,
        cmdText(r),
        list(r.proxied),
        proxiesText(locale, r.proxied[0]),
        evidenceText(locale, r.proxied[0].evidence),
        currentText(locale, variable, r.download.env[variable], binding),
      ) + (r.proxied.some((m) => m.alsoSumdb) ? localize(locale, MESSAGES.alsoSumdb, r.proxied.find((m) => m.alsoSumdb)!.alsoSumdb!) : ''),
    // A value a build argument gives is changed where the build argument is written, not here.
    fixes: () => (binding?.origin.buildArg ? [] : [proxiedFix(at.ctx.locale, at.ctx.uri, at.parsed, r, r.proxied)]),
  });
}

const sumdbByStage = stageReports();

export const privateModuleSumdb = defineRule({
  id: 'private-module-sumdb',
  family: 'private-module',
  severity: 'warning',
  title: { en: 'A private module is checked against the public checksum database', 'zh-cn': '私有模块被发往公共校验和数据库校验' },
  check(parsed, ctx, report) {
    judgeStages(parsed, ctx, sumdbByStage, routingReads(ctx), report, judgeSumdb);
  },
});

function judgeSumdb(at: Readonly<StageAnalysis>, st: StageTimeline, report: Reporter): void {
  const r = routingOf(at, st);
  if (!r || r.sumdb.length === 0) return;
  const variable = sumdbVariable(r.download.env);
  const patterns = [...new Set(r.sumdb.map((m) => m.pattern))];
  report({
    range: r.download.step.range,
    message: localize(
      at.ctx.locale,
      MESSAGES.sumdb,
      cmdText(r),
      list(r.sumdb),
      r.sumdb[0].route.sumdb?.name ?? 'sum.golang.org',
      r.sumdb[0].route.via === 'proxy' ? viaText(r.sumdb[0]) : '',
      evidenceText(at.ctx.locale, r.sumdb[0].evidence),
    ),
    fixes: () => [
      fixFor(localize(at.ctx.locale, MESSAGES.addTitle, variable, patterns.join(',')), at.ctx.uri, addPatternsEdit(at.parsed, r.download, variable, patterns)),
    ],
  });
}
