// The GOPROXY values a Dockerfile sets, parsed once per analysis, and the download steps that read each: what the
// GOPROXY rules (goproxy-invalid, -credentials, -no-direct, -unhealthy …) have in common.
import type { AnalysisContext } from '../../model/context';
import type { ParsedDockerfile } from '../../model/parsedDockerfile';
import type { Fix } from '../../core/types';
import { LineIndex } from '../../core/text';
import { parseGoProxy, type ProxyEntry } from '../../goenv/proxy';
import { valueSites, type ValueSite } from '../../model/sites';
import { valueEdit } from '../../model/edits';
import { allDownloadSteps } from '../../model/steps';
import { oldGoReading } from '../goproxy/old-go';

const GOPROXY = new Set(['GOPROXY']);

export interface ProxySite {
  uri: string;
  site: ValueSite;
  entries: ProxyEntry[];
  /** go's message for a value that is not empty but has no entries (`,`, ` `). */
  listError?: string;
  index: LineIndex;
}

/** Every GOPROXY value set in the Dockerfile, parsed; once per analysis (seven rules read them). */
export function proxySites(ctx: AnalysisContext): ProxySite[] {
  return ctx.memo('proxySites', () => {
    const parsed = ctx.dockerfile;
    if (!parsed) return [];
    const index = parsed.model.lines;
    return valueSites(parsed, GOPROXY)
      .filter((site) => site.value !== '')
      .map((site) => {
        const parsed = parseGoProxy(site.value);
        return { uri: ctx.uri, site, entries: parsed.entries, listError: parsed.error, index };
      });
  });
}

/** Rebuilds a GOPROXY value from entries, keeping each entry's separator. */
export function joinEntries(entries: { text: string; sep: ',' | '|' | null }[]): string {
  return entries.map((e, i) => e.text + (i < entries.length - 1 ? (e.sep ?? ',') : '')).join('');
}

/** Rewrites the value where it is written: in the Dockerfile, or where a build argument gives it (valueEdit). */
export function rewriteFix(ps: ProxySite, title: string, value: string, preferred = true): Fix[] {
  const edit = value === ps.site.value ? undefined : valueEdit(ps.site, value, ps.uri, ps.index);
  return edit ? [{ title, preferred, edits: [edit] }] : [];
}

export function stepsReading(ctx: AnalysisContext, ps: ProxySite) {
  const parsed = ctx.dockerfile;
  return parsed ? downloadsReading(parsed, ps).map((d) => d.step.instruction) : [];
}

// The download steps by where their GOPROXY was set, grouped once per parse (a file may set it hundreds of times).
const stepsBySite = new WeakMap<ParsedDockerfile, Map<string, ReturnType<typeof allDownloadSteps>>>();
const rangeKey = (r: { start: { line: number; character: number }; end: { line: number; character: number } }) =>
  `${r.start.line}:${r.start.character}:${r.end.line}:${r.end.character}`;

export function downloadsReading(parsed: ParsedDockerfile, ps: ProxySite) {
  let bySite = stepsBySite.get(parsed);
  if (!bySite) {
    bySite = new Map();
    for (const d of allDownloadSteps(parsed)) {
      const r = d.step.env.get('GOPROXY')?.origin.range;
      if (!r) continue;
      const list = bySite.get(rangeKey(r));
      if (list) list.push(d);
      else bySite.set(rangeKey(r), [d]);
    }
    stepsBySite.set(parsed, bySite);
  }
  return bySite.get(rangeKey(ps.site.range)) ?? [];
}

/** Whether every image reading this value takes GOPROXY lists (Go 1.13 or later, or a Go we cannot date). */
export function takesLists(parsed: ParsedDockerfile, ps: ProxySite): boolean {
  return !oldGoReading(parsed, downloadsReading(parsed, ps), ps.site.stageIndex);
}
