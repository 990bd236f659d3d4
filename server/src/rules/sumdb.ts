// GOSUMDB: checksum verification switched off, or a value the go command cannot use.
import { dockerfileRule, type Rule } from '../core/rule';
import type { Fix } from '../core/types';
import type { Localized } from '../core/localize';
import { localize } from '../core/localize';
import { redactCredentials } from '../core/redact';
import { parseGoSumDb } from '../goenv/sumdb';
import { valueSites } from './support/sites';
import { removeAssignment } from './support/edits';

const c = (s: string) => `\`${s}\``;

const T = {
  off: {
    en: () =>
      'GOSUMDB=off turns off checksum-database verification for every module, public ones included: a tampered or substituted module not yet in go.sum is accepted. Exclude only the private modules with GONOSUMDB or GOPRIVATE.',
    'zh-cn': () =>
      'GOSUMDB=off 会关闭所有模块（包括公共模块）的校验和数据库验证：尚未记录在 go.sum 中的被篡改或被替换的模块会被接受。请只用 GONOSUMDB 或 GOPRIVATE 排除私有模块。',
  } satisfies Localized,
  replaceTitle: {
    en: (patterns: string) => `Replace GOSUMDB=off with GONOSUMDB=${patterns}`,
    'zh-cn': (patterns: string) => `将 GOSUMDB=off 替换为 GONOSUMDB=${patterns}`,
  } satisfies Localized<[string]>,
  removeTitle: { en: () => 'Remove GOSUMDB=off', 'zh-cn': () => '删除 GOSUMDB=off' } satisfies Localized,
  invalid: {
    en: (value: string, error: string) => `The go command cannot use GOSUMDB=${c(value)} (${c(error)}): every download that needs a checksum fails.`,
    'zh-cn': (value: string, error: string) => `go 命令无法使用 GOSUMDB=${c(value)}（${c(error)}）：所有需要校验和的下载都会失败。`,
  } satisfies Localized<[string, string]>,
};

export const gosumdbOff: Rule = dockerfileRule({
  id: 'gosumdb-off',
  defaultSeverity: 'warning',
  check(parsed, ctx, report) {
    const index = parsed.model.lines;
    for (const site of valueSites(parsed, new Set(['GOSUMDB']))) {
      if (parseGoSumDb(site.value).kind !== 'off') continue;
      const patterns = [
        ...new Set(
          ctx.requiredModules
            .map((m) => ctx.privacy.evidenceFor(m.require.path, 'sumdb')?.pattern)
            .filter((p): p is string => !!p),
        ),
      ];
      const fixes: Fix[] = [];
      if (patterns.length > 0 && site.kind !== 'go-env-w') {
        const value = patterns.join(',');
        fixes.push({ title: localize(ctx.locale, T.replaceTitle, value), preferred: true, edits: [{ uri: ctx.uri, edits: [{ range: site.range, newText: `GONOSUMDB=${value}` }] }] });
      } else if (site.kind !== 'go-env-w') {
        fixes.push({ title: localize(ctx.locale, T.removeTitle), preferred: true, edits: [{ uri: ctx.uri, edits: [removeAssignment(site, index)] }] });
      }
      report({ range: site.range, message: localize(ctx.locale, T.off), fixes });
    }
  },
});

export const gosumdbInvalid: Rule = dockerfileRule({
  id: 'gosumdb-invalid',
  defaultSeverity: 'error',
  check(parsed, ctx, report) {
    for (const site of valueSites(parsed, new Set(['GOSUMDB']))) {
      const sumdb = parseGoSumDb(site.value);
      if (!sumdb.error) continue;
      report({ range: site.valueRange, message: localize(ctx.locale, T.invalid, redactCredentials(site.value), redactCredentials(sumdb.error)) });
    }
  },
});
