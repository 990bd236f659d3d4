// The GOPROXY hover: each entry, what the go command does with it and on its failure, its measured health,
// and which required modules it will serve.
import type { AnalysisContext } from '../model/context';
import type { ParsedDockerfile } from '../model/parsedDockerfile';
import { localize } from '../core/localize';
import { redactCredentials } from '../core/redact';
import type { EnvMap, StageTimeline } from '../goenv/timelineModel';
import { parseGoProxy, type ProxyEntry } from '../goenv/proxy';
import { resolveGoEnv, routeModule, type ModuleRoute } from '../goenv/effective';
import { findKnownMirror, normalizeMirrorUrl } from '../goenv/knownMirrors';
import { ENTRY_TEXT, ROUTE_TEXT } from '../goenv/docs/proxyEntries';
import { HOVER_TEXT, cell, code } from './hoverText';

function entryName(e: ProxyEntry): string {
  return redactCredentials(e.raw.trim());
}

function healthText(ctx: AnalysisContext, e: ProxyEntry): string {
  if (e.kind !== 'proxy' || !e.url) return '';
  const shown = normalizeMirrorUrl(redactCredentials(e.url));
  const h = ctx.settings.health.find((m) => normalizeMirrorUrl(m.url) === shown);
  if (!h) return localize(ctx.locale, HOVER_TEXT.unmeasured);
  return h.ok
    ? localize(ctx.locale, HOVER_TEXT.healthy, h.latencyMs !== undefined ? `${Math.round(h.latencyMs)} ms` : 'ok')
    : localize(ctx.locale, HOVER_TEXT.failing, h.error ?? '?');
}

function meaning(ctx: AnalysisContext, e: ProxyEntry, stopper: ProxyEntry | undefined): string {
  if (!e.reachable) return localize(ctx.locale, ENTRY_TEXT.ignored, stopper?.kind ?? 'direct');
  if (e.error) return localize(ctx.locale, HOVER_TEXT.invalid, redactCredentials(e.error.goMessage ?? e.error.code));
  if (e.refusesCredentials !== undefined) return localize(ctx.locale, ENTRY_TEXT.refusesCredentials, redactCredentials(e.refusesCredentials));
  if (e.kind === 'direct') return localize(ctx.locale, ENTRY_TEXT.direct);
  if (e.kind === 'off') return localize(ctx.locale, ENTRY_TEXT.off);
  const url = redactCredentials(e.url ?? e.raw.trim());
  const known = findKnownMirror(e.url ?? '');
  const about = known
    ? ` — ${localize(ctx.locale, HOVER_TEXT.mirror, known.name, known.operator)}${known.relaysSumdb ? `, ${localize(ctx.locale, HOVER_TEXT.relaysSumdb)}` : ''}`
    : '';
  return localize(ctx.locale, ENTRY_TEXT.proxy, url) + about;
}

function onFailure(ctx: AnalysisContext, entries: ProxyEntry[], i: number): string {
  const e = entries[i];
  if (!e.reachable || e.kind !== 'proxy') return '—';
  const next = entries.slice(i + 1).find((x) => x.reachable);
  // An entry that always fails (and never with 404/410) ends the walk unless `|` follows it.
  if ((e.refusesCredentials !== undefined || e.error) && e.separatorAfter !== '|') return localize(ctx.locale, next ? ENTRY_TEXT.stopsHere : ENTRY_TEXT.last);
  if (!next) return localize(ctx.locale, ENTRY_TEXT.last);
  return localize(ctx.locale, e.separatorAfter === '|' ? ENTRY_TEXT.fallbackPipe : ENTRY_TEXT.fallbackComma, entryName(next));
}

function servedModules(ctx: AnalysisContext, value: string, env: EnvMap | undefined): string {
  const mods = ctx.requiredModules;
  if (!ctx.goMod || mods.length === 0) return '';
  const values = new Map<string, string>();
  for (const [k, b] of env ?? []) values.set(k, b.value);
  values.set('GOPROXY', value);
  const resolved = resolveGoEnv(values);
  const viaProxy: string[] = [];
  const direct: string[] = [];
  const off: string[] = [];
  const failing: string[] = [];
  let first: ModuleRoute | undefined;
  for (const m of mods) {
    const route = routeModule(m.require.path, resolved);
    // The same verdicts as the module-route hover and the findings: a rejected value or a failing list serves nothing.
    if (route.error !== undefined || route.failure) failing.push(m.require.path);
    else (route.via === 'proxy' ? viaProxy : route.via === 'direct' ? direct : off).push(m.require.path);
    if (route.via === 'proxy') first ??= route;
  }
  const list = (xs: string[]) => xs.slice(0, 8).map(code).join(', ') + (xs.length > 8 ? ` (+${xs.length - 8})` : '');
  // The first entry that can serve: go walks past entries that always fail (`|`).
  const serving = first?.hops.find((h) => h.possible && h.entry.kind === 'proxy' && !h.alwaysFails);
  const lines = [localize(ctx.locale, HOVER_TEXT.modulesServed, mods.length, 'go.mod')];
  const routeError = routeModule(mods[0].require.path, resolved).error;
  if (routeError !== undefined) lines.push(`- ${localize(ctx.locale, ROUTE_TEXT.rejected, redactCredentials(routeError))}`);
  else if (failing.length) {
    const goMessage = first?.failure?.alwaysFails?.goMessage;
    const text =
      goMessage !== undefined
        ? localize(ctx.locale, ROUTE_TEXT.fails, redactCredentials(goMessage))
        : localize(ctx.locale, ROUTE_TEXT.failsAt, code(entryName(first!.failure!.entry)));
    lines.push(`- ${text} ${list(failing)}`);
  }
  if (viaProxy.length)
    lines.push(`- ${localize(ctx.locale, HOVER_TEXT.viaList, code(redactCredentials(serving?.entry.url ?? resolved.GOPROXY)), list(viaProxy))}`);
  if (direct.length) lines.push(`- ${localize(ctx.locale, HOVER_TEXT.directList, list(direct))}`);
  if (off.length) lines.push(`- ${localize(ctx.locale, HOVER_TEXT.offList, list(off))}`);
  return lines.join('\n');
}

export function proxyValueHover(
  ctx: AnalysisContext,
  _parsed: ParsedDockerfile,
  _stage: StageTimeline | undefined,
  value: string,
  env: EnvMap | undefined,
): string {
  const head = `**GOPROXY** ${code(redactCredentials(value))}`;
  if (value.trim() === '') return [head, localize(ctx.locale, ENTRY_TEXT.defaultValue)].join('\n\n');
  const entries = parseGoProxy(value).entries;
  const stopper = entries.find((e) => e.reachable && (e.kind === 'direct' || e.kind === 'off'));
  const rows = entries.map(
    (e, i) =>
      `| ${i + 1} | ${cell(code(entryName(e)))} | ${cell(meaning(ctx, e, stopper))} | ${cell(onFailure(ctx, entries, i))} | ${cell(healthText(ctx, e))} |`,
  );
  const table = [
    `| # | ${localize(ctx.locale, HOVER_TEXT.entry)} | ${localize(ctx.locale, HOVER_TEXT.meaning)} | ${localize(ctx.locale, HOVER_TEXT.onFailure)} | ${localize(ctx.locale, HOVER_TEXT.health)} |`,
    '|---|---|---|---|---|',
    ...rows,
  ].join('\n');
  return [head, table, servedModules(ctx, value, env)].filter(Boolean).join('\n\n');
}
