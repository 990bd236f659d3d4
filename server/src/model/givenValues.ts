// Findings on a value that a build argument gives an ARG: the value is not written in the Dockerfile, so the message
// names the build argument and its source, and no quick fix edits the Dockerfile for it.
import type { AnalysisContext } from './context';
import type { GivenBuildArg } from '../core/buildArgs';
import { buildArgPhrase } from '../core/buildArgText';
import { localize, type Localized } from '../core/localize';
import type { Range } from '../core/types';
import type { EnvBinding } from '../goenv/timelineModel';

const MESSAGES = {
  fromBuildArg: {
    en: (phrase: string) => `This value is the ${phrase}: change it there, not in this Dockerfile.`,
    'zh-cn': (phrase: string) => `该值来自${phrase}：请在那里修改，而不是修改本 Dockerfile。`,
  } satisfies Localized<[string]>,
};

export interface GivenSite {
  range: Range;
  name: string;
  given: GivenBuildArg;
  /** The ARG that takes the build argument: a value passed on (`ENV GOPROXY=$GOPROXY`) is reported there. */
  declared: Range;
}

/** Every ARG of the analysed Dockerfile a build argument sets, and the values passed on from them. */
export function givenValueSites(ctx: AnalysisContext): readonly GivenSite[] {
  return ctx.memo('givenArgSites', () => {
    const sites: GivenSite[] = [];
    for (const st of ctx.dockerfile?.timeline.stages ?? []) {
      if (st.givenArgs.length === 0) continue;
      const args = st.givenArgs.filter((b) => b.origin.kind === 'arg');
      for (const b of st.givenArgs) {
        const given = b.origin.buildArg!;
        const declared = args.find((a) => a.origin.buildArg === given)?.origin.range ?? b.origin.range!;
        sites.push({ range: b.origin.range!, name: args.find((a) => a.origin.buildArg === given)?.name ?? b.name, given, declared });
      }
    }
    return sites;
  });
}

const inside = (r: Range, outer: Range) =>
  (r.start.line > outer.start.line || (r.start.line === outer.start.line && r.start.character >= outer.start.character)) &&
  (r.end.line < outer.end.line || (r.end.line === outer.end.line && r.end.character <= outer.end.character));

/** The ARG a build argument sets that a finding at `range` of the analysed document lies on. */
export function givenValueSite(ctx: AnalysisContext, uri: string, range: Range): GivenSite | undefined {
  if (uri !== ctx.uri || ctx.req.kind !== 'dockerfile') return undefined;
  return givenValueSites(ctx).find((s) => inside(range, s.range));
}

/** The sentence to add to a finding on such an ARG when the value is not written in a file (command line, settings). */
export function givenValueNote(ctx: AnalysisContext, site: GivenSite): string {
  return localize(ctx.locale, MESSAGES.fromBuildArg, buildArgPhrase(ctx.locale, site.name, site.given));
}

/** An ARG declared without a default and given no build argument: only `--build-arg` could set it, and nothing does here. */
export function onlyByBuildArg(b: EnvBinding | undefined): boolean {
  if (!b || b.origin.kind !== 'arg' || b.origin.buildArg || b.value !== '' || b.raw !== '') return false;
  const ins = b.origin.instruction;
  return ins?.kind === 'ARG' && ins.args.some((a) => a.range === b.origin.range && a.value === undefined);
}
