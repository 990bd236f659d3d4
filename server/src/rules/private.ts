// Private modules: sent to a public proxy, or checked against the public checksum database.
import { dockerfileRule, type Report, type Rule } from '../core/rule';
import type { AnalysisContext, ParsedDockerfile, RequiredModule } from '../core/context';
import type { Fix, Locale } from '../core/types';
import type { Localized } from '../core/localize';
import { localize } from '../core/localize';
import { redactCredentials } from '../core/redact';
import { addPatternsEdit, fixFor, proxyVariable, routingProblems, severityFor, sumdbVariable, type MisroutedModule, type StepRouting } from './support/privateRouting';
import { PRIVATE_REASON_TEXT } from '../goenv/docs/privateReasons';

const c = (s: string) => `\`${s}\``;

const REASON = PRIVATE_REASON_TEXT;

const T = {
  proxied: {
    en: (cmd: string, mods: string, proxies: string, why: string, variable: string, current: string) =>
      `${c(cmd)} asks ${proxies} for the private module${mods.includes(',') ? 's' : ''} ${mods} (${why}): a public proxy cannot fetch ${mods.includes(',') ? 'them' : 'it'} (404/410) and learns the path, and the checksum database lookup fails. ${variable} is ${current}.`,
    'zh-cn': (cmd: string, mods: string, proxies: string, why: string, variable: string, current: string) =>
      `${c(cmd)} 会向 ${proxies} 请求私有模块 ${mods}（${why}）：公共代理无法获取（404/410）却会知道这个路径，随后的校验和数据库查询也会失败。${variable} 当前为 ${current}。`,
  } satisfies Localized<[string, string, string, string, string, string]>,
  sumdb: {
    en: (cmd: string, mods: string, db: string, via: string) =>
      `${c(cmd)} fetches ${mods} ${via ? `through ${c(via)}` : 'directly'} but still verifies ${mods.includes(',') ? 'them' : 'it'} against the checksum database ${c(db)}, which does not know private modules: the download fails with "verifying …: 404/410" (and the database learns the path).`,
    'zh-cn': (cmd: string, mods: string, db: string, via: string) =>
      `${c(cmd)} ${via ? `经由 ${c(via)} ` : '直接'}下载 ${mods}，但仍会向校验和数据库 ${c(db)} 校验，而它并不知道私有模块：下载会以 "verifying …: 404/410" 失败（数据库还会得知这个路径）。`,
  } satisfies Localized<[string, string, string, string]>,
  addTitle: {
    en: (variable: string, patterns: string) => `Add ${patterns} to ${variable}`,
    'zh-cn': (variable: string, patterns: string) => `将 ${patterns} 加入 ${variable}`,
  } satisfies Localized<[string, string]>,
  gomodProxied: {
    en: (path: string, file: string, proxies: string, why: string) =>
      `The Docker build in ${file} asks ${proxies} for ${c(path)} (${why}): a public proxy cannot fetch it and learns the path. Add it to GOPRIVATE in the Dockerfile.`,
    'zh-cn': (path: string, file: string, proxies: string, why: string) =>
      `${file} 中的 Docker 构建会向 ${proxies} 请求 ${c(path)}（${why}）：公共代理无法获取它却会知道这个路径。请在 Dockerfile 中把它加入 GOPRIVATE。`,
  } satisfies Localized<[string, string, string, string]>,
  unset: { en: () => 'not set', 'zh-cn': () => '未设置' } satisfies Localized,
};

function list(mods: MisroutedModule[]): string {
  const paths = mods.map((m) => c(m.module.require.path));
  return paths.length > 5 ? `${paths.slice(0, 5).join(', ')} (+${paths.length - 5})` : paths.join(', ');
}

function proxiesText(m: MisroutedModule): string {
  return m.route.proxies.map((p) => c(redactCredentials(p.url ?? p.raw))).join(', ');
}

function cmdText(r: StepRouting): string {
  return `go ${r.download.step.subcommand}`;
}

function proxiedFix(locale: Locale, uri: string, parsed: ParsedDockerfile, r: StepRouting, mods: MisroutedModule[]): Fix {
  const variable = proxyVariable(r.download.env);
  const patterns = [...new Set(mods.map((m) => m.pattern))];
  return fixFor(localize(locale, T.addTitle, variable, patterns.join(',')), uri, addPatternsEdit(parsed, r.download, variable, patterns));
}

function worstSeverity(mods: MisroutedModule[]): Report['severity'] {
  return mods.some((m) => severityFor(m.reason) === 'warning') ? undefined : 'information';
}

function modulesFor(ctx: AnalysisContext): RequiredModule[] {
  return ctx.requiredModules;
}

export const privateModuleProxied: Rule = dockerfileRule({
  id: 'private-module-proxied',
  defaultSeverity: 'warning',
  check(parsed, ctx, report) {
    for (const r of routingProblems(ctx, parsed, modulesFor(ctx), ctx.req.related.goSum?.text)) {
      if (r.proxied.length === 0) continue;
      const variable = proxyVariable(r.download.env);
      const current = r.download.env[variable];
      report({
        range: r.download.step.range,
        severity: worstSeverity(r.proxied),
        message: localize(ctx.locale, T.proxied, cmdText(r), list(r.proxied), proxiesText(r.proxied[0]), localize(ctx.locale, REASON[r.proxied[0].reason]), variable, current ? c(current) : localize(ctx.locale, T.unset)),
        fixes: () => [proxiedFix(ctx.locale, ctx.uri, parsed, r, r.proxied)],
      });
    }
  },
});

export const privateModuleSumdb: Rule = dockerfileRule({
  id: 'private-module-sumdb',
  defaultSeverity: 'warning',
  check(parsed, ctx, report) {
    for (const r of routingProblems(ctx, parsed, modulesFor(ctx), ctx.req.related.goSum?.text)) {
      if (r.sumdb.length === 0) continue;
      const variable = sumdbVariable(r.download.env);
      const patterns = [...new Set(r.sumdb.map((m) => m.pattern))];
      report({
        range: r.download.step.range,
        severity: worstSeverity(r.sumdb),
        message: localize(ctx.locale, T.sumdb, cmdText(r), list(r.sumdb), r.sumdb[0].route.sumdb?.name ?? 'sum.golang.org', r.sumdb[0].route.via === 'proxy' ? redactCredentials(r.sumdb[0].route.proxies[0]?.url ?? '') : ''),
        fixes: () => [fixFor(localize(ctx.locale, T.addTitle, variable, patterns.join(',')), ctx.uri, addPatternsEdit(parsed, r.download, variable, patterns))],
      });
    }
  },
});

/** The go.mod side: the require line of a private module that a Dockerfile building this module sends to a proxy. */
export const gomodPrivateModule: Rule = {
  id: 'gomod-private-module',
  defaultSeverity: 'warning',
  appliesTo: ['gomod'],
  check(ctx, report) {
    const done = new Set<string>();
    for (const parsed of ctx.buildingDockerfiles) {
      const file = parsed.file.uri.split('/').pop() ?? parsed.file.uri;
      for (const r of routingProblems(ctx, parsed, modulesFor(ctx), ctx.req.related.goSum?.text)) {
        for (const m of r.proxied) {
          if (done.has(m.module.require.path) || m.module.file.uri !== ctx.uri) continue;
          done.add(m.module.require.path);
          report({
            range: m.module.require.pathRange,
            severity: severityFor(m.reason) === 'information' ? 'information' : undefined,
            message: localize(ctx.locale, T.gomodProxied, m.module.require.path, file, proxiesText(m), localize(ctx.locale, REASON[m.reason])),
            fixes: () => [proxiedFix(ctx.locale, parsed.file.uri, parsed, r, [m])],
          });
        }
      }
    }
  },
};
