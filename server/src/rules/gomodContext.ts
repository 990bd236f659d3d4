// go.mod replace directives that point outside the Docker build context: COPY cannot reach them. Only when a
// compose or bake file names the context: a Dockerfile's own folder is a guess (`docker build -f x/Dockerfile .`
// is common), and a claim that the build fails needs the real one.
import * as path from 'node:path';
import { uriToPath } from '../workspace';
import { defineRule } from '../core/rule';
import type { Localized } from '../core/localize';
import { localize } from '../core/localize';

const c = (s: string) => `\`${s}\``;

const T = {
  outside: {
    en: (target: string, context: string) =>
      `${c(target)} lies outside the Docker build context (${context}): COPY cannot bring it into the image, so the build fails with "replacement directory ${target} does not exist".`,
    'zh-cn': (target: string, context: string) =>
      `${c(target)} 位于 Docker 构建上下文（${context}）之外：COPY 无法把它放进镜像，构建会以 "replacement directory ${target} does not exist" 失败。`,
  } satisfies Localized<[string, string]>,
  thisFolder: { en: () => "go.mod's folder", 'zh-cn': () => 'go.mod 所在目录' } satisfies Localized,
};

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
      const shown = path.relative(path.dirname(modPath), context) || localize(ctx.locale, T.thisFolder);
      report({ range: r.newPathRange, message: localize(ctx.locale, T.outside, r.newPath, shown) });
    }
  },
});
