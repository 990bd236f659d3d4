// GOPRIVATE / GONOPROXY / GONOSUMDB / GOINSECURE patterns that silently never match.
import { defineRule, type Reporter } from './rule';
import type { AnalysisContext } from '../model/context';
import type { RequiredModule } from '../model/moduleFiles';
import type { Localized } from '../core/localize';
import { localize } from '../core/localize';
import { redactCredentials } from '../core/redact';
import { detached } from '../core/memo';
import { matchesPatternList, parsePatternList, type PatternEntry } from '../goenv/patterns';
import { PUBLIC_MODULE_HOSTS } from '../goenv/privacy';
import { globalValueSites, stageValueSites, type ValueSite } from '../model/sites';
import { judgeStages, stageReports, type StageAnalysis } from './support/stageReports';
import { valueEdit } from '../model/edits';
import type { DocumentEdit, Fix } from '../core/types';
import { backtick as c } from '../core/text';
import { PATTERN_VARIABLES, ROUTING_VARIABLES } from '../goenv/variables';

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

type SiblingKind = 'star' | 'dots' | 'element';

const WHY: Record<SiblingKind, Localized> = {
  star: { en: () => 'a trailing `/*` needs one more path element', 'zh-cn': () => '末尾的 `/*` 还需要多一级路径' },
  dots: {
    en: () => '`...` is no wildcard here: it matches only a literal `...` element',
    'zh-cn': () => '`...` 在这里不是通配符：它只匹配字面上的 `...` 这一级',
  },
  element: {
    en: () => 'it has more path elements than the module path, and a pattern matches only paths at least as long',
    'zh-cn': () => '它的路径层级比模块路径多，而模式只匹配至少同样长的路径',
  },
};

// What the pattern itself fails to do (the route also depends on GOPROXY, GOSUMDB and the other lists).
const EFFECT: Record<string, Localized<[string]>> = {
  GOPRIVATE: {
    en: (m) => `it does not make ${c(m)} private (kept from GOPROXY and the checksum database)`,
    'zh-cn': (m) => `它不会把 ${c(m)} 标为私有（不经 GOPROXY、不查校验和数据库）`,
  },
  GONOPROXY: { en: (m) => `it does not keep ${c(m)} from GOPROXY`, 'zh-cn': (m) => `它不会让 ${c(m)} 绕过 GOPROXY` },
  GONOSUMDB: { en: (m) => `it does not keep ${c(m)} from the checksum database`, 'zh-cn': (m) => `它不会让 ${c(m)} 免于校验和数据库核对` },
};

const MATCHES_NOTHING: Localized<[string, string, string, string, string]> = {
  en: (p, v, why, effect, sibling) => `${c(p)} in ${v} matches none of the modules this build requires (${why}), so ${effect}. ${c(sibling)} would match it.`,
  'zh-cn': (p, v, why, effect, sibling) => `${v} 中的 ${c(p)} 匹配不到本次构建需要的任何模块（${why}），所以${effect}。${c(sibling)} 才能匹配它。`,
};

/** Forms of a pattern the user may have meant: without a trailing `/*` or `/...`, or with one element fewer. */
function siblings(pattern: string): { form: string; kind: SiblingKind }[] {
  const out: { form: string; kind: SiblingKind }[] = [];
  if (pattern.endsWith('/*')) out.push({ form: pattern.slice(0, -2), kind: 'star' });
  else if (pattern.endsWith('/...')) out.push({ form: pattern.slice(0, -4), kind: 'dots' });
  else if (pattern.includes('/')) out.push({ form: pattern.slice(0, pattern.lastIndexOf('/')), kind: 'element' });
  // Adding an element never helps (a longer pattern matches fewer paths); a bare public code host would match
  // everybody's modules there, never what a private pattern meant.
  return out.filter((s) => s.form !== '' && !s.form.includes('...') && !PUBLIC_MODULE_HOSTS.has(s.form.toLowerCase()));
}

const TITLE: Localized<[string]> = {
  en: (value) => `Rewrite as ${value}`,
  'zh-cn': (value) => `改写为 ${value}`,
};

/** Each valid pattern that matches no required module while a sibling form would match one the list leaves out. */
type Sibling = { form: string; kind: SiblingKind; module: string };

/** For each entry of a pattern list: the sibling form that would match a module the list misses (none: undefined). */
function unmatchedSiblings(value: string, modules: readonly string[]): (Sibling | undefined)[] {
  const entries = parsePatternList(value);
  const missed = modules.filter((m) => !matchesPatternList(value, m));
  return entries.map((e) => {
    if (e.issue || missed.length === 0 || modules.some((m) => matchesPatternList(e.raw, m))) return undefined;
    // One element fewer only for a module shorter than the pattern (it named a package inside the module):
    // a sibling module at the same depth is another module, not what the pattern missed.
    const depth = e.raw.split('/').length;
    const fits = (s: { form: string; kind: SiblingKind }, m: string) => matchesPatternList(s.form, m) && (s.kind !== 'element' || m.split('/').length < depth);
    return siblings(e.raw).flatMap((s) =>
      missed
        .filter((m) => fits(s, m))
        .slice(0, 1)
        .map((m) => ({ ...s, module: m })),
    )[0];
  });
}

// The same values recur in a file and from one keystroke to the next: the answer is kept per module set and value.
const unmatchedMemo = new Map<string, Map<string, (Sibling | undefined)[]>>();
// The module set's key, made once per set (the Dockerfiles building one go.mod share it): thousands of paths.
const modulesKeys = new WeakMap<RequiredModule[], string>();

/** The modules the build requires, when a go.mod is in view (none otherwise): what a sibling form is judged against. */
function requiredWithGoMod(ctx: AnalysisContext): RequiredModule[] | undefined {
  return ctx.goMod ? ctx.requiredModules : undefined;
}

function reportUnmatched(at: Readonly<StageAnalysis>, sites: ValueSite[], report: Reporter): void {
  const { ctx } = at;
  const required = requiredWithGoMod(ctx) ?? [];
  if (required.length === 0) return;
  let modules: string[] | undefined;
  const paths = () => (modules ??= required.map((m) => m.require.path));
  let modulesKey = modulesKeys.get(required);
  if (modulesKey === undefined) modulesKeys.set(required, (modulesKey = paths().join('\u0001')));
  let byValue = unmatchedMemo.get(modulesKey);
  if (!byValue) {
    if (unmatchedMemo.size >= 16) unmatchedMemo.clear();
    unmatchedMemo.set(modulesKey, (byValue = new Map()));
  }
  for (const site of sites) {
    let answers = byValue.get(site.value);
    if (!answers) {
      if (byValue.size >= 4096) byValue.clear();
      byValue.set(detached(site.value), (answers = unmatchedSiblings(site.value, paths())));
    }
    // No sibling for any entry: nothing to report (most values).
    if (answers.every((a) => a === undefined)) continue;
    const entries = parsePatternList(site.value);
    for (const [i, e] of entries.entries()) {
      const found = answers[i];
      if (!found) continue;
      const value = entries.map((x) => (x === e ? found.form : x.raw)).join(',');
      const shown = redactCredentials(found.form);
      report({
        range: site.subRange(e.start, e.end),
        message: localize(
          ctx.locale,
          MATCHES_NOTHING,
          redactCredentials(e.raw),
          site.name,
          localize(ctx.locale, WHY[found.kind]),
          localize(ctx.locale, EFFECT[site.name], found.module),
          shown,
        ),
        fixes: fixWith(valueEdit(site, value, ctx.uri, at.parsed.model.lines), localize(ctx.locale, TITLE, shown)),
      });
    }
  }
}

/** The preferred fix of one edit, when there is an edit. */
function fixWith(edit: DocumentEdit | undefined, title: string): Fix[] {
  return edit ? [{ title, preferred: true, edits: [edit] }] : [];
}

export const patternInvalid = defineRule({
  id: 'pattern-invalid',
  family: 'pattern',
  severity: 'warning',
  title: {
    en: "A GOPRIVATE/GONOPROXY/GONOSUMDB/GOINSECURE pattern that never matches, or misses the build's module that a sibling form would match",
    'zh-cn': '永远匹配不到的 GOPRIVATE/GONOPROXY/GONOSUMDB/GOINSECURE 模式，或漏掉了构建所需、换一种写法即可匹配的模块',
  },
  check(parsed, ctx, report) {
    judgePatterns({ parsed, ctx }, (names) => globalValueSites(parsed, names), report);
    // Besides its sites, a stage's judgement reads the required modules (its sibling forms are judged against them).
    judgeStages(parsed, ctx, patternsByStage, [ctx.locale, requiredWithGoMod(ctx)], report, (at, st, stageReport) =>
      judgePatterns(at, (names) => stageValueSites(at.parsed, st, names), stageReport),
    );
  },
});

const patternsByStage = stageReports();

/** The patterns of some sites (global or of one stage) that never match, then those that miss a required module. */
function judgePatterns(at: Readonly<StageAnalysis>, sitesOf: (names: ReadonlySet<string>) => ValueSite[], report: Reporter): void {
  const { ctx } = at;
  for (const site of sitesOf(PATTERN_VARIABLES)) {
    const entries = parsePatternList(site.value);
    // Empty entries (`a,,b`) are harmless; report only patterns that will not do what they seem to.
    const bad = entries.filter((e) => e.issue && e.issue !== 'empty');
    if (bad.length === 0) continue;
    const fixed = entries
      .filter((e) => e.normalized !== '')
      .map((e) => e.normalized)
      .join(',');
    const fixes =
      fixed === site.value ? [] : fixWith(valueEdit(site, fixed, ctx.uri, at.parsed.model.lines), localize(ctx.locale, TITLE, redactCredentials(fixed)));
    for (const e of bad) {
      report({
        range: site.subRange(e.start, e.end),
        severity: e.issue === 'trailing-slash' ? 'hint' : undefined,
        message: localize(ctx.locale, ISSUE[e.issue!], redactCredentials(e.raw), site.name),
        fixes,
      });
    }
  }
  reportUnmatched(at, sitesOf(ROUTING_VARIABLES), report);
}
