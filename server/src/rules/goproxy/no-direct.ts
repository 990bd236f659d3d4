// goproxy-no-direct: a company proxy list with no way out, through which a module the build shows to be private is
// requested.
import { defineRule } from '../rule';
import type { AnalysisContext } from '../../model/context';
import type { ParsedDockerfile } from '../../model/parsedDockerfile';
import { localize } from '../../core/localize';
import { backtick } from '../../core/text';
import { routeModule } from '../../goenv/effective';
import type { PrivacyEvidence } from '../../goenv/privacyEvidence';
import { evidenceText } from '../../goenv/docs/privateReasons';
import { isPublicMirror } from '../../model/privateRouting';
import { downloadsReading, proxySites, rewriteFix, takesLists, type ProxySite } from '../support/proxySites';
import { GOPROXY_MESSAGES } from './messages';

/** A required module with evidence of privacy that a download step reading this value sends to its proxies. */
function strandedPrivateModule(ctx: AnalysisContext, parsed: ParsedDockerfile, ps: ProxySite): { path: string; evidence: PrivacyEvidence } | undefined {
  const steps = downloadsReading(parsed, ps);
  for (const m of ctx.requiredModules) {
    const evidence = ctx.privacy.evidenceFor(m.require.path, 'proxy');
    if (evidence && steps.some((d) => routeModule(m.require.path, d.env).via === 'proxy')) return { path: m.require.path, evidence };
  }
  return undefined;
}

export const goproxyNoDirect = defineRule({
  id: 'goproxy-no-direct',
  family: 'goproxy',
  severity: 'hint',
  title: { en: 'No direct fallback after the mirrors', 'zh-cn': '镜像之后没有 direct 兜底' },
  check(parsed, ctx, report) {
    for (const ps of proxySites(ctx)) {
      const reachable = ps.entries.filter((e) => e.reachable);
      if (ps.entries.some((e) => e.error) || reachable.length === 0) continue;
      if (reachable.some((e) => e.kind === 'direct' || e.kind === 'off')) continue;
      // Public mirrors serve every public module, and private-module-proxied speaks for private ones sent to them:
      // the claim needs a module the build shows to be private, routed through a company proxy with no way out.
      if (reachable.every((e) => isPublicMirror(e.url ?? ''))) continue;
      // Go 1.11 and 1.12 know neither `,direct` nor GOPRIVATE: the advice does not exist there.
      if (!takesLists(parsed, ps)) continue;
      const stranded = strandedPrivateModule(ctx, parsed, ps);
      if (!stranded) continue;
      const last = reachable[reachable.length - 1];
      const fixed = `${ps.site.value.trimEnd()},direct`;
      report({
        range: ps.site.subRange(reachable[0].start, last.end),
        message: localize(ctx.locale, GOPROXY_MESSAGES.noDirect, backtick(stranded.path), evidenceText(ctx.locale, stranded.evidence)),
        fixes: rewriteFix(ps, localize(ctx.locale, GOPROXY_MESSAGES.appendDirectTitle), fixed),
      });
    }
  },
});
