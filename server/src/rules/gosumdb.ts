// GOSUMDB: checksum verification switched off (GOSUMDB=off, or a GONOSUMDB/GOPRIVATE pattern matching every module
// path), or a value the go command cannot use.
import { defineRule, type Reporter } from './rule';
import type { AnalysisContext } from '../model/context';
import type { ParsedDockerfile } from '../model/parsedDockerfile';
import type { Fix } from '../core/types';
import { sameRange, backtick as c } from '../core/text';
import type { Localized } from '../core/localize';
import { localize } from '../core/localize';
import { redactCredentials } from '../core/redact';
import { parseGoSumDb } from '../goenv/sumdb';
import { broadestPattern, matchesAnyPathOf } from '../goenv/patterns';
import { routeModule } from '../goenv/effective';
import { globalValueSites, stageValueSites, type ValueSite } from '../model/sites';
import type { StageTimeline } from '../goenv/timelineModel';
import { judgeStages, stageReports, type StageAnalysis } from './support/stageReports';
import { builtOnReads, perStage } from './support/stagesBuiltOn';
import { removeAssignment, valueEdit } from '../model/edits';
import { allDownloadSteps, type DownloadStep } from '../model/steps';
import { goSumCopiedBefore, goSumCovers } from '../model/privateRouting';
import { toolchainSwitches } from './toolchain/switches';

const MESSAGES = {
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
  everyPath: {
    en: (name: string, pattern: string, elements: number) =>
      `The pattern ${c(pattern)} in ${name} matches every module path${elements > 1 ? ` of ${elements} or more elements (github.com/owner/repo included)` : ''}${name === 'GOPRIVATE' ? ', and GONOSUMDB defaults to GOPRIVATE' : ''}: checksum-database verification is off for those modules, public ones included, as with GOSUMDB=off. A tampered or substituted module not yet in go.sum is accepted. List only the private modules.`,
    'zh-cn': (name: string, pattern: string, elements: number) =>
      `${name} 中的模式 ${c(pattern)} 匹配${elements > 1 ? ` ${elements} 段及以上的` : ''}所有模块路径${elements > 1 ? '（包括 github.com/owner/repo）' : ''}${name === 'GOPRIVATE' ? '，而 GONOSUMDB 默认取 GOPRIVATE 的值' : ''}：这些模块（包括公共模块）都不再经过校验和数据库验证，与 GOSUMDB=off 相同。尚未记录在 go.sum 中的被篡改或被替换的模块会被接受。请只列出私有模块。`,
  } satisfies Localized<[string, string, number]>,
  scopeTitle: {
    en: (name: string, patterns: string) => `Set ${name}=${patterns}`,
    'zh-cn': (name: string, patterns: string) => `改为 ${name}=${patterns}`,
  } satisfies Localized<[string, string]>,
  invalid: {
    en: (value: string, error: string) => `The go command cannot use GOSUMDB=${c(value)} (${c(error)}): every download that needs a checksum fails.`,
    'zh-cn': (value: string, error: string) => `go 命令无法使用 GOSUMDB=${c(value)}（${c(error)}）：所有需要校验和的下载都会失败。`,
  } satisfies Localized<[string, string]>,
  invalidCovered: {
    en: (value: string, error: string) =>
      `The go command cannot use GOSUMDB=${c(value)} (${c(error)}). Every module this build needs is in the go.sum copied before it or excluded by GONOSUMDB, so go never asks the database and the build passes; any other module fails with \`verifying …: ${error}\`.`,
    'zh-cn': (value: string, error: string) =>
      `go 命令无法使用 GOSUMDB=${c(value)}（${c(error)}）。这次构建需要的模块都已记录在之前复制的 go.sum 中或被 GONOSUMDB 排除，go 不会查询数据库，构建可以通过；其他任何模块都会以 \`verifying …: ${error}\` 失败。`,
  } satisfies Localized<[string, string]>,
  invalidUnsure: {
    en: (value: string, error: string) =>
      `The go command cannot use GOSUMDB=${c(value)} (${c(error)}). go reads it only to verify a module not yet in go.sum, and nothing here shows a step that must: any that does fails with \`verifying …: ${error}\`.`,
    'zh-cn': (value: string, error: string) =>
      `go 命令无法使用 GOSUMDB=${c(value)}（${c(error)}）。go 只在验证尚未记录在 go.sum 中的模块时才读取它，这里看不出有步骤需要这样做：一旦需要，就会以 \`verifying …: ${error}\` 失败。`,
  } satisfies Localized<[string, string]>,
};

/** The private patterns the workspace shows (for fixes that scope an exclusion to them), once per analysis. */
function privatePatterns(ctx: AnalysisContext): string[] {
  return ctx.memo('gosumdbPrivatePatterns', () => {
    // A pattern matching every path is the setting being reported, not evidence of what is private.
    const patterns = ctx.requiredModules.map((m) => ctx.privacy.evidenceFor(m.require.path, 'sumdb')?.pattern);
    return [...new Set(patterns.filter((p): p is string => !!p && matchesAnyPathOf(p) === undefined))];
  });
}

/** Whether a GOPRIVATE value decides GONOSUMDB: some go step it reaches has no GONOSUMDB of its own. */
function decidesNoSumDb(parsed: ParsedDockerfile, site: ValueSite): boolean {
  const same = (a: ValueSite['valueRange'], b: ValueSite['valueRange'] | undefined) => !!b && sameRange(a, b);
  const unset = (env: { get(n: string): { value: string } | undefined }) => !env.get('GONOSUMDB')?.value;
  const steps = parsed.timeline.stages.flatMap((st) => st.goSteps).filter((s) => same(site.valueRange, s.env.get('GOPRIVATE')?.origin.valueRange));
  if (steps.length > 0) return steps.some((s) => unset(s.env));
  // No go step uses it here: what the stage leaves in the image decides.
  const stage = parsed.timeline.stages[site.stageIndex];
  return !stage || unset(stage.envAtEnd);
}

const NOSUMDB_LISTS: ReadonlySet<string> = new Set(['GONOSUMDB', 'GOPRIVATE']);
const GOSUMDB: ReadonlySet<string> = new Set(['GOSUMDB']);

/** A GOPRIVATE site whose pattern matches every path: whether it turns verification off depends on the steps it reaches. */
const broadPrivate = (site: ValueSite) => site.name === 'GOPRIVATE' && !!broadestPattern(site.value);

const offByStage = stageReports();
const setsBroadPrivate = perStage((parsed, st) => stageValueSites(parsed, st, NOSUMDB_LISTS).some(broadPrivate));
// A stage with a site judgeOff may report: a pattern matching every path, or GOSUMDB=off.
const mayTurnOff = perStage(
  (parsed, st) =>
    stageValueSites(parsed, st, NOSUMDB_LISTS).some((site) => !!broadestPattern(site.value)) ||
    stageValueSites(parsed, st, GOSUMDB).some((site) => parseGoSumDb(site.value).kind === 'off'),
);

/** Sites turning checksum verification off for every module: a pattern matching every path, or GOSUMDB=off. */
function judgeOff(at: Readonly<StageAnalysis>, lists: ValueSite[], sumdbs: ValueSite[], report: Reporter): void {
  const { ctx } = at;
  let patterns: string[] | undefined;
  const scoped = () => (patterns ??= privatePatterns(ctx));
  for (const site of lists) {
    const broad = broadestPattern(site.value);
    if (!broad || (site.name === 'GOPRIVATE' && !decidesNoSumDb(at.parsed, site))) continue;
    const found = scoped();
    const fixes = (): Fix[] => {
      if (found.length === 0 || site.kind === 'go-env-w') return [];
      const value = found.join(',');
      const edit = valueEdit(site, value, at.ctx.uri, at.parsed.model.lines);
      return edit ? [{ title: localize(at.ctx.locale, MESSAGES.scopeTitle, site.name, value), preferred: true, edits: [edit] }] : [];
    };
    report({
      range: site.subRange(broad.start, broad.start + broad.pattern.length),
      message: localize(ctx.locale, MESSAGES.everyPath, site.name, redactCredentials(broad.pattern), broad.elements),
      fixes,
    });
  }
  for (const site of sumdbs) {
    if (parseGoSumDb(site.value).kind !== 'off') continue;
    const found = scoped();
    const fixes: Fix[] = [];
    if (found.length > 0 && site.kind !== 'go-env-w') {
      const value = found.join(',');
      fixes.push({
        title: localize(ctx.locale, MESSAGES.replaceTitle, value),
        preferred: true,
        edits: [{ uri: ctx.uri, edits: [{ range: site.range, newText: `GONOSUMDB=${value}` }] }],
      });
    } else if (site.kind !== 'go-env-w') {
      fixes.push({
        title: localize(ctx.locale, MESSAGES.removeTitle),
        preferred: true,
        edits: [{ uri: ctx.uri, edits: [removeAssignment(site, at.parsed.model.lines)] }],
      });
    }
    report({ range: site.range, message: localize(ctx.locale, MESSAGES.off), fixes });
  }
}

export const gosumdbOff = defineRule({
  id: 'gosumdb-off',
  family: 'gosumdb',
  severity: 'warning',
  title: { en: 'GOSUMDB=off disables verification for every module', 'zh-cn': 'GOSUMDB=off 关闭了所有模块的校验' },
  check(parsed, ctx, report) {
    judgeOff({ parsed, ctx }, globalValueSites(parsed, NOSUMDB_LISTS), globalValueSites(parsed, GOSUMDB), report);
    // The fixes name the private patterns: read as their text, which stays the same while the privacy judge (made
    // again by many edits of the Dockerfile) and the required modules come out with the same patterns. A broad
    // GOPRIVATE matters only where a go step reads it without a GONOSUMDB: in the stage or in a stage built on it.
    // Worked out only where a stage may report: the patterns read the whole go.mod (thousands of requirements), and a
    // go.mod edit re-checks every Dockerfile that builds it.
    const patterns = mayTurnOff(parsed).some((may) => may) ? JSON.stringify(privatePatterns(ctx)) : undefined;
    judgeStages(
      parsed,
      ctx,
      offByStage,
      [ctx.locale, patterns],
      report,
      (at, st, stageReport) => judgeOff(at, stageValueSites(at.parsed, st, NOSUMDB_LISTS), stageValueSites(at.parsed, st, GOSUMDB), stageReport),
      builtOnReads(parsed, setsBroadPrivate),
    );
  },
});

const invalidByStage = stageReports();
const unusableValues = perStage((parsed, st) =>
  stageValueSites(parsed, st, GOSUMDB)
    .filter((site) => parseGoSumDb(site.value).error)
    .map((site) => site.value),
);

/** Sites of GOSUMDB values the go command cannot use; `needs` tells whether a step must verify a module under one. */
function judgeInvalid(at: Readonly<StageAnalysis>, sites: ValueSite[], needs: (value: string) => Need, report: Reporter): void {
  const locale = at.ctx.locale;
  for (const site of sites) {
    const sumdb = parseGoSumDb(site.value);
    if (!sumdb.error) continue;
    const value = redactCredentials(site.value);
    const error = redactCredentials(sumdb.error);
    // go reads GOSUMDB only to verify a module: an error only when some step surely needs that.
    const need = needs(site.value);
    if (need === 'yes') report({ range: site.valueRange, message: localize(locale, MESSAGES.invalid, value, error) });
    else
      report({
        range: site.valueRange,
        severity: 'warning',
        message: localize(locale, need === 'covered' ? MESSAGES.invalidCovered : MESSAGES.invalidUnsure, value, error),
      });
  }
}

/** verificationNeeded of a value, once per analysis: it looks at every step of the file with that value. */
function neededOnce(parsed: ParsedDockerfile, ctx: AnalysisContext): (value: string) => Need {
  const byParse = ctx.memo('gosumdbVerificationNeeded', () => new WeakMap<ParsedDockerfile, Map<string, Need>>());
  let byValue = byParse.get(parsed);
  if (!byValue) byParse.set(parsed, (byValue = new Map()));
  const known = byValue;
  return (value) => {
    let need = known.get(value);
    if (need === undefined) known.set(value, (need = verificationNeeded(parsed, ctx, value)));
    return need;
  };
}

export const gosumdbInvalid = defineRule({
  id: 'gosumdb-invalid',
  family: 'gosumdb',
  severity: 'error',
  title: { en: 'A GOSUMDB value the go command cannot use', 'zh-cn': 'go 命令无法使用的 GOSUMDB 值' },
  check(parsed, ctx, report) {
    const needs = neededOnce(parsed, ctx);
    judgeInvalid({ parsed, ctx }, globalValueSites(parsed, GOSUMDB), needs, report);
    // Whether a step must verify a module under a value looks at the steps anywhere in the file with that value: a
    // stage's judgement reads that answer for each of its values the go command cannot use, and names it.
    const unusable = unusableValues(parsed);
    const invalidValues = (st: StageTimeline) => unusable[st.stage.index].map(needs);
    judgeStages(
      parsed,
      ctx,
      invalidByStage,
      [ctx.locale],
      report,
      (at, st, stageReport) => judgeInvalid(at, stageValueSites(at.parsed, st, GOSUMDB), neededOnce(at.parsed, at.ctx), stageReport),
      invalidValues,
    );
  },
});

type Need = 'yes' | 'covered' | 'unsure';

/**
 * Whether a step under this GOSUMDB value must verify a module: a toolchain download (always verified), a module
 * fetched by version on the command line, or a go.mod requirement that neither the go.sum copied into the image
 * before the step nor GONOSUMDB covers. Without a go.mod in view, nothing is sure.
 */
function verificationNeeded(parsed: ParsedDockerfile, ctx: AnalysisContext, value: string): Need {
  if (toolchainSwitches(parsed, ctx).some((s) => s.env.GOSUMDB === value)) return 'yes';
  const goSum = ctx.req.related.goSum?.text;
  const steps = allDownloadSteps(parsed).filter((d) => d.env.GOSUMDB === value);
  if (steps.some((d) => fetchesByVersion(d) || uncovered(ctx, parsed, d, goSum))) return 'yes';
  return steps.length > 0 && ctx.goMod ? 'covered' : 'unsure';
}

function fetchesByVersion(d: DownloadStep): boolean {
  // `go install example.com/cmd@v1.2.3` and friends: outside the main module's go.sum.
  return d.step.args.some((w) => {
    const at = w.text.indexOf('@');
    if (w.text.startsWith('-') || w.text.includes('$') || at <= 0) return false;
    return routeModule(w.text.slice(0, at), d.env).checksum === 'sumdb';
  });
}

function uncovered(ctx: AnalysisContext, parsed: ParsedDockerfile, d: DownloadStep, goSum: string | undefined): boolean {
  const sum = goSumCopiedBefore(parsed, d) ? goSum : undefined;
  return ctx.requiredModules.some((m) => routeModule(m.require.path, d.env).checksum === 'sumdb' && !goSumCovers(sum, m.require.path, m.require.version));
}
