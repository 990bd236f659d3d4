// GOPRIVATE / GONOPROXY / GONOSUMDB / GOINSECURE patterns that silently never match.
import { dockerfileRule, type Rule } from '../core/rule';
import type { Localized } from '../core/localize';
import { localize } from '../core/localize';
import { redactCredentials } from '../core/redact';
import { parsePatternList, type PatternEntry } from '../goenv/patterns';
import { valueSites } from './support/sites';
import { replaceValue } from './support/edits';

const PATTERN_VARIABLES = new Set(['GOPRIVATE', 'GONOPROXY', 'GONOSUMDB', 'GOINSECURE']);
const c = (s: string) => `\`${s}\``;

const ISSUE: Record<NonNullable<PatternEntry['issue']>, Localized<[string, string]>> = {
  scheme: {
    en: (p, v) => `${c(p)} in ${v} has a URL scheme; module paths never start with one, so this pattern matches nothing.`,
    'zh-cn': (p, v) => `${v} 中的 ${c(p)} 带有 URL 协议头；模块路径不会以协议开头，所以这个模式什么也匹配不到。`,
  },
  'trailing-slash': {
    en: (p, v) => `${c(p)} in ${v} ends with \`/\`: the go command ignores it, but it suggests a URL rather than a module path prefix.`,
    'zh-cn': (p, v) => `${v} 中的 ${c(p)} 以 \`/\` 结尾：go 命令会忽略它，但这看起来像 URL 而不是模块路径前缀。`,
  },
  whitespace: {
    en: (p, v) => `${c(p)} in ${v} contains white space, which the go command does not trim: this pattern never matches.`,
    'zh-cn': (p, v) => `${v} 中的 ${c(p)} 含有空白，go 命令不会去掉它：这个模式永远匹配不到。`,
  },
  'bad-glob': {
    en: (p, v) => `${c(p)} in ${v} is not a valid glob; the go command silently ignores it.`,
    'zh-cn': (p, v) => `${v} 中的 ${c(p)} 不是合法的通配模式；go 命令会静默忽略它。`,
  },
  empty: {
    en: (p, v) => `Empty pattern ${c(p)} in ${v}.`,
    'zh-cn': (p, v) => `${v} 中有空模式 ${c(p)}。`,
  },
};

const TITLE: Localized<[string]> = {
  en: (value) => `Rewrite as ${value}`,
  'zh-cn': (value) => `改写为 ${value}`,
};

export const patternInvalid: Rule = dockerfileRule({
  id: 'pattern-invalid',
  defaultSeverity: 'warning',
  check(parsed, ctx, report) {
    const index = parsed.model.lines;
    for (const site of valueSites(parsed, PATTERN_VARIABLES)) {
      const entries = parsePatternList(site.value);
      // Empty entries (`a,,b`) are harmless; report only patterns that will not do what they seem to.
      const bad = entries.filter((e) => e.issue && e.issue !== 'empty');
      if (bad.length === 0) continue;
      const fixed = entries.filter((e) => e.normalized !== '').map((e) => e.normalized).join(',');
      const fixes = site.editable && fixed !== site.value ? [{ title: localize(ctx.locale, TITLE, redactCredentials(fixed)), preferred: true, edits: [{ uri: ctx.uri, edits: [replaceValue(site, fixed, index)] }] }] : [];
      for (const e of bad) {
        report({
          range: site.subRange(e.start, e.end),
          severity: e.issue === 'trailing-slash' ? 'hint' : undefined,
          message: localize(ctx.locale, ISSUE[e.issue!], redactCredentials(e.raw), site.name),
          fixes,
        });
      }
    }
  },
});
