// go.mod and go.work: syntax errors, worded as the go command reports them (gomod-syntax); the require line of a
// private module that a Dockerfile building this module sends to a public proxy (gomod-private-module); local
// replace directories outside the Docker build context (gomod-replace-outside-context).
import * as path from 'node:path';
import { uriToPath } from '../../core/uri';
import { defineRule } from '../rule';
import type { BuildingDockerfile } from '../../model/parsedDockerfile';
import type { Localized } from '../../core/localize';
import { localize } from '../../core/localize';
import { relativeTo, backtick as c } from '../../core/text';
import { withBuildArgsOf } from '../../core/buildArgText';
import { evidenceText } from '../../goenv/docs/privateReasons';
import { routingProblems, type MisroutedModule, type StepRouting } from '../../model/privateRouting';
import { proxiedFix, proxiesText } from '../private-module';

const MESSAGES = {
  gomodProxied: {
    en: (path: string, file: string, proxies: string, why: string) =>
      `The Docker build in ${file} asks the public proxy ${proxies} for ${c(path)}, which this build treats as private (${why}): the proxy learns the path, and cannot serve it if it is private. Add it to GOPRIVATE in the Dockerfile.`,
    'zh-cn': (path: string, file: string, proxies: string, why: string) =>
      `${file} 中的 Docker 构建会向公共代理 ${proxies} 请求 ${c(path)}，而本构建把它视为私有模块（${why}）：代理会得知这个路径；若它确是私有模块，代理也无法提供它。请在 Dockerfile 中把它加入 GOPRIVATE。`,
  } satisfies Localized<[string, string, string, string]>,
  outside: {
    en: (target: string, context: string) =>
      `${c(target)} lies outside the Docker build context (${context}): COPY cannot bring it into the image, so the build fails with "replacement directory ${target} does not exist".`,
    'zh-cn': (target: string, context: string) =>
      `${c(target)} 位于 Docker 构建上下文（${context}）之外：COPY 无法把它放进镜像，构建会以 "replacement directory ${target} does not exist" 失败。`,
  } satisfies Localized<[string, string]>,
  thisFolder: { en: () => "go.mod's folder", 'zh-cn': () => 'go.mod 所在目录' } satisfies Localized,
};

export const gomodSyntax = defineRule({
  id: 'gomod-syntax',
  family: 'gomod',
  severity: 'error',
  title: { en: 'go.mod / go.work syntax error', 'zh-cn': 'go.mod / go.work 语法错误' },
  appliesTo: ['gomod', 'gowork'],
  check(ctx, report) {
    const file = ctx.req.kind === 'gowork' ? ctx.goWork : ctx.goMod;
    for (const e of file?.errors ?? []) report({ range: e.range, message: e.message });
  },
});

/**
 * The go.mod side of private-module-proxied: the require line of a private module that a Dockerfile building this
 * module sends to a proxy.
 * A Dockerfile built several ways is judged with each build's arguments; a module only some of them send names them.
 */
export const gomodPrivateModule = defineRule({
  id: 'gomod-private-module',
  family: 'gomod',
  severity: 'warning',
  title: { en: 'A private requirement that a Dockerfile sends to a public proxy', 'zh-cn': 'Dockerfile 会把这个私有依赖发往公共代理' },
  appliesTo: ['gomod'],
  check(ctx, report) {
    // Per module, the first Dockerfile that sends it, and how many of that Dockerfile's runs do (with their builds).
    const found = new Map<string, { parsed: BuildingDockerfile; r: StepRouting; m: MisroutedModule; labels: Set<string>; runs: number }>();
    const runsOf = new Map<string, number>();
    for (const parsed of ctx.buildingDockerfileRuns) runsOf.set(parsed.file.uri, (runsOf.get(parsed.file.uri) ?? 0) + 1);
    for (const parsed of ctx.buildingDockerfileRuns) {
      for (const r of routingProblems(ctx, parsed, ctx.requiredModules, ctx.req.related.goSum?.text)) {
        for (const m of r.proxied) {
          const path = m.module.require.path;
          if (m.module.file.uri !== ctx.uri) continue;
          const entry = found.get(path) ?? found.set(path, { parsed, r, m, labels: new Set(), runs: 0 }).get(path)!;
          if (entry.parsed.file.uri !== parsed.file.uri) continue;
          entry.runs++;
          for (const l of parsed.buildLabels ?? []) entry.labels.add(l);
        }
      }
    }
    for (const [path, { parsed, r, m, labels, runs }] of found) {
      const file = relativeTo(ctx.uri, parsed.file.uri);
      const everyRun = !parsed.buildLabels || runs === runsOf.get(parsed.file.uri);
      const builds = everyRun ? '' : withBuildArgsOf(ctx.locale, [...labels]);
      report({
        range: m.module.require.pathRange,
        message: localize(ctx.locale, MESSAGES.gomodProxied, path, file, proxiesText(ctx.locale, m), evidenceText(ctx.locale, m.evidence)) + builds,
        fixes: () => [proxiedFix(ctx.locale, parsed.file.uri, parsed, r, [m])],
      });
    }
  },
});

/**
 * Replace directives that point outside the Docker build context: COPY cannot reach them. Only when a compose or bake
 * file names the context: a Dockerfile's own folder is a guess (`docker build -f x/Dockerfile .` is common), and a
 * claim that the build fails needs the real one.
 */
export const gomodReplaceOutsideContext = defineRule({
  id: 'gomod-replace-outside-context',
  family: 'gomod',
  severity: 'warning',
  title: { en: 'A local replace outside the Docker build context', 'zh-cn': '本地 replace 路径位于 Docker 构建上下文之外' },
  appliesTo: ['gomod'],
  check(ctx, report) {
    const mod = ctx.goMod;
    const modPath = uriToPath(ctx.uri);
    if (!mod || !modPath || (ctx.req.related.dockerfiles ?? []).length === 0 || !ctx.req.related.contextDeclared) return;
    const dockerfile = uriToPath(ctx.req.related.dockerfiles![0].uri);
    const context = ctx.req.related.contextDir ? uriToPath(ctx.req.related.contextDir) : dockerfile && path.dirname(dockerfile);
    if (!context) return;
    for (const r of mod.replaces) {
      if (!r.isLocal) continue;
      const target = path.resolve(path.dirname(modPath), r.newPath);
      const rel = path.relative(context, target);
      if (rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel))) continue;
      const shown = path.relative(path.dirname(modPath), context) || localize(ctx.locale, MESSAGES.thisFolder);
      report({ range: r.newPathRange, message: localize(ctx.locale, MESSAGES.outside, r.newPath, shown) });
    }
  },
});
