// GOPROXY value rules: what is wrong with the list as written.
import { defineRule, type Reporter } from '../rule';
import type { AnalysisContext } from '../../model/context';
import type { Fix, Locale, Severity } from '../../core/types';
import { localize } from '../../core/localize';
import { redactCredentials, stripUserinfo } from '../../core/redact';
import type { ProxyEntry } from '../../goenv/proxy';
import { isMeasuredUnhealthy, netrcMountEdits, proposalDroppedCredentials, proposedGoProxy, replacementMirror, singleProxy } from '../../model/suggest';
import { GOPROXY_MESSAGES } from './messages';
import { replaceValue } from '../../model/edits';
import { downloadsReading, joinEntries, rewriteFix, stepsReading, takesLists, type ProxySite } from '../support/proxySites';
import { judgeProxySites } from '../support/stageProxySites';
import { stageReports, type StageAnalysis } from '../support/stageReports';
import { oldGoListReport } from './old-go';

function closeToWord(word: string, target: string): boolean {
  const w = word.toLowerCase();
  if (w === target) return true;
  if (Math.abs(w.length - target.length) > 2) return false;
  // Levenshtein distance <= 2 catches `drect`, `direkt`, `dirct`.
  const d: number[][] = Array.from({ length: w.length + 1 }, (_, i) => [i, ...Array(target.length).fill(0)]);
  for (let j = 1; j <= target.length; j++) d[0][j] = j;
  for (let i = 1; i <= w.length; i++)
    for (let j = 1; j <= target.length; j++) d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (w[i - 1] === target[j - 1] ? 0 : 1));
  return d[w.length][target.length] <= 2;
}

/** What an invalid entry most likely meant, or undefined when we cannot tell. */
function correctedEntry(e: ProxyEntry): string | undefined {
  const t = e.raw.trim();
  switch (e.error?.code) {
    case 'semicolon':
      return t.replace(/\s*;\s*/g, ',');
    case 'whitespace':
      return t.split(/\s+/).join(',');
    case 'missing-scheme':
      if (closeToWord(t, 'direct')) return 'direct';
      if (t.toLowerCase() === 'off') return 'off';
      return undefined;
    case 'bad-scheme':
      return t.replace(/^[a-zA-Z][a-zA-Z0-9+.-]*:\/\//, 'https://');
    default:
      return undefined;
  }
}

export const goproxyInvalid = defineRule({
  id: 'goproxy-invalid',
  family: 'goproxy',
  severity: 'error',
  title: { en: 'A GOPROXY entry the go command rejects or cannot fetch', 'zh-cn': 'go 命令会拒绝或无法访问的 GOPROXY 条目' },
  check(parsed, ctx, report) {
    // Besides the values and the steps reading them: the value a fix proposes (from the settings), whether it needs
    // the settings' credentials, and whether go.mod gives modules to download (an old Go then surely fails).
    const reads = [ctx.locale, proposedGoProxy(ctx.settings, ctx.locale), proposalDroppedCredentials(ctx.settings), modulesToFetch(ctx)];
    judgeProxySites(parsed, ctx, invalidByStage, reads, report, judgeInvalid, true);
  },
});

const invalidByStage = stageReports();

const modulesToFetch = (ctx: AnalysisContext) => !!ctx.goMod && ctx.requiredModules.length > 0;

function judgeInvalid(at: Readonly<StageAnalysis>, sites: ProxySite[], report: Reporter): void {
  const { parsed, ctx } = at;
  for (const ps of sites) {
    const old = oldGoListReport(ctx, parsed, ps.site, downloadsReading(parsed, ps));
    if (old) {
      report(old);
      continue;
    }
    if (ps.listError) {
      const proposal = proposedGoProxy(ctx.settings, ctx.locale);
      const value = !takesLists(parsed, ps) ? (singleProxy(proposal) ?? proposal) : proposal;
      const fixes = rewriteFix(ps, localize(ctx.locale, GOPROXY_MESSAGES.rewriteTitle, redactCredentials(value)), value);
      // The settings' proxy lost its user info on the way into the file: the steps get it from a secret.
      if (proposalDroppedCredentials(ctx.settings)) fixes.forEach((f) => f.edits[0].edits.push(...netrcMountEdits(stepsReading(ctx, ps))));
      report({ range: ps.site.valueRange, message: localize(ctx.locale, GOPROXY_MESSAGES.rejectedValue, ps.listError), fixes });
      continue;
    }
    const bad = ps.entries.filter((e) => e.error);
    if (bad.length === 0) continue;
    const fixed = joinEntries(ps.entries.map((e) => ({ text: (e.error ? correctedEntry(e) : undefined) ?? e.raw.trim(), sep: e.separatorAfter })));
    const canFix = bad.every((e) => correctedEntry(e) !== undefined);
    const fatal = fatalPath(ps.entries);
    for (const e of bad) {
      const { message, severity } = invalidEntryMessage(ctx.locale, e, ps, fatal);
      report({
        range: ps.site.subRange(e.start, e.end),
        message,
        severity,
        fixes: canFix ? rewriteFix(ps, localize(ctx.locale, GOPROXY_MESSAGES.rewriteTitle, redactCredentials(fixed)), fixed) : [],
      });
    }
  }
}

/** From the first entry, those whose requests always fail, linked by `|`; undefined when that way reaches a usable entry. */
function fatalPath(entries: readonly ProxyEntry[]): Set<ProxyEntry> | undefined {
  const path = new Set<ProxyEntry>();
  for (const e of entries.filter((x) => x.reachable)) {
    if (e.kind === 'off') return path;
    if (e.kind === 'direct' || !e.error?.lookupFails) return undefined;
    path.add(e);
    if (e.separatorAfter !== '|') return path;
  }
  return path;
}

function invalidEntryMessage(locale: Locale, e: ProxyEntry, ps: ProxySite, fatal: Set<ProxyEntry> | undefined): { message: string; severity?: Severity } {
  const entry = redactCredentials(e.raw.trim());
  const err = e.error!;
  if (err.rejected) {
    const value = redactCredentials(ps.site.value);
    const hint =
      err.code === 'semicolon'
        ? localize(locale, GOPROXY_MESSAGES.notSeparator, ';', value)
        : err.code === 'whitespace'
          ? localize(locale, GOPROXY_MESSAGES.notSeparator, ' ', value)
          : '';
    return { message: localize(locale, GOPROXY_MESSAGES.rejected, redactCredentials(err.goMessage ?? entry)) + hint };
  }
  const what =
    err.code === 'semicolon'
      ? localize(locale, err.lookupFails ? GOPROXY_MESSAGES.semicolonHost : GOPROXY_MESSAGES.semicolonPath, entry)
      : err.code === 'whitespace'
        ? localize(locale, GOPROXY_MESSAGES.whitespace, entry)
        : localize(locale, GOPROXY_MESSAGES.noHost, entry, err.goMessage ?? '');
  const later = ps.entries.slice(ps.entries.indexOf(e) + 1).some((x) => x.reachable);
  const kind = !err.lookupFails ? 'server' : fatal?.has(e) ? 'fatal' : e.separatorAfter === '|' && later ? 'skip' : 'deadEnd';
  // Only a download that cannot succeed is an error; an entry go passes over, or one a server may answer, is not.
  return {
    message: what + localize(locale, GOPROXY_MESSAGES.consequence, kind, redactCredentials(ps.site.value)),
    severity: kind === 'fatal' ? undefined : 'warning',
  };
}

export const goproxyUnreachableEntry = defineRule({
  id: 'goproxy-unreachable-entry',
  family: 'goproxy',
  severity: 'warning',
  title: { en: 'GOPROXY entries after direct or off are never used', 'zh-cn': 'direct 或 off 之后的 GOPROXY 条目永远不会被使用' },
  check(parsed, ctx, report) {
    judgeProxySites(parsed, ctx, unreachableByStage, [ctx.locale], report, judgeUnreachable, false);
  },
});

const unreachableByStage = stageReports();

function judgeUnreachable(at: Readonly<StageAnalysis>, sites: ProxySite[], report: Reporter): void {
  const { ctx } = at;
  for (const ps of sites) {
    const ignored = ps.entries.filter((e) => !e.reachable);
    if (ignored.length === 0) continue;
    const stopper = ps.entries.find((e) => e.reachable && (e.kind === 'direct' || e.kind === 'off'));
    const kept = ps.entries.filter((e) => e.reachable);
    const fixes: Fix[] = [];
    if (stopper?.kind === 'direct') {
      // `direct` first is the usual mistake: the mirrors were meant to come before it.
      const mirrors = ps.entries.filter((e) => e.kind === 'proxy');
      const reordered = joinEntries([...mirrors.map((e) => ({ text: e.raw.trim(), sep: e.separatorAfter ?? ',' })), { text: 'direct', sep: null }]);
      fixes.push(...rewriteFix(ps, localize(ctx.locale, GOPROXY_MESSAGES.moveDirectTitle, redactCredentials(reordered)), reordered));
    }
    const dropped = joinEntries(kept.map((e) => ({ text: e.raw.trim(), sep: e.separatorAfter })));
    fixes.push(...rewriteFix(ps, localize(ctx.locale, GOPROXY_MESSAGES.dropIgnoredTitle, redactCredentials(dropped)), dropped, fixes.length === 0));
    const first = ignored[0];
    const last = ignored[ignored.length - 1];
    report({
      range: ps.site.subRange(first.start, last.end),
      message: localize(ctx.locale, GOPROXY_MESSAGES.unreachable, stopper?.kind ?? 'direct', ignored.map((e) => redactCredentials(e.raw.trim())).join(', ')),
      fixes,
      tags: ['unnecessary'],
    });
  }
}

export const goproxyInsecure = defineRule({
  id: 'goproxy-insecure',
  family: 'goproxy',
  severity: 'warning',
  title: { en: 'Plain http:// proxy to a host other than this machine', 'zh-cn': '使用明文 http:// 访问非本机代理' },
  check(parsed, ctx, report) {
    judgeProxySites(parsed, ctx, insecureByStage, [ctx.locale], report, judgeInsecure, false);
  },
});

const insecureByStage = stageReports();

function judgeInsecure(at: Readonly<StageAnalysis>, sites: ProxySite[], report: Reporter): void {
  const { ctx } = at;
  for (const ps of sites) {
    // With user info go sends nothing over http at all: goproxy-credentials-http says so.
    for (const e of ps.entries.filter((x) => x.insecure && x.reachable && x.refusesCredentials === undefined)) {
      const fixed = joinEntries(
        ps.entries.map((x) => ({ text: x === e ? x.raw.trim().replace(/^http:\/\//i, 'https://') : x.raw.trim(), sep: x.separatorAfter })),
      );
      report({
        range: ps.site.subRange(e.start, e.end),
        message: localize(ctx.locale, GOPROXY_MESSAGES.insecure, redactCredentials(e.url ?? e.raw.trim())),
        fixes: rewriteFix(ps, localize(ctx.locale, GOPROXY_MESSAGES.httpsTitle), fixed),
      });
    }
  }
}

export const goproxyCredentials = defineRule({
  id: 'goproxy-credentials',
  family: 'goproxy',
  severity: 'warning',
  title: { en: 'Credentials in a GOPROXY URL stay in the image history', 'zh-cn': 'GOPROXY URL 中的凭据会留在镜像历史中' },
  check(parsed, ctx, report) {
    // The fix adds a secret mount to every download step reading the value: a step of the stage or of one built on it.
    judgeProxySites(parsed, ctx, credentialsByStage, [ctx.locale], report, judgeCredentials, true);
  },
});

const credentialsByStage = stageReports();

function judgeCredentials(at: Readonly<StageAnalysis>, sites: ProxySite[], report: Reporter): void {
  const { ctx } = at;
  for (const ps of sites) {
    const withCreds = ps.entries.filter((e) => e.hasCredentials);
    if (withCreds.length === 0) continue;
    // User info ends at the last '@' (as go reads it); a scheme-less entry gets the https:// go implies.
    const cleaned = joinEntries(ps.entries.map((e) => ({ text: e.hasCredentials ? stripUserinfo(e.raw.trim()) : e.raw.trim(), sep: e.separatorAfter })));
    const fixes: Fix[] = [];
    if (ps.site.editable) {
      // Every download step that reads this value gets the credentials from a BuildKit secret instead.
      const edits = [replaceValue(ps.site, cleaned, ps.index), ...netrcMountEdits(stepsReading(ctx, ps))];
      fixes.push({ title: localize(ctx.locale, GOPROXY_MESSAGES.secretTitle), preferred: true, edits: [{ uri: ctx.uri, edits }] });
    }
    for (const e of withCreds) {
      report({
        range: ps.site.subRange(e.start, e.end),
        message: localize(
          ctx.locale,
          GOPROXY_MESSAGES.credentials,
          redactCredentials(e.raw.trim()),
          ps.site.kind === 'go-env-w' ? 'go env -w' : ps.site.kind === 'prefix' ? 'RUN' : ps.site.kind === 'env' ? 'ENV' : 'ARG',
        ),
        fixes,
      });
    }
  }
}

export const goproxyUnhealthy = defineRule({
  id: 'goproxy-unhealthy',
  family: 'goproxy',
  severity: 'warning',
  title: { en: 'A mirror failing live probes from this machine', 'zh-cn': '从本机探测失败的镜像' },
  check(parsed, ctx, report) {
    if (ctx.settings.health.length === 0) return;
    // The proxy health the client measured says which entries fail and what replaces them. A replacement alone is
    // proposed where an image reading the value takes one URL: the steps reading it are in the stage or in stages
    // built on it, which run on its image, so the stage's own image decides and no other stage is read.
    judgeProxySites(parsed, ctx, unhealthyByStage, [ctx.locale, ctx.settings.health], report, judgeUnhealthy, false);
  },
});

const unhealthyByStage = stageReports();

function judgeUnhealthy(at: Readonly<StageAnalysis>, sites: ProxySite[], report: Reporter): void {
  const { parsed, ctx } = at;
  for (const ps of sites) {
    for (const e of ps.entries.filter((x) => x.kind === 'proxy' && x.reachable && x.url)) {
      const shown = redactCredentials(e.url!);
      const failing = isMeasuredUnhealthy(ctx.settings, shown);
      if (!failing) continue;
      const replacement = replacementMirror(ctx.settings, ctx.locale, shown);
      // Go 1.11 and 1.12 take one URL: the replacement alone.
      const single = !takesLists(parsed, ps);
      const fixed =
        replacement && (single ? replacement : joinEntries(ps.entries.map((x) => ({ text: x === e ? replacement : x.raw.trim(), sep: x.separatorAfter }))));
      report({
        range: ps.site.subRange(e.start, e.end),
        message: localize(ctx.locale, GOPROXY_MESSAGES.unhealthy, shown, failing.error ?? '?', e.separatorAfter === '|'),
        fixes: fixed ? rewriteFix(ps, localize(ctx.locale, GOPROXY_MESSAGES.switchMirrorTitle, replacement!), fixed) : [],
      });
    }
  }
}
