// Hover on a module path in go.mod / go.work: the route the go command takes for it in each Dockerfile that
// builds this module (proxy or direct, checksum database or not, and the pattern that decided).
import * as path from 'node:path';
import type { AnalysisContext } from '../model/context';
import type { ParsedDockerfile } from '../model/parsedDockerfile';
import { localize } from '../core/localize';
import { redactCredentials } from '../core/redact';
import { rangeContains, type Position } from '../core/text';
import type { Range } from '../core/types';
import { resolveGoEnv, routeModule, type ModuleRoute, type ResolvedGoEnv } from '../goenv/effective';
import { isKnownPublicHost } from '../goenv/privacy';
import { evidenceText } from '../goenv/docs/privateReasons';
import { ROUTE_TEXT } from '../goenv/docs/proxyEntries';
import { firstDownloadSteps } from '../model/steps';
import { stageLabel } from '../model/stages';
import { goSumCovers, publicReceiver } from '../model/privateRouting';
import type { ProxyHop } from '../goenv/proxy';
import { HOVER_TEXT, code } from './hoverText';
import type { HoverResult } from './hover';

const entryCode = (h: ProxyHop) => code(redactCredentials(h.entry.url ?? h.entry.raw.trim()));

/** The hops go may walk, with what brings it to each (hops it can never get to are left out). */
function hopsText(ctx: AnalysisContext, route: ModuleRoute): string {
  return route.hops
    .filter((h) => h.possible)
    .map((h) => {
      const entry = h.entry.refusesCredentials !== undefined && !h.entry.error ? localize(ctx.locale, ROUTE_TEXT.refusedHop, entryCode(h)) : entryCode(h);
      return h.after === 'start' ? entry : localize(ctx.locale, h.after === 'error' ? ROUTE_TEXT.afterError : ROUTE_TEXT.afterNotFound, entry);
    })
    .join(', ');
}

/** What go does for the module: the same model (routeModule) the findings use, failures first. */
export function routeLines(ctx: AnalysisContext, modulePath: string, version: string, route: ModuleRoute): string[] {
  const out: string[] = [];
  if (route.error !== undefined) return [`- ${localize(ctx.locale, ROUTE_TEXT.rejected, redactCredentials(route.error))}`];
  if (route.via === 'off') out.push(localize(ctx.locale, ROUTE_TEXT.off));
  else if (route.via === 'direct')
    out.push(localize(ctx.locale, ROUTE_TEXT.direct, route.decidedBy?.pattern ?? 'direct', route.decidedBy?.variable ?? 'GOPROXY'));
  else if (route.failure) {
    const goMessage = route.failure.alwaysFails?.goMessage;
    out.push(
      goMessage !== undefined
        ? localize(ctx.locale, ROUTE_TEXT.fails, redactCredentials(goMessage))
        : localize(ctx.locale, ROUTE_TEXT.failsAt, entryCode(route.failure)),
    );
  } else {
    out.push(localize(ctx.locale, ROUTE_TEXT.viaProxy, hopsText(ctx, route)));
    const receiver = publicReceiver(route);
    if (receiver && ctx.privacy.evidenceFor(modulePath, 'proxy')) out.push(localize(ctx.locale, ROUTE_TEXT.leaks, entryCode(receiver)));
  }
  if (route.via !== 'off' && !route.failure) {
    if (goSumCovers(ctx.req.related.goSum?.text, modulePath, version)) out.push(localize(ctx.locale, ROUTE_TEXT.inGoSum));
    else if (route.checksum === 'off') out.push(localize(ctx.locale, ROUTE_TEXT.sumdbOff));
    else if (route.checksum === 'nosumdb')
      out.push(localize(ctx.locale, ROUTE_TEXT.sumdbSkipped, route.decidedBy?.pattern ?? '', route.decidedBy?.variable ?? 'GONOSUMDB'));
    else out.push(localize(ctx.locale, ROUTE_TEXT.sumdbChecked, route.sumdb?.name ?? 'sum.golang.org'));
  }
  return out.map((l) => `- ${l}`);
}

function dockerfileRoutes(ctx: AnalysisContext, parsed: ParsedDockerfile, modulePath: string, version: string): string[] {
  const file = path.basename(parsed.file.uri);
  const out: string[] = [];
  for (const d of firstDownloadSteps(parsed)) {
    // The environment the rules judge the step by: one model for the findings and the hover.
    const env: ResolvedGoEnv = d.env;
    out.push(localize(ctx.locale, HOVER_TEXT.routeIn, decodeURIComponent(file), stageLabel(d.stage.stage), d.step.range.start.line + 1));
    out.push(...routeLines(ctx, modulePath, version, routeModule(modulePath, env)));
  }
  return out;
}

export function gomodHover(ctx: AnalysisContext, p: Position): HoverResult | undefined {
  const file = ctx.req.kind === 'gowork' ? ctx.goWork : ctx.goMod;
  if (!file) return undefined;
  let target: { path: string; version: string; range: Range } | undefined;
  for (const r of file.requires) if (rangeContains(r.pathRange, p)) target = { path: r.path, version: r.version, range: r.pathRange };
  for (const r of file.replaces)
    if (!target && rangeContains(r.oldPathRange, p)) target = { path: r.oldPath, version: r.oldVersion ?? '', range: r.oldPathRange };
  if (!target) return undefined;
  const lines = [`**${target.path}** ${target.version ? code(target.version) : ''}`.trim()];
  const evidence = ctx.privacy.evidenceFor(target.path, 'sumdb');
  if (evidence) lines.push(localize(ctx.locale, HOVER_TEXT.looksPrivate, evidenceText(ctx.locale, evidence)));
  else if (!isKnownPublicHost(target.path) && target.path.includes('.')) lines.push(localize(ctx.locale, HOVER_TEXT.cannotTell));
  const dockerfiles = ctx.buildingDockerfiles;
  const routes = dockerfiles.flatMap((d) => dockerfileRoutes(ctx, d, target!.path, target!.version));
  if (routes.length) lines.push(routes.join('\n'));
  else {
    lines.push(localize(ctx.locale, HOVER_TEXT.routeDefaults));
    lines.push(routeLines(ctx, target.path, target.version, routeModule(target.path, resolveGoEnv(new Map()))).join('\n'));
  }
  return { contents: lines.join('\n\n'), range: target.range };
}
